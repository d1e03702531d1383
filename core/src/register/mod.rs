//! The registers of internal control, kept with the scorecards: deviations
//! (avvik) with their measures, risk and legal notification deadlines;
//! benefits (gevinster) against their baselines; and
//! what the model says about them ([`DeviationConfig`]).
//! Every register's records move through their states by one rule
//! ([`workflow`]): legal moves only, a reason where one is needed, time
//! only forward.

mod benefit;
mod benefit_plan;
mod card;
mod config;
mod deviation;
mod figures;
mod intake;
mod notification;
mod report;
mod risk;
mod statistics;
mod whistle_report;
mod whistleblowing;
pub mod workflow;

pub use benefit::{project_status, Baseline, Benefit, BenefitKind, BenefitStatus};
pub use benefit_plan::{
    benefit_report, check_benefit_plan, plan_status, realised_values, with_realised, BenefitPlan,
    PlannedBenefit, ProjectKind, RealisedValue, StoredPlan, ValueSource,
};
pub use card::deviation_card;
pub use config::{DeviationConfig, DEFAULT_CATEGORIES};
pub use deviation::{Deviation, DeviationMeasure, DeviationReport, DeviationState, MeasureState};
pub use figures::{register_values, RegisterFigure};
pub use intake::{
    plan_deviation_import, DeviationImport, DeviationIntake, DeviationTally, Extension, Incoming,
    IncomingDeviation, Place, Planned,
};
pub use notification::{Notice, NotificationDuty};
pub use report::{deviations_report, listed};
pub use risk::{Risk, RiskLevel, RiskMatrix};
pub use statistics::{cutoff, deviation_stats, DeviationStats};
pub use whistle_report::{case_listed, whistleblowing_report};
pub use whistleblowing::{
    looks_like_recipient, CaseState, Channel, SealedIdentity, WhistleCase, WhistleConfig,
};
pub use workflow::{History, Step, Workflow};

#[cfg(test)]
mod tests;
