//! Accounts against the budget: the periodised budget to date, the
//! deviation, the forecasts, and the economy table per unit and budget
//! area.

use super::config::{ForecastMethod, Profile};
use super::plan::PlanVersion;
use crate::ids::UnitId;
use crate::indicator::{Direction, Measure, MeasureKind};
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::rule::{Reason, Rule, Tolerance};
use crate::status::Status;
use crate::target::TargetValue;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

crate::keyword::keyword_enum! {
    /// The sign convention of an accounts export, stated on the command or
    /// in the file: never guessed.
    pub enum Sign {
        /// Expenses are positive, income negative (what the store keeps).
        ExpensesPositive = "expenses-positive" | "expenses_positive" | "utgifter-positive" | "utgifter_positive",
        /// Expenses are negative, income positive.
        ExpensesNegative = "expenses-negative" | "expenses_negative" | "utgifter-negative" | "utgifter_negative",
    }
}

impl Sign {
    /// An amount as the store keeps it (expenses positive).
    pub fn normalise(self, amount: f64) -> f64 {
        match self {
            Sign::ExpensesPositive => amount,
            Sign::ExpensesNegative => -amount,
        }
    }
}

/// One account line: a unit's net amount for a month, expenses positive.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountLine {
    /// The service unit.
    pub unit: UnitId,
    /// The month.
    pub month: Period,
    /// The category (lønn, inntekter …), if the export splits by one.
    pub category: Option<String>,
    /// Net kroner, expenses positive.
    pub amount: f64,
    /// Where it was read (file, sheet, cell).
    pub location: crate::problem::Location,
}

/// The accounts of every unit, month by month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accounts {
    by_month: BTreeMap<(UnitId, Period), f64>,
}

impl Accounts {
    /// The accounts made of `lines` (categories summed).
    pub fn new<'a>(lines: impl IntoIterator<Item = &'a AccountLine>) -> Accounts {
        let mut by_month = BTreeMap::new();
        for l in lines {
            *by_month.entry((l.unit.clone(), l.month)).or_insert(0.0) += l.amount;
        }
        Accounts { by_month }
    }

    /// The accounts made of monthly sums (unit, month, net amount).
    pub fn from_sums(sums: impl IntoIterator<Item = (UnitId, Period, f64)>) -> Accounts {
        let mut by_month = BTreeMap::new();
        for (u, m, v) in sums {
            *by_month.entry((u, m)).or_insert(0.0) += v;
        }
        Accounts { by_month }
    }

    /// Each unit's monthly sums.
    pub fn sums(&self) -> impl Iterator<Item = (&UnitId, Period, f64)> {
        self.by_month.iter().map(|((u, m), v)| (u, *m, *v))
    }

    /// `unit`'s net amount in `month`, if any line was booked.
    pub fn month(&self, unit: &UnitId, month: Period) -> Option<f64> {
        self.by_month.get(&(unit.clone(), month)).copied()
    }

    /// `unit`'s twelve months of `year` (missing months 0), and whether
    /// any month had lines.
    pub fn year(&self, unit: &UnitId, year: i32) -> ([f64; 12], bool) {
        let mut out = [0.0; 12];
        let mut any = false;
        for (m, slot) in out.iter_mut().enumerate() {
            if let Ok(p) = Period::month(year, m as u32 + 1) {
                if let Some(v) = self.month(unit, p) {
                    *slot = v;
                    any = true;
                }
            }
        }
        (out, any)
    }

    /// The first and last month with lines, if any.
    pub fn months(&self) -> Option<(Period, Period)> {
        let first = self.by_month.keys().map(|k| k.1).min()?;
        let last = self.by_month.keys().map(|k| k.1).max()?;
        Some((first, last))
    }

    /// Whether nothing is booked.
    pub fn is_empty(&self) -> bool {
        self.by_month.is_empty()
    }
}

