//! The economy: plan versions in and out, the balance check, accounts
//! imports, entered forecasts and the economy table — each one call on a
//! model and a store (and on a [`Workspace`]), for the CLI and Python
//! alike.

use crate::{Error, Workspace};
use std::path::Path;
use styring_core::economy::{
    check_plan, economy_rows, statement_report, Accounts, Checked, EconomyRow, IncomingLine,
    Intake, MonthRule, PlanVersion, Sign,
};
use styring_core::ids::UnitId;
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::report::Report;
use styring_core::store::Store;
use styring_core::store::{BatchInfo, BatchSummary};
use styring_core::Model;
use styring_core::{Lang, Period};
use styring_xlsx::import::accounts::{read_accounts, AccountsFile};
use styring_xlsx::ImportOptions;

/// What an accounts import did.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountsImport {
    /// Each file read, with its lines.
    pub files: Vec<AccountsFile>,
    /// What was stored (all zero in a dry run).
    pub summary: BatchSummary,
    /// Units whose year has the opposite sign of their budget (most likely
    /// the wrong convention): stored, and said.
    pub warnings: Problems,
}

fn economy_problem(at: &str, nb: String, en: String, kind: ProblemKind) -> Error {
    let mut p = Problems::default();
    p.add_kind(kind, Location::entry(at), nb, en);
    Error::Core(styring_core::Error::Economy(p))
}

/// The plan version with `id`, or (without one) the version accounts
/// for `year` are measured against ([`styring_core::store::Store::plan_for`]),
/// or the last version entered.
///
/// # Errors
/// [`styring_core::Error::Economy`] when there is no such version (with
/// a suggestion) or no version at all; the store's errors.
pub fn plan(store: &Store, id: Option<&str>, year: Option<i32>) -> Result<PlanVersion, Error> {
    let all = store.plan_versions()?;
    if let Some(id) = id {
        return all
            .iter()
            .find(|v| v.version.id == id)
            .map(|v| v.version.clone())
            .ok_or_else(|| {
                let t = styring_core::problem::Suggestion::closest(
                    id,
                    all.iter().map(|v| v.version.id.as_str()),
                )
                .unknown(("versjon", "version"), id);
                economy_problem("økonomiplan", t.nb, t.en, ProblemKind::UnknownReference)
            });
    }
    if let Some(y) = year {
        if let Some(v) = store.plan_for(Period::year_clamped(y))? {
            return Ok(v);
        }
    }
    all.last().map(|v| v.version.clone()).ok_or_else(|| {
        economy_problem(
            "økonomiplan",
            "lageret har ingen økonomiplan; les inn en med `styring budget import FIL`".into(),
            "the store has no financial plan; read one in with `styring budget import FILE`".into(),
            ProblemKind::Missing,
        )
    })
}

/// Reads the plan version in the workbook at `path` and, unless
/// `dry_run`, stores it. Returns the version and its balance check
/// (an unbalanced plan is stored: it is what was proposed or decided).
///
/// # Errors
/// The workbook's problems; a version id already stored, a version it
/// is based on that is not.
pub fn import_budget(
    model: &Model,
    store: &mut Store,
    path: &Path,
    dry_run: bool,
) -> Result<(PlanVersion, Problems), Error> {
    let file =
        styring_xlsx::import::budget::read_budget_file(model, path, &ImportOptions::default())?;
    let mut v = file.version;
    if let Some(measures) = file.measures {
        v = with_measures(model, store, v, measures)?;
    }
    if !dry_run {
        store.add_plan_version(&v)?;
    }
    let check = check_plan(model, &v);
    Ok((v, check))
}

