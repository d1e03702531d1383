//! `[whistleblowing]`: the receiver's public key (`recipient`, made by
//! `styring whistleblowing keygen`) and the routine's deadlines
//! (`acknowledge_days`, by default 7; `feedback_months`, by default 3 —
//! the EU whistleblowing directive's practice; Norwegian law sets none).

use super::Ctx;
use crate::problem::ProblemKind;
use crate::register::{looks_like_recipient, WhistleConfig};
use serde::{Deserialize, Serialize};

/// `[whistleblowing]` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWhistleblowing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    acknowledge_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    feedback_months: Option<i64>,
}

/// Checks the section: a key of the right shape, deadlines in range.
pub(super) fn check(ctx: &mut Ctx, raw: Option<&RawWhistleblowing>) -> WhistleConfig {
    let mut c = WhistleConfig::default();
    let Some(r) = raw else {
        return c;
    };
    if let Some(key) = &r.recipient {
        let key = key.trim();
        if looks_like_recipient(key) {
            c.recipient = Some(key.to_string());
        } else {
            ctx.add(
                ProblemKind::Invalid,
                "whistleblowing.recipient",
                format!("«{key}» er ikke en offentlig age-nøkkel (age1 og 58 tegn); lag et nøkkelpar med `styring whistleblowing keygen --out mottak.key` og lim inn nøkkelen den skriver ut"),
                format!("\"{key}\" is not an age public key (age1 and 58 characters); make a key pair with `styring whistleblowing keygen --out mottak.key` and paste the key it prints"),
            );
        }
    }
    if let Some(d) = r.acknowledge_days {
        match u32::try_from(d) {
            Ok(d @ 1..=365) => c.acknowledge_days = d,
            _ => ctx.add(
                ProblemKind::OutOfRange,
                "whistleblowing.acknowledge_days",
                format!("acknowledge_days må være 1–365 dager, ikke {d}"),
                format!("acknowledge_days must be 1–365 days, not {d}"),
            ),
        }
    }
    if let Some(m) = r.feedback_months {
        match u32::try_from(m) {
            Ok(m @ 1..=24) => c.feedback_months = m,
            _ => ctx.add(
                ProblemKind::OutOfRange,
                "whistleblowing.feedback_months",
                format!("feedback_months må være 1–24 måneder, ikke {m}"),
                format!("feedback_months must be 1–24 months, not {m}"),
            ),
        }
    }
    c
}

/// The save form (`None` when the model had no `[whistleblowing]`).
pub(super) fn save(c: &WhistleConfig, written: bool) -> Option<RawWhistleblowing> {
    written.then(|| RawWhistleblowing {
        recipient: c.recipient.clone(),
        acknowledge_days: Some(i64::from(c.acknowledge_days)),
        feedback_months: Some(i64::from(c.feedback_months)),
    })
}