/// A forecast for the year-end deviation entered by a leader or controller
/// for a tertial, with its comment.
#[derive(Debug, Clone, PartialEq)]
pub struct EnteredForecast {
    /// The unit (or budget area).
    pub unit: UnitId,
    /// The tertial it was made in.
    pub period: Period,
    /// The expected deviation at the year's end, kroner (an overspend
    /// positive).
    pub amount: f64,
    /// Why.
    pub comment: String,
    /// Who entered it.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The month weights of a profile (twelve, summing to one). `last_year`
/// is the unit's twelve months of last year's accounts, for
/// [`Profile::LastYear`]; without usable accounts it is linear.
///
/// ```
/// use styring_core::economy::{periodise, Profile};
/// // Linear: after four months a third of the year.
/// let w = periodise(&Profile::Linear, None);
/// assert!((w[..4].iter().sum::<f64>() - 1.0 / 3.0).abs() < 1e-12);
/// // Last year's shape: twice as much spent in each of the last six months.
/// let last = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0];
/// let w = periodise(&Profile::LastYear, Some(&last));
/// assert_eq!(w[0], 1.0 / 18.0);
/// assert_eq!(w[11], 2.0 / 18.0);
/// ```
pub fn periodise(profile: &Profile, last_year: Option<&[f64; 12]>) -> [f64; 12] {
    let linear = [1.0 / 12.0; 12];
    match profile {
        Profile::Linear => linear,
        Profile::Weights(w) => *w,
        Profile::LastYear => {
            let Some(m) = last_year else {
                return linear;
            };
            let total: f64 = m.iter().sum();
            // A shape needs a year that spent, month by month.
            if total.is_nan() || total <= 0.0 || m.iter().any(|v| *v < 0.0 || !v.is_finite()) {
                return linear;
            }
            let mut w = [0.0; 12];
            for (slot, v) in w.iter_mut().zip(m) {
                *slot = v / total;
            }
            w
        }
    }
}

/// One row of the economy table: a service unit, a budget area, or the
/// municipality. Amounts in kroner, expenses positive.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomyRow {
    /// The unit, area or municipality id.
    pub unit: UnitId,
    /// Its name.
    pub name: String,
    /// What the row is.
    pub level: RowLevel,
    /// The year's net frame.
    pub frame: f64,
    /// The periodised budget from January through the period.
    pub budget_to_date: f64,
    /// The accounts from January through the period.
    pub accounts_to_date: f64,
    /// Accounts to date minus budget to date: an overspend is positive.
    pub deviation: f64,
    /// The deviation over the budget to date (a fraction), if the budget
    /// to date is not zero.
    pub deviation_pct: Option<f64>,
    /// The deviation over the year's frame (a fraction), if the frame is
    /// not zero.
    pub deviation_pct_of_frame: Option<f64>,
    /// The mechanical forecast of the year-end deviation.
    pub forecast_mechanical: f64,
    /// The entered forecast of the year-end deviation, if any.
    pub forecast_entered: Option<f64>,
    /// The entered forecast's comment.
    pub forecast_comment: Option<String>,
    /// The light of the deviation.
    pub status: Status,
    /// Why.
    pub reason: Reason,
    /// The accounts have the opposite sign of the budget to date
    /// ([`opposite_sign`]).
    pub sign_suspect: bool,
}

/// Whether `booked` has the opposite sign of `expected` (both non-zero):
/// accounts most likely imported with the wrong sign convention. The one
/// rule for the economy table and the accounts import's warning.
///
/// ```
/// use styring_core::economy::opposite_sign;
/// assert!(opposite_sign(1200.0, -200.0));
/// assert!(!opposite_sign(1200.0, 5.0));
/// assert!(!opposite_sign(0.0, -5.0));
/// ```
pub fn opposite_sign(expected: f64, booked: f64) -> bool {
    expected != 0.0 && booked != 0.0 && expected.signum() != booked.signum()
}

/// What an economy row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLevel {
    /// A service unit.
    Unit,
    /// A budget area (rammeområde); an area that is itself a service unit
    /// has only this row.
    Area,
    /// The municipality: every area together.
    Municipality,
}

impl EconomyRow {
    /// The forecast reports use: the entered one where it exists.
    pub fn forecast(&self) -> f64 {
        self.forecast_entered.unwrap_or(self.forecast_mechanical)
    }

    /// The reason in words.
    pub fn reason_text(&self, lang: Lang, period: Period) -> String {
        self.reason.render(lang, &pct_measure(), period)
    }
}

