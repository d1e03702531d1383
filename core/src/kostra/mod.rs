//! KOSTRA and SSB's statistics: tables as SSB publishes them
//! ([`Cube`]), decoded by the `kostra` adapter from JSON-stat or CSV, and
//! read here cell by cell.

mod cube;

pub use cube::{size_of, Category, Cube, Dimension, MeasureUnit, Role};

/// One cell as people and programs look at it: each dimension's code
/// (keyed by the dimension's id, in the table's order), the value (none
/// where missing) and SSB's symbol for a missing cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRecord<'c> {
    /// (dimension id, category code), one per dimension.
    pub codes: Vec<(&'c str, &'c str)>,
    /// The value.
    pub value: Option<f64>,
    /// The symbol (`..`, `.`, `:`), for a missing cell.
    pub status: Option<&'c str>,
}

/// Every cell of `cube` in its order.
///
/// ```
/// use styring_core::kostra::{cells, Category, Cube, Dimension};
/// let d = Dimension { id: "Tid".into(), label: "år".into(), role: None, notes: vec![],
///     categories: vec![Category { code: "2024".into(), label: "2024".into(), unit: None, notes: vec![] }] };
/// let cube = Cube::new("T".into(), vec![d], vec![None], [(0, ":".to_string())].into()).unwrap();
/// let all: Vec<_> = cells(&cube).collect();
/// assert_eq!((all[0].codes.clone(), all[0].value, all[0].status), (vec![("Tid", "2024")], None, Some(":")));
/// ```
pub fn cells(cube: &Cube) -> impl Iterator<Item = CellRecord<'_>> + '_ {
    (0..cube.len()).map(move |i| CellRecord {
        codes: cube
            .dimensions()
            .iter()
            .zip(cube.codes(i))
            .map(|(d, c)| (d.id.as_str(), c))
            .collect(),
        value: cube.value(i),
        status: cube.status(i),
    })
}

/// What SSB's symbol for a missing cell means, in words.
///
/// ```
/// use styring_core::kostra::symbol_meaning;
/// assert_eq!(symbol_meaning("..").nb, "tallgrunnlag mangler");
/// ```
pub fn symbol_meaning(symbol: &str) -> crate::text::Text {
    use crate::text::Text;
    match symbol {
        ".." => Text::new("tallgrunnlag mangler", "no data basis"),
        "." => Text::new(
            "ikke mulig å oppgi tall (kategorien var ikke i bruk)",
            "not possible (the category was not in use)",
        ),
        ":" => Text::new(
            "vises ikke av hensyn til personvernet",
            "withheld for confidentiality",
        ),
        "-" => Text::new("null", "nil"),
        other => Text::new(format!("merket «{other}»"), format!("marked \"{other}\"")),
    }
}
