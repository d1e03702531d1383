//! Whistleblowing (varsling), by the Working Environment Act chapter 2 A:
//! the right to report censurable conditions (§ 2 A-1), the employer's
//! duty to investigate within reasonable time (§ 2 A-3), the ban on
//! retaliation (§ 2 A-4), written routines (§ 2 A-6) and the reporter's
//! confidentiality (§ 2 A-7). Norway sets no days for acknowledgement or
//! feedback; the municipality's routine does, so they are the model's
//! (`[whistleblowing]`; by default 7 days and 3 months, the EU
//! whistleblowing directive's practice).
//!
//! The reporter's identity is never held here in the clear: a case keeps
//! only a [`SealedIdentity`], the ciphertext made for the whistleblowing
//! receiver's public key before anything is stored.
//!
//! ```
//! use styring_core::register::{CaseState, Channel, WhistleCase, WhistleConfig, Notice};
//! let at = |s: &str| s.parse().unwrap();
//! let c = WhistleConfig::default();
//! let mut case = WhistleCase::receive("VS-1", Channel::Citizen, at("2025-03-03T10:00:00Z"),
//!     "Forskjellsbehandling", "Søknader behandles ulikt", None, None, &"mottak".parse().unwrap()).unwrap();
//! assert_eq!(c.acknowledge_by(&case).to_rfc3339(), "2025-03-10T10:00:00+00:00");
//! assert_eq!(c.feedback_by(&case).to_rfc3339(), "2025-06-03T10:00:00+00:00");
//! case.history.move_to(CaseState::Bekreftet, at("2025-03-05T08:00:00Z"), &"mottak".parse().unwrap(), None).unwrap();
//! assert_eq!(c.acknowledgement(&case, at("2025-04-01T00:00:00Z")), Notice::Met { at: at("2025-03-05T08:00:00Z") });
//! assert!(case.is_anonymous());
//! ```

use super::notification::Notice;
use super::workflow::{History, Workflow};
use crate::actor::Actor;
use crate::ids::UnitId;
use crate::lang::Lang;
use crate::text::Text;
use chrono::{DateTime, Duration, Months, Utc};

crate::keyword::keyword_enum! {
    /// How a report came in.
    pub enum Channel {
        /// From an employee.
        Employee = "employee" | "ansatt",
        /// From a citizen, through the municipality's website.
        Citizen = "citizen" | "innbygger",
        /// Any other way.
        Other = "other" | "annet",
    }
}

impl Channel {
    /// The word for it.
    pub fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Channel::Employee, Lang::Nb) => "ansatt",
            (Channel::Employee, Lang::En) => "employee",
            (Channel::Citizen, Lang::Nb) => "innbygger",
            (Channel::Citizen, Lang::En) => "citizen",
            (Channel::Other, Lang::Nb) => "annet",
            (Channel::Other, Lang::En) => "other",
        }
    }
}

crate::keyword::keyword_enum! {
    /// Where a whistleblowing case is.
    pub enum CaseState {
        /// Received.
        Mottatt = "mottatt" | "received",
        /// Receipt acknowledged to the reporter.
        Bekreftet = "bekreftet" | "acknowledged",
        /// Being investigated.
        UnderUndersokelse = "under_undersokelse" | "under undersøkelse" | "under_undersøkelse" | "investigating",
        /// Closed, with feedback given to the reporter.
        Avsluttet = "avsluttet" | "closed",
    }
}

impl Workflow for CaseState {
    const RECORD: (&'static str, &'static str) = ("varslingssaken", "the case");
    const START: Self = CaseState::Mottatt;

    fn next(self) -> &'static [Self] {
        match self {
            CaseState::Mottatt => &[CaseState::Bekreftet],
            CaseState::Bekreftet => &[CaseState::UnderUndersokelse],
            CaseState::UnderUndersokelse => &[CaseState::Avsluttet],
            // Reopened, with a reason.
            CaseState::Avsluttet => &[CaseState::UnderUndersokelse],
        }
    }

    fn needs_reason(self, to: Self) -> bool {
        self == CaseState::Avsluttet && to == CaseState::UnderUndersokelse
    }

    fn word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CaseState::Mottatt, Lang::Nb) => "mottatt",
            (CaseState::Mottatt, Lang::En) => "received",
            (CaseState::Bekreftet, Lang::Nb) => "bekreftet",
            (CaseState::Bekreftet, Lang::En) => "acknowledged",
            (CaseState::UnderUndersokelse, Lang::Nb) => "under undersøkelse",
            (CaseState::UnderUndersokelse, Lang::En) => "under investigation",
            (CaseState::Avsluttet, Lang::Nb) => "avsluttet",
            (CaseState::Avsluttet, Lang::En) => "closed",
        }
    }
}

/// A reporter's identity as ciphertext for the receiver's key: all that is
/// ever stored or written of it. Its `Debug` shows only its size.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedIdentity(Vec<u8>);

