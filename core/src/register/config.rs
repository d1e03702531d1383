//! What the model says about the registers: the deviation categories (the
//! municipality's list to edit) and the risk matrix.
//!
//! ```
//! use styring_core::register::DeviationConfig;
//! let c = DeviationConfig::default();
//! assert_eq!(c.category("hms"), Ok("HMS"));
//! assert_eq!(c.category("anet").unwrap_err().nb, "ukjent avvikskategori «anet» — mente du «annet»?");
//! ```

use super::risk::RiskMatrix;
use crate::problem::Suggestion;
use crate::text::Text;

/// The categories a deviation may have, unless the model lists its own.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "HMS",
    "pasient- og brukersikkerhet",
    "informasjonssikkerhet og personvern",
    "brudd på rutine eller prosedyre",
    "brudd på lov eller forskrift",
    "annet",
];

/// `[deviations]` in the model, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviationConfig {
    /// The categories, as the model writes them.
    pub categories: Vec<String>,
    /// The risk matrix.
    pub matrix: RiskMatrix,
}

impl Default for DeviationConfig {
    fn default() -> Self {
        DeviationConfig {
            categories: DEFAULT_CATEGORIES.iter().map(|c| c.to_string()).collect(),
            matrix: RiskMatrix::default(),
        }
    }
}

impl DeviationConfig {
    /// The category `text` names (in any case), as the model writes it.
    ///
    /// # Errors
    /// A message with a «mente du» suggestion when it names none.
    pub fn category(&self, text: &str) -> Result<&str, Text> {
        let t = text.trim().to_lowercase();
        self.categories
            .iter()
            .find(|c| c.to_lowercase() == t)
            .map(String::as_str)
            .ok_or_else(|| {
                Suggestion::closest(text.trim(), self.categories.iter().map(String::as_str))
                    .unknown(("avvikskategori", "deviation category"), text.trim())
            })
    }
}
