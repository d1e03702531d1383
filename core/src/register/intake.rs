//! Deviations coming in from a quality system's export: each row as the
//! adapter read it (every field with its cell), checked against the model
//! and the register as stored, and planned as what the store is to add.
//!
//! A row is a deviation as it stands in the quality system: registered at
//! a time, by a reporter, and moved since to its current state by its
//! handler, at the times the export gives (received, closed; a state with
//! no time of its own is reached at the time of the step before it).
//! Importing the same export again changes nothing; a later export may
//! carry a deviation further (its new steps are added); an export that
//! disagrees with what is stored is refused at the row.
//!
//! ```
//! use styring_core::register::{plan_deviation_import, DeviationState, Incoming, IncomingDeviation, Place};
//! use styring_core::economy::SheetRef;
//! use std::sync::Arc;
//! let model = styring_core::Model::example();
//! let at = |s: &str| s.parse().unwrap();
//! let sheet = Arc::new(SheetRef::new("avvik.xlsx", "Avvik"));
//! let cols = "ABCDEFGHI";
//! let cell = |c: &str| Place::new(&sheet, 1, cols.find(&c[..1]).unwrap() as u32);
//! let mut row = IncomingDeviation::new(
//!     Incoming::new("Q-7".to_string(), cell("A2")),
//!     Incoming::new("Aurvoll skole".to_string(), cell("B2")),
//!     Incoming::new("hms".to_string(), cell("C2")),
//!     Incoming::new("Elev falt i trappa".to_string(), cell("D2")),
//!     Incoming::new(at("2025-03-03T10:00:00Z"), cell("E2")),
//!     Incoming::new(2, cell("F2")),
//!     Incoming::new(3, cell("G2")),
//! );
//! row.state = Some(Incoming::new(DeviationState::Lukket, cell("H2")));
//! row.closed = Some(Incoming::new(at("2025-03-05T14:00:00Z"), cell("I2")));
//! let kari = "kari".parse().unwrap();
//! let plan = plan_deviation_import(&model, &[], vec![row.clone()], &kari).unwrap();
//! let d = &plan.new[0];
//! assert_eq!((d.report.unit.as_str(), d.report.category.as_str()), ("aurvoll", "HMS"));
//! assert_eq!(d.history.current(), DeviationState::Lukket);
//! assert_eq!(d.history.steps().len(), 4);
//! // The same row again, against what is now stored: nothing to do.
//! let again = plan_deviation_import(&model, &plan.new, vec![row], &kari).unwrap();
//! assert_eq!((again.new.len(), again.extended.len(), again.unchanged), (0, 0, 1));
//! ```

use super::deviation::{Deviation, DeviationReport, DeviationState};
use super::notification::NotificationDuty;
use super::risk::Risk;
use super::workflow::{History, Step, Workflow};
use crate::actor::Actor;
use crate::economy::SheetRef;
use crate::ids::UnitId;
use crate::lang::Lang;
use crate::model::Model;
use crate::problem::{Location, ProblemKind, Problems};
use crate::text::{Localized, Text};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

/// The cell a value was read from: its sheet (shared by every cell of
/// it) and its zero-based row and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The file and sheet.
    pub sheet: Arc<SheetRef>,
    /// The row, from 0.
    pub row: u32,
    /// The column, from 0.
    pub col: u32,
}

impl Place {
    /// The cell at (`row`, `col`) of `sheet`.
    pub fn new(sheet: &Arc<SheetRef>, row: u32, col: u32) -> Place {
        Place {
            sheet: Arc::clone(sheet),
            row,
            col,
        }
    }

    /// Where a problem with it is reported.
    pub fn location(&self) -> Location {
        Location {
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet.clone(),
            cell: Some(crate::batch::a1(self.row, self.col)),
            entry: None,
        }
    }
}

/// A value read from an export, with the cell it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming<T> {
    /// The value.
    pub value: T,
    /// Where it was.
    pub at: Place,
}

