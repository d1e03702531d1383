//! What the model asks of SSB: the tables its indicators read, and from
//! each the contents, regions and other codes they need — the one rule
//! that a fetch from PxWebApi builds its query from.

use crate::Model;
use std::collections::BTreeMap;

/// What the model wants from one of SSB's tables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wanted {
    /// The contents codes its indicators read.
    pub contents: Vec<String>,
    /// The regions compared: the municipality (and its old codes), its
    /// KOSTRA group, the country, the chosen municipalities and the
    /// group's (and their old codes), each once, in that order.
    pub regions: Vec<String>,
    /// The municipality's own codes, new and old: every part of a query
    /// cut by region must carry them.
    pub own: Vec<String>,
    /// For each other dimension an indicator chooses from, its codes.
    pub dimensions: BTreeMap<String, Vec<String>>,
}

/// The tables the model's indicators read, in order, each once.
///
/// ```
/// let model = styring_core::Model::example();
/// assert_eq!(styring_core::kostra::tables(&model), vec!["12134"]);
/// ```
pub fn tables(model: &Model) -> Vec<String> {
    let mut t: Vec<String> = model
        .indicators()
        .iter()
        .filter_map(|i| i.kostra.as_ref().map(|k| k.table.clone()))
        .collect();
    t.sort();
    t.dedup();
    t
}

fn push(list: &mut Vec<String>, code: &str) {
    if !list.iter().any(|c| c == code) {
        list.push(code.to_string());
    }
}

/// What the model wants from table `table`.
///
/// ```
/// let model = styring_core::Model::example();
/// let w = styring_core::kostra::wanted(&model, "12134");
/// assert_eq!(w.contents, ["KOSkorrbrutto0000", "KOSkorrbarnehage0000"]);
/// assert_eq!(w.regions, ["3440", "0521", "EKG01", "EAK", "3441", "3439"]);
/// assert_eq!(w.own, ["3440", "0521"]);
/// ```
pub fn wanted(model: &Model, table: &str) -> Wanted {
    let mut w = Wanted::default();
    for ind in model.indicators() {
        let Some(k) = ind.kostra.as_ref().filter(|k| k.table == table) else {
            continue;
        };
        push(&mut w.contents, &k.contents);
        for (d, code) in &k.dimensions {
            push(w.dimensions.entry(d.clone()).or_default(), code);
        }
    }
    let k = model.kostra();
    let olds = |new: &str| -> Vec<&str> {
        k.old_codes
            .iter()
            .filter(|(_, n)| n.as_str() == new)
            .map(|(o, _)| o.as_str())
            .collect()
    };
    if let Some(own) = &k.region {
        push(&mut w.own, own);
        for o in olds(own) {
            push(&mut w.own, o);
        }
        w.regions = w.own.clone();
    }
    if let Some(g) = &k.group {
        push(&mut w.regions, g);
    }
    push(&mut w.regions, &k.country);
    for c in k.compare.iter().chain(&k.group_members) {
        push(&mut w.regions, c);
        for o in olds(c) {
            push(&mut w.regions, o);
        }
    }
    w
}
