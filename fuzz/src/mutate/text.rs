//! Token-level edits of the text formats (model TOML, store JSON, rhai):
//! numbers replaced with huge, negative, NaN or malformed ones, quotes and
//! brackets deleted, lines and blocks duplicated, strings replaced, deep
//! nesting, Unicode inserted, and each dialect's own dangerous snippets.
//!
//! [`mutate_str`] works on a `String` and so always keeps UTF-8;
//! [`mutate`] sometimes adds byte edits and says whether the result is
//! still meant to be UTF-8.

use super::bytes;
use crate::format::Dialect;
use crate::rng::Rng;

/// Largest text the edits grow an input to.
const MAX_TEXT: usize = 8 << 20;

const UNICODE: &[&str] = &[
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\u{200b}",
    "\u{fffd}",
    "\u{10ffff}",
    "ø",
    "Å",
    "𝕏",
    "e\u{301}",
    "\u{2212}",
    "\u{a0}",
    "\r",
    "\r\n",
    "\t",
    "\u{1b}[31m",
    "\u{85}",
    "\u{2028}",
];

const TOML_NUMBERS: &[&str] = &[
    "nan",
    "-nan",
    "inf",
    "-inf",
    "1e309",
    "-1e309",
    "1e-400",
    "-1",
    "0",
    "-0.0",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "0x7fffffff",
    "0o777",
    "1_000",
    "00",
    "1.",
    ".5",
    "1979-05-27T07:32:00Z",
    "true",
    "\"5\"",
    "[]",
    "{}",
];

const JSON_NUMBERS: &[&str] = &[
    "NaN",
    "Infinity",
    "1e309",
    "-1e309",
    "1e-400",
    "-1",
    "0",
    "-0",
    "1.7976931348623157e308",
    "123456789012345678901234567890",
    "18446744073709551616",
    "9007199254740993",
    "01",
    "1.",
    "true",
    "null",
    "\"1\"",
    "[]",
    "{}",
];

const RHAI_NUMBERS: &[&str] = &[
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "0",
    "0.0",
    "-0.0",
    "1e308",
    "1e309",
    "0x7fffffffffffffff",
    "1_000_000",
    "()",
    "-1",
    "1.0e-320",
    "true",
    "\"1\"",
    "[]",
    "#{}",
];

const TOML_SNIPPETS: &[&str] = &[
    "[[indicators]]\n",
    "[municipality]\n",
    "[[units]]\nid = \"oyer\"\nname = \"x\"\nparent = \"oyer\"\n",
    "rule = { script = \"../../../../../../etc/passwd\" }\n",
    "rule = { script = \"rules/finnes_ikke.rhai\" }\n",
    "rule = { script = \"model.toml\" }\n",
    "rule = { script = \"/dev/zero\" }\n",
    "computed = \"/dev/zero\"\n",
    "computed_inline = \"v(\\\"M.1.8\\\")\"\n",
    "rule = { script_inline = \"loop {}\" }\n",
    "rule = { kind = \"bands\", yellow = nan, green = inf }\n",
    "rule = { kind = \"tolerance\", relative = -1e308 }\n",
    "applies_to = { units = [] }\n",
    "applies_to = { kinds = [\"\"] }\n",
    "frequency = \"week\"\n",
    "decimals = 255\n",
    "decimals = -1\n",
    "trend_margin = nan\n",
    "min = inf\nmax = -inf\n",
    "weight = \"M.1.5\"\n",
    "numerator = \"M.1.5\"\ndenominator = \"M.1.5\"\n",
    "year = 99999\n",
    "year = -2147483649\n",
    "period = \"2025-T4\"\n",
    "period = \"9999-12\"\n",
    "a.b.c.d.e = 1\n",
    "\"\" = 1\n",
    "[[targets]]\nindicator = \"M.1.5\"\nyear = 2025\nmin = 1\nmax = 0\n",
    "[[goals]]\nid = \"g\"\nlevel = \"arsplan\"\nparent = \"g\"\n",
];

const CSV_NUMBERS: &[&str] = &[
    "NaN",
    "inf",
    "1e309",
    "-1e309",
    "1,5",
    "..",
    ".",
    ":",
    "-",
    "",
    "\"1\"",
    "0x10",
    "1.2.3",
    "99999999999999999999999",
];

