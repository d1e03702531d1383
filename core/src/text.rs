//! Messages in both languages: one shape for every error and problem.
//!
//! Everything that speaks to people — the core's [`crate::Error`], a
//! [`crate::problem::Problem`], the adapters' errors, the command line's —
//! implements [`Localized`]: `render(lang)` gives the message in Norwegian
//! bokmål or English, and [`Localized::text`] gives both at once as a
//! [`Text`], the form a message is stored in when it is made before the
//! language is known.
//!
//! ```
//! use styring_core::text::{Localized, Text};
//! use styring_core::Lang;
//! let t = Text::new("perioden er låst", "the period is locked");
//! assert_eq!(t.render(Lang::Nb), "perioden er låst");
//! assert_eq!(t.get(Lang::En), "the period is locked");
//! // English is the text of `Display` (logs, `{e}` in Rust).
//! assert_eq!(t.to_string(), "the period is locked");
//! ```

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A message in Norwegian bokmål and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Text {
    /// In Norwegian bokmål.
    pub nb: String,
    /// In English.
    pub en: String,
}

impl Text {
    /// A message said both ways.
    pub fn new(nb: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            nb: nb.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nb => &self.nb,
            Lang::En => &self.en,
        }
    }

    /// `prefix: message` in both languages (`prefix` is a file, a path, a
    /// cell: the same in both).
    ///
    /// ```
    /// use styring_core::text::Text;
    /// let t = Text::new("ukjent enhet", "unknown unit").at("a.xlsx");
    /// assert_eq!((t.nb.as_str(), t.en.as_str()), ("a.xlsx: ukjent enhet", "a.xlsx: unknown unit"));
    /// ```
    pub fn at(self, prefix: &str) -> Text {
        Text {
            nb: format!("{prefix}: {}", self.nb),
            en: format!("{prefix}: {}", self.en),
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Anything that says what went wrong in either language.
pub trait Localized {
    /// The message in `lang`.
    fn render(&self, lang: Lang) -> String;

    /// The message in both languages.
    fn text(&self) -> Text {
        Text::new(self.render(Lang::Nb), self.render(Lang::En))
    }
}

impl Localized for Text {
    fn render(&self, lang: Lang) -> String {
        self.get(lang).to_string()
    }

    fn text(&self) -> Text {
        self.clone()
    }
}
