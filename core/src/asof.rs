//! Points in time: the store's timestamps and the «as of» rule.
//!
//! The store keeps every time as UTC in one canonical text form
//! (`2025-10-01T12:00:00.000000Z`), so that times compare as text in SQL
//! and print the same everywhere. A date given by a person (`--as-of
//! 2025-06-30`) means *the end of that day*: everything recorded on it
//! counts.
//!
//! ```
//! use styring_core::asof::{AsOf, format_instant, parse_instant};
//! let t = parse_instant("2025-10-01T14:00:00+02:00").unwrap();
//! assert_eq!(format_instant(t), "2025-10-01T12:00:00.000000Z");
//! assert!(parse_instant("x").is_none());
//!
//! let a: AsOf = "2025-06-30".parse().unwrap();
//! assert_eq!(a, AsOf::At(parse_instant("2025-06-30T23:59:59.999999Z").unwrap()));
//! let r: AsOf = "2025-T1".parse().unwrap();
//! assert_eq!(r, AsOf::Reported("2025-T1".parse().unwrap()));
//! ```

use crate::lang::Lang;
use crate::period::Period;
use crate::text::Localized;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use std::fmt;
use std::str::FromStr;

/// The canonical text of an instant in the store: UTC, microseconds, `Z`.
pub fn format_instant(at: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // Written out by hand: chrono's format string is parsed on every call,
    // and the store writes a time per row.
    let micros = at.nanosecond() / 1000 % 1_000_000;
    let year = at.year();
    if !(0..=9999).contains(&year) {
        return at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    }
    format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Reads an instant in RFC 3339 form (any offset; `Z` or `+02:00`).
/// `None` for anything else.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Reads an instant as [`parse_instant`] does, or says why it is not one
/// (the one wording for a time that is not a time).
///
/// ```
/// use styring_core::asof::read_instant;
/// assert!(read_instant("2025-05-05T08:00:00Z").is_ok());
/// assert_eq!(read_instant("i går").unwrap_err().nb,
///     "«i går» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)");
/// ```
///
/// # Errors
/// The message, in both languages.
pub fn read_instant(text: &str) -> Result<DateTime<Utc>, crate::text::Text> {
    parse_instant(text).ok_or_else(|| {
        crate::text::Text::new(
            format!("«{text}» er ikke et tidspunkt (skriv f.eks. 2025-10-01T12:00:00Z)"),
            format!("\"{text}\" is not a time (write e.g. 2025-10-01T12:00:00Z)"),
        )
    })
}

/// The last instant of `date` (UTC): a date «as of» includes the whole day.
///
/// ```
/// use chrono::NaiveDate;
/// use styring_core::asof::{end_of_day, format_instant};
/// let d = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
/// assert_eq!(format_instant(end_of_day(d)), "2025-06-30T23:59:59.999999Z");
/// ```
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let last = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN);
    date.and_time(last).and_utc()
}

/// Reads a date written `YYYY-MM-DD`.
///
/// ```
/// use styring_core::asof::parse_date;
/// assert_eq!(parse_date(" 2025-06-30 ").unwrap().to_string(), "2025-06-30");
/// assert!(parse_date("30.06.2025").is_err());
/// ```
///
/// # Errors
/// [`AsOfError`] naming the text.
pub fn parse_date(text: &str) -> Result<NaiveDate, AsOfError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| AsOfError {
        text: text.to_string(),
        expects: Expects::Date,
    })
}

/// Which numbers to read from the store: the current ones, those known at
/// an instant, or those known when a period was locked as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AsOf {
    /// Every value as it stands now.
    #[default]
    Now,
    /// The values recorded up to and including this instant.
    At(DateTime<Utc>),
    /// The values as they were when this period was last locked.
    Reported(Period),
}

impl AsOf {
    /// As of the end of `date`.
    pub fn date(date: NaiveDate) -> AsOf {
        AsOf::At(end_of_day(date))
    }
}

impl fmt::Display for AsOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsOf::Now => f.write_str("now"),
            AsOf::At(t) => f.write_str(&format_instant(*t)),
            AsOf::Reported(p) => write!(f, "{p}"),
        }
    }
}

/// A text that is not a date, an instant or a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.en())]
pub struct AsOfError {
    /// The text given.
    pub text: String,
    /// What was expected.
    pub expects: Expects,
}

/// What an [`AsOfError`] expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    /// A date `YYYY-MM-DD`.
    Date,
    /// A date, an RFC 3339 instant or a locked period.
    AsOf,
}

impl AsOfError {
    /// The Norwegian message.
    fn nb(&self) -> String {
        match self.expects {
            Expects::Date => format!("«{}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)", self.text),
            Expects::AsOf => format!(
                "«{}» er verken en dato (ÅÅÅÅ-MM-DD), et tidspunkt eller en periode (2025-T1)",
                self.text
            ),
        }
    }

    /// The English message.
    fn en(&self) -> String {
        match self.expects {
            Expects::Date => format!("\"{}\" is not a date (write YYYY-MM-DD)", self.text),
            Expects::AsOf => format!(
                "\"{}\" is neither a date (YYYY-MM-DD), an instant nor a period (2025-T1)",
                self.text
            ),
        }
    }
}

impl FromStr for AsOf {
    type Err = AsOfError;

    /// A date (`2025-06-30`, the end of that day), an RFC 3339 instant, or a
    /// period (`2025-T1`: as reported when it was locked).
    fn from_str(text: &str) -> Result<AsOf, AsOfError> {
        let t = text.trim();
        if let Ok(d) = parse_date(t) {
            return Ok(AsOf::date(d));
        }
        if let Some(i) = parse_instant(t) {
            return Ok(AsOf::At(i));
        }
        t.parse::<Period>()
            .map(AsOf::Reported)
            .map_err(|_| AsOfError {
                text: text.to_string(),
                expects: Expects::AsOf,
            })
    }
}

impl Localized for AsOfError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.en(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_any_offset_become_one_utc_text() {
        let t = parse_instant("2025-01-01T00:30:00+01:00").unwrap();
        assert_eq!(format_instant(t), "2024-12-31T23:30:00.000000Z");
        assert_eq!(
            parse_instant(&format_instant(t)),
            Some(t),
            "the canonical text reads back"
        );
        let fine = parse_instant("2025-03-04T10:15:07.123456+01:00").unwrap();
        assert_eq!(format_instant(fine), "2025-03-04T09:15:07.123456Z");
        let early = parse_instant("0987-06-05T04:03:02.000001Z").unwrap();
        assert_eq!(format_instant(early), "0987-06-05T04:03:02.000001Z");
        for bad in ["", "x", "2025-01-01", "2025-13-01T00:00:00Z", "12:00"] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn as_of_texts_and_their_errors() {
        assert_eq!(
            "2025-03".parse::<AsOf>(),
            Ok(AsOf::Reported("2025-03".parse().unwrap()))
        );
        let e = "i går".parse::<AsOf>().unwrap_err();
        assert_eq!(
            e.render(Lang::Nb),
            "«i går» er verken en dato (ÅÅÅÅ-MM-DD), et tidspunkt eller en periode (2025-T1)"
        );
        assert_eq!(
            parse_date("2025-02-30").unwrap_err().render(Lang::Nb),
            "«2025-02-30» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"
        );
    }
}
