//! KOSTRA and SSB's statistics: tables as SSB publishes them
//! ([`Cube`]), decoded by the `kostra` adapter from JSON-stat or CSV, and
//! read here cell by cell.

mod compare;
mod config;
mod cube;
mod figures;
mod points;
mod wanted;

pub use compare::{comparison, distance_from_average, latest_year};
pub use config::{is_region_code, KostraConfig, KostraSource};
pub use cube::{size_of, Category, Cube, Dimension, MeasureUnit, Role};
pub use figures::{figures, mark_code_changes, role_dimension, table_number, Figures, KostraValue};
pub use points::{points, KostraPoint};
pub use wanted::{tables, wanted, Wanted};

/// One cell as people and programs look at it: each dimension's code
/// (keyed by the dimension's id, in the table's order), the value (none
/// where missing) and SSB's symbol for a missing cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRecord<'c> {
    /// (dimension id, category code), one per dimension.
    pub codes: Vec<(&'c str, &'c str)>,
    /// The value.
    pub value: Option<f64>,
    /// The symbol (`..`, `.`, `:`), for a missing cell.
    pub status: Option<&'c str>,
}

/// Every cell of `cube` in its order.
///
/// ```
/// use styring_core::kostra::{cells, Category, Cube, Dimension};
/// let d = Dimension { id: "Tid".into(), label: "år".into(), role: None, notes: vec![],
///     categories: vec![Category { code: "2024".into(), label: "2024".into(), unit: None, notes: vec![] }] };
/// let cube = Cube::new("T".into(), vec![d], vec![None], [(0, ":".to_string())].into()).unwrap();
/// let all: Vec<_> = cells(&cube).collect();
/// assert_eq!((all[0].codes.clone(), all[0].value, all[0].status), (vec![("Tid", "2024")], None, Some(":")));
/// ```
pub fn cells(cube: &Cube) -> impl Iterator<Item = CellRecord<'_>> + '_ {
    (0..cube.len()).map(move |i| CellRecord {
        codes: cube
            .dimensions()
            .iter()
            .zip(cube.codes(i))
            .map(|(d, c)| (d.id.as_str(), c))
            .collect(),
        value: cube.value(i),
        status: cube.status(i),
    })
}

/// What SSB's symbol for a missing cell means, in words.
///
/// ```
/// use styring_core::kostra::symbol_meaning;
/// assert_eq!(symbol_meaning("..").nb, "tallgrunnlag mangler");
/// ```
pub fn symbol_meaning(symbol: &str) -> crate::text::Text {
    use crate::text::Text;
    match symbol {
        ".." => Text::new("tallgrunnlag mangler", "no data basis"),
        "." => Text::new(
            "ikke mulig å oppgi tall (kategorien var ikke i bruk)",
            "not possible (the category was not in use)",
        ),
        ":" => Text::new(
            "vises ikke av hensyn til personvernet",
            "withheld for confidentiality",
        ),
        "-" => Text::new("null", "nil"),
        other => Text::new(format!("merket «{other}»"), format!("marked \"{other}\"")),
    }
}

/// A table as a Report, for looking inside a file before importing it:
/// one row per cell with each dimension's code and label, the value with
/// the decimals SSB gives, and the symbol of a missing cell with what it
/// means; the table's notes and those of its dimensions below.
///
/// ```
/// use styring_core::kostra::{cube_report, Category, Cube, Dimension};
/// let cat = |c: &str, l: &str| Category { code: c.into(), label: l.into(), unit: None, notes: vec![] };
/// let d = Dimension { id: "Region".into(), label: "region".into(), role: None, notes: vec![],
///     categories: vec![cat("3440", "Øyer"), cat("EKG01", "Kostragruppe 1")] };
/// let cube = Cube::new("Nøkkeltall".into(), vec![d], vec![Some(161911.0), None], [(1, "..".to_string())].into()).unwrap();
/// let r = cube_report(&cube, styring_core::Lang::Nb);
/// let rows = &r.sections[0].table().unwrap().rows;
/// let text = |i: usize, j: usize| rows[i].cells[j].text(styring_core::Lang::Nb);
/// assert_eq!((text(0, 0), text(0, 1)), ("3440 Øyer".to_string(), "161 911".to_string()));
/// assert_eq!(text(1, 2), ".. (tallgrunnlag mangler)");
/// ```
pub fn cube_report(cube: &Cube, lang: crate::Lang) -> crate::report::Report {
    use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
    let dims = cube.dimensions();
    let mut columns: Vec<Column> = dims.iter().map(|d| Column::new(&d.id, &d.label)).collect();
    columns.push(Column::new("value", lang.pick("Verdi", "Value")));
    columns.push(Column::new("status", lang.pick("Symbol", "Symbol")));
    // Decimals from the metric's unit, where the table gives them.
    let metric = dims.iter().position(|d| d.role == Some(Role::Metric));
    let rows = (0..cube.len())
        .map(|i| {
            let pos = cube.positions(i);
            let mut cells: Vec<Cell> = dims
                .iter()
                .zip(&pos)
                .map(|(d, &p)| {
                    let c = &d.categories[p];
                    Cell::Text(if c.label == c.code {
                        c.code.clone()
                    } else {
                        format!("{} {}", c.code, c.label)
                    })
                })
                .collect();
            let decimals = metric
                .and_then(|m| dims[m].categories[pos[m]].unit.as_ref())
                .and_then(|u| u.decimals)
                .unwrap_or(if cube.value(i).is_some_and(|v| v.fract() != 0.0) {
                    1
                } else {
                    0
                });
            cells.push(cube.value(i).map_or(Cell::Empty, |v| {
                Cell::Text(crate::lang::format_number(v, decimals, lang))
            }));
            cells.push(cube.status(i).map_or(Cell::Empty, |s| {
                Cell::Text(format!("{s} ({})", symbol_meaning(s).get(lang)))
            }));
            TableRow::data(cells)
        })
        .collect();
    let mut notes: Vec<String> = cube.notes.clone();
    for d in dims {
        notes.extend(d.notes.iter().map(|n| format!("{}: {n}", d.label)));
        for c in &d.categories {
            notes.extend(
                c.notes
                    .iter()
                    .map(|n| format!("{} {}: {n}", d.label, c.code)),
            );
        }
    }
    let year = cube
        .with_role(Role::Time)
        .and_then(|t| t.categories.last())
        .and_then(|c| c.code.get(..4))
        .and_then(|y| y.parse::<i32>().ok())
        .unwrap_or(2000);
    let mut sections = vec![Section {
        title: lang.pick("Celler", "Cells").to_string(),
        status: None,
        body: Body::Table(Table { columns, rows }),
    }];
    if !notes.is_empty() {
        sections.push(Section {
            title: lang.pick("Fotnoter", "Notes").to_string(),
            status: None,
            body: Body::Paragraph(notes.join("\n")),
        });
    }
    Report {
        title: if cube.label.is_empty() {
            lang.pick("Tabell fra SSB", "Table from SSB").to_string()
        } else {
            cube.label.clone()
        },
        scope: cube.source.clone().unwrap_or_default(),
        period: crate::period::Period::year_clamped(year),
        period_label: format!(
            "{} {}{}",
            cube.len(),
            lang.pick("celler", "cells"),
            cube.updated
                .as_deref()
                .map(|u| format!(" · {} {u}", lang.pick("oppdatert", "updated")))
                .unwrap_or_default()
        ),
        subtitle: cube.source.clone(),
        municipality: String::new(),
        lang,
        sections,
    }
}

#[cfg(test)]
mod tests;