impl<T> Incoming<T> {
    /// `value` read at `at`.
    pub fn new(value: T, at: Place) -> Incoming<T> {
        Incoming { value, at }
    }
}

/// One row of a quality system's export, typed by the adapter.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingDeviation {
    /// Its id in the quality system.
    pub id: Incoming<String>,
    /// The unit, by id or name.
    pub unit: Incoming<String>,
    /// The category, as written.
    pub category: Incoming<String>,
    /// What happened.
    pub description: Incoming<String>,
    /// When it was registered.
    pub registered: Incoming<DateTime<Utc>>,
    /// Consequence as written (checked here: 1–5).
    pub consequence: Incoming<i64>,
    /// Likelihood as written (checked here: 1–5).
    pub likelihood: Incoming<i64>,
    /// When it happened (by default when it was registered).
    pub happened: Option<Incoming<DateTime<Utc>>>,
    /// Its state now (by default the furthest its times show).
    pub state: Option<Incoming<DeviationState>>,
    /// When its handler received it.
    pub received: Option<Incoming<DateTime<Utc>>>,
    /// When it was closed.
    pub closed: Option<Incoming<DateTime<Utc>>>,
    /// Who reported it (by default the importer).
    pub reporter: Option<Incoming<String>>,
    /// Who handles it (by default the importer).
    pub handler: Option<Incoming<String>>,
    /// A deadline the quality system set (by default from the risk).
    pub deadline: Option<Incoming<DateTime<Utc>>>,
    /// A notification the law requires.
    pub duty: Option<Incoming<NotificationDuty>>,
    /// When the authority was notified.
    pub notified: Option<Incoming<DateTime<Utc>>>,
}

impl IncomingDeviation {
    /// A row with the fields every row has, and no others.
    pub fn new(
        id: Incoming<String>,
        unit: Incoming<String>,
        category: Incoming<String>,
        description: Incoming<String>,
        registered: Incoming<DateTime<Utc>>,
        consequence: Incoming<i64>,
        likelihood: Incoming<i64>,
    ) -> IncomingDeviation {
        IncomingDeviation {
            id,
            unit,
            category,
            description,
            registered,
            consequence,
            likelihood,
            happened: None,
            state: None,
            received: None,
            closed: None,
            reporter: None,
            handler: None,
            deadline: None,
            duty: None,
            notified: None,
        }
    }
}

/// A stored deviation carried further by an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Extension {
    /// Its id.
    pub id: String,
    /// How many steps it had when the import was planned (the store
    /// refuses the import if that has changed).
    pub after: usize,
    /// The steps to add.
    pub steps: Vec<Step<DeviationState>>,
    /// When the authority was notified, if the import brings it.
    pub notified: Option<DateTime<Utc>>,
}

/// What an import adds to the register.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviationImport {
    /// Deviations not stored before.
    pub new: Vec<Deviation>,
    /// Stored deviations carried further.
    pub extended: Vec<Extension>,
    /// Rows that match what is stored.
    pub unchanged: usize,
}

impl DeviationImport {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.extended.is_empty()
    }
}

/// Resolves the row's texts against the model, with a cache per text.
struct Resolver<'m> {
    model: &'m Model,
    units: HashMap<String, Result<UnitId, Text>>,
    categories: HashMap<String, Result<String, Text>>,
    actors: HashMap<String, Result<Actor, Text>>,
}

impl Resolver<'_> {
    fn unit(&mut self, text: &str) -> Result<UnitId, Text> {
        let model = self.model;
        self.units
            .entry(text.to_string())
            .or_insert_with(|| {
                model
                    .resolve_service_unit(text)
                    .map(|u| u.id.clone())
                    .map_err(|e| Text::new(e.render(Lang::Nb), e.render(Lang::En)))
            })
            .clone()
    }

    fn category(&mut self, text: &str) -> Result<String, Text> {
        let model = self.model;
        self.categories
            .entry(text.to_string())
            .or_insert_with(|| model.deviations().category(text).map(str::to_string))
            .clone()
    }

    fn actor(&mut self, text: &str) -> Result<Actor, Text> {
        self.actors
            .entry(text.to_string())
            .or_insert_with(|| {
                Actor::new(text).map_err(|e| Text::new(e.render(Lang::Nb), e.render(Lang::En)))
            })
            .clone()
    }
}

