//! The SSB adapter's errors.

use std::path::Path;
use styring_core::problem::Problems;
use styring_core::text::Localized;
use styring_core::Lang;

/// What can go wrong reading SSB's files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KostraError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file larger than the limit.
    #[error("{path}: the file is {bytes} bytes, more than the limit of {limit}")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The file has problems; nothing was read from it.
    #[error("{n} problem(s); nothing was read:\n{problems}", n = .0.len(), problems = .0)]
    Read(Problems),
    /// Fetching from PxWebApi failed.
    #[error(transparent)]
    Fetch(#[from] crate::pxweb::FetchError),
}

impl KostraError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> KostraError {
        KostraError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl Localized for KostraError {
    /// The message in `lang`.
    fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (KostraError::Io { path, source }, Lang::Nb) => {
                let why = match source.kind() {
                    std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
                    std::io::ErrorKind::PermissionDenied => "mangler tilgang".to_string(),
                    _ => source.to_string(),
                };
                format!("{path}: {why}")
            }
            (KostraError::TooLarge { path, bytes, limit }, Lang::Nb) => {
                format!("{path}: filen er {bytes} byte, mer enn grensen på {limit}")
            }
            (KostraError::Fetch(f), lang) => f.render(lang),
            (KostraError::Read(p), Lang::Nb) => format!(
                "{} feil; ingenting ble lest:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
        }
    }
}
