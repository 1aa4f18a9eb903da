//! Headless subcommands: `layout` dumps the engine's layout, `render` draws it to a PNG, `ls`
//! lists a corpus, `export` and `import` write and read datasets.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::corpus::decode::read_text;
use crate::text::dump::layout_json;
use crate::text::render::{Theme, render};
use crate::text::{DirectionChoice, DocumentLayout, FontChoice, Language, TextStyle};

pub const USAGE: &str = "\
Usage:
  hamesh [PATH]                 open a folder (or a file in its folder) in a window; without
                                PATH, the last folder or a start screen
  hamesh layout FILE --width PX [--size PX] [--font vazirmatn|naskh] [--dir auto|rtl|ltr]
                [--lang auto|ar|fa] [--show-controls] (--json | --text)
  hamesh ls FOLDER --json       list the articles of a folder (recursive) with their encoding,
                                language, direction, size and title, or why one cannot be read
  hamesh render FILE --width PX --out PAGE.png [--size PX] [--font vazirmatn|naskh]
                [--dir auto|rtl|ltr] [--lang auto|ar|fa] [--theme light|dark] [--show-controls]
  hamesh export FOLDER [--format json|jsonl|brat|conll|label-studio] -o OUT [--only-done]
                [--document REL]... [--labels PER,ORG] [--offset-unit code_point|utf16]
                                export the annotated corpus as a dataset (see
                                docs/dataset-format.md; SOURCE_DATE_EPOCH fixes the time)
  hamesh import FILE --into FOLDER [--merge|--replace|--skip-existing] [--valid-only]
                [--format json|jsonl] [--offset-unit code_point|utf16] [--add-labels] [--dry-run]
                                import a json or jsonl dataset, checked in full before
                                anything is written
";

/// Options shared by `layout` and `render`.
struct LayoutArgs {
    file: PathBuf,
    width: f32,
    style: TextStyle,
    lang_auto: bool,
    json: bool,
    text: bool,
    out: Option<PathBuf>,
    theme: Theme,
}

fn parse(args: &[String]) -> Result<LayoutArgs> {
    let mut a = LayoutArgs {
        file: PathBuf::new(),
        width: f32::NAN,
        style: TextStyle::default(),
        lang_auto: true,
        json: false,
        text: false,
        out: None,
        theme: Theme::LIGHT,
    };
    let mut file = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{name} needs a value"))
        };
        match arg.as_str() {
            "--width" => a.width = number(&value("--width")?, "--width")?,
            "--size" => a.style.size_px = number(&value("--size")?, "--size")?,
            "--font" => {
                let v = value("--font")?;
                a.style.font =
                    FontChoice::parse(&v).ok_or_else(|| anyhow!("unknown font {v:?}"))?;
            }
            "--dir" => {
                let v = value("--dir")?;
                a.style.direction =
                    DirectionChoice::parse(&v).ok_or_else(|| anyhow!("unknown direction {v:?}"))?;
            }
            "--lang" => {
                let v = value("--lang")?;
                if v == "auto" {
                    a.lang_auto = true;
                } else {
                    a.style.language =
                        Language::parse(&v).ok_or_else(|| anyhow!("unknown language {v:?}"))?;
                    a.lang_auto = false;
                }
            }
            "--theme" => {
                let v = value("--theme")?;
                a.theme = Theme::parse(&v).ok_or_else(|| anyhow!("unknown theme {v:?}"))?;
            }
            "--out" | "-o" => a.out = Some(PathBuf::from(value("--out")?)),
            "--show-controls" => a.style.show_controls = true,
            "--json" => a.json = true,
            "--text" => a.text = true,
            s if s.starts_with('-') => bail!("unknown option {s}\n\n{USAGE}"),
            s if file.is_none() => file = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s:?}\n\n{USAGE}"),
        }
    }
    a.file = file.ok_or_else(|| anyhow!("no FILE given\n\n{USAGE}"))?;
    if !(a.width.is_finite() && a.width > 0.0) {
        bail!("--width PX is required and must be a positive number");
    }
    if !(a.style.size_px.is_finite() && a.style.size_px >= 1.0 && a.style.size_px <= 500.0) {
        bail!("--size must be between 1 and 500 pixels");
    }
    Ok(a)
}

fn number(s: &str, name: &str) -> Result<f32> {
    s.parse::<f32>()
        .with_context(|| format!("{name} expects a number, got {s:?}"))
}

fn load(a: &mut LayoutArgs) -> Result<DocumentLayout> {
    let (text, _) = read_text(&a.file)?;
    if a.lang_auto {
        a.style.language = Language::detect(&text);
    }
    Ok(DocumentLayout::new(&text, &a.style, a.width))
}

/// `hamesh layout`.
pub fn layout(args: &[String]) -> Result<()> {
    let mut a = parse(args)?;
    let doc = load(&mut a)?;
    if a.text {
        print!("{}", crate::text::dump::text_dump(&doc));
    } else if a.json {
        println!("{}", serde_json::to_string(&layout_json(&doc))?);
    } else {
        bail!("say --json or --text");
    }
    Ok(())
}

