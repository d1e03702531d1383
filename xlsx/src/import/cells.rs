//! Reading sheets cell by cell under our own row, column and cell limits.
//! For .xlsx the cells are streamed from the sheet's XML, never through a
//! dense rows × columns grid; the older formats (which calamine only reads
//! whole) are bounded by the file-size limit and checked the same way.

use super::guard::{LimitHit, Limits};
use calamine::{DataRef, Reader, Sheets};
use std::io::Cursor;
use std::ops::ControlFlow;

/// A cell's content as the importer sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CellValue {
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel date serial (days since 1899-12-30).
    Date(f64),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never saved.
    NoCachedValue(String),
}

pub(crate) use styring_core::batch::a1;

/// A sheet's name and whether it is shown.
#[derive(Debug, Clone)]
pub(crate) struct SheetInfo {
    pub(crate) name: String,
    pub(crate) visible: bool,
}

/// Why reading a sheet stopped.
#[derive(Debug)]
pub(crate) enum ReadError {
    Limit(LimitHit),
    Broken(String),
}

/// Groups streamed cells into rows and hands each finished row on.
#[derive(Default)]
struct Rows {
    row: Vec<(u32, CellValue)>,
    current: Option<u32>,
}

impl Rows {
    /// Adds a cell; when it starts a new row, the finished one goes to `f`
    /// first. `Break` when `f` wants no more.
    fn push(
        &mut self,
        r: u32,
        c: u32,
        value: CellValue,
        f: &mut impl FnMut(u32, &mut Vec<(u32, CellValue)>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if self.current != Some(r) {
            if let Some(done) = self.current {
                if f(done, &mut self.row).is_break() {
                    self.row.clear();
                    self.current = None;
                    return ControlFlow::Break(());
                }
            }
            self.row.clear();
            self.current = Some(r);
        }
        self.row.push((c, value));
        ControlFlow::Continue(())
    }

    /// Hands on the last row.
    fn finish(&mut self, f: &mut impl FnMut(u32, &mut Vec<(u32, CellValue)>) -> ControlFlow<()>) {
        if let Some(done) = self.current.take() {
            let _ = f(done, &mut self.row);
        }
    }
}

/// An opened workbook.
pub(crate) struct Book {
    inner: Sheets<Cursor<Vec<u8>>>,
    pub(crate) sheets: Vec<SheetInfo>,
    cells_read: u64,
}

fn convert(v: DataRef<'_>) -> Option<CellValue> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => CellValue::Number(i as f64),
        DataRef::Float(f) => CellValue::Number(f),
        DataRef::String(s) => {
            if s.is_empty() {
                return None;
            }
            CellValue::Text(s)
        }
        DataRef::SharedString(s) => {
            if s.is_empty() {
                return None;
            }
            CellValue::Text(s.to_string())
        }
        DataRef::Bool(b) => CellValue::Bool(b),
        DataRef::DateTime(d) => CellValue::Date(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::Text(s),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
    })
}

fn convert_data(v: &calamine::Data) -> Option<CellValue> {
    use calamine::Data;
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(d) => CellValue::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    })
}

impl Book {
    /// Opens a workbook whose bytes have passed the guards.
    pub(crate) fn open(bytes: Vec<u8>) -> Result<Book, String> {
        // An .xls opened as one, so that calamine's own error (a password,
        // an unknown code page) is shown, not "Cannot detect file format".
        let inner = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(Cursor::new(bytes))
                .map(Sheets::Xls)
                .map_err(|e| e.to_string())?
        } else {
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?
        };
        let sheets = inner
            .sheets_metadata()
            .iter()
            .map(|s| SheetInfo {
                name: s.name.clone(),
                visible: s.visible == calamine::SheetVisible::Visible,
            })
            .collect();
        Ok(Book {
            inner,
            sheets,
            cells_read: 0,
        })
    }

    /// The names of the sheets a user sees (hidden ones are not read).
    pub(crate) fn visible_sheets(&self) -> Vec<String> {
        self.sheets
            .iter()
            .filter(|s| s.visible)
            .map(|s| s.name.clone())
            .collect()
    }

    /// Calls `f` with each non-empty row of `sheet`, in order, as
    /// (zero-based row, cells as (zero-based column, value)).
    pub(crate) fn rows(
        &mut self,
        sheet: &str,
        limits: &Limits,
        mut f: impl FnMut(u32, &mut Vec<(u32, CellValue)>) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        let mut rows = Rows::default();
        let mut cells = self.cells_read;
        let check = |r: u32, c: u32, cells: &mut u64| -> Result<(), ReadError> {
            *cells += 1;
            if r >= limits.max_rows {
                return Err(ReadError::Limit(LimitHit {
                    flag: "max-rows",
                    limit: limits.max_rows as u64,
                    found: r as u64 + 1,
                    what: ("radnummeret i arket", "the row number in the sheet"),
                }));
            }
            if c >= limits.max_columns {
                return Err(ReadError::Limit(LimitHit {
                    flag: "max-columns",
                    limit: limits.max_columns as u64,
                    found: c as u64 + 1,
                    what: ("kolonnenummeret i arket", "the column number in the sheet"),
                }));
            }
            if *cells > limits.max_cells {
                return Err(ReadError::Limit(LimitHit {
                    flag: "max-cells",
                    limit: limits.max_cells,
                    found: *cells,
                    what: (
                        "antall utfylte celler i filen",
                        "the number of filled cells in the file",
                    ),
                }));
            }
            Ok(())
        };
        let result = match &mut self.inner {
            Sheets::Xlsx(x) => {
                let mut reader = x
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| ReadError::Broken(e.to_string()))?;
                loop {
                    let cell = match reader.next_cell_with_formula() {
                        Ok(Some(c)) => c,
                        Ok(None) => break,
                        Err(e) => return Err(ReadError::Broken(e.to_string())),
                    };
                    let (r, c) = cell.pos;
                    let value = match (convert(cell.value), cell.formula) {
                        (Some(v), _) => v,
                        (None, Some(f)) if !f.is_empty() => CellValue::NoCachedValue(f),
                        (None, _) => continue,
                    };
                    check(r, c, &mut cells)?;
                    if rows.push(r, c, value, &mut f).is_break() {
                        break;
                    }
                }
                Ok(())
            }
            other => {
                let range = other
                    .worksheet_range(sheet)
                    .map_err(|e| ReadError::Broken(e.to_string()))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, v) in range.used_cells() {
                    let (r, c) = (r as u32 + r0, c as u32 + c0);
                    let Some(value) = convert_data(v) else {
                        continue;
                    };
                    check(r, c, &mut cells)?;
                    if rows.push(r, c, value, &mut f).is_break() {
                        break;
                    }
                }
                Ok(())
            }
        };
        rows.finish(&mut f);
        self.cells_read = cells;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }
}
