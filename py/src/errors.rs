//! Problems and exceptions: every error of the engine becomes one of the
//! exceptions defined in `styring/_errors.py`, with its problems attached.

use crate::lang::{current, pick};
use pyo3::exceptions::{PyConnectionError, PyFileNotFoundError, PyOSError, PyTimeoutError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};
use styring::styring_core::problem::{Location, Problem as CoreProblem, ProblemKind, Problems};
use styring::styring_core::Lang;
use styring::Localized;

/// One problem found in a model, workbook, frame or script: where it is
/// and what is wrong.
#[pyclass(frozen, module = "styring._styring", name = "Problem")]
#[derive(Clone)]
pub struct Problem {
    /// What kind of problem (`unknown_indicator`, `out_of_range`,
    /// `bad_period`, `locked`, `damaged` …; `other` when none fits), to
    /// branch on.
    #[pyo3(get)]
    pub kind: String,
    /// The file, if the problem is in a file.
    #[pyo3(get)]
    pub file: Option<String>,
    /// The sheet, for workbooks.
    #[pyo3(get)]
    pub sheet: Option<String>,
    /// The cell (`D7`), for workbooks.
    #[pyo3(get)]
    pub cell: Option<String>,
    /// The model entry (`indicators[4] (M.1.5)`), frame row or script.
    #[pyo3(get)]
    pub entry: Option<String>,
    /// What is wrong, in Norwegian bokmål.
    #[pyo3(get)]
    pub message_nb: String,
    /// What is wrong, in English.
    #[pyo3(get)]
    pub message_en: String,
}

impl Problem {
    /// A problem with no place, only a message in both languages.
    pub(crate) fn plain(message_nb: String, message_en: String) -> Problem {
        Problem::plain_kind(ProblemKind::Other, message_nb, message_en)
    }

    /// A problem of `kind` with no place.
    pub(crate) fn plain_kind(kind: ProblemKind, message_nb: String, message_en: String) -> Problem {
        Problem {
            kind: kind.key().to_string(),
            file: None,
            sheet: None,
            cell: None,
            entry: None,
            message_nb,
            message_en,
        }
    }

    pub(crate) fn from_core(p: &CoreProblem) -> Problem {
        let Location {
            file,
            sheet,
            cell,
            entry,
        } = &p.location;
        Problem {
            kind: p.kind.key().to_string(),
            file: file.clone(),
            sheet: sheet.clone(),
            cell: cell.clone(),
            entry: entry.clone(),
            message_nb: p.message_nb.clone(),
            message_en: p.message_en.clone(),
        }
    }

    fn render(&self, lang: Lang) -> String {
        CoreProblem {
            kind: self.kind.parse().unwrap_or_default(),
            location: Location {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                cell: self.cell.clone(),
                entry: self.entry.clone(),
            },
            message_nb: self.message_nb.clone(),
            message_en: self.message_en.clone(),
        }
        .render(lang)
    }
}

#[pymethods]
impl Problem {
    /// What is wrong, in the language set by `styring.set_language`
    /// (Norwegian bokmål unless changed).
    #[getter]
    fn message(&self) -> String {
        pick(&self.message_nb, &self.message_en).to_string()
    }

    /// The problem with its place, e.g. `aurvoll.xlsx: Data!D6: verdien …`.
    fn __str__(&self) -> String {
        self.render(current())
    }

    fn __repr__(&self) -> String {
        format!("Problem({:?})", self.render(current()))
    }
}

/// The exception classes, looked up once from `styring._errors`.
fn class<'py>(py: Python<'py>, name: &'static str) -> PyResult<&'py Bound<'py, PyType>> {
    static STYRING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static VALIDATION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static MODEL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static WORKBOOK: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static SCRIPT: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cell = match name {
        "ValidationError" => &VALIDATION,
        "ModelError" => &MODEL,
        "WorkbookImportError" => &WORKBOOK,
        "ScriptError" => &SCRIPT,
        _ => &STYRING,
    };
    cell.import(py, "styring._errors", name)
}

