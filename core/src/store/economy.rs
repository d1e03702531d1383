//! The economy in the store: plan versions (kept as entered, never
//! changed), account lines (revised batch by batch, locked periods
//! refused), and entered forecasts (appended).
//!
//! ```
//! use styring_core::economy::{AccountLine, Decision, Line, PlanVersion, VersionKind, YearBudget};
//! use styring_core::store::{BatchInfo, Store};
//! let mut store = Store::in_memory().unwrap();
//! let mut y = YearBudget::default();
//! y.lines.insert(Line::Rammetilskudd, -100.0);
//! y.areas.insert("tekniske".parse().unwrap(), 100.0);
//! let decision = Some(Decision { reference: "KST-sak 98/24".into(), date: "2024-12-12".parse().unwrap() });
//! let plan = PlanVersion { id: "vedtatt-2025".into(), kind: VersionKind::Adopted, title: "2025–2028".into(),
//!     decision, based_on: None, first_year: 2025, years: vec![y; 4] };
//! store.add_plan_version(&plan).unwrap();
//! assert_eq!(store.plan_versions().unwrap()[0].version, plan);
//! let line = AccountLine { unit: "tekniske".parse().unwrap(), month: "2025-01".parse().unwrap(),
//!     category: None, amount: 8.0, location: Default::default() };
//! let s = store.record_accounts(&[line.clone()], &BatchInfo::new("import")).unwrap();
//! assert_eq!((s.new, s.changed, s.unchanged), (1, 0, 0));
//! // The same file again changes nothing.
//! let s = store.record_accounts(&[line], &BatchInfo::new("import")).unwrap();
//! assert_eq!((s.new, s.unchanged, s.batch), (0, 1, 0));
//! ```

use super::{stored_actor, stored_instant, BatchInfo, BatchSummary, EntityKind, NewEvent, Store};
use crate::actor::Actor;
use crate::asof::format_instant;
use crate::economy::{
    AccountLine, Decision, EnteredForecast, IncomingLine, PlanVersion, SheetRef, VersionKind,
    YearBudget,
};
use crate::error::Error;
use crate::ids::UnitId;
use crate::period::{Frequency, Period};
use crate::problem::{Location, ProblemKind, Problems};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::BTreeMap;

/// A plan version as the store keeps it: who entered it, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVersion {
    /// The version.
    pub version: PlanVersion,
    /// When it was entered.
    pub entered_at: DateTime<Utc>,
    /// Who entered it.
    pub actor: Option<Actor>,
}

fn economy_error(path: &str, column: &str, what: &str) -> Error {
    Error::Store {
        path: path.to_string(),
        message: format!("{column} holds {what}; the store is damaged"),
    }
}

impl Store {
    /// Stores a new plan version, as entered by the store's actor now, and
    /// an event for it. A version is never changed: an id that is already
    /// stored is refused, as is a version based on one that is not.
    ///
    /// # Errors
    /// [`Error::Economy`] naming the version; [`Error::Store`] or
    /// [`Error::Busy`] when the database fails.
    pub fn add_plan_version(&mut self, v: &PlanVersion) -> Result<(), Error> {
        self.add_plan_version_at(v, Utc::now())
    }

