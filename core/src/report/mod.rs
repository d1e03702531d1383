//! Reports as data: what every output renders.
//!
//! A [`Report`] has a title, the scope and period it is about, and ordered
//! [`Section`]s, each a [`Table`] of typed [`Cell`]s or a paragraph. The
//! scorecards and the overview are Reports ([`scorecard_report`],
//! [`overview_report`]); the tertial and annual reports will be too. The
//! renderers — the workbook, the HTML page, the terminal, Python's frames —
//! render any Report, and take every text from [`Cell::text`] and every
//! colour from [`crate::Status::look`], so the figures and words agree in
//! every format.
//!
//! ```
//! use styring_core::{complete::Complete, example, report, scorecard::{Options, Scorecard}, unit::Scope, Lang, Model};
//! let model = Model::example();
//! let data = Complete::new(&model, example::sample_dataset(&model), None);
//! let card = Scorecard::build(&model, &data, &Scope::unit("aurvoll").unwrap(), "2025-T2".parse().unwrap(), &Options::default()).unwrap();
//! let r = report::scorecard_report(&model, &card, Lang::Nb);
//! assert_eq!(r.title, "Styringskort — Aurvoll skole");
//! assert_eq!(r.sections[0].title, "Sammendrag");
//! let table = r.sections[1].table().unwrap();
//! assert_eq!(table.columns[0].title, "Kode");
//! ```

mod cards;

pub use cards::{overview_report, scorecard_report};

use crate::indicator::Measure;
use crate::lang::{format_number, Lang};
use crate::period::Period;
use crate::status::Status;
use crate::trend::Trend;
use serde::{Deserialize, Serialize};

/// A report: title, what it is about, and its sections in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The title (`Styringskort — Aurvoll skole`).
    pub title: String,
    /// The scope's name (a unit, a sector, the municipality).
    pub scope: String,
    /// The period it is for.
    pub period: Period,
    /// The period in words (`2. tertial 2025`).
    pub period_label: String,
    /// A line under the title (the unit's leader and FTEs, how a roll-up
    /// is computed), if any.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The municipality (for page headers).
    pub municipality: String,
    /// The language its texts are in.
    pub lang: Lang,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One section: a heading and a table or a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// A status for the whole section (a perspective's roll-up), if any.
    pub status: Option<Status>,
    /// What it holds.
    pub body: Body,
}

impl Section {
    /// The table, if the section holds one.
    pub fn table(&self) -> Option<&Table> {
        match &self.body {
            Body::Table(t) => Some(t),
            Body::Paragraph(_) => None,
        }
    }
}

/// A section's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "content")]
pub enum Body {
    /// A table of typed cells.
    Table(Table),
    /// Running text.
    Paragraph(String),
}

/// A table: columns and rows of cells, one per column.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<TableRow>,
}

/// A column: a stable key (for frames and CSS) and its heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// A stable key, the same in every language (`value`, `status` …).
    pub key: String,
    /// The heading in the report's language.
    pub title: String,
}

impl Column {
    /// A column `key` titled `title`.
    pub fn new(key: &str, title: &str) -> Column {
        Column {
            key: key.to_string(),
            title: title.to_string(),
        }
    }
}

/// A row: a data row, or a group heading that spans the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// A group heading (a focus area) rather than data: its one text is
    /// in `cells[0]`.
    pub group: bool,
    /// One cell per column (one for a group heading).
    pub cells: Vec<Cell>,
    /// A note under the row (a unit's comment, roll-up coverage), if any.
    pub note: Option<String>,
}

impl TableRow {
    /// A data row.
    pub fn data(cells: Vec<Cell>) -> TableRow {
        TableRow {
            group: false,
            cells,
            note: None,
        }
    }

    /// A group heading.
    pub fn group(text: impl Into<String>) -> TableRow {
        TableRow {
            group: true,
            cells: vec![Cell::Text(text.into())],
            note: None,
        }
    }
}

