//! Scorecards and the overview as Reports.

use super::{Body, Cell, Column, Report, Section, Table, TableRow};
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::scorecard::{Overview, Row, Scorecard};
use crate::status::StatusCounts;
use crate::unit::Scope;

fn label(p: Period, lang: Lang) -> String {
    p.label(lang)
}

/// `12 grønn · 3 gul · 2 rød · 1 mangler data`: the counts in words.
fn counts_text(c: &StatusCounts, lang: Lang) -> String {
    let parts: Vec<String> = c.parts(lang).into_iter().map(|p| p.1).collect();
    parts.join(" · ")
}

/// The column keys of a scorecard table, in order.
pub const SCORECARD_COLUMNS: [&str; 11] = [
    "indicator",
    "name",
    "value",
    "period",
    "basis",
    "target",
    "status",
    "trend",
    "reason",
    "history",
    "comment",
];

fn scorecard_columns(lang: Lang) -> Vec<Column> {
    let titles = match lang {
        Lang::Nb => [
            "Kode",
            "Indikator",
            "Verdi",
            "Periode",
            "Grunnlag",
            "Mål",
            "Status",
            "Trend",
            "Begrunnelse",
            "Historikk",
            "Enhetens kommentar",
        ],
        Lang::En => [
            "Code",
            "Indicator",
            "Value",
            "Period",
            "Basis",
            "Target",
            "Status",
            "Trend",
            "Reason",
            "History",
            "Unit's comment",
        ],
    };
    SCORECARD_COLUMNS
        .iter()
        .zip(titles)
        .map(|(k, t)| Column::new(k, t))
        .collect()
}

fn text_or_empty(t: String) -> Cell {
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t)
    }
}

fn row_cells(r: &Row, lang: Lang) -> TableRow {
    let mut row = TableRow::data(vec![
        Cell::Code(r.indicator.to_string()),
        Cell::Text(r.name.clone()),
        Cell::Value {
            value: r.value,
            measure: r.measure,
            period: None,
        },
        match r.value {
            Some(_) => Cell::Text(r.value_period.to_string()),
            None => Cell::Empty,
        },
        text_or_empty(r.basis_text(lang)),
        match r.target {
            None => Cell::Empty,
            Some(crate::target::TargetValue::Value(v)) => Cell::Value {
                value: Some(v),
                measure: r.measure,
                period: None,
            },
            // A range has no single number: its text.
            Some(_) => Cell::Text(r.target_text(lang)),
        },
        Cell::Status {
            status: r.status,
            reason: None,
        },
        Cell::Trend(r.trend),
        text_or_empty(r.reason_text(lang)),
        Cell::History {
            points: r.history.clone(),
            measure: r.measure,
        },
        match &r.comment {
            Some(c) => Cell::Comment(c.clone()),
            None => Cell::Empty,
        },
    ]);
    let mut notes = Vec::new();
    if r.late {
        notes.push(
            lang.pick("forsinket: verdien mangler", "late: the value is missing")
                .to_string(),
        );
    }
    if let Some(script) = &r.computed_by {
        notes.push(format!(
            "{} {script}",
            lang.pick("beregnet av", "computed by")
        ));
    }
    for (p, note) in &r.breaks {
        notes.push(format!(
            "{} {p}: {note}",
            lang.pick("brudd i serien", "break in the series")
        ));
    }
    if !notes.is_empty() {
        row.note = Some(notes.join("; "));
    }
    row
}

