//! PxWebApi v2's selection of a variable's values: value codes and the
//! selection expressions (`*`, `?`, `top(n[,offset])`,
//! `bottom(n[,offset])`, `range(x,y)`, `from(x)`, `to(x)`), read from
//! what a user writes and written into a query, and resolved against a
//! table's codes to count the cells a query asks for.

use styring_core::problem::Suggestion;
use styring_core::text::Text;

/// One item of a variable's selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueExpr {
    /// A value code (`3440`).
    Code(String),
    /// A code pattern: `*` any run of characters (at most two), `?` one
    /// character (`EKG*`, `*`, `?1`).
    Pattern(String),
    /// The first `n` values after skipping `offset`.
    Top {
        /// How many.
        n: usize,
        /// How many are skipped first.
        offset: usize,
    },
    /// The last `n` values, skipping `offset` from the end.
    Bottom {
        /// How many.
        n: usize,
        /// How many are skipped first, from the end.
        offset: usize,
    },
    /// Every value from code `x` to code `y`, both included.
    Range(String, String),
    /// Every value from code `x` to the end.
    From(String),
    /// Every value from the start to code `x`.
    To(String),
}

impl ValueExpr {
    /// Reads one item: a code, a pattern or an expression (the function
    /// names in any case).
    ///
    /// ```
    /// use styring_kostra::pxweb::ValueExpr;
    /// assert_eq!(ValueExpr::parse("from(2020)").unwrap(), ValueExpr::From("2020".into()));
    /// assert_eq!(ValueExpr::parse("TOP(5)").unwrap(), ValueExpr::Top { n: 5, offset: 0 });
    /// assert!(ValueExpr::parse("top(x)").is_err());
    /// ```
    ///
    /// # Errors
    /// The message to show, for an empty item, an unknown function, a
    /// count that is not a whole number, or more than two `*`.
    pub fn parse(item: &str) -> Result<ValueExpr, Text> {
        let s = item.trim();
        let s = s
            .strip_prefix('[')
            .and_then(|x| x.strip_suffix(']'))
            .unwrap_or(s);
        if s.is_empty() {
            return Err(Text::new(
                "et tomt valg; skriv en kode eller et uttrykk som from(2020)",
                "an empty selection; write a code or an expression like from(2020)",
            ));
        }
        if let Some((name, rest)) = s.split_once('(') {
            let Some(args) = rest.strip_suffix(')') else {
                return Err(Text::new(
                    format!("«{s}» mangler en avsluttende parentes"),
                    format!("\"{s}\" lacks a closing parenthesis"),
                ));
            };
            let args: Vec<&str> = args.split(',').map(str::trim).collect();
            let count = |a: &str| {
                a.parse::<usize>().map_err(|_| {
                    Text::new(
                        format!("«{a}» i «{s}» er ikke et heltall"),
                        format!("\"{a}\" in \"{s}\" is not a whole number"),
                    )
                })
            };
            let code = |a: &str| {
                if a.is_empty() {
                    Err(Text::new(
                        format!("«{s}» mangler en kode"),
                        format!("\"{s}\" lacks a code"),
                    ))
                } else {
                    Ok(a.to_string())
                }
            };
            let arity = |want: &[usize]| {
                if want.contains(&args.len()) {
                    Ok(())
                } else {
                    Err(Text::new(
                        format!("«{s}» har {} argumenter", args.len()),
                        format!("\"{s}\" has {} arguments", args.len()),
                    ))
                }
            };
            return match name.trim().to_ascii_lowercase().as_str() {
                "top" | "bottom" => {
                    arity(&[1, 2])?;
                    let n = count(args.first().copied().unwrap_or_default())?;
                    let offset = match args.get(1) {
                        Some(a) => count(a)?,
                        None => 0,
                    };
                    if name.trim().eq_ignore_ascii_case("top") {
                        Ok(ValueExpr::Top { n, offset })
                    } else {
                        Ok(ValueExpr::Bottom { n, offset })
                    }
                }
                "range" => {
                    arity(&[2])?;
                    Ok(ValueExpr::Range(
                        code(args.first().copied().unwrap_or_default())?,
                        code(args.get(1).copied().unwrap_or_default())?,
                    ))
                }
                "from" => {
                    arity(&[1])?;
                    Ok(ValueExpr::From(code(
                        args.first().copied().unwrap_or_default(),
                    )?))
                }
                "to" => {
                    arity(&[1])?;
                    Ok(ValueExpr::To(code(args.first().copied().unwrap_or_default())?))
                }
                other => Err(Text::new(
                    format!("ukjent uttrykk «{other}(…)»; PxWebApi kjenner top, bottom, range, from og to"),
                    format!("unknown expression \"{other}(…)\"; PxWebApi knows top, bottom, range, from and to"),
                )),
            };
        }
        if s.contains('*') || s.contains('?') {
            if s.matches('*').count() > 2 {
                return Err(Text::new(
                    format!("«{s}» har mer enn to «*»; PxWebApi tillater to"),
                    format!("\"{s}\" has more than two \"*\"; PxWebApi allows two"),
                ));
            }
            return Ok(ValueExpr::Pattern(s.to_string()));
        }
        Ok(ValueExpr::Code(s.to_string()))
    }