/// An exception of class `name` with `message` and `problems` attached.
pub(crate) fn raise(
    py: Python<'_>,
    name: &'static str,
    message: String,
    problems: &[Problem],
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = PyList::new(py, problems.iter().cloned())?;
        let exc = class(py, name)?.call1((message.clone(), list))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

fn problems_of(p: &Problems) -> Vec<Problem> {
    p.iter().map(Problem::from_core).collect()
}

/// The message of a problem list: a count and every problem, one a line.
fn listing(problems: &Problems, what_nb: &str, what_en: &str) -> String {
    let lang = current();
    let head = if lang == Lang::Nb {
        format!("{} {what_nb}", problems.len())
    } else {
        format!("{} {what_en}", problems.len())
    };
    format!("{head}:\n{}", problems.render(lang))
}

/// Errors of the engine, as Python exceptions.
pub(crate) enum Failure {
    /// From the core.
    Core(styring::styring_core::Error),
    /// From the Excel adapter.
    Xlsx(styring::styring_xlsx::XlsxError),
    /// A script that cannot be used.
    Script(styring::styring_scripts::ScriptError),
    /// From the SSB adapter.
    Kostra(styring::styring_kostra::KostraError),
    /// Anything else, with a message in both languages and its exception.
    Other {
        class: &'static str,
        nb: String,
        en: String,
    },
}

impl From<styring::styring_core::Error> for Failure {
    fn from(e: styring::styring_core::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<styring::styring_xlsx::XlsxError> for Failure {
    fn from(e: styring::styring_xlsx::XlsxError) -> Self {
        match e {
            styring::styring_xlsx::XlsxError::Core(c) => Failure::Core(c),
            other => Failure::Xlsx(other),
        }
    }
}

impl From<styring::Error> for Failure {
    fn from(e: styring::Error) -> Self {
        match e {
            styring::Error::Core(c) => Failure::Core(c),
            styring::Error::Xlsx(x) => x.into(),
            styring::Error::Script(s) => Failure::Script(s),
            styring::Error::Kostra(k) => Failure::Kostra(k),
            other => Failure::Other {
                class: "StyringError",
                nb: other.render(Lang::Nb),
                en: other.render(Lang::En),
            },
        }
    }
}

impl From<styring::styring_scripts::ScriptError> for Failure {
    fn from(e: styring::styring_scripts::ScriptError) -> Self {
        Failure::Script(e)
    }
}

impl Failure {
    /// A failure with its own message.
    pub(crate) fn other(
        class: &'static str,
        nb: impl Into<String>,
        en: impl Into<String>,
    ) -> Failure {
        Failure::Other {
            class,
            nb: nb.into(),
            en: en.into(),
        }
    }

    /// The Python exception.
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        use styring::styring_core::Error as E;
        let lang = current();
        match self {
            Failure::Core(E::Model(p)) => raise(
                py,
                "ModelError",
                listing(&p, "feil i modellen", "problem(s) in the model"),
                &problems_of(&p),
            ),
            Failure::Core(E::Observations(p)) => raise(
                py,
                "ValidationError",
                listing(
                    &p,
                    "feil i verdiene; ingenting ble lagret",
                    "problem(s) in the values; nothing was stored",
                ),
                &problems_of(&p),
            ),
            Failure::Core(e @ E::Toml { .. }) => {
                let msg = e.render(lang);
                let file = match &e {
                    E::Toml { path, .. } => Some(path.clone()),
                    _ => None,
                };
                let p = Problem {
                    kind: ProblemKind::Invalid.key().to_string(),
                    file,
                    sheet: None,
                    cell: None,
                    entry: None,
                    message_nb: e.render(Lang::Nb),
                    message_en: e.render(Lang::En),
                };
                raise(py, "ModelError", msg, &[p])
            }
            Failure::Core(E::Io { path, source }) => {
                let msg = format!("{path}: {source}");
                if source.kind() == std::io::ErrorKind::NotFound {
                    PyFileNotFoundError::new_err(msg)
                } else {
                    PyOSError::new_err(msg)
                }
            }
            Failure::Core(E::Economy(p)) => raise(
                py,
                "ValidationError",
                listing(
                    &p,
                    "feil i budsjettet eller regnskapet; ingenting ble lagret",
                    "problem(s) in the budget or accounts; nothing was stored",
                ),
                &problems_of(&p),
            ),
            Failure::Core(E::Register(p)) => raise(
                py,
                "ValidationError",
                listing(
                    &p,
                    "feil i registeret; ingenting ble lagret",
                    "problem(s) in the register; nothing was stored",
                ),
                &problems_of(&p),
            ),
            Failure::Core(E::Interchange(p)) => raise(
                py,
                "ValidationError",
                listing(
                    &p,
                    "feil i lagereksporten; ingenting ble lagret",
                    "problem(s) in the store export; nothing was stored",
                ),
                &problems_of(&p),
            ),
            Failure::Core(
                e @ (E::UnknownUnit { .. }
                | E::UnknownIndicator { .. }
                | E::NotAServiceUnit { .. }
                | E::Period(_)
                | E::Actor(_)
                | E::Lock { .. }),
            ) => {
                let kind = match &e {
                    E::UnknownUnit { .. } => ProblemKind::UnknownUnit,
                    E::UnknownIndicator { .. } => ProblemKind::UnknownIndicator,
                    E::NotAServiceUnit { .. } => ProblemKind::NotApplicable,
                    E::Period(_) => ProblemKind::BadPeriod,
                    E::Actor(_) => ProblemKind::BadName,
                    E::Lock { .. } => ProblemKind::Locked,
                    _ => ProblemKind::Other,
                };
                let p = Problem::plain_kind(kind, e.render(Lang::Nb), e.render(Lang::En));
                raise(py, "ValidationError", e.render(lang), &[p])
            }
            // The library says to wait longer; Python says how.
            Failure::Core(e @ E::Busy { .. }) => raise(
                py,
                "StyringError",
                format!(
                    "{} ({})",
                    e.render(lang),
                    pick(
                        "Store.open(…, wait=SEKUNDER)",
                        "Store.open(…, wait=SECONDS)"
                    )
                ),
                &[],
            ),
            Failure::Core(e) => raise(py, "StyringError", e.render(lang), &[]),
            Failure::Xlsx(styring::styring_xlsx::XlsxError::Import(p)) => raise(
                py,
                "WorkbookImportError",
                listing(
                    &p,
                    "feil; ingenting ble importert",
                    "problem(s); nothing was imported",
                ),
                &problems_of(&p),
            ),
            Failure::Xlsx(styring::styring_xlsx::XlsxError::Io { path, source }) => {
                let msg = format!("{path}: {source}");
                if source.kind() == std::io::ErrorKind::NotFound {
                    PyFileNotFoundError::new_err(msg)
                } else {
                    PyOSError::new_err(msg)
                }
            }
            Failure::Xlsx(e) => raise(py, "StyringError", e.render(lang), &[]),
            Failure::Kostra(styring::styring_kostra::KostraError::Read(p)) => raise(
                py,
                "ValidationError",
                listing(
                    &p,
                    "feil; ingenting ble lest",
                    "problem(s); nothing was read",
                ),
                &problems_of(&p),
            ),
            Failure::Kostra(styring::styring_kostra::KostraError::Io { path, source }) => {
                let msg = format!("{path}: {source}");
                if source.kind() == std::io::ErrorKind::NotFound {
                    PyFileNotFoundError::new_err(msg)
                } else {
                    PyOSError::new_err(msg)
                }
            }
            Failure::Kostra(styring::styring_kostra::KostraError::Fetch(f)) => {
                use styring::styring_kostra::pxweb::FetchError;
                match &f {
                    FetchError::Timeout { .. } => PyTimeoutError::new_err(f.render(lang)),
                    FetchError::Connect { .. } => PyConnectionError::new_err(f.render(lang)),
                    FetchError::Selection { problems, .. }
                    | FetchError::Response { problems, .. } => raise(
                        py,
                        "ValidationError",
                        f.render(lang),
                        &problems_of(problems),
                    ),
                    _ => raise(py, "StyringError", f.render(lang), &[]),
                }
            }
            Failure::Kostra(e) => raise(py, "StyringError", e.render(lang), &[]),
            Failure::Script(e) => {
                let p = Problem::plain_kind(
                    ProblemKind::Script,
                    e.render(Lang::Nb),
                    e.render(Lang::En),
                );
                let msg = pick(&p.message_nb, &p.message_en).to_string();
                raise(py, "ScriptError", msg, &[p])
            }
            Failure::Other { class, nb, en } => {
                let p = Problem::plain(nb, en);
                let msg = pick(&p.message_nb, &p.message_en).to_string();
                let problems = if class == "StyringError" {
                    Vec::new()
                } else {
                    vec![p]
                };
                raise(py, class, msg, &problems)
            }
        }
    }
}

/// Runs `f`, turning a panic inside the engine into a `StyringError`
/// instead of a crash of the interpreter.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Failure::other(
                "StyringError",
                format!("intern feil i styring (meld gjerne fra): {what}"),
                format!("internal error in styring (please report it): {what}"),
            ))
        }
    }
}

/// Result type of the bindings' internals.
pub(crate) type Res<T> = Result<T, Failure>;

/// Converts an internal result to a Python one.
pub(crate) fn py_result<T>(py: Python<'_>, r: Res<T>) -> PyResult<T> {
    r.map_err(|e| e.into_py(py))
}

/// A float as Python prints it, or `None`.
pub(crate) fn py_float(v: Option<f64>) -> String {
    match v {
        None => "None".into(),
        Some(x) if x.fract() == 0.0 && x.is_finite() && x.abs() < 1e16 => format!("{x:.1}"),
        Some(x) => format!("{x}"),
    }
}

/// `n` and the noun, singular or plural, for reprs: `1 row`, `2 rows`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
