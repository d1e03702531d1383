//! The model's KOSTRA figures out of one of SSB's tables: for every
//! indicator whose `kostra` source is this table, each region's value per
//! year — old region codes mapped to today's, and a value marked as a
//! break in its series when it was published under an old code or SSB's
//! notes say the series breaks.

use super::cube::{Cube, Dimension, Role};
use crate::model::Model;
use crate::problem::{Location, ProblemKind, Problems, Suggestion};

/// One KOSTRA figure: an indicator's value for a region and year.
#[derive(Debug, Clone, PartialEq)]
pub struct KostraValue {
    /// The indicator.
    pub indicator: String,
    /// The region, by today's code.
    pub region: String,
    /// The region's name as the table gives it (`Gausdal`).
    pub region_label: String,
    /// The code the table gives it under (an old one before a merger).
    pub code_in_table: String,
    /// The year.
    pub year: i32,
    /// The value (`None` where SSB has none).
    pub value: Option<f64>,
    /// SSB's symbol for a missing value.
    pub status: Option<String>,
    /// Why the series breaks here, if it does: a code changed, or SSB's
    /// note.
    pub break_note: Option<String>,
}

/// The figures a table gives the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Every figure, by indicator, region and year.
    pub values: Vec<KostraValue>,
    /// Indicators reading this table whose contents code it lacks (a
    /// table saved with some contents only), each with «mente du».
    pub skipped: Problems,
}

/// The table's number: SSB's own metadata (given), or the number its
/// title starts with (`12134: Utvalgte nøkkeltall …`).
///
/// ```
/// use styring_core::kostra::table_number;
/// assert_eq!(table_number(None, "12134: Utvalgte nøkkeltall").as_deref(), Some("12134"));
/// assert_eq!(table_number(Some("04813"), "x").as_deref(), Some("04813"));
/// assert_eq!(table_number(None, "Nøkkeltall"), None);
/// ```
pub fn table_number(given: Option<&str>, label: &str) -> Option<String> {
    if let Some(g) = given.map(str::trim).filter(|g| !g.is_empty()) {
        return Some(g.to_string());
    }
    let digits: String = label.chars().take_while(char::is_ascii_digit).collect();
    let after = label.get(digits.len()..).unwrap_or_default();
    (digits.len() == 5 && after.starts_with(':')).then_some(digits)
}

/// The dimension of `role`, by the table's roles or, failing them, by
/// the ids and labels SSB uses.
/// The names SSB gives each role's dimension, for tables that do not say
/// their roles.
fn role_names(role: Role) -> &'static [&'static str] {
    match role {
        Role::Geo => &["region", "kokkommuneregion"],
        Role::Time => &["tid", "år", "year"],
        Role::Metric => &["contentscode", "statistikkvariabel"],
    }
}

/// The dimension that stands for `role` among `dims`: the one the table
/// says has it, else the one SSB names so (`Region`, `Tid`,
/// `ContentsCode`, or labels like «statistikkvariabel»).
///
/// ```
/// use styring_core::kostra::{role_dimension, Dimension, Role};
/// let d = |id: &str| Dimension { id: id.into(), label: id.into(), role: None, categories: vec![], notes: vec![] };
/// let dims = [d("Region"), d("ContentsCode"), d("Tid")];
/// assert_eq!(role_dimension(&dims, Role::Time).map(|d| d.id.as_str()), Some("Tid"));
/// ```
pub fn role_dimension(dims: &[Dimension], role: Role) -> Option<&Dimension> {
    dims.iter().find(|d| d.role == Some(role)).or_else(|| {
        dims.iter().find(|d| {
            let (id, label) = (d.id.to_lowercase(), d.label.to_lowercase());
            role_names(role)
                .iter()
                .any(|n| id == *n || label == *n || id.starts_with(n) || label.starts_with(n))
        })
    })
}

/// Words in SSB's notes that say a series breaks.
const BREAK_WORDS: [&str; 4] = ["brudd", "break", "ikke sammenlignbar", "not comparable"];

/// A region's name: the label of its current code where the table has
/// it (not `Øyer (-2019)`), else its own.
fn label_of(region: &Dimension, current: &str, own: &str) -> String {
    region
        .categories
        .iter()
        .find(|c| c.code == current)
        .map_or(own, |c| c.label.as_str())
        .to_string()
}

fn says_break(note: &str) -> bool {
    let n = note.to_lowercase();
    BREAK_WORDS.iter().any(|w| n.contains(w))
}

/// One figure per region and year: SSB lists a merged municipality under
/// its old and its new code, the one empty where the other has the value;
/// the cell with a value wins (the current code's, if both have one),
/// then one with a symbol.
fn merged(mut series: Vec<KostraValue>) -> Vec<KostraValue> {
    let rank = |v: &KostraValue| {
        (
            v.value.is_some(),
            v.status.is_some(),
            v.code_in_table == v.region,
        )
    };
    series.sort_by(|a, b| {
        (a.region.as_str(), a.year)
            .cmp(&(b.region.as_str(), b.year))
            .then_with(|| rank(b).cmp(&rank(a)))
    });
    series.dedup_by(|later, kept| later.region == kept.region && later.year == kept.year);
    series
}

