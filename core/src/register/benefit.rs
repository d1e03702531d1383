//! Benefit realisation (gevinstrealisering): each project's benefits, each
//! measured against its baseline (nullpunktsmåling) towards its expected
//! value by its due period, with a status and a reason like every traffic
//! light, and a roll-up per project.
//!
//! A benefit's progress is how far the last realised value has come from
//! the baseline towards the expected value (a saving may go down: the
//! direction is the expected value's). It is on track while that share is
//! at least the share of the time from the baseline to the end of the due
//! period that has passed; realised once it reaches the expected value.
//!
//! ```
//! use styring_core::register::{Baseline, Benefit, BenefitKind, BenefitStatus};
//! let b = Benefit {
//!     name: "Færre kjørte kilometer i hjemmetjenesten".into(),
//!     kind: BenefitKind::Quality,
//!     measure_unit: Some("km per uke".into()),
//!     baseline: Baseline { value: 1000.0, date: "2025-01-01".parse().unwrap(), source: "Kjørebok".into() },
//!     expected: 600.0,
//!     due: "2025".parse().unwrap(),
//!     realised: vec![("2025-T2".parse().unwrap(), 700.0)],
//! };
//! // 300 of the 400 km (75 %) after the second tertial, when two thirds
//! // of the time has passed: on track.
//! let (status, why) = b.status("2025-09-01".parse().unwrap());
//! assert_eq!(status, BenefitStatus::OnTrack);
//! assert_eq!(why.nb, "75 % av gevinsten er realisert (700 i 2025-T2 mot nullpunkt 1 000 og forventet 600 km per uke); 67 % av tiden er gått");
//! ```

use crate::lang::{format_number, Lang};
use crate::period::Period;
use crate::text::Text;
use chrono::NaiveDate;

crate::keyword::keyword_enum! {
    /// What a benefit is measured in.
    pub enum BenefitKind {
        /// Kroner (effektivisering: avoided costs, saved time valued in
        /// kroner).
        Economic = "economic" | "økonomisk" | "okonomisk" | "effektivisering",
        /// A physical unit, with a description.
        Quality = "quality" | "kvalitet" | "kvalitativ",
    }
}

crate::keyword::keyword_enum! {
    /// Where a benefit stands.
    pub enum BenefitStatus {
        /// The expected value is reached.
        Realised = "realised" | "realisert",
        /// Moving as fast as its time.
        OnTrack = "on_track" | "i_rute" | "i rute",
        /// Slower than its time, or past its due period unreached.
        Behind = "behind" | "bak_plan" | "bak plan",
        /// No value measured since the baseline.
        NotMeasured = "not_measured" | "ikke_målt" | "ikke målt",
    }
}

impl BenefitStatus {
    /// The traffic light it is shown with.
    pub fn light(self) -> crate::status::Status {
        use crate::status::Status;
        match self {
            BenefitStatus::Realised | BenefitStatus::OnTrack => Status::Green,
            BenefitStatus::Behind => Status::Red,
            BenefitStatus::NotMeasured => Status::NoData,
        }
    }
}

/// The baseline measurement (nullpunktsmåling).
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// The value measured.
    pub value: f64,
    /// When.
    pub date: NaiveDate,
    /// Where it comes from.
    pub source: String,
}

/// One benefit of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Benefit {
    /// What it is.
    pub name: String,
    /// Kroner or a physical unit.
    pub kind: BenefitKind,
    /// The physical unit of a quality benefit (`km per uke`).
    pub measure_unit: Option<String>,
    /// The baseline.
    pub baseline: Baseline,
    /// The value expected by the due period.
    pub expected: f64,
    /// The period it is due by.
    pub due: Period,
    /// The realised values, by period (from an indicator's observations
    /// or recorded directly).
    pub realised: Vec<(Period, f64)>,
}

/// A share as whole per cent, rounded as the house rounds (half away
/// from zero).
fn pct(v: f64) -> String {
    format!("{} %", format_number(v * 100.0, 0, Lang::Nb))
}

