//! Deadlines: when a period's value is due, and which values are late.
//!
//! A value is due a number of grace days after its period ends (30 by
//! default, [`DEFAULT_GRACE_DAYS`]); the scorecard's «forsinket» flag and
//! `styring store late` both ask this module.
//!
//! ```
//! use chrono::NaiveDate;
//! use styring_core::deadline::{due, is_late, DEFAULT_GRACE_DAYS};
//! let p = "2025-05".parse().unwrap();
//! assert_eq!(due(p, DEFAULT_GRACE_DAYS), NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
//! assert!(!is_late(p, DEFAULT_GRACE_DAYS, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
//! assert!(is_late(p, DEFAULT_GRACE_DAYS, NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
//! ```

use crate::lang::Lang;
use crate::model::Model;
use crate::observation::Dataset;
use crate::period::Period;
use crate::unit::Scope;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days after a period's end before its missing value is late.
pub const DEFAULT_GRACE_DAYS: i64 = 30;

/// The day a value for `period` is due.
pub fn due(period: Period, grace_days: i64) -> NaiveDate {
    period.end() + chrono::Duration::days(grace_days)
}

/// Whether a value for `period` that is still missing on `today` is late.
pub fn is_late(period: Period, grace_days: i64, today: NaiveDate) -> bool {
    due(period, grace_days) < today
}

/// A value that is due but missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Late {
    /// Indicator code.
    pub indicator: String,
    /// Unit id.
    pub unit: String,
    /// The due period with no value.
    pub period: Period,
    /// The day it was due.
    pub due: NaiveDate,
}

/// Values due but missing on `today`: for each service unit and each
/// indicator that applies, the latest period of the indicator's frequency
/// that ended more than `grace_days` ago, if it has no value.
pub fn late_values(model: &Model, data: &Dataset, today: NaiveDate, grace_days: i64) -> Vec<Late> {
    let mut out = Vec::new();
    for unit in model.service_units(&Scope::Municipality) {
        let Some(u) = model.unit_index(unit.id.as_str()) else {
            continue;
        };
        for (i, ind) in model.indicators().iter().enumerate() {
            // Computed and ledger indicators are not reported, so never late.
            if !model.applies(ind, unit) || !ind.is_reported() {
                continue;
            }
            let Ok(mut p) = Period::containing(today, ind.frequency) else {
                continue;
            };
            while !is_late(p, grace_days, today) {
                p = p.previous();
            }
            if data.get(i, u, p).flatten().is_none() {
                out.push(Late {
                    indicator: ind.code.to_string(),
                    unit: unit.id.to_string(),
                    period: p,
                    due: due(p, grace_days),
                });
            }
        }
    }
    out
}

impl Late {
    /// One line for people.
    pub fn render(&self, model: &Model, lang: Lang) -> String {
        let unit = model
            .unit(&self.unit)
            .map(|u| u.name.as_str())
            .unwrap_or(&self.unit);
        match lang {
            Lang::Nb => format!(
                "{unit}: {} for {} mangler (frist {})",
                self.indicator, self.period, self.due
            ),
            Lang::En => format!(
                "{unit}: {} for {} is missing (due {})",
                self.indicator, self.period, self.due
            ),
        }
    }
}