fn add(problems: &mut Problems, at: &Place, kind: ProblemKind, t: Text) {
    problems.add_kind(kind, at.location(), t.nb, t.en);
}

/// The deviation a row describes, with every problem at its cell.
fn deviation_of(
    row: &IncomingDeviation,
    r: &mut Resolver<'_>,
    importer: &Actor,
    problems: &mut Problems,
) -> Option<Deviation> {
    let before = problems.len();
    let unit = r
        .unit(&row.unit.value)
        .map_err(|t| add(problems, &row.unit.at, ProblemKind::UnknownUnit, t))
        .ok();
    let category = r
        .category(&row.category.value)
        .map_err(|t| add(problems, &row.category.at, ProblemKind::UnknownReference, t))
        .ok();
    let risk = match Risk::new(row.consequence.value, row.likelihood.value) {
        Ok(risk) => Some(risk),
        Err(t) => {
            let at = if (1..=5).contains(&row.consequence.value) {
                &row.likelihood.at
            } else {
                &row.consequence.at
            };
            add(problems, at, ProblemKind::OutOfRange, t);
            None
        }
    };
    let mut actor_of = |f: &Option<Incoming<String>>, problems: &mut Problems| match f {
        None => Some(importer.clone()),
        Some(i) => r
            .actor(&i.value)
            .map_err(|t| add(problems, &i.at, ProblemKind::BadName, t))
            .ok(),
    };
    let reporter = actor_of(&row.reporter, problems);
    let handler = actor_of(&row.handler, problems);
    let (Some(unit), Some(category), Some(risk), Some(reporter), Some(handler)) =
        (unit, category, risk, reporter, handler)
    else {
        return None;
    };
    let report = DeviationReport {
        unit,
        category,
        description: row.description.value.trim().to_string(),
        happened: row
            .happened
            .as_ref()
            .map_or(row.registered.value, |h| h.value),
        risk,
        duty: row.duty.as_ref().map(|d| d.value),
        deadline: row.deadline.as_ref().map(|d| d.value),
    };
    let matrix = &r.model.deviations().matrix;
    let mut d = match Deviation::register(
        &row.id.value,
        report,
        row.registered.value,
        &reporter,
        matrix,
    ) {
        Ok(d) => d,
        Err(t) => {
            // Which cell: the time it happened, the deadline, or the text.
            let at = if row
                .happened
                .as_ref()
                .is_some_and(|h| h.value > row.registered.value)
            {
                &row.happened
                    .as_ref()
                    .map_or(&row.registered.at, |h| &h.at)
                    .clone()
            } else if row
                .deadline
                .as_ref()
                .is_some_and(|d| d.value < row.registered.value)
            {
                &row.deadline
                    .as_ref()
                    .map_or(&row.registered.at, |d| &d.at)
                    .clone()
            } else {
                &row.description.at.clone()
            };
            add(problems, at, ProblemKind::Invalid, t);
            return None;
        }
    };
    // The state: as written, or the furthest the times show.
    let state = match (&row.state, &row.closed, &row.received) {
        (Some(s), _, _) => s.value,
        (None, Some(_), _) => DeviationState::Lukket,
        (None, None, Some(_)) => DeviationState::Mottatt,
        (None, None, None) => DeviationState::Registrert,
    };
    let state_at = row.state.as_ref().map(|s| &s.at);
    if let (Some(c), true) = (&row.closed, state != DeviationState::Lukket) {
        add(
            problems,
            &c.at,
            ProblemKind::Invalid,
            Text::new(
                format!(
                    "avviket har en lukket-dato, men status er «{}»; fjern datoen eller sett status til lukket",
                    state.word(Lang::Nb)
                ),
                format!(
                    "the deviation has a closing date, but its state is \"{}\"; remove the date or set the state to closed",
                    state.word(Lang::En)
                ),
            ),
        );
        return None;
    }
    let path: &[DeviationState] = match state {
        DeviationState::Registrert => &[],
        DeviationState::Mottatt => &[DeviationState::Mottatt],
        DeviationState::UnderBehandling => {
            &[DeviationState::Mottatt, DeviationState::UnderBehandling]
        }
        DeviationState::Lukket => &[
            DeviationState::Mottatt,
            DeviationState::UnderBehandling,
            DeviationState::Lukket,
        ],
    };
    if state == DeviationState::Lukket && row.closed.is_none() {
        add(
            problems,
            state_at.unwrap_or(&row.id.at),
            ProblemKind::Missing,
            Text::new(
                "avviket er lukket, men lukket-dato mangler; fyll den inn",
                "the deviation is closed, but its closing date is missing; fill it in",
            ),
        );
        return None;
    }
    for s in path {
        let (at, cell) = match s {
            DeviationState::Mottatt => match &row.received {
                Some(r) => (r.value, &r.at),
                None => (d.history.last().at, &row.registered.at),
            },
            DeviationState::Lukket => match &row.closed {
                Some(c) => (c.value, &c.at),
                None => (d.history.last().at, &row.registered.at),
            },
            _ => (d.history.last().at, state_at.unwrap_or(&row.registered.at)),
        };
        if let Err(t) = d.history.move_to(*s, at, &handler, None) {
            add(problems, cell, ProblemKind::Invalid, t);
            return None;
        }
    }
    if let Some(n) = &row.notified {
        match (d.report.duty, n.value < d.report.happened) {
            (None, _) => {
                add(
                    problems,
                    &n.at,
                    ProblemKind::NotApplicable,
                    Text::new(
                        "avviket har en varslet-dato, men ingen varslingsplikt; fyll inn varslingsplikten eller fjern datoen",
                        "the deviation has a notification date but no duty to notify; fill in the duty or remove the date",
                    ),
                );
                return None;
            }
            (Some(_), true) => {
                let (shown_a, shown_b) = crate::local_time::shown_pair(n.value, d.report.happened);
                add(
                    problems,
                    &n.at,
                    ProblemKind::Invalid,
                    Text::new(
                        format!("varslet {} er før avviket skjedde ({})", shown_a, shown_b),
                        format!(
                            "notified {} is before the deviation happened ({})",
                            shown_a, shown_b
                        ),
                    ),
                );
                return None;
            }
            (Some(_), false) => d.notified = Some(n.value),
        }
    }
    (problems.len() == before).then_some(d)
}

