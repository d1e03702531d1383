//! The municipality against others, as controllers and politicians ask:
//! for each KOSTRA indicator and a year, the municipality's figure beside
//! its KOSTRA group's and the country's (SSB's own averages) and the
//! chosen municipalities', the chosen ones' average (sum over sum where
//! the indicator is a ratio of two KOSTRA figures, else the plain mean,
//! and it says which), the municipality's rank among them by the
//! indicator's direction, and how far it is from the group.

use super::figures::KostraValue;
use crate::indicator::{Direction, Indicator, UnitAggregation};
use crate::lang::{format_number, Lang};
use crate::model::Model;
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use std::collections::HashMap;

/// The latest year up to `up_to` with a figure for the municipality of
/// `[kostra] region` among `values`: the year a comparison shows when
/// none is asked (SSB publishes a year's figures the next March).
///
/// ```
/// use styring_core::kostra::{latest_year, KostraValue};
/// let model = styring_core::Model::example();
/// let v = |r: &str, y: i32| KostraValue { indicator: "O.2.1".into(), region: r.into(), region_label: r.into(), code_in_table: r.into(),
///     year: y, value: Some(1.0), status: None, break_note: None };
/// assert_eq!(latest_year(&model, &[v("3440", 2023), v("3440", 2024), v("EKG01", 2025)], 2025), Some(2024));
/// assert_eq!(latest_year(&model, &[v("3440", 2024)], 2023), None);
/// ```
pub fn latest_year(model: &Model, values: &[KostraValue], up_to: i32) -> Option<i32> {
    let own = model.kostra().region.as_deref()?;
    values
        .iter()
        .filter(|v| v.region == own && v.value.is_some() && v.year <= up_to)
        .map(|v| v.year)
        .max()
}

/// How far `value` is from `reference`, the average of `label`, in per
/// cent of the average: «5,1 % over snittet i KOSTRA-gruppe 1»; none when
/// the average is 0. The one wording of a distance from an average, in
/// the comparison and in the rule `kostra_group`'s reason.
///
/// ```
/// use styring_core::{kostra::distance_from_average, Lang};
/// assert_eq!(distance_from_average(161_911.0, 154_055.0, "KOSTRA-gruppe 1", Lang::Nb).unwrap(), "5,1 % over snittet i KOSTRA-gruppe 1");
/// assert_eq!(distance_from_average(150.0, 200.0, "Landet", Lang::En).unwrap(), "25.0 % below the average of Landet");
/// assert_eq!(distance_from_average(2.0, 2.0, "Landet", Lang::Nb).unwrap(), "lik snittet i Landet");
/// assert_eq!(distance_from_average(2.0, 0.0, "Landet", Lang::Nb), None);
/// ```
pub fn distance_from_average(
    value: f64,
    reference: f64,
    label: &str,
    lang: Lang,
) -> Option<String> {
    if reference == 0.0 || !reference.is_finite() || !value.is_finite() {
        return None;
    }
    if (value - reference).abs() <= 1e-9 * (1.0 + reference.abs()) {
        return Some(match lang {
            Lang::Nb => format!("lik snittet i {label}"),
            Lang::En => format!("equal to the average of {label}"),
        });
    }
    let pct = (value - reference) / reference.abs() * 100.0;
    let p = format_number(pct.abs(), 1, lang);
    Some(match (pct > 0.0, lang) {
        (true, Lang::Nb) => format!("{p} % over snittet i {label}"),
        (false, Lang::Nb) => format!("{p} % under snittet i {label}"),
        (true, Lang::En) => format!("{p} % above the average of {label}"),
        (false, Lang::En) => format!("{p} % below the average of {label}"),
    })
}

/// The figures by (indicator, region, year).
type Index<'v> = HashMap<(&'v str, &'v str, i32), &'v KostraValue>;