impl Benefit {
    /// Why the benefit cannot be followed up, if it cannot: an expected
    /// value equal to the baseline, or numbers that are not finite.
    pub fn problem(&self) -> Option<Text> {
        if !self.baseline.value.is_finite() || !self.expected.is_finite() {
            return Some(Text::new(
                "nullpunkt og forventet verdi må være tall",
                "the baseline and the expected value must be numbers",
            ));
        }
        (self.expected == self.baseline.value).then(|| {
            Text::new(
                "forventet verdi er lik nullpunktet; en gevinst må endre noe",
                "the expected value equals the baseline; a benefit must change something",
            )
        })
    }

    /// The share of the way from the baseline to the expected value the
    /// last realised value has come (may be below 0 or above 1), with it.
    pub fn progress(&self) -> Option<(f64, Period, f64)> {
        let (p, v) = self
            .realised
            .iter()
            .filter(|(_, v)| v.is_finite())
            .max_by_key(|(p, _)| (p.end(), p.to_key()))?;
        let span = self.expected - self.baseline.value;
        (span != 0.0).then(|| ((v - self.baseline.value) / span, *p, *v))
    }

    /// The share of the time from the baseline to the end of the due
    /// period that has passed at `today` (0–1).
    pub fn time_passed(&self, today: NaiveDate) -> f64 {
        let total = (self.due.end() - self.baseline.date).num_days() as f64;
        if total <= 0.0 {
            return 1.0;
        }
        ((today - self.baseline.date).num_days() as f64 / total).clamp(0.0, 1.0)
    }

    /// A value as its kind writes it: kroner, or the number and its unit.
    fn number(&self, v: f64, lang: Lang) -> String {
        match (self.kind, &self.measure_unit) {
            (BenefitKind::Economic, _) => crate::report::Cell::Money(v).text(lang),
            (BenefitKind::Quality, Some(u)) => format!("{} {u}", format_number(v, 0, lang)),
            (BenefitKind::Quality, None) => format_number(v, 0, lang),
        }
    }

    /// The status at `today`, with its reason.
    pub fn status(&self, today: NaiveDate) -> (BenefitStatus, Text) {
        if let Some(p) = self.problem() {
            return (BenefitStatus::NotMeasured, p);
        }
        let Some((share, period, value)) = self.progress() else {
            return (
                BenefitStatus::NotMeasured,
                Text::new(
                    format!("ingen måling etter nullpunktet ({})", self.baseline.date),
                    format!(
                        "nothing measured since the baseline ({})",
                        self.baseline.date
                    ),
                ),
            );
        };
        let time = self.time_passed(today);
        let n = |v: f64, lang: Lang| format_number(v, 0, lang);
        let what = Text::new(
            format!(
                "{} av gevinsten er realisert ({} i {period} mot nullpunkt {} og forventet {})",
                pct(share),
                n(value, Lang::Nb),
                n(self.baseline.value, Lang::Nb),
                self.number(self.expected, Lang::Nb)
            ),
            format!(
                "{} of the benefit is realised ({} in {period} against baseline {} and expected {})",
                pct(share),
                n(value, Lang::En),
                n(self.baseline.value, Lang::En),
                self.number(self.expected, Lang::En)
            ),
        );
        let status = if share >= 1.0 {
            BenefitStatus::Realised
        } else if share + 1e-9 >= time && today <= self.due.end() {
            BenefitStatus::OnTrack
        } else {
            BenefitStatus::Behind
        };
        let tail = match status {
            BenefitStatus::Realised => Text::new("", ""),
            _ if today > self.due.end() => Text::new(
                format!("; fristen ({}) er passert", self.due),
                format!("; it was due by {}", self.due),
            ),
            _ => Text::new(
                format!("; {} av tiden er gått", pct(time)),
                format!("; {} of the time has passed", pct(time)),
            ),
        };
        (status, Text::new(what.nb + &tail.nb, what.en + &tail.en))
    }
}

/// A project's status from its benefits': behind if any is, else not
/// measured if any is not, else on track if any is, else realised; `None`
/// for a project with no benefits.
pub fn project_status(statuses: impl IntoIterator<Item = BenefitStatus>) -> Option<BenefitStatus> {
    let rank = |s: BenefitStatus| match s {
        BenefitStatus::Realised => 0,
        BenefitStatus::OnTrack => 1,
        BenefitStatus::NotMeasured => 2,
        BenefitStatus::Behind => 3,
    };
    statuses.into_iter().max_by_key(|s| rank(*s))
}
