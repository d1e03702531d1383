//! # styring — helhetlig styring for a Norwegian municipality
//!
//! The crate a Rust user depends on. It puts the parts behind one surface:
//! the domain ([`styring_core`]: periods, indicators, targets, rules,
//! scorecards, the goal tree, the store), Excel ([`styring_xlsx`]), rhai
//! scripts ([`styring_scripts`]), HTML pages ([`styring_html`]), and runs the one pipeline every view
//! goes through:
//!
//! store → dataset → computed indicators ([`Complete`]) → statuses →
//! scorecards, overview, goals, workbooks.
//!
//! | type | is |
//! | --- | --- |
//! | [`Engine`] | a model with its scripts compiled; every computation starts here |
//! | [`Workspace`] | an engine, its store and the as-of time, opened once |
//! | [`Complete`] | a dataset with its computed indicators filled in |
//! | [`report::Report`] | what every output renders: scorecards, the overview, and the reports to come |
//! | [`Error`] | everything that can go wrong, in Norwegian or English |
//!
//! ```
//! use styring::{Workspace, CardOptions};
//! let ws = Workspace::example().unwrap();
//! let card = ws.scorecard("aurvoll", "2025-T2".parse().unwrap(), &CardOptions::default()).unwrap();
//! assert_eq!(card.scope_name, "Aurvoll skole");
//! assert!(card.counts.green > 0);
//! ```

pub mod benefits;
pub mod economy;
mod engine;
mod error;
pub mod kostra;
pub mod register;
pub mod whistleblowing;
mod workspace;

pub use economy::AccountsImport;
pub use engine::{CardOptions, CheckedFiles, Engine};
pub use error::Error;
pub use workspace::Workspace;

pub use styring_core;
pub use styring_html;
pub use styring_kostra;
pub use styring_scripts;
pub use styring_xlsx;

pub use styring_core::report;

pub use styring_core::actor::Actor;
pub use styring_core::asof::AsOf;
pub use styring_core::complete::Complete;
pub use styring_core::scorecard::{GoalStatus, Overview, Scorecard};
pub use styring_core::store::{BatchInfo, OpenOptions, Store};
pub use styring_core::text;
pub use styring_core::unit::Scope;
pub use styring_core::{Lang, Localized, Model, Period, Status, Text};

/// Writes `bytes` to `path` atomically (a temporary file beside it, fsync,
/// rename): a failed write never leaves half a file.
///
/// # Errors
/// [`styring_core::Error::Io`] naming the file.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    styring_core::fsutil::write_atomic(path, bytes).map_err(|e| {
        Error::Core(styring_core::Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    })
}

/// A store in memory with the Øyer example's sample data for `model`.
///
/// # Errors
/// The store's errors (none in practice).
pub fn example_store(model: &Model) -> Result<Store, Error> {
    let mut store = Store::in_memory()?;
    styring_core::example::populate_store(&mut store, model)?;
    Ok(store)
}
