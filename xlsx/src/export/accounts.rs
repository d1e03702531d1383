//! Account lines as an accounting system exports them: a long table of
//! unit, month, category and amount under a line that states the sign
//! convention. For the demo, the tests and the fuzz harness's seeds; the
//! importer reads what real systems write, this among them.

use super::formats::Formats;
use crate::error::{write_err, XlsxError};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use styring_core::economy::{AccountLine, Sign};

fn build(lines: &[AccountLine], sign: Sign, path: &str) -> Result<Workbook, XlsxError> {
    let e = write_err(path);
    let fm = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Regnskap").map_err(&e)?;
    ws.write_string_with_format(0, 0, "Regnskap per ansvar og måned", &fm.title)
        .map_err(&e)?;
    ws.write_string(1, 0, "Fortegn").map_err(&e)?;
    let stated = match sign {
        Sign::ExpensesPositive => "utgifter positive",
        Sign::ExpensesNegative => "utgifter negative",
    };
    ws.write_string(1, 1, stated).map_err(&e)?;
    for (c, h) in ["Enhet", "Periode", "Kategori", "Regnskap"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *h, &fm.header)
            .map_err(&e)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = 4 + i as u32;
        let amount = match sign {
            Sign::ExpensesPositive => l.amount,
            Sign::ExpensesNegative => -l.amount,
        };
        ws.write_string(r, 0, l.unit.as_str()).map_err(&e)?;
        ws.write_string(r, 1, l.month.to_string()).map_err(&e)?;
        ws.write_string(r, 2, l.category.as_deref().unwrap_or(""))
            .map_err(&e)?;
        ws.write_number(r, 3, amount).map_err(&e)?;
    }
    ws.set_column_width(0, 22).map_err(&e)?;
    ws.set_column_width(2, 22).map_err(&e)?;
    ws.set_column_width(3, 14).map_err(&e)?;
    Ok(wb)
}

/// The export in memory.
///
/// # Errors
/// [`XlsxError::Write`].
pub fn accounts_workbook_bytes(lines: &[AccountLine], sign: Sign) -> Result<Vec<u8>, XlsxError> {
    build(lines, sign, "<memory>")?
        .save_to_buffer()
        .map_err(write_err("<memory>"))
}

/// Writes the export to `path` atomically.
///
/// # Errors
/// [`XlsxError::Write`] or [`XlsxError::Io`].
pub fn write_accounts_workbook(
    lines: &[AccountLine],
    sign: Sign,
    path: &Path,
) -> Result<(), XlsxError> {
    let p = path.display().to_string();
    let mut wb = build(lines, sign, &p)?;
    styring_core::fsutil::write_atomic_with(path, |f| {
        wb.save_to_writer(f)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
    .map_err(|e| XlsxError::Io { path: p, source: e })
}
