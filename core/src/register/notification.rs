//! Notifications the law requires of some deviations, with their deadlines:
//! a personal-data breach to Datatilsynet within 72 hours of its discovery
//! (GDPR article 33), and a serious adverse event in health and care
//! services to Statens helsetilsyn at once (helse- og omsorgstjenesteloven
//! § 12-3 a), which we count as within 24 hours.
//!
//! ```
//! use styring_core::register::{NotificationDuty, Notice};
//! let at = |s: &str| s.parse().unwrap();
//! let gdpr = NotificationDuty::PersonalDataBreach;
//! let found = at("2025-03-03T10:00:00Z");
//! assert_eq!(gdpr.deadline(found).to_rfc3339(), "2025-03-06T10:00:00+00:00");
//! assert_eq!(gdpr.notice(found, Some(at("2025-03-05T09:00:00Z")), at("2025-03-10T00:00:00Z")),
//!     Notice::Met { at: at("2025-03-05T09:00:00Z") });
//! assert_eq!(gdpr.notice(found, None, at("2025-03-07T00:00:00Z")),
//!     Notice::Overdue { deadline: at("2025-03-06T10:00:00Z") });
//! ```

use crate::lang::Lang;
use chrono::{DateTime, Duration, Utc};

crate::keyword::keyword_enum! {
    /// A notification to an authority that the law requires.
    pub enum NotificationDuty {
        /// A personal-data breach: Datatilsynet within 72 hours (GDPR
        /// art. 33).
        PersonalDataBreach = "personal_data_breach" | "personvernbrudd" | "gdpr" | "datatilsynet" | "personal data breach",
        /// A serious adverse event in health and care services: Statens
        /// helsetilsyn at once (helse- og omsorgstjenesteloven § 12-3 a).
        SeriousAdverseEvent = "serious_adverse_event" | "alvorlig_hendelse" | "alvorlig hendelse" | "helsetilsynet" | "serious adverse event",
    }
}

/// Where a required notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Notified by the deadline.
    Met {
        /// When.
        at: DateTime<Utc>,
    },
    /// Notified after the deadline.
    Late {
        /// When.
        at: DateTime<Utc>,
        /// The deadline it missed.
        deadline: DateTime<Utc>,
    },
    /// Not notified yet; the deadline is still ahead.
    Due {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
    /// Not notified, and the deadline has passed.
    Overdue {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
}

impl NotificationDuty {
    /// How long after discovery the notification is due.
    pub fn within(self) -> Duration {
        match self {
            NotificationDuty::PersonalDataBreach => Duration::hours(72),
            NotificationDuty::SeriousAdverseEvent => Duration::hours(24),
        }
    }

    /// The deadline for a deviation discovered at `discovered`.
    pub fn deadline(self, discovered: DateTime<Utc>) -> DateTime<Utc> {
        discovered + self.within()
    }

    /// Its name in a register (one the importer reads back).
    ///
    /// ```
    /// use styring_core::register::NotificationDuty;
    /// use styring_core::{keyword::Keyword, Lang};
    /// for d in NotificationDuty::ALL {
    ///     for lang in [Lang::Nb, Lang::En] {
    ///         assert_eq!(d.label(lang).parse::<NotificationDuty>().unwrap(), *d);
    ///     }
    /// }
    /// ```
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NotificationDuty::PersonalDataBreach, Lang::Nb) => "personvernbrudd",
            (NotificationDuty::PersonalDataBreach, Lang::En) => "personal data breach",
            (NotificationDuty::SeriousAdverseEvent, Lang::Nb) => "alvorlig hendelse",
            (NotificationDuty::SeriousAdverseEvent, Lang::En) => "serious adverse event",
        }
    }

    /// Whom to notify, and the law that says so.
    pub fn authority(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NotificationDuty::PersonalDataBreach, Lang::Nb) => {
                "Datatilsynet innen 72 timer (personvernforordningen art. 33)"
            }
            (NotificationDuty::PersonalDataBreach, Lang::En) => {
                "Datatilsynet within 72 hours (GDPR art. 33)"
            }
            (NotificationDuty::SeriousAdverseEvent, Lang::Nb) => {
                "Statens helsetilsyn straks, regnet som innen 24 timer (helse- og omsorgstjenesteloven § 12-3 a)"
            }
            (NotificationDuty::SeriousAdverseEvent, Lang::En) => {
                "Statens helsetilsyn at once, counted as within 24 hours (helse- og omsorgstjenesteloven § 12-3 a)"
            }
        }
    }

    /// Where the notification of a deviation discovered at `discovered`
    /// stands at `now`, given when it was notified.
    pub fn notice(
        self,
        discovered: DateTime<Utc>,
        notified: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Notice {
        let deadline = self.deadline(discovered);
        match notified {
            Some(at) if at <= deadline => Notice::Met { at },
            Some(at) => Notice::Late { at, deadline },
            None if now > deadline => Notice::Overdue { deadline },
            None => Notice::Due { deadline },
        }
    }
}