    /// As [`Store::add_plan_version`], entered at `at` (for history brought
    /// in from elsewhere, and the example).
    ///
    /// # Errors
    /// As [`Store::add_plan_version`].
    pub fn add_plan_version_at(
        &mut self,
        v: &PlanVersion,
        entered: DateTime<Utc>,
    ) -> Result<(), Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let actor = self.actor.clone();
        let years = serde_json::to_string(&v.years)
            .map_err(|x| economy_error(&path, "plan_versions.years", &x.to_string()))?;
        let tx = self.begin_write()?;
        let exists = |id: &str| -> Result<bool, Error> {
            tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM plan_versions WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(e)
        };
        let at = Location::entry(format!("økonomiplan «{}»", v.id));
        let mut problems = Problems::default();
        if v.id.trim().is_empty() {
            problems.add_kind(
                ProblemKind::Missing,
                at.clone(),
                "versjonen mangler id",
                "the version has no id",
            );
        } else if exists(&v.id)? {
            problems.add_kind(
                ProblemKind::Duplicate,
                at.clone(),
                format!("versjonen «{}» finnes fra før; en vedtatt versjon endres aldri — gi den nye versjonen en ny id", v.id),
                format!("version \"{}\" is already stored; a version is never changed — give the new version a new id", v.id),
            );
        }
        if let Some(b) = &v.based_on {
            if !exists(b)? {
                let known: Vec<String> = tx
                    .prepare("SELECT id FROM plan_versions ORDER BY id")
                    .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
                    .map_err(e)?;
                let s = crate::problem::Suggestion::closest(b, known.iter().map(String::as_str));
                let t = s.unknown(("versjon", "version"), b);
                problems.add_kind(
                    ProblemKind::UnknownReference,
                    at.clone(),
                    format!("bygger på {}", t.nb),
                    format!("based on {}", t.en),
                );
            }
        }
        if v.kind.is_decided() && v.decision.is_none() {
            problems.add_kind(
                ProblemKind::Missing,
                at,
                format!(
                    "versjonen er «{}» og trenger vedtaket (sak og dato, f.eks. KST-sak 45/25, 2025-06-19)",
                    v.kind.word(crate::Lang::Nb)
                ),
                format!(
                    "the version is \"{}\" and needs its decision (case and date, e.g. KST-sak 45/25, 2025-06-19)",
                    v.kind.word(crate::Lang::En)
                ),
            );
        }
        if !problems.is_empty() {
            return Err(Error::Economy(problems));
        }
        let now = entered.trunc_subsecs(6);
        tx.execute(
            "INSERT INTO plan_versions (id, kind, title, decision_ref, decided_on, based_on, first_year, years, entered_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                v.id,
                v.kind.key(),
                v.title,
                v.decision.as_ref().map(|d| d.reference.clone()),
                v.decision.as_ref().map(|d| d.date.to_string()),
                v.based_on,
                v.first_year,
                years,
                format_instant(now),
                actor.as_str()
            ],
        )
        .map_err(e)?;
        let mut ev = NewEvent::new(EntityKind::Plan, &v.id, v.kind.key());
        ev.reason = v
            .decision
            .as_ref()
            .map(|d| format!("{} {}", d.reference, d.date));
        super::events::insert_event(&tx, &ev, &actor, now).map_err(e)?;
        tx.commit().map_err(e)
    }

    /// Every plan version, in the order entered.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row.
    pub fn plan_versions(&self) -> Result<Vec<StoredVersion>, Error> {
        let path = &self.path;
        type Raw = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<Raw> = self
            .conn
            .prepare(
                "SELECT id, kind, title, decision_ref, decided_on, based_on, first_year, years, entered_at, actor
                 FROM plan_versions ORDER BY rowid",
            )
            .and_then(|mut q| {
                q.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
                })?
                .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(
                |(id, kind, title, dref, don, based_on, first, years, at, actor)| {
                    let kind: VersionKind = kind.parse().map_err(|_| {
                        economy_error(path, "plan_versions.kind", &format!("\"{kind}\""))
                    })?;
                    let decision = match (dref, don) {
                        (Some(reference), Some(d)) => Some(Decision {
                            reference,
                            date: NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                                economy_error(path, "plan_versions.decided_on", &format!("\"{d}\""))
                            })?,
                        }),
                        _ => None,
                    };
                    let years: Vec<YearBudget> = serde_json::from_str(&years)
                        .map_err(|x| economy_error(path, "plan_versions.years", &x.to_string()))?;
                    let first_year = i32::try_from(first).map_err(|_| {
                        economy_error(path, "plan_versions.first_year", &first.to_string())
                    })?;
                    Ok(StoredVersion {
                        version: PlanVersion {
                            id,
                            kind,
                            title,
                            decision,
                            based_on,
                            first_year,
                            years,
                        },
                        entered_at: stored_instant(path, "plan_versions.entered_at", &at)?,
                        actor: stored_actor(path, "plan_versions.actor", actor)?,
                    })
                },
            )
            .collect()
    }

    /// The version accounts for `period` are measured against: the latest
    /// decided version (adopted or a regulation) covering its year, decided
    /// by the period's end; else the latest decided one covering the year;
    /// else the latest version of any kind covering it.
    ///
    /// # Errors
    /// As [`Store::plan_versions`].
    pub fn plan_for(&self, period: Period) -> Result<Option<PlanVersion>, Error> {
        let all: Vec<PlanVersion> = self
            .plan_versions()?
            .into_iter()
            .map(|s| s.version)
            .collect();
        Ok(crate::economy::plan_for(&all, period).cloned())
    }

    /// Records account lines as one batch. Each (unit, month, category) is
    /// revised: an unchanged amount is not written again (so importing the
    /// same file twice changes nothing), and a month in a locked period is
    /// refused. A category stored for a unit and month that the new lines
    /// no longer have is revised to zero, so the month is what the file
    /// says. Every problem is reported and nothing is stored if there is
    /// one.
    ///
    /// # Errors
    /// [`Error::Economy`] with each locked line; [`Error::Store`] or
    /// [`Error::Busy`] when the database fails.
    pub fn record_accounts(
        &mut self,
        lines: &[AccountLine],
        batch: &BatchInfo,
    ) -> Result<BatchSummary, Error> {
        // The lines by key, categories summed (an export may split a
        // category over several account lines), each at its first line.
        let mut by_key: BTreeMap<(&str, i64, &str), (f64, usize)> = BTreeMap::new();
        for (i, l) in lines.iter().enumerate() {
            let key = (
                l.unit.as_str(),
                l.month.to_key(),
                l.category.as_deref().unwrap_or(""),
            );
            by_key
                .entry(key)
                .and_modify(|x| x.0 += l.amount)
                .or_insert((l.amount, i));
        }
        let mut firsts: Vec<(usize, f64)> = by_key.into_values().map(|(a, i)| (i, a)).collect();
        firsts.sort_by_key(|x| x.0);
        let mut w = self.accounts_writer(batch)?;
        let mut sheet: Option<std::sync::Arc<SheetRef>> = None;
        for (i, amount) in firsts {
            let Some(l) = lines.get(i) else { continue };
            let place = SheetRef {
                file: l.location.file.clone(),
                sheet: l.location.sheet.clone(),
            };
            let shared = match &sheet {
                Some(s) if **s == place => s.clone(),
                _ => std::sync::Arc::new(place),
            };
            sheet = Some(shared.clone());
            w.push(&IncomingLine {
                amount,
                ..IncomingLine::of(l, shared)
            })?;
        }
        w.finish()
    }

    /// The current account lines (the latest revision of each unit, month
    /// and category), in key order.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row.
    pub fn account_lines(&self) -> Result<Vec<AccountLine>, Error> {
        self.account_lines_at(None)
    }

    /// The account lines as they stood at `at` (the latest revision
    /// recorded by then).
    ///
    /// # Errors
    /// As [`Store::account_lines`].
    pub fn account_lines_at(&self, at: Option<DateTime<Utc>>) -> Result<Vec<AccountLine>, Error> {
        let path = &self.path;
        let until = at.map(format_instant).unwrap_or_else(|| "9999".into());
        type Raw = (
            String,
            i64,
            String,
            f64,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Raw> = self
            .conn
            .prepare(
                "SELECT u.code, a.month, c.name, a.amount, b.file, s.name, a.cell FROM account_lines a
                 JOIN batches b ON b.id = a.batch
                 JOIN units u ON u.id = a.unit
                 JOIN account_categories c ON c.id = a.category
                 LEFT JOIN sheet_names s ON s.id = a.sheet
                 WHERE a.batch = (SELECT max(x.batch) FROM account_lines x JOIN batches bx ON bx.id = x.batch
                                  WHERE x.unit = a.unit AND x.month = a.month AND x.category = a.category
                                    AND bx.recorded_at <= ?1)
                 ORDER BY u.code, a.month, c.name",
            )
            .and_then(|mut q| {
                q.query_map([&until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
                    .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(unit, month, cat, amount, file, sheet, cell)| {
                let month = Period::from_key(month)
                    .filter(|p| p.frequency() == Frequency::Month)
                    .ok_or_else(|| {
                        economy_error(path, "account_lines.month", &month.to_string())
                    })?;
                Ok(AccountLine {
                    unit: UnitId::new(&unit).map_err(|_| {
                        economy_error(path, "account_lines.unit", &format!("\"{unit}\""))
                    })?,
                    month,
                    category: (!cat.is_empty()).then_some(cat),
                    amount,
                    location: Location {
                        file,
                        sheet,
                        cell,
                        entry: None,
                    },
                })
            })
            .collect()
    }

    /// Stores a forecast for the year-end deviation of `unit`, made in the
    /// tertial `period`, by the store's actor now; refused for a locked
    /// period.
    ///
    /// # Errors
    /// [`Error::Economy`] for a period that is not a tertial or is locked;
    /// [`Error::Store`] or [`Error::Busy`] when the database fails.
    pub fn add_forecast(
        &mut self,
        unit: &UnitId,
        period: Period,
        amount: f64,
        comment: &str,
    ) -> Result<EnteredForecast, Error> {
        let (path, wait) = (self.path.clone(), self.wait);
        let e = |e: rusqlite::Error| super::sql_error(&path, wait, e);
        let actor = self.actor.clone();
        let at = Location::entry(format!("prognose {unit} {period}"));
        let mut problems = Problems::default();
        if period.frequency() != Frequency::Tertial {
            problems.add_kind(
                ProblemKind::BadPeriod,
                at.clone(),
                format!(
                    "en prognose meldes per tertial (f.eks. {}-T2), ikke for {period}",
                    period.year_number()
                ),
                format!(
                    "a forecast is entered per tertial (e.g. {}-T2), not for {period}",
                    period.year_number()
                ),
            );
        }
        if !amount.is_finite() {
            problems.add_kind(
                ProblemKind::NotANumber,
                at.clone(),
                "beløpet er ikke et tall",
                "the amount is not a number",
            );
        }
        let tx = self.begin_write()?;
        if let Some(l) = super::locks::current(&tx, &path)?
            .iter()
            .find(|l| l.period.contains(period) || period.contains(l.period))
        {
            let t = l.refusal(("prognosen", "the forecast"));
            problems.add_kind(ProblemKind::Locked, at, t.nb, t.en);
        }
        if !problems.is_empty() {
            return Err(Error::Economy(problems));
        }
        // As the store keeps times: to the microsecond.
        let now = Utc::now().trunc_subsecs(6);
        tx.execute(
            "INSERT INTO forecasts (unit, period, amount, comment, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![unit.as_str(), period.to_key(), amount, comment, format_instant(now), actor.as_str()],
        )
        .map_err(e)?;
        let mut ev = NewEvent::new(EntityKind::Forecast, &format!("{unit}/{period}"), "enter");
        ev.reason = Some(comment.to_string());
        ev.details = Some(serde_json::json!({ "amount": amount }));
        super::events::insert_event(&tx, &ev, &actor, now).map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(EnteredForecast {
            unit: unit.clone(),
            period,
            amount,
            comment: comment.to_string(),
            actor: actor.as_str().to_string(),
            at: now,
        })
    }

    /// Every entered forecast, oldest first.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row.
    pub fn forecasts(&self) -> Result<Vec<EnteredForecast>, Error> {
        let path = &self.path;
        type Raw = (String, i64, f64, String, String, String);
        let rows: Vec<Raw> = self
            .conn
            .prepare("SELECT unit, period, amount, comment, at, actor FROM forecasts ORDER BY id")
            .and_then(|mut q| {
                q.query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect()
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(unit, period, amount, comment, at, actor)| {
                Ok(EnteredForecast {
                    unit: UnitId::new(&unit).map_err(|_| {
                        economy_error(path, "forecasts.unit", &format!("\"{unit}\""))
                    })?,
                    period: Period::from_key(period).ok_or_else(|| {
                        economy_error(path, "forecasts.period", &period.to_string())
                    })?,
                    amount,
                    comment,
                    actor,
                    at: stored_instant(path, "forecasts.at", &at)?,
                })
            })
            .collect()
    }

    /// The current net amount of each (unit, month) in `keys` that has
    /// lines, summed in the database: one index lookup each, for a few
    /// months of a large store.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn account_sums_of(
        &self,
        keys: &[(UnitId, Period)],
    ) -> Result<Vec<(UnitId, Period, f64)>, Error> {
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT count(*), total(a.amount) FROM account_lines a
                 WHERE a.unit = (SELECT id FROM units WHERE code = ?1) AND a.month = ?2
                 AND a.batch = (SELECT max(x.batch) FROM account_lines x
                                WHERE x.unit = a.unit AND x.month = a.month AND x.category = a.category)",
            )
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for (unit, month) in keys {
            let (n, sum): (i64, f64) = q
                .query_row(params![unit.as_str(), month.to_key()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(|e| self.sql(e))?;
            if n > 0 {
                out.push((unit.clone(), *month, sum));
            }
        }
        Ok(out)
    }

    /// Each unit's net amount per month (the current revision of every line,
    /// as it stood at `at`), summed in the database: what the economy table
    /// needs, without reading every line.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails or holds a damaged row.
    pub fn account_month_sums_at(
        &self,
        at: Option<DateTime<Utc>>,
    ) -> Result<crate::economy::Accounts, Error> {
        let path = &self.path;
        let until = at.map(format_instant).unwrap_or_else(|| "9999".into());
        let rows: Vec<(String, i64, f64)> = self
            .conn
            .prepare(
                "SELECT u.code, a.month, sum(a.amount) FROM account_lines a JOIN units u ON u.id = a.unit
                 WHERE a.batch = (SELECT max(x.batch) FROM account_lines x JOIN batches bx ON bx.id = x.batch
                                  WHERE x.unit = a.unit AND x.month = a.month AND x.category = a.category
                                    AND bx.recorded_at <= ?1)
                 GROUP BY a.unit, a.month",
            )
            .and_then(|mut q| q.query_map([&until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .map_err(|e| self.sql(e))?;
        let mut sums = Vec::with_capacity(rows.len());
        for (unit, month, v) in rows {
            let unit = UnitId::new(&unit)
                .map_err(|_| economy_error(path, "account_lines.unit", &format!("\"{unit}\"")))?;
            let month = Period::from_key(month)
                .filter(|p| p.frequency() == Frequency::Month)
                .ok_or_else(|| economy_error(path, "account_lines.month", &month.to_string()))?;
            sums.push((unit, month, v));
        }
        Ok(crate::economy::Accounts::from_sums(sums))
    }

    /// The ledger indicators' values from the plan versions, account lines
    /// and forecasts stored by `at` (all of them for `None`).
    ///
    /// # Errors
    /// As [`Store::plan_versions`] and [`Store::account_lines`].
    pub fn ledger_values_at(
        &self,
        model: &crate::Model,
        at: Option<DateTime<Utc>>,
    ) -> Result<Vec<(usize, usize, Period, f64)>, Error> {
        let versions: Vec<PlanVersion> = self
            .plan_versions()?
            .into_iter()
            .filter(|s| at.is_none_or(|t| s.entered_at <= t))
            .map(|s| s.version)
            .collect();
        let accounts = self.account_month_sums_at(at)?;
        let forecasts: Vec<EnteredForecast> = self
            .forecasts()?
            .into_iter()
            .filter(|f| at.is_none_or(|t| f.at <= t))
            .collect();
        Ok(crate::economy::ledger_values(
            model, &versions, &accounts, &forecasts,
        ))
    }

    /// Whether the store has any account lines.
    ///
    /// # Errors
    /// [`Error::Store`] when the database fails.
    pub fn has_accounts(&self) -> Result<bool, Error> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM account_lines)", [], |r| {
                r.get(0)
            })
            .optional()
            .map(|v| v.unwrap_or(false))
            .map_err(|e| self.sql(e))
    }
}

#[cfg(test)]
#[path = "economy_tests.rs"]
mod tests;
