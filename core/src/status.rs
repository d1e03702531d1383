//! Traffic lights (trafikklys) and how several of them roll up.
//!
//! ```
//! use styring_core::status::{Status, StatusPolicy};
//! let s = [Status::Green, Status::Yellow, Status::Green];
//! assert_eq!(StatusPolicy::Worst.combine(&s), Status::Yellow);
//! assert_eq!(StatusPolicy::Majority.combine(&s), Status::Green);
//! ```

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

crate::keyword::keyword_enum! {
    /// The status of one value against its target.
    pub enum Status {
        /// Target met.
        Green = "green",
        /// Close to the target (within tolerance) or a warning band.
        Yellow = "yellow",
        /// Target missed.
        Red = "red",
        /// No value, or no target for a rule that needs one.
        NoData = "no_data",
        /// The rule itself failed (e.g. a custom script raised an error); never
        /// shown as a colour.
        Error = "error",
        /// A value with no target to judge it by: shown without a light
        /// (`"status": null` in JSON), never as a colour.
        Unjudged = "unjudged",
    }
}

impl Status {
    /// The word for the status (`grønn`, `gul`, `rød`, `mangler data`, `feil`).
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Status::Green => lang.pick("grønn", "green"),
            Status::Yellow => lang.pick("gul", "yellow"),
            Status::Red => lang.pick("rød", "red"),
            Status::NoData => lang.pick("mangler data", "no data"),
            Status::Error => lang.pick("feil", "error"),
            Status::Unjudged => lang.pick("ikke vurdert", "not judged"),
        }
    }

    /// A symbol that reads without colour: ● ▲ ■ ○ ✖.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Green => "●",
            Status::Yellow => "▲",
            Status::Red => "■",
            Status::NoData => "○",
            Status::Error => "✖",
            Status::Unjudged => "·",
        }
    }
}

/// A colour as 0xRRGGBB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u32);

impl Rgb {
    /// `#RRGGBB`, for CSS and SVG.
    pub fn hex(self) -> String {
        format!("#{:06X}", self.0 & 0xFF_FFFF)
    }
}

/// How a status looks, the same in the workbook, on the HTML page, in the
/// notebook and in the terminal: a symbol that reads without colour, a
/// light fill with dark text (readable in grey-scale print), and the
/// terminal's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// ● ▲ ■ ○ ✖.
    pub symbol: &'static str,
    /// The cell's background.
    pub fill: Rgb,
    /// The text on it.
    pub text: Rgb,
    /// The ANSI SGR colour code for terminals (`32` green …).
    pub ansi: &'static str,
}

impl Status {
    /// How this status looks.
    ///
    /// ```
    /// use styring_core::Status;
    /// let l = Status::Yellow.look();
    /// assert_eq!((l.symbol, l.fill.hex(), l.text.hex()), ("▲", "#FFEB9C".to_string(), "#7F4F00".to_string()));
    /// ```
    pub fn look(self) -> Look {
        let (fill, text, ansi) = match self {
            Status::Green => (0xC6EFCE, 0x006100, "32"),
            Status::Yellow => (0xFFEB9C, 0x7F4F00, "33"),
            Status::Red => (0xFFC7CE, 0x9C0006, "31"),
            Status::NoData => (0xEDEDED, 0x404040, "90"),
            Status::Error => (0xE4DFEC, 0x5B2C6F, "35"),
            Status::Unjudged => (0xFFFFFF, 0x595959, "0"),
        };
        Look {
            symbol: self.symbol(),
            fill: Rgb(fill),
            text: Rgb(text),
            ansi,
        }
    }
}

/// How many of each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Green count.
    pub green: usize,
    /// Yellow count.
    pub yellow: usize,
    /// Red count.
    pub red: usize,
    /// No-data count.
    pub no_data: usize,
    /// Error count.
    pub error: usize,
}

