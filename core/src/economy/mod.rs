//! The economy: the financial plan (økonomiplan med årsbudsjett) with its
//! versions and balance check, budget frames, accounts, the periodised
//! budget, forecasts and deviations.
//!
//! Signs follow the budget statement: in a plan, income is negative and a
//! negative net operating result is a surplus. Accounts and frames of
//! units are net expenses, positive (a unit that spends more than it takes
//! in has a positive frame); an overspend is a positive deviation.

mod balance;
mod config;
mod figures;
mod intake;
mod ledger;
mod line;
mod measures;
mod plan;
mod report;
mod statement;
mod targets;

pub use balance::check_plan;
pub use config::{EconomyConfig, FinancialTarget, ForecastMethod, Profile, TargetKind};
pub use figures::{ledger_values, plan_for, LedgerFigure};
pub use intake::{Checked, IncomingLine, Intake, MonthRule, SheetRef};
pub use ledger::{
    economy_rows, months_to_date, opposite_sign, periodise, AccountLine, Accounts, EconomyRow,
    EnteredForecast, RowLevel, Sign,
};
pub use line::{Line, Part, PlanSection, Sum};
pub use measures::{apply_measures, BudgetMeasure, MeasureTarget};
pub use plan::{Decision, KeyFigure, PlanVersion, VersionKind, YearBudget, PLAN_YEARS};
pub use report::{compare_report, economy_report, statement_report, targets_report};
pub use statement::{round_kr, Statement};
pub use targets::{evaluate_targets, TargetResult};

#[cfg(test)]
mod tests;
