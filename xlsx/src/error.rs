//! The Excel adapter's errors.

use styring_core::problem::Problems;
use styring_core::text::Localized;
use styring_core::Lang;

/// What can go wrong reading or writing workbooks.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XlsxError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// rust_xlsxwriter refused to write something.
    #[error("{path}: could not write the workbook: {message}")]
    Write {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
    /// The workbooks have problems; nothing was imported.
    #[error("{n} problem(s); nothing was imported:\n{problems}", n = .0.len(), problems = .0)]
    Import(Problems),
    /// An error from the core (model, store).
    #[error(transparent)]
    Core(#[from] styring_core::Error),
}

pub(crate) fn write_err(path: &str) -> impl Fn(rust_xlsxwriter::XlsxError) -> XlsxError + '_ {
    move |e| XlsxError::Write {
        path: path.to_string(),
        message: e.to_string(),
    }
}

impl Localized for XlsxError {
    /// The message in `lang`.
    fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (XlsxError::Core(e), _) => e.render(lang),
            (_, Lang::En) => self.to_string(),
            (XlsxError::Io { path, source }, Lang::Nb) => {
                let why = match source.kind() {
                    std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
                    std::io::ErrorKind::PermissionDenied => "mangler tilgang".to_string(),
                    _ => source.to_string(),
                };
                format!("{path}: {why}")
            }
            (XlsxError::Write { path, message }, Lang::Nb) => {
                format!("{path}: kunne ikke skrive arbeidsboken: {message}")
            }
            (XlsxError::Import(p), Lang::Nb) => format!(
                "{} feil; ingenting ble importert:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
        }
    }
}
