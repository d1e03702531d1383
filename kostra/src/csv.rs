//! SSB's CSV: a header row, then one row per combination of the
//! dimensions' categories, the labels quoted (`"3440 Øyer"`), the values
//! unquoted with `.` as the decimal sign, and SSB's symbol where a value is
//! missing (`..`, `.`, `:`). Comma or semicolon separated; ISO-8859-1
//! unless the file is UTF-8 (a byte-order mark, or bytes that can only be
//! UTF-8). The quoted columns are the dimensions, the rest are values;
//! with more than one value column the columns make a dimension of their
//! own. Every problem at its line and column.

use crate::{KostraError, Limits};
use std::collections::{BTreeMap, HashMap};
use styring_core::kostra::{Category, Cube, Dimension};
use styring_core::problem::{Location, ProblemKind, Problems};

/// How the bytes of a CSV file are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 when the file says so (a byte-order mark) or can only be
    /// UTF-8; ISO-8859-1 otherwise.
    #[default]
    Auto,
    /// UTF-8.
    Utf8,
    /// ISO-8859-1 (Latin-1), SSB's default.
    Latin1,
}

impl std::str::FromStr for Encoding {
    type Err = styring_core::text::Text;
    /// `auto`, `utf-8` or `iso-8859-1` (also `latin1`), in any case.
    fn from_str(s: &str) -> Result<Encoding, Self::Err> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf8" => Ok(Encoding::Utf8),
            "latin1" | "iso88591" => Ok(Encoding::Latin1),
            _ => Err(styring_core::text::Text::new(
                format!("ukjent tegnkoding «{s}» (bruk auto, utf-8 eller iso-8859-1)"),
                format!("unknown encoding \"{s}\" (use auto, utf-8 or iso-8859-1)"),
            )),
        }
    }
}

fn at(file: &str, line: usize, col: usize) -> Location {
    Location::entry(format!("linje {line}, kolonne {col}")).in_file(file.to_string())
}

