//! Numbers and periods as people type them: `10,5 %`, `4,3`, `1 234,5`,
//! `−2`, `2025-T2`, `mars 2025`, or an Excel date.

use super::cells::CellValue;
use chrono::{Datelike, NaiveDate};
use styring_core::period::{Frequency, Period};

/// Parses a number typed as text in Norwegian (or English) form. Percent
/// signs divide by 100, so `10,5 %` is 0.105.
///
/// ```text
/// "10,5 %" → 0.105   "4,3" → 4.3   "1 234,5" → 1234.5   "−2" → -2
/// ```
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let mut s: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''))
        .map(|c| match c {
            '−' | '–' => '-',
            c => c,
        })
        .collect();
    let mut scale = 1.0;
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.to_string();
        scale = 0.01;
    }
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let normal = match (commas, dots) {
        (0, 0) | (0, 1) => s,
        (1, 0) => s.replace(',', "."),
        // 1.234,5: dots group thousands.
        (1, _) if s.rfind(',') > s.rfind('.') => s.replace('.', "").replace(',', "."),
        // 1,234.5: commas group thousands.
        (_, 1) if s.rfind('.') > s.rfind(',') => s.replace(',', ""),
        _ => return None,
    };
    if !normal.bytes().all(|b| {
        b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+' || b == b'e' || b == b'E'
    }) {
        return None;
    }
    let v: f64 = normal.parse().ok()?;
    let v = v * scale;
    v.is_finite().then_some(v)
}

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
                    Some(d) => {
                        Period::containing(d, f).map_err(|e| (e.message_nb(), e.to_string()))
                    }
                    None => Err((e.message_nb(), e.to_string())),
                }
            }
        },
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(n) => {
            Period::year(*n as i32).map_err(|e| (e.message_nb(), e.to_string()))
        }
        CellValue::Date(d) | CellValue::Number(d) => {
            let date = excel_date(*d).ok_or_else(|| {
                (
                    format!("{d} er ikke en dato eller periode"),
                    format!("{d} is not a date or period"),
                )
            })?;
            Period::containing(date, f).map_err(|e| (e.message_nb(), e.to_string()))
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
    fn norwegian_numbers() {
        assert_eq!(parse_number("10,5 %"), Some(0.105));
        assert_eq!(parse_number("4,3"), Some(4.3));
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("−2"), Some(-2.0));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("4.3"), Some(4.3));
        assert_eq!(parse_number("5%"), Some(0.05));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("12 kr"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
    }

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