/// Whether the steps agree in state and time (who made them may be
/// named differently from one export to the next).
fn same_steps(a: &[Step<DeviationState>], b: &[Step<DeviationState>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.state == y.state && same_time(x.at, y.at))
}

/// Whether two times are the same to the second (what a spreadsheet
/// holds of a time).
fn same_time(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_milliseconds().abs() < 1000
}

/// The first field of the report where the stored deviation and the row
/// disagree, with the row's cell.
fn differs<'r>(
    stored: &Deviation,
    new: &Deviation,
    row: &'r IncomingDeviation,
) -> Option<(&'static str, &'static str, &'r Place)> {
    let (s, n) = (&stored.report, &new.report);
    if s.unit != n.unit {
        return Some(("enhet", "unit", &row.unit.at));
    }
    if s.category != n.category {
        return Some(("kategori", "category", &row.category.at));
    }
    if s.description != n.description {
        return Some(("beskrivelse", "description", &row.description.at));
    }
    if !same_time(s.happened, n.happened) {
        let at = row.happened.as_ref().map_or(&row.registered.at, |h| &h.at);
        return Some(("hendelsestidspunkt", "time it happened", at));
    }
    if s.risk != n.risk {
        return Some((
            "konsekvens eller sannsynlighet",
            "consequence or likelihood",
            &row.consequence.at,
        ));
    }
    if s.duty != n.duty {
        let at = row.duty.as_ref().map_or(&row.id.at, |d| &d.at);
        return Some(("varslingsplikt", "duty to notify", at));
    }
    if !same_time(stored.deadline, new.deadline) {
        let at = row.deadline.as_ref().map_or(&row.consequence.at, |d| &d.at);
        return Some(("frist", "deadline", at));
    }
    if !same_time(stored.registered(), new.registered()) {
        return Some((
            "registreringstidspunkt",
            "time registered",
            &row.registered.at,
        ));
    }
    if let (Some(a), Some(b)) = (stored.notified, new.notified) {
        if !same_time(a, b) {
            let at = row.notified.as_ref().map_or(&row.id.at, |n| &n.at);
            return Some(("varslet-dato", "notification date", at));
        }
    }
    None
}

