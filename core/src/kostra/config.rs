//! What the model says about KOSTRA: the municipality's region code, its
//! KOSTRA group, the country's code, the municipalities it compares itself
//! with, the codes that were replaced (a merger, a new county), and on
//! each indicator the table and contents it comes from.

use std::collections::BTreeMap;

/// `[kostra]`: the regions a comparison takes in, and old codes mapped to
/// the current ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KostraConfig {
    /// The municipality's code (`3440` for Øyer).
    pub region: Option<String>,
    /// Its KOSTRA group's code for the group's average (`EKG01`–`EKG17` in
    /// the 2020 grouping; check it against the table's own metadata).
    pub group: Option<String>,
    /// The country's code (`EAK`; `EAKUO` for the country without Oslo).
    pub country: String,
    /// Chosen municipalities to compare with (sammenlignbare kommuner).
    pub compare: Vec<String>,
    /// The KOSTRA group's municipalities (SSB's grouping), to rank the
    /// municipality within its group; empty when not given.
    pub group_members: Vec<String>,
    /// Old region codes and the codes that replaced them (`0521` → `3440`
    /// in 2020): a series read across the change is marked as broken.
    pub old_codes: BTreeMap<String, String>,
}

impl Default for KostraConfig {
    fn default() -> Self {
        KostraConfig {
            region: None,
            group: None,
            country: "EAK".to_string(),
            compare: Vec::new(),
            group_members: Vec::new(),
            old_codes: BTreeMap::new(),
        }
    }
}

impl KostraConfig {
    /// The current code for `code` (itself when it was never replaced).
    ///
    /// ```
    /// let mut c = styring_core::kostra::KostraConfig::default();
    /// c.old_codes.insert("0521".into(), "3440".into());
    /// assert_eq!(c.current(" 0521 "), "3440");
    /// assert_eq!(c.current("3440"), "3440");
    /// ```
    pub fn current<'a>(&'a self, code: &'a str) -> &'a str {
        let code = code.trim();
        self.old_codes.get(code).map_or(code, String::as_str)
    }
}

/// Where an indicator's KOSTRA figure is in SSB's tables: the table, the
/// contents code (statistikkvariabel), and a code for each other dimension
/// the table has more than one category of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KostraSource {
    /// The table (`12134`).
    pub table: String,
    /// The contents code (`KOSkorrbrutto0000`).
    pub contents: String,
    /// Other dimensions' codes, by dimension id.
    pub dimensions: BTreeMap<String, String>,
}

/// Whether `code` has the shape of a region code SSB uses: a
/// municipality (four digits), a county (two), a KOSTRA group average
/// (`EKG01`–`EKG17`), the country (`EAK`, `EAKUO`) or another
/// aggregate SSB names with capitals and digits.
///
/// ```
/// use styring_core::kostra::is_region_code;
/// assert!(is_region_code("3440") && is_region_code("EKG01") && is_region_code("EAKUO"));
/// assert!(!is_region_code("Øyer") && !is_region_code("34 40") && !is_region_code(""));
/// ```
pub fn is_region_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}
