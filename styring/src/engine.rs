//! The engine: a model with its scripts compiled, and the one pipeline
//! every view goes through — store → dataset → computed indicators →
//! statuses → scorecards, overview, goals, workbooks.

use crate::Error;
use chrono::NaiveDate;
use std::path::Path;
use styring_core::asof::AsOf;
use styring_core::complete::Complete;
use styring_core::observation::Dataset;
use styring_core::scorecard::{goal_statuses, GoalStatus, Options, Overview, Scorecard};
use styring_core::store::Store;
use styring_core::unit::Scope;
use styring_core::{Lang, Model, Period};
use styring_scripts::ScriptRules;
use styring_xlsx::import::{FileReport, ImportOptions};
use styring_xlsx::ExportSummary;

/// How a scorecard is built: how much history, and which day is today (for
/// the «forsinket» flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardOptions {
    /// Values of history shown, the current one included (1–60).
    pub history: usize,
    /// Today; `None` flags no value as late.
    pub today: Option<NaiveDate>,
}

impl Default for CardOptions {
    fn default() -> Self {
        CardOptions {
            history: 6,
            today: None,
        }
    }
}

/// A model with its scripts compiled: the start of every computation.
///
/// ```
/// use styring::{AsOf, Engine, Scope};
/// let engine = Engine::example().unwrap();
/// let store = styring::example_store(engine.model()).unwrap();
/// let data = engine.data(&store, &AsOf::Now).unwrap();
/// let card = engine
///     .scorecard(&data, &Scope::Municipality, "2025-T2".parse().unwrap(), &Default::default())
///     .unwrap();
/// assert_eq!(card.scope_name, "Øyer kommune");
/// // Computed indicators are filled in: total sick leave has a value.
/// assert!(card.row("M.1.8").unwrap().value.is_some());
/// ```
#[derive(Debug)]
pub struct Engine {
    model: Model,
    rules: ScriptRules,
}

impl Engine {
    /// Compiles `model`'s scripts.
    ///
    /// # Errors
    /// [`Error::Script`] for a script that does not compile, or computed
    /// indicators that read each other in a cycle.
    pub fn new(model: Model) -> Result<Engine, Error> {
        let rules = ScriptRules::for_model(&model)?;
        Ok(Engine { model, rules })
    }

    /// Loads and checks the model at `path` and compiles its scripts.
    ///
    /// # Errors
    /// [`Error::NoModel`] when there is no such file (the message says how
    /// to get one); the model's problems; the scripts' errors.
    pub fn load(path: &Path) -> Result<Engine, Error> {
        if !path.exists() {
            return Err(Error::NoModel {
                path: path.display().to_string(),
            });
        }
        Engine::new(Model::load(path)?)
    }

    /// The Øyer kommune example.
    ///
    /// # Errors
    /// None in practice: the example's scripts are part of this program.
    pub fn example() -> Result<Engine, Error> {
        Engine::new(Model::example())
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The compiled scripts.
    pub fn rules(&self) -> &ScriptRules {
        &self.rules
    }

    /// The model back.
    pub fn into_model(self) -> Model {
        self.model
    }

    /// `data` with the computed indicators filled in — the one place they
    /// are.
    pub fn complete(&self, data: Dataset) -> Complete {
        Complete::new(&self.model, data, Some(&self.rules))
    }

    /// The store's values as of `as_of`, completed.
    ///
    /// # Errors
    /// The store's errors; [`styring_core::Error::Lock`] for a period that
    /// was never reported.
    pub fn data(&self, store: &Store, as_of: &AsOf) -> Result<Complete, Error> {
        Ok(self.complete(store.dataset_at(&self.model, as_of)?))
    }

    /// Scorecard options with this engine's scripts.
    pub fn options(&self, card: &CardOptions) -> Options<'_> {
        Options {
            history: card.history.clamp(1, 60),
            today: card.today,
            custom: Some(&self.rules),
            ..Options::default()
        }
    }

    /// The scorecard of `scope` for `period`.
    ///
    /// # Errors
    /// [`styring_core::Error::UnknownUnit`] for a scope outside the model.
    pub fn scorecard(
        &self,
        data: &Complete,
        scope: &Scope,
        period: Period,
        card: &CardOptions,
    ) -> Result<Scorecard, Error> {
        Ok(Scorecard::build(
            &self.model,
            data,
            scope,
            period,
            &self.options(card),
        )?)
    }

    /// The overview: every unit × every indicator for `period`.
    pub fn overview(&self, data: &Complete, period: Period) -> Overview {
        Overview::build(
            &self.model,
            data,
            period,
            &self.options(&CardOptions::default()),
        )
    }

    /// The goal tree with statuses for `period`.
    pub fn goals(&self, data: &Complete, period: Period) -> Vec<GoalStatus> {
        goal_statuses(
            &self.model,
            data,
            period,
            &self.options(&CardOptions::default()),
        )
    }

