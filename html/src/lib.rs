//! # styring-html — any Report as one self-contained page
//!
//! [`page`] renders a [`Report`] as a whole HTML document: inline CSS and
//! SVG, no scripts needed to read it, a print stylesheet for A4, and
//! `lang="nb"` (or `en`). [`fragment`] renders the same inside a `<div>`
//! for notebooks. Texts come from [`Cell::text`], colours from
//! [`styring_core::Status::look`]: this crate formats nothing itself.
//!
//! ```
//! use styring_core::report::{Body, Report, Section};
//! use styring_core::Lang;
//! let r = Report {
//!     title: "Styringskort — Aurvoll skole".into(),
//!     scope: "Aurvoll skole".into(),
//!     period: "2025-T2".parse().unwrap(),
//!     period_label: "2. tertial 2025".into(),
//!     subtitle: None,
//!     municipality: "Øyer kommune".into(),
//!     lang: Lang::Nb,
//!     sections: vec![Section { title: "Sammendrag".into(), status: None, body: Body::Paragraph("<ok> & bra".into()) }],
//! };
//! let html = styring_html::page(&r);
//! assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nb\">"));
//! assert!(html.contains("<p>&lt;ok&gt; &amp; bra</p>"));
//! assert!(!html.contains("<script"));
//! ```

mod chart;
mod escape;

use escape::esc;
use std::fmt::Write as _;
use styring_core::report::{Body, Cell, Report, Table};
use styring_core::{Lang, Status};