    /// Reads a comma-separated list of items (a comma inside parentheses
    /// or brackets belongs to its item).
    ///
    /// # Errors
    /// The first item's message that cannot be read.
    pub fn parse_list(text: &str) -> Result<Vec<ValueExpr>, Text> {
        let mut items = Vec::new();
        let (mut depth, mut start) = (0i32, 0usize);
        for (i, c) in text.char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(text.get(start..i).unwrap_or_default());
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(text.get(start..).unwrap_or_default());
        items.into_iter().map(ValueExpr::parse).collect()
    }

    /// The item as the query writes it: an expression with a comma in
    /// brackets (`[top(1,12)]`), a code in brackets in double brackets.
    pub fn to_query(&self) -> String {
        match self {
            ValueExpr::Code(c) if c.starts_with('[') => format!("[{c}]"),
            ValueExpr::Code(c) | ValueExpr::Pattern(c) => c.clone(),
            ValueExpr::Top { n, offset: 0 } => format!("top({n})"),
            ValueExpr::Top { n, offset } => format!("[top({n},{offset})]"),
            ValueExpr::Bottom { n, offset: 0 } => format!("bottom({n})"),
            ValueExpr::Bottom { n, offset } => format!("[bottom({n},{offset})]"),
            ValueExpr::Range(x, y) => format!("[range({x},{y})]"),
            ValueExpr::From(x) => format!("from({x})"),
            ValueExpr::To(x) => format!("to({x})"),
        }
    }

    /// The positions in `codes` (a variable's codes in the table's
    /// order) that the item selects.
    ///
    /// ```
    /// use styring_kostra::pxweb::ValueExpr;
    /// let years = ["2019", "2020", "2021", "2022"];
    /// assert_eq!(ValueExpr::parse("from(2021)").unwrap().resolve(&years).unwrap(), vec![2, 3]);
    /// assert_eq!(ValueExpr::parse("bottom(1)").unwrap().resolve(&years).unwrap(), vec![3]);
    /// assert_eq!(ValueExpr::parse("20?1").unwrap().resolve(&years).unwrap(), vec![2]);
    /// ```
    ///
    /// # Errors
    /// A code the variable does not have (with «mente du»).
    pub fn resolve(&self, codes: &[&str]) -> Result<Vec<usize>, Text> {
        let at = |c: &str| {
            codes.iter().position(|x| *x == c).ok_or_else(|| {
                let t = Suggestion::unknown_among(("kode", "code"), c, codes);
                Text::new(t.nb, t.en)
            })
        };
        let len = codes.len();
        Ok(match self {
            ValueExpr::Code(c) => vec![at(c)?],
            ValueExpr::Pattern(p) => (0..len)
                .filter(|&i| codes.get(i).is_some_and(|c| matches(p, c)))
                .collect(),
            ValueExpr::Top { n, offset } => (*offset..offset.saturating_add(*n).min(len)).collect(),
            ValueExpr::Bottom { n, offset } => {
                let end = len.saturating_sub(*offset);
                (end.saturating_sub(*n)..end).collect()
            }
            ValueExpr::Range(x, y) => {
                let (a, b) = (at(x)?, at(y)?);
                (a.min(b)..=a.max(b)).collect()
            }
            ValueExpr::From(x) => (at(x)?..len).collect(),
            ValueExpr::To(x) => (0..=at(x)?).collect(),
        })
    }
}

/// Whether `code` matches `pattern` (`*` any run, `?` one character).
fn matches(pattern: &str, code: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let c: Vec<char> = code.chars().collect();
    // Classic two-pointer glob match with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while j < c.len() {
        match p.get(i) {
            Some('?') => {
                i += 1;
                j += 1;
            }
            Some('*') => {
                star = Some(i);
                mark = j;
                i += 1;
            }
            Some(x) if Some(x) == c.get(j) => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some(s) => {
                    i = s + 1;
                    mark += 1;
                    j = mark;
                }
                None => return false,
            },
        }
    }
    while p.get(i) == Some(&'*') {
        i += 1;
    }
    i == p.len()
}

