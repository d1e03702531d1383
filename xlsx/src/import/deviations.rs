//! Reading a quality system's deviation export: a long table, one
//! deviation per row, under a header row (wherever it is in the first
//! hundred rows) whose headings are recognised in Norwegian and English.
//! Each cell is typed here and handed on with its place; what the values
//! mean (units, categories, risk, the workflow) is checked in core
//! ([`styring_core::register::plan_deviation_import`]).
//!
//! | field | headings (any case) | required |
//! | --- | --- | --- |
//! | id | Id, Avviks-id, Avviksnr, Nummer, Saksnr, Deviation id, Number | yes |
//! | unit | Enhet, Avdeling, Tjenesteenhet, Unit, Department | yes |
//! | category | Kategori, Avvikstype, Category, Type | yes |
//! | description | Beskrivelse, Hva skjedde, Description | yes |
//! | registered | Registrert, Registrert dato, Meldt dato, Registered, Reported | yes |
//! | consequence | Konsekvens, Alvorlighet, Consequence, Severity | yes |
//! | likelihood | Sannsynlighet, Likelihood, Probability | yes |
//! | happened | Hendelsestidspunkt, Tidspunkt, Hendelsesdato, Happened, Occurred | no |
//! | state | Status, Tilstand, State | no |
//! | received | Mottatt, Mottatt dato, Received | no |
//! | closed | Lukket, Lukket dato, Lukkedato, Closed, Date closed | no |
//! | reporter | Meldt av, Registrert av, Melder, Reported by, Reporter | no |
//! | handler | Saksbehandler, Ansvarlig, Behandler, Handler, Responsible, Assigned to | no |
//! | deadline | Frist, Tidsfrist, Deadline, Due date | no |
//! | duty | Varslingsplikt, Meldeplikt, Notification duty | no |
//! | notified | Varslet, Varslet dato, Notified | no |
//!
//! Times are Excel dates or text (`2025-03-04 10:15`, `04.03.2025`, RFC
//! 3339), in Norwegian local time unless they carry an offset; a deadline
//! written as a date lasts the whole day.

use super::cells::{a1, Book, CellValue, ReadError};
use super::guard::Limits;
use super::number::excel_date;
use super::values::text_of;
use super::ImportOptions;
use chrono::{DateTime, Duration, Utc};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use styring_core::economy::SheetRef;
use styring_core::keyword::parse as keyword;
use styring_core::local_time::{read_local, Written};
use styring_core::problem::{Location, ProblemKind, Problems};
use styring_core::register::{
    DeviationState, Incoming, IncomingDeviation, NotificationDuty, Place,
};
use styring_core::{Lang, Localized};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Unit,
    Category,
    Description,
    Registered,
    Consequence,
    Likelihood,
    Happened,
    State,
    Received,
    Closed,
    Reporter,
    Handler,
    Deadline,
    Duty,
    Notified,
}

const FIELDS: usize = 16;

const REQUIRED: [(Field, &str, &str); 7] = [
    (Field::Id, "Id", "Id"),
    (Field::Unit, "Enhet", "Unit"),
    (Field::Category, "Kategori", "Category"),
    (Field::Description, "Beskrivelse", "Description"),
    (Field::Registered, "Registrert", "Registered"),
    (Field::Consequence, "Konsekvens", "Consequence"),
    (Field::Likelihood, "Sannsynlighet", "Likelihood"),
];

