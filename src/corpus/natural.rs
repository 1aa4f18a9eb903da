//! Natural ordering of file names: digit runs compare as numbers, so "2.txt" < "10.txt".

use std::cmp::Ordering;

/// Compares two strings naturally; ties (e.g. "01" vs "1") fall back to plain comparison so the
/// order is total and stable.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let dx = x.starts_with(|c: char| c.is_ascii_digit());
        let dy = y.starts_with(|c: char| c.is_ascii_digit());
        let split = |s: &str, digits: bool| {
            s.find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(s.len())
        };
        let (cx, cy) = (split(x, dx), split(y, dy));
        let (px, py) = (&x[..cx], &y[..cy]);
        let ord = if dx && dy {
            let (tx, ty) = (px.trim_start_matches('0'), py.trim_start_matches('0'));
            tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty))
        } else {
            px.to_lowercase().cmp(&py.to_lowercase())
        };
        if ord != Ordering::Equal {
            return ord;
        }
        x = &x[cx..];
        y = &y[cy..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        let mut v = vec![
            "10.txt", "2.txt", "1.txt", "a/20.txt", "a/3.txt", "B.txt", "a.txt",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            vec![
                "1.txt", "2.txt", "10.txt", "a.txt", "a/3.txt", "a/20.txt", "B.txt"
            ]
        );
        assert_eq!(natural_cmp("01", "1"), Ordering::Less);
        assert_eq!(
            natural_cmp("x99999999999999999999999", "x1"),
            Ordering::Greater
        );
    }
}
