//! Risk: consequence and likelihood, each 1–5, their product the risk
//! score, and the municipality's risk matrix that gives the score its
//! level (and colour) and its handling deadline.
//!
//! ```
//! use styring_core::register::{Risk, RiskLevel, RiskMatrix};
//! let m = RiskMatrix::default();
//! assert_eq!(m.level(Risk::new(2, 2).unwrap()), RiskLevel::Lav);
//! assert_eq!(m.level(Risk::new(3, 3).unwrap()), RiskLevel::Middels);
//! assert_eq!(m.level(Risk::new(5, 2).unwrap()), RiskLevel::Hoy);
//! let e = Risk::new(0, 7).unwrap_err();
//! assert_eq!(e.nb, "konsekvens 0 er utenfor skalaen 1–5");
//! ```

use crate::status::Status;
use crate::text::Text;
use chrono::{DateTime, Duration, Utc};

/// Consequence and likelihood, each on the scale 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Risk {
    consequence: u8,
    likelihood: u8,
}

crate::keyword::keyword_enum! {
    /// A risk's level in the matrix.
    pub enum RiskLevel {
        /// Low: green.
        Lav = "lav" | "low",
        /// Medium: yellow.
        Middels = "middels" | "medium",
        /// High: red.
        Hoy = "høy" | "hoy" | "high",
    }
}

impl RiskLevel {
    /// The level as users read it.
    pub fn word(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (RiskLevel::Lav, crate::Lang::Nb) => "lav",
            (RiskLevel::Lav, crate::Lang::En) => "low",
            (RiskLevel::Middels, crate::Lang::Nb) => "middels",
            (RiskLevel::Middels, crate::Lang::En) => "medium",
            (RiskLevel::Hoy, crate::Lang::Nb) => "høy",
            (RiskLevel::Hoy, crate::Lang::En) => "high",
        }
    }

    /// The traffic light the level is shown with (the house's one look for
    /// each colour).
    pub fn status(self) -> Status {
        match self {
            RiskLevel::Lav => Status::Green,
            RiskLevel::Middels => Status::Yellow,
            RiskLevel::Hoy => Status::Red,
        }
    }
}

fn on_scale(v: i64, what: (&str, &str)) -> Result<u8, Text> {
    match u8::try_from(v) {
        Ok(s @ 1..=5) => Ok(s),
        _ => Err(Text::new(
            format!("{} {v} er utenfor skalaen 1–5", what.0),
            format!("{} {v} is outside the scale 1–5", what.1),
        )),
    }
}

impl Risk {
    /// The risk of a consequence and a likelihood.
    ///
    /// # Errors
    /// A message naming the first that is outside 1–5.
    pub fn new(consequence: i64, likelihood: i64) -> Result<Risk, Text> {
        Ok(Risk {
            consequence: on_scale(consequence, ("konsekvens", "consequence"))?,
            likelihood: on_scale(likelihood, ("sannsynlighet", "likelihood"))?,
        })
    }

    /// The consequence, 1–5.
    pub fn consequence(self) -> u8 {
        self.consequence
    }

    /// The likelihood, 1–5.
    pub fn likelihood(self) -> u8 {
        self.likelihood
    }

    /// Consequence times likelihood, 1–25.
    pub fn score(self) -> u8 {
        self.consequence * self.likelihood
    }
}

/// Which scores are medium and high, and how many days each level gives
/// to close a deviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskMatrix {
    medium_from: u8,
    high_from: u8,
    days: [u32; 3],
}

impl Default for RiskMatrix {
    /// Scores 1–4 low, 5–9 medium, 10–25 high; closed within 90, 30 and 7
    /// days.
    fn default() -> Self {
        RiskMatrix {
            medium_from: 5,
            high_from: 10,
            days: [90, 30, 7],
        }
    }
}

impl RiskMatrix {
    /// A matrix where scores from `medium_from` are medium and from
    /// `high_from` high, and each level (low, medium, high) gives its days.
    ///
    /// # Errors
    /// A message when the thresholds are not 2 ≤ medium ≤ high ≤ 25, a
    /// level has no days, or a higher level gives more days than a lower.
    pub fn new(medium_from: i64, high_from: i64, days: [i64; 3]) -> Result<RiskMatrix, Text> {
        let ok = |v: i64| (2..=25).contains(&v);
        if !ok(medium_from) || !ok(high_from) || medium_from > high_from {
            return Err(Text::new(
                format!("grensene {medium_from} (middels) og {high_from} (høy) må være 2–25, og middels ikke over høy"),
                format!("the thresholds {medium_from} (medium) and {high_from} (high) must be 2–25, medium not above high"),
            ));
        }
        let mut d = [0u32; 3];
        for (slot, v) in d.iter_mut().zip(days) {
            *slot = match u32::try_from(v) {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(Text::new(
                        format!("fristen {v} dager må være minst 1 dag"),
                        format!("the deadline {v} days must be at least 1 day"),
                    ))
                }
            };
        }
        if d[0] < d[1] || d[1] < d[2] {
            return Err(Text::new(
                "høyere risiko kan ikke gi lengre frist enn lavere (dager for lav, middels og høy må synke)",
                "a higher risk cannot give a longer deadline than a lower one (the days for low, medium and high must fall)",
            ));
        }
        Ok(RiskMatrix {
            medium_from: medium_from as u8,
            high_from: high_from as u8,
            days: d,
        })
    }

    /// Where medium and high start, and the days of low, medium and high.
    pub fn parts(&self) -> (u8, u8, [u32; 3]) {
        (self.medium_from, self.high_from, self.days)
    }

    /// The level of `risk`.
    pub fn level(&self, risk: Risk) -> RiskLevel {
        let s = risk.score();
        if s >= self.high_from {
            RiskLevel::Hoy
        } else if s >= self.medium_from {
            RiskLevel::Middels
        } else {
            RiskLevel::Lav
        }
    }

    /// The days a deviation of `risk` has to be closed in.
    pub fn days(&self, risk: Risk) -> u32 {
        match self.level(risk) {
            RiskLevel::Lav => self.days[0],
            RiskLevel::Middels => self.days[1],
            RiskLevel::Hoy => self.days[2],
        }
    }

    /// The deadline of a deviation of `risk` registered at `at`.
    pub fn deadline(&self, risk: Risk, at: DateTime<Utc>) -> DateTime<Utc> {
        at + Duration::days(i64::from(self.days(risk)))
    }
}
