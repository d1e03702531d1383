//! Language of user-facing text, and number formatting in that language.
//!
//! Norwegian bokmål is the default: decimal comma, a space between
//! thousands, a space before `%` (`5,3 %`, `1 234,5`).
//!
//! ```
//! use styring_core::lang::{format_number, Lang};
//! assert_eq!(format_number(1234.5, 1, Lang::Nb), "1 234,5");
//! assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
//! assert_eq!(format_number(-0.04, 1, Lang::Nb), "0,0");
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The language of messages, labels and number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Norwegian bokmål (default).
    #[default]
    Nb,
    /// English.
    En,
}

impl Lang {
    /// Picks the Norwegian or the English text.
    pub fn pick<'a>(self, nb: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pick("nb", "en"))
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "nb" | "no" | "nn" | "nob" | "norsk" => Ok(Lang::Nb),
            "en" | "eng" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language «{other}» (use nb or en)")),
        }
    }
}

/// Formats `value` with `decimals` decimals and thousands grouping in the
/// language's style. Negative zero prints as zero.
pub fn format_number(value: f64, decimals: u8, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    // Round half away from zero, as people and spreadsheets do (4,25 → 4,3).
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value.abs() * scale).round() / scale;
    let text = format!("{:.*}", decimals as usize, rounded);
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let is_zero = text.bytes().all(|b| b == b'0' || b == b'.');
    let (group, point) = match lang {
        Lang::Nb => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    let n = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if value < 0.0 && !is_zero {
        out.push(match lang {
            Lang::Nb => '−',
            Lang::En => '-',
        });
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(point);
        out.push_str(&f);
    }
    // Plain spaces read better in terminals and tests than no-break spaces.
    out.replace('\u{a0}', " ")
}

/// Parses a number typed as text in Norwegian (or English) form. Percent
/// signs divide by 100, so `10,5 %` is 0.105.
///
/// ```
/// use styring_core::lang::parse_number;
/// assert_eq!(parse_number("10,5 %"), Some(0.105));
/// assert_eq!(parse_number("1 234,5"), Some(1234.5));
/// assert_eq!(parse_number("−2"), Some(-2.0));
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
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
    fn norwegian_and_english_numbers() {
        assert_eq!(format_number(0.0, 0, Lang::Nb), "0");
        assert_eq!(format_number(4.25, 1, Lang::Nb), "4,3");
        assert_eq!(format_number(1234567.0, 0, Lang::Nb), "1 234 567");
        assert_eq!(format_number(-2.0, 1, Lang::Nb), "−2,0");
        assert_eq!(format_number(-2.0, 1, Lang::En), "-2.0");
        assert_eq!(format_number(f64::NAN, 1, Lang::Nb), "–");
        assert_eq!(format_number(999.96, 1, Lang::Nb), "1 000,0");
    }

    #[test]
    fn language_parse() {
        assert_eq!("nb".parse::<Lang>(), Ok(Lang::Nb));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }
}
