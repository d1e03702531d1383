//! Whistleblowing as a receiver meets it on the command line: the key
//! pair, a case with a sealed identity and an anonymous one, their
//! deadlines, every bad input with the message the user sees, and the
//! canary: a reporter's name found in no output of the project, only in
//! an unseal with the key, which the access log then lists.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use std::path::Path;
use styring_tests::{file_text, run, text};

const BIN: &str = env!("CARGO_BIN_EXE_styring");

fn ok(args: &[&str], dir: &Path) -> String {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{args:?}: {out}{err}");
    out + &err
}

fn fails(args: &[&str], dir: &Path) -> String {
    let o = run(BIN, args, dir);
    let (out, err) = text(&o);
    assert!(!o.status.success(), "{args:?} should fail: {out}");
    out + &err
}

/// The demo's model and store in a fresh directory, with a receiver's key
/// in the model.
fn receiver() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["demo", "--out", "."], d);
    let out = ok(&["whistleblowing", "keygen", "--out", "mottak.key"], d);
    let key = out
        .lines()
        .find_map(|l| l.strip_prefix("recipient = \""))
        .and_then(|k| k.strip_suffix('"'))
        .expect("keygen prints the recipient line")
        .to_string();
    assert!(key.starts_with("age1") && key.len() == 62, "{key}");
    // The demo's model has its example key; this receiver's replaces it.
    let model = std::fs::read_to_string(d.join("model.toml")).unwrap();
    let model: String = model
        .lines()
        .map(|l| {
            if l.starts_with("recipient = ") {
                format!("recipient = \"{key}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(model.contains(&key));
    std::fs::write(d.join("model.toml"), model).unwrap();
    dir
}

#[test]
fn a_case_with_its_deadlines_and_a_sealed_identity() {
    let dir = receiver();
    let d = dir.path();
    let out = ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "add",
            "--id",
            "T-1",
            "--channel",
            "employee",
            "--unit",
            "Aurvoll skole",
            "--subject",
            "Trakassering",
            "--description",
            "Leder trakasserer ansatte",
            "--reporter-name",
            "Ola Varsler",
            "--reporter-contact",
            "ola@example.no",
            "--at",
            "2025-03-03T10:00:00Z",
        ],
        d,
    );
    // Seven days and three months from 11:00 in Oslo (10:00 UTC in March;
    // 3 June is summer time, so 12:00 local).
    assert_eq!(
        out,
        "Registrert varslingssak T-1 (identiteten forseglet): bekreft innen 2025-03-10 11:00, tilbakemelding innen 2025-06-03 12:00\n"
    );
    let out = ok(
        &[
            "whistleblowing",
            "add",
            "--id",
            "T-2",
            "--channel",
            "citizen",
            "--subject",
            "Forskjellsbehandling",
            "--description",
            "Søknader behandles ulikt",
            "--at",
            "2025-04-01T10:00:00Z",
        ],
        d,
    );
    assert!(
        out.starts_with("Registrert varslingssak T-2 (anonym)"),
        "{out}"
    );
    ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "move",
            "T-1",
            "--to",
            "bekreftet",
            "--at",
            "2025-03-12T10:00:00Z",
        ],
        d,
    );
    ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "move",
            "T-1",
            "--to",
            "under_undersokelse",
            "--at",
            "2025-03-13T10:00:00Z",
        ],
        d,
    );
    ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "move",
            "T-1",
            "--to",
            "avsluttet",
            "--at",
            "2025-05-20T10:00:00Z",
        ],
        d,
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&["whistleblowing", "list", "--format", "json"], d)).unwrap();
    let cases: Vec<&serde_json::Value> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("T-"))
        .collect();
    assert_eq!(cases.len(), 2);
    // Acknowledged two days late; feedback within the three months.
    assert_eq!(cases[0]["id"], "T-1");
    assert_eq!(cases[0]["acknowledgement"]["met"], false);
    assert_eq!(cases[0]["feedback"]["met"], true);
    assert_eq!(cases[0]["anonymous"], false);
    assert_eq!(cases[1]["anonymous"], true);
    assert_eq!(cases[1]["channel"], "citizen");
    // A closed case reopens only with a reason.
    let err = fails(
        &[
            "whistleblowing",
            "move",
            "T-1",
            "--to",
            "under_undersokelse",
        ],
        d,
    );
    assert!(err.contains("oppgi en begrunnelse (--reason)"), "{err}");
    // An illegal move names the state and where it may go.
    let err = fails(&["whistleblowing", "move", "T-2", "--to", "avsluttet"], d);
    assert!(
        err.contains(
            "varslingssaken er «mottatt» og kan bare gå til «bekreftet», ikke til «avsluttet»"
        ),
        "{err}"
    );
    // The year's table: counts per channel, no texts.
    let table = ok(&["whistleblowing", "list", "--period", "2025"], d);
    assert!(
        table.contains("PER KANAL") && !table.contains("Trakassering"),
        "{table}"
    );
}