fn field(header: &str) -> Option<Field> {
    let h = header.trim().trim_end_matches(':').trim().to_lowercase();
    Some(match h.as_str() {
        "id" | "avviks-id" | "avviksid" | "avviksnr" | "avviksnummer" | "nummer" | "nr"
        | "saksnr" | "deviation id" | "number" | "no." => Field::Id,
        "enhet" | "avdeling" | "tjenesteenhet" | "enhets-id" | "unit" | "department" => Field::Unit,
        "kategori" | "avvikstype" | "category" | "type" => Field::Category,
        "beskrivelse" | "hva skjedde" | "description" | "what happened" => Field::Description,
        "registrert" | "registrert dato" | "registreringsdato" | "meldt dato" | "registered"
        | "reported" | "date reported" | "reported date" => Field::Registered,
        "konsekvens" | "alvorlighet" | "alvorlighetsgrad" | "consequence" | "severity" => {
            Field::Consequence
        }
        "sannsynlighet" | "likelihood" | "probability" => Field::Likelihood,
        "hendelsestidspunkt" | "tidspunkt" | "hendelsesdato" | "dato for hendelse" | "happened"
        | "occurred" | "date of incident" | "event date" => Field::Happened,
        "status" | "tilstand" | "state" => Field::State,
        "mottatt" | "mottatt dato" | "received" | "date received" => Field::Received,
        "lukket" | "lukket dato" | "lukkedato" | "closed" | "closed date" | "date closed" => {
            Field::Closed
        }
        "meldt av" | "registrert av" | "melder" | "reported by" | "reporter" => Field::Reporter,
        "saksbehandler" | "ansvarlig" | "behandler" | "handler" | "responsible" | "assigned to" => {
            Field::Handler
        }
        "frist" | "tidsfrist" | "deadline" | "due" | "due date" => Field::Deadline,
        "varslingsplikt" | "meldeplikt" | "notification" | "notification duty" => Field::Duty,
        "varslet" | "varslet dato" | "notified" | "notified at" | "date notified" => {
            Field::Notified
        }
        _ => return None,
    })
}

fn heading(f: Field) -> (&'static str, &'static str) {
    match f {
        Field::Id => ("Id", "Id"),
        Field::Unit => ("Enhet", "Unit"),
        Field::Category => ("Kategori", "Category"),
        Field::Description => ("Beskrivelse", "Description"),
        Field::Registered => ("Registrert", "Registered"),
        Field::Consequence => ("Konsekvens", "Consequence"),
        Field::Likelihood => ("Sannsynlighet", "Likelihood"),
        Field::Happened => ("Hendelsestidspunkt", "Happened"),
        Field::State => ("Status", "State"),
        Field::Received => ("Mottatt", "Received"),
        Field::Closed => ("Lukket", "Closed"),
        Field::Reporter => ("Meldt av", "Reported by"),
        Field::Handler => ("Saksbehandler", "Handler"),
        Field::Deadline => ("Frist", "Deadline"),
        Field::Duty => ("Varslingsplikt", "Notification duty"),
        Field::Notified => ("Varslet", "Notified"),
    }
}

const SEARCH_ROWS: u32 = 100;

/// An Excel date serial (with its fraction of a day) as a written time.
fn serial_time(serial: f64) -> Option<Written> {
    let date = excel_date(serial)?;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        return Some(Written::Date(date));
    }
    let t = date.and_hms_opt(0, 0, 0)? + Duration::seconds(secs);
    Some(Written::Time(t))
}