/// Marks the first value of each region's series under a new code, when
/// earlier years came under another (a merger): the series breaks there.
/// A mark already made is not made twice, so the parts of one table
/// fetched in several calls can be marked again together.
///
/// ```
/// use styring_core::kostra::{mark_code_changes, KostraValue};
/// let v = |year, code: &str| KostraValue {
///     indicator: "O.2.1".into(), region: "3440".into(), region_label: "Øyer".into(),
///     code_in_table: code.into(), year, value: Some(1.0), status: None, break_note: None,
/// };
/// let mut series = vec![v(2020, "3440"), v(2019, "0521")];
/// mark_code_changes(&mut series);
/// mark_code_changes(&mut series);
/// assert_eq!(series[1].break_note.as_deref(), Some("regionkode 0521 → 3440"));
/// ```
pub fn mark_code_changes(values: &mut [KostraValue]) {
    values.sort_by(|a, b| (a.region.as_str(), a.year).cmp(&(b.region.as_str(), b.year)));
    for i in 1..values.len() {
        let (before, here) = values.split_at_mut(i);
        let (prev, cur) = (&before[i - 1], &mut here[0]);
        let change = format!("regionkode {} → {}", prev.code_in_table, cur.code_in_table);
        let marked = cur.break_note.as_ref().is_some_and(|n| n.contains(&change));
        if prev.region == cur.region && prev.code_in_table != cur.code_in_table && !marked {
            cur.break_note = Some(match cur.break_note.take() {
                Some(n) => format!("{change}; {n}"),
                None => change,
            });
        }
    }
}