#[test]
fn bad_input_each_with_its_message() {
    let dir = receiver();
    let d = dir.path();
    let add = |extra: &[&str]| {
        let mut a = vec![
            "whistleblowing",
            "add",
            "--subject",
            "S",
            "--description",
            "D",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let err = fails(&refs(&add(&["--channel", "brev"])), d);
    assert!(
        err.contains("--channel: ukjent verdi «brev» (bruk en av: employee, citizen, other)"),
        "{err}"
    );
    let err = fails(&refs(&add(&["--channel", "other", "--unit", "aurvol"])), d);
    assert!(
        err.contains("--unit: ukjent enhet «aurvol» — mente du «aurvoll»?"),
        "{err}"
    );
    ok(
        &refs(&add(&[
            "--channel",
            "employee",
            "--reporter-name",
            "N",
            "--id",
            "T-1",
            "--at",
            "2025-03-03T10:00:00Z",
        ])),
        d,
    );
    // Unsealing: no reason, the wrong key, an anonymous case, a key file
    // that is no key.
    let err = fails(
        &["whistleblowing", "unseal", "T-1", "--key", "mottak.key"],
        d,
    );
    assert!(
        err.contains("oppgi hvorfor identiteten åpnes (--reason); det føres i tilgangsloggen"),
        "{err}"
    );
    ok(&["whistleblowing", "keygen", "--out", "annen.key"], d);
    let err = fails(
        &[
            "whistleblowing",
            "unseal",
            "T-1",
            "--key",
            "annen.key",
            "--reason",
            "Granskning",
        ],
        d,
    );
    assert!(
        err.contains(
            "nøkkelen i annen.key passer ikke til denne saken; bruk mottakets private nøkkel"
        ),
        "{err}"
    );
    std::fs::write(d.join("tull.key"), "ikke en nøkkel\n").unwrap();
    let err = fails(
        &[
            "whistleblowing",
            "unseal",
            "T-1",
            "--key",
            "tull.key",
            "--reason",
            "Granskning",
        ],
        d,
    );
    assert!(
        err.contains("tull.key har ingen privat age-nøkkel"),
        "{err}"
    );
    let err = fails(&["whistleblowing", "keygen", "--out", "mottak.key"], d);
    assert!(
        err.contains("mottak.key finnes fra før; en nøkkel overskrives ikke"),
        "{err}"
    );
    // None of the refused unsealings is in the access log.
    let log = ok(&["whistleblowing", "access-log", "--format", "json"], d);
    assert!(log.contains("\"unsealings\": []"), "{log}");
    // A model whose key is not a key is refused where it says so.
    let model = std::fs::read_to_string(d.join("model.toml")).unwrap();
    let start = model.find("recipient = \"").unwrap();
    let broken = format!("{}recipient = \"age1xyz\"\n", &model[..start]);
    std::fs::write(d.join("model.toml"), broken).unwrap();
    let err = fails(&["check"], d);
    assert!(
        err.contains(
            "whistleblowing.recipient: «age1xyz» er ikke en offentlig age-nøkkel (age1 og 58 tegn)"
        ),
        "{err}"
    );
}

#[test]
fn the_canary_name_is_in_no_output_but_the_unseal() {
    const NAME: &str = "Kanarifugl Q7X2 Varslersen";
    const CONTACT: &str = "kanari-q7x2@example.no";
    let dir = receiver();
    let d = dir.path();
    ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "add",
            "--id",
            "T-1",
            "--channel",
            "employee",
            "--unit",
            "aurvoll",
            "--subject",
            "Økonomisk mislighold",
            "--description",
            "Fakturaer attestert uten vareleveranse",
            "--reporter-name",
            NAME,
            "--reporter-contact",
            CONTACT,
            "--at",
            "2025-05-02T08:00:00Z",
        ],
        d,
    );
    // Every output the project has, to the terminal and to files.
    let mut said = String::new();
    let mut files: Vec<&str> = Vec::new();
    let commands: Vec<Vec<&str>> = vec![
        vec!["scorecard", "--unit", "aurvoll", "--period", "2025-T2"],
        vec![
            "scorecard",
            "--unit",
            "all",
            "--period",
            "2025-T2",
            "--format",
            "json",
        ],
        vec!["overview", "--period", "2025-T2"],
        vec!["goals", "--period", "2025-T2"],
        vec!["economy", "--period", "2025-T2", "--format", "json"],
        vec!["deviation", "list", "--period", "2025", "--format", "json"],
        vec!["whistleblowing", "list", "--period", "2025"],
        vec!["whistleblowing", "list", "--format", "json"],
        vec!["whistleblowing", "show", "T-1"],
        vec!["whistleblowing", "show", "T-1", "--format", "json"],
        vec!["whistleblowing", "access-log"],
        vec!["store", "events"],
        vec!["store", "late"],
        vec!["check"],
    ];
    for c in &commands {
        said.push_str(&ok(c, d));
    }
    for (args, file) in [
        (
            vec!["export", "--period", "2025-T2", "--out", "kort.xlsx"],
            "kort.xlsx",
        ),
        (
            vec![
                "scorecard",
                "--unit",
                "all",
                "--period",
                "2025-T2",
                "--format",
                "html",
                "--out",
                "kort.html",
            ],
            "kort.html",
        ),
        (
            vec![
                "overview",
                "--period",
                "2025-T2",
                "--format",
                "html",
                "--out",
                "oversikt.html",
            ],
            "oversikt.html",
        ),
        (
            vec![
                "deviation",
                "list",
                "--period",
                "2025",
                "--format",
                "xlsx",
                "--out",
                "avvik.xlsx",
            ],
            "avvik.xlsx",
        ),
        (
            vec!["deviation", "export", "--out", "register.xlsx"],
            "register.xlsx",
        ),
        (
            vec!["store", "export", "--format", "json", "--out", "lager.json"],
            "lager.json",
        ),
        (
            vec![
                "whistleblowing",
                "list",
                "--period",
                "2025",
                "--format",
                "xlsx",
                "--out",
                "varsling.xlsx",
            ],
            "varsling.xlsx",
        ),
        (
            vec![
                "whistleblowing",
                "list",
                "--period",
                "2025",
                "--format",
                "html",
                "--out",
                "varsling.html",
            ],
            "varsling.html",
        ),
        (
            vec![
                "benefit",
                "show",
                "GP-1",
                "--format",
                "xlsx",
                "--out",
                "gevinst.xlsx",
            ],
            "gevinst.xlsx",
        ),
    ] {
        said.push_str(&ok(&args, d));
        files.push(file);
    }
    // Errors about the case say its id, never who.
    said.push_str(&fails(
        &["whistleblowing", "unseal", "T-1", "--key", "mottak.key"],
        d,
    ));
    said.push_str(&fails(
        &["whistleblowing", "move", "T-1", "--to", "avsluttet"],
        d,
    ));
    for needle in [NAME, "Kanarifugl", CONTACT] {
        assert!(!said.contains(needle), "{needle} in the output");
        for f in &files {
            assert!(!file_text(&d.join(f)).contains(needle), "{needle} in {f}");
        }
        // The store file and its journal, byte for byte.
        for f in ["store.sqlite", "store.sqlite-wal"] {
            let p = d.join(f);
            if p.exists() {
                let bytes = std::fs::read(&p).unwrap();
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                    "{needle} in {f}"
                );
            }
        }
    }
    // The search can find what is there: the case's own texts are stored
    // (for its handler), in the clear.
    let store = std::fs::read(d.join("store.sqlite")).unwrap();
    let wal = std::fs::read(d.join("store.sqlite-wal")).unwrap_or_default();
    let text = "Fakturaer attestert uten vareleveranse".as_bytes();
    assert!(store
        .windows(text.len())
        .chain(wal.windows(text.len()))
        .any(|w| w == text));
    assert!(file_text(&d.join("lager.json")).contains("Fakturaer attestert"));
    // The JSON export goes into a new store and the case with it, still
    // sealed: the key opens it there too.
    ok(
        &["store", "import", "lager.json", "--store", "kopi.sqlite"],
        d,
    );
    let out = ok(
        &[
            "--actor",
            "mottak",
            "whistleblowing",
            "unseal",
            "T-1",
            "--key",
            "mottak.key",
            "--reason",
            "Granskning",
            "--store",
            "kopi.sqlite",
        ],
        d,
    );
    assert!(out.contains(NAME), "{out}");
    // Only the unseal with the key shows it, and the access log lists it.
    let out = ok(
        &[
            "--actor",
            "granskingsleder",
            "whistleblowing",
            "unseal",
            "T-1",
            "--key",
            "mottak.key",
            "--reason",
            "Granskning etter § 2 A-3",
        ],
        d,
    );
    assert!(
        out.contains(&format!("Navn: {NAME}")) && out.contains(&format!("Kontakt: {CONTACT}")),
        "{out}"
    );
    let log: serde_json::Value = serde_json::from_str(&ok(
        &["whistleblowing", "access-log", "--format", "json"],
        d,
    ))
    .unwrap();
    let rows = log["unsealings"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["case"], "T-1");
    assert_eq!(rows[0]["actor"], "granskingsleder");
    assert_eq!(rows[0]["reason"], "Granskning etter § 2 A-3");
}
