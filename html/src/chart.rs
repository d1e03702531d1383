//! A row's history as a small inline SVG line chart.

use crate::escape::esc;
use std::fmt::Write as _;
use styring_core::indicator::Measure;
use styring_core::{Lang, Period};

const W: f64 = 96.0;
const H: f64 = 22.0;
const PAD: f64 = 3.0;

/// The points as an inline SVG: a line through the known values, a dot on
/// the last one, a title that lists every value (read by screen readers
/// and shown on hover). Missing values break the line.
pub(crate) fn sparkline(points: &[(Period, Option<f64>)], measure: &Measure, lang: Lang) -> String {
    let known: Vec<f64> = points
        .iter()
        .filter_map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .collect();
    let title: String = points
        .iter()
        .map(|(p, v)| {
            format!(
                "{p}: {}",
                v.map(|v| measure.format(v, lang))
                    .unwrap_or_else(|| "–".into())
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    if known.is_empty() {
        return format!("<span title=\"{}\">–</span>", esc(&title));
    }
    let (lo, hi) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = points.len().max(2) - 1;
    let x = |i: usize| PAD + (W - 2.0 * PAD) * i as f64 / n as f64;
    let y = |v: f64| {
        if hi > lo {
            H - PAD - (H - 2.0 * PAD) * (v - lo) / span
        } else {
            H / 2.0
        }
    };
    let mut path = String::new();
    let mut pen_down = false;
    let mut last = None;
    for (i, (_, v)) in points.iter().enumerate() {
        match v.filter(|v| v.is_finite()) {
            Some(v) => {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1} ",
                    if pen_down { "L" } else { "M" },
                    x(i),
                    y(v)
                );
                pen_down = true;
                last = Some((x(i), y(v)));
            }
            None => pen_down = false,
        }
    }
    let mut svg = format!(
        "<svg class=\"spark\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title><path d=\"{}\" fill=\"none\" stroke=\"#1F3864\" stroke-width=\"1.5\"/>",
        path.trim_end(),
        t = esc(&title)
    );
    if let Some((lx, ly)) = last {
        let _ = write!(
            svg,
            "<circle cx=\"{lx:.1}\" cy=\"{ly:.1}\" r=\"2.2\" fill=\"#1F3864\"/>"
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use styring_core::indicator::MeasureKind;

    fn pct() -> Measure {
        Measure {
            kind: MeasureKind::Percent,
            decimals: 1,
            min: None,
            max: None,
        }
    }

    #[test]
    fn the_line_runs_from_the_lowest_to_the_highest_value_and_breaks_at_gaps() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let pts = vec![
            (p("2025-01"), Some(0.04)),
            (p("2025-02"), None),
            (p("2025-03"), Some(0.06)),
            (p("2025-04"), Some(0.05)),
        ];
        let svg = sparkline(&pts, &pct(), Lang::Nb);
        // x: 3 + 90·i/3; y: lowest value at 19, highest at 3.
        assert!(
            svg.contains("d=\"M3.0,19.0 M63.0,3.0 L93.0,11.0\""),
            "{svg}"
        );
        assert!(svg.contains("<circle cx=\"93.0\" cy=\"11.0\""), "{svg}");
        assert!(
            svg.contains(
                "<title>2025-01: 4,0 %, 2025-02: –, 2025-03: 6,0 %, 2025-04: 5,0 %</title>"
            ),
            "{svg}"
        );
    }

    #[test]
    fn no_values_is_a_dash() {
        let pts = vec![("2025-01".parse().unwrap(), None)];
        assert_eq!(
            sparkline(&pts, &pct(), Lang::Nb),
            "<span title=\"2025-01: –\">–</span>"
        );
    }
}
