//! Times as people and quality systems write them in Norway: in local
//! time (CET in winter, CEST in summer), often without an offset, and
//! often a date alone. One rule turns them into the store's UTC instants.
//!
//! Summer time follows the EU rule: from the last Sunday of March at
//! 01:00 UTC to the last Sunday of October at 01:00 UTC. A local time
//! that occurs twice (the autumn hour) is read as the first (summer) one;
//! one that does not occur (the spring hour) as an hour later.
//!
//! ```
//! use styring_core::local_time::{norwegian, read_local, Written};
//! use chrono::NaiveDate;
//! let winter = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap().and_hms_opt(12, 0, 0).unwrap();
//! assert_eq!(norwegian(winter).to_rfc3339(), "2025-01-15T11:00:00+00:00");
//! let summer = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
//! assert_eq!(norwegian(summer).to_rfc3339(), "2025-07-01T10:00:00+00:00");
//! assert_eq!(read_local("04.03.2025 10:15"), Some(Written::Time(
//!     NaiveDate::from_ymd_opt(2025, 3, 4).unwrap().and_hms_opt(10, 15, 0).unwrap())));
//! assert_eq!(read_local("2025-03-04"), Some(Written::Date(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap())));
//! assert_eq!(read_local("i går"), None);
//! ```

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

/// The last Sunday of `month` in `year`, at 01:00 UTC.
fn last_sunday_0100(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let mut d = next.pred_opt()?;
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt()?;
    }
    Some(d.and_hms_opt(1, 0, 0)?.and_utc())
}

/// Whether Norway keeps summer time at the instant `at`.
pub fn is_summer_time(at: DateTime<Utc>) -> bool {
    match (
        last_sunday_0100(at.year(), 3),
        last_sunday_0100(at.year(), 10),
    ) {
        (Some(start), Some(end)) => start <= at && at < end,
        _ => false,
    }
}

/// The UTC instant of a Norwegian local time.
pub fn norwegian(local: NaiveDateTime) -> DateTime<Utc> {
    let as_summer = (local - Duration::hours(2)).and_utc();
    if is_summer_time(as_summer) {
        as_summer
    } else {
        (local - Duration::hours(1)).and_utc()
    }
}

/// The Norwegian local time of the instant `at` (what a clock in Oslo
/// showed), for showing times to people.
///
/// ```
/// use styring_core::local_time::in_norway;
/// let at = "2025-06-02T11:00:00Z".parse().unwrap();
/// assert_eq!(in_norway(at).format("%d.%m.%Y %H:%M").to_string(), "02.06.2025 13:00");
/// ```
pub fn in_norway(at: DateTime<Utc>) -> NaiveDateTime {
    let offset = if is_summer_time(at) { 2 } else { 1 };
    (at + Duration::hours(offset)).naive_utc()
}

/// Today's date in Norway (the date a calendar in Oslo shows now): the
/// day deadlines and statuses are judged at unless told otherwise.
///
/// ```
/// let d = styring_core::local_time::today();
/// assert!(d >= chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
/// ```
pub fn today() -> chrono::NaiveDate {
    in_norway(Utc::now()).date()
}

/// An instant as people read it: Norwegian local time, to the minute
/// (`2025-06-02 13:00`).
pub fn shown(at: DateTime<Utc>) -> String {
    in_norway(at).format("%Y-%m-%d %H:%M").to_string()
}

/// Two instants as people read them, for a message that compares them:
/// [`shown`], with the seconds when the minutes alone would look the same.
///
/// ```
/// use styring_core::local_time::shown_pair;
/// let (a, b) = ("2025-05-05T08:59:59Z".parse().unwrap(), "2025-05-05T09:00:00Z".parse().unwrap());
/// assert_eq!(shown_pair(a, b), ("2025-05-05 10:59".into(), "2025-05-05 11:00".into()));
/// let c = "2025-05-05T09:00:30Z".parse().unwrap();
/// assert_eq!(shown_pair(b, c), ("2025-05-05 11:00:00".into(), "2025-05-05 11:00:30".into()));
/// ```
pub fn shown_pair(a: DateTime<Utc>, b: DateTime<Utc>) -> (String, String) {
    let (x, y) = (shown(a), shown(b));
    if x != y || a == b {
        return (x, y);
    }
    let full = |t| in_norway(t).format("%Y-%m-%d %H:%M:%S").to_string();
    (full(a), full(b))
}