impl SealedIdentity {
    /// Ciphertext made by the sealing adapter.
    pub fn from_ciphertext(bytes: Vec<u8>) -> SealedIdentity {
        SealedIdentity(bytes)
    }

    /// The ciphertext.
    pub fn ciphertext(&self) -> &[u8] {
        &self.0
    }

    /// The ciphertext as lowercase hex (for the JSON export).
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Ciphertext from its hex form; `None` when it is not hex.
    pub fn from_hex(text: &str) -> Option<SealedIdentity> {
        let t = text.as_bytes();
        if !t.len().is_multiple_of(2) {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16);
        t.chunks(2)
            .map(|p| Some((digit(*p.first()?)? * 16 + digit(*p.get(1)?)?) as u8))
            .collect::<Option<Vec<u8>>>()
            .map(SealedIdentity)
    }
}

impl std::fmt::Debug for SealedIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedIdentity({} bytes)", self.0.len())
    }
}

/// A whistleblowing case.
#[derive(Debug, Clone, PartialEq)]
pub struct WhistleCase {
    /// Its id.
    pub id: String,
    /// How it came in.
    pub channel: Channel,
    /// What it is about, in a few words.
    pub subject: String,
    /// What was reported.
    pub description: String,
    /// The unit concerned, if any.
    pub unit: Option<UnitId>,
    /// Who handles it.
    pub handler: Option<Actor>,
    /// The reporter's identity, sealed; `None` when anonymous.
    pub sealed: Option<SealedIdentity>,
    /// Its states, from receipt.
    pub history: History<CaseState>,
}

impl WhistleCase {
    /// A case received at `at`, registered by `by` (the receiver).
    ///
    /// # Errors
    /// A message when the subject or the description is empty.
    #[allow(clippy::too_many_arguments)] // a case's fields, each its own
    pub fn receive(
        id: &str,
        channel: Channel,
        at: DateTime<Utc>,
        subject: &str,
        description: &str,
        unit: Option<UnitId>,
        sealed: Option<SealedIdentity>,
        by: &Actor,
    ) -> Result<WhistleCase, Text> {
        if subject.trim().is_empty() {
            return Err(Text::new(
                "emnet mangler; skriv hva varselet gjelder (--subject)",
                "the subject is missing; write what the report is about (--subject)",
            ));
        }
        if description.trim().is_empty() {
            return Err(Text::new(
                "beskrivelsen mangler; skriv hva som er varslet (--description)",
                "the description is missing; write what was reported (--description)",
            ));
        }
        Ok(WhistleCase {
            id: id.to_string(),
            channel,
            subject: subject.trim().to_string(),
            description: description.trim().to_string(),
            unit,
            handler: None,
            sealed,
            history: History::new(CaseState::Mottatt, at, by),
        })
    }

    /// When it was received.
    pub fn received(&self) -> DateTime<Utc> {
        self.history.first().at
    }

    /// Whether the reporter gave no identity.
    pub fn is_anonymous(&self) -> bool {
        self.sealed.is_none()
    }

    /// Whether its identity may be unsealed for `reason`: only a case
    /// with one, and only with a reason for the access log.
    ///
    /// # Errors
    /// The message when the case is anonymous or the reason is empty.
    pub fn may_unseal(&self, reason: &str) -> Result<(), Text> {
        if self.is_anonymous() {
            return Err(Text::new(
                format!(
                    "varslingssak {} er anonym; det er ingen identitet å åpne",
                    self.id
                ),
                format!(
                    "whistleblowing case {} is anonymous; there is no identity to unseal",
                    self.id
                ),
            ));
        }
        if reason.trim().is_empty() {
            return Err(Text::new(
                "oppgi hvorfor identiteten åpnes (--reason); det føres i tilgangsloggen",
                "give why the identity is unsealed (--reason); it goes into the access log",
            ));
        }
        Ok(())
    }
}

/// `[whistleblowing]` in the model, checked: the receiver's public key and
/// the routine's deadlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhistleConfig {
    /// The receiver's public key (age, `age1…`); identities cannot be
    /// taken in without it.
    pub recipient: Option<String>,
    /// Days to acknowledge receipt.
    pub acknowledge_days: u32,
    /// Months to give feedback.
    pub feedback_months: u32,
}

impl Default for WhistleConfig {
    fn default() -> Self {
        WhistleConfig {
            recipient: None,
            acknowledge_days: 7,
            feedback_months: 3,
        }
    }
}

/// Whether `text` has the shape of an age public key (`age1` and 58
/// characters of bech32); the sealing adapter reads it fully.
pub fn looks_like_recipient(text: &str) -> bool {
    const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    text.len() == 62
        && text.starts_with("age1")
        && text
            .get(4..)
            .is_some_and(|rest| rest.chars().all(|c| BECH32.contains(c)))
}

impl WhistleConfig {
    /// When receipt of `case` is to be acknowledged.
    pub fn acknowledge_by(&self, case: &WhistleCase) -> DateTime<Utc> {
        case.received() + Duration::days(i64::from(self.acknowledge_days))
    }

