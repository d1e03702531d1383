//! Importing unit workbooks: .xlsx, .xlsm, .xls and .ods, in two shapes
//! (our template, or a long table), validated against the model, all or
//! nothing.
//!
//! Every problem is reported as `FILE: SHEET!CELL: message`, with a
//! suggestion where one is likely. A file with any problem imports
//! nothing, and the store is not touched.

pub mod guard;

pub mod accounts;
pub mod benefits;
pub mod budget;
pub(crate) mod cells;
mod cfb;
pub mod deviations;
mod long_table;
mod measures;
mod number;
mod template;
mod values;

use cells::{Book, ReadError};
use guard::{Kind, Limits, Rejection};
use std::path::Path;
use styring_core::batch::Batch;
use styring_core::model::Model;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::store::{BatchInfo, BatchSummary, Store};
use styring_core::Lang;
use styring_core::Localized;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Reading limits.
    pub limits: Limits,
    /// Refuse templates for any other unit.
    pub expected_unit: Option<String>,
    /// Told after each file is read: (files read, files in all).
    pub progress: Option<Progress>,
}

/// A callback for progress: (done, total). It is called from the reading
/// threads, so it must be `Send + Sync`.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
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
    /// How many values it holds.
    pub values: usize,
    /// The values, resolved to the model (moved into the checked batch by
    /// [`read_and_validate`]).
    pub batch: Batch,
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

/// (row, column) of an A1 reference, for ordering.
fn cell_position(cell: &str) -> (u64, u64) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let col = letters.bytes().fold(0u64, |a, b| {
        a * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64
    });
    let row = cell
        .get(letters.len()..)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    (row, col)
}

/// A file as messages name it: its name, without the folders.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn rejection(r: Rejection) -> (ProblemKind, String, String) {
    match r {
        Rejection::NotSpreadsheet { looks_like } => (
            ProblemKind::Damaged,
            format!("filen er ikke et regneark som kan leses (den ser ut som {looks_like}); lagre den som .xlsx og prøv igjen"),
            format!("the file is not a readable spreadsheet (it looks like {looks_like}); save it as .xlsx and try again"),
        ),
        Rejection::BadZip(t) => (ProblemKind::Damaged, t.nb, t.en),
        Rejection::Limit(hit) => (ProblemKind::Limit, hit.render(Lang::Nb), hit.render(Lang::En)),
        Rejection::Damaged(t) => {
            let (nb, en) = damaged_message(&t.nb, &t.en);
            (ProblemKind::Damaged, nb, en)
        }
    }
}

/// The one message for a file that is damaged or not a workbook we can
/// read, with the detail in parentheses when there is one.
fn damaged_message(nb: &str, en: &str) -> (String, String) {
    let (mut m_nb, mut m_en) = (
        "filen er skadet eller ikke en arbeidsbok vi kan lese".to_string(),
        "the file is damaged or not a workbook we can read".to_string(),
    );
    if !nb.is_empty() {
        m_nb = format!("{m_nb} ({nb})");
    }
    if !en.is_empty() {
        m_en = format!("{m_en} ({en})");
    }
    (m_nb, m_en)
}

/// Runs one file's read. A panic inside it (a reader's bug, met on a
/// strange file) becomes the damaged-file problem for that file alone; the
/// problems the read had added before it are dropped.
pub(crate) fn catch_panic<T>(
    file: &str,
    problems: &mut Problems,
    read: impl FnOnce(&mut Problems) -> Option<T>,
) -> Option<T> {
    let before = problems.len();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&mut *problems))) {
        Ok(v) => v,
        Err(_) => {
            problems.0.truncate(before);
            let (nb, en) = damaged_message("", "");
            problems.add_kind(ProblemKind::Damaged, Location::file(file), nb, en);
            None
        }
    }
}

