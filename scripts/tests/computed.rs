//! Computed indicators: values, order, cycles, errors, provenance.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use styring_core::complete::Complete;
use styring_core::example::sample_dataset;
use styring_core::model::Model;
use styring_core::rule::ScriptSource;
use styring_core::scorecard::{Options, Scorecard};
use styring_core::status::Status;
use styring_core::unit::Scope;
use styring_core::Lang;
use styring_core::Localized;
use styring_scripts::{ScriptError, ScriptRules};

fn inline(s: &str) -> Option<ScriptSource> {
    Some(ScriptSource::Inline(s.to_string()))
}

fn idx(m: &Model, code: &str, unit: &str) -> (usize, usize) {
    (
        m.indicator_index(code).unwrap(),
        m.unit_index(unit).unwrap(),
    )
}

fn card(m: &Model, d: &Complete, rules: &ScriptRules, unit: &str, p: &str) -> Scorecard {
    let opts = Options {
        custom: Some(rules),
        ..Options::default()
    };
    let scope = if unit == "all" {
        Scope::Municipality
    } else {
        Scope::unit(unit).unwrap()
    };
    Scorecard::build(m, d, &scope, p.parse().unwrap(), &opts).unwrap()
}

#[test]
fn the_example_computes_total_sick_leave() {
    let m = Model::example();
    let rules = ScriptRules::for_model(&m).unwrap();
    // The budget deviation comes from the ledger, not from a script.
    assert_eq!(rules.computed_order(&m), ["M.1.8"]);
    let d = sample_dataset(&m);
    let (m18, u) = idx(&m, "M.1.8", "aurvoll");
    assert_eq!(d.series(m18, u).len(), 0, "units do not report M.1.8");
    let d = Complete::new(&m, d, Some(&rules));
    let may = "2025-05".parse().unwrap();
    let get = |code: &str| d.get(m.indicator_index(code).unwrap(), u, may).flatten();
    let (lost, possible) = (get("M.1.9").unwrap(), get("M.1.10").unwrap());
    assert_eq!(get("M.1.8"), Some(lost / possible));
    assert_eq!(d.computed_by(m18), Some("<inline computed M.1.8>"));
    let c = card(&m, &d, &rules, "aurvoll", "2025-T2");
    let row = c.row("M.1.8").unwrap();
    assert!(row.value.is_some());
    assert_eq!(row.computed_by.as_deref(), Some("<inline computed M.1.8>"));
    assert!(matches!(
        row.status,
        Status::Green | Status::Yellow | Status::Red
    ));
    assert_eq!(c.row("M.1.5").unwrap().computed_by, None);
    // The municipality's M.1.8 is the ratio of the summed parts.
    let all = card(&m, &d, &rules, "all", "2025-T2");
    assert!(all.row("M.1.8").unwrap().value.is_some());
    assert_eq!(all.counts.error, 0);
}

#[test]
fn computed_indicators_are_computed_in_dependency_order() {
    let mut m = Model::example();
    // M.1.5 (declared before M.1.6) reads M.1.6, which is computed too.
    m.set_computed("M.1.5", inline("v(\"M.1.6\") / 2.0"))
        .unwrap();
    m.set_computed(
        "M.1.6",
        inline("let x = v(\"M.1.9\"); if x == () { () } else { x / 1000.0 }"),
    )
    .unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let order = rules.computed_order(&m);
    let pos = |c: &str| order.iter().position(|x| *x == c).unwrap();
    assert!(pos("M.1.6") < pos("M.1.5"), "{order:?}");
    let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
    let (i9, u) = idx(&m, "M.1.9", "aurvoll");
    let p = "2025-03".parse().unwrap();
    let lost = d.get(i9, u, p).flatten().unwrap();
    let i5 = m.indicator_index("M.1.5").unwrap();
    let got = d.get(i5, u, p).flatten().unwrap();
    assert!((got - lost / 1000.0 / 2.0).abs() < 1e-12, "{got} {lost}");
}

