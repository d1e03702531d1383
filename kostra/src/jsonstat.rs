//! JSON-stat 2.0 datasets, as SSB's PxWebApi v2 returns them and the
//! statbank saves them: `version`, `class` ("dataset"), `id`, `size`,
//! `dimension` and `value` required; `category.index` an array or an
//! object of code → position (its key order means nothing; the integers
//! do); `value` an array or a sparse object keyed by cell index; `status`
//! a string, an array or an object keyed by cell index; `role`, `unit`
//! and `note` read where given. Every problem is reported at its JSON
//! path (`$.dimension.Tid.category.index.2024`), all at once.

mod cells;
mod metadata;
mod root;

pub use metadata::{read_metadata, TableMetadata};

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

    /// Not JSON at all: where the parser stopped.
    fn damaged(&mut self, e: &serde_json::Error) {
        self.add(
            ProblemKind::Damaged,
            &format!("linje {}, kolonne {}", e.line(), e.column()),
            format!("ikke gyldig JSON: {e}"),
            format!("not valid JSON: {e}"),
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

fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes)
}

/// SSB's table number: PxWeb's `extension.px.tableid`, else the start of
/// the title.
fn table_of(obj: &Map<String, Value>, label: &str) -> Option<String> {
    let px = obj
        .get("extension")
        .and_then(|e| e.get("px"))
        .and_then(|p| p.get("tableid"))
        .and_then(Value::as_str);
    styring_core::kostra::table_number(px, label)
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
    let bytes = without_bom(bytes);
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
                r.damaged(&e);
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
    let values = cells::values(r, cells_in, cells);
    let status = cells::status(r, obj.get("status"), cells, values.as_deref());
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
            c.table = table_of(obj, &c.label);
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
