//! `[municipality]`: the municipality's id (the root of the unit tree) and
//! name.

use super::Ctx;
use crate::ids::UnitId;
use crate::problem::ProblemKind;
use serde::{Deserialize, Serialize};

/// The id a model without one gets.
const DEFAULT_ID: &str = "kommune";

/// `[municipality]` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMunicipality {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    name: String,
}

impl RawMunicipality {
    /// The name as written.
    pub(super) fn name(&self) -> &str {
        &self.name
    }
}

/// Checks the section; returns the municipality's id (the default one when
/// the given id is not valid, so that units can still be checked against
/// it).
pub(super) fn check(ctx: &mut Ctx, raw: &RawMunicipality) -> Option<UnitId> {
    let id = ctx
        .id(
            "municipality",
            raw.id.as_deref().unwrap_or(DEFAULT_ID),
            UnitId::new,
        )
        .or_else(|| UnitId::new(DEFAULT_ID).ok());
    if raw.name.trim().is_empty() {
        ctx.add(
            ProblemKind::Missing,
            "municipality",
            "navn mangler",
            "name is empty",
        );
    }
    id
}

/// The save form.
pub(super) fn save(id: &UnitId, name: &str) -> RawMunicipality {
    RawMunicipality {
        id: Some(id.to_string()),
        name: name.to_string(),
    }
}
