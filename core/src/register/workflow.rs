//! The one workflow rule every register follows: a record moves between
//! named states along the edges its kind allows, some moves need a reason,
//! and times only move forward. Each move is a [`Step`] with its actor,
//! time and reason, kept in a [`History`].
//!
//! ```
//! use styring_core::register::{DeviationState, History};
//! use styring_core::Lang;
//! let at = |s: &str| s.parse().unwrap();
//! let kari = "kari".parse().unwrap();
//! let mut h = History::new(DeviationState::Registrert, at("2025-03-01T08:00:00Z"), &kari);
//! h.move_to(DeviationState::Mottatt, at("2025-03-01T09:00:00Z"), &kari, None).unwrap();
//! let e = h.move_to(DeviationState::Lukket, at("2025-03-02T09:00:00Z"), &kari, None).unwrap_err();
//! assert_eq!(e.nb, "avviket er «mottatt» og kan bare gå til «under behandling», ikke til «lukket»");
//! assert_eq!(h.current(), DeviationState::Mottatt);
//! ```

use crate::actor::Actor;
use crate::keyword::Keyword;
use crate::lang::Lang;
use crate::text::Text;
use chrono::{DateTime, Utc};

/// The states of one kind of record and the moves between them.
pub trait Workflow: Keyword + PartialEq + std::fmt::Debug {
    /// What a record of this kind is called, with its article, for
    /// messages (`avviket`, `the deviation`).
    const RECORD: (&'static str, &'static str);

    /// The state every record starts in.
    const START: Self;

    /// The states a record in this one may move to.
    fn next(self) -> &'static [Self];

    /// Whether moving from this state to `to` needs a reason (reopening a
    /// closed record does).
    fn needs_reason(self, to: Self) -> bool;

    /// The state as users read it.
    fn word(self, lang: Lang) -> &'static str;
}

/// One step in a record's history: the state it moved to, when, by whom,
/// and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<S> {
    /// The state moved to.
    pub state: S,
    /// When.
    pub at: DateTime<Utc>,
    /// Who moved it.
    pub actor: Actor,
    /// Why, when a reason was given.
    pub reason: Option<String>,
}

/// A record's steps, first to last: never empty, each move legal, times
/// in order.
#[derive(Debug, Clone, PartialEq)]
pub struct History<S> {
    steps: Vec<Step<S>>,
}

/// `«a», «b» eller «c»` in the language.
fn alternatives<S: Workflow>(states: &[S], lang: Lang) -> String {
    let (open, close, or) = match lang {
        Lang::Nb => ("«", "»", "eller"),
        Lang::En => ("\"", "\"", "or"),
    };
    let words: Vec<String> = states
        .iter()
        .map(|s| format!("{open}{}{close}", s.word(lang)))
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {or} {last}", rest.join(", ")),
    }
}

/// Why `from` may not move to `to`, if it may not.
pub fn refusal<S: Workflow>(from: S, to: S) -> Option<Text> {
    if from.next().contains(&to) {
        return None;
    }
    let (nb_rec, en_rec) = S::RECORD;
    let (f, t) = (from.word(Lang::Nb), to.word(Lang::Nb));
    let (fe, te) = (from.word(Lang::En), to.word(Lang::En));
    Some(if from.next().is_empty() {
        Text::new(
            format!("{nb_rec} er «{f}» og kan ikke flyttes videre"),
            format!("{en_rec} is \"{fe}\" and cannot be moved on"),
        )
    } else if from == to {
        Text::new(
            format!("{nb_rec} er allerede «{f}»"),
            format!("{en_rec} is already \"{fe}\""),
        )
    } else {
        Text::new(
            format!(
                "{nb_rec} er «{f}» og kan bare gå til {}, ikke til «{t}»",
                alternatives(from.next(), Lang::Nb)
            ),
            format!(
                "{en_rec} is \"{fe}\" and can only go to {}, not to \"{te}\"",
                alternatives(from.next(), Lang::En)
            ),
        )
    })
}

impl<S: Workflow> History<S> {
    /// A history that starts in `state` at `at`, by `actor`.
    pub fn new(state: S, at: DateTime<Utc>, actor: &Actor) -> History<S> {
        History {
            steps: vec![Step {
                state,
                at,
                actor: actor.clone(),
                reason: None,
            }],
        }
    }

