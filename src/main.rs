//! The `hamesh` binary: a window by default, headless subcommands for tools and tests.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("layout") => hamesh::cli::layout(&args[1..]),
        Some("render") => hamesh::cli::render_cmd(&args[1..]),
        Some("ls") => hamesh::cli::ls(&args[1..]),
        Some("export") => hamesh::cli::export(&args[1..]),
        Some("import") => hamesh::cli::import(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{}", hamesh::cli::USAGE);
            Ok(())
        }
        _ => hamesh::ui::run(args.first().map(std::path::PathBuf::from)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hamesh: {e:#}");
            ExitCode::FAILURE
        }
    }
}
