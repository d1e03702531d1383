//! Computed indicators: which others each one reads (`v("M.1.5")`), the
//! order to compute them in, and filling a dataset with their values.

use crate::error::ScriptError;
use std::collections::HashMap;
use styring_core::model::Model;

/// Where a script reads another indicator with `v(...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Read {
    /// The code between the quotes.
    pub code: String,
    /// Line of the call, from 1.
    pub line: usize,
}

/// The codes a script reads with `v("CODE")`, in order of appearance.
/// Strings and comments are skipped; a `v(` whose argument is not a
/// quoted code gives `Err(line)`, since its order could not be known.
pub(crate) fn reads(text: &str) -> Result<Vec<Read>, usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
            }
            '"' | '`' | '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if chars.get(i) == Some(&'\n') {
                        line += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            'v' if (i == 0 || !ident(chars[i - 1]) && chars[i - 1] != '.')
                && !next.is_some_and(ident) =>
            {
                let mut j = i + 1;
                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                if chars.get(j) != Some(&'(') {
                    i += 1;
                    continue;
                }
                j += 1;
                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    return Err(line);
                }
                let start = j + 1;
                let mut end = start;
                while end < chars.len() && chars[end] != '"' && chars[end] != '\n' {
                    end += 1;
                }
                let mut k = end + 1;
                while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                if chars.get(end) != Some(&'"') || chars.get(k) != Some(&')') {
                    return Err(line);
                }
                out.push(Read {
                    code: chars[start..end].iter().collect(),
                    line,
                });
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

/// The computed indicators of `model` (by index) in an order where each
/// comes after the computed indicators it reads.
///
/// # Errors
/// [`ScriptError::Cycle`] naming the indicators that read each other.
pub(crate) fn order(
    model: &Model,
    deps: &HashMap<usize, Vec<usize>>,
) -> Result<Vec<usize>, ScriptError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    fn visit(
        i: usize,
        deps: &HashMap<usize, Vec<usize>>,
        marks: &mut [Mark],
        path: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) -> Result<(), Vec<usize>> {
        match marks[i] {
            Mark::Done => return Ok(()),
            Mark::Active => {
                let from = path.iter().position(|&p| p == i).unwrap_or(0);
                let mut cycle = path[from..].to_vec();
                cycle.push(i);
                return Err(cycle);
            }
            Mark::New => {}
        }
        marks[i] = Mark::Active;
        path.push(i);
        for &d in deps.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
            if deps.contains_key(&d) {
                visit(d, deps, marks, path, out)?;
            }
        }
        path.pop();
        marks[i] = Mark::Done;
        out.push(i);
        Ok(())
    }
    let mut marks = vec![Mark::New; model.indicators().len()];
    let mut out = Vec::new();
    let mut roots: Vec<usize> = deps.keys().copied().collect();
    roots.sort_unstable();
    for i in roots {
        visit(i, deps, &mut marks, &mut Vec::new(), &mut out).map_err(|cycle| {
            ScriptError::Cycle {
                indicators: cycle
                    .iter()
                    .map(|&i| model.indicators()[i].code.to_string())
                    .collect(),
            }
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        reads(text).unwrap().into_iter().map(|r| r.code).collect()
    }

    #[test]
    fn reads_finds_quoted_codes_and_skips_strings_and_comments() {
        assert_eq!(codes(r#"v("M.1.9") / v( "M.1.10" )"#), ["M.1.9", "M.1.10"]);
        assert_eq!(
            codes("// v(\"X\")\n/* v(\"Y\") */ let s = \"v(\\\"Z\\\")\"; v(\"A\")"),
            ["A"]
        );
        assert_eq!(codes("let v = 2; nav(\"B\") + v"), Vec::<String>::new());
        let r = reads("let a = 1;\n\nv(\"C\")").unwrap();
        assert_eq!(r[0].line, 3);
    }

    #[test]
    fn a_code_that_is_not_a_quoted_literal_is_refused_with_its_line() {
        assert_eq!(reads("let c = \"M.1.9\";\nv(c)"), Err(2));
        assert_eq!(reads("v(\"M.1.\" + 9)"), Err(1));
    }
}
