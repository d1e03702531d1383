//! The command's errors and their exit codes.

use styring::{Lang, Localized, Text};

/// An error and its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Problems in the input (exit 1).
    Input(styring::Error),
    /// A wrong argument (exit 2).
    Usage(Text),
    /// Something the input made fail, already explained (exit 1).
    Failed(Text),
}

impl CliError {
    /// A usage error in both languages.
    pub fn usage(nb: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError::Usage(Text::new(nb, en))
    }

    /// A usage error from a library error (an unknown unit, a bad period).
    pub fn usage_from(e: impl Into<styring::Error>) -> CliError {
        CliError::Usage(e.into().text())
    }

    pub fn code(&self) -> u8 {
        match self {
            CliError::Input(_) | CliError::Failed(_) => 1,
            CliError::Usage(_) => 2,
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
    styring::styring_kostra::KostraError,
    styring::styring_scripts::ScriptError
);

impl Localized for CliError {
    fn render(&self, lang: Lang) -> String {
        match self {
            // The library says to wait longer; the command says how.
            CliError::Input(e) if e.is_busy() => format!(
                "{} ({})",
                e.render(lang),
                lang.pick("--wait SEKUNDER", "--wait SECONDS")
            ),
            CliError::Input(e) => e.render(lang),
            CliError::Usage(t) | CliError::Failed(t) => t.render(lang),
        }
    }
}