/// The years a user writes, as a selection of the time variable:
/// `2020-2025` (a range), `2020-` (from), `-2025` (to), `2024`, a list
/// (`2020,2022`), or PxWebApi's own expressions (`top(5)`, `from(2020)`).
///
/// ```
/// use styring_kostra::pxweb::{years, ValueExpr};
/// assert_eq!(years("2020-2025").unwrap(), vec![ValueExpr::Range("2020".into(), "2025".into())]);
/// assert_eq!(years("2020-").unwrap(), vec![ValueExpr::From("2020".into())]);
/// assert!(years("tjue").is_err());
/// ```
///
/// # Errors
/// Text that is none of these, with what to write.
pub fn years(text: &str) -> Result<Vec<ValueExpr>, Text> {
    let t = text.trim();
    let year = |s: &str| s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
    if let Some((a, b)) = t.split_once('-') {
        let (a, b) = (a.trim(), b.trim());
        return match (a.is_empty(), b.is_empty()) {
            (false, false) if year(a) && year(b) => {
                Ok(vec![ValueExpr::Range(a.to_string(), b.to_string())])
            }
            (false, true) if year(a) => Ok(vec![ValueExpr::From(a.to_string())]),
            (true, false) if year(b) => Ok(vec![ValueExpr::To(b.to_string())]),
            _ => Err(bad_years(t)),
        };
    }
    let list = ValueExpr::parse_list(t).map_err(|_| bad_years(t))?;
    if list
        .iter()
        .any(|e| matches!(e, ValueExpr::Code(c) if !year(c)))
    {
        return Err(bad_years(t));
    }
    Ok(list)
}

fn bad_years(t: &str) -> Text {
    Text::new(
        format!("«{t}» er ikke år; skriv som 2020-2025, 2020-, 2024, 2020,2022 eller top(5)"),
        format!("\"{t}\" is not years; write like 2020-2025, 2020-, 2024, 2020,2022 or top(5)"),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn patterns_match_as_pxweb_describes() {
        assert!(matches("*", "EKG01"));
        assert!(matches("EKG*", "EKG01"));
        assert!(!matches("EKG*", "EAK"));
        assert!(matches("*01", "EKG01"));
        assert!(matches("*G0*", "EKG01"));
        assert!(matches("?1", "31"));
        assert!(!matches("?1", "311"));
        assert!(!matches("?", ""));
    }

    #[test]
    fn top_and_bottom_take_offsets_and_stay_inside() {
        let c = ["a", "b", "c", "d", "e"];
        let r = |s: &str| ValueExpr::parse(s).unwrap().resolve(&c).unwrap();
        assert_eq!(r("top(2)"), vec![0, 1]);
        assert_eq!(r("[top(2,3)]"), vec![3, 4]);
        assert_eq!(r("top(9)"), vec![0, 1, 2, 3, 4]);
        assert_eq!(r("top(2,9)"), Vec::<usize>::new());
        assert_eq!(r("bottom(2)"), vec![3, 4]);
        assert_eq!(r("bottom(2,1)"), vec![2, 3]);
        assert_eq!(r("range(d,b)"), vec![1, 2, 3]);
        assert_eq!(r("to(b)"), vec![0, 1]);
    }

    #[test]
    fn an_unknown_code_says_what_was_meant() {
        let e = ValueExpr::parse("3340")
            .unwrap()
            .resolve(&["3440", "EKG01"])
            .unwrap_err();
        assert!(
            e.nb.contains("3340") && e.nb.contains("mente du «3440»"),
            "{}",
            e.nb
        );
    }

    #[test]
    fn lists_keep_commas_inside_expressions() {
        assert_eq!(
            ValueExpr::parse_list("3440,[top(1,12)],range(a,b)").unwrap(),
            vec![
                ValueExpr::Code("3440".into()),
                ValueExpr::Top { n: 1, offset: 12 },
                ValueExpr::Range("a".into(), "b".into())
            ]
        );
        assert_eq!(
            ValueExpr::Top { n: 1, offset: 12 }.to_query(),
            "[top(1,12)]"
        );
        assert_eq!(ValueExpr::Code("[ME01]".into()).to_query(), "[[ME01]]");
    }

    #[test]
    fn bad_expressions_are_refused_with_their_reason() {
        for (text, says) in [
            ("top(x)", "ikke et heltall"),
            ("sum(1)", "ukjent uttrykk"),
            ("from(2020", "parentes"),
            ("*a*b*", "to «*»"),
            ("range(1)", "1 argumenter"),
            ("", "tomt"),
        ] {
            let e = ValueExpr::parse(text).unwrap_err();
            assert!(e.nb.contains(says), "{text}: {}", e.nb);
        }
        assert!(years("2020-20x5").unwrap_err().nb.contains("2020-2025"));
        assert!(years("abc").is_err());
        assert_eq!(
            years("top(5)").unwrap(),
            vec![ValueExpr::Top { n: 5, offset: 0 }]
        );
    }
}
