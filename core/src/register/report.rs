//! The deviation register as a Report: every deviation of a period (and
//! every one still open at its end) with its risk, state, deadline and
//! notification, and the statistics per unit. Descriptions are shown to
//! those who handle deviations; reporters never are.

use super::deviation::{Deviation, DeviationState};
use super::notification::Notice;
use super::statistics::{cutoff, deviation_stats};
use super::workflow::Workflow;
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use chrono::{DateTime, Utc};

/// A time as a clock in Norway showed it.
pub(super) fn day(t: DateTime<Utc>) -> String {
    crate::local_time::shown(t)
}

/// The notification column: whether the notice the law requires was given
/// in time, and to whom.
pub(super) fn notice_text(d: &Deviation, now: DateTime<Utc>, lang: Lang) -> Cell {
    let Some(duty) = d.report.duty else {
        return Cell::Empty;
    };
    let text = match duty.notice(d.report.happened, d.notified, now) {
        Notice::Met { at } => format!("{} {}", lang.pick("varslet", "notified"), day(at)),
        Notice::Late { at, deadline } => format!(
            "{} {} ({} {})",
            lang.pick("varslet for sent", "notified late"),
            day(at),
            lang.pick("frist", "due"),
            day(deadline)
        ),
        Notice::Due { deadline } => {
            format!(
                "{} {}",
                lang.pick("varsles innen", "notify by"),
                day(deadline)
            )
        }
        Notice::Overdue { deadline } => format!(
            "{} {}",
            lang.pick("IKKE VARSLET, fristen var", "NOT NOTIFIED, it was due"),
            day(deadline)
        ),
    };
    Cell::Text(format!("{text}: {}", duty.authority(lang)))
}

/// Whether `d` belongs in `period`'s list: registered in it, or
/// registered before and still open at its end (or at `now`).
pub fn listed(d: &Deviation, period: Period, now: DateTime<Utc>) -> bool {
    let end = cutoff(period, now);
    match d.history.state_at(end) {
        None => false,
        Some(state) => {
            period.contains_date(d.registered().date_naive()) || state != DeviationState::Lukket
        }
    }
}

/// The deviations of `period` (registered in it, or open at its end) and
/// the statistics of every unit with any, as they stood at the period's
/// end or at `now`.
pub fn deviations_report(
    model: &Model,
    deviations: &[Deviation],
    period: Period,
    now: DateTime<Utc>,
    lang: Lang,
) -> Report {
    let end = cutoff(period, now);
    let matrix = &model.deviations().matrix;
    let columns = [
        ("id", "Id", "Id"),
        ("unit", "Enhet", "Unit"),
        ("category", "Kategori", "Category"),
        ("description", "Beskrivelse", "Description"),
        ("registered", "Registrert", "Registered"),
        ("risk", "Risiko", "Risk"),
        ("risk_level", "Risikonivå", "Risk level"),
        ("state", "Status", "State"),
        ("deadline", "Frist", "Deadline"),
        ("notification", "Varsling", "Notification"),
    ]
    .iter()
    .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
    .collect();
    let mut rows = Vec::new();
    let mut units: Vec<&str> = Vec::new();
    for d in deviations {
        let registered = d.registered();
        let Some(state) = d.history.state_at(end).filter(|_| listed(d, period, now)) else {
            continue;
        };
        let in_period = period.contains_date(registered.date_naive());
        if in_period && !units.contains(&d.report.unit.as_str()) {
            units.push(d.report.unit.as_str());
        }
        let level = matrix.level(d.report.risk);
        let overdue = state != DeviationState::Lukket && end > d.deadline;
        let name = model
            .unit(d.report.unit.as_str())
            .map(|u| u.name.clone())
            .unwrap_or_else(|| d.report.unit.to_string());
        rows.push(TableRow::data(vec![
            Cell::Code(d.id.clone()),
            Cell::Text(name),
            Cell::Text(d.report.category.clone()),
            Cell::Comment(d.report.description.clone()),
            Cell::Text(day(registered)),
            Cell::Text(format!(
                "{} × {} = {}",
                d.report.risk.consequence(),
                d.report.risk.likelihood(),
                d.report.risk.score()
            )),
            Cell::Status {
                status: level.status(),
                reason: Some(level.word(lang).to_string()),
            },
            Cell::Text(state.word(lang).to_string()),
            Cell::Text(if overdue {
                format!("{} ({})", day(d.deadline), lang.pick("passert", "passed"))
            } else {
                day(d.deadline)
            }),
            notice_text(d, end, lang),
        ]));
    }
    let stat_columns = [
        ("unit", "Enhet", "Unit"),
        ("count", "Avvik", "Deviations"),
        ("per_10_fte", "Per 10 årsverk", "Per 10 FTEs"),
        ("closed_in_time", "Lukket innen fristen", "Closed in time"),
        (
            "median_days_to_close",
            "Median dager til lukking",
            "Median days to close",
        ),
        (
            "open_past_deadline",
            "Åpne over fristen",
            "Open past deadline",
        ),
    ]
    .iter()
    .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
    .collect();
    let number = |v: f64, decimals: u8| Cell::Text(crate::lang::format_number(v, decimals, lang));
    let mut stat_rows = Vec::new();
    for u in model
        .units()
        .iter()
        .filter(|u| units.contains(&u.id.as_str()))
    {
        let own: Vec<&Deviation> = deviations
            .iter()
            .filter(|d| d.report.unit == u.id)
            .collect();
        let s = deviation_stats(own, period, u.fte, now);
        stat_rows.push(TableRow::data(vec![
            Cell::Text(u.name.clone()),
            number(s.count as f64, 0),
            s.per_10_fte.map_or(Cell::Empty, |v| number(v, 1)),
            s.closed_in_time.map_or(Cell::Empty, Cell::Percent),
            s.median_days_to_close.map_or(Cell::Empty, |v| number(v, 1)),
            number(s.open_past_deadline as f64, 0),
        ]));
    }
    Report {
        title: format!(
            "{} — {}",
            lang.pick("Avvik", "Deviations"),
            model.municipality_name()
        ),
        scope: model.municipality_name().to_string(),
        period,
        period_label: period.label(lang),
        subtitle: Some(
            lang.pick(
                "registrert i perioden eller åpne ved periodens slutt; status slik den var da",
                "registered in the period or open at its end; as they stood then",
            )
            .to_string(),
        ),
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![
            Section {
                title: lang.pick("Avvik", "Deviations").to_string(),
                status: None,
                body: Body::Table(Table { columns, rows }),
            },
            Section {
                title: lang.pick("Per enhet", "Per unit").to_string(),
                status: None,
                body: Body::Table(Table {
                    columns: stat_columns,
                    rows: stat_rows,
                }),
            },
        ],
    }
}
