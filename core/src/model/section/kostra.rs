//! `[kostra]`: the municipality's region code, its KOSTRA group, the
//! country's code, the municipalities to compare with, the group's
//! municipalities (`group_members`), and old codes
//! mapped to the new (`[kostra.old_codes]`, `"0521" = "3440"`).

use super::Ctx;
use crate::kostra::{is_region_code, KostraConfig};
use crate::problem::ProblemKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[kostra]` as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKostra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    compare: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    group_members: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    old_codes: BTreeMap<String, String>,
}

fn code(ctx: &mut Ctx, entry: &str, c: &str) -> Option<String> {
    let c = c.trim();
    if is_region_code(c) {
        Some(c.to_string())
    } else {
        ctx.add(
            ProblemKind::Invalid,
            entry,
            format!("«{c}» er ingen regionkode fra SSB (en kommune har fire sifre, som 3440; en KOSTRA-gruppe EKG01–EKG17; landet EAK)"),
            format!("\"{c}\" is no SSB region code (a municipality has four digits, like 3440; a KOSTRA group EKG01–EKG17; the country EAK)"),
        );
        None
    }
}

/// Checks the section: codes of SSB's shapes, a group of the 2020
/// grouping, old codes that map to current ones (no chains).
pub(super) fn check(ctx: &mut Ctx, raw: Option<&RawKostra>) -> KostraConfig {
    let mut c = KostraConfig::default();
    let Some(r) = raw else {
        return c;
    };
    if let Some(x) = &r.region {
        c.region = code(ctx, "kostra.region", x);
        if c.region
            .as_deref()
            .is_some_and(|x| x.len() != 4 || !x.chars().all(|d| d.is_ascii_digit()))
        {
            ctx.add(
                ProblemKind::Invalid,
                "kostra.region",
                format!("region «{x}» skal være kommunens kommunenummer (fire sifre, som 3440)"),
                format!(
                    "region \"{x}\" must be the municipality's number (four digits, like 3440)"
                ),
            );
        }
    }
    if let Some(g) = &r.group {
        let g = g.trim();
        let n = g.strip_prefix("EKG").and_then(|n| n.parse::<u32>().ok());
        match n {
            Some(1..=17) if g.len() == 5 => c.group = Some(g.to_string()),
            _ => ctx.add(
                ProblemKind::Invalid,
                "kostra.group",
                format!("group «{g}» er ingen KOSTRA-gruppe i 2020-grupperingen (EKG01–EKG17); sjekk koden mot tabellens egne metadata"),
                format!("group \"{g}\" is no KOSTRA group of the 2020 grouping (EKG01–EKG17); check the code against the table's own metadata"),
            ),
        }
    }
    if let Some(x) = &r.country {
        if let Some(x) = code(ctx, "kostra.country", x) {
            c.country = x;
        }
    }
    for (i, x) in r.compare.iter().enumerate() {
        if let Some(x) = code(ctx, &format!("kostra.compare[{i}]"), x) {
            if c.region.as_deref() == Some(x.as_str()) || c.compare.contains(&x) {
                ctx.add(
                    ProblemKind::Duplicate,
                    &format!("kostra.compare[{i}]"),
                    format!("«{x}» står allerede i sammenligningen"),
                    format!("\"{x}\" is in the comparison already"),
                );
            } else {
                c.compare.push(x);
            }
        }
    }
    for (i, x) in r.group_members.iter().enumerate() {
        let entry = format!("kostra.group_members[{i}]");
        let Some(x) = code(ctx, &entry, x) else {
            continue;
        };
        if x.len() != 4 || !x.chars().all(|d| d.is_ascii_digit()) {
            ctx.add(
                ProblemKind::Invalid,
                &entry,
                format!("«{x}» er ikke et kommunenummer; gruppens medlemmer er kommuner (fire sifre, som 3441)"),
                format!("\"{x}\" is not a municipality number; the group's members are municipalities (four digits, like 3441)"),
            );
        } else if c.group_members.contains(&x) {
            ctx.add(
                ProblemKind::Duplicate,
                &entry,
                format!("«{x}» står to ganger i group_members"),
                format!("\"{x}\" appears twice in group_members"),
            );
        } else if c.region.as_deref() != Some(x.as_str()) {
            // The municipality itself, as SSB's grouping lists it, is
            // not one of the others.
            c.group_members.push(x);
        }
    }
    if !c.group_members.is_empty() && c.group.is_none() {
        ctx.add(
            ProblemKind::Missing,
            "kostra.group_members",
            "group_members er gruppens kommuner; sett også group (som \"EKG01\")",
            "group_members are the group's municipalities; set group too (like \"EKG01\")",
        );
    }
    for (old, new) in &r.old_codes {
        let entry = format!("kostra.old_codes.{old}");
        let (Some(o), Some(n)) = (code(ctx, &entry, old), code(ctx, &entry, new)) else {
            continue;
        };
        if r.old_codes.contains_key(&n) {
            ctx.add(
                ProblemKind::Invalid,
                &entry,
                format!("«{o}» peker til «{n}», som selv er en gammel kode; pek direkte til dagens kode"),
                format!("\"{o}\" points to \"{n}\", itself an old code; point straight to today's code"),
            );
            continue;
        }
        c.old_codes.insert(o, n);
    }
    c
}

/// The save form (`None` when the model had no `[kostra]`).
pub(super) fn save(c: &KostraConfig, written: bool) -> Option<RawKostra> {
    written.then(|| RawKostra {
        region: c.region.clone(),
        group: c.group.clone(),
        country: Some(c.country.clone()),
        compare: c.compare.clone(),
        group_members: c.group_members.clone(),
        old_codes: c.old_codes.clone(),
    })
}