/// The chosen municipalities' average of `ind` in `year`, with how it is
/// computed: numerators over denominators where the indicator is a ratio
/// of two KOSTRA indicators that all have, else the mean of their values.
fn average(
    ind: &Indicator,
    regions: &[&str],
    year: i32,
    at: &Index<'_>,
    lang: Lang,
) -> Option<(f64, String)> {
    let get = |code: &str, r: &str| at.get(&(code, r, year)).and_then(|v| v.value);
    if let UnitAggregation::Ratio {
        numerator,
        denominator,
    } = &ind.aggregate_units
    {
        let parts: Option<Vec<(f64, f64)>> = regions
            .iter()
            .map(|r| Some((get(numerator.as_str(), r)?, get(denominator.as_str(), r)?)))
            .collect();
        if let Some(parts) = parts.filter(|p| !p.is_empty()) {
            let (n, d): (f64, f64) = parts.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
            if d != 0.0 {
                return Some((
                    n / d,
                    lang.pick(
                        "sum av tellere delt på sum av nevnere",
                        "sum of numerators over sum of denominators",
                    )
                    .to_string(),
                ));
            }
        }
    }
    let vals: Vec<f64> = regions
        .iter()
        .filter_map(|r| get(ind.code.as_str(), r))
        .collect();
    (!vals.is_empty()).then(|| {
        (
            vals.iter().sum::<f64>() / vals.len() as f64,
            format!(
                "{} ({} {})",
                lang.pick(
                    "gjennomsnitt av kommunenes tall, ikke vektet",
                    "mean of the municipalities' figures, unweighted"
                ),
                vals.len(),
                match (vals.len(), lang) {
                    (1, Lang::Nb) => "kommune",
                    (_, Lang::Nb) => "kommuner",
                    (1, Lang::En) => "municipality",
                    (_, Lang::En) => "municipalities",
                }
            ),
        )
    })
}

/// The rank of `own` among `values` (1 is best) by `direction`; `None`
/// for a range indicator or a missing value.
fn rank(own: Option<f64>, values: &[f64], direction: Direction) -> Option<usize> {
    let own = own?;
    let better = |x: f64| match direction {
        Direction::HigherIsBetter => x > own,
        Direction::LowerIsBetter => x < own,
        Direction::WithinRange => false,
    };
    (direction != Direction::WithinRange).then(|| values.iter().filter(|&&x| better(x)).count() + 1)
}

