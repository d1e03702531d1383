//! Units (tjenesteenheter) and the organisation tree: municipality →
//! sector → unit.
//!
//! The municipality itself is the root and is not listed among the units;
//! a unit without a parent hangs directly under it. A unit with children is
//! a sector; its values are rolled up from its descendants.

use crate::ids::{UnitId, UnitKind};

/// A service unit or a sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Short slug, e.g. `aurvoll`.
    pub id: UnitId,
    /// Full name, e.g. `Aurvoll skole`.
    pub name: String,
    /// Kind (`skole`, `barnehage`, `sektor` …).
    pub kind: UnitKind,
    /// Parent sector, or `None` for a unit directly under the municipality.
    pub parent: Option<UnitId>,
    /// The unit leader's name (tjenesteleder).
    pub leader: String,
    /// Full-time equivalents (årsverk).
    pub fte: f64,
}

/// Where a scorecard or roll-up is taken: one unit, a sector, or the whole
/// municipality.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The whole municipality (all service units).
    Municipality,
    /// One unit (a leaf) or a sector (rolled up from its descendants).
    Unit(UnitId),
}

impl Scope {
    /// The scope of the unit or sector with this id (not checked against a
    /// model: people's texts go through [`crate::Model::resolve_scope`]).
    ///
    /// # Errors
    /// The id error when the text is not a valid unit id.
    pub fn unit(id: &str) -> Result<Scope, crate::ids::IdError> {
        Ok(Scope::Unit(UnitId::new(id)?))
    }

    /// The words that mean the whole municipality, in any case.
    pub const MUNICIPALITY_WORDS: &'static [&'static str] = &["all", "alle", "kommune", "kommunen"];
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Municipality => f.write_str("all"),
            Scope::Unit(u) => f.write_str(u.as_str()),
        }
    }
}
