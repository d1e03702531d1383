//! `[[focus_areas]]`: focus areas, each in one perspective, grouping the
//! indicators.

use super::Ctx;
use crate::ids::{FocusAreaId, PerspectiveId};
use crate::perspective::{FocusArea, Perspective};
use crate::problem::ProblemKind;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One `[[focus_areas]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFocusArea {
    id: String,
    perspective: String,
    name: String,
    #[serde(default)]
    cross_cutting: bool,
}

/// Checks the section: valid, distinct ids in known perspectives.
pub(super) fn check(
    ctx: &mut Ctx,
    raw: &[RawFocusArea],
    perspectives: &[Perspective],
) -> Vec<FocusArea> {
    let mut focus_areas = Vec::new();
    let mut seen = HashSet::new();
    for (i, f) in raw.iter().enumerate() {
        let entry = format!("focus_areas[{i}] ({})", f.id);
        let Some(fid) = ctx.id(&entry, &f.id, FocusAreaId::new) else {
            continue;
        };
        if !seen.insert(fid.clone()) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("fokusområdet «{fid}» finnes fra før"),
                format!("duplicate focus area \"{fid}\""),
            );
            continue;
        }
        let Some(pid) = ctx.id(&entry, &f.perspective, PerspectiveId::new) else {
            continue;
        };
        if !perspectives.iter().any(|p| p.id == pid) {
            ctx.unknown(
                &entry,
                ("perspektiv", "perspective"),
                pid.as_str(),
                perspectives.iter().map(|p| p.id.as_str()),
            );
            continue;
        }
        focus_areas.push(FocusArea {
            id: fid,
            perspective: pid,
            name: f.name.clone(),
            cross_cutting: f.cross_cutting,
        });
    }
    focus_areas
}

/// The save form.
pub(super) fn save(focus_areas: &[FocusArea]) -> Vec<RawFocusArea> {
    focus_areas
        .iter()
        .map(|f| RawFocusArea {
            id: f.id.to_string(),
            perspective: f.perspective.to_string(),
            name: f.name.clone(),
            cross_cutting: f.cross_cutting,
        })
        .collect()
}