/// Every figure of the model's indicators in `cube`, SSB's table
/// `table` (from the file `file`).
///
/// # Errors
/// Every problem at once: a table without a region, year or contents
/// dimension; no indicator's contents code in the table, or an
/// indicator's other dimension or code the table does not have (with
/// «mente du»); a dimension of several categories
/// the indicator does not choose from; a year that is not a year; the
/// municipality's own region missing from the table (with the old codes
/// the model maps, and how to map one).
pub fn figures(model: &Model, cube: &Cube, table: &str, file: &str) -> Result<Figures, Problems> {
    let mut p = Problems::default();
    let mut skipped = Problems::default();
    let at = |what: &str| Location::entry(what.to_string()).in_file(file.to_string());
    let indicators: Vec<_> = model
        .indicators()
        .iter()
        .filter(|i| i.kostra.as_ref().is_some_and(|k| k.table == table))
        .collect();
    if indicators.is_empty() {
        p.add_kind(
            ProblemKind::UnknownReference,
            at("tabell"),
            format!("ingen indikator i modellen henter tall fra tabell {table}; sett kostra = {{ table = \"{table}\", contents = \"…\" }} på indikatoren"),
            format!("no indicator in the model takes figures from table {table}; set kostra = {{ table = \"{table}\", contents = \"…\" }} on the indicator"),
        );
        return Err(p);
    }
    let region = role_dimension(cube.dimensions(), Role::Geo);
    let time = role_dimension(cube.dimensions(), Role::Time);
    let metric = role_dimension(cube.dimensions(), Role::Metric);
    for (d, nb, en) in [
        (region, "region", "region"),
        (time, "år (tid)", "year (time)"),
        (metric, "statistikkvariabel", "contents"),
    ] {
        if d.is_none() {
            p.add_kind(
                ProblemKind::Missing,
                at("dimension"),
                format!("tabellen har ingen dimensjon for {nb}"),
                format!("the table has no {en} dimension"),
            );
        }
    }
    let (Some(region), Some(time), Some(metric)) = (region, time, metric) else {
        return Err(p);
    };
    let years: Vec<Option<i32>> = time
        .categories
        .iter()
        .map(|c| c.code.get(..4).and_then(|y| y.parse().ok()))
        .collect();
    if let Some(c) = time
        .categories
        .iter()
        .zip(&years)
        .find(|(_, y)| y.is_none())
    {
        p.add_kind(
            ProblemKind::BadPeriod,
            at(&format!("{} {}", time.id, c.0.code)),
            format!("«{}» er ikke et år; KOSTRA-tall er årlige", c.0.code),
            format!("\"{}\" is not a year; KOSTRA figures are yearly", c.0.code),
        );
    }
    let k = model.kostra();
    if let Some(own) = &k.region {
        let olds: Vec<&str> = k
            .old_codes
            .iter()
            .filter(|(_, n)| *n == own)
            .map(|(o, _)| o.as_str())
            .collect();
        let present = region
            .categories
            .iter()
            .any(|c| c.code == *own || olds.contains(&c.code.as_str()));
        if !present {
            p.add_kind(
                ProblemKind::UnknownReference,
                at(&region.id),
                format!(
                    "tabellen har ikke kommunens region {own}{}; har den et annet nummer i tabellen (før en sammenslåing), kartlegg det i [kostra.old_codes], som \"0521\" = \"{own}\"",
                    if olds.is_empty() { String::new() } else { format!(" (eller {})", olds.join(", ")) }
                ),
                format!(
                    "the table does not have the municipality's region {own}{}; if it has another number in the table (before a merger), map it in [kostra.old_codes], like \"0521\" = \"{own}\"",
                    if olds.is_empty() { String::new() } else { format!(" (or {})", olds.join(", ")) }
                ),
            );
        }
    }
    let dims = cube.dimensions();
    // Each region's current code and name, worked out once for the
    // table (not once per cell).
    let regions: Vec<(String, String)> = region
        .categories
        .iter()
        .map(|c| {
            let current = k.current(&c.code);
            (current.to_string(), label_of(region, current, &c.label))
        })
        .collect();
    let mut out = Vec::new();
    for ind in indicators {
        let Some(src) = &ind.kostra else { continue };
        let here = format!("{} {}", ind.code, ind.name);
        // The position wanted in each dimension other than region and time.
        let mut fixed: Vec<Option<usize>> = vec![None; dims.len()];
        let mut ok = true;
        for (k, d) in dims.iter().enumerate() {
            if d.id == region.id || d.id == time.id {
                continue;
            }
            let wanted = if d.id == metric.id {
                Some(src.contents.as_str())
            } else {
                src.dimensions.get(&d.id).map(String::as_str)
            };
            match wanted {
                Some(code) => match d.position(code) {
                    Some(pos) => fixed[k] = Some(pos),
                    None => {
                        ok = false;
                        let codes: Vec<&str> =
                            d.categories.iter().map(|c| c.code.as_str()).collect();
                        let t = Suggestion::unknown_among(("kode", "code"), code, &codes);
                        let t = crate::text::Text::new(
                            format!("{}: {}", d.id, t.nb),
                            format!("{}: {}", d.id, t.en),
                        );
                        // A contents code the table lacks: the table may
                        // hold only some of the model's contents, so it
                        // is set aside and said, unless nothing matches.
                        if d.id == metric.id {
                            skipped.add_kind(ProblemKind::UnknownReference, at(&here), t.nb, t.en);
                        } else {
                            p.add_kind(ProblemKind::UnknownReference, at(&here), t.nb, t.en);
                        }
                    }
                },
                None if d.categories.len() == 1 => fixed[k] = Some(0),
                None => {
                    ok = false;
                    p.add_kind(
                        ProblemKind::Missing,
                        at(&here),
                        format!("tabellen har {} kategorier i «{}»; velg én med kostra = {{ …, {} = \"{}\" }}", d.categories.len(), d.id, d.id, d.categories[0].code),
                        format!("the table has {} categories in \"{}\"; choose one with kostra = {{ …, {} = \"{}\" }}", d.categories.len(), d.id, d.id, d.categories[0].code),
                    );
                }
            }
        }
        for name in src.dimensions.keys() {
            if !dims.iter().any(|d| d.id == *name) {
                ok = false;
                let ids: Vec<&str> = dims.iter().map(|d| d.id.as_str()).collect();
                let t = Suggestion::unknown_among(("dimensjon", "dimension"), name, &ids);
                p.add_kind(ProblemKind::UnknownReference, at(&here), t.nb, t.en);
            }
        }
        if !ok {
            continue;
        }
        let ri = dims.iter().position(|d| d.id == region.id).unwrap_or(0);
        let ti = dims.iter().position(|d| d.id == time.id).unwrap_or(0);
        let mi = dims.iter().position(|d| d.id == metric.id).unwrap_or(0);
        let contents = &metric.categories[fixed[mi].unwrap_or(0)];
        let mut series: Vec<KostraValue> = Vec::new();
        for (rp, rc) in region.categories.iter().enumerate() {
            for (tp, tc) in time.categories.iter().enumerate() {
                let Some(year) = years[tp] else { continue };
                let mut i = 0usize;
                for (k, d) in dims.iter().enumerate() {
                    let pos = if k == ri {
                        rp
                    } else if k == ti {
                        tp
                    } else {
                        fixed[k].unwrap_or(0)
                    };
                    i = i * d.categories.len() + pos;
                }
                // A note on the region or the year that says the series
                // breaks marks this cell; one on the contents marks the
                // year it names.
                let on_cell = rc.notes.iter().chain(&tc.notes).find(|n| says_break(n));
                let on_contents = contents
                    .notes
                    .iter()
                    .find(|n| says_break(n) && n.contains(&year.to_string()));
                let (current, label) = &regions[rp];
                series.push(KostraValue {
                    indicator: ind.code.to_string(),
                    region: current.clone(),
                    region_label: label.clone(),
                    code_in_table: rc.code.clone(),
                    year,
                    value: cube.value(i),
                    status: cube.status(i).map(str::to_string),
                    break_note: on_cell.or(on_contents).cloned(),
                });
            }
        }
        let start = out.len();
        out.extend(merged(series));
        mark_code_changes(&mut out[start..]);
    }
    if out.is_empty() && p.is_empty() {
        // Not one indicator's contents is in the table.
        p = skipped;
        return Err(p);
    }
    if p.is_empty() {
        Ok(Figures {
            values: out,
            skipped,
        })
    } else {
        Err(p)
    }
}