/// The line under a card's title: a unit's leader and FTEs, or how the
/// municipality's and a sector's values are computed.
fn card_subtitle(model: &Model, card: &Scorecard, lang: Lang) -> Option<String> {
    let rolled = lang.pick(
        "verdiene er regnet ut fra enhetenes tall etter hver indikators metode",
        "values are computed from the units' figures by each indicator's method",
    );
    let unit = match &card.scope {
        Scope::Municipality if card.rows().any(|r| r.from_kostra) => {
            return Some(format!(
                "{rolled}; {}",
                lang.pick(
                    "KOSTRA-indikatorene viser SSBs tall for kommunen",
                    "the KOSTRA indicators show SSB's figures for the municipality"
                )
            ))
        }
        Scope::Municipality => return Some(rolled.to_string()),
        Scope::Unit(id) => model.unit(id.as_str())?,
    };
    if card.rows().any(|r| r.rollup.is_some()) {
        return Some(rolled.to_string());
    }
    let mut parts = Vec::new();
    if !unit.leader.is_empty() {
        parts.push(format!("{}: {}", lang.pick("Leder", "Leader"), unit.leader));
    }
    if unit.fte > 0.0 {
        parts.push(format!(
            "{}: {}",
            lang.pick("Årsverk", "FTEs"),
            crate::lang::format_number(unit.fte, 1, lang)
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A scorecard as a Report: a summary, then one table per perspective with
/// its focus areas as group headings.
pub fn scorecard_report(model: &Model, card: &Scorecard, lang: Lang) -> Report {
    let title = format!(
        "{} — {}",
        lang.pick("Styringskort", "Scorecard"),
        card.scope_name
    );
    let mut sections = vec![Section {
        title: lang.pick("Sammendrag", "Summary").to_string(),
        status: None,
        body: Body::Paragraph(counts_text(&card.counts, lang)),
    }];
    for p in &card.perspectives {
        let mut table = Table {
            columns: scorecard_columns(lang),
            rows: Vec::new(),
        };
        for fa in &p.focus_areas {
            let cc = if fa.cross_cutting {
                lang.pick(" (gjennomgående)", " (cross-cutting)")
            } else {
                ""
            };
            table
                .rows
                .push(TableRow::group(format!("{} {}{cc}", fa.id, fa.name)));
            for r in &fa.rows {
                table.rows.push(row_cells(r, lang));
            }
        }
        sections.push(Section {
            title: p.name.clone(),
            status: Some(p.status),
            body: Body::Table(table),
        });
    }
    Report {
        title,
        scope: card.scope_name.clone(),
        period: card.period,
        period_label: label(card.period, lang),
        subtitle: card_subtitle(model, card, lang),
        municipality: model.municipality_name().to_string(),
        lang,
        sections,
    }
}

/// The overview (units × indicators) as a Report: one table, a row per
/// unit and the municipality, a column per indicator.
pub fn overview_report(model: &Model, o: &Overview, lang: Lang) -> Report {
    let mut columns = vec![Column::new("unit", lang.pick("Enhet", "Unit"))];
    columns.extend(
        o.indicators
            .iter()
            .map(|(code, name, _)| Column::new(code.as_str(), &format!("{code} {name}"))),
    );
    columns.push(Column::new("counts", lang.pick("Status", "Status")));
    let rows = o
        .units
        .iter()
        .enumerate()
        .map(|(u, (scope, name))| {
            let mut cells = vec![Cell::Text(match scope {
                Scope::Municipality => {
                    format!("{name} ({})", lang.pick("kommunen", "municipality"))
                }
                Scope::Unit(_) => name.clone(),
            })];
            for (i, (code, _, _)) in o.indicators.iter().enumerate() {
                let cell = o
                    .cells
                    .get(u)
                    .and_then(|r| r.get(i))
                    .and_then(|c| c.as_ref());
                cells.push(match (cell, model.indicator(code.as_str())) {
                    (Some(c), Some(ind)) => Cell::Status {
                        status: c.status,
                        reason: c.value.map(|v| ind.measure.format(v, lang)),
                    },
                    _ => Cell::Empty,
                });
            }
            cells.push(Cell::Text(
                o.counts
                    .get(u)
                    .map(|c| counts_text(c, lang))
                    .unwrap_or_default(),
            ));
            TableRow::data(cells)
        })
        .collect();
    Report {
        title: format!(
            "{} — {}",
            lang.pick("Oversikt", "Overview"),
            model.municipality_name()
        ),
        scope: model.municipality_name().to_string(),
        period: o.period,
        period_label: label(o.period, lang),
        subtitle: None,
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![Section {
            title: lang
                .pick("Enheter og indikatorer", "Units and indicators")
                .to_string(),
            status: None,
            body: Body::Table(Table { columns, rows }),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complete::Complete;
    use crate::observation::{Dataset, ObservationInput};
    use crate::scorecard::Options;

    const MODEL: &str = r#"
[municipality]
id = "testby"
name = "Testby kommune"
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
cross_cutting = true
[[units]]
id = "a"
name = "A skole"
kind = "skole"
fte = 10
[[indicators]]
code = "SF"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
decimals = 1
direction = "lower_is_better"
frequency = "month"
rule = { kind = "tolerance", absolute = 0.005 }
[[targets]]
indicator = "SF"
year = 2025
value = 0.05
"#;

    #[test]
    fn a_scorecard_report_has_the_cards_values_in_typed_cells() {
        let m = Model::from_toml(MODEL, "t.toml").unwrap();
        let inputs = [
            ObservationInput::new("SF", "a", "2025-04", Some(0.060)),
            ObservationInput::new("SF", "a", "2025-05", Some(0.053))
                .with_comment("To langtidssykemeldte"),
        ];
        let mut d = Dataset::new(&m);
        d.insert_all(&m.validate_batch(&inputs).unwrap());
        let d = Complete::new(&m, d, None);
        let card = Scorecard::build(
            &m,
            &d,
            &Scope::unit("a").unwrap(),
            "2025-05".parse().unwrap(),
            &Options::default(),
        )
        .unwrap();
        let r = scorecard_report(&m, &card, Lang::Nb);
        assert_eq!(r.title, "Styringskort — A skole");
        assert_eq!(r.period_label, "mai 2025");
        // The unit has FTEs and no leader in the model.
        assert_eq!(r.subtitle.as_deref(), Some("Årsverk: 10,0"));
        // 5,3 % against 5,0 % with 0,5 points tolerance: yellow.
        assert_eq!(
            r.sections[0].body,
            Body::Paragraph("● 0 grønn · ▲ 1 gul · ■ 0 rød · ○ 0 mangler data".into())
        );
        let t = r.sections[1].table().unwrap();
        assert_eq!(r.sections[1].title, "Medarbeidere");
        assert_eq!(
            t.rows[0],
            TableRow::group("M.1 Arbeidsmiljø (gjennomgående)")
        );
        let texts: Vec<String> = t.rows[1].cells.iter().map(|c| c.text(Lang::Nb)).collect();
        assert_eq!(
            texts,
            [
                "SF",
                "Sykefravær",
                "5,3 %",
                "2025-05",
                // One month, from one month: no basis to tell.
                "",
                "5,0 %",
                "▲ gul",
                "↓ bedre",
                "5,3 % er over målet 5,0 %, innenfor toleransen",
                "– · – · – · – · 6,0 % · 5,3 %",
                "To langtidssykemeldte"
            ]
        );
        assert_eq!(t.rows[1].cells[2].number(), Some(0.053));
    }
}
