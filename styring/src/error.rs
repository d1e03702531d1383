//! The library's error: every error of the parts below, and the few the
//! workspace adds, each rendered in Norwegian or English.

use styring_core::text::Localized;
use styring_core::Lang;

/// Everything that can go wrong through the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of the domain: the model, the store, a batch.
    #[error(transparent)]
    Core(#[from] styring_core::Error),
    /// Reading or writing a workbook.
    #[error(transparent)]
    Xlsx(#[from] styring_xlsx::XlsxError),
    /// Reading SSB's statistics (JSON-stat, CSV).
    #[error(transparent)]
    Kostra(#[from] styring_kostra::KostraError),
    /// A script that does not compile, or computed indicators in a cycle.
    #[error(transparent)]
    Script(#[from] styring_scripts::ScriptError),
    /// The model file is not there.
    #[error("{path}: the model file does not exist; run `styring demo` for an example to start from, or name the model with --model")]
    NoModel {
        /// The path looked for.
        path: String,
    },
    /// The store file is not there (and is not to be created).
    #[error(
        "{path}: the store does not exist; run `styring demo`, or `styring import` to create it"
    )]
    NoStore {
        /// The path looked for.
        path: String,
    },
}

impl Error {
    /// Whether another program was writing to the store for longer than
    /// the wait (so the caller can say how to wait longer).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Core(styring_core::Error::Busy { .. })
                | Error::Xlsx(styring_xlsx::XlsxError::Core(
                    styring_core::Error::Busy { .. }
                ))
        )
    }
}

impl Localized for Error {
    /// The message in `lang`.
    fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Core(e), _) => e.render(lang),
            (Error::Xlsx(e), _) => e.render(lang),
            (Error::Kostra(e), _) => e.render(lang),
            (Error::Script(e), Lang::Nb) => e.render(Lang::Nb),
            (Error::NoModel { path }, Lang::Nb) => format!(
                "{path}: modellfilen finnes ikke; kjør `styring demo` for et eksempel å starte fra, eller oppgi modellen med --model"
            ),
            (Error::NoStore { path }, Lang::Nb) => format!(
                "{path}: lageret finnes ikke; kjør `styring demo`, eller `styring import` for å lage det"
            ),
            (e, Lang::En) => e.to_string(),
        }
    }
}
