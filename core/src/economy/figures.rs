//! The ledger as indicators: budget deviation, forecast deviation and the
//! amounts behind them, per unit and period, for scorecards and rules like
//! any other value — computed from the plan and the accounts, never typed.

use super::ledger::{economy_rows, Accounts, EnteredForecast, RowLevel};
use super::plan::PlanVersion;
use crate::model::Model;
use crate::period::{Frequency, Period};

crate::keyword::keyword_enum! {
    /// What an indicator fed from the ledger shows.
    pub enum LedgerFigure {
        /// Accounts from January through the period (kroner).
        AccountsToDate = "accounts_to_date",
        /// The periodised budget from January through the period (kroner).
        BudgetToDate = "budget_to_date",
        /// The year's net frame (kroner).
        Frame = "frame",
        /// Accounts to date minus budget to date (kroner; an overspend positive).
        Deviation = "deviation",
        /// The deviation over the budget to date (a fraction).
        BudgetDeviation = "budget_deviation",
        /// The forecast of the year-end deviation, entered where it exists
        /// (kroner).
        Forecast = "forecast",
        /// The forecast over the year's frame (a fraction).
        ForecastDeviation = "forecast_deviation",
    }
}

/// The version accounts for `period` are measured against, of `versions`
/// in the order entered: the latest decided version (adopted or a
/// regulation) covering its year that was decided by the period's end;
/// else the latest decided one covering the year; else the latest of any
/// kind covering it.
pub fn plan_for(versions: &[PlanVersion], period: Period) -> Option<&PlanVersion> {
    let year = period.year_number();
    let covering = || versions.iter().filter(move |v| v.year(year).is_some());
    covering()
        .filter(|v| v.kind.is_decided())
        .filter(|v| v.decision.as_ref().is_some_and(|d| d.date <= period.end()))
        .max_by_key(|v| v.decision.as_ref().map(|d| d.date))
        .or_else(|| covering().rev().find(|v| v.kind.is_decided()))
        .or_else(|| covering().next_back())
}

/// Every ledger indicator's value for every service unit and period that
/// has accounts booked by its end: (indicator index, unit index, period,
/// value).
pub fn ledger_values(
    model: &Model,
    versions: &[PlanVersion],
    accounts: &Accounts,
    forecasts: &[EnteredForecast],
) -> Vec<(usize, usize, Period, f64)> {
    let inds: Vec<(usize, LedgerFigure, Frequency)> = model
        .indicators()
        .iter()
        .enumerate()
        .filter_map(|(i, ind)| ind.ledger.map(|f| (i, f, ind.frequency)))
        .collect();
    let mut out = Vec::new();
    if inds.is_empty() || accounts.is_empty() {
        return out;
    }
    let Some((first, last)) = accounts.months() else {
        return out;
    };
    for year in first.year_number()..=last.year_number() {
        let mut periods: Vec<(Frequency, Period)> = Vec::new();
        for f in [Frequency::Month, Frequency::Tertial, Frequency::Year] {
            if !inds.iter().any(|x| x.2 == f) {
                continue;
            }
            let Ok(y) = Period::year(year) else { continue };
            for p in y.subperiods(f) {
                // Only periods whose last month has accounts booked.
                if p.end() <= last.end() || (p.start() <= last.end() && f == Frequency::Year) {
                    periods.push((f, p));
                }
            }
        }
        for (f, p) in periods {
            let Some(plan) = plan_for(versions, p) else {
                continue;
            };
            let rows = economy_rows(model, plan, accounts, forecasts, p);
            for r in rows.iter().filter(|r| match r.level {
                RowLevel::Unit => true,
                RowLevel::Area => !model.is_sector(r.unit.as_str()),
                RowLevel::Municipality => false,
            }) {
                let Some(unit) = model.unit_index(r.unit.as_str()) else {
                    continue;
                };
                for (i, figure, freq) in &inds {
                    if *freq != f {
                        continue;
                    }
                    let v = match figure {
                        LedgerFigure::AccountsToDate => Some(r.accounts_to_date),
                        LedgerFigure::BudgetToDate => Some(r.budget_to_date),
                        LedgerFigure::Frame => Some(r.frame),
                        LedgerFigure::Deviation => Some(r.deviation),
                        LedgerFigure::BudgetDeviation => r.deviation_pct,
                        LedgerFigure::Forecast => Some(r.forecast()),
                        LedgerFigure::ForecastDeviation => {
                            (r.frame != 0.0).then(|| r.forecast() / r.frame.abs())
                        }
                    };
                    if let Some(v) = v {
                        out.push((*i, unit, p, v));
                    }
                }
            }
        }
    }
    out
}
