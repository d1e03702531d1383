//! The command's errors and their exit codes.

use styring::Lang;

/// An error and its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Problems in the input (exit 1).
    Input(styring::Error),
    /// A wrong argument (exit 2).
    Usage { nb: String, en: String },
    /// Something the input made fail, already explained (exit 1).
    Failed { nb: String, en: String },
}

impl CliError {
    /// A usage error in both languages.
    pub fn usage(nb: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError::Usage {
            nb: nb.into(),
            en: en.into(),
        }
    }

    /// A usage error from a library error (an unknown unit, a bad period).
    pub fn usage_from(e: impl Into<styring::Error>) -> CliError {
        let e = e.into();
        CliError::Usage {
            nb: e.render(Lang::Nb),
            en: e.render(Lang::En),
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        match self {
            // The library says to wait longer; the command says how.
            CliError::Input(e) if e.is_busy() => format!(
                "{} ({})",
                e.render(lang),
                lang.pick("--wait SEKUNDER", "--wait SECONDS")
            ),
            CliError::Input(e) => e.render(lang),
            CliError::Usage { nb, en } | CliError::Failed { nb, en } => {
                lang.pick(nb, en).to_string()
            }
        }
    }

    pub fn code(&self) -> u8 {
        match self {
            CliError::Input(_) | CliError::Failed { .. } => 1,
            CliError::Usage { .. } => 2,
        }
    }
}

macro_rules! input_error {
    ($($t:ty),*) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::Input(e.into())
            }
        }
    )*};
}

input_error!(
    styring::Error,
    styring::styring_core::Error,
    styring::styring_xlsx::XlsxError,
    styring::styring_scripts::ScriptError
);
