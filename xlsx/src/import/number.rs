//! Numbers and periods as people type them: `10,5 %`, `4,3`, `1 234,5`,
//! `−2`, `2025-T2`, `mars 2025`, or an Excel date.

use super::cells::CellValue;
use chrono::{Datelike, NaiveDate};
use styring_core::period::{Frequency, Period};
use styring_core::Lang;
use styring_core::Localized;

pub(crate) use styring_core::lang::parse_number;

/// A date from an Excel serial (1900 system).
pub(crate) fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// A period from a cell: text in any accepted form, or a date (then the
/// period of `frequency` containing it).
pub(crate) fn cell_period(
    v: &CellValue,
    frequency: Option<Frequency>,
) -> Result<Period, (String, String)> {
    let f = frequency.unwrap_or(Frequency::Month);
    match v {
        CellValue::Text(t) => match t.parse::<Period>() {
            Ok(p) => Ok(p),
            Err(e) => {
                // ISO dates (how OpenDocument stores date cells), with or
                // without a time.
                let day = t
                    .trim()
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                match day {
                    Some(d) => Period::containing(d, f)
                        .map_err(|e| (e.render(Lang::Nb), e.render(Lang::En))),
                    None => Err((e.render(Lang::Nb), e.render(Lang::En))),
                }
            }
        },
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(n) => {
            Period::year(*n as i32).map_err(|e| (e.render(Lang::Nb), e.render(Lang::En)))
        }
        CellValue::Date(d) | CellValue::Number(d) => {
            let date = excel_date(*d).ok_or_else(|| {
                (
                    format!("{d} er ikke en dato eller periode"),
                    format!("{d} is not a date or period"),
                )
            })?;
            Period::containing(date, f).map_err(|e| (e.render(Lang::Nb), e.render(Lang::En)))
        }
        _ => Err((
            "cellen er ikke en periode".to_string(),
            "the cell is not a period".to_string(),
        )),
    }
}

/// The year of a date serial, for messages.
#[allow(dead_code)]
pub(crate) fn serial_year(serial: f64) -> Option<i32> {
    excel_date(serial).map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_from_cells() {
        let t = |s: &str| {
            cell_period(&CellValue::Text(s.into()), None)
                .unwrap()
                .to_string()
        };
        assert_eq!(t("T2 2025"), "2025-T2");
        assert_eq!(t("mars 2025"), "2025-03");
        // 45731 is 15 March 2025.
        let d = CellValue::Date(45731.0);
        assert_eq!(
            cell_period(&d, Some(Frequency::Month)).unwrap().to_string(),
            "2025-03"
        );
        assert_eq!(
            cell_period(&d, Some(Frequency::Tertial))
                .unwrap()
                .to_string(),
            "2025-T1"
        );
        assert_eq!(
            cell_period(&CellValue::Number(2025.0), None)
                .unwrap()
                .to_string(),
            "2025"
        );
        assert_eq!(
            cell_period(&CellValue::Bool(true), None).unwrap_err().0,
            "cellen er ikke en periode"
        );
        let iso = CellValue::Text("2025-09-01T00:00:00".into());
        assert_eq!(
            cell_period(&iso, Some(Frequency::Tertial))
                .unwrap()
                .to_string(),
            "2025-T3"
        );
    }
}