const CSV_SNIPPETS: &[&str] = &[
    "\"",
    "\"\"",
    ";",
    ",",
    "\n",
    "\r\n",
    "\u{feff}",
    "\"3440 Øyer\";\"2024\";1\n",
    "\"EKG01 Kostragruppe 1\";\"2024\";..\n",
    "\"a\nb\";",
    "\u{96}",
];

const JSON_SNIPPETS: &[&str] = &[
    "{}",
    "[]",
    "null",
    ",",
    "\"value\": 1e999,",
    "\"period\": \"9999-99\",",
    "\"indicator\": \"\",",
    "\"batch\": -1,",
    "\"batch\": 18446744073709551615,",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"unit\": \"aurvoll\", \"unit\": \"solvang\",",
    "\"schema_version\": 99,",
    "\"action\": \"reopen\",",
];

const RHAI_SNIPPETS: &[&str] = &[
    "loop {}\n",
    "while true { }\n",
    "fn f(x) { f(x) } f(1);\n",
    "fn f(x) { f(x + 1) + f(x + 2) } f(0);\n",
    "let s = \"ab\"; for i in 0..64 { s += s; }\n",
    "let a = []; for i in 0..100000000 { a.push(i); }\n",
    "let m = #{}; for i in 0..100000 { m[`k${i}`] = i; }\n",
    "history[1000000]\n",
    "history[-9223372036854775808]\n",
    "value / 0\n",
    "9223372036854775807 + 1\n",
    "-9223372036854775808 / -1\n",
    "1 << 64\n",
    "2 ** 1000000\n",
    "pct_of(value, 0)\n",
    "pct_of((), ())\n",
    "mean([])\n",
    "mean([(), \"x\", #{}])\n",
    "mean(history)\n",
    "improving()\n",
    "green(value)\n",
    "red(())\n",
    "yellow(#{a: 1})\n",
    "no_data(history)\n",
    "throw \"feil\";\n",
    "eval(\"1\")\n",
    "import \"x\" as y;\n",
    "print(history); debug(unit);\n",
    "unit.name\n",
    "unit.name.len()\n",
    "indicator.code.sub_string(5, -10)\n",
    "period.year * 1000000000000\n",
    "target_min - target_max\n",
    "\"x\".pad(100000000, 'y')\n",
    "[0].pad(100000000, 0)\n",
    "range(0, 9223372036854775807).len()\n",
    "return;\n",
    "return green;\n",
    "Fn(\"green\").call()\n",
    "this\n",
    "`${value}${history}`\n",
    "switch value { () => 1, _ => 2 }\n",
    "let x = value; x.y = 1;\n",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "all",
    "oyer",
    "aurvoll",
    "M.1.5",
    "M.1.8",
    "2025-T9",
    "2025-13",
    "9999-12",
    "-2025",
    "2025-T0",
    "0000",
    "T2 2025",
    "mars 2025",
    "NaN",
    "null",
    "\\u0000",
    "\\ud800",
    "\\",
    "${",
    "../../etc/passwd",
    "/dev/zero",
    "aurvoll\u{0}",
    "AURVOLL",
    "ø",
    "lower_is_better",
    "within_range",
];

/// Applies 1–4 token edits (and, one time in ten, byte edits) to `text`.
/// Returns the result and whether it is still valid UTF-8 by
/// construction (it is whenever no byte edit ran on UTF-8 input).
pub fn mutate(
    rng: &mut Rng,
    text: &[u8],
    dialect: Dialect,
    other: Option<&[u8]>,
    log: &mut Vec<String>,
) -> (Vec<u8>, bool) {
    match std::str::from_utf8(text) {
        Ok(s) if !rng.chance(10) => {
            let mut s = s.to_string();
            let other = other.and_then(|o| std::str::from_utf8(o).ok());
            let n = rng.small_size(4);
            for _ in 0..n {
                mutate_str(rng, &mut s, dialect, other, log);
            }
            (s.into_bytes(), true)
        }
        _ => {
            let mut b = text.to_vec();
            bytes::mutate(rng, &mut b, other, log);
            (b, false)
        }
    }
}

