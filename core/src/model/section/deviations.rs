//! `[deviations]`: the categories a deviation may have and the risk
//! matrix. Optional: without it the six categories of the seed and the
//! default matrix (1–4 low, 5–9 medium, 10–25 high; 90, 30 and 7 days).

use super::Ctx;
use crate::problem::ProblemKind;
use crate::register::{DeviationConfig, RiskMatrix};
use serde::{Deserialize, Serialize};

/// `[deviations]` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeviations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    risk: Option<RawRisk>,
}

/// `[deviations.risk]`: where medium and high start, and the days to close
/// a low, medium and high one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRisk {
    medium_from: i64,
    high_from: i64,
    days: Vec<i64>,
}

/// Checks the section: categories named once each and not empty, a
/// matrix [`RiskMatrix::new`] accepts.
pub(super) fn check(ctx: &mut Ctx, raw: Option<&RawDeviations>) -> DeviationConfig {
    let mut c = DeviationConfig::default();
    let Some(r) = raw else {
        return c;
    };
    if let Some(list) = &r.categories {
        let mut out: Vec<String> = Vec::new();
        for (i, name) in list.iter().enumerate() {
            let entry = format!("deviations.categories[{i}]");
            let name = name.trim();
            if name.is_empty() {
                ctx.add(
                    ProblemKind::Missing,
                    &entry,
                    "kategorien er tom; skriv navnet eller fjern linjen",
                    "the category is empty; write its name or remove the line",
                );
            } else if out.iter().any(|c| c.to_lowercase() == name.to_lowercase()) {
                ctx.add(
                    ProblemKind::Duplicate,
                    &entry,
                    format!("kategorien «{name}» står to ganger"),
                    format!("category \"{name}\" is listed twice"),
                );
            } else {
                out.push(name.to_string());
            }
        }
        if list.is_empty() {
            ctx.add(
                ProblemKind::Missing,
                "deviations.categories",
                "listen over avvikskategorier er tom; gi minst én (f.eks. «annet»)",
                "the list of deviation categories is empty; give at least one (e.g. \"annet\")",
            );
        }
        c.categories = out;
    }
    if let Some(risk) = &r.risk {
        let days: Option<[i64; 3]> = risk.days.as_slice().try_into().ok();
        match days {
            None => ctx.add(
                ProblemKind::Invalid,
                "deviations.risk",
                format!(
                    "days må ha tre tall (dager for lav, middels og høy risiko), ikke {}",
                    risk.days.len()
                ),
                format!(
                    "days must have three numbers (days for low, medium and high risk), not {}",
                    risk.days.len()
                ),
            ),
            Some(days) => match RiskMatrix::new(risk.medium_from, risk.high_from, days) {
                Ok(m) => c.matrix = m,
                Err(t) => ctx.add_text(ProblemKind::OutOfRange, "deviations.risk", t),
            },
        }
    }
    c
}

/// The save form (`None` when the model had no `[deviations]`).
pub(super) fn save(c: &DeviationConfig, written: bool) -> Option<RawDeviations> {
    if !written {
        return None;
    }
    let (medium_from, high_from, days) = c.matrix.parts();
    Some(RawDeviations {
        categories: Some(c.categories.clone()),
        risk: Some(RawRisk {
            medium_from: i64::from(medium_from),
            high_from: i64::from(high_from),
            days: days.iter().map(|d| i64::from(*d)).collect(),
        }),
    })
}
