//! `import`: read filled-in workbooks into the store, all or nothing.

use super::{engine, store, Context};
use crate::args::{Files, LimitArgs};
use crate::error::CliError;
use std::path::{Path, PathBuf};
use styring::styring_xlsx::import::{FileReport, ImportOptions, Shape};
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
    let opts = ImportOptions {
        limits: limits.limits(),
        expected_unit: unit,
    };
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    // Every file is read and checked before the store is opened, so a
    // failed import leaves the store file exactly as it was.
    let checked = engine.check_workbooks(&refs, &opts)?;
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
