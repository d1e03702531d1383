//! Tests of the text edits.

use super::*;

const TOML: &str = "[municipality]\nid = \"oyer\"\nname = \"Øyer kommune\"\n\n[[indicators]]\ncode = \"M.1.5\"\ndecimals = 1\ntrend_margin = 0.002\n";
const JSON: &str = "{\"format\": \"styring-store\", \"schema_version\": 1, \"observations\": [{\"value\": 0.053, \"period\": \"2025-03\"}]}";
const RHAI: &str = "if value == () { no_data() }\nelse if value <= target { green(\"på målet\") }\nelse { red() }\n";

#[test]
fn tokens_are_found() {
    let n: Vec<&str> = numbers(TOML)
        .iter()
        .map(|&(a, b)| TOML.get(a..b).unwrap())
        .collect();
    assert_eq!(
        n,
        ["1", "0.002"],
        "the 5 in M.1.5 is part of a code, not a number"
    );
    let s: Vec<&str> = strings(JSON)
        .iter()
        .map(|&(a, b)| JSON.get(a..b).unwrap())
        .collect();
    assert_eq!(
        s,
        [
            "format",
            "styring-store",
            "schema_version",
            "observations",
            "value",
            "period",
            "2025-03"
        ]
    );
}

#[test]
fn utf8_is_kept_where_claimed() {
    for (text, d) in [
        (TOML, Dialect::Toml),
        (JSON, Dialect::Json),
        (RHAI, Dialect::Rhai),
    ] {
        let mut claimed = 0;
        for seed in 0..500 {
            let (out, utf8) = mutate(
                &mut Rng::new(seed),
                text.as_bytes(),
                d,
                Some(RHAI.as_bytes()),
                &mut Vec::new(),
            );
            if utf8 {
                claimed += 1;
                assert!(std::str::from_utf8(&out).is_ok(), "seed {seed} {d:?}");
            }
        }
        assert!(claimed > 400, "most edits are token edits ({claimed})");
    }
}

#[test]
fn same_seed_same_text() {
    for seed in 0..200 {
        let a = mutate(
            &mut Rng::new(seed),
            TOML.as_bytes(),
            Dialect::Toml,
            None,
            &mut Vec::new(),
        );
        let b = mutate(
            &mut Rng::new(seed),
            TOML.as_bytes(),
            Dialect::Toml,
            None,
            &mut Vec::new(),
        );
        assert_eq!(a, b);
    }
}

#[test]
fn edits_of_tiny_inputs_do_not_panic() {
    for seed in 0..3000 {
        let mut rng = Rng::new(seed);
        for t in ["", "\"", "ø", "1", "\n\n", "\"ø\\"] {
            let mut s = t.to_string();
            mutate_str(&mut rng, &mut s, Dialect::Rhai, Some("ø"), &mut Vec::new());
        }
    }
}

#[test]
fn boundaries_respect_characters() {
    let s = "aøb";
    assert_eq!(floor_boundary(s, 2), 1);
    assert_eq!(floor_boundary(s, 3), 3);
    assert_eq!(floor_boundary(s, 99), 4);
}
