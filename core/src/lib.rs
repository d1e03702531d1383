//! # styring-core — the domain of *helhetlig styring*
//!
//! Balanced-scorecard management for a Norwegian municipality, from the
//! municipal master plan down to each service unit and leader. This crate
//! is the domain: data, rules and the persistence of its own two files
//! (`model.toml` and `store.sqlite`). Spreadsheets, scripts and Python live
//! in the adapter crates.
//!
//! ## A tour
//!
//! | module | holds |
//! | --- | --- |
//! | [`period`] | [`period::Period`]: months `2025-03`, tertials `2025-T2`, years `2025` |
//! | [`ids`] | validated identifiers: indicator codes, unit ids, … |
//! | [`perspective`] | perspectives and focus areas |
//! | [`unit`] | units, sectors and the [`unit::Scope`] of a scorecard |
//! | [`indicator`] | indicators: measure, direction, frequency, aggregation |
//! | [`target`] | targets per year or period, for all units or one; most specific wins |
//! | [`rule`] | rules that turn a value into a [`status::Status`] with a reason |
//! | [`status`] | traffic lights and status roll-up policies |
//! | [`trend`] | improving / worsening / stable, by direction |
//! | [`goal`] | the goal tree, «den røde tråden» |
//! | [`model`] | the validated [`model::Model`] and `model.toml` |
//! | [`observation`] | observations, batch validation, the in-memory [`observation::Dataset`] |
//! | [`complete`] | a dataset with its computed indicators filled in |
//! | [`batch`] | compact batches of resolved observations, checked all together |
//! | [`rollup`] | sector and municipality values computed from unit values |
//! | [`scorecard`] | scorecards, the overview matrix and goal statuses |
//! | [`store`] | the SQLite ledger: revisions, provenance, locks, events |
//! | [`deadline`] | when values are due, and which are late |
//! | [`asof`], [`local_time`], [`actor`] | points in time, the «as of» rule and Norwegian local time; who did it |
//! | [`keyword`] | closed sets with one text form |
//! | [`example`] | Øyer kommune and its sample data |
//! | [`problem`], [`error`], [`lang`], [`fsutil`] | messages, errors, languages, atomic writes |
//!
//! ```
//! use styring_core::{example, model::Model, scorecard::{Options, Scorecard}, unit::Scope};
//! let model = Model::example();
//! let data = styring_core::complete::Complete::new(&model, example::sample_dataset(&model), None);
//! let card = Scorecard::build(&model, &data, &Scope::Municipality, "2025-T2".parse().unwrap(), &Options::default()).unwrap();
//! assert_eq!(card.scope_name, "Øyer kommune");
//! assert!(card.counts.green > 0 && card.counts.red > 0);
//! ```

pub mod actor;
pub mod asof;
pub mod batch;
pub mod complete;
pub mod deadline;
pub mod economy;
pub mod error;
pub mod example;
pub mod fsutil;
pub mod goal;
pub mod ids;
pub mod indicator;
pub mod keyword;
pub mod kostra;
pub mod lang;
pub mod local_time;
pub mod model;
pub mod observation;
pub mod period;
pub mod perspective;
pub mod problem;
pub mod register;
pub mod report;
pub mod rollup;
pub mod rule;
pub mod scorecard;
pub mod status;
pub mod store;
pub mod target;
pub mod text;
pub mod trend;
pub mod unit;

pub use error::Error;
pub use lang::Lang;
pub use model::Model;
pub use period::Period;
pub use status::Status;
pub use text::{Localized, Text};
