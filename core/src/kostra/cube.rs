//! A statistics table as SSB publishes it: dimensions of coded categories
//! (region, contents, year …) and one cell for each combination, in
//! row-major order with the last dimension varying fastest. A missing
//! cell may carry SSB's symbol for why it is missing (`..`, `.`, `:`).
//! Built only through [`Cube::new`], which checks that the parts fit.

use crate::text::Text;
use std::collections::BTreeMap;

/// What a dimension stands for, as JSON-stat's `role` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Time (år, the year).
    Time,
    /// Geography (region).
    Geo,
    /// The measure (statistikkvariabel, contents).
    Metric,
}

/// The unit of a metric category: its decimals and what it counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeasureUnit {
    /// Decimals to show (`category.unit.X.decimals`).
    pub decimals: Option<u8>,
    /// What it is counted in (`kr`, `prosent` …).
    pub label: Option<String>,
}

/// One category of a dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Its code (`3440`, `EKG01`, `2024`, `KOSbrutto…`).
    pub code: String,
    /// Its label (`Øyer`), the code when the table gives none.
    pub label: String,
    /// Its unit, for a metric category.
    pub unit: Option<MeasureUnit>,
    /// Footnotes on it.
    pub notes: Vec<String>,
}

/// One dimension, its categories in position order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    /// Its id (`Region`, `ContentsCode`, `Tid`).
    pub id: String,
    /// Its label.
    pub label: String,
    /// What it stands for, if the table says.
    pub role: Option<Role>,
    /// Its categories, in position order.
    pub categories: Vec<Category>,
    /// Footnotes on the dimension.
    pub notes: Vec<String>,
}

impl Dimension {
    /// The position of the category with code `code`.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.code == code)
    }
}

/// A table: its dimensions and a value (or a missing cell with a symbol)
/// for each combination of their categories.
///
/// ```
/// use styring_core::kostra::{Category, Cube, Dimension};
/// let dim = |id: &str, codes: &[&str]| Dimension {
///     id: id.into(), label: id.into(), role: None, notes: vec![],
///     categories: codes.iter().map(|c| Category { code: c.to_string(), label: c.to_string(), unit: None, notes: vec![] }).collect(),
/// };
/// let cube = Cube::new(
///     "Nøkkeltall".into(),
///     vec![dim("Region", &["3440", "EKG01"]), dim("Tid", &["2023", "2024"])],
///     vec![Some(1.0), Some(2.0), None, Some(4.0)],
///     [(2, "..".to_string())].into(),
/// ).unwrap();
/// // Row-major, the last dimension fastest: cell 2 is (EKG01, 2023).
/// assert_eq!(cube.codes(2), vec!["EKG01", "2023"]);
/// assert_eq!((cube.value(2), cube.status(2)), (None, Some("..")));
/// assert_eq!(cube.find(&["3440", "2024"]).map(|i| cube.value(i)), Some(Some(2.0)));
/// ```
#[derive(Debug, Clone)]
pub struct Cube {
    /// SSB's table number (`12134`), when the file says it (in its
    /// metadata or as the start of its title).
    pub table: Option<String>,
    /// The table's title.
    pub label: String,
    /// Who published it (`Statistisk sentralbyrå`).
    pub source: Option<String>,
    /// When it was last updated, as the table says.
    pub updated: Option<String>,
    /// Footnotes on the whole table.
    pub notes: Vec<String>,
    dimensions: Vec<Dimension>,
    values: Vec<f64>,
    status: BTreeMap<usize, String>,
}

/// Two tables are equal when everything in them is, a missing cell
/// equal to a missing cell.
impl PartialEq for Cube {
    fn eq(&self, other: &Cube) -> bool {
        self.table == other.table
            && self.label == other.label
            && self.source == other.source
            && self.updated == other.updated
            && self.notes == other.notes
            && self.dimensions == other.dimensions
            && self.status == other.status
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    }
}