impl StatusCounts {
    /// Counts one status.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Green => self.green += 1,
            Status::Yellow => self.yellow += 1,
            Status::Red => self.red += 1,
            Status::NoData => self.no_data += 1,
            Status::Error => self.error += 1,
            // Not a light: not counted.
            Status::Unjudged => {}
        }
    }

    /// Adds another count.
    pub fn merge(&mut self, o: &StatusCounts) {
        self.green += o.green;
        self.yellow += o.yellow;
        self.red += o.red;
        self.no_data += o.no_data;
        self.error += o.error;
    }

    /// The count of one status.
    pub fn get(&self, s: Status) -> usize {
        match s {
            Status::Green => self.green,
            Status::Yellow => self.yellow,
            Status::Red => self.red,
            Status::NoData => self.no_data,
            Status::Error => self.error,
            Status::Unjudged => 0,
        }
    }

    /// The counts in words, one part per status in display order
    /// (`● 12 grønn`), errors only when there are any — the one wording the
    /// terminal, the workbook and the reports join with their own separator.
    ///
    /// ```
    /// use styring_core::status::{Status, StatusCounts};
    /// let mut c = StatusCounts::default();
    /// c.add(Status::Green);
    /// c.add(Status::Red);
    /// let parts: Vec<String> = c.parts(styring_core::Lang::Nb).into_iter().map(|p| p.1).collect();
    /// assert_eq!(parts, ["● 1 grønn", "▲ 0 gul", "■ 1 rød", "○ 0 mangler data"]);
    /// ```
    pub fn parts(&self, lang: Lang) -> Vec<(Status, String)> {
        Status::ALL
            .iter()
            .copied()
            .filter(|s| (*s != Status::Error || self.error > 0) && *s != Status::Unjudged)
            .map(|s| {
                (
                    s,
                    format!("{} {} {}", s.symbol(), self.get(s), s.word(lang)),
                )
            })
            .collect()
    }

    /// Total counted.
    pub fn total(&self) -> usize {
        self.green + self.yellow + self.red + self.no_data + self.error
    }
}

/// How a focus area, perspective or goal gets one status from many.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StatusPolicy {
    /// The worst known status (red beats yellow beats green); no data only
    /// when nothing is known.
    #[default]
    Worst,
    /// The most common known status; ties go to the worse one.
    Majority,
    /// Green when at least this share of the known statuses is green,
    /// yellow when at least half that share is, else red.
    ShareGreen(f64),
}

impl StatusPolicy {
    /// Combines statuses by the policy.
    pub fn combine(self, statuses: &[Status]) -> Status {
        let mut c = StatusCounts::default();
        for s in statuses {
            c.add(*s);
        }
        self.combine_counts(&c)
    }

    /// Combines counted statuses by the policy.
    pub fn combine_counts(self, c: &StatusCounts) -> Status {
        if c.error > 0 {
            return Status::Error;
        }
        let known = c.green + c.yellow + c.red;
        if known == 0 {
            return Status::NoData;
        }
        match self {
            StatusPolicy::Worst => [Status::Red, Status::Yellow, Status::Green]
                .into_iter()
                .find(|s| c.get(*s) > 0)
                .unwrap_or(Status::NoData),
            StatusPolicy::Majority => {
                let mut best = Status::Green;
                for s in [Status::Yellow, Status::Red] {
                    if c.get(s) >= c.get(best) {
                        best = s;
                    }
                }
                best
            }
            StatusPolicy::ShareGreen(share) => {
                let g = c.green as f64 / known as f64;
                if g + 1e-12 >= share {
                    Status::Green
                } else if g + 1e-12 >= share / 2.0 {
                    Status::Yellow
                } else {
                    Status::Red
                }
            }
        }
    }

    /// Name of the policy in the language, for reports.
    pub fn describe(self, lang: Lang) -> String {
        match self {
            StatusPolicy::Worst => lang.pick("dårligste status", "worst status").to_string(),
            StatusPolicy::Majority => lang
                .pick("flertallets status", "majority status")
                .to_string(),
            StatusPolicy::ShareGreen(s) => match lang {
                Lang::Nb => format!("grønn når minst {} % er grønne", (s * 100.0).round()),
                Lang::En => format!("green when at least {}% are green", (s * 100.0).round()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn worst_ignores_missing_data_unless_nothing_is_known() {
        assert_eq!(StatusPolicy::Worst.combine(&[Green, NoData]), Green);
        assert_eq!(StatusPolicy::Worst.combine(&[NoData, NoData]), NoData);
        assert_eq!(StatusPolicy::Worst.combine(&[Green, Red, Yellow]), Red);
        assert_eq!(StatusPolicy::Worst.combine(&[]), NoData);
        assert_eq!(StatusPolicy::Worst.combine(&[Green, Error]), Error);
    }

    #[test]
    fn majority_ties_go_to_the_worse() {
        assert_eq!(StatusPolicy::Majority.combine(&[Green, Red]), Red);
        assert_eq!(StatusPolicy::Majority.combine(&[Green, Green, Red]), Green);
        assert_eq!(
            StatusPolicy::Majority.combine(&[Yellow, Yellow, Green, Red]),
            Yellow
        );
    }

    #[test]
    fn share_green() {
        let p = StatusPolicy::ShareGreen(0.75);
        assert_eq!(p.combine(&[Green, Green, Green, Red]), Green);
        assert_eq!(p.combine(&[Green, Green, Red, Red]), Yellow);
        assert_eq!(p.combine(&[Green, Red, Red, Red]), Red);
    }
}
