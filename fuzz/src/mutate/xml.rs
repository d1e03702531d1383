//! Edits of one XML part of a zip-based workbook: numbers in attributes
//! (`count=""`, `r=""`, the dimension `ref`, OpenDocument repeats), cell
//! types, element text, duplicated, deleted or truncated elements, deep
//! nesting, entities and broken characters. The XML is handled as bytes,
//! so an edit never needs the part to be valid UTF-8 or well formed.

use super::bytes::MAX_LEN;
use crate::rng::Rng;

/// Attributes whose values are counts, sizes, indices or references.
const KEY_ATTRIBUTES: &[&str] = &[
    "count",
    "uniqueCount",
    "r",
    "ref",
    "s",
    "t",
    "spans",
    "sqref",
    "sheetId",
    "r:id",
    "Id",
    "Target",
    "PartName",
    "ContentType",
    "xSplit",
    "ySplit",
    "topLeftCell",
    "ht",
    "customFormat",
    "numFmtId",
    "formatCode",
    "table:number-columns-repeated",
    "table:number-rows-repeated",
    "table:number-columns-spanned",
    "table:number-rows-spanned",
    "office:value",
    "office:value-type",
    "office:date-value",
    "calcext:value-type",
    "table:name",
];

/// Numbers at the edges of what a reader expects.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "255",
    "256",
    "65535",
    "65536",
    "16384",
    "16385",
    "1048576",
    "1048577",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "18446744073709551615",
    "99999999999999999999999",
    "1000000000",
    "1e308",
    "1e309",
    "-1e308",
    "NaN",
    "inf",
    "-0",
    "0.5",
    "",
    "x",
];

/// Cell references and ranges at the edges of a sheet.
const REFS: &[&str] = &[
    "A1",
    "A0",
    "XFD1048576",
    "XFE1",
    "A1048577",
    "ZZZZZZZZ1",
    "A99999999999999999999",
    "a1",
    "$A$1",
    "R1C1",
    "A1:XFD1048576",
    "B2:A1",
    "A1:",
    ":",
    "A1:A1:A1",
    "",
];

/// Values of cell and value types.
const TYPES: &[&str] = &[
    "s",
    "n",
    "b",
    "e",
    "str",
    "inlineStr",
    "d",
    "x",
    "float",
    "string",
    "date",
    "percentage",
    "currency",
    "boolean",
    "time",
];

/// Elements worth duplicating, deleting or truncating.
const ELEMENTS: &[&str] = &[
    "row",
    "c",
    "v",
    "si",
    "t",
    "sheet",
    "sheetData",
    "dimension",
    "mergeCell",
    "definedName",
    "Override",
    "Default",
    "Relationship",
    "table:table-row",
    "table:table-cell",
    "table:table",
    "text:p",
    "office:spreadsheet",
];

/// Text inserted to break character and entity handling.
const JUNK: &[&str] = &[
    "&#0;",
    "&#xFFFF;",
    "&#1114112;",
    "&#xD800;",
    "&unknown;",
    "&amp",
    "<![CDATA[",
    "]]>",
    "<!--",
    "<?xml version=\"1.0\"?>",
    "\u{feff}",
    "\u{202e}",
    "\u{0}",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "</>",
    "<x:",
];

/// Applies one random XML edit to `part`.
pub fn mutate(rng: &mut Rng, part: &mut Vec<u8>, log: &mut Vec<String>) {
    let done = match rng.below(12) {
        0..=2 => attribute_value(rng, part, log),
        3 => digits_in_attribute(rng, part, log),
        4 => element_text_number(rng, part, log),
        5 => duplicate_element(rng, part, log),
        6 => delete_element(rng, part, log),
        7 => truncate_element(rng, part, log),
        8 => delete_attribute(rng, part, log),
        9 => deep_nesting(rng, part, log),
        10 => entity_bomb(rng, part, log),
        _ => insert_junk(rng, part, log),
    };
    if !done {
        insert_junk(rng, part, log);
    }
}

