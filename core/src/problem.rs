//! Problems found in input, each with where it is and what to do, in
//! Norwegian and English.
//!
//! ```
//! use styring_core::Localized;
//! use styring_core::problem::{Location, Problem};
//! use styring_core::lang::Lang;
//! let p = Problem::new(
//!     Location::entry("indicators[4] (M.1.5)").in_file("model.toml"),
//!     "ukjent fokusområde «M.9»",
//!     "unknown focus area \"M.9\"",
//! );
//! assert_eq!(p.render(Lang::Nb), "model.toml: indicators[4] (M.1.5): ukjent fokusområde «M.9»");
//! assert_eq!(p.to_string(), "model.toml: indicators[4] (M.1.5): unknown focus area \"M.9\"");
//! ```

use crate::lang::Lang;
use crate::text::{Localized, Text};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a problem is: a file, a sheet and cell, or a model entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// File name, if the input came from a file.
    pub file: Option<String>,
    /// Worksheet name.
    pub sheet: Option<String>,
    /// Cell in A1 form, e.g. `C7`.
    pub cell: Option<String>,
    /// Model entry or batch row, e.g. `indicators[4] (M.1.5)`.
    pub entry: Option<String>,
}

impl Location {
    /// A location naming a model entry or a batch row.
    pub fn entry(entry: impl Into<String>) -> Location {
        Location {
            entry: Some(entry.into()),
            ..Location::default()
        }
    }

    /// A location naming only a file.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }

    /// The same location inside `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Location {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => parts.push(format!("{s}!{c}")),
            (Some(s), None) => parts.push(s.clone()),
            (None, Some(c)) => parts.push(c.clone()),
            (None, None) => {}
        }
        if let Some(e) = &self.entry {
            parts.push(e.clone());
        }
        f.write_str(&parts.join(": "))
    }
}

crate::keyword::keyword_enum! {
    /// What kind of problem it is, so that a caller (a Python notebook, a
    /// script) can branch on it instead of on the words.
    #[derive(Default)]
    pub enum ProblemKind {
        /// No indicator has this code.
        UnknownIndicator = "unknown_indicator",
        /// No unit has this id or name.
        UnknownUnit = "unknown_unit",
        /// A model entry refers to something that is not there.
        UnknownReference = "unknown_reference",
        /// Not a period, or a period of the wrong frequency.
        BadPeriod = "bad_period",
        /// Not a number.
        NotANumber = "not_a_number",
        /// A number outside its valid range.
        OutOfRange = "out_of_range",
        /// A required value, column or field is missing.
        Missing = "missing",
        /// The same thing twice, with different contents.
        Duplicate = "duplicate",
        /// The indicator does not apply to the unit, or the unit is a sector.
        NotApplicable = "not_applicable",
        /// The period is locked as reported.
        Locked = "locked",
        /// A computed indicator cannot be recorded.
        Computed = "computed",
        /// Not a time.
        BadTime = "bad_time",
        /// An actor, id or name that cannot be used.
        BadName = "bad_name",
        /// The file is damaged or not a workbook.
        Damaged = "damaged",
        /// A reading limit was hit.
        Limit = "limit",
        /// A model entry that is not valid.
        Invalid = "invalid",
        /// A script that fails.
        Script = "script",
        /// A budget year that does not balance, or frames that do not add
        /// up to their area.
        Unbalanced = "unbalanced",
        /// Amounts whose sign contradicts the stated convention.
        BadSign = "bad_sign",
        /// Anything else.
        #[default]
        Other = "other",
    }
}

/// A «mente du» suggestion: the candidate closest to a wrong text, if one is
/// close enough to be a likely typo. The one place that words it.
///
/// ```
/// use styring_core::problem::Suggestion;
/// use styring_core::Lang;
/// let s = Suggestion::closest("M.15", ["M.1.5", "M.1.6"]);
/// assert_eq!(s.text(Lang::Nb), " — mente du «M.1.5»?");
/// assert_eq!(s.text(Lang::En), " (did you mean \"M.1.5\"?)");
/// assert_eq!(Suggestion::closest("xyz", ["M.1.5"]).text(Lang::Nb), "");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Suggestion(pub Option<String>);

