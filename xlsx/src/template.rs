//! The layout shared by the template writer and the template reader.

/// The hidden sheet that says what a template is.
pub const META_SHEET: &str = "_styring";
/// The marker in the hidden sheet's A1.
pub const MARKER: &str = "styring-mal";
/// The template format's version.
pub const VERSION: u32 = 1;
/// The sheet units fill in.
pub const DATA_SHEET: &str = "Registrering";
/// Zero-based row of the column headers.
pub const HEADER_ROW: u32 = 3;
/// Zero-based first column of the period columns (E).
pub const FIRST_PERIOD_COL: u16 = 4;
/// Number of period columns: 12 months, 3 tertials, 1 year.
pub const PERIOD_COLS: u16 = 16;
/// Zero-based comment column (U).
pub const COMMENT_COL: u16 = FIRST_PERIOD_COL + PERIOD_COLS;

/// The periods of the columns E..T for `year`, in order (empty for a year
/// outside [`styring_core::period::YEAR_RANGE`]).
pub fn period_columns(year: i32) -> Vec<styring_core::Period> {
    use styring_core::period::Period;
    let months = (1..=12).map(|m| Period::month(year, m));
    let tertials = (1..=3).map(|t| Period::tertial(year, t));
    months
        .chain(tertials)
        .chain([Period::year(year)])
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_default()
}