/// Applies one token edit to `s`.
pub fn mutate_str(
    rng: &mut Rng,
    s: &mut String,
    dialect: Dialect,
    other: Option<&str>,
    log: &mut Vec<String>,
) {
    let done = match rng.below(14) {
        0..=2 => replace_number(rng, s, dialect, log),
        3 => delete_delimiter(rng, s, log),
        4 => duplicate_lines(rng, s, log),
        5 => delete_lines(rng, s, log),
        6 => swap_lines(rng, s, log),
        7 => insert_unicode(rng, s, log),
        8 | 9 => replace_string(rng, s, log),
        10 => deep_nesting(rng, s, dialect, log),
        11 | 12 => insert_snippet(rng, s, dialect, log),
        _ => match other {
            Some(o) if rng.chance(50) => splice(rng, s, o, log),
            _ => truncate(rng, s, log),
        },
    };
    if !done {
        insert_unicode(rng, s, log);
    }
    if s.len() > MAX_TEXT {
        let cut = floor_boundary(s, MAX_TEXT);
        s.truncate(cut);
    }
}

/// `s[a..b]`, or "" when the range is not on character boundaries.
fn part(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// The largest char boundary of `s` at or below `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_boundary(rng: &mut Rng, s: &str) -> usize {
    floor_boundary(s, rng.below(s.len() + 1))
}

