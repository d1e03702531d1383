//! `[[perspectives]]`: the balanced scorecard's perspectives (økonomi,
//! tjenestekvalitet, medarbeidere …).

use super::Ctx;
use crate::ids::PerspectiveId;
use crate::perspective::Perspective;
use crate::problem::ProblemKind;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One `[[perspectives]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerspective {
    id: String,
    name: String,
}

/// Checks the section: valid, distinct ids, and at least one perspective.
pub(super) fn check(ctx: &mut Ctx, raw: &[RawPerspective]) -> Vec<Perspective> {
    let mut perspectives = Vec::new();
    let mut seen = HashSet::new();
    for (i, p) in raw.iter().enumerate() {
        let entry = format!("perspectives[{i}] ({})", p.id);
        let Some(pid) = ctx.id(&entry, &p.id, PerspectiveId::new) else {
            continue;
        };
        if !seen.insert(pid.clone()) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("perspektivet «{pid}» finnes fra før"),
                format!("duplicate perspective \"{pid}\""),
            );
            continue;
        }
        perspectives.push(Perspective {
            id: pid,
            name: p.name.clone(),
        });
    }
    if raw.is_empty() {
        ctx.add(
            ProblemKind::Missing,
            "perspectives",
            "modellen har ingen perspektiver",
            "the model has no perspectives",
        );
    }
    perspectives
}

/// The save form.
pub(super) fn save(perspectives: &[Perspective]) -> Vec<RawPerspective> {
    perspectives
        .iter()
        .map(|p| RawPerspective {
            id: p.id.to_string(),
            name: p.name.clone(),
        })
        .collect()
}