/// The page's style: screen and A4 print. Status colours are added from
/// the core's looks.
const CSS: &str = "
.styring{font-family:'Segoe UI',Calibri,Arial,sans-serif;color:#1f1f1f;font-size:14px;line-height:1.35}
.styring h1{font-size:22px;color:#1F3864;margin:0 0 2px}
.styring .sub{color:#595959;margin:0 0 14px}
.styring h2{font-size:17px;color:#1F3864;margin:22px 0 6px;display:flex;gap:10px;align-items:center}
.styring table{border-collapse:collapse;width:100%;margin:4px 0 10px}
.styring table.fixed{table-layout:fixed}
.styring th.c-indicator{width:5.5em}.styring th.c-value,.styring th.c-target{width:8.5em}.styring th.c-period{width:5.5em}.styring th.c-basis{width:7em}.styring th.c-status{width:6.5em}.styring th.c-reason{width:16%}.styring th.c-trend{width:7em}.styring th.c-history{width:7.5em}.styring th.c-comment{width:16%}.styring th.c-field{width:11em}
.styring td.muted{color:#595959;font-size:12px}
.styring td{overflow-wrap:anywhere}
.styring th{background:#1F3864;color:#fff;text-align:left;font-weight:600;padding:4px 6px;font-size:12px}
.styring td{border-bottom:1px solid #D9D9D9;padding:4px 6px;vertical-align:top}
.styring tr.group td{background:#D9E1F2;font-weight:600;color:#1F3864}
.styring tr.note td{border-bottom:1px solid #D9D9D9;color:#595959;font-size:12px;padding-top:0}
.styring td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.styring td.code{font-family:Consolas,'DejaVu Sans Mono',monospace;white-space:nowrap}
.styring td.comment{font-style:italic;color:#404040;max-width:22em}
.styring .light{display:inline-block;padding:1px 7px;border-radius:9px;white-space:nowrap;font-weight:600}
.styring .reason{display:block;font-size:12px;color:#595959;margin-top:2px}
.styring svg.spark{vertical-align:middle}
.styring footer{margin-top:18px;color:#7F7F7F;font-size:11px}
@page{size:A4 landscape;margin:12mm}
@media print{.styring{font-size:10.5px}.styring h2{break-after:avoid}.styring tr{break-inside:avoid}.styring th{-webkit-print-color-adjust:exact;print-color-adjust:exact}.styring .light,.styring tr.group td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
";

fn status_css() -> String {
    let mut out = String::new();
    for s in [
        Status::Green,
        Status::Yellow,
        Status::Red,
        Status::NoData,
        Status::Error,
    ] {
        let l = s.look();
        let _ = writeln!(
            out,
            ".styring .s-{}{{background:{};color:{}}}",
            s.key(),
            l.fill.hex(),
            l.text.hex()
        );
    }
    out
}

/// The report as a whole HTML document.
pub fn page(report: &Report) -> String {
    let lang = match report.lang {
        Lang::Nb => "nb",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>{CSS}{}body{{margin:24px}}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        esc(&report.title),
        esc(&report.period_label),
        status_css(),
        body(report)
    )
}

/// The report inside one `<div class="styring">` with its style, for a
/// notebook's `_repr_html_`.
pub fn fragment(report: &Report) -> String {
    format!("<style>{CSS}{}</style>{}", status_css(), body(report))
}

fn body(r: &Report) -> String {
    let mut out = String::from("<div class=\"styring\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&r.title));
    let _ = writeln!(
        out,
        "<p class=\"sub\">{} · {}</p>",
        esc(&r.municipality),
        esc(&r.period_label)
    );
    if let Some(sub) = &r.subtitle {
        let _ = writeln!(out, "<p class=\"sub\">{}</p>", esc(sub));
    }
    for s in &r.sections {
        let light = s.status.map(|st| light(st, r.lang)).unwrap_or_default();
        let _ = writeln!(out, "<section>\n<h2>{}{light}</h2>", esc(&s.title));
        match &s.body {
            Body::Paragraph(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(p));
            }
            Body::Table(t) => table(&mut out, t, r.lang),
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{} · {}</footer>\n</div>",
        esc(&r.municipality),
        r.lang.pick("laget med styring", "made with styring")
    );
    out
}

fn light(s: Status, lang: Lang) -> String {
    format!(
        "<span class=\"light s-{}\">{} {}</span>",
        s.key(),
        s.symbol(),
        esc(s.word(lang))
    )
}

fn table(out: &mut String, t: &Table, lang: Lang) {
    // Tables of a few columns line up from section to section; wide ones
    // (the overview) size to their content.
    let class = if t.columns.len() <= 12 {
        " class=\"fixed\""
    } else {
        ""
    };
    let _ = write!(out, "<table{class}>\n<thead><tr>");
    for c in &t.columns {
        let _ = write!(
            out,
            "<th class=\"c-{}\">{}</th>",
            esc(&c.key),
            esc(&c.title)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let span = t.columns.len().max(1);
    for row in &t.rows {
        if row.group {
            let text = row.cells.first().map(|c| c.text(lang)).unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr class=\"group\"><td colspan=\"{span}\">{}</td></tr>",
                esc(&text)
            );
            continue;
        }
        out.push_str("<tr>");
        for c in &row.cells {
            cell(out, c, lang);
        }
        out.push_str("</tr>\n");
        if let Some(n) = &row.note {
            let _ = writeln!(
                out,
                "<tr class=\"note\"><td></td><td colspan=\"{}\">{}</td></tr>",
                span.saturating_sub(1).max(1),
                esc(n)
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

fn cell(out: &mut String, c: &Cell, lang: Lang) {
    match c {
        Cell::Empty => out.push_str("<td></td>"),
        Cell::Code(t) => {
            let _ = write!(out, "<td class=\"code\">{}</td>", esc(t));
        }
        Cell::Comment(t) => {
            let _ = write!(out, "<td class=\"comment\">{}</td>", esc(t));
        }
        Cell::Value { .. } | Cell::Money(_) | Cell::Percent(_) => {
            let _ = write!(out, "<td class=\"num\">{}</td>", esc(&c.text(lang)));
        }
        // A value with no light shows none.
        Cell::Status {
            status: Status::Unjudged,
            ..
        } => out.push_str("<td></td>"),
        Cell::Status { status, reason } => {
            let _ = write!(out, "<td>{}", light(*status, lang));
            if let Some(r) = reason {
                let _ = write!(out, "<span class=\"reason\">{}</span>", esc(r));
            }
            out.push_str("</td>");
        }
        Cell::History { points, measure } => {
            let _ = write!(out, "<td>{}</td>", chart::sparkline(points, measure, lang));
        }
        Cell::Text(_) | Cell::Trend(_) => {
            let _ = write!(out, "<td>{}</td>", esc(&c.text(lang)));
        }
    }
}