pub(crate) fn pct_measure() -> Measure {
    Measure {
        kind: MeasureKind::Percent,
        decimals: 1,
        min: None,
        max: None,
    }
}

/// Sums of one row before its light.
#[derive(Default, Clone, Copy)]
struct Sums {
    frame: f64,
    budget: f64,
    accounts: f64,
    mechanical: f64,
    entered: Option<f64>,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.frame += o.frame;
        self.budget += o.budget;
        self.accounts += o.accounts;
        self.mechanical += o.mechanical;
    }
}

/// The economy table for `period` (a month, tertial or year): every service
/// unit with a frame, each budget area with the sum of its units, and the
/// municipality; in model order, each area after its units.
///
/// The frames are `plan`'s for the period's year; the budget to date
/// spreads each unit's frame by its profile through the period's last
/// month; the mechanical forecast follows the model's method; the entered
/// forecast is the latest for the unit made in the year up to the period.
/// An area's entered forecast, when any unit under it has one, is the sum
/// of its units' forecasts (entered where it exists, else mechanical).
///
/// A small example worked out by hand: a frame of 1 200 spread linearly
/// is 400 after April (T1); 460 booked is 60 over, 15 % of 400 — red with
/// the default 1 % tolerance; the remaining-budget forecast keeps the 60.
///
/// ```
/// use styring_core::economy::{economy_rows, AccountLine, Accounts, PlanVersion, VersionKind, YearBudget};
/// use styring_core::{Model, Status};
/// let m = Model::example();
/// let mut y = YearBudget::default();
/// y.areas.insert("tekniske".parse().unwrap(), 1200.0);
/// y.units.insert("tekniske".parse().unwrap(), 1200.0);
/// let plan = PlanVersion { id: "v".into(), kind: VersionKind::Adopted, title: "V".into(), decision: None,
///     based_on: None, first_year: 2025, years: vec![y.clone(), y.clone(), y.clone(), y] };
/// let lines: Vec<AccountLine> = (1..=4).map(|m| AccountLine {
///     unit: "tekniske".parse().unwrap(), month: format!("2025-{m:02}").parse().unwrap(),
///     category: None, amount: 115.0, location: Default::default(),
/// }).collect();
/// let rows = economy_rows(&m, &plan, &Accounts::new(&lines), &[], "2025-T1".parse().unwrap());
/// let t = rows.iter().find(|r| r.unit.as_str() == "tekniske").unwrap();
/// assert_eq!((t.frame, t.budget_to_date, t.accounts_to_date, t.deviation), (1200.0, 400.0, 460.0, 60.0));
/// assert_eq!(t.deviation_pct, Some(0.15));
/// assert_eq!((t.forecast_mechanical, t.status), (60.0, Status::Red));
/// ```
pub fn economy_rows(
    model: &Model,
    plan: &PlanVersion,
    accounts: &Accounts,
    forecasts: &[EnteredForecast],
    period: Period,
) -> Vec<EconomyRow> {
    let year = period.year_number();
    let Some(budget) = plan.year(year) else {
        return Vec::new();
    };
    let last_month = period.month_span().1;
    let eco = model.economy();
    let entered = |unit: &UnitId| -> Option<&EnteredForecast> {
        forecasts
            .iter()
            .filter(|f| {
                &f.unit == unit && f.period.year_number() == year && f.period.end() <= period.end()
            })
            .max_by(|a, b| (a.period, a.at).cmp(&(b.period, b.at)))
    };
    let unit_sums = |unit: &UnitId, frame: f64| -> Sums {
        let last = accounts.year(unit, year - 1);
        let w = periodise(eco.profile(unit), last.1.then_some(&last.0));
        let share: f64 = w.iter().take(last_month as usize).sum();
        let (months, _) = accounts.year(unit, year);
        let acc: f64 = months.iter().take(last_month as usize).sum();
        let budget = frame * share;
        let mechanical = match eco.forecast {
            ForecastMethod::RemainingBudget => acc - budget,
            ForecastMethod::RunRate if share > 0.0 => acc / share - frame,
            ForecastMethod::RunRate => 0.0,
        };
        Sums {
            frame,
            budget,
            accounts: acc,
            mechanical,
            entered: entered(unit).map(|f| f.amount),
        }
    };
    let row = |id: &UnitId, level: RowLevel, s: Sums, comment: Option<String>| {
        let name = match level {
            RowLevel::Municipality => model.municipality_name().to_string(),
            _ => model
                .unit(id.as_str())
                .map(|u| u.name.clone())
                .unwrap_or_else(|| id.to_string()),
        };
        make_row(id.clone(), name, level, s, comment, eco.deviation_tolerance)
    };
    let mut out = Vec::new();
    let mut total = Sums::default();
    let mut total_entered = false;
    for area in &eco.budget_areas {
        let Some(&area_frame) = budget.areas.get(area) else {
            continue;
        };
        // In model order.
        let units: Vec<&UnitId> = model
            .units()
            .iter()
            .map(|u| &u.id)
            .filter(|u| budget.units.contains_key(*u))
            .filter(|u| {
                !model.is_sector(u.as_str())
                    && model.budget_area_of(u.as_str()).map(|a| &a.id) == Some(area)
            })
            .collect();
        let mut sums = Sums::default();
        let mut any_entered = false;
        let area_is_unit = units.len() == 1 && units[0] == area;
        for u in &units {
            let s = unit_sums(u, budget.units[*u]);
            sums.add(&s);
            let forecast = s.entered.unwrap_or(s.mechanical);
            any_entered |= s.entered.is_some();
            sums.entered = Some(sums.entered.unwrap_or(0.0) + forecast);
            if !area_is_unit {
                out.push(row(
                    u,
                    RowLevel::Unit,
                    s,
                    entered(u).map(|f| f.comment.clone()),
                ));
            }
        }
        if units.is_empty() {
            sums = unit_sums(area, area_frame);
            any_entered = sums.entered.is_some();
        }
        // The area's appropriation is its frame, even when its units' frames
        // do not add up to it (the balance check reports that gap).
        sums.frame = area_frame;
        if !any_entered {
            sums.entered = None;
        }
        if let Some(e) = entered(area) {
            sums.entered = Some(e.amount);
            any_entered = true;
        }
        total.add(&sums);
        if any_entered {
            total_entered = true;
        }
        total.entered =
            Some(total.entered.unwrap_or(0.0) + sums.entered.unwrap_or(sums.mechanical));
        let comment = entered(area).map(|f| f.comment.clone());
        out.push(row(area, RowLevel::Area, sums, comment));
    }
    if !total_entered {
        total.entered = None;
    }
    out.push(row(
        model.municipality_id(),
        RowLevel::Municipality,
        total,
        None,
    ));
    out
}