/// A typed cell: renderers ask it for its text and style; they never
/// format numbers or pick colours themselves.
///
/// In JSON a cell is `{"kind": "text", "value": "…"}` (adjacently
/// tagged, so that every kind can be written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Plain text.
    Text(String),
    /// A code (`M.1.5`), shown in a fixed font.
    Code(String),
    /// A value in an indicator's measure (number, percent, kroner, count);
    /// `None` is a missing value. `period` is set when the value is for an
    /// earlier period than the report's.
    Value {
        /// The value.
        value: Option<f64>,
        /// How it is shown.
        measure: Measure,
        /// The period the value is for, when not the report's.
        period: Option<Period>,
    },
    /// Kroner.
    Money(f64),
    /// A fraction shown as percent (0.053 → `5,3 %`) with one decimal.
    Percent(f64),
    /// A traffic light with its reason.
    Status {
        /// The light.
        status: Status,
        /// Why, in the report's language.
        reason: Option<String>,
    },
    /// A trend: arrow and word.
    Trend(Trend),
    /// The last values, oldest first.
    History {
        /// (period, value).
        points: Vec<(Period, Option<f64>)>,
        /// How values are shown.
        measure: Measure,
    },
    /// A unit's comment.
    Comment(String),
}

impl Cell {
    /// The cell as text in `lang`: what the terminal prints, the page shows
    /// and a frame holds as its label.
    ///
    /// ```
    /// use styring_core::report::Cell;
    /// use styring_core::{Lang, Status};
    /// assert_eq!(Cell::Percent(0.053).text(Lang::Nb), "5,3 %");
    /// assert_eq!(Cell::Money(-1234567.0).text(Lang::Nb), "−1 234 567 kr");
    /// assert_eq!(Cell::Status { status: Status::Red, reason: None }.text(Lang::Nb), "■ rød");
    /// ```
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Code(t) | Cell::Comment(t) => t.clone(),
            Cell::Value {
                value,
                measure,
                period,
            } => match (value, period) {
                (None, _) => "–".to_string(),
                (Some(v), None) => measure.format(*v, lang),
                (Some(v), Some(p)) => format!("{} ({p})", measure.format(*v, lang)),
            },
            Cell::Money(v) => money(*v, lang),
            Cell::Percent(v) => format!("{} %", format_number(v * 100.0, 1, lang)),
            // A value with no light shows none.
            Cell::Status {
                status: Status::Unjudged,
                ..
            } => String::new(),
            Cell::Status { status, .. } => format!("{} {}", status.symbol(), status.word(lang)),
            Cell::Trend(t) => format!("{} {}", t.arrow(), t.word(lang)),
            Cell::History { points, measure } => points
                .iter()
                .map(|(_, v)| {
                    v.map(|v| measure.format(v, lang))
                        .unwrap_or_else(|| "–".into())
                })
                .collect::<Vec<_>>()
                .join(" · "),
        }
    }

    /// The number in the cell, if it holds one (for frames and charts).
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Value { value, .. } => *value,
            Cell::Money(v) | Cell::Percent(v) => Some(*v),
            _ => None,
        }
    }

    /// The status in the cell, if it holds one.
    pub fn status(&self) -> Option<Status> {
        match self {
            Cell::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Kroner with a minus sign and thousands grouping: `−1 234 567 kr`.
fn money(v: f64, lang: Lang) -> String {
    let t = format_number(v.abs(), 0, lang);
    let sign = if v < 0.0 && t != "0" { "−" } else { "" };
    format!("{sign}{t} kr")
}

impl Report {
    /// Every table's rows as text, one line per row with cells separated by
    /// tabs (for tests and plain-text output).
    pub fn plain_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.period_label);
        if let Some(sub) = &self.subtitle {
            out.push_str(sub);
            out.push('\n');
        }
        for s in &self.sections {
            out.push_str(&format!("\n{}\n", s.title));
            match &s.body {
                Body::Paragraph(p) => {
                    out.push_str(p);
                    out.push('\n');
                }
                Body::Table(t) => {
                    let head: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
                    out.push_str(&head.join("\t"));
                    out.push('\n');
                    for r in &t.rows {
                        let cells: Vec<String> =
                            r.cells.iter().map(|c| c.text(self.lang)).collect();
                        out.push_str(&cells.join("\t"));
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}
