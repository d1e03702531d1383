//! Importing unit workbooks: .xlsx, .xlsm, .xls and .ods, in two shapes
//! (our template, or a long table), validated against the model, all or
//! nothing.
//!
//! Every problem is reported as `FILE: SHEET!CELL: message`, with a
//! suggestion where one is likely. A file with any problem imports
//! nothing, and the store is not touched.

pub mod guard;

pub(crate) mod cells;
mod long_table;
mod number;
mod template;
mod values;

use cells::{Book, ReadError};
use guard::{Kind, Limits, Rejection};
use std::path::Path;
use styring_core::model::Model;
use styring_core::observation::{Observation, ObservationInput};
use styring_core::problem::{Location, Problems};
use styring_core::store::{BatchInfo, BatchSummary, Store};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Reading limits.
    pub limits: Limits,
    /// Refuse templates for any other unit.
    pub expected_unit: Option<String>,
}

/// The shape a file had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// One of our templates, for a unit and year.
    Template {
        /// The unit's id.
        unit: String,
        /// The year.
        year: i32,
    },
    /// A long table (unit, indicator, period, value, comment).
    LongTable {
        /// How many sheets had such a table.
        tables: usize,
    },
}

/// One file's values, read and checked.
#[derive(Debug, Clone)]
pub struct FileValues {
    /// The file as named in messages.
    pub file: String,
    /// Its shape.
    pub shape: Shape,
    /// The values it holds.
    pub inputs: Vec<ObservationInput>,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file.
    pub file: String,
    /// Its shape.
    pub shape: Shape,
    /// Values read.
    pub values: usize,
    /// New, changed and unchanged values (all zero in a dry run).
    pub summary: BatchSummary,
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn rejection(file: &str, r: Rejection) -> (String, String) {
    let _ = file;
    match r {
        Rejection::NotSpreadsheet { looks_like } => (
            format!("filen er ikke et regneark som kan leses (den ser ut som {looks_like}); lagre den som .xlsx og prøv igjen"),
            format!("the file is not a readable spreadsheet (it looks like {looks_like}); save it as .xlsx and try again"),
        ),
        Rejection::BadZip { nb, en } => (nb, en),
        Rejection::Limit(hit) => (hit.message_nb(), hit.message_en()),
    }
}

/// Reads one workbook's values without touching any store. Problems are
/// added to `problems`; `None` when the file could not be read at all.
pub fn read_file(
    model: &Model,
    path: &Path,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Option<FileValues> {
    let file = display_name(path);
    let add = |problems: &mut Problems, nb: String, en: String| {
        problems.add(Location::file(&file), nb, en)
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => {
            let nb = match e.kind() {
                std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
                _ => format!("filen kan ikke leses ({e})"),
            };
            add(problems, nb, format!("the file cannot be read ({e})"));
            return None;
        }
    };
    if size > opts.limits.max_file_bytes {
        let hit = guard::LimitHit {
            flag: "max-file-bytes",
            limit: opts.limits.max_file_bytes,
            found: size,
            what: ("filstørrelsen i byte", "the file size in bytes"),
        };
        add(problems, hit.message_nb(), hit.message_en());
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            add(
                problems,
                format!("filen kan ikke leses ({e})"),
                format!("the file cannot be read ({e})"),
            );
            return None;
        }
    };
    read_bytes(model, &file, bytes, opts, problems)
}

/// As [`read_file`], for bytes already in memory; `file` names them.
pub fn read_bytes(
    model: &Model,
    file: &str,
    bytes: Vec<u8>,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Option<FileValues> {
    let kind = match guard::detect(&bytes, &opts.limits) {
        Ok(k) => k,
        Err(r) => {
            let (nb, en) = rejection(file, r);
            problems.add(Location::file(file), nb, en);
            return None;
        }
    };
    if kind == Kind::Xlsb {
        problems.add(
            Location::file(file),
            "binære arbeidsbøker (.xlsb) leses ikke; lagre filen som .xlsx",
            "binary workbooks (.xlsb) are not read; save the file as .xlsx",
        );
        return None;
    }
    let mut book = match Book::open(bytes) {
        Ok(b) => b,
        Err(e) => {
            problems.add(
                Location::file(file),
                format!("arbeidsboken kan ikke leses ({e}); er den skadet?"),
                format!("the workbook cannot be read ({e}); is it damaged?"),
            );
            return None;
        }
    };
    let mut inputs = Vec::new();
    let read = |book: &mut Book,
                problems: &mut Problems,
                inputs: &mut Vec<ObservationInput>|
     -> Result<Shape, ReadError> {
        if let Some(meta) = template::read_meta(book, &opts.limits)? {
            let cx = template::Context {
                model,
                file,
                expected_unit: opts.expected_unit.as_deref(),
                limits: &opts.limits,
            };
            template::read(book, &meta, &cx, problems, inputs)?;
            return Ok(Shape::Template {
                unit: meta.unit,
                year: meta.year,
            });
        }
        let found = long_table::read(book, model, file, &opts.limits, problems, inputs)?;
        Ok(Shape::LongTable {
            tables: found.tables,
        })
    };
    match read(&mut book, problems, &mut inputs) {
        Ok(Shape::LongTable { tables: 0 }) => {
            problems.add(
                Location::file(file),
                "fant verken en mal fra styring eller en tabell med kolonnene Enhet, Indikator, Periode og Verdi",
                "found neither a styring template nor a table with the columns Unit, Indicator, Period and Value",
            );
            None
        }
        Ok(shape) => Some(FileValues {
            file: file.to_string(),
            shape,
            inputs,
        }),
        Err(ReadError::Limit(hit)) => {
            problems.add(Location::file(file), hit.message_nb(), hit.message_en());
            None
        }
        Err(ReadError::Broken(e)) => {
            problems.add(
                Location::file(file),
                format!("arbeidsboken kan ikke leses ({e}); er den skadet?"),
                format!("the workbook cannot be read ({e}); is it damaged?"),
            );
            None
        }
    }
}

/// Reads and checks every file; with any problem in any file, returns all
/// of them and nothing else.
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem.
pub fn read_and_validate(
    model: &Model,
    paths: &[&Path],
    opts: &ImportOptions,
) -> Result<(Vec<FileValues>, Vec<Observation>), crate::XlsxError> {
    let mut problems = Problems::default();
    let files: Vec<FileValues> = paths
        .iter()
        .filter_map(|p| read_file(model, p, opts, &mut problems))
        .collect();
    let all: Vec<ObservationInput> = files
        .iter()
        .flat_map(|f| f.inputs.iter().cloned())
        .collect();
    let obs = match model.validate_batch(&all) {
        Ok(o) => o,
        Err(p) => {
            problems.0.extend(p.0);
            Vec::new()
        }
    };
    if !problems.is_empty() {
        return Err(crate::XlsxError::Import(problems));
    }
    Ok((files, obs))
}

/// Imports `paths` into `store`: every file is read and checked first;
/// only when all are clean are their values written, one batch per file,
/// in one transaction. With `dry_run`, nothing is written.
///
/// # Errors
/// [`crate::XlsxError::Import`] with every problem (then the store is
/// untouched), or a store error.
pub fn import_files(
    model: &Model,
    store: &mut Store,
    paths: &[&Path],
    opts: &ImportOptions,
    dry_run: bool,
) -> Result<Vec<FileReport>, crate::XlsxError> {
    let (files, obs) = read_and_validate(model, paths, opts)?;
    let mut reports: Vec<FileReport> = files
        .iter()
        .map(|f| FileReport {
            file: f.file.clone(),
            shape: f.shape.clone(),
            values: f.inputs.len(),
            summary: BatchSummary::default(),
        })
        .collect();
    if dry_run {
        return Ok(reports);
    }
    let per_file = store
        .record_by_file(&obs, &BatchInfo::new("import"))
        .map_err(|e| match e {
            styring_core::Error::Observations(p) => crate::XlsxError::Import(p),
            e => crate::XlsxError::Core(e),
        })?;
    for r in &mut reports {
        if let Some((_, s)) = per_file
            .iter()
            .find(|(f, _)| f.as_deref() == Some(r.file.as_str()))
        {
            r.summary = *s;
        }
    }
    Ok(reports)
}
