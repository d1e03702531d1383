//! Problems found in input, each with where it is and what to do, in
//! Norwegian and English.
//!
//! ```
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

/// One problem in an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
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
            location,
            message_nb: nb.into(),
            message_en: en.into(),
        }
    }

    /// The message alone in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nb => &self.message_nb,
            Lang::En => &self.message_en,
        }
    }

    /// `where: what`, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let loc = self.location.to_string();
        if loc.is_empty() {
            self.message(lang).to_string()
        } else {
            format!("{loc}: {}", self.message(lang))
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

    /// Every problem, one per line, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|p| p.render(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
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
        let d = edit_distance(&w, &norm(c));
        let limit = (w.len().max(3) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
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
