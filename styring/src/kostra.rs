//! KOSTRA and SSB's statistics through the library: a saved table read
//! (JSON-stat or CSV), and its cells as records.

use crate::Error;
use std::path::Path;
use styring_core::kostra::Cube;
use styring_kostra::{Encoding, Limits};

/// Reads a table SSB published, saved as JSON-stat 2.0 or CSV (which one
/// is told by its first character); `encoding` for a CSV file.
///
/// # Errors
/// [`Error::Kostra`] with every problem at its JSON path or line and
/// column, or when the file cannot be read.
pub fn read_table(path: &Path, encoding: Encoding) -> Result<Cube, Error> {
    Ok(styring_kostra::read_file(
        path,
        encoding,
        &Limits::default(),
    )?)
}

/// What reading one file of KOSTRA figures did.
#[derive(Debug, Clone, PartialEq)]
pub struct TableImport {
    /// The file.
    pub file: String,
    /// SSB's table.
    pub table: String,
    /// The figures found for the model's indicators.
    pub values: usize,
    /// Indicators reading this table whose contents the file lacks.
    pub skipped: styring_core::problem::Problems,
}

/// Reads the model's KOSTRA figures from each file (JSON-stat or CSV;
/// the table's number from the file or `table`) and, unless `dry_run`,
/// stores what is new or changed, all in one transaction. Nothing is
/// stored when any file has a problem.
///
/// # Errors
/// [`Error::Kostra`] with every problem of every file (one that cannot be
/// read, figures that do not fit the model); the store's errors.
pub fn import_tables(
    model: &styring_core::Model,
    store: &mut styring_core::store::Store,
    paths: &[&Path],
    table: Option<&str>,
    encoding: Encoding,
    dry_run: bool,
) -> Result<(Vec<TableImport>, styring_core::store::KostraTally), Error> {
    use styring_core::problem::{Location, ProblemKind, Problems};
    let mut problems = Problems::default();
    let mut batches = Vec::new();
    let mut done = Vec::new();
    for path in paths {
        let cube = read_table(path, encoding)?;
        let file = styring_xlsx::import::display_name(path);
        let Some(number) = table.map(str::to_string).or_else(|| cube.table.clone()) else {
            problems.add_kind(
                ProblemKind::Missing,
                Location::file(file.clone()),
                "filen sier ikke hvilken SSB-tabell den er fra; oppgi tabellnummeret med --table (som 12134)",
                "the file does not say which SSB table it is from; give the table number with --table (like 12134)",
            );
            continue;
        };
        match styring_core::kostra::figures(model, &cube, &number, &file) {
            Ok(f) => {
                done.push(TableImport {
                    file: file.clone(),
                    table: number.clone(),
                    values: f.values.len(),
                    skipped: f.skipped,
                });
                batches.push(styring_core::store::KostraBatch {
                    table: number,
                    source: file,
                    values: f.values,
                });
            }
            Err(p) => problems.0.extend(p.0),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Kostra(styring_kostra::KostraError::Read(problems)));
    }
    let tally = if dry_run {
        styring_core::store::KostraTally::default()
    } else {
        store.add_kostra_values(&batches)?
    };
    Ok((done, tally))
}

/// The municipality against its KOSTRA group, the country and the chosen
/// municipalities in `year`, for every KOSTRA indicator or only
/// `indicator`, from the figures in the store.
///
/// # Errors
/// An indicator the model has no KOSTRA source for (with «mente du»); the
/// store's errors.
pub fn comparison(
    model: &styring_core::Model,
    store: &styring_core::store::Store,
    year: i32,
    indicator: Option<&str>,
    lang: styring_core::Lang,
) -> Result<styring_core::report::Report, Error> {
    if let Some(code) = indicator {
        let known: Vec<&str> = model
            .indicators()
            .iter()
            .filter(|i| i.kostra.is_some())
            .map(|i| i.code.as_str())
            .collect();
        if !known.contains(&code) {
            use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};
            let t =
                Suggestion::unknown_among(("KOSTRA-indikator", "KOSTRA indicator"), code, &known);
            let mut p = Problems::default();
            p.add_kind(
                ProblemKind::UnknownIndicator,
                Location::entry("--indicator"),
                t.nb,
                t.en,
            );
            return Err(Error::Kostra(styring_kostra::KostraError::Read(p)));
        }
    }
    let values: Vec<styring_core::kostra::KostraValue> = store
        .kostra_values()?
        .into_iter()
        .map(|s| s.value)
        .collect();
    Ok(styring_core::kostra::comparison(
        model, &values, year, indicator, lang,
    ))
}