/// The UTC instant at which the Norwegian day `date` ends (its last
/// microsecond): a deadline written as a date holds the whole day.
pub fn norwegian_end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let last = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN);
    norwegian(date.and_time(last))
}

/// What a written time holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A date and a time of day, in local time.
    Time(NaiveDateTime),
    /// A date alone.
    Date(NaiveDate),
    /// An instant with its offset (RFC 3339).
    Instant(DateTime<Utc>),
}

impl Written {
    /// The instant: a local time by [`norwegian`]; a date alone at the
    /// start of its day, or its end when `end_of_day`.
    pub fn instant(self, end_of_day: bool) -> DateTime<Utc> {
        match self {
            Written::Instant(t) => t,
            Written::Time(t) => norwegian(t),
            Written::Date(d) if end_of_day => norwegian_end_of_day(d),
            Written::Date(d) => norwegian(d.and_time(NaiveTime::MIN)),
        }
    }
}

const DATES: &[&str] = &["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"];
const TIMES: &[&str] = &["%H:%M:%S", "%H:%M", "%H.%M"];

/// Reads a time as written in Norway: RFC 3339 with its offset, or a date
/// (`2025-03-04`, `04.03.2025`, `04/03/2025`) with or without a local time
/// of day (`10:15`, `10:15:30`, `10.15`, after a space or `T`). `None` for
/// anything else.
pub fn read_local(text: &str) -> Option<Written> {
    let t = text.trim();
    if let Some(i) = crate::asof::parse_instant(t) {
        return Some(Written::Instant(i));
    }
    let (date_part, time_part) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let date = DATES
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date_part, f).ok())?;
    match time_part {
        None => Some(Written::Date(date)),
        Some(tp) => TIMES
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(tp, f).ok())
            .map(|time| Written::Time(date.and_time(time))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_eu_sundays() {
        // 2025: summer time 30 March 01:00 UTC to 26 October 01:00 UTC.
        assert!(!is_summer_time(at("2025-03-30T00:59:59Z")));
        assert!(is_summer_time(at("2025-03-30T01:00:00Z")));
        assert!(is_summer_time(at("2025-10-26T00:59:59Z")));
        assert!(!is_summer_time(at("2025-10-26T01:00:00Z")));
        // 2024: 31 March and 27 October.
        assert!(is_summer_time(at("2024-03-31T01:00:00Z")));
        assert!(!is_summer_time(at("2024-10-27T01:00:00Z")));
    }

    #[test]
    fn local_times_around_the_changes() {
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            norwegian(local("2025-03-30 01:30")),
            at("2025-03-30T00:30:00Z")
        );
        // 02:30 does not exist that night: read as 03:30 summer time.
        assert_eq!(
            norwegian(local("2025-03-30 02:30")),
            at("2025-03-30T01:30:00Z")
        );
        assert_eq!(
            norwegian(local("2025-03-30 03:30")),
            at("2025-03-30T01:30:00Z")
        );
        // 02:30 occurs twice in October: the first, summer one.
        assert_eq!(
            norwegian(local("2025-10-26 02:30")),
            at("2025-10-26T00:30:00Z")
        );
        assert_eq!(
            norwegian(local("2025-10-26 03:30")),
            at("2025-10-26T02:30:00Z")
        );
    }

    #[test]
    fn written_forms() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(read_local("30/06/2025"), Some(Written::Date(d)));
        assert_eq!(
            read_local("2025-06-30T08.05"),
            Some(Written::Time(d.and_hms_opt(8, 5, 0).unwrap()))
        );
        assert_eq!(
            read_local("2025-06-30T08:05:00+02:00"),
            Some(Written::Instant(at("2025-06-30T06:05:00Z")))
        );
        assert_eq!(read_local("30.06.2025 25:00"), None);
        assert_eq!(read_local("31.02.2025"), None);
        assert_eq!(
            Written::Date(d).instant(true),
            at("2025-06-30T21:59:59.999999Z")
        );
        assert_eq!(Written::Date(d).instant(false), at("2025-06-29T22:00:00Z"));
    }
}
