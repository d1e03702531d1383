//! # styring-scripts — custom traffic-light rules in rhai
//!
//! A controller writes the rule for an indicator as a small rhai script and
//! points the indicator at it in `model.toml`:
//!
//! ```toml
//! rule = { script = "rules/sykefravaer.rhai" }          # a file beside the model
//! rule = { script_inline = "if value <= target { green() } else { red() }" }
//! ```
//!
//! The script sees, read-only: `value` (or `()` when missing), `target`
//! (`target_min`/`target_max` for ranges), `previous` (or `()`), `history`
//! (oldest first), `unit` (`#{id, name, kind}`, `()` for roll-ups),
//! `indicator` (`#{code, name, direction, measure}`) and `period`
//! (`#{text, year, kind}`). It returns a status with `green()`, `yellow()`,
//! `red()` or `no_data()`, each optionally with a reason —
//! `yellow("under målet, men bedre enn i fjor")`. Helpers: `pct_of(a, b)`
//! (a as a percentage of b), `mean(array)`, `improving()` (the value moved
//! the right way since `previous`).
//!
//! An indicator can also be *computed* from others of the same unit and
//! period — `computed = "rules/x.rhai"` or `computed_inline = "…"` — by a
//! script that reads them with `v("M.1.9")` and returns a number or `()`.
//! [`ScriptRules::compute`] fills a dataset with those values, in
//! dependency order; a cycle is a [`ScriptError::Cycle`].
//!
//! ```
//! use styring_core::{example::sample_dataset, model::Model, rule::ScriptSource};
//! use styring_scripts::ScriptRules;
//! let mut model = Model::example();
//! model.set_computed("M.1.5", Some(ScriptSource::Inline(
//!     "let x = v(\"M.1.6\"); if x == () { () } else { x / 2.0 }".into()))).unwrap();
//! let rules = ScriptRules::for_model(&model).unwrap();
//! let data = styring_core::complete::Complete::new(&model, sample_dataset(&model), Some(&rules));
//! let (m15, m16) = (model.indicator_index("M.1.5").unwrap(), model.indicator_index("M.1.6").unwrap());
//! let u = model.unit_index("aurvoll").unwrap();
//! let p = "2025-03".parse().unwrap();
//! assert_eq!(data.get(m15, u, p), data.get(m16, u, p).map(|v| v.map(|v| v / 2.0)));
//! ```
//!
//! Scripts compile once per model; evaluation reuses the compiled script
//! and may run on many threads. The sandbox caps operations, call depth,
//! string, array and map sizes; there is no `eval`, no modules, no files
//! or network; `print`/`debug` go to the evaluation's log.
//!
//! ```
//! use styring_core::{model::Model, rule::{Rule, ScriptSource}, scorecard::{Options, Scorecard}, unit::Scope};
//! use styring_scripts::ScriptRules;
//! let mut model = Model::example();
//! model.set_rule("M.1.5", Rule::Script(ScriptSource::Inline(
//!     "if value == () { no_data() } else if value <= target { green() } else if improving() { yellow(\"bedre enn sist\") } else { red() }".into()))).unwrap();
//! let rules = ScriptRules::for_model(&model).unwrap();
//! let data = styring_core::complete::Complete::new(&model, styring_core::example::sample_dataset(&model), Some(&rules));
//! let opts = Options { custom: Some(&rules), ..Options::default() };
//! let card = Scorecard::build(&model, &data, &Scope::unit("aurvoll").unwrap(), "2025-T2".parse().unwrap(), &opts).unwrap();
//! assert_ne!(card.row("M.1.5").unwrap().status, styring_core::Status::Error);
//! ```

mod computed;
mod engine;
mod error;
mod limits;
mod source;

pub use engine::{Outcome, ScriptRules};
pub use error::ScriptError;
pub use limits::Limits;
pub use source::MAX_SCRIPT_BYTES;
