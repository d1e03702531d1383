//! Benefit plans in the store: every imported version of a plan kept (the
//! latest is the plan), and realised values recorded directly, each with
//! who and when; the latest value of a benefit and period counts.
//!
//! ```
//! use styring_core::register::{Baseline, Benefit, BenefitKind, BenefitPlan, PlannedBenefit, ProjectKind};
//! use styring_core::store::Store;
//! let mut store = Store::in_memory().unwrap();
//! let plan = BenefitPlan { id: "P-1".into(), project: "Digitalt tilsyn".into(), owner: "kommunalsjef".into(),
//!     units: vec!["hjemmebaserte".into()], kind: ProjectKind::Operations, benefits: vec![PlannedBenefit {
//!         benefit: Benefit { name: "Færre kjørte km".into(), kind: BenefitKind::Quality, measure_unit: Some("km".into()),
//!             baseline: Baseline { value: 1000.0, date: "2025-01-01".parse().unwrap(), source: "Kjørebok".into() },
//!             expected: 600.0, due: "2025".parse().unwrap(), realised: vec![] },
//!         description: String::new(), owner: "leder".into(), indicator: None, goals: vec!["KP.1".into()],
//!         measure: "Skjermbesøk".into(), effect: "Færre turer".into() }] };
//! assert_eq!(store.add_benefit_plan(&plan).unwrap(), Some(1));
//! assert_eq!(store.add_benefit_plan(&plan).unwrap(), None); // the same again: nothing new
//! store.record_benefit_value("P-1", "Færre kjørte km", "2025-T1".parse().unwrap(), 800.0).unwrap();
//! let (plans, values) = (store.benefit_plans().unwrap(), store.benefit_values("P-1").unwrap());
//! assert_eq!(plans[0].0, plan);
//! assert_eq!(values, vec![("Færre kjørte km".to_string(), "2025-T1".parse().unwrap(), 800.0)]);
//! ```

use super::deviations::refused_at;

fn refused(id: &str, kind: ProblemKind, t: Text) -> Error {
    refused_at(&format!("gevinstplan {id}"), kind, t)
}
use super::events::{insert_event, NewEvent};
use super::{stored_instant, EntityKind, Store};
use crate::asof::format_instant;
use crate::error::Error;
use crate::period::Period;
use crate::problem::ProblemKind;
use crate::register::{BenefitPlan, StoredPlan};
use crate::text::Text;
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    /// Stores a version of a benefit plan, unless it is the same as the
    /// latest; gives its version number (`None`: nothing new).
    ///
    /// # Errors
    /// The store's errors.
    pub fn add_benefit_plan(&mut self, plan: &BenefitPlan) -> Result<Option<i64>, Error> {
        let json = serde_json::to_string(&plan.to_stored()).map_err(|e| Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT version, plan FROM benefit_plans WHERE id = ?1 ORDER BY version DESC LIMIT 1",
                [&plan.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(sql)?;
        if last.as_ref().is_some_and(|(_, j)| *j == json) {
            return Ok(None);
        }
        let version = last.map_or(1, |(v, _)| v + 1);
        let now = Utc::now();
        tx.execute(
            "INSERT INTO benefit_plans (id, version, plan, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![plan.id, version, json, format_instant(now), actor.as_str()],
        )
        .map_err(sql)?;
        let e = NewEvent::new(EntityKind::Benefit, &plan.id, "imported");
        insert_event(&tx, &e, &actor, now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(Some(version))
    }

    /// Every plan at its latest version, with when and by whom it was
    /// entered, by id.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged plan.
    pub fn benefit_plans(&self) -> Result<Vec<(BenefitPlan, DateTime<Utc>, String)>, Error> {
        let rows: Vec<(String, String, String, String)> = self
            .conn
            .prepare(
                "SELECT p.id, p.plan, p.at, p.actor FROM benefit_plans p
                 WHERE p.version = (SELECT MAX(version) FROM benefit_plans q WHERE q.id = p.id) ORDER BY p.id",
            )
            .and_then(|mut q| q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect())
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(id, json, at, actor)| {
                let plan = serde_json::from_str::<StoredPlan>(&json)
                    .ok()
                    .and_then(|s| BenefitPlan::from_stored(&s))
                    .ok_or_else(|| {
                        Error::store_file(
                            &self.path,
                            &format!("gevinstplanen {id} er skadet i lageret"),
                            &format!("benefit plan {id} is damaged in the store"),
                        )
                    })?;
                Ok((
                    plan,
                    stored_instant(&self.path, "benefit_plans.at", &at)?,
                    actor,
                ))
            })
            .collect()
    }

    /// Records a realised value of benefit `benefit` of plan `plan` for
    /// `period`, as the store's actor, now.
    ///
    /// # Errors
    /// [`Error::Register`] for an unknown plan or benefit (with «mente
    /// du») or a value that is not finite; the store's errors.
    pub fn record_benefit_value(
        &mut self,
        plan: &str,
        benefit: &str,
        period: Period,
        value: f64,
    ) -> Result<(), Error> {
        let plans = self.benefit_plans()?;
        let Some((p, _, _)) = plans.iter().find(|(p, _, _)| p.id == plan) else {
            let known: Vec<&str> = plans.iter().map(|(p, _, _)| p.id.as_str()).collect();
            let t = crate::problem::Suggestion::unknown_among(
                ("gevinstplan", "benefit plan"),
                plan,
                &known,
            );
            return Err(refused(plan, ProblemKind::UnknownReference, t));
        };
        if !p.benefits.iter().any(|b| b.benefit.name == benefit) {
            let known: Vec<&str> = p.benefits.iter().map(|b| b.benefit.name.as_str()).collect();
            let t =
                crate::problem::Suggestion::unknown_among(("gevinst", "benefit"), benefit, &known);
            return Err(refused(plan, ProblemKind::UnknownReference, t));
        }
        if !value.is_finite() {
            return Err(refused(
                plan,
                ProblemKind::NotANumber,
                Text::new(
                    format!("{value} er ikke et tall"),
                    format!("{value} is not a number"),
                ),
            ));
        }
        let (path, wait, actor) = (self.path.clone(), self.wait, self.actor.clone());
        let sql = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let tx = self.begin_write()?;
        let now = Utc::now();
        tx.execute(
            "INSERT INTO benefit_values (plan, benefit, period, value, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![plan, benefit, period.to_string(), value, format_instant(now), actor.as_str()],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// The realised values recorded for plan `plan`: the latest for each
    /// benefit and period, as (benefit, period, value).
    ///
    /// # Errors
    /// The store's errors.
    pub fn benefit_values(&self, plan: &str) -> Result<Vec<(String, Period, f64)>, Error> {
        let rows: Vec<(String, String, f64)> = self
            .conn
            .prepare(
                "SELECT v.benefit, v.period, v.value FROM benefit_values v
                 WHERE v.plan = ?1 AND v.id = (SELECT MAX(id) FROM benefit_values w
                     WHERE w.plan = v.plan AND w.benefit = v.benefit AND w.period = v.period)
                 ORDER BY v.benefit, v.period",
            )
            .and_then(|mut q| {
                q.query_map([plan], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(b, p, v)| {
                let p = p.parse::<Period>().map_err(|_| {
                    Error::store_file(
                        &self.path,
                        &format!("benefit_values.period har en skadet verdi «{p}»"),
                        &format!("benefit_values.period holds a damaged value \"{p}\""),
                    )
                })?;
                Ok((b, p, v))
            })
            .collect()
    }
}
