//! JSON-stat 2.0 datasets, as SSB's PxWebApi v2 returns them and the
//! statbank saves them: `version`, `class` ("dataset"), `id`, `size`,
//! `dimension` and `value` required; `category.index` an array or an
//! object of code → position (its key order means nothing; the integers
//! do); `value` an array or a sparse object keyed by cell index; `status`
//! a string, an array or an object keyed by cell index; `role`, `unit`
//! and `note` read where given. Every problem is reported at its JSON
//! path (`$.dimension.Tid.category.index.2024`), all at once.

mod root;

use crate::{KostraError, Limits};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use styring_core::kostra::{Category, Cube, Dimension, MeasureUnit, Role};
use styring_core::problem::{Location, ProblemKind, Problems};

struct Reader<'a> {
    file: &'a str,
    problems: Problems,
}

impl Reader<'_> {
    fn add(&mut self, kind: ProblemKind, path: &str, nb: String, en: String) {
        self.problems.add_kind(
            kind,
            Location::entry(path.to_string()).in_file(self.file.to_string()),
            nb,
            en,
        );
    }

    fn missing(&mut self, path: &str, what: &str) {
        self.add(
            ProblemKind::Missing,
            path,
            format!("{what} mangler; JSON-stat 2.0 krever det"),
            format!("{what} is missing; JSON-stat 2.0 requires it"),
        );
    }

    fn wrong(&mut self, path: &str, nb: &str, en: &str, got: &Value) {
        self.add(
            ProblemKind::Invalid,
            path,
            format!("skal være {nb}, ikke {}", kind_nb(got)),
            format!("must be {en}, not {}", kind_en(got)),
        );
    }
}

fn kind_nb(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "sann/usann",
        Value::Number(_) => "et tall",
        Value::String(_) => "tekst",
        Value::Array(_) => "en liste",
        Value::Object(_) => "et objekt",
    }
}

fn kind_en(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A key as it goes into a path: plain when it is a simple name.
fn key(path: &str, k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        format!("{path}.{k}")
    } else {
        format!("{path}[{}]", Value::String(k.to_string()))
    }
}

fn notes(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Reads a JSON-stat 2.0 dataset from `bytes` (the file `file`).
///
/// # Errors
/// [`KostraError::Read`] with every problem at its JSON path: text that is
/// not JSON (with its line and column), a required member missing or of
/// the wrong type, a `size` that does not match the values or the
/// categories, an index that skips or repeats a position, a dimension in
/// `id` with no entry in `dimension`, a status for a cell that has a
/// value, a table beyond the limits.
pub fn read_jsonstat(bytes: &[u8], file: &str, limits: &Limits) -> Result<Cube, KostraError> {
    let mut r = Reader {
        file,
        problems: Problems::default(),
    };
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    // A dataset in one pass, `value` as a list of entries; anything else
    // (not JSON, not an object) is read as a whole to say what is wrong.
    let (root, cells) = match serde_json::from_slice::<root::Root>(bytes) {
        Ok(x) => (Value::Object(x.members), x.value),
        Err(_) => match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => {
                let cells = match &v {
                    Value::Object(m) => m.get("value").cloned().map(root::Cells::Other),
                    _ => None,
                };
                (v, cells)
            }
            Err(e) => {
                r.add(
                    ProblemKind::Damaged,
                    &format!("linje {}, kolonne {}", e.line(), e.column()),
                    format!("ikke gyldig JSON: {e}"),
                    format!("not valid JSON: {e}"),
                );
                return Err(KostraError::Read(r.problems));
            }
        },
    };
    let cube = dataset(&mut r, &root, cells.as_ref(), limits);
    match cube {
        Some(c) if r.problems.is_empty() => Ok(c),
        _ => Err(KostraError::Read(r.problems)),
    }
}

/// A table's metadata, as PxWebApi v2's `/tables/{id}/metadata` gives
/// it: a JSON-stat 2.0 dataset without values.
#[derive(Debug, Clone, PartialEq)]
pub struct TableMetadata {
    /// SSB's table number, when the metadata says it.
    pub table: Option<String>,
    /// The table's title.
    pub label: String,
    /// When its figures were last updated.
    pub updated: Option<String>,
    /// Its dimensions, with every category.
    pub dimensions: Vec<styring_core::kostra::Dimension>,
    /// The dimensions that may be left out of a query (PxWeb's
    /// `extension.elimination`).
    pub eliminable: Vec<String>,
}