fn make_row(
    unit: UnitId,
    name: String,
    level: RowLevel,
    s: Sums,
    forecast_comment: Option<String>,
    tolerance: f64,
) -> EconomyRow {
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let (budget, accounts) = (round(s.budget), round(s.accounts));
    let deviation = round(accounts - budget);
    let deviation_pct = (budget != 0.0).then(|| deviation / budget.abs());
    let deviation_pct_of_frame = (s.frame != 0.0).then(|| deviation / s.frame.abs());
    let ev = Rule::Tolerance(Tolerance::Absolute(tolerance)).evaluate_builtin(
        pct_measure(),
        Direction::LowerIsBetter,
        deviation_pct,
        Some(TargetValue::Value(0.0)),
    );
    let (status, reason) = match ev {
        Some(e) => (e.status, e.reason),
        None => (Status::NoData, Reason::NoValue),
    };
    let sign_suspect = opposite_sign(budget, accounts);
    EconomyRow {
        unit,
        name,
        level,
        frame: s.frame,
        budget_to_date: budget,
        accounts_to_date: accounts,
        deviation,
        deviation_pct,
        deviation_pct_of_frame,
        forecast_mechanical: round(s.mechanical),
        forecast_entered: s.entered.map(round),
        forecast_comment,
        status,
        reason,
        sign_suspect,
    }
}

/// The months `period` covers from January: `2025-T2` is January–August.
pub fn months_to_date(period: Period) -> Vec<Period> {
    let year = period.year_number();
    (1..=period.month_span().1)
        .filter_map(|m| Period::month(year, m).ok())
        .collect()
}