#[test]
fn a_cycle_is_a_model_error_naming_the_cycle() {
    let mut m = Model::example();
    m.set_computed("M.1.5", inline("v(\"M.1.6\")")).unwrap();
    m.set_computed("M.1.6", inline("v(\"M.1.7\") + 0.0"))
        .unwrap();
    m.set_computed("M.1.7", inline("// leser M.1.5\nv(\"M.1.5\")"))
        .unwrap();
    let e = ScriptRules::for_model(&m).unwrap_err();
    assert_eq!(
        e,
        ScriptError::Cycle {
            indicators: ["M.1.5", "M.1.6", "M.1.7", "M.1.5"]
                .map(String::from)
                .to_vec()
        }
    );
    assert_eq!(
        e.render(Lang::Nb),
        "beregnede indikatorer leser hverandre i ring: M.1.5 → M.1.6 → M.1.7 → M.1.5"
    );
    let mut m = Model::example();
    m.set_computed("M.1.5", inline("v(\"M.1.5\") + 1.0"))
        .unwrap();
    assert_eq!(
        ScriptRules::for_model(&m).unwrap_err().to_string(),
        "computed indicators read each other in a cycle: M.1.5 → M.1.5"
    );
}

#[test]
fn unknown_and_dynamic_reads_stop_the_load_with_the_line() {
    let mut m = Model::example();
    m.set_computed("M.1.8", inline("let a = v(\"M.1.9\");\na / v(\"M.1.01\")"))
        .unwrap();
    assert_eq!(
        ScriptRules::for_model(&m).unwrap_err().render(Lang::Nb),
        "<inline computed M.1.8>:2: v(\"M.1.01\") leser en indikator som ikke finnes i modellen — mente du «M.1.1»?"
    );
    m.set_computed("M.1.8", inline("let code = \"M.1.9\";\n\nv(code)"))
        .unwrap();
    assert_eq!(
        ScriptRules::for_model(&m).unwrap_err().render(Lang::Nb),
        "<inline computed M.1.8>:3: v(...) trenger indikatorkoden i anførselstegn, f.eks. v(\"M.1.9\"), så rekkefølgen kan bestemmes"
    );
    m.set_computed("M.1.8", inline("v(\"M.1.9\") +")).unwrap();
    assert!(matches!(
        ScriptRules::for_model(&m).unwrap_err(),
        ScriptError::Syntax { line: 1, .. }
    ));
    assert!(m.set_computed("M.1.8", inline("  ")).is_err());
    assert!(m.set_computed("M.9.9", None).is_err());
}

#[test]
fn a_failing_computation_is_an_error_status_never_a_colour() {
    for (script, expect) in [
        (
            "let x = v(\"M.1.9\"); if x > 0.0 { x / [] } else { 0.0 }",
            "<inline computed M.1.8> linje 1: ",
        ),
        (
            "let x = v(\"M.1.9\"); \"tekst\"",
            "skriptet returnerte string, ikke et tall eller ()",
        ),
        (
            "let x = v(\"M.1.9\"); 2.5",
            "beregnet verdi 250,0 % er utenfor gyldig område",
        ),
        ("let x = v(\"M.1.9\"); loop { }", "for mange operasjoner"),
    ] {
        let mut m = Model::example();
        m.set_computed("M.1.8", inline(script)).unwrap();
        let rules = ScriptRules::for_model(&m).unwrap();
        let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
        for unit in ["aurvoll", "all"] {
            let c = card(&m, &d, &rules, unit, "2025-T2");
            let row = c.row("M.1.8").unwrap();
            assert_eq!(row.status, Status::Error, "{script} {unit}");
            let reason = row.reason_text(Lang::Nb);
            assert!(reason.contains(expect), "{script}: {reason}");
            assert!(reason.contains("M.1.8"), "{reason}");
        }
    }
}

#[test]
fn a_computation_that_gives_nothing_is_no_data() {
    let mut m = Model::example();
    m.set_computed("M.1.8", inline("let x = v(\"M.1.9\"); ()"))
        .unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
    let row = card(&m, &d, &rules, "aurvoll", "2025-T2")
        .row("M.1.8")
        .unwrap()
        .clone();
    assert_eq!((row.value, row.status), (None, Status::NoData));
}