/// An alternative (or a regulation) made of measures: the version it is
/// based on, with them applied. Its own sheet may not also type lines.
fn with_measures(
    model: &Model,
    store: &Store,
    v: PlanVersion,
    measures: Vec<(styring_core::economy::BudgetMeasure, bool)>,
) -> Result<PlanVersion, Error> {
    let at = format!("økonomiplan «{}»", v.id);
    let Some(base_id) = v.based_on.clone() else {
        return Err(economy_problem(
            &at,
            "tiltak gjelder en versjon: oppgi «Bygger på» på arket Versjon".into(),
            "measures apply to a version: give \"Based on\" on the Version sheet".into(),
            ProblemKind::Missing,
        ));
    };
    if v.years
        .iter()
        .any(|y| !y.lines.is_empty() || !y.areas.is_empty() || !y.units.is_empty())
    {
        return Err(economy_problem(
            &at,
            "en versjon av tiltak har ingen linjer selv: fjern bevilgningsoversikten eller arket Tiltak".into(),
            "a version of measures has no lines of its own: remove the statement or the Tiltak sheet".into(),
            ProblemKind::Invalid,
        ));
    }
    let base = plan(store, Some(&base_id), None)?;
    let list: Vec<styring_core::economy::BudgetMeasure> = measures
        .into_iter()
        .map(|(mut m, all)| {
            if all {
                m.years = base.year_numbers().collect();
            }
            m
        })
        .collect();
    let mut out = styring_core::economy::apply_measures(model, &base, &list, &v.id, &v.title);
    out.kind = v.kind;
    out.decision = v.decision;
    Ok(out)
}

/// The balance check of a version (see [`Workspace::plan`]).
///
/// # Errors
/// As [`plan`].
pub fn check_budget(
    model: &Model,
    store: &Store,
    id: Option<&str>,
) -> Result<(PlanVersion, Problems), Error> {
    let v = plan(store, id, None)?;
    let p = check_plan(model, &v);
    Ok((v, p))
}

/// The version's statement, frames, balance and targets as a report.
///
/// # Errors
/// As [`plan`].
pub fn budget_report(
    model: &Model,
    store: &Store,
    id: Option<&str>,
    year: Option<i32>,
    lang: Lang,
) -> Result<Report, Error> {
    let v = plan(store, id, year)?;
    Ok(statement_report(model, &v, lang))
}

/// Reads account exports and, unless `dry_run`, stores their lines as
/// one batch. Months after the last plan year and months still to come
/// are refused; units whose year has the opposite sign of their budget
/// are stored and warned about.
///
/// The lines stream from the reader to the store as they are read: the
/// reader on this thread, the checks and the store's writer on another,
/// the batch committed only when neither found a problem.
///
/// # Errors
/// Every problem in every file ([`styring_xlsx::XlsxError::Import`]);
/// locked periods; the store's errors.
pub fn import_accounts(
    model: &Model,
    store: &mut Store,
    paths: &[&Path],
    sign: Option<Sign>,
    dry_run: bool,
) -> Result<AccountsImport, Error> {
    let versions = store.plan_versions()?;
    let rule = MonthRule {
        last_plan_year: versions
            .iter()
            .map(|v| v.version.first_year + v.version.years.len() as i32 - 1)
            .max(),
        today: chrono::Utc::now().date_naive(),
    };
    let mut info = BatchInfo::new("accounts");
    if let [p] = paths {
        info = info.with_file(&styring_xlsx::import::display_name(p));
    }
    let (read, consumed) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Feed>(8);
        let writer = (!dry_run).then_some(&mut *store);
        let consumer = scope.spawn(move || consume(rx, rule, writer, &info));
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut sink = |l: IncomingLine| {
            chunk.push(l);
            if chunk.len() == CHUNK {
                // A consumer that stopped has its error to tell at the join.
                let _ = tx.send(Feed::Lines(std::mem::replace(
                    &mut chunk,
                    Vec::with_capacity(CHUNK),
                )));
            }
        };
        let read = read_accounts(model, paths, sign, &ImportOptions::default(), &mut sink);
        let _ = tx.send(Feed::Lines(chunk));
        if read.is_ok() {
            let _ = tx.send(Feed::Commit);
        }
        drop(tx);
        // A panic in the consumer is a bug: it goes on as one.
        let consumed = consumer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (read, consumed)
    });
    let (files, (checked, summary)) = match (read, consumed) {
        // The reader's problems first, then what the checks found.
        (Err(styring_xlsx::XlsxError::Import(mut p)), Ok((checked, _))) => {
            p.0.extend(checked.problems.0);
            return Err(Error::Xlsx(styring_xlsx::XlsxError::Import(p)));
        }
        (Err(e), _) => return Err(Error::Xlsx(e)),
        (Ok(_), Err(e)) => return Err(e),
        (Ok(files), Ok(consumed)) => (files, consumed),
    };
    if !checked.problems.is_empty() {
        return Err(Error::Xlsx(styring_xlsx::XlsxError::Import(
            checked.problems,
        )));
    }
    let summary = match summary {
        Some(Ok(s)) => s,
        Some(Err(e)) => return Err(e),
        None => BatchSummary::default(),
    };
    let warnings = sign_warnings(store, &checked.accounts)?;
    Ok(AccountsImport {
        files,
        summary,
        warnings,
    })
}

