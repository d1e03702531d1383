//! The registers of internal control, kept with the scorecards: deviations
//! (avvik) with their measures, risk and legal notification deadlines, and
//! what the model says about them ([`DeviationConfig`]).
//! Every register's records move through their states by one rule
//! ([`workflow`]): legal moves only, a reason where one is needed, time
//! only forward.

mod config;
mod deviation;
mod notification;
mod risk;
mod statistics;
pub mod workflow;

pub use config::{DeviationConfig, DEFAULT_CATEGORIES};
pub use deviation::{Deviation, DeviationMeasure, DeviationReport, DeviationState, MeasureState};
pub use notification::{Notice, NotificationDuty};
pub use risk::{Risk, RiskLevel, RiskMatrix};
pub use statistics::{cutoff, deviation_stats, DeviationStats};
pub use workflow::{History, Step, Workflow};

#[cfg(test)]
mod tests;