    /// A history read back from its steps, each move checked by the same
    /// rule as [`History::move_to`], the first in [`Workflow::START`].
    ///
    /// # Errors
    /// The first step that breaks the rule, with its number.
    pub fn from_steps(steps: Vec<Step<S>>) -> Result<History<S>, Text> {
        let mut it = steps.into_iter();
        let Some(first) = it.next() else {
            return Err(Text::new("historikken er tom", "the history is empty"));
        };
        if first.state != S::START {
            return Err(Text::new(
                format!(
                    "første steg er «{}», men {} starter som «{}»",
                    first.state.word(Lang::Nb),
                    S::RECORD.0,
                    S::START.word(Lang::Nb)
                ),
                format!(
                    "the first step is \"{}\", but {} starts as \"{}\"",
                    first.state.word(Lang::En),
                    S::RECORD.1,
                    S::START.word(Lang::En)
                ),
            ));
        }
        let mut h = History { steps: vec![first] };
        for (i, s) in it.enumerate() {
            h.move_to(s.state, s.at, &s.actor, s.reason.as_deref())
                .map_err(|t| {
                    Text::new(
                        format!("steg {}: {}", i + 2, t.nb),
                        format!("step {}: {}", i + 2, t.en),
                    )
                })?;
        }
        Ok(h)
    }

    /// The state the record is in.
    pub fn current(&self) -> S {
        self.last().state
    }

    /// The last step.
    pub fn last(&self) -> &Step<S> {
        // Never empty: made with a first step, only ever pushed to.
        &self.steps[self.steps.len() - 1]
    }

    /// The first step.
    pub fn first(&self) -> &Step<S> {
        &self.steps[0]
    }

    /// Every step, first to last.
    pub fn steps(&self) -> &[Step<S>] {
        &self.steps
    }

    /// The state the record was in at `t` (`None` before its first step).
    pub fn state_at(&self, t: DateTime<Utc>) -> Option<S> {
        self.steps
            .iter()
            .take_while(|s| s.at <= t)
            .last()
            .map(|s| s.state)
    }

    /// The step that put the record in the state it was in at `t`.
    pub fn step_at(&self, t: DateTime<Utc>) -> Option<&Step<S>> {
        self.steps.iter().take_while(|s| s.at <= t).last()
    }

    /// When the record last entered `state`, if it ever did.
    pub fn entered(&self, state: S) -> Option<DateTime<Utc>> {
        self.steps
            .iter()
            .rev()
            .find(|s| s.state == state)
            .map(|s| s.at)
    }

    /// Moves the record to `to` at `at`.
    ///
    /// # Errors
    /// The message the user sees when the move is not one the state
    /// allows (naming the state and where it may go), when it needs a
    /// reason and has none, or when `at` is before the last step.
    pub fn move_to(
        &mut self,
        to: S,
        at: DateTime<Utc>,
        actor: &Actor,
        reason: Option<&str>,
    ) -> Result<(), Text> {
        let last = self.last();
        if let Some(why) = refusal(last.state, to) {
            return Err(why);
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if last.state.needs_reason(to) && reason.is_none() {
            let (nb_rec, en_rec) = S::RECORD;
            return Err(Text::new(
                format!(
                    "{nb_rec} er «{}»; oppgi en begrunnelse (--reason) for å flytte det til «{}»",
                    last.state.word(Lang::Nb),
                    to.word(Lang::Nb)
                ),
                format!(
                    "{en_rec} is \"{}\"; give a reason (--reason) to move it to \"{}\"",
                    last.state.word(Lang::En),
                    to.word(Lang::En)
                ),
            ));
        }
        if at < last.at {
            let (shown_a, shown_b) = crate::local_time::shown_pair(at, last.at);
            return Err(Text::new(
                format!(
                    "tidspunktet {} er før forrige steg ({}); tiden går bare fremover",
                    shown_a, shown_b
                ),
                format!(
                    "the time {} is before the previous step ({}); time only moves forward",
                    shown_a, shown_b
                ),
            ));
        }
        self.steps.push(Step {
            state: to,
            at,
            actor: actor.clone(),
            reason: reason.map(str::to_string),
        });
        Ok(())
    }
}
