//! Rendering scorecards for the terminal, JSON and CSV.

use std::io::IsTerminal;
use styring::styring_core::scorecard::{GoalStatus, Overview, Row, Scorecard};
use styring::styring_core::status::{Status, StatusCounts};
use styring::styring_core::{Lang, Model, Period};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Colours when stdout is a terminal and `NO_COLOR` is not set.
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

pub(crate) fn paint(s: &str, status: Status, colour: bool) -> String {
    if !colour {
        return s.to_string();
    }
    format!("\x1b[{}m{s}\x1b[0m", status.look().ansi)
}

pub(crate) fn bold(s: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// `s` in `w` terminal columns, left-aligned: widths by Unicode (æøå
/// take one column, most emoji two), cut with `…` when too long.
pub(crate) fn pad(s: &str, w: usize) -> String {
    let n = s.width();
    if n <= w {
        return format!("{s}{}", " ".repeat(w - n));
    }
    let mut t = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        t.push(c);
        used += cw;
    }
    t.push('…');
    format!("{t}{}", " ".repeat(w.saturating_sub(used + 1)))
}

/// `s` right-aligned in `w` columns (never cut: numbers stay whole).
pub(crate) fn rpad(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

fn light(status: Status, lang: Lang, colour: bool) -> String {
    if status == Status::Unjudged {
        return pad("", 14);
    }
    let text = format!("{} {}", status.symbol(), status.word(lang));
    paint(&pad(&text, 14), status, colour)
}

/// Status counts as one line.
pub fn count_line(c: &StatusCounts, lang: Lang, colour: bool) -> String {
    c.parts(lang)
        .into_iter()
        .map(|(s, text)| paint(&text, s, colour))
        .collect::<Vec<_>>()
        .join("   ")
}

/// Status counts per perspective and in total.
pub fn counts(card: &Scorecard, lang: Lang, colour: bool) -> String {
    let mut out = String::new();
    for p in &card.perspectives {
        out.push_str(&format!(
            "  {}  {}\n",
            pad(&p.name, 18),
            count_line(&p.counts, lang, colour)
        ));
    }
    out.push_str(&format!(
        "  {}  {}\n",
        pad(lang.pick("Totalt", "Total"), 18),
        count_line(&card.counts, lang, colour)
    ));
    out
}

fn history_text(r: &Row, lang: Lang) -> String {
    r.history
        .iter()
        .take(r.history.len().saturating_sub(1))
        .map(|(_, v)| {
            v.map(|v| r.measure.format(v, lang))
                .unwrap_or_else(|| "–".into())
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The scorecard as a table.
pub fn scorecard(card: &Scorecard, lang: Lang, colour: bool) -> String {
    let mut out = String::new();
    let title = match lang {
        Lang::Nb => format!(
            "Styringskort — {} — {}",
            card.scope_name,
            card.period.label_nb()
        ),
        Lang::En => format!(
            "Scorecard — {} — {}",
            card.scope_name,
            card.period.label_en()
        ),
    };
    out.push_str(&bold(&title, colour));
    out.push('\n');
    out.push_str(&count_line(&card.counts, lang, colour));
    out.push_str("\n\n");
    let head = format!(
        "    {} {} {} {} {} {} {}\n",
        pad(lang.pick("Kode", "Code"), 7),
        pad(lang.pick("Indikator", "Indicator"), 44),
        rpad(lang.pick("Verdi", "Value"), 18),
        rpad(lang.pick("Mål", "Target"), 20),
        pad(" Status", 15),
        pad("Trend", 12),
        lang.pick("Begrunnelse", "Reason")
    );
    for p in &card.perspectives {
        out.push_str(&format!(
            "{}  {}\n",
            bold(&p.name.to_uppercase(), colour),
            paint(
                &format!("{} {}", p.status.symbol(), p.status.word(lang)),
                p.status,
                colour
            )
        ));
        for fa in &p.focus_areas {
            let cc = if fa.cross_cutting {
                lang.pick(" (gjennomgående)", " (cross-cutting)")
            } else {
                ""
            };
            out.push_str(&format!("  {} {}{cc}\n", fa.id, fa.name));
            out.push_str(&head);
            for r in &fa.rows {
                let mut value = r.value_text(lang);
                if r.value.is_some() && r.value_period != card.period {
                    value = format!("{value} ({})", r.value_period);
                }
                let trend = format!("{} {}", r.trend.arrow(), r.trend.word(lang));
                let late = if r.late {
                    lang.pick(" [forsinket]", " [late]")
                } else {
                    ""
                };
                out.push_str(&format!(
                    "    {} {} {} {} {} {} {}{late}\n",
                    pad(r.indicator.as_str(), 7),
                    pad(&r.name, 44),
                    rpad(&value, 18),
                    rpad(&r.target_text(lang), 20),
                    light(r.status, lang, colour),
                    pad(&trend, 12),
                    r.reason_text(lang)
                ));
                let hist = history_text(r, lang);
                if !hist.is_empty() && r.history.iter().any(|(_, v)| v.is_some()) {
                    out.push_str(&format!(
                        "            {}: {hist}\n",
                        lang.pick("tidligere", "earlier")
                    ));
                }
                if let Some(rr) = &r.rollup {
                    let mut s = format!("            {}", r.basis_text(lang));
                    if let (Some(n), Some(d)) = (rr.numerator, rr.denominator) {
                        s.push_str(&format!("; {n:.0} / {d:.0}"));
                    }
                    out.push_str(&s);
                    out.push('\n');
                }
                if r.from_kostra && r.value.is_some() {
                    out.push_str(&format!("            {}\n", r.basis_text(lang)));
                }
                for (p, note) in &r.breaks {
                    out.push_str(&format!(
                        "            ⚑ {} {p}: {note}\n",
                        lang.pick("brudd i serien", "break in the series")
                    ));
                }
                if let Some(c) = &r.comment {
                    out.push_str(&format!("            «{c}»\n"));
                }
            }
        }
        out.push('\n');
    }
    out
}

fn num(v: Option<f64>) -> serde_json::Value {
    v.map(serde_json::Value::from)
        .unwrap_or(serde_json::Value::Null)
}

/// The scorecard as JSON.
pub fn scorecard_json(card: &Scorecard, lang: Lang) -> String {
    let rows: Vec<serde_json::Value> = card
        .rows()
        .map(|r| {
            serde_json::json!({
                "indicator": r.indicator.as_str(),
                "name": r.name,
                "perspective": r.perspective.as_str(),
                "focus_area": r.focus_area.as_str(),
                "value": num(r.value),
                "value_period": r.value_period.to_string(),
                "target": match r.target {
                    None => serde_json::Value::Null,
                    Some(styring::styring_core::target::TargetValue::Value(v)) => serde_json::json!(v),
                    Some(styring::styring_core::target::TargetValue::Range { min, max }) => serde_json::json!({"min": min, "max": max}),
                },
                // A value with no light has no status.
                "status": (r.status != Status::Unjudged).then(|| r.status.key()),
                "reason": r.reason_text(lang),
                "trend": r.trend.key(),
                "trend_last_year": r.trend_last_year.key(),
                "previous": num(r.previous),
                "last_year": num(r.last_year),
                "comment": r.comment,
                "late": r.late,
                "computed_by": r.computed_by,
                "from_kostra": r.from_kostra,
                "breaks": r.breaks.iter().map(|(p, n)| serde_json::json!({"period": p.to_string(), "note": n})).collect::<Vec<_>>(),
                "history": r.history.iter().map(|(p, v)| serde_json::json!({"period": p.to_string(), "value": num(*v)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "unit": card.scope.to_string(),
        "name": card.scope_name,
        "period": card.period.to_string(),
        "counts": card.counts,
        "rows": rows,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', ',']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The scorecard as CSV (semicolon-separated for Norwegian spreadsheets,
/// comma-separated in English).
pub fn scorecard_csv(card: &Scorecard, lang: Lang) -> String {
    let sep = lang.pick(";", ",");
    let mut out = [
        lang.pick("indikator", "indicator"),
        lang.pick("navn", "name"),
        lang.pick("perspektiv", "perspective"),
        lang.pick("verdi", "value"),
        lang.pick("periode", "period"),
        lang.pick("mål", "target"),
        "status",
        lang.pick("begrunnelse", "reason"),
        "trend",
        lang.pick("kommentar", "comment"),
    ]
    .join(sep);
    out.push('\n');
    for r in card.rows() {
        let v = r.value.map(|v| {
            let s = format!("{v}");
            if lang == Lang::Nb {
                s.replace('.', ",")
            } else {
                s
            }
        });
        let fields = [
            r.indicator.to_string(),
            r.name.clone(),
            r.perspective.to_string(),
            v.unwrap_or_default(),
            r.value_period.to_string(),
            r.target_text(lang),
            r.status.key().to_string(),
            r.reason_text(lang),
            r.trend.key().to_string(),
            r.comment.clone().unwrap_or_default(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(sep),
        );
        out.push('\n');
    }
    out
}

/// The overview matrix.
pub fn overview(model: &Model, o: &Overview, lang: Lang, colour: bool) -> String {
    let mut out = String::new();
    let title = match lang {
        Lang::Nb => format!(
            "Oversikt — {} — {}",
            model.municipality_name(),
            o.period.label_nb()
        ),
        Lang::En => format!(
            "Overview — {} — {}",
            model.municipality_name(),
            o.period.label_en()
        ),
    };
    out.push_str(&bold(&title, colour));
    out.push_str("\n\n");
    out.push_str(&pad("", 28));
    for (code, _, _) in &o.indicators {
        out.push_str(&pad(code.as_str(), 7));
    }
    out.push('\n');
    for (u, (_, name)) in o.units.iter().enumerate() {
        out.push_str(&pad(name, 28));
        for cell in &o.cells[u] {
            let s = match cell {
                None => pad("", 7),
                Some(c) => paint(&pad(c.status.symbol(), 7), c.status, colour),
            };
            out.push_str(&s);
        }
        out.push_str(&format!(" {}\n", count_line(&o.counts[u], lang, false)));
    }
    out.push_str(&format!(
        "\n{}: ● {}  ▲ {}  ■ {}  ○ {}\n",
        lang.pick("Tegnforklaring", "Legend"),
        Status::Green.word(lang),
        Status::Yellow.word(lang),
        Status::Red.word(lang),
        Status::NoData.word(lang)
    ));
    out
}

/// The goal tree with statuses.
pub fn goals(goals: &[GoalStatus], period: Period, lang: Lang, colour: bool) -> String {
    fn walk(g: &GoalStatus, depth: usize, lang: Lang, colour: bool, out: &mut String) {
        let level = match lang {
            Lang::Nb => g.level.name_nb().to_string(),
            Lang::En => g.level.key().to_string(),
        };
        out.push_str(&format!(
            "{}{} {} [{}] {}\n",
            "  ".repeat(depth),
            paint(g.status.symbol(), g.status, colour),
            g.id,
            level,
            g.title
        ));
        let inds: Vec<String> = g
            .indicators
            .iter()
            .map(|(c, s)| paint(&format!("{} {c}", s.symbol()), *s, colour))
            .collect();
        if !inds.is_empty() {
            out.push_str(&format!("{}    {}\n", "  ".repeat(depth), inds.join("  ")));
        }
        for c in &g.children {
            walk(c, depth + 1, lang, colour, out);
        }
    }
    let mut out = String::new();
    let title = match lang {
        Lang::Nb => format!("Den røde tråden — {}", period.label_nb()),
        Lang::En => format!("The goal tree — {}", period.label_en()),
    };
    out.push_str(&bold(&title, colour));
    out.push_str("\n\n");
    for g in goals {
        walk(g, 0, lang, colour, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_counts_terminal_columns() {
        // æøå are one column each; the light's symbol too.
        assert_eq!(pad("Økonomi", 9), "Økonomi  ");
        assert_eq!(pad("● grønn", 9), "● grønn  ");
        // A wide emoji takes two columns.
        assert_eq!(pad("🙂 bra", 8), "🙂 bra  ");
        // Too long: cut to fit with an ellipsis, never wider than asked.
        assert_eq!(pad("Medarbeidertilfredshet", 8), "Medarbe…");
        assert_eq!(pad("🙂🙂🙂🙂", 6), "🙂🙂… ");
        assert_eq!(rpad("5,3 %", 7), "  5,3 %");
        assert_eq!(rpad("−1 234 567 kr", 4), "−1 234 567 kr");
    }
}
