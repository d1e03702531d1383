//! A query cut into calls that each stay within the API's limit on
//! cells: every variable's selection resolved against the table's
//! codes, and the variables cut one after the other in a given order.

use super::expr::ValueExpr;
use super::Selection;
use crate::TableMetadata;
use styring_core::problem::{Location, ProblemKind, Problems};

/// The calls for `selections` on a table of `meta`, each at most
/// `max_cells` cells: the selections as given when they fit in one
/// call; else the variables in `order` (then the others) cut into runs
/// of explicit codes. Every call that cuts `keep.0` also asks for the
/// codes `keep.1` (the municipality's own region, which every part must
/// carry).
///
/// # Errors
/// A selection naming a variable or a code the table does not have (with
/// «mente du»), or a variable the table cannot leave out that has no
/// selection.
pub fn split(
    table: &str,
    meta: &TableMetadata,
    selections: &[Selection],
    max_cells: u64,
    order: &[&str],
    keep: (&str, &[String]),
) -> Result<(Vec<Vec<Selection>>, u64), Problems> {
    let mut p = Problems::default();
    let ids: Vec<&str> = meta.dimensions.iter().map(|d| d.id.as_str()).collect();
    for s in selections {
        if !ids.contains(&s.variable.as_str()) {
            let t = styring_core::problem::Suggestion::unknown_among(
                ("variabel", "variable"),
                &s.variable,
                &ids,
            );
            p.add_kind(
                ProblemKind::UnknownReference,
                Location::entry(format!("tabell {table}")),
                t.nb,
                t.en,
            );
        }
    }
    // Each variable: its resolved codes, or None when left out.
    let mut resolved: Vec<(String, Option<Vec<String>>)> = Vec::new();
    for d in &meta.dimensions {
        let codes: Vec<&str> = d.categories.iter().map(|c| c.code.as_str()).collect();
        let chosen = selections.iter().find(|s| s.variable == d.id);
        match chosen {
            None if meta.eliminable.contains(&d.id) => resolved.push((d.id.clone(), None)),
            None => p.add_kind(
                ProblemKind::Missing,
                Location::entry(format!("tabell {table}, {}", d.id)),
                format!(
                    "variabelen «{}» kan ikke utelates; velg verdier for den",
                    d.id
                ),
                format!(
                    "the variable \"{}\" cannot be left out; choose values for it",
                    d.id
                ),
            ),
            // With a code list, the metadata was asked through it, so
            // these are the list's codes.
            Some(s) => resolved.push((d.id.clone(), Some(resolve(&mut p, table, d, &codes, s)))),
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    let size = |r: &[(String, Option<Vec<String>>)]| {
        r.iter().fold(1u64, |n, (_, c)| {
            n.saturating_mul(c.as_ref().map_or(1, |c| c.len() as u64))
        })
    };
    let total = size(&resolved);
    if total <= max_cells.max(1) {
        return Ok((vec![selections.to_vec()], total));
    }
    let mut cut_order: Vec<String> = order
        .iter()
        .filter(|o| resolved.iter().any(|(id, c)| id == *o && c.is_some()))
        .map(|o| (*o).to_string())
        .collect();
    for (id, c) in &resolved {
        if c.is_some() && !cut_order.contains(id) {
            cut_order.push(id.clone());
        }
    }
    let mut parts = vec![resolved];
    for id in &cut_order {
        let mut next = Vec::new();
        for part in parts {
            if size(&part) <= max_cells {
                next.push(part);
                continue;
            }
            let Some(k) = part.iter().position(|(i, _)| i == id) else {
                next.push(part);
                continue;
            };
            let codes = part.get(k).and_then(|(_, c)| c.clone()).unwrap_or_default();
            let pinned: Vec<String> = if id == keep.0 {
                keep.1
                    .iter()
                    .filter(|c| codes.contains(c))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            let rest: Vec<String> = codes.into_iter().filter(|c| !pinned.contains(c)).collect();
            let others = size(&part) / (rest.len() + pinned.len()).max(1) as u64;
            let room = (max_cells / others.max(1)).max(1) as usize;
            let per = room.saturating_sub(pinned.len()).max(1);
            for run in rest.chunks(per) {
                let mut piece = part.clone();
                if let Some(slot) = piece.get_mut(k) {
                    slot.1 = Some(pinned.iter().chain(run).cloned().collect());
                }
                next.push(piece);
            }
        }
        parts = next;
    }
    let calls = parts
        .into_iter()
        .map(|part| {
            part.into_iter()
                .filter_map(|(id, codes)| {
                    let codes = codes?;
                    let given = selections.iter().find(|s| s.variable == id);
                    Some(Selection {
                        variable: id,
                        values: codes.into_iter().map(ValueExpr::Code).collect(),
                        codelist: given.and_then(|g| g.codelist.clone()),
                        output_values: given.and_then(|g| g.output_values),
                    })
                })
                .collect()
        })
        .collect();
    Ok((calls, total))
}

fn resolve(
    p: &mut Problems,
    table: &str,
    d: &styring_core::kostra::Dimension,
    codes: &[&str],
    s: &Selection,
) -> Vec<String> {
    let mut at: Vec<usize> = Vec::new();
    for v in &s.values {
        match v.resolve(codes) {
            Ok(found) => at.extend(found),
            Err(t) => p.add_kind(
                ProblemKind::UnknownReference,
                Location::entry(format!("tabell {table}, {}", d.id)),
                t.nb,
                t.en,
            ),
        }
    }
    at.sort_unstable();
    at.dedup();
    at.into_iter()
        .filter_map(|i| codes.get(i).map(|c| (*c).to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use styring_core::kostra::{Category, Dimension};

    fn dim(id: &str, codes: &[&str]) -> Dimension {
        Dimension {
            id: id.into(),
            label: id.into(),
            role: None,
            notes: vec![],
            categories: codes
                .iter()
                .map(|c| Category {
                    code: (*c).into(),
                    label: (*c).into(),
                    unit: None,
                    notes: vec![],
                })
                .collect(),
        }
    }

    fn meta() -> TableMetadata {
        TableMetadata {
            table: Some("12134".into()),
            label: "t".into(),
            updated: None,
            dimensions: vec![
                dim("Region", &["3440", "EKG01", "EAK", "3441"]),
                dim("ContentsCode", &["A", "B"]),
                dim("Tid", &["2020", "2021", "2022", "2023", "2024"]),
                dim("Alder", &["0", "1"]),
            ],
            eliminable: vec!["Alder".into()],
        }
    }

    fn sel(v: &str, items: &str) -> Selection {
        Selection::new(v, ValueExpr::parse_list(items).unwrap())
    }

    #[test]
    fn a_query_that_fits_is_sent_as_written() {
        let s = vec![
            sel("Region", "3440"),
            sel("ContentsCode", "*"),
            sel("Tid", "from(2022)"),
        ];
        let (calls, cells) = split("12134", &meta(), &s, 100, &["Tid"], ("Region", &[])).unwrap();
        // 1 region × 2 contents × 3 years; Alder left out.
        assert_eq!(cells, 6);
        assert_eq!(calls, vec![s]);
    }

    #[test]
    fn a_large_query_is_cut_by_year_first_and_every_part_fits() {
        let s = vec![
            sel("Region", "*"),
            sel("ContentsCode", "*"),
            sel("Tid", "*"),
        ];
        // 4 × 2 × 5 = 40 cells, 16 a call: 8 cells a year, so two years a call.
        let (calls, cells) = split("12134", &meta(), &s, 16, &["Tid"], ("Region", &[])).unwrap();
        assert_eq!(cells, 40);
        let years: Vec<Vec<String>> = calls
            .iter()
            .map(|c| c[2].values.iter().map(ValueExpr::to_query).collect())
            .collect();
        assert_eq!(
            years,
            vec![vec!["2020", "2021"], vec!["2022", "2023"], vec!["2024"]]
        );
    }

    #[test]
    fn cutting_regions_keeps_the_own_region_in_every_part() {
        let s = vec![
            sel("Region", "*"),
            sel("ContentsCode", "*"),
            sel("Tid", "2024"),
        ];
        // 4 regions × 2 contents = 8 cells, 4 a call: two regions a call, 3440 in each.
        let own = ["3440".to_string()];
        let (calls, _) = split(
            "12134",
            &meta(),
            &s,
            4,
            &["Tid", "Region"],
            ("Region", &own),
        )
        .unwrap();
        let regions: Vec<Vec<String>> = calls
            .iter()
            .map(|c| c[0].values.iter().map(ValueExpr::to_query).collect())
            .collect();
        assert_eq!(
            regions,
            vec![
                vec!["3440", "EKG01"],
                vec!["3440", "EAK"],
                vec!["3440", "3441"]
            ]
        );
    }

    #[test]
    fn unknown_variables_and_codes_and_a_missing_selection_are_each_said() {
        let s = vec![
            sel("Regoin", "3440"),
            sel("ContentsCode", "C"),
            sel("Tid", "2024"),
        ];
        let e = split("12134", &meta(), &s, 100, &[], ("Region", &[])).unwrap_err();
        let t = styring_core::text::Localized::render(&e, styring_core::Lang::Nb);
        assert!(
            t.contains("ukjent variabel «Regoin» — mente du «Region»"),
            "{t}"
        );
        assert!(t.contains("«Region» kan ikke utelates"), "{t}");
        assert!(t.contains("ukjent kode «C»"), "{t}");
    }
}