/// The comparison for `year` of every KOSTRA indicator (or only
/// `indicator`) as a Report: one row per indicator.
///
/// ```
/// use styring_core::kostra::{comparison, KostraValue};
/// // The example: Øyer (3440) in group EKG01, compared with 3441 and 3439;
/// // O.2.1 reads table 12134.
/// let model = styring_core::Model::example();
/// let v = |r: &str, x: f64| KostraValue { indicator: "O.2.1".into(), region: r.into(), region_label: r.into(), code_in_table: r.into(),
///     year: 2024, value: Some(x), status: None, break_note: None };
/// let values = [v("3440", 161_911.0), v("EKG01", 154_000.0), v("EAK", 149_500.0), v("3441", 150_000.0), v("3439", 170_000.0)];
/// let r = comparison(&model, &values, 2024, Some("O.2.1"), styring_core::Lang::Nb);
/// let row = &r.sections[0].table().unwrap().rows[0];
/// let text = |i: usize| row.cells[i].text(styring_core::Lang::Nb);
/// // The chosen two's mean: (150 000 + 170 000) / 2.
/// assert_eq!((text(7), text(8).as_str()), ("160 000 kr".to_string(), "gjennomsnitt av kommunenes tall, ikke vektet (2 kommuner)"));
/// // Lower is better: 150 000 beats Øyer, 170 000 does not — 2nd of 3.
/// assert_eq!(text(9), "2 av 3");
/// // 161 911 against 154 000: 7 911 / 154 000 = 5,1 % over the group.
/// // No group members in the example's model: no rank in the group.
/// assert_eq!(text(10), "");
/// assert_eq!(text(11), "5,1 % over snittet i KOSTRA-gruppen (EKG01)");
/// ```
pub fn comparison(
    model: &Model,
    values: &[KostraValue],
    year: i32,
    indicator: Option<&str>,
    lang: Lang,
) -> Report {
    let k = model.kostra();
    let at: Index<'_> = values
        .iter()
        .map(|v| ((v.indicator.as_str(), v.region.as_str(), v.year), v))
        .collect();
    let own = k.region.as_deref().unwrap_or_default();
    let group = k.group.as_deref().unwrap_or_default();
    let mut columns = vec![
        Column::new("indicator", lang.pick("Indikator", "Indicator")),
        Column::new("name", lang.pick("Navn", "Name")),
        Column::new("own", model.municipality_name()),
        Column::new(
            "kostra_group",
            &format!("{} ({group})", lang.pick("KOSTRA-gruppen", "KOSTRA group")),
        ),
        Column::new(
            "country",
            &format!("{} ({})", lang.pick("Landet", "Country"), k.country),
        ),
    ];
    for c in &k.compare {
        let name = values
            .iter()
            .find(|v| v.region == *c && !v.region_label.is_empty() && v.region_label != *c)
            .map_or_else(|| c.clone(), |v| format!("{} ({c})", v.region_label));
        columns.push(Column::new(&format!("region_{c}"), &name));
    }
    columns.extend([
        Column::new(
            "chosen_average",
            lang.pick("Snitt, valgte kommuner", "Mean, chosen municipalities"),
        ),
        Column::new("computed_as", lang.pick("Beregnet som", "Computed as")),
        Column::new("rank", lang.pick("Plass", "Rank")),
        Column::new(
            "rank_in_group",
            lang.pick("Plass i gruppen", "Rank in the group"),
        ),
        Column::new(
            "against_group",
            lang.pick("Mot gruppen", "Against the group"),
        ),
        Column::new("break", lang.pick("Brudd i serien", "Break in the series")),
    ]);
    let mut rows = Vec::new();
    for ind in model.indicators().iter().filter(|i| i.kostra.is_some()) {
        if indicator.is_some_and(|c| c != ind.code.as_str()) {
            continue;
        }
        let get = |r: &str| at.get(&(ind.code.as_str(), r, year)).copied();
        let shown = |r: &str| match get(r) {
            Some(KostraValue { value: Some(x), .. }) => Cell::Value {
                value: Some(*x),
                measure: ind.measure,
                period: None,
            },
            Some(KostraValue {
                status: Some(s), ..
            }) => Cell::Text(s.clone()),
            _ => Cell::Empty,
        };
        let own_value = get(own).and_then(|v| v.value);
        let chosen: Vec<&str> = k.compare.iter().map(String::as_str).collect();
        let avg = average(ind, &chosen, year, &at, lang);
        let others: Vec<f64> = chosen
            .iter()
            .filter_map(|r| get(r).and_then(|v| v.value))
            .collect();
        let place = rank(own_value, &others, ind.direction)
            .map(|p| format!("{p} {} {}", lang.pick("av", "of"), others.len() + 1));
        // Within the group: the municipality among the group's members
        // with a figure that year.
        let members: Vec<f64> = k
            .group_members
            .iter()
            .filter_map(|r| get(r).and_then(|v| v.value))
            .collect();
        let in_group = (!members.is_empty())
            .then(|| rank(own_value, &members, ind.direction))
            .flatten()
            .map(|p| format!("{p} {} {}", lang.pick("av", "of"), members.len() + 1));
        let against = match (own_value, get(group).and_then(|v| v.value)) {
            (Some(o), Some(g)) => distance_from_average(
                o,
                g,
                &format!(
                    "{} ({group})",
                    lang.pick("KOSTRA-gruppen", "the KOSTRA group")
                ),
                lang,
            ),
            _ => None,
        };
        let mut cells = vec![
            Cell::Code(ind.code.to_string()),
            Cell::Text(ind.name.clone()),
            shown(own),
            shown(group),
            shown(&k.country),
        ];
        cells.extend(k.compare.iter().map(|c| shown(c)));
        cells.extend([
            avg.as_ref().map_or(Cell::Empty, |(v, _)| Cell::Value {
                value: Some(*v),
                measure: ind.measure,
                period: None,
            }),
            avg.map_or(Cell::Empty, |(_, b)| Cell::Text(b)),
            place.map_or(Cell::Empty, Cell::Text),
            in_group.map_or(Cell::Empty, Cell::Text),
            against.map_or(Cell::Empty, Cell::Text),
            get(own)
                .and_then(|v| v.break_note.clone())
                .map_or(Cell::Empty, Cell::Comment),
        ]);
        rows.push(TableRow::data(cells));
    }
    Report {
        title: format!(
            "{} — {}",
            lang.pick("KOSTRA-sammenligning", "KOSTRA comparison"),
            model.municipality_name()
        ),
        scope: model.municipality_name().to_string(),
        period: crate::period::Period::year_clamped(year),
        period_label: year.to_string(),
        subtitle: Some(
            lang.pick(
                "gruppens og landets snitt er SSBs egne; plass blant kommunen og de valgte kommunene, og i gruppen blant gruppens kommuner ([kostra] group_members), etter indikatorens retning",
                "the group's and the country's averages are SSB's own; rank among the municipality and the chosen ones, and in the group among the group's municipalities ([kostra] group_members), by the indicator's direction",
            )
            .to_string(),
        ),
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![Section {
            title: lang.pick("Sammenligning", "Comparison").to_string(),
            status: None,
            body: Body::Table(Table { columns, rows }),
        }],
    }
}
