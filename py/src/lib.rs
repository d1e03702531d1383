//! Python bindings for Styring: the native module `styring._styring`,
//! re-exported by the `styring` package (see `python/styring`). Built with
//! maturin (`pip install ./py`); kept out of the workspace's default
//! members so that a plain `cargo test` needs no Python.

use pyo3::prelude::*;

mod benefits;
mod cards;
mod economy;
mod errors;
mod frames;
mod kostra;
mod lang;
mod model;
mod registers;
mod report;
mod store;

/// The native module; `import styring` is the way in.
#[pymodule]
fn _styring(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<model::Model>()?;
    m.add_class::<model::Unit>()?;
    m.add_class::<model::Indicator>()?;
    m.add_class::<model::Perspective>()?;
    m.add_class::<model::FocusArea>()?;
    m.add_class::<model::Goal>()?;
    m.add_class::<model::Rule>()?;
    m.add_class::<errors::Problem>()?;
    m.add_class::<store::Store>()?;
    m.add_class::<store::RecordSummary>()?;
    m.add_class::<store::ImportSummary>()?;
    m.add_class::<store::FileImport>()?;
    m.add_class::<store::Revision>()?;
    m.add_class::<cards::Scorecard>()?;
    m.add_class::<cards::Row>()?;
    m.add_class::<cards::Overview>()?;
    m.add_class::<report::Section>()?;
    m.add_class::<economy::Report>()?;
    m.add_class::<economy::Economy>()?;
    m.add_function(wrap_pyfunction!(economy::import_budget, m)?)?;
    m.add_function(wrap_pyfunction!(economy::plan_versions, m)?)?;
    m.add_function(wrap_pyfunction!(economy::check_budget, m)?)?;
    m.add_function(wrap_pyfunction!(economy::budget, m)?)?;
    m.add_function(wrap_pyfunction!(economy::import_accounts, m)?)?;
    m.add_function(wrap_pyfunction!(economy::set_forecast, m)?)?;
    m.add_function(wrap_pyfunction!(economy::accounts, m)?)?;
    m.add_function(wrap_pyfunction!(economy::economy, m)?)?;
    m.add_function(wrap_pyfunction!(registers::import_deviations, m)?)?;
    m.add_function(wrap_pyfunction!(registers::deviations, m)?)?;
    m.add_function(wrap_pyfunction!(registers::add_deviation, m)?)?;
    m.add_function(wrap_pyfunction!(registers::move_deviation, m)?)?;
    m.add_function(wrap_pyfunction!(registers::deviations_report, m)?)?;
    m.add_function(wrap_pyfunction!(registers::deviation, m)?)?;
    m.add_function(wrap_pyfunction!(registers::whistleblowing_cases, m)?)?;
    m.add_function(wrap_pyfunction!(registers::add_case, m)?)?;
    m.add_function(wrap_pyfunction!(registers::whistleblowing, m)?)?;
    m.add_function(wrap_pyfunction!(registers::access_log, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::import_benefit_plan, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::benefit_plans, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::benefits, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::benefit_values, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::record_benefit_value, m)?)?;
    m.add_function(wrap_pyfunction!(benefits::benefit_report, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::read_kostra, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::import_kostra, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::kostra_values, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::kostra_comparison, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::fetch_kostra, m)?)?;
    m.add_function(wrap_pyfunction!(kostra::kostra_tables, m)?)?;
    m.add_function(wrap_pyfunction!(cards::scorecard, m)?)?;
    m.add_function(wrap_pyfunction!(cards::overview, m)?)?;
    m.add_function(wrap_pyfunction!(cards::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(cards::export_xlsx, m)?)?;
    m.add_function(wrap_pyfunction!(cards::write_template, m)?)?;
    m.add_function(wrap_pyfunction!(lang::set_language, m)?)?;
    m.add_function(wrap_pyfunction!(lang::get_language, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
