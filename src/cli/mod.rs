//! The command line: `hamesh [PATH]` opens the window, the subcommands work without one.
//!
//! Each subcommand is one clap definition in its own module (`layout`, `render`, `ls`,
//! `export`, `import`, `completions`), with its `--help`. A mistake on the command line is
//! clap's usual error and exit status 2; a failure while running (a file that cannot be read,
//! an output that would destroy something) is `hamesh: message` and exit status 1, printed by
//! the binary. Paths are taken as the OS gives them, so a file name that is not UTF-8 works.

mod agree;
mod annotators;
mod completions;
mod entities;
mod export;
mod files;
mod import;
mod layout;
mod ls;
mod merge;
mod render;
mod search;
mod suggest;
mod values;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand};

const ABOUT: &str = "Read and annotate right-to-left (Arabic, Persian) text, and export the \
                     annotations as NLP datasets";

const LONG_ABOUT: &str = "\
Read and annotate right-to-left (Arabic, Persian) text, and export the annotations as NLP \
datasets.

`hamesh FOLDER` opens a folder of articles in a window, `hamesh FILE` the folder around a file \
at that file; without PATH, Hamesh reopens the last folder or shows a start screen.

The subcommands need no window: they lay out and draw articles with Hamesh's text engine, list \
a folder's articles, and export or import datasets. No command writes over an article, an \
annotation file or the label set, nor over its own input.";

const AFTER_HELP: &str = "\
Run 'hamesh COMMAND --help' for a command's options, e.g. 'hamesh export --help'.";

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "hamesh",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A folder of articles to open in the window, or an article to open in its folder
    #[arg(value_name = "PATH", value_parser = clap::value_parser!(PathBuf))]
    path: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// A headless subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article's layout as JSON or text: paragraphs, lines and glyphs in visual order
    #[command(args_override_self = true)]
    Layout(layout::LayoutArgs),
    /// Draw an article to a PNG page, without a window or GPU
    #[command(args_override_self = true)]
    Render(render::RenderArgs),
    /// List the articles of a folder (recursive) with their encoding, language, direction,
    /// size and title, or why one cannot be read
    #[command(args_override_self = true)]
    Ls(ls::LsArgs),
    /// Export the annotated corpus as a dataset (json, jsonl, brat, conll, label-studio)
    #[command(args_override_self = true)]
    Export(export::ExportArgs),
    /// Import a json or jsonl dataset into a folder, checked in full before anything is
    /// written
    #[command(args_override_self = true)]
    Import(import::ImportArgs),
    /// Find a word, phrase or regular expression in every article of a folder, with Arabic
    /// and Persian spelling variants folded together
    #[command(args_override_self = true)]
    Search(search::SearchArgs),
    /// Print the current suggestions: mentions no span covers yet of what the corpus's spans
    /// and gazetteers label (nothing is written)
    #[command(args_override_self = true)]
    Suggest(suggest::SuggestArgs),
    /// List the corpus's entities with their mentions per document, or the spans that name
    /// no entity yet (nothing is written)
    #[command(args_override_self = true)]
    Entities(entities::EntitiesArgs),
    /// List the annotators' layers of a folder, or hand its unnamed layer to an annotator
    #[command(args_override_self = true)]
    Annotators(annotators::AnnotatorsArgs),
    /// Inter-annotator agreement: span F1 per label, Cohen's and Fleiss' κ on tokens, a label
    /// confusion table and the documents that disagree most (nothing is written)
    #[command(args_override_self = true)]
    Agree(agree::AgreeArgs),
    /// Merge the annotators' layers into the folder's curated layer (what export reads):
    /// the spans all agree on, a majority has, or one annotator's
    #[command(args_override_self = true)]
    Merge(merge::MergeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell)
    Completions(completions::CompletionsArgs),
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// The window, on a folder or file when one is given.
    Window(Option<PathBuf>),
    Command(Command),
}