impl Suggestion {
    /// The closest of `candidates` to `wrong` (see [`suggest`]).
    pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Suggestion {
        Suggestion(suggest(wrong, candidates))
    }

    /// The suggestion, if any.
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// ` — mente du «X»?` or ` (did you mean "X"?)`, or nothing.
    pub fn text(&self, lang: Lang) -> String {
        match (&self.0, lang) {
            (None, _) => String::new(),
            (Some(s), Lang::Nb) => format!(" — mente du «{s}»?"),
            (Some(s), Lang::En) => format!(" (did you mean \"{s}\"?)"),
        }
    }

    /// [`Suggestion::unknown`] for a short list the user chooses from:
    /// with a likely typo, «mente du»; without one, the choices there are
    /// (the first eight), so the message says what to write instead.
    ///
    /// ```
    /// use styring_core::problem::Suggestion;
    /// let known = ["Færre km", "Spart tid"];
    /// let t = Suggestion::unknown_among(("gevinst", "benefit"), "Trygghet", &known);
    /// assert_eq!(t.nb, "ukjent gevinst «Trygghet»; det finnes: «Færre km», «Spart tid»");
    /// let t = Suggestion::unknown_among(("gevinst", "benefit"), "Spart tld", &known);
    /// assert_eq!(t.nb, "ukjent gevinst «Spart tld» — mente du «Spart tid»?");
    /// ```
    pub fn unknown_among(what: (&str, &str), wrong: &str, known: &[&str]) -> Text {
        let s = Suggestion::closest(wrong, known.iter().copied());
        if s.0.is_some() || known.is_empty() {
            return s.unknown(what, wrong);
        }
        let list = |open: &str, close: &str| {
            let mut l: Vec<String> = known
                .iter()
                .take(8)
                .map(|k| format!("{open}{k}{close}"))
                .collect();
            if known.len() > 8 {
                l.push("…".into());
            }
            l.join(", ")
        };
        Text::new(
            format!(
                "ukjent {} «{wrong}»; det finnes: {}",
                what.0,
                list("«", "»")
            ),
            format!(
                "unknown {} \"{wrong}\"; there are: {}",
                what.1,
                list("\"", "\"")
            ),
        )
    }

    /// `ukjent {what} «wrong» — mente du …` in both languages; `what` is
    /// the Norwegian and English word (`("indikator", "indicator")`).
    pub fn unknown(&self, what: (&str, &str), wrong: &str) -> Text {
        Text::new(
            format!("ukjent {} «{wrong}»{}", what.0, self.text(Lang::Nb)),
            format!("unknown {} \"{wrong}\"{}", what.1, self.text(Lang::En)),
        )
    }
}

/// One problem in an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// What kind of problem.
    #[serde(default)]
    pub kind: ProblemKind,
    /// Where it is.
    pub location: Location,
    /// What is wrong, in Norwegian bokmål.
    pub message_nb: String,
    /// What is wrong, in English.
    pub message_en: String,
}