/// Reads one file's deviation table, adding each problem at its cell.
fn read_book(
    book: &mut Book,
    file: &str,
    limits: &Limits,
    problems: &mut Problems,
    sink: &mut dyn FnMut(IncomingDeviation),
) -> Result<(), ReadError> {
    let mut tables = 0;
    // The row that looked most like a header without being one.
    let mut near: Option<(String, u32, Vec<Field>)> = None;
    for sheet in book.visible_sheets() {
        let shared = Arc::new(SheetRef::new(file, sheet.as_str()));
        let place = |r: u32, c: u32| Place::new(&shared, r, c);
        let loc = |r: u32, c: u32| Location {
            file: Some(file.to_string()),
            sheet: Some(sheet.clone()),
            cell: Some(a1(r, c)),
            entry: None,
        };
        // The column of each field, once the header is found.
        let mut columns: Option<[Option<u32>; FIELDS]> = None;
        book.rows(&sheet, limits, |r, cells| {
            let Some(cols) = &columns else {
                if r >= SEARCH_ROWS {
                    return ControlFlow::Break(());
                }
                let mut found: [Option<u32>; FIELDS] = [None; FIELDS];
                let mut fields = Vec::new();
                for (c, v) in cells.iter() {
                    let Some(f) = text_of(v).as_deref().and_then(field) else {
                        continue;
                    };
                    if let Some(first) = found[f as usize] {
                        let (nb, en) = heading(f);
                        problems.add(
                            loc(r, *c),
                            format!(
                                "kolonnen «{nb}» finnes to ganger ({} og {}); fjern den ene",
                                a1(r, first),
                                a1(r, *c)
                            ),
                            format!(
                                "the column \"{en}\" appears twice ({} and {}); remove one",
                                a1(r, first),
                                a1(r, *c)
                            ),
                        );
                        continue;
                    }
                    found[f as usize] = Some(*c);
                    fields.push(f);
                }
                if REQUIRED
                    .iter()
                    .all(|(f, _, _)| found[*f as usize].is_some())
                {
                    columns = Some(found);
                    tables += 1;
                } else if fields.len() >= 3
                    && near.as_ref().is_none_or(|n| n.2.len() < fields.len())
                {
                    near = Some((sheet.clone(), r, fields));
                }
                return ControlFlow::Continue(());
            };
            let mut vals: [Option<(u32, &mut CellValue)>; FIELDS] = Default::default();
            for (c, v) in cells.iter_mut() {
                if let Some(f) = cols.iter().position(|x| *x == Some(*c)) {
                    vals[f] = Some((*c, v));
                }
            }
            if vals.iter().all(Option::is_none) {
                return ControlFlow::Continue(());
            }
            let before = problems.len();
            let mut take = |f: Field| vals[f as usize].take();
            let mut row = Row {
                r,
                place: &place,
                problems: &mut *problems,
            };
            let id = row.text(take(Field::Id), Field::Id, cols);
            let unit = row.text(take(Field::Unit), Field::Unit, cols);
            let category = row.text(take(Field::Category), Field::Category, cols);
            let description = row.text(take(Field::Description), Field::Description, cols);
            let registered = row.time(
                take(Field::Registered),
                Field::Registered,
                cols,
                false,
                true,
            );
            let consequence = row.integer(take(Field::Consequence), Field::Consequence, cols);
            let likelihood = row.integer(take(Field::Likelihood), Field::Likelihood, cols);
            let happened = row.time(take(Field::Happened), Field::Happened, cols, false, false);
            let received = row.time(take(Field::Received), Field::Received, cols, false, false);
            let closed = row.time(take(Field::Closed), Field::Closed, cols, false, false);
            let deadline = row.time(take(Field::Deadline), Field::Deadline, cols, true, false);
            let notified = row.time(take(Field::Notified), Field::Notified, cols, false, false);
            let state = row.state(take(Field::State));
            let duty = row.duty(take(Field::Duty));
            let reporter = row.optional_text(take(Field::Reporter));
            let handler = row.optional_text(take(Field::Handler));
            if problems.len() != before {
                return ControlFlow::Continue(());
            }
            let (
                Some(id),
                Some(unit),
                Some(category),
                Some(description),
                Some(Some(registered)),
                Some(consequence),
                Some(likelihood),
            ) = (
                id,
                unit,
                category,
                description,
                registered,
                consequence,
                likelihood,
            )
            else {
                return ControlFlow::Continue(());
            };
            let mut d = IncomingDeviation::new(
                id,
                unit,
                category,
                description,
                registered,
                consequence,
                likelihood,
            );
            d.happened = happened.flatten();
            d.received = received.flatten();
            d.closed = closed.flatten();
            d.deadline = deadline.flatten();
            d.notified = notified.flatten();
            d.state = state.flatten();
            d.duty = duty.flatten();
            d.reporter = reporter;
            d.handler = handler;
            sink(d);
            ControlFlow::Continue(())
        })?;
    }
    if tables == 0 {
        let headings: Vec<&str> = REQUIRED.iter().map(|(_, nb, _)| *nb).collect();
        let headings_en: Vec<&str> = REQUIRED.iter().map(|(_, _, en)| *en).collect();
        match near {
            Some((sheet, r, fields)) => {
                let missing: Vec<(&str, &str)> = REQUIRED
                    .iter()
                    .filter(|(f, _, _)| !fields.contains(f))
                    .map(|(_, nb, en)| (*nb, *en))
                    .collect();
                problems.add_kind(
                    ProblemKind::Missing,
                    Location {
                        file: Some(file.to_string()),
                        sheet: Some(sheet),
                        cell: Some(format!("{}", r + 1)),
                        entry: None,
                    },
                    format!(
                        "overskriftsraden mangler kolonnen {}; en avvikstabell har {}",
                        missing
                            .iter()
                            .map(|m| format!("«{}»", m.0))
                            .collect::<Vec<_>>()
                            .join(", "),
                        headings.join(", ")
                    ),
                    format!(
                        "the header row lacks the column {}; a deviation table has {}",
                        missing
                            .iter()
                            .map(|m| format!("\"{}\"", m.1))
                            .collect::<Vec<_>>()
                            .join(", "),
                        headings_en.join(", ")
                    ),
                );
            }
            None => problems.add_kind(
                ProblemKind::Missing,
                Location::file(file),
                format!(
                    "fant ingen avvikstabell: en overskriftsrad med {}",
                    headings.join(", ")
                ),
                format!(
                    "no deviation table found: a header row with {}",
                    headings_en.join(", ")
                ),
            ),
        }
    }
    Ok(())
}

