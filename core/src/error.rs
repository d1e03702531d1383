//! The core's one error type.

use crate::lang::Lang;
use crate::problem::{Problems, Suggestion};
use crate::text::{Localized, Text};
use std::path::Path;

/// Everything that can go wrong in the core. Every variant says where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The model file is not valid TOML of the model's shape.
    #[error("{path}: not a valid model file: {message}")]
    Toml {
        /// The file.
        path: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The model has problems; each names its entry.
    #[error("the model has {n} problem(s):\n{problems}", n = .0.len(), problems = .0)]
    Model(Problems),
    /// A batch of observations has problems; nothing was stored.
    #[error("{n} problem(s) in the observations; nothing was stored:\n{problems}", n = .0.len(), problems = .0)]
    Observations(Problems),
    /// A store export has problems; nothing was stored.
    #[error("{n} problem(s) in the store export; nothing was stored:\n{problems}", n = .0.len(), problems = .0)]
    Interchange(Problems),
    /// A plan version, accounts or a forecast that cannot be stored.
    #[error("{n} problem(s) in the budget or accounts; nothing was stored:\n{problems}", n = .0.len(), problems = .0)]
    Economy(Problems),
    /// A register entry (a deviation, a move, a measure) that cannot be
    /// stored.
    #[error("{n} problem(s) in the register; nothing was stored:\n{problems}", n = .0.len(), problems = .0)]
    Register(Problems),
    /// A period or year that cannot be.
    #[error("{0}")]
    Period(#[from] crate::period::PeriodError),
    /// No unit has this id.
    #[error("{}", Suggestion(.suggestion.clone()).unknown(("enhet", "unit"), .unit).en)]
    UnknownUnit {
        /// The id asked for.
        unit: String,
        /// A close match, if any.
        suggestion: Option<String>,
    },
    /// A sector where a service unit is needed.
    #[error("\"{unit}\" ({name}) is a sector; choose one of its service units")]
    NotAServiceUnit {
        /// The sector's id.
        unit: String,
        /// Its name.
        name: String,
    },
    /// No indicator has this code.
    #[error("{}", Suggestion(.suggestion.clone()).unknown(("indikator", "indicator"), .code).en)]
    UnknownIndicator {
        /// The code asked for.
        code: String,
        /// A close match, if any.
        suggestion: Option<String>,
    },
    /// The store database failed.
    #[error("store {path}: {message}")]
    Store {
        /// The store file (or `:memory:`).
        path: String,
        /// What failed.
        message: String,
    },
    /// The store file cannot be used, said in both languages.
    #[error("store {path}: {message}")]
    StoreFile {
        /// The store file (or `<bytes>`).
        path: String,
        /// What is wrong.
        message: Text,
    },
    /// The store was written by a newer version of styring.
    #[error("store {path} has schema version {found}, newer than the {supported} this program knows; upgrade styring to open it")]
    NewerSchema {
        /// The store file.
        path: String,
        /// Version in the file.
        found: i64,
        /// Newest version this program knows.
        supported: i64,
    },
    /// A period cannot be reopened or locked as asked.
    #[error("{message}")]
    Lock {
        /// What is wrong.
        message: Text,
    },
    /// Another program is writing to the store, longer than the wait.
    #[error("another program is writing to the store {path}; waited {} s — try again when it is done, or wait longer", seconds(*.waited_ms, Lang::En))]
    Busy {
        /// The store file.
        path: String,
        /// How long this program waited, in milliseconds.
        waited_ms: u64,
    },
    /// An actor name that cannot be used.
    #[error("{0}")]
    Actor(crate::actor::ActorError),
    /// A store JSON file is not valid.
    #[error("{path}: not a valid store export: {message}")]
    Json {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Milliseconds as seconds: one decimal under ten seconds (`0,3`), whole
/// seconds above (`30`).
fn seconds(ms: u64, lang: Lang) -> String {
    let decimals = if ms < 10_000 { 1 } else { 0 };
    crate::lang::format_number(ms as f64 / 1000.0, decimals, lang)
}

impl Error {
    /// A store problem in both languages.
    pub(crate) fn store_file(path: &str, nb: &str, en: &str) -> Error {
        Error::StoreFile {
            path: path.to_string(),
            message: Text::new(nb, en),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl Localized for Error {
    /// The message in `lang`, for people (the CLI and Python use this).
    fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::Io { path, source } => {
                let why = match source.kind() {
                    std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
                    std::io::ErrorKind::PermissionDenied => "mangler tilgang".to_string(),
                    _ => source.to_string(),
                };
                format!("{path}: {why}")
            }
            Error::Toml { path, message } => format!("{path}: ikke en gyldig modellfil: {message}"),
            Error::Model(p) => format!("modellen har {} feil:\n{}", p.len(), p.render(Lang::Nb)),
            Error::Observations(p) => format!(
                "{} feil i observasjonene; ingenting ble lagret:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
            Error::Interchange(p) => format!(
                "{} feil i lagereksporten; ingenting ble lagret:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
            Error::Economy(p) => format!(
                "{} feil i budsjettet eller regnskapet; ingenting ble lagret:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
            Error::Register(p) => format!(
                "{} feil i registeret; ingenting ble lagret:\n{}",
                p.len(),
                p.render(Lang::Nb)
            ),
            Error::Period(e) => e.render(Lang::Nb),
            Error::UnknownUnit { unit, suggestion } => {
                Suggestion(suggestion.clone()).unknown(("enhet", "unit"), unit).nb
            }
            Error::NotAServiceUnit { unit, name } => {
                format!("«{unit}» ({name}) er en sektor; velg en av tjenesteenhetene i den")
            }
            Error::UnknownIndicator { code, suggestion } => {
                Suggestion(suggestion.clone()).unknown(("indikator", "indicator"), code).nb
            }
            Error::Store { path, message } => format!("lageret {path}: {message}"),
            Error::StoreFile { path, message } => format!("lageret {path}: {}", message.nb),
            Error::NewerSchema { path, found, supported } => format!(
                "lageret {path} har skjemaversjon {found}, nyere enn {supported} som dette programmet kjenner; oppgrader styring for å åpne det"
            ),
            Error::Lock { message } => message.nb.clone(),
            Error::Busy { path, waited_ms } => format!(
                "et annet program skriver til lageret {path}; ventet {} s — prøv igjen når det er ferdig, eller vent lenger",
                seconds(*waited_ms, Lang::Nb)
            ),
            Error::Actor(e) => e.render(Lang::Nb),
            Error::Json { path, message } => format!("{path}: ikke en gyldig lagereksport: {message}"),
        }
    }
}