/// An attribute: its name and the byte range of its value (between the quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's name, with its namespace prefix.
    pub name: String,
    /// Start of the value.
    pub start: usize,
    /// End of the value (the closing quote's index).
    pub end: usize,
}

/// Every attribute `name="value"` (or with `'`) in `xml`, in order.
pub fn attributes(xml: &[u8]) -> Vec<Attribute> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < xml.len() {
        if xml[i] == b'=' && (xml[i + 1] == b'"' || xml[i + 1] == b'\'') {
            let quote = xml[i + 1];
            let mut n = i;
            while n > 0 && is_name_byte(xml[n - 1]) {
                n -= 1;
            }
            let start = i + 2;
            let end = match xml[start..].iter().position(|&b| b == quote) {
                Some(p) => start + p,
                None => break,
            };
            if n < i {
                out.push(Attribute {
                    name: String::from_utf8_lossy(&xml[n..i]).into_owned(),
                    start,
                    end,
                });
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.')
}

/// Picks an attribute, with key attributes (counts, references) favoured.
fn pick_attribute(rng: &mut Rng, xml: &[u8]) -> Option<Attribute> {
    let all = attributes(xml);
    if all.is_empty() {
        return None;
    }
    if rng.chance(70) {
        let key: Vec<&Attribute> = all
            .iter()
            .filter(|a| KEY_ATTRIBUTES.contains(&a.name.as_str()))
            .collect();
        if let Some(a) = rng.pick(&key) {
            return Some((*a).clone());
        }
    }
    rng.pick(&all).cloned()
}

/// Replaces an attribute's value with a number, reference or type that
/// fits its kind, or with another attribute's value.
pub fn attribute_value(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(a) = pick_attribute(rng, xml) else {
        return false;
    };
    let old = &xml[a.start..a.end];
    let looks_like_ref =
        old.first().is_some_and(u8::is_ascii_uppercase) && old.iter().any(u8::is_ascii_digit);
    let new: String = if rng.chance(15) {
        // Another attribute's value: a count where a reference was, an id twice.
        let all = attributes(xml);
        match rng.pick(&all) {
            Some(b) => String::from_utf8_lossy(&xml[b.start..b.end]).into_owned(),
            None => String::new(),
        }
    } else if a.name == "t" || a.name.ends_with("value-type") {
        pick_str(rng, TYPES)
    } else if looks_like_ref || a.name == "ref" || a.name == "sqref" || a.name == "r" {
        pick_str(rng, REFS)
    } else if rng.chance(10) {
        // A very long value.
        "9".repeat(rng.small_size(100_000))
    } else {
        pick_str(rng, NUMBERS)
    };
    log.push(format!(
        "xml attribute {}=\"{}\" -> \"{}\"",
        a.name,
        short(old),
        short(new.as_bytes())
    ));
    xml.splice(a.start..a.end, new.into_bytes());
    true
}

/// Replaces one run of digits inside an attribute value (`spans="1:5"`,
/// `ref="A1:D10"`) with an interesting number, keeping the rest.
pub fn digits_in_attribute(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(a) = pick_attribute(rng, xml) else {
        return false;
    };
    let runs = digit_runs(&xml[a.start..a.end]);
    let Some(&(s, e)) = rng.pick(&runs) else {
        return false;
    };
    let new = pick_str(rng, NUMBERS);
    log.push(format!(
        "xml digits in {}=\"{}\" -> {}",
        a.name,
        short(&xml[a.start..a.end]),
        short(new.as_bytes())
    ));
    xml.splice(a.start + s..a.start + e, new.into_bytes());
    true
}

/// The byte ranges of the digit runs in `s`.
fn digit_runs(s: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i].is_ascii_digit() {
            let start = i;
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Replaces a number that is an element's whole text (`<v>12</v>`).
pub fn element_text_number(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let mut spots = Vec::new();
    let mut i = 0;
    while i < xml.len() {
        if xml[i] == b'>' {
            let start = i + 1;
            let mut j = start;
            while j < xml.len()
                && (xml[j].is_ascii_digit() || matches!(xml[j], b'.' | b'-' | b'E' | b'e'))
            {
                j += 1;
            }
            if j > start && j < xml.len() && xml[j] == b'<' {
                spots.push((start, j));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let Some(&(s, e)) = rng.pick(&spots) else {
        return false;
    };
    let new = pick_str(rng, NUMBERS);
    log.push(format!(
        "xml text {} -> {}",
        short(&xml[s..e]),
        short(new.as_bytes())
    ));
    xml.splice(s..e, new.into_bytes());
    true
}

/// The byte range of one element named `name` (from `<name` to the end of
/// its closing tag or of its self-closing tag), chosen at random.
pub fn find_element(rng: &mut Rng, xml: &[u8], name: &str) -> Option<(usize, usize)> {
    let open = format!("<{name}");
    let starts: Vec<usize> = find_all(xml, open.as_bytes())
        .into_iter()
        .filter(|&p| {
            xml.get(p + open.len())
                .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        })
        .collect();
    let &start = rng.pick(&starts)?;
    let tag_end = start + xml[start..].iter().position(|&b| b == b'>')?;
    if xml[tag_end - 1] == b'/' {
        return Some((start, tag_end + 1));
    }
    // Find the matching close tag, counting nested elements of the same name.
    let close = format!("</{name}>");
    let mut depth = 1usize;
    let mut i = tag_end + 1;
    while i < xml.len() {
        if xml[i..].starts_with(close.as_bytes()) {
            depth -= 1;
            if depth == 0 {
                return Some((start, i + close.len()));
            }
            i += close.len();
        } else if xml[i..].starts_with(open.as_bytes())
            && xml
                .get(i + open.len())
                .is_some_and(|&b| b == b'>' || b.is_ascii_whitespace())
        {
            let end = i + xml[i..].iter().position(|&b| b == b'>')?;
            if xml[end - 1] != b'/' {
                depth += 1;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    None
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..].starts_with(needle))
        .collect()
}

/// An element name from [`ELEMENTS`] that occurs in `xml`.
fn present_element(rng: &mut Rng, xml: &[u8]) -> Option<&'static str> {
    let present: Vec<&'static str> = ELEMENTS
        .iter()
        .copied()
        .filter(|n| {
            let open = format!("<{n}");
            xml.windows(open.len() + 1).any(|w| {
                w.starts_with(open.as_bytes())
                    && (w[open.len()] == b'>' || w[open.len()] == b' ' || w[open.len()] == b'/')
            })
        })
        .collect();
    rng.pick(&present).copied()
}

/// Repeats an element 1–2000 times in place (duplicate rows, cells, sheets,
/// shared strings, relationships).
pub fn duplicate_element(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(name) = present_element(rng, xml) else {
        return false;
    };
    let Some((s, e)) = find_element(rng, xml, name) else {
        return false;
    };
    let copies = rng.small_size(2000).min(MAX_LEN / (e - s).max(1));
    let chunk = xml[s..e].to_vec();
    let mut new = Vec::with_capacity(chunk.len() * copies);
    for _ in 0..copies {
        new.extend_from_slice(&chunk);
    }
    xml.splice(e..e, new);
    log.push(format!("xml duplicate <{name}> {copies} times"));
    true
}

/// Deletes an element.
pub fn delete_element(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(name) = present_element(rng, xml) else {
        return false;
    };
    let Some((s, e)) = find_element(rng, xml, name) else {
        return false;
    };
    xml.drain(s..e);
    log.push(format!("xml delete <{name}>"));
    true
}

/// Cuts an element short: its closing tag gone, or the part ends inside it.
pub fn truncate_element(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(name) = present_element(rng, xml) else {
        return false;
    };
    let Some((s, e)) = find_element(rng, xml, name) else {
        return false;
    };
    if rng.chance(50) {
        let close = format!("</{name}>");
        if xml[s..e].ends_with(close.as_bytes()) {
            xml.drain(e - close.len()..e);
            log.push(format!("xml drop </{name}>"));
            return true;
        }
    }
    let cut = rng.range(s + 1, e);
    xml.truncate(cut);
    log.push(format!("xml end inside <{name}> at {cut}"));
    true
}

/// Deletes an attribute (`r`, `t`, `count` …), name and value.
pub fn delete_attribute(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(a) = pick_attribute(rng, xml) else {
        return false;
    };
    let name_start = a.start - 2 - a.name.len();
    let from = if name_start > 0 && xml[name_start - 1] == b' ' {
        name_start - 1
    } else {
        name_start
    };
    xml.drain(from..a.end + 1);
    log.push(format!("xml delete attribute {}", a.name));
    true
}

/// Inserts thousands of nested elements (recursive readers overflow their stack).
pub fn deep_nesting(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(pos) = insertion_point(rng, xml) else {
        return false;
    };
    let depth = rng.small_size(200_000);
    let name = pick_str(
        rng,
        &["a", "c", "row", "si", "r", "text:span", "table:table-cell"],
    );
    let mut new = Vec::new();
    for _ in 0..depth {
        new.extend_from_slice(format!("<{name}>").as_bytes());
    }
    if rng.chance(50) {
        for _ in 0..depth {
            new.extend_from_slice(format!("</{name}>").as_bytes());
        }
    }
    new.truncate(MAX_LEN);
    xml.splice(pos..pos, new);
    log.push(format!("xml nest <{name}> {depth} deep"));
    true
}

/// Puts a DOCTYPE with nested entities before the root element and uses them.
pub fn entity_bomb(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let Some(root) = root_start(xml) else {
        return false;
    };
    let doctype = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>";
    xml.splice(root..root, doctype.bytes());
    if let Some(pos) = insertion_point(rng, xml) {
        xml.splice(pos..pos, b"&f;&f;&f;".iter().copied());
    }
    log.push("xml entity expansion".to_string());
    true
}

/// Inserts a character reference, entity or markup fragment.
pub fn insert_junk(rng: &mut Rng, xml: &mut Vec<u8>, log: &mut Vec<String>) -> bool {
    let pos = insertion_point(rng, xml).unwrap_or(0);
    if rng.chance(15) {
        // Bytes that are not UTF-8.
        let bad: &[u8] = rng
            .pick(&[&[0xffu8, 0xfe][..], &[0xc3], &[0xed, 0xa0, 0x80], &[0]])
            .copied()
            .unwrap_or(&[0xff]);
        xml.splice(pos..pos, bad.iter().copied());
        log.push(format!("xml insert bytes {bad:02x?} at {pos}"));
    } else {
        let junk = pick_str(rng, JUNK);
        log.push(format!("xml insert {junk:?} at {pos}"));
        xml.splice(pos..pos, junk.into_bytes());
    }
    true
}

/// A position just after a `>` (between elements or at the start of text).
fn insertion_point(rng: &mut Rng, xml: &[u8]) -> Option<usize> {
    let ends: Vec<usize> = xml
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'>')
        .map(|(i, _)| i + 1)
        .collect();
    rng.pick(&ends).copied()
}

/// Where the root element starts: the first `<` not followed by `?` or `!`.
fn root_start(xml: &[u8]) -> Option<usize> {
    (0..xml.len().saturating_sub(1))
        .find(|&i| xml[i] == b'<' && xml[i + 1] != b'?' && xml[i + 1] != b'!')
}

fn pick_str(rng: &mut Rng, items: &[&str]) -> String {
    rng.pick(items).copied().unwrap_or("").to_string()
}

/// At most 40 bytes of `b`, for logs.
fn short(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(40)]).into_owned();
    if b.len() > 40 {
        format!("{s}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