/// The bytes of `path` within the size limit, and its name in messages;
/// `None` (with the problem added) when it cannot be read.
pub(crate) fn load(
    path: &Path,
    limits: &Limits,
    problems: &mut Problems,
) -> Option<(String, Vec<u8>)> {
    let file = display_name(path);
    let add = |problems: &mut Problems, nb: String, en: String| {
        problems.add_kind(ProblemKind::Missing, Location::file(&file), nb, en)
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
    if size > limits.max_file_bytes {
        let hit = guard::LimitHit {
            flag: "max-file-bytes",
            limit: limits.max_file_bytes,
            found: size,
            what: ("filstørrelsen i byte", "the file size in bytes"),
        };
        problems.add_kind(
            ProblemKind::Limit,
            Location::file(&file),
            hit.render(Lang::Nb),
            hit.render(Lang::En),
        );
        return None;
    }
    match std::fs::read(path) {
        Ok(b) => Some((file, b)),
        Err(e) => {
            add(
                problems,
                format!("filen kan ikke leses ({e})"),
                format!("the file cannot be read ({e})"),
            );
            None
        }
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
    let (file, bytes) = load(path, &opts.limits, problems)?;
    read_bytes(model, &file, bytes, opts, problems)
}

/// As [`read_file`], for bytes already in memory; `file` names them. A
/// reader that panics on the file (a bug it has on some damaged files)
/// gives the problem "filen er skadet eller ikke en arbeidsbok vi kan
/// lese" for this file, not a crash.
pub fn read_bytes(
    model: &Model,
    file: &str,
    bytes: Vec<u8>,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Option<FileValues> {
    catch_panic(file, problems, |problems| {
        read_unguarded(model, file, bytes, opts, problems)
    })
}

/// The workbook in `bytes`, checked by the guard before any reader sees
/// it; `None` (with the problem added) when it is not one we read.
pub(crate) fn open_book(
    file: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    problems: &mut Problems,
) -> Option<Book> {
    let kind = match guard::detect(&bytes, limits) {
        Ok(k) => k,
        Err(r) => {
            let (kind, nb, en) = rejection(r);
            problems.add_kind(kind, Location::file(file), nb, en);
            return None;
        }
    };
    if kind == Kind::Xlsb {
        problems.add_kind(
            ProblemKind::Damaged,
            Location::file(file),
            "binære arbeidsbøker (.xlsb) leses ikke; lagre filen som .xlsx",
            "binary workbooks (.xlsb) are not read; save the file as .xlsx",
        );
        return None;
    }
    match Book::open(bytes) {
        Ok(b) => Some(b),
        Err(e) => {
            problems.add_kind(
                ProblemKind::Damaged,
                Location::file(file),
                format!("arbeidsboken kan ikke leses ({e}); er den skadet?"),
                format!("the workbook cannot be read ({e}); is it damaged?"),
            );
            None
        }
    }
}

/// A reading error as the problem the user sees.
pub(crate) fn read_error(file: &str, e: ReadError, problems: &mut Problems) {
    match e {
        ReadError::Limit(hit) => problems.add_kind(
            ProblemKind::Limit,
            Location::file(file),
            hit.render(Lang::Nb),
            hit.render(Lang::En),
        ),
        ReadError::Broken(e) => problems.add_kind(
            ProblemKind::Damaged,
            Location::file(file),
            format!("arbeidsboken kan ikke leses ({e}); er den skadet?"),
            format!("the workbook cannot be read ({e}); is it damaged?"),
        ),
    }
}

fn read_unguarded(
    model: &Model,
    file: &str,
    bytes: Vec<u8>,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Option<FileValues> {
    let mut book = open_book(file, bytes, &opts.limits, problems)?;
    let mut inputs = Batch::default();
    let read = |book: &mut Book,
                problems: &mut Problems,
                inputs: &mut Batch|
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
            problems.add_kind(
                ProblemKind::Missing,
                Location::file(file),
                "fant verken en mal fra styring eller en tabell med kolonnene Enhet, Indikator, Periode og Verdi",
                "found neither a styring template nor a table with the columns Unit, Indicator, Period and Value",
            );
            None
        }
        Ok(shape) => Some(FileValues {
            file: file.to_string(),
            shape,
            values: inputs.rows.len(),
            batch: inputs,
        }),
        Err(e) => {
            read_error(file, e, problems);
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
) -> Result<(Vec<FileValues>, Batch), crate::XlsxError> {
    // Files are independent: read them on every core, then report in the
    // order given.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(paths.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicUsize::new(0);
    type Read = (usize, Option<FileValues>, Problems);
    let mut results: Vec<Read> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(p) = paths.get(i) else { break };
                        let mut problems = Problems::default();
                        let v = read_file(model, p, opts, &mut problems);
                        if let Some(Progress(f)) = &opts.progress {
                            f(
                                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                                paths.len(),
                            );
                        }
                        mine.push((i, v, problems));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A reader that panicked must not let the import go on
                // without its files.
                Err(_) => {
                    let mut p = Problems::default();
                    p.add(
                        Location::default(),
                        "en intern feil stoppet lesingen av en fil; ingenting ble importert",
                        "an internal error stopped the reading of a file; nothing was imported",
                    );
                    vec![(usize::MAX, None, p)]
                }
            })
            .collect()
    });
    results.sort_by_key(|r| r.0);
    let mut problems = Problems::default();
    let mut files = Vec::with_capacity(results.len());
    for (_, v, p) in results {
        problems.0.extend(p.0);
        files.extend(v);
    }
    // One batch over every file, checked together (a key in two files
    // with two values is a problem too).
    let mut all = Batch::default();
    for f in &mut files {
        let b = std::mem::take(&mut f.batch);
        if all.rows.is_empty() && all.files.is_empty() {
            all = b;
        } else {
            all.extend(b);
        }
    }
    problems
        .0
        .extend(model.check_batch(&all).into_iter().map(|x| x.1));
    // Top to bottom, file by file, as a unit leader reads them.
    let order: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
    problems.0.sort_by_key(|p| {
        let file = p
            .location
            .file
            .as_ref()
            .and_then(|f| order.iter().position(|o| o == f))
            .unwrap_or(usize::MAX);
        let (row, col) = p
            .location
            .cell
            .as_deref()
            .map(cell_position)
            .unwrap_or((0, 0));
        (file, p.location.sheet.clone(), row, col)
    });
    if !problems.is_empty() {
        return Err(crate::XlsxError::Import(problems));
    }
    styring_core::batch::dedup_rows(&mut all.rows);
    Ok((files, all))
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
    let (files, batch) = read_and_validate(model, paths, opts)?;
    if dry_run {
        return Ok(reports(&files));
    }
    write_checked(model, store, &files, &batch)
}

/// One report per file read, with no store counts (a dry run).
pub fn reports(files: &[FileValues]) -> Vec<FileReport> {
    files
        .iter()
        .map(|f| FileReport {
            file: f.file.clone(),
            shape: f.shape.clone(),
            values: f.values,
            summary: BatchSummary::default(),
        })
        .collect()
}

/// Writes what [`read_and_validate`] returned: one store batch per file,
/// in one transaction.
///
/// # Errors
/// [`crate::XlsxError::Import`] for changes to locked periods, or a store
/// error; then nothing is stored.
pub fn write_checked(
    model: &Model,
    store: &mut Store,
    files: &[FileValues],
    batch: &Batch,
) -> Result<Vec<FileReport>, crate::XlsxError> {
    let mut reports = reports(files);
    let per_file = store
        .record_batch(model, batch, &BatchInfo::new("import"))
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