    /// Every service unit's scorecard and the municipality's, in the
    /// model's order (the municipality last).
    ///
    /// # Errors
    /// As [`Engine::scorecard`].
    pub fn evaluate(
        &self,
        data: &Complete,
        period: Period,
        card: &CardOptions,
    ) -> Result<Vec<(Scope, Scorecard)>, Error> {
        let mut scopes: Vec<Scope> = self
            .model
            .service_units(&Scope::Municipality)
            .iter()
            .map(|u| Scope::Unit(u.id.clone()))
            .collect();
        scopes.push(Scope::Municipality);
        scopes
            .into_iter()
            .map(|s| {
                let c = self.scorecard(data, &s, period, card)?;
                Ok((s, c))
            })
            .collect()
    }

    /// Writes the scorecard workbook for `period` to `path`, atomically.
    ///
    /// # Errors
    /// [`Error::Xlsx`] when writing fails (the old file stays).
    pub fn export_xlsx(
        &self,
        data: &Complete,
        period: Period,
        path: &Path,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<ExportSummary, Error> {
        self.export_xlsx_with(data, period, path, lang, today, Vec::new())
    }

    /// [`Engine::export_xlsx`] with `extra` reports as sheets after the
    /// units' (the KOSTRA section, [`crate::kostra::workbook_section`]).
    ///
    /// # Errors
    /// As [`Engine::export_xlsx`].
    pub fn export_xlsx_with(
        &self,
        data: &Complete,
        period: Period,
        path: &Path,
        lang: Lang,
        today: NaiveDate,
        extra: Vec<styring_core::report::Report>,
    ) -> Result<ExportSummary, Error> {
        let opts = styring_xlsx::ExportOptions {
            lang,
            today,
            scorecard: self.options(&CardOptions {
                today: Some(today),
                ..CardOptions::default()
            }),
            extra,
        };
        Ok(styring_xlsx::write_scorecard_workbook(
            &self.model,
            data,
            period,
            path,
            &opts,
        )?)
    }

    /// Writes `unit`'s input template for `year` to `path`, filled in with
    /// the values `data` already has. `unit` is an id or a name.
    ///
    /// # Errors
    /// An unknown unit or a sector, a year outside 1900–2200, a failed
    /// write. Returns the number of indicator rows.
    pub fn template(
        &self,
        data: Option<&Complete>,
        unit: &str,
        year: i32,
        path: &Path,
    ) -> Result<usize, Error> {
        let u = self.model.resolve_service_unit(unit)?;
        Ok(styring_xlsx::write_template(
            &self.model,
            data,
            u.id.as_str(),
            year,
            path,
        )?)
    }

    /// Reads and checks `paths` without touching any store: every problem
    /// in every file, or the checked values.
    ///
    /// # Errors
    /// [`Error::Xlsx`] with every problem.
    pub fn check_workbooks(
        &self,
        paths: &[&Path],
        opts: &ImportOptions,
    ) -> Result<CheckedFiles, Error> {
        let mut opts = opts.clone();
        if let Some(u) = &opts.expected_unit {
            opts.expected_unit = Some(self.model.resolve_service_unit(u)?.id.to_string());
        }
        let (files, batch) = styring_xlsx::import::read_and_validate(&self.model, paths, &opts)?;
        Ok(CheckedFiles { files, batch })
    }

    /// Writes checked files to `store`: one batch per file, in one
    /// transaction.
    ///
    /// # Errors
    /// [`Error::Xlsx`] for values in locked periods; the store's errors.
    /// Then nothing is stored.
    pub fn store_workbooks(
        &self,
        store: &mut Store,
        checked: &CheckedFiles,
    ) -> Result<Vec<FileReport>, Error> {
        Ok(styring_xlsx::import::write_checked(
            &self.model,
            store,
            &checked.files,
            &checked.batch,
        )?)
    }

    /// Checks `paths`, then writes their values to `store`; with any
    /// problem in any file nothing is written.
    ///
    /// # Errors
    /// As [`Engine::check_workbooks`] and [`Engine::store_workbooks`].
    pub fn import(
        &self,
        store: &mut Store,
        paths: &[&Path],
        opts: &ImportOptions,
    ) -> Result<Vec<FileReport>, Error> {
        let checked = self.check_workbooks(paths, opts)?;
        self.store_workbooks(store, &checked)
    }
}

/// Workbooks read and checked, ready to store.
#[derive(Debug)]
pub struct CheckedFiles {
    files: Vec<styring_xlsx::import::FileValues>,
    batch: styring_core::batch::Batch,
}

impl CheckedFiles {
    /// One report per file (no store counts yet).
    pub fn reports(&self) -> Vec<FileReport> {
        styring_xlsx::import::reports(&self.files)
    }

    /// How many values were read.
    pub fn values(&self) -> usize {
        self.batch.rows.len()
    }
}