/// Byte ranges of the number tokens (`-12`, `0.053`, `1e5`) in `s`.
pub fn numbers(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b'_'));
        if starts {
            let mut start = i;
            if start > 0 && b[start - 1] == b'-' {
                start -= 1;
            }
            while i < b.len()
                && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'e' | b'E' | b'_'))
            {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Byte ranges of the contents of double-quoted strings (on one line).
pub fn strings(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(b.len());
            if end < b.len() && b[end] == b'"' {
                out.push((start, end));
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn replace_number(rng: &mut Rng, s: &mut String, d: Dialect, log: &mut Vec<String>) -> bool {
    let nums = numbers(s);
    let Some(&(a, b)) = rng.pick(&nums) else {
        return false;
    };
    let list = match d {
        Dialect::Toml => TOML_NUMBERS,
        Dialect::Json => JSON_NUMBERS,
        Dialect::Rhai => RHAI_NUMBERS,
        Dialect::Csv => CSV_NUMBERS,
    };
    let new = rng.pick(list).copied().unwrap_or("0");
    log.push(format!("number {} -> {new}", part(s, a, b)));
    s.replace_range(a..b, new);
    true
}

fn delete_delimiter(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let which: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| {
            matches!(
                c,
                '"' | '[' | ']' | '{' | '}' | ',' | '=' | ':' | '(' | ')' | ';' | '\n' | '\''
            )
        })
        .map(|(i, _)| i)
        .collect();
    let Some(&i) = rng.pick(&which) else {
        return false;
    };
    let c = s.remove(i);
    log.push(format!("delete {c:?} at {i}"));
    true
}

/// Line start offsets, with the end of the text last.
fn line_starts(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(s.match_indices('\n').map(|(i, _)| i + 1));
    if *v.last().unwrap_or(&0) != s.len() {
        v.push(s.len());
    }
    v
}

fn line_block(rng: &mut Rng, s: &str) -> Option<(usize, usize)> {
    let starts = line_starts(s);
    if starts.len() < 2 {
        return None;
    }
    let first = rng.below(starts.len() - 1);
    let n = rng.small_size(40).min(starts.len() - 1 - first);
    Some((starts[first], starts[first + n]))
}

fn duplicate_lines(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let Some((a, b)) = line_block(rng, s) else {
        return false;
    };
    let copies = if rng.chance(80) {
        1
    } else {
        rng.small_size(5000)
    };
    let copies = copies.min(MAX_TEXT / (b - a).max(1));
    let block = part(s, a, b).repeat(copies);
    s.insert_str(b, &block);
    log.push(format!("duplicate lines {a}..{b} {copies} times"));
    true
}

fn delete_lines(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let Some((a, b)) = line_block(rng, s) else {
        return false;
    };
    s.replace_range(a..b, "");
    log.push(format!("delete lines {a}..{b}"));
    true
}

fn swap_lines(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let starts = line_starts(s);
    if starts.len() < 3 {
        return false;
    }
    let i = rng.below(starts.len() - 2);
    let (a, m, b) = (starts[i], starts[i + 1], starts[i + 2]);
    let swapped = format!("{}{}", part(s, m, b), part(s, a, m));
    s.replace_range(a..b, &swapped);
    log.push(format!("swap lines at {a}"));
    true
}

fn insert_unicode(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let at = random_boundary(rng, s);
    let u = rng.pick(UNICODE).copied().unwrap_or("ø");
    let n = if rng.chance(90) {
        1
    } else {
        rng.small_size(100_000)
    };
    s.insert_str(at, &u.repeat(n));
    log.push(format!("insert {u:?} x{n} at {at}"));
    true
}

fn replace_string(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let all = strings(s);
    let Some(&(a, b)) = rng.pick(&all) else {
        return false;
    };
    let new = match rng.below(4) {
        0 => rng
            .pick(&all)
            .map(|&(x, y)| part(s, x, y).to_string())
            .unwrap_or_default(),
        1 => rng
            .pick(&["a", "ø", "\\\"", "9"])
            .copied()
            .unwrap_or("a")
            .repeat(rng.small_size(200_000)),
        _ => rng.pick(STRINGS).copied().unwrap_or("").to_string(),
    };
    log.push(format!(
        "string {:?} -> {:?}",
        short(part(s, a, b)),
        short(&new)
    ));
    s.replace_range(a..b, &new);
    true
}

fn deep_nesting(rng: &mut Rng, s: &mut String, d: Dialect, log: &mut Vec<String>) -> bool {
    let depth = rng.small_size(100_000);
    let (open, close) = match (d, rng.below(3)) {
        (Dialect::Rhai, 0) => ("(", ")"),
        (Dialect::Rhai, 1) => ("{", "}"),
        (Dialect::Toml, 1) => ("{a=", "}"),
        (_, 2) => ("[", "]"),
        (Dialect::Json, _) => ("{\"a\":", "}"),
        _ => ("[", "]"),
    };
    let inner = match d {
        Dialect::Rhai => "1",
        _ => "1",
    };
    let mut nest = open.repeat(depth);
    nest.push_str(inner);
    if rng.chance(70) {
        nest.push_str(&close.repeat(depth));
    }
    let text = match d {
        Dialect::Toml => format!("deep = {nest}\n"),
        Dialect::Json => nest,
        Dialect::Rhai => format!("let deep = {nest};\n"),
        Dialect::Csv => format!("\"{nest}\";1\n"),
    };
    let at = if d == Dialect::Json {
        // A value position: right after a ':' or '['.
        let spots: Vec<usize> = s.match_indices([':', '[']).map(|(i, _)| i + 1).collect();
        rng.pick(&spots).copied().unwrap_or(0)
    } else {
        let starts = line_starts(s);
        rng.pick(&starts).copied().unwrap_or(0)
    };
    s.insert_str(at, &text);
    log.push(format!("nest {open:?} {depth} deep at {at}"));
    true
}

fn insert_snippet(rng: &mut Rng, s: &mut String, d: Dialect, log: &mut Vec<String>) -> bool {
    let list = match d {
        Dialect::Toml => TOML_SNIPPETS,
        Dialect::Json => JSON_SNIPPETS,
        Dialect::Rhai => RHAI_SNIPPETS,
        Dialect::Csv => CSV_SNIPPETS,
    };
    let snip = rng.pick(list).copied().unwrap_or("");
    let at = if d == Dialect::Json {
        random_boundary(rng, s)
    } else {
        let starts = line_starts(s);
        rng.pick(&starts).copied().unwrap_or(0)
    };
    s.insert_str(at, snip);
    log.push(format!("insert {:?} at {at}", short(snip)));
    true
}

fn splice(rng: &mut Rng, s: &mut String, other: &str, log: &mut Vec<String>) -> bool {
    let cut = random_boundary(rng, s);
    let from = random_boundary(rng, other);
    s.truncate(cut);
    s.push_str(part(other, from, other.len()));
    log.push(format!("splice at {cut} with other seed from {from}"));
    true
}

fn truncate(rng: &mut Rng, s: &mut String, log: &mut Vec<String>) -> bool {
    let cut = random_boundary(rng, s);
    s.truncate(cut);
    log.push(format!("truncate to {cut}"));
    true
}

fn short(s: &str) -> String {
    let end = floor_boundary(s, 40);
    if end < s.len() {
        format!("{}…", part(s, 0, end))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests;