/// Reads the command line (`args` starts with the program's name). The error is clap's, to be
/// shown with [`clap::Error::exit`]: `--help` and `--version` are "errors" that exit 0.
pub fn parse<I, T>(args: I) -> Result<Invocation, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if let Some(first) = args.get(1)
        && is_mistyped_command(Path::new(first))
    {
        return Err(unknown_subcommand(Path::new(first)));
    }
    let cli = Cli::try_parse_from(args)?;
    Ok(match (cli.command, cli.path) {
        (Some(command), _) => Invocation::Command(command),
        (None, path) => Invocation::Window(path),
    })
}

/// Runs a subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Layout(args) => layout::run(args),
        Command::Render(args) => render::run(args),
        Command::Ls(args) => ls::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Search(args) => search::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Annotators(args) => annotators::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// The message of a runtime failure: the error and its causes, each said once. Many errors
/// already end with their cause (`cannot read X: No such file or directory`), and printing the
/// chain after them would say it twice.
pub fn failure_message(e: &anyhow::Error) -> String {
    let mut message = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

/// Whether the first word of the command line, not being a subcommand, is rather a mistyped one
/// than the PATH of `hamesh PATH`: a bare word (`search`, `exprot`) with no file or folder of
/// that name. A name with a `/` or a `.` is a path, and an existing one always opens the
/// window (`hamesh -- search` too: `--` says a path follows).
fn is_mistyped_command(word: &Path) -> bool {
    let Some(word_str) = word.to_str() else {
        return false;
    };
    let bare = !word_str.is_empty()
        && !word_str.starts_with('-')
        && word_str
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !bare || std::fs::symlink_metadata(word).is_ok() {
        return false;
    }
    let mut cmd = Cli::command();
    cmd.build();
    cmd.find_subcommand(word_str).is_none()
}

/// clap's "unrecognized subcommand" error, with its suggestions, for a word that is neither a
/// subcommand nor an existing path.
fn unknown_subcommand(path: &Path) -> clap::Error {
    let word = path.to_string_lossy().into_owned();
    let mut cmd = Cli::command();
    cmd.build();
    let similar: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|name| strsim::jaro(&word, name) > 0.7)
        .collect();
    let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&cmd);
    err.insert(ContextKind::InvalidSubcommand, ContextValue::String(word));
    if !similar.is_empty() {
        err.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(similar),
        );
    }
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![
            format!(
                "nor is there a file or folder '{}' to open in the window",
                path.display()
            )
            .into(),
        ]),
    );
    err.insert(
        ContextKind::Usage,
        ContextValue::StyledStr(cmd.render_usage()),
    );
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read a.txt: {source}")]
        struct Read {
            source: std::io::Error,
        }
        let e = anyhow::Error::new(Read { source: io });
        assert_eq!(failure_message(&e), "cannot read a.txt: no such file");
        let e = e.context("while exporting");
        assert_eq!(
            failure_message(&e),
            "while exporting: cannot read a.txt: no such file"
        );
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bare_word_that_names_nothing_is_an_unknown_subcommand() {
        let err = parse(["hamesh", "exprot-nothing-here"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSubcommand);
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(
            text.contains("unrecognized subcommand 'exprot-nothing-here'"),
            "{text}"
        );
    }

    #[test]
    fn a_similar_subcommand_is_suggested() {
        let text = parse(["hamesh", "exprot"]).unwrap_err().to_string();
        assert!(text.contains("'export'"), "{text}");
    }

    #[test]
    fn an_existing_folder_opens_the_window_even_with_a_bare_name() {
        // `src` exists in the crate's folder, where the tests run.
        match parse(["hamesh", "src"]).unwrap() {
            Invocation::Window(Some(path)) => assert_eq!(path, PathBuf::from("src")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_path_that_is_not_a_word_goes_to_the_window() {
        assert!(matches!(
            parse(["hamesh", "no/such/folder"]).unwrap(),
            Invocation::Window(Some(_))
        ));
        assert!(matches!(
            parse(["hamesh"]).unwrap(),
            Invocation::Window(None)
        ));
    }
}