/// The text of `bytes` in `encoding`, or the problem with the first byte
/// that does not fit.
fn decode(bytes: &[u8], file: &str, encoding: Encoding, p: &mut Problems) -> Option<String> {
    let (bom, rest) = match bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let place = |i: usize| {
        let before = &rest[..i.min(rest.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        (line, col)
    };
    let utf8 = std::str::from_utf8(rest);
    match (encoding, bom, utf8) {
        (Encoding::Utf8 | Encoding::Auto, _, Ok(s))
            if bom || encoding == Encoding::Utf8 || !s.is_ascii() =>
        {
            Some(s.to_string())
        }
        (Encoding::Utf8, _, Err(e)) | (Encoding::Auto, true, Err(e)) => {
            let (line, col) = place(e.valid_up_to());
            p.add_kind(
                ProblemKind::Damaged,
                at(file, line, col),
                format!("filen er ikke UTF-8 (byte 0x{:02X}); er den ISO-8859-1? Oppgi --encoding iso-8859-1", rest[e.valid_up_to()]),
                format!("the file is not UTF-8 (byte 0x{:02X}); is it ISO-8859-1? Give --encoding iso-8859-1", rest[e.valid_up_to()]),
            );
            None
        }
        (Encoding::Latin1, false, Ok(s)) if !s.is_ascii() => {
            let i = s.bytes().position(|b| !b.is_ascii()).unwrap_or(0);
            let (line, col) = place(i);
            p.add_kind(
                ProblemKind::Damaged,
                at(file, line, col),
                "filen ser ut til å være UTF-8, ikke ISO-8859-1 (æøå ville blitt «Ã¦Ã¸Ã¥»); oppgi --encoding utf-8",
                "the file looks like UTF-8, not ISO-8859-1 (æøå would read as \"Ã¦Ã¸Ã¥\"); give --encoding utf-8",
            );
            None
        }
        _ => {
            // ISO-8859-1: every byte is a character, but 0x80–0x9F are
            // control codes no text file holds (Windows-1252's € and
            // quotes live there: the wrong encoding).
            if let Some(i) = rest.iter().position(|b| (0x80..0xA0).contains(b)) {
                let (line, col) = place(i);
                p.add_kind(
                    ProblemKind::Damaged,
                    at(file, line, col),
                    format!("byte 0x{:02X} er ikke tekst i ISO-8859-1 (er filen Windows-1252 eller ikke tekst?); lagre den som ISO-8859-1 eller UTF-8", rest[i]),
                    format!("byte 0x{:02X} is not text in ISO-8859-1 (is the file Windows-1252, or not text?); save it as ISO-8859-1 or UTF-8", rest[i]),
                );
                return None;
            }
            Some(rest.iter().map(|&b| char::from(b)).collect())
        }
    }
}

/// One field: its text, whether it was quoted, and its column (1-based).
struct Field {
    text: String,
    quoted: bool,
    col: usize,
}

/// Splits `text` into records of fields, each record with its line.
fn records(text: &str, sep: char, file: &str, p: &mut Problems) -> Vec<(usize, Vec<Field>)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut col = 1usize;
    loop {
        let start_line = line;
        let mut fields = Vec::new();
        let mut end = false;
        loop {
            let field_col = col;
            let mut s = String::new();
            let mut quoted = false;
            if chars.peek() == Some(&'"') {
                quoted = true;
                chars.next();
                col += 1;
                loop {
                    match chars.next() {
                        None => {
                            p.add_kind(
                                ProblemKind::Damaged,
                                at(file, start_line, field_col),
                                "et anførselstegn åpnes, men lukkes aldri",
                                "a quotation mark is opened but never closed",
                            );
                            return out;
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            col += 2;
                            s.push('"');
                        }
                        Some('"') => {
                            col += 1;
                            break;
                        }
                        Some('\n') => {
                            line += 1;
                            col = 1;
                            s.push('\n');
                        }
                        Some(c) => {
                            col += 1;
                            s.push(c);
                        }
                    }
                }
            }
            // Up to the separator or the end of the line.
            loop {
                match chars.peek().copied() {
                    None => {
                        end = true;
                        break;
                    }
                    Some(c) if c == sep => {
                        chars.next();
                        col += 1;
                        break;
                    }
                    Some('\r') => {
                        chars.next();
                    }
                    Some('\n') => break,
                    Some(c) => {
                        chars.next();
                        col += 1;
                        if !quoted {
                            s.push(c);
                        }
                    }
                }
            }
            fields.push(Field {
                text: s,
                quoted,
                col: field_col,
            });
            if end || chars.peek() == Some(&'\n') {
                break;
            }
        }
        if chars.peek() == Some(&'\n') {
            chars.next();
            line += 1;
            col = 1;
        }
        let blank = fields.len() == 1 && fields[0].text.trim().is_empty() && !fields[0].quoted;
        if !blank {
            out.push((start_line, fields));
        }
        if end || chars.peek().is_none() {
            break;
        }
    }
    out
}

const SYMBOLS: [&str; 5] = ["..", ".", ":", "-", "…"];

/// A value field: a number, a symbol, or empty.
enum Read {
    Number(f64),
    Symbol(String),
    Empty,
}

fn value_of(f: &Field) -> Option<Read> {
    let t = f.text.trim();
    if t.is_empty() {
        return Some(Read::Empty);
    }
    if SYMBOLS.contains(&t) {
        return Some(Read::Symbol(t.to_string()));
    }
    let ok = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok {
        return None;
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Read::Number)
}

/// A category from a label as SSB writes it: `3440 Øyer` is code `3440`,
/// label `Øyer`; `EKG01 Kostragruppe 1` is code `EKG01`; a text without a
/// code (`Korrigerte brutto driftsutgifter`) is its own code.
fn category(text: &str) -> Category {
    let text = text.trim();
    let (code, label) = match text.split_once(' ') {
        Some((c, rest))
            if c.chars().any(|x| x.is_ascii_digit())
                || (c.len() >= 2 && c.chars().all(|x| x.is_ascii_uppercase())) =>
        {
            (c.to_string(), rest.trim().to_string())
        }
        _ => (text.to_string(), text.to_string()),
    };
    Category {
        code,
        label,
        unit: None,
        notes: Vec::new(),
    }
}

/// Why `t` is not a value, in both languages: a decimal comma is named.
fn not_a_value(t: &str) -> (String, String) {
    if t.contains(',') && t.replace(',', ".").parse::<f64>().is_ok() {
        (
            format!("«{t}» har desimalkomma; SSBs CSV bruker punktum som desimaltegn"),
            format!("\"{t}\" has a decimal comma; SSB's CSV uses a point as the decimal sign"),
        )
    } else {
        (
            format!("«{t}» er ikke et tall"),
            format!("\"{t}\" is not a number"),
        )
    }
}

/// Reads SSB's CSV from `bytes` (the file `file`).
///
/// # Errors
/// [`KostraError::Read`] with every problem at its line and column: bytes
/// that are not text in the encoding, no header or no rows, a row with too
/// few or too many fields, text where a value belongs, a decimal comma, the
/// same combination twice, a table beyond the limits.
pub fn read_csv(
    bytes: &[u8],
    file: &str,
    encoding: Encoding,
    limits: &Limits,
) -> Result<Cube, KostraError> {
    let mut p = Problems::default();
    let Some(text) = decode(bytes, file, encoding, &mut p) else {
        return Err(KostraError::Read(p));
    };
    let first = text.lines().next().unwrap_or_default();
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let sep = if count(';') > count(',') { ';' } else { ',' };
    let rows = records(&text, sep, file, &mut p);
    if !p.is_empty() {
        return Err(KostraError::Read(p));
    }
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        p.add_kind(
            ProblemKind::Missing,
            Location::file(file),
            "filen er tom; den skal ha en overskriftsrad og én rad per celle",
            "the file is empty; it needs a header row and one row per cell",
        );
        return Err(KostraError::Read(p));
    };
    let rows: Vec<(usize, Vec<Field>)> = rows.collect();
    if rows.is_empty() {
        p.add_kind(
            ProblemKind::Missing,
            Location::file(file),
            "filen har bare overskriftsraden; ingen verdier å lese",
            "the file has only its header row; no values to read",
        );
        return Err(KostraError::Read(p));
    }
    let width = header.len();
    for (line, fields) in &rows {
        if fields.len() != width {
            p.add_kind(
                ProblemKind::Invalid,
                at(file, *line, fields.last().map_or(1, |f| f.col)),
                format!(
                    "raden har {} felt, men overskriften har {width}",
                    fields.len()
                ),
                format!(
                    "the row has {} fields, but the header has {width}",
                    fields.len()
                ),
            );
        }
        if p.len() > 100 {
            break;
        }
    }
    if !p.is_empty() {
        return Err(KostraError::Read(p));
    }
    // The dimensions are the leading columns whose labels are all quoted
    // (as SSB writes them); the values start at the first column with an
    // unquoted field, or are the last column. Every field there must be a
    // value; the rows below say where one is not.
    let first_value = (0..width.saturating_sub(1))
        .find(|&c| {
            rows.iter()
                .any(|(_, f)| !f[c].quoted && !f[c].text.trim().is_empty())
        })
        .unwrap_or(width.saturating_sub(1));
    if first_value == 0 {
        p.add_kind(
            ProblemKind::Missing,
            at(file, 1, 1),
            "ingen dimensjonskolonner (tekst i anførselstegn, som «3440 Øyer») foran verdiene",
            "no dimension columns (quoted text, like \"3440 Øyer\") before the values",
        );
        return Err(KostraError::Read(p));
    }
    // The dimensions and their categories, in order of appearance.
    let mut dims: Vec<Dimension> = Vec::new();
    let mut lookup: Vec<HashMap<String, usize>> = Vec::new();
    for (c, h) in header.iter().enumerate().take(first_value) {
        let mut d = Dimension {
            id: h.text.trim().to_string(),
            label: h.text.trim().to_string(),
            role: None,
            categories: Vec::new(),
            notes: Vec::new(),
        };
        let mut map = HashMap::new();
        for (_, f) in &rows {
            let t = f[c].text.trim();
            if !map.contains_key(t) {
                map.insert(t.to_string(), d.categories.len());
                d.categories.push(category(t));
            }
        }
        // Two labels with the same code («3440 Øyer», «3440 Øyer kommune»)
        // are the same category.
        let mut codes: HashMap<String, usize> = HashMap::new();
        let mut merged: Vec<Category> = Vec::new();
        let mut remap: Vec<usize> = Vec::with_capacity(d.categories.len());
        for cat in d.categories {
            match codes.get(&cat.code) {
                Some(&i) => remap.push(i),
                None => {
                    codes.insert(cat.code.clone(), merged.len());
                    remap.push(merged.len());
                    merged.push(cat);
                }
            }
        }
        for v in map.values_mut() {
            *v = remap[*v];
        }
        d.categories = merged;
        if d.id.is_empty() {
            d.id = format!("kolonne{}", c + 1);
            d.label = d.id.clone();
        }
        dims.push(d);
        lookup.push(map);
    }
    let value_cols = width - first_value;
    if value_cols > 1 {
        dims.push(Dimension {
            id: "kolonne".into(),
            label: "Kolonne".into(),
            role: None,
            categories: header[first_value..]
                .iter()
                .map(|h| Category {
                    code: h.text.trim().to_string(),
                    label: h.text.trim().to_string(),
                    unit: None,
                    notes: Vec::new(),
                })
                .collect(),
            notes: Vec::new(),
        });
    }
    let cells = styring_core::kostra::size_of(&dims).filter(|&n| n <= limits.max_cells);
    let Some(cells) = cells else {
        p.add_kind(
            ProblemKind::Limit,
            Location::file(file),
            format!("tabellen får flere enn {} celler", limits.max_cells),
            format!("the table comes to more than {} cells", limits.max_cells),
        );
        return Err(KostraError::Read(p));
    };
    let mut values: Vec<Option<f64>> = vec![None; cells];
    let mut filled: Vec<bool> = vec![false; cells];
    let mut status = BTreeMap::new();
    for (line, f) in &rows {
        let mut base = 0usize;
        for (c, d) in dims.iter().enumerate().take(first_value) {
            let pos = lookup[c].get(f[c].text.trim()).copied().unwrap_or(0);
            base = base * d.categories.len() + pos;
        }
        for k in 0..value_cols {
            let i = if value_cols > 1 {
                base * value_cols + k
            } else {
                base
            };
            let field = &f[first_value + k];
            if filled[i] {
                p.add_kind(
                    ProblemKind::Duplicate,
                    at(file, *line, field.col),
                    "den samme kombinasjonen står på en tidligere rad; hver celle skal stå én gang",
                    "the same combination is on an earlier row; each cell appears once",
                );
                continue;
            }
            filled[i] = true;
            match value_of(field) {
                Some(Read::Number(v)) => values[i] = Some(v),
                Some(Read::Symbol(s)) => {
                    status.insert(i, s);
                }
                Some(Read::Empty) => {}
                None => {
                    let (nb, en) = not_a_value(field.text.trim());
                    p.add_kind(ProblemKind::NotANumber, at(file, *line, field.col), nb, en);
                }
            }
        }
        if p.len() > 100 {
            break;
        }
    }
    if !p.is_empty() {
        return Err(KostraError::Read(p));
    }
    let label = if value_cols == 1 {
        header
            .last()
            .map(|h| h.text.trim().to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    Cube::new(label, dims, values, status).map_err(|t| {
        let mut p = Problems::default();
        p.add_kind(ProblemKind::Invalid, Location::file(file), t.nb, t.en);
        KostraError::Read(p)
    })
}
