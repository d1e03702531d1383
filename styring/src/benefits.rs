//! Benefit plans through the library: a plan's workbook read and checked
//! against the model (every version kept), realised values recorded, and
//! each plan with its values from the store and its indicators, as a
//! Report with the benefit map.

use crate::{Error, Workspace};
use chrono::NaiveDate;
use std::path::Path;
use styring_core::asof::AsOf;
use styring_core::problem::{ProblemKind, Problems};
use styring_core::register::{
    benefit_report, check_benefit_plan, realised_values, with_realised, BenefitPlan, RealisedValue,
};
use styring_core::report::Report;
use styring_core::store::Store;
use styring_core::{Lang, Model, Period};
use styring_xlsx::ImportOptions;

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImport {
    /// The plan as read.
    pub plan: BenefitPlan,
    /// The version stored (`None`: the same as the last, or a dry run).
    pub version: Option<i64>,
    /// What the benefit map lacks (a benefit that serves no goal, a
    /// measure or effect missing): stored, and listed.
    pub warnings: Problems,
}

/// Reads a benefit plan's workbook, checks it against the model and
/// (unless `dry_run`) stores it as the plan's next version.
///
/// # Errors
/// Every problem in the workbook at its cell
/// ([`styring_xlsx::XlsxError::Import`]); a unit, indicator or goal the
/// model does not have, or a benefit that cannot be followed up
/// ([`styring_core::Error::Register`]); the store's errors.
pub fn import_benefit_plan(
    model: &Model,
    store: &mut Store,
    path: &Path,
    dry_run: bool,
) -> Result<PlanImport, Error> {
    let plan = styring_xlsx::import::benefits::read_benefit_plan(path, &ImportOptions::default())?;
    let file = styring_xlsx::import::display_name(path);
    let all = check_benefit_plan(model, &plan, &file);
    let (warnings, errors): (Vec<_>, Vec<_>) = all
        .0
        .into_iter()
        .partition(|p| p.kind == ProblemKind::Missing);
    if !errors.is_empty() {
        return Err(Error::Core(styring_core::Error::Register(Problems(errors))));
    }
    let version = if dry_run {
        None
    } else {
        store.add_benefit_plan(&plan)?
    };
    Ok(PlanImport {
        plan,
        version,
        warnings: Problems(warnings),
    })
}

/// Every plan with its realised values (recorded, and from its
/// indicators as the store holds them now).
///
/// # Errors
/// The store's errors.
pub fn benefit_plans(model: &Model, store: &Store) -> Result<Vec<BenefitPlan>, Error> {
    let data = store.dataset_at(model, &AsOf::Now)?;
    store
        .benefit_plans()?
        .into_iter()
        .map(|(p, _, _)| {
            let values = store.benefit_values(&p.id)?;
            Ok(with_realised(model, &data, &values, &p))
        })
        .collect()
}

/// The plan `id` with its realised values, or a refusal naming the plans
/// there are.
///
/// # Errors
/// [`styring_core::Error::Register`] for an unknown id; the store's errors.
pub fn benefit_plan(model: &Model, store: &Store, id: &str) -> Result<BenefitPlan, Error> {
    let plans = benefit_plans(model, store)?;
    let ids: Vec<String> = plans.iter().map(|p| p.id.clone()).collect();
    plans.into_iter().find(|p| p.id == id).ok_or_else(|| {
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        let t = styring_core::problem::Suggestion::unknown_among(
            ("gevinstplan", "benefit plan"),
            id,
            &known,
        );
        let mut p = Problems::default();
        p.add_kind(
            ProblemKind::UnknownReference,
            styring_core::problem::Location::entry("gevinstplan"),
            t.nb,
            t.en,
        );
        Error::Core(styring_core::Error::Register(p))
    })
}

/// Plan `id` as a report for the year of `today`, judged at `today`.
///
/// # Errors
/// As [`benefit_plan`].
pub fn plan_report(
    model: &Model,
    store: &Store,
    id: &str,
    today: NaiveDate,
    lang: Lang,
) -> Result<Report, Error> {
    let plan = benefit_plan(model, store, id)?;
    let period =
        Period::year(chrono::Datelike::year(&today)).map_err(styring_core::Error::Period)?;
    Ok(benefit_report(model, &plan, period, today, lang))
}

/// Every realised value of plan `id` (or of every plan, `None`), each with
/// its plan and its source: recorded, or from the benefit's indicator.
///
/// # Errors
/// As [`benefit_plan`].
pub fn benefit_values(
    model: &Model,
    store: &Store,
    id: Option<&str>,
) -> Result<Vec<(String, RealisedValue)>, Error> {
    let data = store.dataset_at(model, &AsOf::Now)?;
    let plans: Vec<BenefitPlan> = match id {
        Some(id) => {
            benefit_plan(model, store, id)?;
            store
                .benefit_plans()?
                .into_iter()
                .map(|(p, _, _)| p)
                .filter(|p| p.id == id)
                .collect()
        }
        None => store
            .benefit_plans()?
            .into_iter()
            .map(|(p, _, _)| p)
            .collect(),
    };
    let mut out = Vec::new();
    for p in plans {
        let recorded = store.benefit_values(&p.id)?;
        out.extend(
            realised_values(model, &data, &recorded, &p)
                .into_iter()
                .map(|v| (p.id.clone(), v)),
        );
    }
    Ok(out)
}

impl Workspace {
    /// See [`import_benefit_plan`].
    ///
    /// # Errors
    /// As [`import_benefit_plan`].
    pub fn import_benefit_plan(&mut self, path: &Path, dry_run: bool) -> Result<PlanImport, Error> {
        let (model, store) = self.parts_mut();
        import_benefit_plan(model, store, path, dry_run)
    }

    /// See [`benefit_plans`].
    ///
    /// # Errors
    /// As [`benefit_plans`].
    pub fn benefit_plans(&self) -> Result<Vec<BenefitPlan>, Error> {
        benefit_plans(self.model(), self.store())
    }

    /// Plan `id` as a report judged at `today`.
    ///
    /// # Errors
    /// As [`benefit_plan`].
    pub fn benefit_report(&self, id: &str, today: NaiveDate, lang: Lang) -> Result<Report, Error> {
        plan_report(self.model(), self.store(), id, today, lang)
    }

    /// See [`benefit_values`].
    ///
    /// # Errors
    /// As [`benefit_values`].
    pub fn benefit_values(&self, id: Option<&str>) -> Result<Vec<(String, RealisedValue)>, Error> {
        benefit_values(self.model(), self.store(), id)
    }
}
