//! Shared helpers for the cross-crate tests: workbooks written the way a
//! unit leader's spreadsheet would hold them, and the `styring` command
//! run as a user runs it.
//!
//! ```
//! use styring_tests::{long_table, Cell};
//! let dir = tempfile::tempdir().unwrap();
//! let p = long_table(dir.path(), "a.xlsx", &[vec![Cell::S("aurvoll"), Cell::S("M.1.5"), Cell::S("2026-01"), Cell::N(0.04)]]);
//! assert!(std::fs::read(p).unwrap().starts_with(b"PK"));
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

pub mod ssb;

use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A cell of a long table: text or a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text.
    S(&'a str),
    /// A number.
    N(f64),
    /// A date and time (`2025-03-04 10:15:00` or `2025-03-04`), written as
    /// an Excel date.
    D(&'a str),
}

/// Writes `cell` at (`r`, `c`).
fn put(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, cell: &Cell<'_>) {
    match cell {
        Cell::S("") => {}
        Cell::S(s) => {
            ws.write_string(r, c, *s).expect("text");
        }
        Cell::N(n) => {
            ws.write_number(r, c, *n).expect("number");
        }
        Cell::D(d) => {
            let t = rust_xlsxwriter::ExcelDateTime::parse_from_str(d).expect("a date");
            let f = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm");
            ws.write_datetime_with_format(r, c, &t, &f).expect("date");
        }
    }
}

/// Writes a long table (header Enhet, Indikator, Periode, Verdi, Kommentar
/// on the first row of sheet `Data`) with `rows` to `dir/name`.
///
/// # Panics
/// When the workbook cannot be written (a test failure).
pub fn long_table(dir: &Path, name: &str, rows: &[Vec<Cell<'_>>]) -> PathBuf {
    long_table_at(dir, name, 0, rows, |_| {})
}

/// As [`long_table`], with the header on row `header_row` (0-based) and a
/// last change to the workbook by `tweak` (another sheet, a hidden one …).
///
/// # Panics
/// When the workbook cannot be written (a test failure).
pub fn long_table_at(
    dir: &Path,
    name: &str,
    header_row: u32,
    rows: &[Vec<Cell<'_>>],
    tweak: impl FnOnce(&mut Workbook),
) -> PathBuf {
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Data").expect("sheet name");
        for (c, h) in ["Enhet", "Indikator", "Periode", "Verdi", "Kommentar"]
            .iter()
            .enumerate()
        {
            ws.write_string(header_row, c as u16, *h).expect("header");
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                put(ws, header_row + 1 + r as u32, c as u16, v);
            }
        }
    }
    tweak(&mut wb);
    let p = dir.join(name);
    wb.save(&p).expect("workbook saved");
    p
}

/// Runs the `styring` binary at `bin` in `dir` without colours.
///
/// # Panics
/// When the binary cannot be started (a test failure).
pub fn run(bin: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("STYRING_DEBUG")
        .output()
        .expect("styring runs")
}

/// Standard output and standard error as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Writes a workbook of `sheets` (name, rows of cells from A1; an empty
/// row is left blank) to `dir/name`.
///
/// # Panics
/// When the workbook cannot be written (a test failure).
pub fn workbook(dir: &Path, name: &str, sheets: &[(&str, Vec<Vec<Cell<'_>>>)]) -> PathBuf {
    let mut wb = Workbook::new();
    for (sheet, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                put(ws, r as u32, c as u16, v);
            }
        }
    }
    let p = dir.join(name);
    wb.save(&p).expect("workbook saved");
    p
}

/// The example model with its O.1 indicators reported by the units instead
/// of fed from the ledger: the model the workbook fixtures were written
/// for, before the economy came from the plan and the accounts.
///
/// # Panics
/// When the example does not parse (a test failure).
pub fn example_without_ledger() -> styring_core::Model {
    let text: String = styring_core::example::OYER_TOML
        .lines()
        .filter(|l| !l.starts_with("ledger = "))
        .collect::<Vec<_>>()
        .join("\n");
    styring_core::Model::from_toml(&text, "model.toml").expect("the example without the ledger")
}

/// Everything a file says, as text: a zip archive (a workbook) with every
/// member unpacked, anything else as its bytes (lossy UTF-8), so that a
/// test can look for a string in any output.
///
/// # Panics
/// When the file cannot be read (a test failure).
pub fn file_text(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the file is there");
    if !bytes.starts_with(b"PK") {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a member");
        let mut member = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut member).expect("a member that unpacks");
        out.push_str(&String::from_utf8_lossy(&member));
    }
    out
}
