//! The `hamesh` binary: a window by default, headless subcommands for tools and tests.

use std::process::ExitCode;

use hamesh::cli::Invocation;

fn main() -> ExitCode {
    // A mistake on the command line (or --help) ends here, in clap's words.
    let invocation = hamesh::cli::parse(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let result = match invocation {
        Invocation::Window(path) => hamesh::ui::run(path),
        Invocation::Command(command) => hamesh::cli::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hamesh: {}", hamesh::cli::failure_message(&e));
            ExitCode::FAILURE
        }
    }
}
