//! Reporting periods: months, tertials and years.
//!
//! The canonical text forms are `2025-03` (month), `2025-T2` (tertial) and
//! `2025` (year). Parsing also accepts the forms people type in workbooks:
//! `T2 2025`, `2. tertial 2025`, `mars 2025`, `March 2025`, `03.2025`,
//! `3/2025` and lower-case `2025-t2`.
//!
//! ```
//! use styring_core::period::{Frequency, Period};
//!
//! let t2: Period = "2025-T2".parse().unwrap();
//! assert_eq!(t2.to_string(), "2025-T2");
//! assert_eq!("mars 2025".parse::<Period>().unwrap().to_string(), "2025-03");
//! assert!(t2.contains(Period::month(2025, 6).unwrap()));
//! assert_eq!(t2.previous().to_string(), "2025-T1");
//! assert_eq!(t2.same_period_last_year().to_string(), "2024-T2");
//! assert_eq!(t2.frequency(), Frequency::Tertial);
//! ```

use crate::lang::Lang;
use crate::text::Localized;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Smallest and largest year a period may have.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2200;

crate::keyword::keyword_enum! {
    /// How often an indicator is measured, and the kind of a [`Period`].
    ///
    /// Ordered from finest to coarsest: `Month < Tertial < Year`.
    pub enum Frequency {
        /// Every month (`2025-03`).
        Month = "month",
        /// Every four months: T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec (`2025-T2`).
        Tertial = "tertial",
        /// Every year (`2025`).
        Year = "year",
    }
}

impl Frequency {
    /// The Norwegian word for the frequency (`måned`, `tertial`, `år`).
    pub fn name_nb(self) -> &'static str {
        match self {
            Frequency::Month => "måned",
            Frequency::Tertial => "tertial",
            Frequency::Year => "år",
        }
    }

    /// Number of periods of this frequency in one year.
    pub fn per_year(self) -> u32 {
        match self {
            Frequency::Month => 12,
            Frequency::Tertial => 3,
            Frequency::Year => 1,
        }
    }
}

/// A month, a tertial or a year. Cannot be built invalid.
///
/// Periods order by start date, then by end date, so `2025-01 < 2025-T1 <
/// 2025 < 2025-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    // 1..=12 for months, 1..=3 for tertials, 0 for years.
    index: u8,
    frequency: Frequency,
}

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeriodError {
    /// The text has none of the accepted shapes.
    #[error("«{0}» is not a period (expected e.g. 2025-03, 2025-T2 or 2025)")]
    Unrecognised(String),
    /// The year is outside [`YEAR_RANGE`].
    #[error("year {0} is outside 1900–2200")]
    Year(i64),
    /// Month outside 1–12.
    #[error("month {0} does not exist (1–12)")]
    Month(i64),
    /// Tertial outside 1–3.
    #[error("tertial T{0} does not exist (T1–T3)")]
    Tertial(i64),
}

impl PeriodError {
    /// The message in Norwegian bokmål.
    fn nb(&self) -> String {
        match self {
            PeriodError::Unrecognised(s) => {
                format!("«{s}» er ikke en periode (skriv f.eks. 2025-03, 2025-T2 eller 2025)")
            }
            PeriodError::Year(y) => format!("året {y} er utenfor 1900–2200"),
            PeriodError::Month(m) => format!("måned {m} finnes ikke (1–12)"),
            PeriodError::Tertial(t) => format!("tertial T{t} finnes ikke (T1–T3)"),
        }
    }
}

/// Checks that `year` is inside [`YEAR_RANGE`] (templates, plans and
/// periods all use this range).
///
/// ```
/// use styring_core::Localized;
/// use styring_core::Lang;
/// use styring_core::period::check_year;
/// assert_eq!(check_year(2026), Ok(2026));
/// assert_eq!(check_year(20260).unwrap_err().render(Lang::Nb), "året 20260 er utenfor 1900–2200");
/// ```
///
/// # Errors
/// [`PeriodError::Year`].
pub fn check_year(year: i64) -> Result<i32, PeriodError> {
    if year < *YEAR_RANGE.start() as i64 || year > *YEAR_RANGE.end() as i64 {
        Err(PeriodError::Year(year))
    } else {
        Ok(year as i32)
    }
}

