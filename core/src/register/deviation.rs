//! Deviations (avvik): a reported breach of a procedure, routine or law,
//! handled by the unit's leader from registration to closure, with its
//! measures (tiltak), its risk and its deadlines.
//!
//! ```
//! use styring_core::register::{Deviation, DeviationState, DeviationReport, Risk, RiskMatrix};
//! let at = |s: &str| s.parse().unwrap();
//! let new = DeviationReport {
//!     unit: "aurvoll".parse().unwrap(),
//!     category: "HMS".into(),
//!     description: "Elev skadet seg i gymsalen".into(),
//!     happened: at("2025-03-03T10:15:00Z"),
//!     risk: Risk::new(4, 3).unwrap(),
//!     duty: None,
//!     deadline: None,
//! };
//! let kari = "kari".parse().unwrap();
//! let mut d = Deviation::register("A-1", new, at("2025-03-03T12:00:00Z"), &kari, &RiskMatrix::default()).unwrap();
//! // Risk 4 × 3 = 12 is high: handled within 7 days.
//! assert_eq!(d.deadline.to_rfc3339(), "2025-03-10T12:00:00+00:00");
//! d.history.move_to(DeviationState::Mottatt, at("2025-03-04T08:00:00Z"), &kari, None).unwrap();
//! d.history.move_to(DeviationState::UnderBehandling, at("2025-03-04T09:00:00Z"), &kari, None).unwrap();
//! d.history.move_to(DeviationState::Lukket, at("2025-03-07T15:00:00Z"), &kari, None).unwrap();
//! assert_eq!(d.closed_within_deadline(), Some(true));
//! assert_eq!(d.days_to_close(), Some(4.125));
//! ```

use super::notification::NotificationDuty;
use super::risk::{Risk, RiskMatrix};
use super::workflow::{History, Workflow};
use crate::actor::Actor;
use crate::ids::UnitId;
use crate::lang::Lang;
use crate::text::Text;
use chrono::{DateTime, Utc};

crate::keyword::keyword_enum! {
    /// Where a deviation is in its handling.
    pub enum DeviationState {
        /// Reported, not yet seen by the leader.
        Registrert = "registrert" | "registered",
        /// Seen by the leader who handles it.
        Mottatt = "mottatt" | "received",
        /// Being handled.
        UnderBehandling = "under_behandling" | "under behandling" | "in_progress" | "in progress",
        /// Closed.
        Lukket = "lukket" | "closed",
    }
}

impl Workflow for DeviationState {
    const RECORD: (&'static str, &'static str) = ("avviket", "the deviation");
    const START: Self = DeviationState::Registrert;

    fn next(self) -> &'static [Self] {
        match self {
            DeviationState::Registrert => &[DeviationState::Mottatt],
            DeviationState::Mottatt => &[DeviationState::UnderBehandling],
            DeviationState::UnderBehandling => &[DeviationState::Lukket],
            // Reopened, with a reason.
            DeviationState::Lukket => &[DeviationState::UnderBehandling],
        }
    }

    fn needs_reason(self, to: Self) -> bool {
        self == DeviationState::Lukket && to == DeviationState::UnderBehandling
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DeviationState::Registrert, Lang::Nb) => "registrert",
            (DeviationState::Registrert, Lang::En) => "registered",
            (DeviationState::Mottatt, Lang::Nb) => "mottatt",
            (DeviationState::Mottatt, Lang::En) => "received",
            (DeviationState::UnderBehandling, Lang::Nb) => "under behandling",
            (DeviationState::UnderBehandling, Lang::En) => "in progress",
            (DeviationState::Lukket, Lang::Nb) => "lukket",
            (DeviationState::Lukket, Lang::En) => "closed",
        }
    }
}

crate::keyword::keyword_enum! {
    /// Where a deviation's measure (tiltak) is.
    pub enum MeasureState {
        /// Decided, not yet in effect.
        Planlagt = "planlagt" | "planned",
        /// In effect.
        Iverksatt = "iverksatt" | "implemented",
        /// Its effect judged.
        Evaluert = "evaluert" | "evaluated",
    }
}

impl Workflow for MeasureState {
    const RECORD: (&'static str, &'static str) = ("tiltaket", "the measure");
    const START: Self = MeasureState::Planlagt;

    fn next(self) -> &'static [Self] {
        match self {
            MeasureState::Planlagt => &[MeasureState::Iverksatt],
            MeasureState::Iverksatt => &[MeasureState::Evaluert],
            MeasureState::Evaluert => &[],
        }
    }

    fn needs_reason(self, _to: Self) -> bool {
        false
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MeasureState::Planlagt, Lang::Nb) => "planlagt",
            (MeasureState::Planlagt, Lang::En) => "planned",
            (MeasureState::Iverksatt, Lang::Nb) => "iverksatt",
            (MeasureState::Iverksatt, Lang::En) => "implemented",
            (MeasureState::Evaluert, Lang::Nb) => "evaluert",
            (MeasureState::Evaluert, Lang::En) => "evaluated",
        }
    }
}