impl Cube {
    /// A table of `dimensions` with `values` in row-major order (the last
    /// dimension fastest; `None` where missing) and the symbols of missing
    /// cells by cell index.
    ///
    /// # Errors
    /// A message when the number of values is not the product of the
    /// dimensions' sizes, a dimension has no categories or a code twice,
    /// two dimensions share an id, a value is not finite, or a symbol is
    /// given for a cell that has a value or is outside the table.
    pub fn new(
        label: String,
        dimensions: Vec<Dimension>,
        values: Vec<Option<f64>>,
        status: BTreeMap<usize, String>,
    ) -> Result<Cube, Text> {
        let mut seen_ids: Vec<&str> = Vec::new();
        for d in &dimensions {
            if seen_ids.contains(&d.id.as_str()) {
                return Err(Text::new(
                    format!("dimensjonen «{}» står to ganger", d.id),
                    format!("the dimension \"{}\" appears twice", d.id),
                ));
            }
            seen_ids.push(&d.id);
            if d.categories.is_empty() {
                return Err(Text::new(
                    format!("dimensjonen «{}» har ingen kategorier", d.id),
                    format!("the dimension \"{}\" has no categories", d.id),
                ));
            }
            let mut codes: Vec<&str> = d.categories.iter().map(|c| c.code.as_str()).collect();
            codes.sort_unstable();
            if let Some(w) = codes.windows(2).find(|w| w[0] == w[1]) {
                return Err(Text::new(
                    format!("dimensjonen «{}» har koden «{}» to ganger", d.id, w[0]),
                    format!("the dimension \"{}\" has the code \"{}\" twice", d.id, w[0]),
                ));
            }
        }
        let size = size_of(&dimensions);
        if size != Some(values.len()) {
            let sizes: Vec<String> = dimensions
                .iter()
                .map(|d| d.categories.len().to_string())
                .collect();
            return Err(Text::new(
                format!(
                    "tabellen har {} verdier, men dimensjonene gir {} = {} celler",
                    values.len(),
                    sizes.join(" × "),
                    size.map_or("for mange".to_string(), |s| s.to_string())
                ),
                format!(
                    "the table has {} values, but its dimensions give {} = {} cells",
                    values.len(),
                    sizes.join(" × "),
                    size.map_or("too many".to_string(), |s| s.to_string())
                ),
            ));
        }
        if let Some(i) = values
            .iter()
            .position(|v| v.is_some_and(|x| !x.is_finite()))
        {
            return Err(Text::new(
                format!("celle {i} er ikke et endelig tall"),
                format!("cell {i} is not a finite number"),
            ));
        }
        for (&i, symbol) in &status {
            match values.get(i) {
                None => {
                    return Err(Text::new(
                        format!(
                            "status «{symbol}» for celle {i}, men tabellen har bare {} celler",
                            values.len()
                        ),
                        format!(
                            "a status \"{symbol}\" for cell {i}, but the table has only {} cells",
                            values.len()
                        ),
                    ))
                }
                Some(Some(v)) => {
                    return Err(Text::new(
                        format!(
                            "celle {i} har både en verdi ({v}) og statusen «{symbol}»; en status hører til en celle uten verdi"
                        ),
                        format!(
                            "cell {i} has both a value ({v}) and the status \"{symbol}\"; a status belongs to a cell without a value"
                        ),
                    ))
                }
                Some(None) => {}
            }
        }
        Ok(Cube {
            table: super::figures::table_number(None, &label),
            label,
            source: None,
            updated: None,
            notes: Vec::new(),
            dimensions,
            values: values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
            status,
        })
    }

    /// The dimensions, in the table's order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The dimension with id `id`.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The dimension with role `role` (the first, if several).
    pub fn with_role(&self, role: Role) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.role == Some(role))
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the table has no cells (never: every dimension has a
    /// category).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Cell `i`'s value (`None` when missing or outside the table).
    pub fn value(&self, i: usize) -> Option<f64> {
        self.values.get(i).copied().filter(|v| !v.is_nan())
    }

    /// Cell `i`'s symbol, if it is missing with one.
    pub fn status(&self, i: usize) -> Option<&str> {
        self.status.get(&i).map(String::as_str)
    }

    /// The category positions of cell `i`, one per dimension.
    pub fn positions(&self, mut i: usize) -> Vec<usize> {
        let mut out = vec![0; self.dimensions.len()];
        for (k, d) in self.dimensions.iter().enumerate().rev() {
            let n = d.categories.len();
            out[k] = i % n;
            i /= n;
        }
        out
    }

    /// The category codes of cell `i`, one per dimension.
    pub fn codes(&self, i: usize) -> Vec<&str> {
        self.positions(i)
            .iter()
            .zip(&self.dimensions)
            .map(|(&p, d)| d.categories[p].code.as_str())
            .collect()
    }

    /// The cell with these category codes, one per dimension in order.
    pub fn find(&self, codes: &[&str]) -> Option<usize> {
        if codes.len() != self.dimensions.len() {
            return None;
        }
        let mut i = 0usize;
        for (d, code) in self.dimensions.iter().zip(codes) {
            i = i * d.categories.len() + d.position(code)?;
        }
        Some(i)
    }
}

/// The number of cells the dimensions make (`None` past `usize`).
pub fn size_of(dimensions: &[Dimension]) -> Option<usize> {
    dimensions
        .iter()
        .try_fold(1usize, |n, d| n.checked_mul(d.categories.len()))
}