    /// When `case`'s reporter is to have feedback.
    pub fn feedback_by(&self, case: &WhistleCase) -> DateTime<Utc> {
        let r = case.received();
        r.checked_add_months(Months::new(self.feedback_months))
            .unwrap_or(r)
    }

    fn notice(
        entered: Option<DateTime<Utc>>,
        deadline: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Notice {
        match entered {
            Some(at) if at <= deadline => Notice::Met { at },
            Some(at) => Notice::Late { at, deadline },
            None if now > deadline => Notice::Overdue { deadline },
            None => Notice::Due { deadline },
        }
    }

    /// Where the acknowledgement of `case` stands at `now`.
    pub fn acknowledgement(&self, case: &WhistleCase, now: DateTime<Utc>) -> Notice {
        let first = case
            .history
            .steps()
            .iter()
            .find(|s| s.state == CaseState::Bekreftet)
            .map(|s| s.at);
        Self::notice(first, self.acknowledge_by(case), now)
    }

    /// Where the feedback to `case`'s reporter stands at `now` (given when
    /// the case is first closed).
    pub fn feedback(&self, case: &WhistleCase, now: DateTime<Utc>) -> Notice {
        let first = case
            .history
            .steps()
            .iter()
            .find(|s| s.state == CaseState::Avsluttet)
            .map(|s| s.at);
        Self::notice(first, self.feedback_by(case), now)
    }
}

impl Notice {
    /// Whether the deadline was met (`None` while it is still ahead).
    pub fn met(self) -> Option<bool> {
        match self {
            Notice::Met { .. } => Some(true),
            Notice::Late { .. } | Notice::Overdue { .. } => Some(false),
            Notice::Due { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn sealed_identities_print_only_their_size_and_travel_as_hex() {
        let s = SealedIdentity::from_ciphertext(vec![0, 15, 16, 255]);
        assert_eq!(format!("{s:?}"), "SealedIdentity(4 bytes)");
        assert_eq!(s.to_hex(), "000f10ff");
        assert_eq!(SealedIdentity::from_hex("000f10ff"), Some(s));
        for bad in ["0", "zz", "0g", "ø1"] {
            assert_eq!(SealedIdentity::from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn deadlines_from_the_model_and_how_they_went() {
        let by: Actor = "mottak".parse().unwrap();
        let c = WhistleConfig {
            recipient: None,
            acknowledge_days: 3,
            feedback_months: 1,
        };
        // 31 January plus one month is the last day of February.
        let mut case = WhistleCase::receive(
            "V",
            Channel::Other,
            at("2025-01-31T09:00:00Z"),
            "S",
            "D",
            None,
            None,
            &by,
        )
        .unwrap();
        assert_eq!(c.acknowledge_by(&case), at("2025-02-03T09:00:00Z"));
        assert_eq!(c.feedback_by(&case), at("2025-02-28T09:00:00Z"));
        assert_eq!(
            c.acknowledgement(&case, at("2025-02-01T00:00:00Z")),
            Notice::Due {
                deadline: at("2025-02-03T09:00:00Z")
            }
        );
        assert_eq!(
            c.acknowledgement(&case, at("2025-02-04T00:00:00Z")).met(),
            Some(false)
        );
        case.history
            .move_to(CaseState::Bekreftet, at("2025-02-05T09:00:00Z"), &by, None)
            .unwrap();
        assert_eq!(
            c.acknowledgement(&case, at("2025-03-01T00:00:00Z")),
            Notice::Late {
                at: at("2025-02-05T09:00:00Z"),
                deadline: at("2025-02-03T09:00:00Z")
            }
        );
        case.history
            .move_to(
                CaseState::UnderUndersokelse,
                at("2025-02-06T09:00:00Z"),
                &by,
                None,
            )
            .unwrap();
        case.history
            .move_to(CaseState::Avsluttet, at("2025-02-20T09:00:00Z"), &by, None)
            .unwrap();
        assert_eq!(
            c.feedback(&case, at("2025-06-01T00:00:00Z")).met(),
            Some(true)
        );
        assert_eq!(
            case.may_unseal("x").unwrap_err().en,
            "whistleblowing case V is anonymous; there is no identity to unseal"
        );
        let e = WhistleCase::receive(
            "V",
            Channel::Other,
            at("2025-01-31T09:00:00Z"),
            " ",
            "D",
            None,
            None,
            &by,
        )
        .unwrap_err();
        assert_eq!(
            e.nb,
            "emnet mangler; skriv hva varselet gjelder (--subject)"
        );
    }

    #[test]
    fn recipients_by_shape() {
        assert!(looks_like_recipient(
            "age12q6ln05ksp2eftsrtakfgpvahyckrzu03lw6pyvx3ae95km85ytsnahkt4"
        ));
        assert!(!looks_like_recipient("age1xyz"));
        assert!(!looks_like_recipient(
            "age12q6ln05ksp2eftsrtakfgpvahyckrzu03lw6pyvx3ae95km85ytsnahktb"
        ));
        assert!(!looks_like_recipient(
            "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
        ));
    }
}