/// One data row being typed.
struct Row<'a, L: Fn(u32, u32) -> Place> {
    r: u32,
    place: &'a L,
    problems: &'a mut Problems,
}

type Cell<'c> = Option<(u32, &'c mut CellValue)>;

impl<L: Fn(u32, u32) -> Place> Row<'_, L> {
    fn missing(&mut self, f: Field, cols: &[Option<u32>; FIELDS]) {
        let (nb, en) = heading(f);
        let c = cols[f as usize].unwrap_or(0);
        self.problems.add_kind(
            ProblemKind::Missing,
            (self.place)(self.r, c).location(),
            format!("«{nb}» mangler; fyll inn cellen"),
            format!("\"{en}\" is missing; fill in the cell"),
        );
    }

    fn bad(&mut self, c: u32, kind: ProblemKind, nb: String, en: String) {
        self.problems
            .add_kind(kind, (self.place)(self.r, c).location(), nb, en);
    }

    /// The text of a cell that must have one.
    fn text(
        &mut self,
        cell: Cell<'_>,
        f: Field,
        cols: &[Option<u32>; FIELDS],
    ) -> Option<Incoming<String>> {
        let got = self.optional_text(cell);
        if got.is_none() {
            self.missing(f, cols);
        }
        got
    }

    fn optional_text(&mut self, cell: Cell<'_>) -> Option<Incoming<String>> {
        let (c, v) = cell?;
        let text = match v {
            CellValue::Text(t) => {
                let t = std::mem::take(t);
                let trimmed = t.trim();
                if trimmed.len() == t.len() {
                    t
                } else {
                    trimmed.to_string()
                }
            }
            other => text_of(other)?,
        };
        (!text.is_empty()).then(|| Incoming::new(text, (self.place)(self.r, c)))
    }

    /// A whole number (consequence, likelihood).
    fn integer(
        &mut self,
        cell: Cell<'_>,
        f: Field,
        cols: &[Option<u32>; FIELDS],
    ) -> Option<Incoming<i64>> {
        let Some((c, v)) = cell else {
            self.missing(f, cols);
            return None;
        };
        let n = match &*v {
            CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => Some(*n as i64),
            CellValue::Text(t) => t.trim().parse::<i64>().ok(),
            _ => None,
        };
        if n.is_none() {
            let (nb, en) = heading(f);
            let shown = text_of(v).unwrap_or_default();
            self.bad(
                c,
                ProblemKind::NotANumber,
                format!(
                    "«{shown}» er ikke et helt tall; {} skrives 1–5",
                    nb.to_lowercase()
                ),
                format!(
                    "\"{shown}\" is not a whole number; {} is written 1–5",
                    en.to_lowercase()
                ),
            );
        }
        n.map(|n| Incoming::new(n, (self.place)(self.r, c)))
    }

    /// A time; `None` inside when the cell is empty and not `required`.
    fn time(
        &mut self,
        cell: Cell<'_>,
        f: Field,
        cols: &[Option<u32>; FIELDS],
        end_of_day: bool,
        required: bool,
    ) -> Option<Option<Incoming<DateTime<Utc>>>> {
        let Some((c, v)) = cell else {
            if required {
                self.missing(f, cols);
                return None;
            }
            return Some(None);
        };
        let written = match &*v {
            CellValue::Date(serial) => serial_time(*serial),
            CellValue::Text(t) if t.trim().is_empty() && !required => return Some(None),
            CellValue::Text(t) => read_local(t),
            _ => None,
        };
        match written {
            Some(w) => Some(Some(Incoming::new(
                w.instant(end_of_day),
                (self.place)(self.r, c),
            ))),
            None => {
                let shown = text_of(v).unwrap_or_default();
                let (nb, en) = heading(f);
                self.bad(
                    c,
                    ProblemKind::BadPeriod,
                    format!("«{shown}» er ikke et tidspunkt for «{nb}» (skriv f.eks. 2025-03-04 10:15 eller 04.03.2025)"),
                    format!("\"{shown}\" is not a time for \"{en}\" (write e.g. 2025-03-04 10:15 or 04.03.2025)"),
                );
                None
            }
        }
    }

    fn state(&mut self, cell: Cell<'_>) -> Option<Option<Incoming<DeviationState>>> {
        let Some((c, v)) = cell else {
            return Some(None);
        };
        let text = text_of(v).unwrap_or_default();
        if text.is_empty() {
            return Some(None);
        }
        match keyword::<DeviationState>(&text) {
            Ok(s) => Some(Some(Incoming::new(s, (self.place)(self.r, c)))),
            Err(e) => {
                self.bad(
                    c,
                    ProblemKind::UnknownReference,
                    format!("status: {}", e.render(Lang::Nb)),
                    format!("state: {}", e.render(Lang::En)),
                );
                None
            }
        }
    }

    fn duty(&mut self, cell: Cell<'_>) -> Option<Option<Incoming<NotificationDuty>>> {
        let Some((c, v)) = cell else {
            return Some(None);
        };
        let text = text_of(v).unwrap_or_default();
        if matches!(
            text.to_lowercase().as_str(),
            "" | "-" | "nei" | "ingen" | "no" | "none"
        ) {
            return Some(None);
        }
        match keyword::<NotificationDuty>(&text) {
            Ok(s) => Some(Some(Incoming::new(s, (self.place)(self.r, c)))),
            Err(e) => {
                self.bad(
                    c,
                    ProblemKind::UnknownReference,
                    format!(
                        "varslingsplikt: {} (eller tom for ingen)",
                        e.render(Lang::Nb)
                    ),
                    format!(
                        "notification duty: {} (or empty for none)",
                        e.render(Lang::En)
                    ),
                );
                None
            }
        }
    }
}