impl Period {
    /// A month, `month` in 1–12.
    ///
    /// # Errors
    /// [`PeriodError::Month`] or [`PeriodError::Year`] when out of range.
    pub fn month(year: i32, month: u32) -> Result<Period, PeriodError> {
        let year = check_year(year as i64)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month(month as i64));
        }
        Ok(Period {
            year,
            index: month as u8,
            frequency: Frequency::Month,
        })
    }

    /// A tertial, `tertial` in 1–3.
    ///
    /// # Errors
    /// [`PeriodError::Tertial`] or [`PeriodError::Year`] when out of range.
    pub fn tertial(year: i32, tertial: u32) -> Result<Period, PeriodError> {
        let year = check_year(year as i64)?;
        if !(1..=3).contains(&tertial) {
            return Err(PeriodError::Tertial(tertial as i64));
        }
        Ok(Period {
            year,
            index: tertial as u8,
            frequency: Frequency::Tertial,
        })
    }

    /// A whole year.
    ///
    /// # Errors
    /// [`PeriodError::Year`] when out of range.
    pub fn year(year: i32) -> Result<Period, PeriodError> {
        Ok(Period {
            year: check_year(year as i64)?,
            index: 0,
            frequency: Frequency::Year,
        })
    }

    /// The whole year `year`, moved into [`YEAR_RANGE`] when outside it.
    ///
    /// ```
    /// use styring_core::Period;
    /// assert_eq!(Period::year_clamped(2025).to_string(), "2025");
    /// assert_eq!(Period::year_clamped(99999).to_string(), "2200");
    /// ```
    pub fn year_clamped(year: i32) -> Period {
        Period {
            year: year.clamp(*YEAR_RANGE.start(), *YEAR_RANGE.end()),
            index: 0,
            frequency: Frequency::Year,
        }
    }

    /// The period of `frequency` that contains `date`.
    ///
    /// # Errors
    /// [`PeriodError::Year`] when the date's year is out of range.
    pub fn containing(date: NaiveDate, frequency: Frequency) -> Result<Period, PeriodError> {
        use chrono::Datelike;
        let (y, m) = (date.year(), date.month());
        match frequency {
            Frequency::Month => Period::month(y, m),
            Frequency::Tertial => Period::tertial(y, (m - 1) / 4 + 1),
            Frequency::Year => Period::year(y),
        }
    }

    /// The calendar year the period lies in.
    pub fn year_number(self) -> i32 {
        self.year
    }

    /// Month (1–12), tertial (1–3), or 0 for a year.
    pub fn index(self) -> u32 {
        self.index as u32
    }

    /// Whether this is a month, tertial or year.
    pub fn frequency(self) -> Frequency {
        self.frequency
    }

    /// First and last month (1–12) covered.
    pub fn month_span(self) -> (u32, u32) {
        let i = self.index as u32;
        match self.frequency {
            Frequency::Month => (i, i),
            Frequency::Tertial => (4 * i - 3, 4 * i),
            Frequency::Year => (1, 12),
        }
    }

    /// First day of the period.
    pub fn start(self) -> NaiveDate {
        let (m, _) = self.month_span();
        // A period's year is in YEAR_RANGE and its months in 1–12.
        NaiveDate::from_ymd_opt(self.year, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the period.
    pub fn end(self) -> NaiveDate {
        let (_, m) = self.month_span();
        let (ny, nm) = if m == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, m + 1)
        };
        // As for `start`: never the fallback.
        NaiveDate::from_ymd_opt(ny, nm, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// Whether the day `date` falls in this period.
    ///
    /// ```
    /// use styring_core::Period;
    /// let t2: Period = "2025-T2".parse().unwrap();
    /// assert!(t2.contains_date("2025-08-31".parse().unwrap()));
    /// assert!(!t2.contains_date("2025-09-01".parse().unwrap()));
    /// ```
    pub fn contains_date(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Whether `other` lies entirely within this period (a period contains
    /// itself).
    pub fn contains(self, other: Period) -> bool {
        if other.frequency > self.frequency || other.year != self.year {
            return false;
        }
        let (a, b) = self.month_span();
        let (c, d) = other.month_span();
        a <= c && d <= b
    }

    /// The period of `frequency` containing this one, or `None` when
    /// `frequency` is finer than this period.
    pub fn coarsen(self, frequency: Frequency) -> Option<Period> {
        if frequency < self.frequency {
            return None;
        }
        Period::containing(self.start(), frequency).ok()
    }

    /// The periods of the finer `frequency` inside this one, in order
    /// (empty when `frequency` is coarser).
    pub fn subperiods(self, frequency: Frequency) -> Vec<Period> {
        if frequency > self.frequency {
            return Vec::new();
        }
        let (a, b) = self.month_span();
        let mut out = Vec::new();
        let mut m = a;
        while m <= b {
            let p = NaiveDate::from_ymd_opt(self.year, m, 1)
                .and_then(|d| Period::containing(d, frequency).ok());
            if let Some(p) = p.filter(|p| out.last() != Some(p)) {
                out.push(p);
            }
            m += 1;
        }
        out
    }

    /// The period of the same kind just before this one (`2025-01` →
    /// `2024-12`). Saturates at the first year of [`YEAR_RANGE`].
    pub fn previous(self) -> Period {
        self.shift(-1)
    }

    /// The period of the same kind just after this one.
    pub fn next(self) -> Period {
        self.shift(1)
    }

    /// The same period one year earlier (`2025-T2` → `2024-T2`).
    pub fn same_period_last_year(self) -> Period {
        let mut p = self;
        if p.year > *YEAR_RANGE.start() {
            p.year -= 1;
        }
        p
    }

    /// Moves `n` periods of this kind forward (or back when negative),
    /// staying within [`YEAR_RANGE`].
    pub fn shift(self, n: i64) -> Period {
        let per = self.frequency.per_year() as i64;
        let ordinal = self.year as i64 * per + (self.index.max(1) as i64 - 1) + n;
        let min = *YEAR_RANGE.start() as i64 * per;
        let max = *YEAR_RANGE.end() as i64 * per + per - 1;
        let ordinal = ordinal.clamp(min, max);
        let year = (ordinal.div_euclid(per)) as i32;
        let idx = (ordinal.rem_euclid(per) + 1) as u8;
        Period {
            year,
            index: if self.frequency == Frequency::Year {
                0
            } else {
                idx
            },
            frequency: self.frequency,
        }
    }

    /// A compact integer key, unique per period and increasing with
    /// [`Period::ordinal`] within one frequency: `YYYYMM` for months,
    /// `YYYY20+T` for tertials, `YYYY00` for years. Used by the store.
    pub fn to_key(self) -> i64 {
        let i = match self.frequency {
            Frequency::Month => self.index as i64,
            Frequency::Tertial => 20 + self.index as i64,
            Frequency::Year => 0,
        };
        self.year as i64 * 100 + i
    }

    /// Inverse of [`Period::to_key`].
    pub fn from_key(key: i64) -> Option<Period> {
        let year = key.div_euclid(100);
        let i = key.rem_euclid(100);
        let year = i32::try_from(year).ok()?;
        match i {
            0 => Period::year(year).ok(),
            1..=12 => Period::month(year, i as u32).ok(),
            21..=23 => Period::tertial(year, (i - 20) as u32).ok(),
            _ => None,
        }
    }

    /// Position of the period in a sequence of its own kind (used for
    /// distances: `p.ordinal() - q.ordinal()` periods apart).
    pub fn ordinal(self) -> i64 {
        self.year as i64 * self.frequency.per_year() as i64 + self.index.max(1) as i64 - 1
    }

    /// The label for reports in `lang` (see [`Period::label_nb`] and
    /// [`Period::label_en`]).
    ///
    /// ```
    /// let p: styring_core::Period = "2025-T2".parse().unwrap();
    /// assert_eq!(p.label(styring_core::Lang::Nb), "2. tertial 2025");
    /// ```
    pub fn label(self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Nb => self.label_nb(),
            crate::lang::Lang::En => self.label_en(),
        }
    }

    /// Norwegian label for reports: `mars 2025`, `2. tertial 2025`, `2025`.
    pub fn label_nb(self) -> String {
        match self.frequency {
            Frequency::Month => format!("{} {}", MONTHS_NB[self.index as usize - 1], self.year),
            Frequency::Tertial => format!("{}. tertial {}", self.index, self.year),
            Frequency::Year => self.year.to_string(),
        }
    }

    /// English label for reports: `March 2025`, `tertial 2 2025`, `2025`.
    pub fn label_en(self) -> String {
        match self.frequency {
            Frequency::Month => format!("{} {}", MONTHS_EN[self.index as usize - 1], self.year),
            Frequency::Tertial => format!("tertial {} {}", self.index, self.year),
            Frequency::Year => self.year.to_string(),
        }
    }
}

const MONTHS_NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = self.month_span();
        let (c, d) = other.month_span();
        (self.year, a, b).cmp(&(other.year, c, d))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.frequency {
            Frequency::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            Frequency::Tertial => write!(f, "{:04}-T{}", self.year, self.index),
            Frequency::Year => write!(f, "{:04}", self.year),
        }
    }
}

fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    match w.as_str() {
        "okt" => return Some(10),
        "des" => return Some(12),
        _ => {}
    }
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS_NB
        .iter()
        .zip(MONTHS_EN.iter())
        .position(|(nb, en)| nb.starts_with(&w) || en.to_lowercase().starts_with(&w))
        .map(|i| i as u32 + 1)
}

fn parse_int(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_tertial_word(s: &str) -> Option<i64> {
    // "T2", "t2", "2."
    let s = s.trim();
    if let Some(rest) = s.strip_prefix(['T', 't']) {
        return parse_int(rest);
    }
    None
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        let bad = || PeriodError::Unrecognised(text.to_string());
        if s.is_empty() || s.len() > 40 {
            return Err(bad());
        }
        // 2025
        if let Some(y) = parse_int(s) {
            if s.len() == 4 {
                return Period::year(check_year(y)?);
            }
            return Err(bad());
        }
        // 2025-03, 2025-T2
        if let Some((a, b)) = s.split_once('-') {
            if a.len() == 4 {
                if let Some(y) = parse_int(a) {
                    let y = check_year(y)?;
                    if let Some(t) = parse_tertial_word(b) {
                        return Period::tertial(y, u32::try_from(t).unwrap_or(u32::MAX))
                            .map_err(|_| PeriodError::Tertial(t));
                    }
                    if let Some(m) = parse_int(b) {
                        if b.len() <= 2 {
                            return Period::month(y, m as u32).map_err(|_| PeriodError::Month(m));
                        }
                    }
                }
            }
            return Err(bad());
        }
        // 03.2025, 3/2025
        for sep in ['.', '/'] {
            if let Some((a, b)) = s.split_once(sep) {
                if let (Some(m), Some(y)) = (parse_int(a), parse_int(b)) {
                    if b.len() == 4 && a.len() <= 2 {
                        let y = check_year(y)?;
                        return Period::month(y, m as u32).map_err(|_| PeriodError::Month(m));
                    }
                }
                if sep == '/' || !s.contains(' ') {
                    return Err(bad());
                }
            }
        }
        // Word forms: "T2 2025", "2. tertial 2025", "tertial 2 2025", "mars 2025"
        let words: Vec<&str> = s.split_whitespace().collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        match lower.as_slice() {
            [w, y] => {
                let year = parse_int(y).filter(|_| y.len() == 4).ok_or_else(bad)?;
                let year = check_year(year)?;
                if let Some(t) = parse_tertial_word(w) {
                    return Period::tertial(year, u32::try_from(t).unwrap_or(u32::MAX))
                        .map_err(|_| PeriodError::Tertial(t));
                }
                if let Some(m) = month_from_name(w) {
                    return Period::month(year, m);
                }
                Err(bad())
            }
            [n, t, y] if t == "tertial" => {
                let year = parse_int(y).filter(|_| y.len() == 4).ok_or_else(bad)?;
                let year = check_year(year)?;
                let n = parse_int(n.trim_end_matches('.')).ok_or_else(bad)?;
                Period::tertial(year, n as u32).map_err(|_| PeriodError::Tertial(n))
            }
            [t, n, y] if t == "tertial" => {
                let year = parse_int(y).filter(|_| y.len() == 4).ok_or_else(bad)?;
                let year = check_year(year)?;
                let n = parse_int(n).ok_or_else(bad)?;
                Period::tertial(year, n as u32).map_err(|_| PeriodError::Tertial(n))
            }
            _ => Err(bad()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Localized for PeriodError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