/// Reads a table's metadata: JSON-stat 2.0 with `value` absent or
/// ignored; the dimensions are checked as [`read_jsonstat`] checks them.
///
/// ```
/// let text = br#"{"version":"2.0","class":"dataset","label":"12134: Grunnskole",
///   "id":["Region","Tid"],"size":[2,2],
///   "dimension":{"Region":{"category":{"index":["3440","EKG01"]}},
///                "Tid":{"category":{"index":{"2023":0,"2024":1}}}}}"#;
/// let m = styring_kostra::read_metadata(text, "metadata", &Default::default()).unwrap();
/// assert_eq!((m.table.as_deref(), m.dimensions.len()), (Some("12134"), 2));
/// ```
///
/// # Errors
/// [`KostraError::Read`] with every problem at its JSON path.
pub fn read_metadata(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<TableMetadata, KostraError> {
    let mut r = Reader {
        file,
        problems: Problems::default(),
    };
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let root: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            r.add(
                ProblemKind::Damaged,
                &format!("linje {}, kolonne {}", e.line(), e.column()),
                format!("ikke gyldig JSON: {e}"),
                format!("not valid JSON: {e}"),
            );
            return Err(KostraError::Read(r.problems));
        }
    };
    let head = header(&mut r, &root, limits);
    match head {
        Some(h) if r.problems.is_empty() => {
            let label = h
                .obj
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let eliminable = h
                .dimensions
                .iter()
                .filter(|d| {
                    h.obj
                        .get("dimension")
                        .and_then(|m| m.get(&d.id))
                        .and_then(|d| d.get("extension"))
                        .and_then(|e| e.get("elimination"))
                        .and_then(Value::as_bool)
                        == Some(true)
                })
                .map(|d| d.id.clone())
                .collect();
            let px = h
                .obj
                .get("extension")
                .and_then(|e| e.get("px"))
                .and_then(|p| p.get("tableid"))
                .and_then(Value::as_str);
            Ok(TableMetadata {
                table: styring_core::kostra::table_number(px, &label),
                updated: h
                    .obj
                    .get("updated")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                label,
                dimensions: h.dimensions,
                eliminable,
            })
        }
        _ => Err(KostraError::Read(r.problems)),
    }
}

struct Header<'v> {
    obj: &'v serde_json::Map<String, Value>,
    dimensions: Vec<styring_core::kostra::Dimension>,
    sizes: Vec<usize>,
}

