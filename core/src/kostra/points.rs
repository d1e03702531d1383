//! KOSTRA's figures as the scorecards use them: for each KOSTRA
//! indicator and year the municipality's own figure, the KOSTRA group's
//! (to compare with) and where the municipality's series breaks.

use super::KostraValue;
use crate::rule::Comparison;
use crate::Model;

/// One KOSTRA indicator's year, for the scorecards.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KostraPoint {
    /// The municipality's own figure.
    pub own: Option<f64>,
    /// The KOSTRA group's figure and name.
    pub group: Option<Comparison>,
    /// Why the municipality's series breaks this year, if it does.
    pub break_note: Option<String>,
}

/// The scorecards' KOSTRA points from stored figures: (indicator index,
/// year, point), for the municipality of `[kostra] region` and the group
/// of `[kostra] group`. Figures of other regions are left out; a year
/// with neither figure nor break is left out.
///
/// ```
/// use styring_core::kostra::{points, KostraValue};
/// let model = styring_core::Model::example();
/// let v = |region: &str, value, note: Option<&str>| KostraValue {
///     indicator: "O.2.1".into(), region: region.into(), region_label: format!("{region}-navn"),
///     code_in_table: region.into(), year: 2024, value: Some(value), status: None,
///     break_note: note.map(str::to_string),
/// };
/// let p = points(&model, &[v("3440", 161_911.0, Some("ny metode")), v("EKG01", 154_055.0, None), v("3441", 1.0, None)]);
/// assert_eq!(p.len(), 1);
/// let (_, year, point) = &p[0];
/// assert_eq!((*year, point.own, point.break_note.as_deref()), (2024, Some(161_911.0), Some("ny metode")));
/// assert_eq!(point.group.as_ref().map(|g| (g.value, g.label.as_str())), Some((154_055.0, "EKG01-navn")));
/// ```
pub fn points(model: &Model, values: &[KostraValue]) -> Vec<(usize, i32, KostraPoint)> {
    let k = model.kostra();
    let mut out: std::collections::BTreeMap<(usize, i32), KostraPoint> = Default::default();
    for v in values {
        let Some(i) = model.indicator_index(&v.indicator) else {
            continue;
        };
        let own = k.region.as_deref() == Some(v.region.as_str());
        let group = k.group.as_deref() == Some(v.region.as_str());
        if !own && !group {
            continue;
        }
        let p = out.entry((i, v.year)).or_default();
        if own {
            p.own = v.value;
            p.break_note.clone_from(&v.break_note);
        } else if let Some(x) = v.value {
            p.group = Some(Comparison {
                value: x,
                label: if v.region_label.is_empty() {
                    v.region.clone()
                } else {
                    v.region_label.clone()
                },
            });
        }
    }
    out.into_iter()
        .filter(|(_, p)| p.own.is_some() || p.group.is_some() || p.break_note.is_some())
        .map(|((i, y), p)| (i, y, p))
        .collect()
}
