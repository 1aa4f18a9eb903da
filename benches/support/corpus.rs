//! The generated corpus the search benchmarks share: articles made of the sample paragraphs.

use std::path::Path;

pub fn paragraphs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("the samples")
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .expect("a sample")
                .split('\n')
                .filter(|l| l.chars().count() > 40)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Writes `n` articles of at least 4,000 bytes each; returns the bytes written.
pub fn generate(root: &Path, n: usize) -> usize {
    let paras = paragraphs();
    let mut total = 0;
    let mut k = 0;
    for i in 0..n {
        let mut text = String::new();
        while text.len() < 4_000 {
            text.push_str(&paras[k % paras.len()]);
            text.push('\n');
            k += 7;
        }
        let dir = root.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{i:05}.txt")), &text).unwrap();
        total += text.len();
    }
    total
}
