//! Any Report for the terminal: the title, its sections with their
//! lights, paragraphs as they are, tables with columns as wide as their
//! widest cell (by Unicode width), numbers right-aligned, lights painted
//! when the terminal has colour. Texts come from [`Cell::text`]; nothing
//! is formatted here.

use crate::table::{bold, pad, paint, rpad};
use styring::report::{Body, Cell, Report, Table};
use unicode_width::UnicodeWidthStr;

/// The widest a text column gets before it is cut with `…`.
const MAX_TEXT: usize = 48;

fn is_number(c: &Cell) -> bool {
    matches!(c, Cell::Value { .. } | Cell::Money(_) | Cell::Percent(_))
}

/// The report as text.
pub fn report(r: &Report, colour: bool) -> String {
    let lang = r.lang;
    let mut out = format!("{}\n{}\n", bold(&r.title, colour), r.period_label);
    if let Some(s) = &r.subtitle {
        out.push_str(s);
        out.push('\n');
    }
    for s in &r.sections {
        out.push('\n');
        let light = s
            .status
            .map(|st| {
                format!(
                    "  {}",
                    paint(&format!("{} {}", st.symbol(), st.word(lang)), st, colour)
                )
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{light}\n",
            bold(&s.title.to_uppercase(), colour)
        ));
        match &s.body {
            Body::Paragraph(p) => {
                for line in p.lines() {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            Body::Table(t) => table(&mut out, t, r, colour),
        }
    }
    out
}

fn table(out: &mut String, t: &Table, r: &Report, colour: bool) {
    let lang = r.lang;
    let mut texts: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|row| row.cells.iter().map(|c| c.text(lang)).collect())
        .collect();
    // Columns that are empty in every row are left out.
    let shown: Vec<usize> = (0..t.columns.len())
        .filter(|&i| {
            t.rows
                .iter()
                .zip(&texts)
                .any(|(row, cells)| !row.group && cells.get(i).is_some_and(|x| !x.is_empty()))
        })
        .collect();
    // The last column has room: it is not cut, and a light there shows
    // its reason.
    if let Some(&last) = shown.last() {
        for (row, cells) in t.rows.iter().zip(texts.iter_mut()) {
            if let (
                Some(Cell::Status {
                    reason: Some(why), ..
                }),
                Some(text),
            ) = (row.cells.get(last), cells.get_mut(last))
            {
                if !why.is_empty() && !row.group {
                    text.push_str(" — ");
                    text.push_str(why);
                }
            }
        }
    }
    let width = |i: usize, last: bool| -> usize {
        let head = t.columns[i].title.width();
        let body = t
            .rows
            .iter()
            .zip(&texts)
            .filter(|(row, _)| !row.group)
            .filter_map(|(_, cells)| cells.get(i).map(|x| x.width()))
            .max()
            .unwrap_or(0);
        if last {
            head.max(body)
        } else {
            head.max(body).min(MAX_TEXT)
        }
    };
    let widths: Vec<usize> = shown
        .iter()
        .map(|&i| width(i, Some(&i) == shown.last()))
        .collect();
    let numeric: Vec<bool> = shown
        .iter()
        .map(|&i| {
            t.rows
                .iter()
                .any(|row| !row.group && row.cells.get(i).is_some_and(is_number))
        })
        .collect();
    let mut head = String::from("  ");
    for (k, &i) in shown.iter().enumerate() {
        let title = &t.columns[i].title;
        head.push_str(&if numeric[k] {
            rpad(title, widths[k])
        } else {
            pad(title, widths[k])
        });
        head.push_str("  ");
    }
    out.push_str(head.trim_end());
    out.push('\n');
    for (row, cells) in t.rows.iter().zip(&texts) {
        if row.group {
            out.push_str(&format!(
                "  {}\n",
                bold(cells.first().map(String::as_str).unwrap_or(""), colour)
            ));
            continue;
        }
        let mut line = String::from("  ");
        for (k, &i) in shown.iter().enumerate() {
            let text = cells.get(i).map(String::as_str).unwrap_or("");
            let fitted = if numeric[k] {
                rpad(text, widths[k])
            } else {
                pad(text, widths[k])
            };
            let painted = match row.cells.get(i).and_then(Cell::status) {
                Some(st) => paint(&fitted, st, colour),
                None => fitted,
            };
            line.push_str(&painted);
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if let Some(n) = &row.note {
            out.push_str(&format!("      {n}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use styring::report::{Column, Section, TableRow};
    use styring::{Lang, Status};

    #[test]
    fn columns_fit_their_widest_cell_and_numbers_stand_right() {
        let r = Report {
            title: "Økonomi — Testby".into(),
            scope: "Testby".into(),
            period: "2025-T1".parse().unwrap(),
            period_label: "1. tertial 2025".into(),
            subtitle: None,
            municipality: "Testby".into(),
            lang: Lang::Nb,
            sections: vec![Section {
                title: "Avvik".into(),
                status: Some(Status::Red),
                body: Body::Table(Table {
                    columns: vec![
                        Column::new("name", "Enhet"),
                        Column::new("deviation", "Avvik"),
                        Column::new("status", "Status"),
                        Column::new("comment", "Kommentar"),
                    ],
                    rows: vec![
                        TableRow::group("Oppvekst"),
                        TableRow::data(vec![
                            Cell::Text("Åsen skole".into()),
                            Cell::Money(1_250_000.0),
                            Cell::Status {
                                status: Status::Red,
                                reason: None,
                            },
                            Cell::Empty,
                        ]),
                        TableRow::data(vec![
                            Cell::Text("Bø".into()),
                            Cell::Money(-5.0),
                            Cell::Status {
                                status: Status::Green,
                                reason: None,
                            },
                            Cell::Empty,
                        ]),
                    ],
                }),
            }],
        };
        let text = report(&r, false);
        // The empty comment column is left out; «Åsen skole» is ten
        // columns wide, so «Bø» is padded to ten.
        assert_eq!(
            text,
            "Økonomi — Testby\n1. tertial 2025\n\nAVVIK  ■ rød\n  Enhet              Avvik  Status\n  Oppvekst\n  Åsen skole  1 250 000 kr  ■ rød\n  Bø                 −5 kr  ● grønn\n"
        );
    }
}
