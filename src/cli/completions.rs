//! `hamesh completions SHELL`: a completion script generated from the same definition as the
//! command line, so it knows every subcommand, option and value list.

use anyhow::{Context, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
#[command(
    after_help = "For example: hamesh completions bash > ~/.local/share/bash-completion/completions/hamesh"
)]
pub struct CompletionsArgs {
    /// The shell to write the script for
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "hamesh", &mut out);
    std::io::Write::flush(&mut out).context("cannot write the completion script")
}
