//! An indicator's `applies_to`: which service units report it — all, those
//! of some kinds, or some units.

use super::super::units::Units;
use super::super::Ctx;
use crate::ids::{UnitId, UnitKind};
use crate::indicator::AppliesTo;
use crate::lang::Lang;
use crate::problem::{ProblemKind, Suggestion};
use serde::{Deserialize, Serialize};

/// `applies_to` as written: `"all"`, `{ kinds = [...] }` or
/// `{ units = [...] }`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum RawAppliesTo {
    Word(String),
    Table {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kinds: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        units: Option<Vec<String>>,
    },
}

/// What `applies_to` says (all units when not given). `Some` with a
/// problem when some of the kinds or units listed are unknown: the
/// indicator is not valid then, but its other keys are still checked.
pub(super) struct Parsed {
    /// The units it applies to, if the shape is right.
    pub(super) applies_to: Option<AppliesTo>,
    /// Whether every kind or unit listed is known.
    pub(super) all_known: bool,
}

/// Checks `applies_to` against the units: kinds that some service unit
/// has, or service units (not sectors).
pub(super) fn parse(
    ctx: &mut Ctx,
    entry: &str,
    raw: Option<&RawAppliesTo>,
    units: &Units,
) -> Parsed {
    let mut all_known = true;
    let applies_to = match raw {
        None => Some(AppliesTo::All),
        Some(RawAppliesTo::Word(w)) if w == "all" => Some(AppliesTo::All),
        Some(RawAppliesTo::Word(w)) => {
            ctx.add(
                ProblemKind::Invalid,
                entry,
                format!("applies_to = «{w}» er ukjent; skriv \"all\", {{ kinds = [...] }} eller {{ units = [...] }}"),
                format!("applies_to = \"{w}\" is unknown; write \"all\", {{ kinds = [...] }} or {{ units = [...] }}"),
            );
            None
        }
        Some(RawAppliesTo::Table {
            kinds: Some(k),
            units: None,
        }) => {
            let kinds = units.leaf_kinds();
            let mut out = Vec::new();
            for kind in k {
                match UnitKind::new(kind) {
                    Ok(kk) if kinds.contains(&kk) => out.push(kk),
                    _ => {
                        // The candidates come from a hash set, so which of
                        // two equally close kinds is suggested may vary.
                        let s = Suggestion::closest(kind, kinds.iter().map(|k| k.as_str()));
                        ctx.add(
                            ProblemKind::UnknownReference,
                            entry,
                            format!(
                                "applies_to: ingen enhet har typen «{kind}»{}",
                                s.text(Lang::Nb)
                            ),
                            format!(
                                "applies_to: no unit has kind \"{kind}\"{}",
                                s.text(Lang::En)
                            ),
                        );
                        all_known = false;
                    }
                }
            }
            Some(AppliesTo::Kinds(out))
        }
        Some(RawAppliesTo::Table {
            kinds: None,
            units: Some(us),
        }) => {
            let mut out = Vec::new();
            for u in us {
                match UnitId::new(u) {
                    Ok(uid) if units.is_service_unit(&uid) => out.push(uid),
                    id => {
                        // A sector is known but does not report.
                        let kind = match id {
                            Ok(uid) if units.contains(&uid) => ProblemKind::Invalid,
                            _ => ProblemKind::UnknownReference,
                        };
                        let s = Suggestion::closest(u, units.ids());
                        ctx.add(
                            kind,
                            entry,
                            format!(
                                "applies_to: «{u}» er ikke en tjenesteenhet{}",
                                s.text(Lang::Nb)
                            ),
                            format!(
                                "applies_to: \"{u}\" is not a service unit{}",
                                s.text(Lang::En)
                            ),
                        );
                        all_known = false;
                    }
                }
            }
            Some(AppliesTo::Units(out))
        }
        Some(RawAppliesTo::Table { kinds: k, units: u }) => {
            let kind = if k.is_none() && u.is_none() {
                ProblemKind::Missing
            } else {
                ProblemKind::Invalid
            };
            ctx.add(
                kind,
                entry,
                "applies_to må ha enten kinds eller units",
                "applies_to needs either kinds or units",
            );
            None
        }
    };
    Parsed {
        applies_to,
        all_known,
    }
}

/// The save form.
pub(super) fn save(applies_to: &AppliesTo) -> RawAppliesTo {
    match applies_to {
        AppliesTo::All => RawAppliesTo::Word("all".into()),
        AppliesTo::Kinds(k) => RawAppliesTo::Table {
            kinds: Some(k.iter().map(|k| k.to_string()).collect()),
            units: None,
        },
        AppliesTo::Units(u) => RawAppliesTo::Table {
            kinds: None,
            units: Some(u.iter().map(|u| u.to_string()).collect()),
        },
    }
}
