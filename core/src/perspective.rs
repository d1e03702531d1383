//! Perspectives (Økonomi, Tjenestekvalitet, Medarbeidere) and the focus
//! areas (fokusområder) that group indicators under them.

use crate::ids::{FocusAreaId, PerspectiveId};

/// A perspective of the balanced scorecard. Configurable per municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Perspective {
    /// Short id, e.g. `medarbeidere`.
    pub id: PerspectiveId,
    /// Name shown to people, e.g. `Medarbeidere`.
    pub name: String,
}

/// A group of indicators under a perspective, e.g. `M.1 Utviklende
/// arbeidsmiljø`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusArea {
    /// Short id, e.g. `M.1`.
    pub id: FocusAreaId,
    /// The perspective it belongs to.
    pub perspective: PerspectiveId,
    /// Name shown to people.
    pub name: String,
    /// Gjennomgående: applies to every unit.
    pub cross_cutting: bool,
}