fn header<'v>(r: &mut Reader<'_>, root: &'v Value, limits: &Limits) -> Option<Header<'v>> {
    let Some(obj) = root.as_object() else {
        r.wrong(
            "$",
            "et JSON-stat-datasett (et objekt)",
            "a JSON-stat dataset (an object)",
            root,
        );
        return None;
    };
    match obj.get("version") {
        None => r.missing("$.version", "«version»"),
        Some(Value::String(v)) if v == "2.0" => {}
        Some(v) => r.add(
            ProblemKind::Invalid,
            "$.version",
            format!("versjon {v} kan ikke leses; bare JSON-stat 2.0 (\"2.0\")"),
            format!("version {v} cannot be read; only JSON-stat 2.0 (\"2.0\")"),
        ),
    }
    match obj.get("class") {
        None => r.missing("$.class", "«class»"),
        Some(Value::String(c)) if c == "dataset" => {}
        Some(Value::String(c)) => r.add(
            ProblemKind::Invalid,
            "$.class",
            format!("klassen er «{c}»; bare et datasett («dataset») kan leses — lagre én tabell om gangen"),
            format!("the class is \"{c}\"; only a dataset (\"dataset\") can be read — save one table at a time"),
        ),
        Some(v) => r.wrong("$.class", "«dataset»", "\"dataset\"", v),
    }
    let ids: Vec<String> = match obj.get("id") {
        None => {
            r.missing("$.id", "«id»");
            Vec::new()
        }
        Some(Value::Array(a)) => {
            let mut out: Vec<String> = Vec::new();
            for (i, v) in a.iter().enumerate() {
                match v.as_str() {
                    Some(s) if out.iter().any(|x| x == s) => r.add(
                        ProblemKind::Duplicate,
                        &format!("$.id[{i}]"),
                        format!("dimensjonen «{s}» står to ganger i id"),
                        format!("the dimension \"{s}\" appears twice in id"),
                    ),
                    Some(s) => out.push(s.to_string()),
                    None => r.wrong(&format!("$.id[{i}]"), "tekst", "text", v),
                }
            }
            out
        }
        Some(v) => {
            r.wrong(
                "$.id",
                "en liste av dimensjoner",
                "an array of dimension ids",
                v,
            );
            Vec::new()
        }
    };
    if ids.len() > limits.max_dimensions {
        r.add(
            ProblemKind::Limit,
            "$.id",
            format!(
                "{} dimensjoner; grensen er {}",
                ids.len(),
                limits.max_dimensions
            ),
            format!(
                "{} dimensions; the limit is {}",
                ids.len(),
                limits.max_dimensions
            ),
        );
        return None;
    }
    let sizes: Vec<usize> = match obj.get("size") {
        None => {
            r.missing("$.size", "«size»");
            Vec::new()
        }
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter_map(
                |(i, v)| match v.as_u64().and_then(|n| usize::try_from(n).ok()) {
                    Some(n) => Some(n),
                    None => {
                        r.wrong(
                            &format!("$.size[{i}]"),
                            "et heltall ≥ 0",
                            "an integer ≥ 0",
                            v,
                        );
                        None
                    }
                },
            )
            .collect(),
        Some(v) => {
            r.wrong("$.size", "en liste av heltall", "an array of integers", v);
            Vec::new()
        }
    };
    if sizes.len() != ids.len() && obj.get("size").is_some_and(Value::is_array) {
        r.add(
            ProblemKind::Invalid,
            "$.size",
            format!(
                "size har {} tall, men id har {} dimensjoner; de skal høre sammen ett for ett",
                sizes.len(),
                ids.len()
            ),
            format!(
                "size has {} numbers, but id has {} dimensions; they go together one for one",
                sizes.len(),
                ids.len()
            ),
        );
    }
    let dims_obj = match obj.get("dimension") {
        None => {
            r.missing("$.dimension", "«dimension»");
            None
        }
        Some(Value::Object(m)) => Some(m),
        Some(v) => {
            r.wrong("$.dimension", "et objekt", "an object", v);
            None
        }
    };
    let roles = roles(r, obj.get("role"), &ids);
    let mut dimensions = Vec::new();
    if let Some(m) = dims_obj {
        for (k, id) in ids.iter().enumerate() {
            let path = key("$.dimension", id);
            match m.get(id) {
                None => r.add(
                    ProblemKind::Missing,
                    &path,
                    format!("dimensjonen «{id}» står i id, men har ingen oppføring i dimension"),
                    format!("the dimension \"{id}\" is in id but has no entry in dimension"),
                ),
                Some(d) => {
                    if let Some(dim) = dimension(r, &path, id, d, roles.get(id).copied()) {
                        if let Some(&n) = sizes.get(k) {
                            if n != dim.categories.len() {
                                r.add(
                                    ProblemKind::Invalid,
                                    &format!("$.size[{k}]"),
                                    format!(
                                        "size sier {n} for «{id}», men dimensjonen har {} kategorier",
                                        dim.categories.len()
                                    ),
                                    format!(
                                        "size says {n} for \"{id}\", but the dimension has {} categories",
                                        dim.categories.len()
                                    ),
                                );
                            }
                        }
                        dimensions.push(dim);
                    }
                }
            }
        }
    }
    Some(Header {
        obj,
        dimensions,
        sizes,
    })
}