/// Lines per message from the reader to the writer.
const CHUNK: usize = 1024;

/// What the consumer found: the checks' result, and what the writer
/// stored (`None`: nothing, in a dry run or when something was wrong).
type Consumed = (Checked, Option<Result<BatchSummary, Error>>);

/// What the reader sends the consumer.
enum Feed {
    Lines(Vec<IncomingLine>),
    /// The reader found nothing wrong: store the batch if the checks agree.
    Commit,
}

/// The consumer's side: every line through the checks and (unless a dry
/// run) the writer; the batch stored on [`Feed::Commit`] when the checks
/// found nothing, else nothing stored.
fn consume(
    rx: std::sync::mpsc::Receiver<Feed>,
    rule: MonthRule,
    store: Option<&mut Store>,
    info: &BatchInfo,
) -> Result<Consumed, Error> {
    let mut intake = Intake::new(rule);
    let mut writer = match store {
        Some(s) => Some(s.accounts_writer(info)?),
        None => None,
    };
    let mut commit = false;
    for feed in rx {
        match feed {
            Feed::Lines(lines) => {
                for l in &lines {
                    intake.push(l);
                    if let Some(w) = &mut writer {
                        w.push(l)?;
                    }
                }
            }
            Feed::Commit => commit = true,
        }
    }
    let checked = intake.finish();
    let stored = match writer {
        Some(w) if commit && checked.problems.is_empty() => Some(w.finish().map_err(Error::from)),
        // Dropped: nothing stored.
        _ => None,
    };
    Ok((checked, stored))
}

/// Each unit and year in `lines` whose accounts for the year have the
/// opposite sign of the unit's frame.
fn sign_warnings(store: &Store, new: &Accounts) -> Result<Problems, Error> {
    let mut out = Problems::default();
    let mut keys: Vec<(UnitId, i32)> = new
        .sums()
        .map(|(u, m, _)| (u.clone(), m.year_number()))
        .collect();
    keys.sort();
    keys.dedup();
    // The year as the store will have it: these lines' months, and what is
    // stored for the unit's other months of the year.
    let others: Vec<(UnitId, Period)> = keys
        .iter()
        .flat_map(|(u, y)| {
            (1..=12).filter_map(move |m| Some((u.clone(), Period::month(*y, m).ok()?)))
        })
        .filter(|(u, m)| new.month(u, *m).is_none())
        .collect();
    let acc = Accounts::from_sums(
        store
            .account_sums_of(&others)?
            .into_iter()
            .chain(new.sums().map(|(u, m, v)| (u.clone(), m, v))),
    );
    let mut plans: std::collections::BTreeMap<i32, Option<PlanVersion>> = Default::default();
    for (unit, year) in keys {
        let plan = match plans.entry(year) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(store.plan_for(Period::year_clamped(year))?)
            }
        };
        let Some(plan) = plan else {
            continue;
        };
        let Some(frame) = plan.year(year).and_then(|y| y.units.get(&unit)).copied() else {
            continue;
        };
        let (months, _) = acc.year(&unit, year);
        let booked: f64 = months.iter().sum();
        if styring_core::economy::opposite_sign(frame, booked) {
            out.add_kind(
                ProblemKind::BadSign,
                Location::entry(format!("{unit} {year}")),
                format!("regnskapet ({}) har motsatt fortegn av rammen ({}); er fortegnet riktig oppgitt?", kr(booked), kr(frame)),
                format!("the accounts ({}) have the opposite sign of the frame ({}); was the sign convention right?", kr(booked), kr(frame)),
            );
        }
    }
    Ok(out)
}

