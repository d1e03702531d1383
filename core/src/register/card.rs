//! One deviation as a Report, for the leader who handles it: what
//! happened and where, its risk, state, handler, deadline and
//! notification; every step with its time, actor and reason; and its
//! measures. The reporter is never shown.

use super::deviation::{Deviation, DeviationState};
use super::report::{day, notice_text};
use super::workflow::Workflow;
use crate::lang::Lang;
use crate::model::Model;
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use chrono::{DateTime, Datelike, Utc};

fn columns(lang: Lang, cols: &[(&str, &str, &str)]) -> Vec<Column> {
    cols.iter()
        .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
        .collect()
}

fn table(title: &str, columns: Vec<Column>, rows: Vec<TableRow>) -> Section {
    Section {
        title: title.to_string(),
        status: None,
        body: Body::Table(Table { columns, rows }),
    }
}

/// Deviation `d` as it stands at `now`.
///
/// ```
/// use styring_core::register::{deviation_card, Deviation, DeviationReport, DeviationState, Risk, RiskMatrix};
/// let at = |s: &str| s.parse().unwrap();
/// let new = DeviationReport {
///     unit: "aurvoll".parse().unwrap(), category: "HMS".into(),
///     description: "Glatt trapp".into(), happened: at("2025-03-03T07:00:00Z"),
///     risk: Risk::new(4, 3).unwrap(), duty: None, deadline: None,
/// };
/// let (ola, kari) = ("ola".parse().unwrap(), "kari".parse().unwrap());
/// let mut d = Deviation::register("A-1", new, at("2025-03-03T08:00:00Z"), &ola, &RiskMatrix::default()).unwrap();
/// d.history.move_to(DeviationState::Mottatt, at("2025-03-03T09:00:00Z"), &kari, None).unwrap();
/// let model = styring_core::Model::example();
/// let r = deviation_card(&model, &d, at("2025-03-04T12:00:00Z"), styring_core::Lang::Nb);
/// let facts = r.sections[0].table().unwrap();
/// let field = |name: &str| facts.rows.iter().find(|r| r.cells[0].text(styring_core::Lang::Nb) == name).unwrap().cells[1].text(styring_core::Lang::Nb);
/// assert_eq!(field("Behandler"), "kari");
/// assert_eq!(field("Frist"), "2025-03-10 09:00 (7 dager etter registrering)");
/// // The reporter is never shown.
/// assert!(!serde_json::to_string(&r).unwrap().contains("ola"));
/// ```
pub fn deviation_card(model: &Model, d: &Deviation, now: DateTime<Utc>, lang: Lang) -> Report {
    let unit = model.unit(d.report.unit.as_str());
    let unit_name = unit.map_or_else(|| d.report.unit.to_string(), |u| u.name.clone());
    let state = d.history.current();
    let level = model.deviations().matrix.level(d.report.risk);
    let text = |s: String| Cell::Text(s);
    let handler = match d.handler() {
        Some(a) => a.to_string(),
        None => {
            let leader = unit.map(|u| u.leader.as_str()).unwrap_or_default();
            if leader.is_empty() {
                lang.pick("ikke mottatt ennå", "not received yet")
                    .to_string()
            } else {
                format!(
                    "{} ({} {leader})",
                    lang.pick("ikke mottatt ennå", "not received yet"),
                    lang.pick("enhetens leder er", "the unit's leader is"),
                )
            }
        }
    };
    let days = (d.deadline - d.registered()).num_days();
    let deadline = match (d.closed_within_deadline(), d.is_overdue(now)) {
        (Some(true), _) => format!(
            "{} ({})",
            day(d.deadline),
            lang.pick("lukket innen fristen", "closed in time")
        ),
        (Some(false), _) => format!(
            "{} ({})",
            day(d.deadline),
            lang.pick("lukket etter fristen", "closed after the deadline")
        ),
        (None, true) => format!("{} ({})", day(d.deadline), lang.pick("PASSERT", "PASSED")),
        (None, false) => format!(
            "{} ({days} {})",
            day(d.deadline),
            lang.pick("dager etter registrering", "days after registration")
        ),
    };
    let mut facts = vec![
        (lang.pick("Enhet", "Unit"), text(unit_name)),
        (
            lang.pick("Kategori", "Category"),
            text(d.report.category.clone()),
        ),
        (
            lang.pick("Hva skjedde", "What happened"),
            Cell::Comment(d.report.description.clone()),
        ),
        (
            lang.pick("Skjedde", "Happened"),
            text(day(d.report.happened)),
        ),
        (
            lang.pick("Registrert", "Registered"),
            text(day(d.registered())),
        ),
        (
            lang.pick("Risiko", "Risk"),
            Cell::Status {
                status: level.status(),
                reason: Some(format!(
                    "{} × {} = {}: {}",
                    d.report.risk.consequence(),
                    d.report.risk.likelihood(),
                    d.report.risk.score(),
                    level.word(lang)
                )),
            },
        ),
        (
            lang.pick("Status", "State"),
            text(state.word(lang).to_string()),
        ),
        (lang.pick("Behandler", "Handler"), text(handler)),
        (lang.pick("Frist", "Deadline"), text(deadline)),
    ];
    if d.report.duty.is_some() {
        facts.push((
            lang.pick("Varsling", "Notification"),
            notice_text(d, now, lang),
        ));
    }
    if let Some(n) = d.days_to_close() {
        facts.push((
            lang.pick("Dager til lukking", "Days to close"),
            text(crate::lang::format_number(n, 1, lang)),
        ));
    }
    let fact_rows = facts
        .into_iter()
        .map(|(k, v)| TableRow::data(vec![Cell::Text(k.to_string()), v]))
        .collect();
    let step_rows = d
        .history
        .steps()
        .iter()
        .map(|s| {
            let by = if s.state == DeviationState::Registrert {
                lang.pick("(melderen vises ikke)", "(the reporter is not shown)")
                    .to_string()
            } else {
                s.actor.to_string()
            };
            TableRow::data(vec![
                text(day(s.at)),
                text(s.state.word(lang).to_string()),
                text(by),
                s.reason.clone().map_or(Cell::Empty, Cell::Comment),
            ])
        })
        .collect();
    let measure_rows = d
        .measures
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let last = m.history.last();
            TableRow::data(vec![
                text(n.to_string()),
                Cell::Comment(m.text.clone()),
                text(m.owner.to_string()),
                text(last.state.word(lang).to_string()),
                text(day(last.at)),
            ])
        })
        .collect();
    let period = crate::period::Period::year_clamped(d.registered().year());
    Report {
        title: format!(
            "{} {} — {}",
            lang.pick("Avvik", "Deviation"),
            d.id,
            d.report.description
        ),
        scope: model
            .unit(d.report.unit.as_str())
            .map_or_else(|| d.report.unit.to_string(), |u| u.name.clone()),
        period,
        period_label: format!("{} {}", lang.pick("per", "as of"), day(now)),
        subtitle: None,
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![
            table(
                lang.pick("Avviket", "The deviation"),
                columns(
                    lang,
                    &[("field", "Felt", "Field"), ("detail", "Verdi", "Value")],
                ),
                fact_rows,
            ),
            table(
                lang.pick("Behandling", "Handling"),
                columns(
                    lang,
                    &[
                        ("at", "Tid", "Time"),
                        ("state", "Status", "State"),
                        ("actor", "Av", "By"),
                        ("reason", "Begrunnelse", "Reason"),
                    ],
                ),
                step_rows,
            ),
            if d.measures.is_empty() {
                Section {
                    title: lang.pick("Tiltak", "Measures").to_string(),
                    status: None,
                    body: Body::Paragraph(
                        lang.pick("Ingen tiltak registrert.", "No measures registered.")
                            .to_string(),
                    ),
                }
            } else {
                table(
                    lang.pick("Tiltak", "Measures"),
                    columns(
                        lang,
                        &[
                            ("n", "Nr.", "No."),
                            ("measure", "Tiltak", "Measure"),
                            ("owner", "Eier", "Owner"),
                            ("state", "Status", "State"),
                            ("since", "Siden", "Since"),
                        ],
                    ),
                    measure_rows,
                )
            },
        ],
    }
}
