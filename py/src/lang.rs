//! The language of messages: Norwegian bokmål unless the analyst asks for
//! English with `styring.set_language("en")`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use styring::styring_core::Lang;

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language in use.
pub(crate) fn current() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Nb
    }
}

/// `nb` or `en`, by the language in use.
pub(crate) fn pick<'a>(nb: &'a str, en: &'a str) -> &'a str {
    current().pick(nb, en)
}

/// Sets the language of messages, reasons and workbooks: `"nb"`
/// (Norwegian bokmål, the default) or `"en"`.
#[pyfunction]
pub fn set_language(language: &str) -> PyResult<()> {
    match language {
        "nb" | "no" => ENGLISH.store(false, Ordering::Relaxed),
        "en" => ENGLISH.store(true, Ordering::Relaxed),
        other => {
            return Err(PyValueError::new_err(format!(
                "language must be \"nb\" or \"en\", not {other:?}"
            )))
        }
    }
    Ok(())
}

/// The language of messages: `"nb"` or `"en"`.
#[pyfunction]
pub fn get_language() -> &'static str {
    match current() {
        Lang::Nb => "nb",
        Lang::En => "en",
    }
}