/// What the exports held: the rows that could be typed, and every
/// problem of the others and of the files.
#[derive(Debug, Clone, Default)]
pub struct DeviationsRead {
    /// The rows read without a problem, in order.
    pub rows: Vec<IncomingDeviation>,
    /// Every problem, each at its cell: a file that cannot be read, no
    /// deviation table, a missing required cell, a cell that is not a
    /// whole number or a time, an unknown state or duty.
    pub problems: Problems,
}

/// Reads the deviation tables of `paths` (one table or more per file, on
/// any visible sheet), every value with its cell. The rows that could be
/// read are kept beside the problems, so that the domain's checks can
/// report theirs at the same time.
pub fn read_deviations(paths: &[&Path], opts: &ImportOptions) -> DeviationsRead {
    let mut rows = Vec::new();
    let problems = read_deviations_into(paths, opts, &mut |d| rows.push(d));
    DeviationsRead { rows, problems }
}

/// As [`read_deviations`], handing each row to `sink` as it is read (a
/// file that turns out damaged halfway has had some rows handed on, and
/// its problem is among those returned).
pub fn read_deviations_into(
    paths: &[&Path],
    opts: &ImportOptions,
    sink: &mut dyn FnMut(IncomingDeviation),
) -> Problems {
    let mut problems = Problems::default();
    for path in paths {
        let Some((file, bytes)) = super::load(path, &opts.limits, &mut problems) else {
            continue;
        };
        super::catch_panic(&file, &mut problems, |problems| {
            let mut book = super::open_book(&file, bytes, &opts.limits, problems)?;
            match read_book(&mut book, &file, &opts.limits, problems, &mut *sink) {
                Ok(()) => Some(()),
                Err(e) => {
                    super::read_error(&file, e, problems);
                    None
                }
            }
        });
    }
    problems
}