fn dataset(
    r: &mut Reader<'_>,
    root: &Value,
    cells_in: Option<&root::Cells>,
    limits: &Limits,
) -> Option<Cube> {
    let Header {
        obj,
        dimensions,
        sizes,
    } = header(r, root, limits)?;
    let cells = sizes.iter().try_fold(1usize, |n, &s| n.checked_mul(s));
    let Some(cells) = cells.filter(|&c| c <= limits.max_cells) else {
        r.add(
            ProblemKind::Limit,
            "$.size",
            format!("tabellen har flere enn {} celler", limits.max_cells),
            format!("the table has more than {} cells", limits.max_cells),
        );
        return None;
    };
    let values = values(r, cells_in, cells);
    let status = status(r, obj.get("status"), cells, values.as_deref());
    if !r.problems.is_empty() {
        return None;
    }
    let label = obj
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    match Cube::new(label, dimensions, values?, status) {
        Ok(mut c) => {
            c.source = obj
                .get("source")
                .and_then(Value::as_str)
                .map(str::to_string);
            c.updated = obj
                .get("updated")
                .and_then(Value::as_str)
                .map(str::to_string);
            c.notes = notes(obj.get("note"));
            let px = obj
                .get("extension")
                .and_then(|e| e.get("px"))
                .and_then(|p| p.get("tableid"))
                .and_then(Value::as_str);
            c.table = styring_core::kostra::table_number(px, &c.label);
            Some(c)
        }
        Err(t) => {
            r.add(ProblemKind::Invalid, "$", t.nb, t.en);
            None
        }
    }
}

fn roles(r: &mut Reader<'_>, v: Option<&Value>, ids: &[String]) -> BTreeMap<String, Role> {
    let mut out = BTreeMap::new();
    let Some(v) = v else { return out };
    let Some(m) = v.as_object() else {
        r.wrong("$.role", "et objekt", "an object", v);
        return out;
    };
    for (name, role) in [
        ("time", Role::Time),
        ("geo", Role::Geo),
        ("metric", Role::Metric),
    ] {
        let Some(list) = m.get(name) else { continue };
        let path = format!("$.role.{name}");
        let Some(list) = list.as_array() else {
            r.wrong(
                &path,
                "en liste av dimensjoner",
                "an array of dimension ids",
                list,
            );
            continue;
        };
        for (i, d) in list.iter().enumerate() {
            match d.as_str() {
                Some(d) if ids.iter().any(|x| x == d) => {
                    out.insert(d.to_string(), role);
                }
                Some(d) => r.add(
                    ProblemKind::UnknownReference,
                    &format!("{path}[{i}]"),
                    format!("rollen gjelder «{d}», som ikke står i id"),
                    format!("the role names \"{d}\", which is not in id"),
                ),
                None => r.wrong(&format!("{path}[{i}]"), "tekst", "text", d),
            }
        }
    }
    out
}

