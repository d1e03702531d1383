//! `[[units]]`: the organisation as a tree of sectors and service units
//! under the municipality.

use super::Ctx;
use crate::ids::{UnitId, UnitKind};
use crate::problem::ProblemKind;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One `[[units]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUnit {
    id: String,
    name: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(default)]
    leader: String,
    #[serde(default)]
    fte: f64,
}

/// The checked units, with what later sections look them up by.
pub(super) struct Units {
    list: Vec<Unit>,
    pos: HashMap<UnitId, usize>,
    has_child: HashSet<UnitId>,
    leaf_kinds: HashSet<UnitKind>,
}

impl Units {
    /// Whether a checked unit or sector has `id`.
    pub(super) fn contains(&self, id: &UnitId) -> bool {
        self.pos.contains_key(id)
    }

    /// Whether `id` is a checked unit with no units under it.
    pub(super) fn is_service_unit(&self, id: &UnitId) -> bool {
        self.contains(id) && !self.has_child.contains(id)
    }

    /// The ids of the checked units, in model order (for suggestions).
    pub(super) fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|u| u.id.as_str())
    }

    /// The kinds of the service units.
    pub(super) fn leaf_kinds(&self) -> &HashSet<UnitKind> {
        &self.leaf_kinds
    }

    /// The units directly under the municipality, in model order.
    pub(super) fn top_level(&self) -> impl Iterator<Item = &UnitId> {
        self.list
            .iter()
            .filter(|u| u.parent.is_none())
            .map(|u| &u.id)
    }

    /// The service units (no units under them), in model order.
    pub(super) fn service_units(&self) -> impl Iterator<Item = &UnitId> {
        self.list
            .iter()
            .filter(|u| !self.has_child.contains(&u.id))
            .map(|u| &u.id)
    }

    /// The units above `id`, nearest first (stops at a cycle).
    pub(super) fn ancestors<'a>(&'a self, id: &UnitId) -> impl Iterator<Item = &'a UnitId> + 'a {
        let mut cur = self.pos.get(id).and_then(|&i| self.list[i].parent.as_ref());
        let mut left = self.list.len();
        std::iter::from_fn(move || {
            let here = cur?;
            if left == 0 {
                return None;
            }
            left -= 1;
            cur = self
                .pos
                .get(here)
                .and_then(|&i| self.list[i].parent.as_ref());
            Some(here)
        })
    }

    /// The units, in model order.
    pub(super) fn into_list(self) -> Vec<Unit> {
        self.list
    }
}

/// Checks the section: valid, distinct ids other than the municipality's,
/// known parents, no cycles, and no negative FTEs.
pub(super) fn check(ctx: &mut Ctx, raw: &[RawUnit], municipality: Option<&UnitId>) -> Units {
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = HashSet::new();
    let raw_ids: Vec<String> = raw.iter().map(|u| u.id.clone()).collect();
    for (i, u) in raw.iter().enumerate() {
        let entry = format!("units[{i}]");
        let Some(uid) = ctx.id(&entry, &u.id, UnitId::new) else {
            continue;
        };
        let entry = format!("units[{i}] ({uid})");
        if Some(&uid) == municipality {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("enheten kan ikke ha samme id som kommunen («{uid}»)"),
                format!("a unit cannot have the municipality's id \"{uid}\""),
            );
            continue;
        }
        if !seen.insert(uid.clone()) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("enheten «{uid}» finnes fra før"),
                format!("duplicate unit \"{uid}\""),
            );
            continue;
        }
        let Some(kind) = ctx.id(&entry, &u.kind, UnitKind::new) else {
            continue;
        };
        let parent = match &u.parent {
            None => None,
            Some(p) if raw_ids.iter().any(|r| r == p) && p != &u.id => UnitId::new(p).ok(),
            Some(p) => {
                ctx.unknown(
                    &entry,
                    ("overordnet enhet", "parent unit"),
                    p,
                    raw_ids.iter().map(String::as_str),
                );
                None
            }
        };
        if !u.fte.is_finite() || u.fte < 0.0 {
            ctx.add(
                ProblemKind::OutOfRange,
                &entry,
                format!("årsverk (fte) må være 0 eller mer, ikke {}", u.fte),
                format!("fte must be 0 or more, not {}", u.fte),
            );
        }
        units.push(Unit {
            id: uid,
            name: u.name.clone(),
            kind,
            parent,
            leader: u.leader.clone(),
            fte: if u.fte.is_finite() {
                u.fte.max(0.0)
            } else {
                0.0
            },
        });
    }
    let pos: HashMap<UnitId, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect();
    check_cycles(ctx, raw, &units, &pos);
    let has_child: HashSet<UnitId> = units.iter().filter_map(|u| u.parent.clone()).collect();
    let leaf_kinds: HashSet<UnitKind> = units
        .iter()
        .filter(|u| !has_child.contains(&u.id))
        .map(|u| u.kind.clone())
        .collect();
    Units {
        list: units,
        pos,
        has_child,
        leaf_kinds,
    }
}

/// A problem for every unit in a cycle, named by its place in the file
/// and with the cycle spelt out. A unit that only hangs under a cycle is
/// not in it and is not blamed: the cycle's own units are.
fn check_cycles(ctx: &mut Ctx, raw: &[RawUnit], units: &[Unit], pos: &HashMap<UnitId, usize>) {
    let parent = |id: &UnitId| pos.get(id).and_then(|&j| units[j].parent.clone());
    for u in units {
        let Some(path) = cycle_from(&u.id, units.len(), parent) else {
            continue;
        };
        let i = raw.iter().position(|r| r.id == u.id.as_str()).unwrap_or(0);
        let ring = path
            .iter()
            .map(UnitId::as_str)
            .collect::<Vec<_>>()
            .join(" → ");
        ctx.add(
            ProblemKind::Invalid,
            &format!("units[{i}] ({})", u.id),
            format!(
                "enhetstreet har en sirkel: {ring}; gi én av enhetene en annen overordnet enhet"
            ),
            format!("the unit tree has a cycle: {ring}; give one of the units another parent"),
        );
    }
}

/// The cycle through `start` (`a → b → a`), if `start` is in one: its
/// ancestors by `parent`, which are at most `n` without a cycle.
pub(super) fn cycle_from<T: Clone + PartialEq>(
    start: &T,
    n: usize,
    parent: impl Fn(&T) -> Option<T>,
) -> Option<Vec<T>> {
    let mut path = vec![start.clone()];
    let mut cur = parent(start);
    while let Some(p) = cur {
        path.push(p.clone());
        if &p == start {
            return Some(path);
        }
        if path.len() > n + 1 {
            // Under a cycle, not in one.
            return None;
        }
        cur = parent(&p);
    }
    None
}

/// The save form.
pub(super) fn save(units: &[Unit]) -> Vec<RawUnit> {
    units
        .iter()
        .map(|u| RawUnit {
            id: u.id.to_string(),
            name: u.name.clone(),
            kind: u.kind.to_string(),
            parent: u.parent.as_ref().map(|p| p.to_string()),
            leader: u.leader.clone(),
            fte: u.fte,
        })
        .collect()
}
