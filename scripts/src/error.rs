//! Errors when scripts are loaded.

use styring_core::text::{Localized, Text};
use styring_core::Lang;

/// A script that cannot be used; the model is invalid while it stands.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The script does not parse.
    #[error("{script}:{line}:{column}: syntax error: {message}")]
    Syntax {
        /// The file (or `<inline M.1.5>`).
        script: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Computed indicators that read each other in a circle.
    #[error("computed indicators read each other in a cycle: {}", indicators.join(" → "))]
    Cycle {
        /// The indicators around the cycle, the first repeated at the end.
        indicators: Vec<String>,
    },
    /// A computed indicator's script reads an indicator the model lacks.
    #[error("{script}:{line}: v(\"{code}\") reads an unknown indicator{}", styring_core::problem::Suggestion(suggestion.clone()).text(styring_core::Lang::En))]
    UnknownIndicator {
        /// The script.
        script: String,
        /// Line of the `v(...)` call.
        line: usize,
        /// The code it reads.
        code: String,
        /// The nearest code in the model.
        suggestion: Option<String>,
    },
    /// `v(...)` with something other than a quoted code.
    #[error("{script}:{line}: v(...) needs the indicator code in quotes, e.g. v(\"M.1.9\"), so the order of computation is known")]
    DynamicRead {
        /// The script.
        script: String,
        /// Line of the call.
        line: usize,
    },
    /// The script file cannot be read.
    #[error("{script}: cannot read the script: {message}")]
    Io {
        /// The file.
        script: String,
        /// Why.
        message: String,
    },
    /// A script file that is not read: outside the model's folder, not a
    /// regular file, or too big.
    #[error("{script}: {message}")]
    Refused {
        /// The file as the model names it.
        script: String,
        /// Why.
        message: Text,
    },
}

impl ScriptError {
    /// The message in Norwegian.
    fn nb(&self) -> String {
        match self {
            ScriptError::Syntax {
                script,
                line,
                column,
                message,
            } => {
                format!("{script}:{line}:{column}: syntaksfeil: {message}")
            }
            ScriptError::Cycle { indicators } => format!(
                "beregnede indikatorer leser hverandre i ring: {}",
                indicators.join(" → ")
            ),
            ScriptError::UnknownIndicator {
                script,
                line,
                code,
                suggestion,
            } => format!(
                "{script}:{line}: v(\"{code}\") leser en indikator som ikke finnes i modellen{}",
                styring_core::problem::Suggestion(suggestion.clone()).text(styring_core::Lang::Nb)
            ),
            ScriptError::DynamicRead { script, line } => format!(
                "{script}:{line}: v(...) trenger indikatorkoden i anførselstegn, f.eks. v(\"M.1.9\"), så rekkefølgen kan bestemmes"
            ),
            ScriptError::Io { script, message } => {
                format!("{script}: skriptet kan ikke leses: {message}")
            }
            ScriptError::Refused { script, message } => format!("{script}: {}", message.nb),
        }
    }
}

impl Localized for ScriptError {
    fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Nb => self.nb(),
            Lang::En => self.to_string(),
        }
    }
}