/// What one row comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// A deviation not stored before.
    New(Deviation),
    /// A stored deviation carried further.
    Extended(Extension),
    /// The row matches what is stored.
    Unchanged,
}

/// How many rows came to what ([`DeviationIntake::tally`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviationTally {
    /// Deviations not stored before.
    pub new: usize,
    /// Stored deviations carried further.
    pub extended: usize,
    /// The steps that carry them further.
    pub new_steps: usize,
    /// Rows that match what is stored.
    pub unchanged: usize,
}

/// The checks of an import, one row at a time (so that rows can be
/// stored as they are read, in a transaction kept only when no row had a
/// problem): each row against the model, the rows before it, and the
/// register as stored.
pub struct DeviationIntake<'a> {
    resolver: Resolver<'a>,
    by_id: HashMap<&'a str, &'a Deviation>,
    seen: HashMap<String, Place>,
    importer: &'a Actor,
    problems: Problems,
    tally: DeviationTally,
}

impl<'a> DeviationIntake<'a> {
    /// Checks for an import into a register holding `stored`, by
    /// `importer` where a row names no reporter or handler.
    pub fn new(
        model: &'a Model,
        stored: &'a [Deviation],
        importer: &'a Actor,
    ) -> DeviationIntake<'a> {
        DeviationIntake {
            resolver: Resolver {
                model,
                units: HashMap::new(),
                categories: HashMap::new(),
                actors: HashMap::new(),
            },
            by_id: stored.iter().map(|d| (d.id.as_str(), d)).collect(),
            seen: HashMap::new(),
            importer,
            problems: Problems::default(),
            tally: DeviationTally::default(),
        }
    }

    /// The problems found so far.
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// How many rows came to what so far.
    pub fn tally(&self) -> DeviationTally {
        self.tally
    }

    /// Every problem found.
    pub fn into_problems(self) -> Problems {
        self.problems
    }

    /// What `row` comes to; `None` (with its problems kept) when it is
    /// wrong.
    pub fn take(&mut self, row: &IncomingDeviation) -> Option<Planned> {
        let planned = self.plan(row)?;
        match &planned {
            Planned::New(_) => self.tally.new += 1,
            Planned::Extended(x) => {
                self.tally.extended += 1;
                self.tally.new_steps += x.steps.len();
            }
            Planned::Unchanged => self.tally.unchanged += 1,
        }
        Some(planned)
    }

    fn plan(&mut self, row: &IncomingDeviation) -> Option<Planned> {
        let problems = &mut self.problems;
        let id = row.id.value.trim();
        if id.is_empty() || id.contains('#') {
            add(
                problems,
                &row.id.at,
                ProblemKind::BadName,
                Text::new(
                    format!("«{id}» kan ikke være en avviks-id (tom, eller med #)"),
                    format!("\"{id}\" cannot be a deviation id (empty, or with #)"),
                ),
            );
            return None;
        }
        if let Some(first) = self.seen.get(id) {
            let first = crate::batch::a1(first.row, first.col);
            add(
                problems,
                &row.id.at,
                ProblemKind::Duplicate,
                Text::new(
                    format!("avviket {id} står to ganger i filen (også i {first}); behold én rad"),
                    format!(
                        "deviation {id} appears twice in the file (also in {first}); keep one row"
                    ),
                ),
            );
            return None;
        }
        self.seen.insert(id.to_string(), row.id.at.clone());
        let mut d = deviation_of(row, &mut self.resolver, self.importer, problems)?;
        d.id = id.to_string();
        let Some(old) = self.by_id.get(id) else {
            return Some(Planned::New(d));
        };
        if let Some((nb, en, at)) = differs(old, &d, row) {
            add(
                problems,
                at,
                ProblemKind::Invalid,
                Text::new(
                    format!("avviket {id} er lagret med en annen {nb}; rett raden, eller gi avviket en ny id"),
                    format!("deviation {id} is stored with a different {en}; correct the row, or give the deviation a new id"),
                ),
            );
            return None;
        }
        let (have, got) = (old.history.steps(), d.history.steps());
        let notified = d.notified.filter(|_| old.notified.is_none());
        let state_at = row.state.as_ref().map_or(&row.id.at, |s| &s.at);
        if got.len() <= have.len() && same_steps(&have[..got.len()], got) {
            // The export is behind the store, or level with it.
            return Some(match notified {
                Some(_) => Planned::Extended(Extension {
                    id: id.to_string(),
                    after: have.len(),
                    steps: Vec::new(),
                    notified,
                }),
                None => Planned::Unchanged,
            });
        }
        if same_steps(have, &got[..have.len().min(got.len())]) {
            // The whole history, checked by the one rule.
            let all: Vec<Step<DeviationState>> =
                have.iter().chain(&got[have.len()..]).cloned().collect();
            return match History::from_steps(all) {
                Ok(_) => Some(Planned::Extended(Extension {
                    id: id.to_string(),
                    after: have.len(),
                    steps: got[have.len()..].to_vec(),
                    notified,
                })),
                Err(t) => {
                    add(problems, state_at, ProblemKind::Invalid, t);
                    None
                }
            };
        }
        add(
            problems,
            state_at,
            ProblemKind::Invalid,
            Text::new(
                format!(
                    "avviket {id} er lagret som «{}» med andre steg enn filen viser; en import kan bare føre et avvik videre",
                    old.history.current().word(Lang::Nb)
                ),
                format!(
                    "deviation {id} is stored as \"{}\" with other steps than the file shows; an import can only carry a deviation further",
                    old.history.current().word(Lang::En)
                ),
            ),
        );
        None
    }
}

/// Plans an import of `rows` into a register holding `stored`, by
/// `importer` where a row names no reporter or handler: the deviations to
/// add, the stored ones to carry further, and how many rows match. (The
/// checks of [`DeviationIntake`], for all rows at once.)
///
/// # Errors
/// Every problem, each at its cell: an unknown unit or category (with a
/// «mente du»), a consequence or likelihood outside 1–5, a time that goes
/// backwards, a deadline already past at registration, a closed deviation
/// without its closing date, the same id twice in the export, and a row
/// that disagrees with the deviation stored under its id.
pub fn plan_deviation_import(
    model: &Model,
    stored: &[Deviation],
    rows: Vec<IncomingDeviation>,
    importer: &Actor,
) -> Result<DeviationImport, Problems> {
    let mut intake = DeviationIntake::new(model, stored, importer);
    let mut plan = DeviationImport::default();
    for row in &rows {
        match intake.take(row) {
            Some(Planned::New(d)) => plan.new.push(d),
            Some(Planned::Extended(x)) => plan.extended.push(x),
            Some(Planned::Unchanged) => plan.unchanged += 1,
            None => {}
        }
    }
    let problems = intake.into_problems();
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}
