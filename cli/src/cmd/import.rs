//! `import`: read filled-in workbooks into the store, all or nothing.

use super::{engine, store, Context};
use crate::args::{Files, LimitArgs};
use crate::error::CliError;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use styring::styring_xlsx::import::{FileReport, ImportOptions, Progress, Shape};
use styring::{Lang, Model};

pub fn run(
    cx: &Context,
    files: &Files,
    paths: &[PathBuf],
    dry_run: bool,
    unit: Option<String>,
    limits: &LimitArgs,
) -> Result<(), CliError> {
    let engine = engine(files)?;
    let bar = progress(paths.len(), cx.lang);
    let opts = ImportOptions {
        limits: limits.limits(),
        expected_unit: unit,
        progress: bar.clone().map(|b| {
            Progress(std::sync::Arc::new(move |done, _| {
                b.set_position(done as u64)
            }))
        }),
    };
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    // Every file is read and checked before the store is opened, so a
    // failed import leaves the store file exactly as it was.
    let checked = engine.check_workbooks(&refs, &opts);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let checked = checked?;
    let reports = if dry_run {
        checked.reports()
    } else {
        let mut s = store(cx, &files.store, true)?;
        engine.store_workbooks(&mut s, &checked)?
    };
    for r in &reports {
        say!("{}", line(engine.model(), r, dry_run, cx.lang));
    }
    if dry_run {
        say!(
            "{}",
            cx.lang.pick(
                "Kontrollert uten feil; ingenting ble lagret (--dry-run).",
                "Checked without problems; nothing was stored (--dry-run)."
            )
        );
    }
    Ok(())
}

/// A progress bar on the terminal while many files are read; none when
/// standard error is not a terminal (a pipe, a log, CI) or for one file.
fn progress(files: usize, lang: Lang) -> Option<indicatif::ProgressBar> {
    if files < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{} {{bar:30}} {{pos}}/{{len}} {}",
        lang.pick("Leser", "Reading"),
        lang.pick("arbeidsbøker", "workbooks")
    ))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// One line per file: its shape and what happened to its values.
pub fn line(model: &Model, r: &FileReport, dry_run: bool, lang: Lang) -> String {
    let shape = match &r.shape {
        Shape::Template { unit, year } => {
            let name = model.unit(unit).map(|u| u.name.as_str()).unwrap_or(unit);
            format!("{} {name} {year}", lang.pick("mal for", "template for"))
        }
        Shape::LongTable { tables } => {
            format!("{tables} {}", lang.pick("tabell(er)", "table(s)"))
        }
    };
    if dry_run {
        return format!(
            "{}: {shape} — {} {}",
            r.file,
            r.values,
            lang.pick("verdier", "values")
        );
    }
    let s = r.summary;
    match lang {
        Lang::Nb => format!(
            "{}: {shape} — {} verdier: {} nye, {} endret, {} uendret",
            r.file, r.values, s.new, s.changed, s.unchanged
        ),
        Lang::En => format!(
            "{}: {shape} — {} values: {} new, {} changed, {} unchanged",
            r.file, r.values, s.new, s.changed, s.unchanged
        ),
    }
}
