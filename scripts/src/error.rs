//! Errors when scripts are loaded.

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
    /// The script file cannot be read.
    #[error("{script}: cannot read the script: {message}")]
    Io {
        /// The file.
        script: String,
        /// Why.
        message: String,
    },
}

impl ScriptError {
    /// The message in Norwegian.
    pub fn message_nb(&self) -> String {
        match self {
            ScriptError::Syntax {
                script,
                line,
                column,
                message,
            } => {
                format!("{script}:{line}:{column}: syntaksfeil: {message}")
            }
            ScriptError::Io { script, message } => {
                format!("{script}: skriptet kan ikke leses: {message}")
            }
        }
    }
}