#[test]
fn v_outside_a_computed_indicator_is_a_clear_error() {
    let mut m = Model::example();
    m.set_rule(
        "M.1.5",
        styring_core::rule::Rule::Script(ScriptSource::Inline(
            "if v(\"M.1.6\") > 0.0 { green() } else { red() }".into(),
        )),
    )
    .unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
    let row = card(&m, &d, &rules, "aurvoll", "2025-T2")
        .row("M.1.5")
        .unwrap()
        .clone();
    assert_eq!(row.status, Status::Error);
    assert!(
        row.reason_text(Lang::Nb)
            .contains("v(\"M.1.6\") kan bare brukes i skript for beregnede indikatorer"),
        "{}",
        row.reason_text(Lang::Nb)
    );
}

#[test]
fn computed_scripts_load_from_files_beside_the_model() {
    let dir = std::env::temp_dir().join(format!("styring-computed-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("regler")).unwrap();
    let mut m = Model::example();
    m.set_computed(
        "M.1.8",
        Some(ScriptSource::File("regler/sykefravaer_totalt.rhai".into())),
    )
    .unwrap();
    m.save(&dir.join("model.toml")).unwrap();
    let missing = ScriptRules::for_model(&Model::load(&dir.join("model.toml")).unwrap());
    assert!(
        matches!(&missing, Err(ScriptError::Io { script, .. }) if script == "regler/sykefravaer_totalt.rhai"),
        "{missing:?}"
    );
    std::fs::write(
        dir.join("regler/sykefravaer_totalt.rhai"),
        "let t = v(\"M.1.9\");\nlet m = v(\"M.1.10\");\nif t == () || m == () { () } else { t / m }\n",
    )
    .unwrap();
    let m = Model::load(&dir.join("model.toml")).unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
    let row = card(&m, &d, &rules, "aurvoll", "2025-T2")
        .row("M.1.8")
        .unwrap()
        .clone();
    assert!(row.value.is_some());
    assert_eq!(
        row.computed_by.as_deref(),
        Some("regler/sykefravaer_totalt.rhai")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn script_files_outside_the_model_folder_or_not_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = Model::example();
    let with = |path: &str| {
        let mut m = base.clone();
        m.set_base_dir(Some(dir.path().to_path_buf()));
        m.set_computed("M.1.8", Some(ScriptSource::File(path.into())))
            .unwrap();
        ScriptRules::for_model(&m).unwrap_err().render(Lang::Nb)
    };
    assert_eq!(
        with("/dev/zero"),
        "/dev/zero: skriptfiler må ligge i mappen til modellen (en relativ sti uten ..)"
    );
    assert_eq!(
        with("../rules/x.rhai"),
        "../rules/x.rhai: skriptfiler må ligge i mappen til modellen (en relativ sti uten ..)"
    );
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    assert_eq!(with("rules"), "rules: er ikke en vanlig fil");
    std::fs::write(dir.path().join("big.rhai"), vec![b' '; 300 * 1024]).unwrap();
    assert_eq!(
        with("big.rhai"),
        "big.rhai: skriptet er 307200 byte; maks er 262144"
    );
}

#[test]
fn computed_indicators_that_take_too_long_in_all_become_errors() {
    let mut m = Model::example();
    m.set_computed(
        "M.1.8",
        inline("let x = v(\"M.1.9\"); if x == () { () } else { 0.05 }"),
    )
    .unwrap();
    let rules = ScriptRules::with_limits(
        &m,
        styring_scripts::Limits {
            max_compute_millis: 0,
            ..Default::default()
        },
    )
    .unwrap();
    let d = Complete::new(&m, sample_dataset(&m), Some(&rules));
    let row = card(&m, &d, &rules, "aurvoll", "2025-T2")
        .row("M.1.8")
        .unwrap()
        .clone();
    assert_eq!(row.status, Status::Error);
    assert!(
        row.reason_text(Lang::Nb)
            .contains("beregningene tok for lang tid (over 0 ms i alt); gjør skriptet enklere"),
        "{}",
        row.reason_text(Lang::Nb)
    );
}