impl Problem {
    /// A problem at `location` with its message in both languages.
    pub fn new(location: Location, nb: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            kind: ProblemKind::Other,
            location,
            message_nb: nb.into(),
            message_en: en.into(),
        }
    }

    /// The same problem, of `kind`.
    pub fn of_kind(mut self, kind: ProblemKind) -> Problem {
        self.kind = kind;
        self
    }

    /// The message alone in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nb => &self.message_nb,
            Lang::En => &self.message_en,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Every problem found in one input (never only the first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Adds a problem.
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    /// Adds a problem at `location`.
    pub fn add(&mut self, location: Location, nb: impl Into<String>, en: impl Into<String>) {
        self.0.push(Problem::new(location, nb, en));
    }

    /// Adds a problem of `kind` at `location`.
    pub fn add_kind(
        &mut self,
        kind: ProblemKind,
        location: Location,
        nb: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.0.push(Problem::new(location, nb, en).of_kind(kind));
    }

    /// No problems?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// Orders the problems as a reader goes through the files: by file,
    /// then sheet (as first met), then row and column; problems without a
    /// cell first, each group in the order found.
    ///
    /// ```
    /// use styring_core::problem::{Location, Problems};
    /// let at = |c: &str| Location { file: Some("a.xlsx".into()), sheet: Some("Ark".into()), cell: Some(c.into()), entry: None };
    /// let mut p = Problems::default();
    /// p.add(at("B10"), "x", "x");
    /// p.add(at("C2"), "y", "y");
    /// p.add(at("A10"), "z", "z");
    /// p.sort_by_place();
    /// let cells: Vec<_> = p.iter().map(|p| p.location.cell.clone().unwrap()).collect();
    /// assert_eq!(cells, ["C2", "A10", "B10"]);
    /// ```
    pub fn sort_by_place(&mut self) {
        let mut files: Vec<Option<String>> = Vec::new();
        let mut sheets: Vec<Option<String>> = Vec::new();
        let rank = |v: &Option<String>, seen: &mut Vec<Option<String>>| match seen
            .iter()
            .position(|s| s == v)
        {
            Some(i) => i,
            None => {
                seen.push(v.clone());
                seen.len() - 1
            }
        };
        let keys: Vec<(usize, usize, u64, u64)> = self
            .0
            .iter()
            .map(|p| {
                let (row, col) = p.location.cell.as_deref().map_or((0, 0), cell_order);
                (
                    rank(&p.location.file, &mut files),
                    rank(&p.location.sheet, &mut sheets),
                    row,
                    col,
                )
            })
            .collect();
        let mut order: Vec<usize> = (0..self.0.len()).collect();
        order.sort_by_key(|i| keys[*i]);
        let mut old: Vec<Option<Problem>> =
            std::mem::take(&mut self.0).into_iter().map(Some).collect();
        self.0 = order.into_iter().filter_map(|i| old[i].take()).collect();
    }
}

/// A cell's (row, column) for ordering: `B10` is (10, 2), a row `7` alone
/// is (7, 0); anything else sorts first.
fn cell_order(cell: &str) -> (u64, u64) {
    let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
    let col = cell.chars().take(letters).fold(0u64, |n, ch| {
        n.saturating_mul(26)
            .saturating_add(u64::from(ch.to_ascii_uppercase() as u8 - b'A' + 1))
    });
    let row = cell
        .get(letters..)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    (row, col)
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Suggests the candidate closest to `wrong` (by edit distance, ignoring
/// case and punctuation), if one is close enough to be a likely typo.
///
/// ```
/// use styring_core::problem::suggest;
/// assert_eq!(suggest("M.15", ["M.1.5", "M.1.6", "T.2.1"]), Some("M.1.5".to_string()));
/// assert_eq!(suggest("xyz", ["M.1.5"]), None);
/// assert_eq!(suggest("a", ["a"]), None, "the same text is no suggestion");
/// assert_eq!(suggest("M.1", ["M.2", "M.0"]), Some("M.0".to_string()), "ties go to the first in order");
/// ```
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let w = norm(wrong);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // The same text is not a suggestion: it is already what was
        // written (and is wrong for another reason).
        if c.trim() == wrong.trim() {
            continue;
        }
        let d = edit_distance(&w, &norm(c));
        let limit = (w.len().max(3) / 3).max(1);
        // Equally close candidates: the first in text order, so the
        // suggestion never depends on the order they come in.
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Localized for Problem {
    /// `where: what`, in `lang`.
    fn render(&self, lang: Lang) -> String {
        let loc = self.location.to_string();
        if loc.is_empty() {
            self.message(lang).to_string()
        } else {
            format!("{loc}: {}", self.message(lang))
        }
    }
}

impl Localized for Problems {
    /// Every problem, one per line, in `lang`.
    fn render(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|p| p.render(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