/// `hamesh render`.
pub fn render_cmd(args: &[String]) -> Result<()> {
    let mut a = parse(args)?;
    let out = a
        .out
        .clone()
        .ok_or_else(|| anyhow!("--out PAGE.png is required"))?;
    let doc = load(&mut a)?;
    let png = render(&doc, a.theme).to_png()?;
    write_new(&out, &png)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// `hamesh ls FOLDER --json`.
pub fn ls(args: &[String]) -> Result<()> {
    let mut folder = None;
    let mut json = false;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            s if s.starts_with('-') => bail!("unknown option {s}\n\n{USAGE}"),
            s if folder.is_none() => folder = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s:?}"),
        }
    }
    let folder = folder.ok_or_else(|| anyhow!("no FOLDER given\n\n{USAGE}"))?;
    if !folder.is_dir() {
        bail!("{} is not a folder", folder.display());
    }
    let entries = crate::corpus::scan::scan(&folder, |event| {
        if let crate::corpus::scan::ScanEvent::Problem(p) = event {
            eprintln!("hamesh: {p}");
        }
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
    } else {
        for e in &entries {
            match (&e.info, &e.error) {
                (Some(i), _) => println!(
                    "{}\t{}\t{:?}\t{}\t{}\t{}",
                    e.path,
                    i.encoding.name(),
                    i.language,
                    i.direction,
                    i.characters,
                    i.title
                ),
                (None, err) => println!(
                    "{}\tcannot be read: {}",
                    e.path,
                    err.as_deref().unwrap_or("?")
                ),
            }
        }
    }
    Ok(())
}

fn unit_arg(v: &str) -> Result<crate::dataset::OffsetUnit> {
    crate::dataset::OffsetUnit::parse(v)
        .ok_or_else(|| anyhow!("unknown offset unit {v:?}; expected code_point or utf16"))
}

/// `hamesh export FOLDER --format FORMAT -o OUT …`.
pub fn export(args: &[String]) -> Result<()> {
    use crate::dataset::{ExportOptions, Format, Scope};
    let mut options = ExportOptions {
        created: crate::dataset::time::source_date_epoch(),
        ..ExportOptions::default()
    };
    let (mut folder, mut only_done, mut documents) = (None, false, Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{name} needs a value"))
        };
        match arg.as_str() {
            "--format" | "-f" => {
                let v = value("--format")?;
                options.format = Format::parse(&v).ok_or_else(|| {
                    anyhow!(
                        "unknown format {v:?}; expected json, jsonl, brat, conll or label-studio"
                    )
                })?;
            }
            "-o" | "--out" | "--output" => options.output = PathBuf::from(value("-o")?),
            "--only-done" => only_done = true,
            "--document" => documents.push(value("--document")?),
            "--labels" => {
                let v = value("--labels")?;
                options.labels = Some(
                    v.split(',')
                        .map(|l| l.trim().to_string())
                        .filter(|l| !l.is_empty())
                        .collect(),
                );
            }
            "--offset-unit" => options.offset_unit = unit_arg(&value("--offset-unit")?)?,
            s if s.starts_with('-') => bail!("unknown option {s}\n\n{USAGE}"),
            s if folder.is_none() => folder = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s:?}\n\n{USAGE}"),
        }
    }
    let folder = folder.ok_or_else(|| anyhow!("no FOLDER given\n\n{USAGE}"))?;
    if options.output.as_os_str().is_empty() {
        bail!("-o OUT is required");
    }
    options.scope = match (only_done, documents.is_empty()) {
        (true, false) => bail!("--only-done and --document cannot be combined"),
        (true, true) => Scope::Done,
        (false, false) => Scope::Paths(documents),
        (false, true) => Scope::All,
    };
    let summary = crate::dataset::export(&folder, &options, &mut |_| true)?;
    for line in summary.lines() {
        eprintln!("{line}");
    }
    Ok(())
}

/// `hamesh import FILE --into FOLDER …`.
pub fn import(args: &[String]) -> Result<()> {
    use crate::dataset::import::{ImportFormat, ImportOptions, MergeMode, plan};
    let mut options = ImportOptions::default();
    let (mut file, mut into, mut dry_run, mut modes) = (None, None, false, Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{name} needs a value"))
        };
        match arg.as_str() {
            "--into" => into = Some(PathBuf::from(value("--into")?)),
            "--merge" => modes.push(MergeMode::Merge),
            "--replace" => modes.push(MergeMode::Replace),
            "--skip-existing" => modes.push(MergeMode::SkipExisting),
            "--valid-only" => options.valid_only = true,
            "--add-labels" => options.add_labels = true,
            "--dry-run" => dry_run = true,
            "--offset-unit" => options.offset_unit = Some(unit_arg(&value("--offset-unit")?)?),
            "--format" | "-f" => {
                options.format = Some(match value("--format")?.as_str() {
                    "json" => ImportFormat::Json,
                    "jsonl" => ImportFormat::Jsonl,
                    v => bail!("import reads json or jsonl, not {v:?}"),
                })
            }
            s if s.starts_with('-') => bail!("unknown option {s}\n\n{USAGE}"),
            s if file.is_none() => file = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s:?}\n\n{USAGE}"),
        }
    }
    let file = file.ok_or_else(|| anyhow!("no FILE given\n\n{USAGE}"))?;
    let into = into.ok_or_else(|| anyhow!("--into FOLDER is required"))?;
    if modes.len() > 1 {
        bail!("choose one of --merge, --replace and --skip-existing");
    }
    options.mode = modes.first().copied().unwrap_or_default();
    let plan = plan(&file, &into, &options, &mut |_| true)?;
    let report = if dry_run {
        eprintln!("dry run: nothing was written; the import would do this:");
        plan.report
    } else {
        plan.apply()?
    };
    for line in report.lines() {
        eprintln!("{line}");
    }
    Ok(())
}