fn dimension(
    r: &mut Reader<'_>,
    path: &str,
    id: &str,
    d: &Value,
    role: Option<Role>,
) -> Option<Dimension> {
    let Some(d) = d.as_object() else {
        r.wrong(path, "et objekt", "an object", d);
        return None;
    };
    let cpath = format!("{path}.category");
    let Some(cat) = d.get("category") else {
        r.missing(&cpath, "«category»");
        return None;
    };
    let Some(cat) = cat.as_object() else {
        r.wrong(&cpath, "et objekt", "an object", cat);
        return None;
    };
    let labels: Option<&Map<String, Value>> = match cat.get("label") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(v) => {
            r.wrong(&format!("{cpath}.label"), "et objekt", "an object", v);
            None
        }
    };
    let codes = index(r, &cpath, cat.get("index"), labels)?;
    let units = cat.get("unit").and_then(Value::as_object);
    let cat_notes = cat.get("note").and_then(Value::as_object);
    let categories = codes
        .into_iter()
        .map(|code| {
            let label = labels
                .and_then(|l| l.get(&code))
                .and_then(Value::as_str)
                .map_or_else(|| code.clone(), str::to_string);
            let unit = units.and_then(|u| u.get(&code)).map(|u| MeasureUnit {
                decimals: u
                    .get("decimals")
                    .and_then(Value::as_u64)
                    .and_then(|d| u8::try_from(d.min(15)).ok()),
                label: u
                    .get("label")
                    .or_else(|| u.get("base"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
            let notes = notes(cat_notes.and_then(|n| n.get(&code)));
            Category {
                code,
                label,
                unit,
                notes,
            }
        })
        .collect();
    Some(Dimension {
        id: id.to_string(),
        label: d
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_string(),
        role,
        categories,
        notes: notes(d.get("note")),
    })
}

/// The codes in position order, from `index` (array, or object of code →
/// position) or, for a dimension without it, from `label` (one category).
fn index(
    r: &mut Reader<'_>,
    cpath: &str,
    index: Option<&Value>,
    labels: Option<&Map<String, Value>>,
) -> Option<Vec<String>> {
    let ipath = format!("{cpath}.index");
    match index {
        None => match labels {
            Some(l) if l.len() == 1 => Some(l.keys().cloned().collect()),
            Some(_) => {
                r.add(
                    ProblemKind::Missing,
                    &ipath,
                    "«index» mangler; uten den kan bare en dimensjon med én kategori leses".into(),
                    "\"index\" is missing; without it only a dimension of one category can be read"
                        .into(),
                );
                None
            }
            None => {
                r.missing(&ipath, "«index» (eller «label»)");
                None
            }
        },
        Some(Value::Array(a)) => {
            let mut out: Vec<String> = Vec::with_capacity(a.len());
            let before = r.problems.len();
            for (i, v) in a.iter().enumerate() {
                match v.as_str() {
                    Some(s) if out.iter().any(|x| x == s) => r.add(
                        ProblemKind::Duplicate,
                        &format!("{ipath}[{i}]"),
                        format!("koden «{s}» står to ganger"),
                        format!("the code \"{s}\" appears twice"),
                    ),
                    Some(s) => out.push(s.to_string()),
                    None => r.wrong(&format!("{ipath}[{i}]"), "tekst", "text", v),
                }
            }
            (r.problems.len() == before).then_some(out)
        }
        Some(Value::Object(m)) => {
            let n = m.len();
            let mut slots: Vec<Option<&str>> = vec![None; n];
            let before = r.problems.len();
            for (code, pos) in m {
                let here = key(&ipath, code);
                match pos.as_u64().and_then(|p| usize::try_from(p).ok()) {
                    Some(p) if p < n => match slots[p] {
                        Some(other) => r.add(
                            ProblemKind::Duplicate,
                            &here,
                            format!("posisjon {p} er gitt både «{other}» og «{code}»; hver posisjon 0–{} skal brukes én gang", n - 1),
                            format!("position {p} is given to both \"{other}\" and \"{code}\"; each position 0–{} is used once", n - 1),
                        ),
                        None => slots[p] = Some(code),
                    },
                    Some(p) => r.add(
                        ProblemKind::OutOfRange,
                        &here,
                        format!("posisjon {p} finnes ikke; med {n} kategorier går posisjonene fra 0 til {}", n - 1),
                        format!("there is no position {p}; with {n} categories the positions run from 0 to {}", n - 1),
                    ),
                    None => r.wrong(&here, "en posisjon (et heltall ≥ 0)", "a position (an integer ≥ 0)", pos),
                }
            }
            if r.problems.len() != before {
                return None;
            }
            // Every slot is filled: n codes took n distinct positions < n.
            Some(
                slots
                    .into_iter()
                    .map(|s| s.unwrap_or_default().to_string())
                    .collect(),
            )
        }
        Some(v) => {
            r.wrong(
                &ipath,
                "en liste eller et objekt",
                "an array or an object",
                v,
            );
            None
        }
    }
}

/// The cell a sparse object's key names (`"17"`), or the problem that
/// it names none.
fn cell_index(r: &mut Reader<'_>, here: &str, k: &str, cells: usize) -> Option<usize> {
    match k.parse::<usize>() {
        Ok(i) if i < cells => Some(i),
        _ => {
            r.add(
                ProblemKind::OutOfRange,
                here,
                format!(
                    "«{k}» er ingen celle; cellene er 0–{}",
                    cells.saturating_sub(1)
                ),
                format!(
                    "\"{k}\" is no cell; the cells are 0–{}",
                    cells.saturating_sub(1)
                ),
            );
            None
        }
    }
}

fn values(r: &mut Reader<'_>, v: Option<&root::Cells>, cells: usize) -> Option<Vec<Option<f64>>> {
    // A cell's path is written only when it has a problem: a million
    // cells make no million strings.
    let number =
        |r: &mut Reader<'_>, path: &dyn Fn() -> String, x: &Value| -> Option<Option<f64>> {
            match x {
                Value::Null => Some(None),
                Value::Number(n) => match n.as_f64().filter(|f| f.is_finite()) {
                    Some(f) => Some(Some(f)),
                    None => {
                        r.wrong(&path(), "et endelig tall", "a finite number", x);
                        None
                    }
                },
                _ => {
                    r.wrong(&path(), "et tall eller null", "a number or null", x);
                    None
                }
            }
        };
    // The general reader's `value`: a list or an object as the fast
    // reader gives them.
    let owned;
    let v = match v {
        Some(root::Cells::Other(Value::Array(a))) => {
            owned = root::Cells::List(a.clone());
            Some(&owned)
        }
        Some(root::Cells::Other(Value::Object(m))) => {
            owned = root::Cells::Entries(m.iter().map(|(k, x)| (k.clone(), x.clone())).collect());
            Some(&owned)
        }
        other => other,
    };
    match v {
        None => {
            r.missing("$.value", "«value»");
            None
        }
        Some(root::Cells::List(a)) => {
            if a.len() != cells {
                r.add(
                    ProblemKind::Invalid,
                    "$.value",
                    format!("value har {} verdier, men size gir {cells} celler", a.len()),
                    format!("value has {} values, but size gives {cells} cells", a.len()),
                );
                return None;
            }
            let mut out = Vec::with_capacity(cells);
            let mut ok = true;
            for (i, x) in a.iter().enumerate() {
                match number(r, &|| format!("$.value[{i}]"), x) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
            ok.then_some(out)
        }
        Some(root::Cells::Entries(m)) => {
            let mut out = vec![None; cells];
            let mut ok = true;
            for (k, x) in m {
                let here = || key("$.value", k);
                match k.parse::<usize>().ok().filter(|&i| i < cells) {
                    Some(i) => match number(r, &here, x) {
                        Some(v) => out[i] = v,
                        None => ok = false,
                    },
                    None => {
                        cell_index(r, &here(), k, cells);
                        ok = false;
                    }
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
            ok.then_some(out)
        }
        Some(root::Cells::Other(v)) => {
            r.wrong(
                "$.value",
                "en liste eller et objekt",
                "an array or an object",
                v,
            );
            None
        }
    }
}

fn status(
    r: &mut Reader<'_>,
    v: Option<&Value>,
    cells: usize,
    values: Option<&[Option<f64>]>,
) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    let mut put = |r: &mut Reader<'_>, i: usize, path: String, s: &Value| {
        let Some(s) = s.as_str() else {
            if !s.is_null() {
                r.wrong(&path, "et symbol (tekst)", "a symbol (text)", s);
            }
            return;
        };
        if let Some(Some(v)) = values.and_then(|vs| vs.get(i)) {
            r.add(
                ProblemKind::Invalid,
                &path,
                format!("celle {i} har både en verdi ({v}) og statusen «{s}»; en status hører til en celle uten verdi"),
                format!("cell {i} has both a value ({v}) and the status \"{s}\"; a status belongs to a cell without a value"),
            );
            return;
        }
        out.insert(i, s.to_string());
    };
    match v {
        None | Some(Value::Null) => {}
        // One symbol for every cell: it marks the missing ones.
        Some(Value::String(s)) => {
            for i in 0..cells {
                if values.and_then(|vs| vs.get(i)).is_some_and(Option::is_none) {
                    out.insert(i, s.clone());
                }
            }
        }
        Some(Value::Array(a)) if a.len() == 1 => {
            if let Some(s) = a[0].as_str() {
                for i in 0..cells {
                    if values.and_then(|vs| vs.get(i)).is_some_and(Option::is_none) {
                        out.insert(i, s.to_string());
                    }
                }
            }
        }
        Some(Value::Array(a)) => {
            if a.len() != cells {
                r.add(
                    ProblemKind::Invalid,
                    "$.status",
                    format!(
                        "status har {} oppføringer, men size gir {cells} celler",
                        a.len()
                    ),
                    format!(
                        "status has {} entries, but size gives {cells} cells",
                        a.len()
                    ),
                );
                return out;
            }
            for (i, s) in a.iter().enumerate() {
                put(r, i, format!("$.status[{i}]"), s);
                if r.problems.len() > 100 {
                    break;
                }
            }
        }
        Some(Value::Object(m)) => {
            for (k, s) in m {
                let here = key("$.status", k);
                if let Some(i) = cell_index(r, &here, k, cells) {
                    put(r, i, here, s);
                }
                if r.problems.len() > 100 {
                    break;
                }
            }
        }
        Some(v) => r.wrong(
            "$.status",
            "tekst, en liste eller et objekt",
            "text, an array or an object",
            v,
        ),
    }
    out
}
