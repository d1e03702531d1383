//! The whistleblowing register as a Report: each case of a period (received
//! in it, or still open at its end) with its channel, state and whether its
//! deadlines were met, and the counts per channel and state. Subjects,
//! descriptions and identities are never in it: a report travels further
//! than the handler's desk.

use super::notification::Notice;
use super::statistics::cutoff;
use super::whistleblowing::{CaseState, Channel, WhistleCase};
use super::workflow::Workflow;
use crate::lang::Lang;
use crate::local_time::shown;
use crate::model::Model;
use crate::period::Period;
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use crate::status::Status;
use chrono::{DateTime, Utc};

/// A deadline as a cell: met (green), late or passed (red), still ahead.
fn deadline_cell(n: Notice, lang: Lang) -> Cell {
    let (status, text) = match n {
        Notice::Met { at } => (
            Status::Green,
            format!("{} {}", lang.pick("ja", "yes"), shown(at)),
        ),
        Notice::Late { at, .. } => (
            Status::Red,
            format!("{} {}", lang.pick("for sent", "late"), shown(at)),
        ),
        Notice::Overdue { deadline } => (
            Status::Red,
            format!(
                "{} {}",
                lang.pick("nei, fristen var", "no, it was due"),
                shown(deadline)
            ),
        ),
        // Still ahead: no light yet.
        Notice::Due { deadline } => {
            return Cell::Text(format!("{} {}", lang.pick("innen", "by"), shown(deadline)));
        }
    };
    Cell::Status {
        status,
        reason: Some(text),
    }
}

/// Whether `case` belongs in `period`'s list: received in it, or before
/// and not closed at its end.
pub fn case_listed(case: &WhistleCase, period: Period, now: DateTime<Utc>) -> bool {
    let end = cutoff(period, now);
    match case.history.state_at(end) {
        None => false,
        Some(state) => {
            period.contains_date(case.received().date_naive()) || state != CaseState::Avsluttet
        }
    }
}

/// The cases of `period` and the counts per channel and state, as they
/// stood at its end (or at `now`).
pub fn whistleblowing_report(
    model: &Model,
    cases: &[WhistleCase],
    period: Period,
    now: DateTime<Utc>,
    lang: Lang,
) -> Report {
    let end = cutoff(period, now);
    let config = model.whistleblowing();
    let columns = [
        ("id", "Id", "Id"),
        ("channel", "Kanal", "Channel"),
        ("received", "Mottatt", "Received"),
        ("unit", "Enhet", "Unit"),
        ("handler", "Behandler", "Handler"),
        ("state", "Status", "State"),
        ("acknowledged", "Bekreftet i tide", "Acknowledged in time"),
        ("feedback", "Tilbakemelding i tide", "Feedback in time"),
    ]
    .iter()
    .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
    .collect();
    let listed: Vec<&WhistleCase> = cases
        .iter()
        .filter(|c| case_listed(c, period, now))
        .collect();
    let mut rows = Vec::new();
    for c in &listed {
        let state = c.history.state_at(end).unwrap_or(CaseState::Mottatt);
        let unit = c.unit.as_ref().map(|u| {
            model
                .unit(u.as_str())
                .map_or_else(|| u.to_string(), |x| x.name.clone())
        });
        rows.push(TableRow::data(vec![
            Cell::Code(c.id.clone()),
            Cell::Text(c.channel.word(lang).to_string()),
            Cell::Text(shown(c.received())),
            unit.map_or(Cell::Empty, Cell::Text),
            c.handler
                .as_ref()
                .map_or(Cell::Empty, |h| Cell::Text(h.as_str().to_string())),
            Cell::Text(state.word(lang).to_string()),
            deadline_cell(config.acknowledgement(c, end), lang),
            deadline_cell(config.feedback(c, end), lang),
        ]));
    }
    // The counts: one row per channel, a column per state, and how many
    // deadlines were met of those decided.
    let mut stat_columns = vec![Column::new("channel", lang.pick("Kanal", "Channel"))];
    for s in CaseState::ALL {
        stat_columns.push(Column::new(s.key(), s.word(lang)));
    }
    stat_columns.push(Column::new(
        "acknowledged_in_time",
        lang.pick("Bekreftet i tide", "Acknowledged in time"),
    ));
    stat_columns.push(Column::new(
        "feedback_in_time",
        lang.pick("Tilbakemelding i tide", "Feedback in time"),
    ));
    let share = |ns: Vec<Option<bool>>| {
        let decided: Vec<bool> = ns.into_iter().flatten().collect();
        if decided.is_empty() {
            Cell::Empty
        } else {
            Cell::Percent(decided.iter().filter(|m| **m).count() as f64 / decided.len() as f64)
        }
    };
    let mut stat_rows = Vec::new();
    for ch in Channel::ALL {
        let own: Vec<&&WhistleCase> = listed.iter().filter(|c| c.channel == *ch).collect();
        if own.is_empty() {
            continue;
        }
        let mut cells = vec![Cell::Text(ch.word(lang).to_string())];
        for s in CaseState::ALL {
            let n = own
                .iter()
                .filter(|c| c.history.state_at(end) == Some(*s))
                .count();
            cells.push(Cell::Text(n.to_string()));
        }
        cells.push(share(
            own.iter()
                .map(|c| config.acknowledgement(c, end).met())
                .collect(),
        ));
        cells.push(share(
            own.iter().map(|c| config.feedback(c, end).met()).collect(),
        ));
        stat_rows.push(TableRow::data(cells));
    }
    Report {
        title: format!("{} — {}", lang.pick("Varslingssaker", "Whistleblowing cases"), model.municipality_name()),
        scope: model.municipality_name().to_string(),
        period,
        period_label: period.label(lang),
        subtitle: Some(
            lang.pick(
                "mottatt i perioden eller åpne ved periodens slutt; uten emne, beskrivelse og varslerens identitet",
                "received in the period or open at its end; without subject, description or the reporter's identity",
            )
            .to_string(),
        ),
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![
            Section {
                title: lang.pick("Saker", "Cases").to_string(),
                status: None,
                body: Body::Table(Table { columns, rows }),
            },
            Section {
                title: lang.pick("Per kanal", "Per channel").to_string(),
                status: None,
                body: Body::Table(Table {
                    columns: stat_columns,
                    rows: stat_rows,
                }),
            },
        ],
    }
}