/// A measure against a deviation, with its owner and its own states.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationMeasure {
    /// What is to be done.
    pub text: String,
    /// Who owns it.
    pub owner: Actor,
    /// Its states.
    pub history: History<MeasureState>,
}

/// What a reporter gives when a deviation is registered.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviationReport {
    /// The unit where it happened.
    pub unit: UnitId,
    /// Its category (one of the model's list).
    pub category: String,
    /// What happened.
    pub description: String,
    /// When it happened.
    pub happened: DateTime<Utc>,
    /// Consequence and likelihood.
    pub risk: Risk,
    /// A notification the law requires, if any.
    pub duty: Option<NotificationDuty>,
    /// A deadline set by hand; by default it follows from the risk.
    pub deadline: Option<DateTime<Utc>>,
}

/// A deviation with its handling so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    /// Its id (the quality system's, or given at registration).
    pub id: String,
    /// What was reported (a deadline in it was set by hand).
    pub report: DeviationReport,
    /// When it is to be closed.
    pub deadline: DateTime<Utc>,
    /// When the authority was notified, if the law requires it and it was.
    pub notified: Option<DateTime<Utc>>,
    /// Its states, from registration (by the reporter, who is never shown
    /// in statistics).
    pub history: History<DeviationState>,
    /// Its measures.
    pub measures: Vec<DeviationMeasure>,
}

impl Deviation {
    /// A deviation registered at `at` by `reporter`; its deadline follows
    /// from its risk through `matrix` unless one is given.
    ///
    /// # Errors
    /// A message when it happened after it was registered, when the
    /// description is empty, or when a given deadline is already past.
    pub fn register(
        id: &str,
        new: DeviationReport,
        at: DateTime<Utc>,
        reporter: &Actor,
        matrix: &RiskMatrix,
    ) -> Result<Deviation, Text> {
        if new.happened > at {
            let (shown_a, shown_b) = crate::local_time::shown_pair(new.happened, at);
            return Err(Text::new(
                format!(
                    "avviket skjedde {} etter at det ble registrert ({}); rett tidspunktet",
                    shown_a, shown_b
                ),
                format!(
                    "the deviation happened {}, after it was registered ({}); correct the time",
                    shown_a, shown_b
                ),
            ));
        }
        if new.description.trim().is_empty() {
            return Err(Text::new(
                "beskrivelsen mangler; skriv hva som skjedde",
                "the description is missing; write what happened",
            ));
        }
        let deadline = match new.deadline {
            Some(d) if d < at => {
                let (shown_a, shown_b) = crate::local_time::shown_pair(d, at);
                return Err(Text::new(
                    format!(
                        "fristen {} er allerede passert ved registreringen ({})",
                        shown_a, shown_b
                    ),
                    format!(
                        "the deadline {} has already passed at registration ({})",
                        shown_a, shown_b
                    ),
                ));
            }
            Some(d) => d,
            None => matrix.deadline(new.risk, at),
        };
        Ok(Deviation {
            id: id.to_string(),
            report: new,
            deadline,
            notified: None,
            history: History::new(DeviationState::Registrert, at, reporter),
            measures: Vec::new(),
        })
    }

    /// When it was registered.
    pub fn registered(&self) -> DateTime<Utc> {
        self.history.first().at
    }

    /// When it was (last) closed, if it is closed now.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        (self.history.current() == DeviationState::Lukket).then(|| self.history.last().at)
    }

    /// Whether it was closed by its deadline (`None` while it is open).
    pub fn closed_within_deadline(&self) -> Option<bool> {
        self.closed_at().map(|c| c <= self.deadline)
    }

    /// Days from registration to closure (`None` while it is open).
    pub fn days_to_close(&self) -> Option<f64> {
        self.closed_at()
            .map(|c| (c - self.registered()).num_seconds() as f64 / 86_400.0)
    }

    /// Who handles it: the one who took the latest step after the
    /// registration (the leader who received it, or moved it since);
    /// `None` while it is only registered.
    pub fn handler(&self) -> Option<&Actor> {
        self.history
            .steps()
            .iter()
            .skip(1)
            .next_back()
            .map(|s| &s.actor)
    }

    /// Whether it is open at `now` with its deadline passed.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.history.current() != DeviationState::Lukket && now > self.deadline
    }
}