/// The economy table for `period` against the version accounts are
/// measured by then.
///
/// # Errors
/// No plan for the period's year; the store's errors.
pub fn economy(
    model: &Model,
    store: &Store,
    period: Period,
) -> Result<(PlanVersion, Vec<EconomyRow>), Error> {
    let plan = store.plan_for(period)?.ok_or_else(|| {
        economy_problem(
            "økonomi",
            format!(
                "ingen økonomiplan dekker {}; les inn en med `styring budget import FIL`",
                period.year_number()
            ),
            format!(
                "no financial plan covers {}; read one in with `styring budget import FILE`",
                period.year_number()
            ),
            ProblemKind::Missing,
        )
    })?;
    let accounts = store.account_month_sums_at(None)?;
    let forecasts = store.forecasts()?;
    let rows = economy_rows(model, &plan, &accounts, &forecasts, period);
    Ok((plan, rows))
}

/// The economy table as a report.
///
/// # Errors
/// As [`economy`].
pub fn economy_report(
    model: &Model,
    store: &Store,
    period: Period,
    lang: Lang,
) -> Result<Report, Error> {
    let (plan, rows) = economy(model, store, period)?;
    Ok(styring_core::economy::economy_report(
        model, &rows, period, &plan, lang,
    ))
}

/// Records the forecast of `unit`'s (a unit id, a unit name or a budget
/// area) year-end deviation, made in the tertial `period`.
///
/// # Errors
/// An unknown unit; a period that is not a tertial or is locked.
pub fn set_forecast(
    model: &Model,
    store: &mut Store,
    unit: &str,
    period: Period,
    amount: f64,
    comment: &str,
) -> Result<styring_core::economy::EnteredForecast, Error> {
    let u = model.resolve_unit(unit)?.id.clone();
    Ok(store.add_forecast(&u, period, amount, comment)?)
}

impl Workspace {
    /// See [`plan`].
    ///
    /// # Errors
    /// As [`plan`].
    pub fn plan(&self, id: Option<&str>, year: Option<i32>) -> Result<PlanVersion, Error> {
        plan(self.store(), id, year)
    }

    /// See [`import_budget`].
    ///
    /// # Errors
    /// As [`import_budget`].
    pub fn import_budget(
        &mut self,
        path: &Path,
        dry_run: bool,
    ) -> Result<(PlanVersion, Problems), Error> {
        let (model, store) = self.parts_mut();
        import_budget(model, store, path, dry_run)
    }

    /// See [`check_budget`].
    ///
    /// # Errors
    /// As [`check_budget`].
    pub fn check_budget(&self, id: Option<&str>) -> Result<(PlanVersion, Problems), Error> {
        check_budget(self.model(), self.store(), id)
    }

    /// See [`budget_report`].
    ///
    /// # Errors
    /// As [`budget_report`].
    pub fn budget_report(
        &self,
        id: Option<&str>,
        year: Option<i32>,
        lang: Lang,
    ) -> Result<Report, Error> {
        budget_report(self.model(), self.store(), id, year, lang)
    }

    /// See [`import_accounts`].
    ///
    /// # Errors
    /// As [`import_accounts`].
    pub fn import_accounts(
        &mut self,
        paths: &[&Path],
        sign: Option<Sign>,
        dry_run: bool,
    ) -> Result<AccountsImport, Error> {
        let (model, store) = self.parts_mut();
        import_accounts(model, store, paths, sign, dry_run)
    }

    /// See [`economy`].
    ///
    /// # Errors
    /// As [`economy`].
    pub fn economy(&self, period: Period) -> Result<(PlanVersion, Vec<EconomyRow>), Error> {
        economy(self.model(), self.store(), period)
    }

    /// See [`economy_report`].
    ///
    /// # Errors
    /// As [`economy_report`].
    pub fn economy_report(&self, period: Period, lang: Lang) -> Result<Report, Error> {
        economy_report(self.model(), self.store(), period, lang)
    }

    /// See [`set_forecast`].
    ///
    /// # Errors
    /// As [`set_forecast`].
    pub fn set_forecast(
        &mut self,
        unit: &str,
        period: Period,
        amount: f64,
        comment: &str,
    ) -> Result<styring_core::economy::EnteredForecast, Error> {
        let (model, store) = self.parts_mut();
        set_forecast(model, store, unit, period, amount, comment)
    }
}

fn kr(v: f64) -> String {
    styring_core::report::Cell::Money(v).text(Lang::Nb)
}
