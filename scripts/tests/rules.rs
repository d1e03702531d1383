//! Script rules: helpers, context, sandbox limits, errors, threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

use styring_core::model::Model;
use styring_core::rule::{Rule, RuleInput, ScriptSource};
use styring_core::status::Status;
use styring_core::target::TargetValue;
use styring_core::Lang;
use styring_core::Localized;
use styring_scripts::{Limits, ScriptError, ScriptRules};

fn model_with(script: &str) -> (Model, ScriptSource) {
    let mut m = Model::example();
    let src = ScriptSource::Inline(script.to_string());
    m.set_rule("M.1.5", Rule::Script(src.clone())).unwrap();
    (m, src)
}

fn run(
    script: &str,
    value: Option<f64>,
    previous: Option<f64>,
) -> (Result<styring_scripts::Outcome, String>, Vec<String>) {
    let (m, src) = model_with(script);
    let rules = ScriptRules::for_model(&m).unwrap();
    let ind = m.indicator("M.1.5").unwrap();
    let unit = m.unit("aurvoll").unwrap();
    let input = RuleInput {
        indicator: ind,
        unit: Some(unit),
        period: "2025-T2".parse().unwrap(),
        value,
        target: Some(TargetValue::Value(0.05)),
        previous,
        history: &[0.06, 0.055],
        comparison: None,
    };
    rules.run(&src, &input)
}

#[test]
fn helpers_and_context() {
    let s = "if value <= target { green(\"nådd\") } else if improving() { yellow(\"under målet, men bedre enn sist\") } else { red() }";
    assert_eq!(run(s, Some(0.04), None).0.unwrap().status, Status::Green);
    let o = run(s, Some(0.06), Some(0.07)).0.unwrap();
    assert_eq!(
        (o.status, o.reason.as_deref()),
        (Status::Yellow, Some("under målet, men bedre enn sist"))
    );
    assert_eq!(
        run(s, Some(0.06), Some(0.05)).0.unwrap().status,
        Status::Red
    );
    let ctx = "if unit.id == \"aurvoll\" && indicator.code == \"M.1.5\" && period.text == \"2025-T2\" && period.year == 2025 && period.kind == \"tertial\" && indicator.direction == \"lower_is_better\" && history.len() == 2 && mean(history) > 0.057 && pct_of(1, 4) == 25.0 && target_min == target { green() } else { red() }";
    assert_eq!(run(ctx, Some(0.05), None).0.unwrap().status, Status::Green);
    assert_eq!(
        run(
            "if value == () { no_data(\"ingen tall\") } else { green() }",
            None,
            None
        )
        .0
        .unwrap()
        .status,
        Status::NoData
    );
}

#[test]
fn print_goes_to_the_log() {
    let (r, log) = run(
        "print(\"verdi: \" + value); debug(42); green()",
        Some(0.04),
        None,
    );
    assert_eq!(r.unwrap().status, Status::Green);
    assert_eq!(log, ["verdi: 0.04", "42"]);
}

#[test]
fn runaway_scripts_are_stopped_with_a_message() {
    let e = run("loop { }", Some(0.04), None).0.unwrap_err();
    assert_eq!(e, "<inline M.1.5> linje 1: skriptet brukte for mange operasjoner (evig løkke?) (M.1.5, aurvoll, 2025-T2)");
    let e = run("fn f(x) { f(x + 1) } f(0)", Some(0.04), None)
        .0
        .unwrap_err();
    assert!(
        e.contains("uendelig rekursjon") || e.contains("for mange operasjoner"),
        "{e}"
    );
    let e = run("let s = \"x\"; loop { s += s; }", Some(0.04), None)
        .0
        .unwrap_err();
    assert!(e.contains("for store data"), "{e}");
    let e = run("let a = []; loop { a.push(1); }", Some(0.04), None)
        .0
        .unwrap_err();
    assert!(
        e.contains("for store data") || e.contains("for mange operasjoner"),
        "{e}"
    );
}

#[test]
fn wrong_return_types_and_runtime_errors_are_errors_not_colours() {
    let e = run("42", Some(0.04), None).0.unwrap_err();
    assert_eq!(e, "<inline M.1.5>: skriptet returnerte i64, ikke en status (bruk green(), yellow(), red() eller no_data()) (M.1.5, aurvoll, 2025-T2)");
    let e = run("let x = 1;", Some(0.04), None).0.unwrap_err();
    assert!(e.contains("returnerte ingenting"), "{e}");
    let e = run("\n\nvalue + \"a\" * 2", Some(0.04), None)
        .0
        .unwrap_err();
    assert!(e.starts_with("<inline M.1.5> linje 3: "), "{e}");
}

#[test]
fn syntax_errors_stop_the_load_with_line_and_column() {
    let (m, _) = model_with("if value < { green() }");
    let e = ScriptRules::for_model(&m).unwrap_err();
    match &e {
        ScriptError::Syntax {
            script,
            line,
            column,
            ..
        } => {
            assert_eq!((script.as_str(), *line), ("<inline M.1.5>", 1));
            assert!(*column > 0);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.render(Lang::Nb).starts_with("<inline M.1.5>:1:"),
        "{}",
        e.render(Lang::Nb)
    );
    // eval is not a function here at all.
    let (m, _) = model_with("eval(\"green()\")");
    let e = ScriptRules::for_model(&m).unwrap_err();
    assert_eq!(
        e.to_string(),
        "<inline M.1.5>:1:1: syntax error: reserved keyword 'eval' is disabled"
    );
    let mut m = Model::example();
    m.set_rule(
        "M.1.5",
        Rule::Script(ScriptSource::File("finnes/ikke.rhai".into())),
    )
    .unwrap();
    let e = ScriptRules::for_model(&m).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("finnes/ikke.rhai: cannot read the script"),
        "{e}"
    );
}

#[test]
fn limits_are_configurable() {
    let (m, src) = model_with("let n = 0; for i in 0..500 { n += i; } green()");
    let tight = ScriptRules::with_limits(
        &m,
        Limits {
            max_operations: 100,
            ..Limits::default()
        },
    )
    .unwrap();
    let ind = m.indicator("M.1.5").unwrap();
    let input = RuleInput {
        indicator: ind,
        unit: None,
        period: "2025".parse().unwrap(),
        value: Some(0.1),
        target: None,
        previous: None,
        history: &[],
        comparison: None,
    };
    assert!(tight.run(&src, &input).0.is_err());
    assert!(ScriptRules::for_model(&m)
        .unwrap()
        .run(&src, &input)
        .0
        .is_ok());
}

#[test]
fn one_engine_serves_many_threads() {
    let (m, src) = model_with("if value <= target { green() } else { red() }");
    let rules = ScriptRules::for_model(&m).unwrap();
    let ind = m.indicator("M.1.5").unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (rules, src) = (&rules, &src);
            s.spawn(move || {
                for k in 0..500 {
                    let v = (t * 500 + k) as f64 / 20_000.0;
                    let input = RuleInput {
                        indicator: ind,
                        unit: None,
                        period: "2025".parse().unwrap(),
                        value: Some(v),
                        target: Some(TargetValue::Value(0.05)),
                        previous: None,
                        history: &[],
                        comparison: None,
                    };
                    let want = if v <= 0.05 {
                        Status::Green
                    } else {
                        Status::Red
                    };
                    assert_eq!(rules.run(src, &input).0.unwrap().status, want);
                }
            });
        }
    });
}

/// Runs `expr` (a rhai expression) and returns what it printed: one
/// context variable at a time, with a range target and a unit-less run.
fn show(expr: &str, target: Option<TargetValue>, unit: bool) -> String {
    let (m, src) = model_with(&format!("print({expr}); green()"));
    let rules = ScriptRules::for_model(&m).unwrap();
    let input = RuleInput {
        indicator: m.indicator("M.1.5").unwrap(),
        unit: if unit { m.unit("aurvoll") } else { None },
        period: "2025-05".parse().unwrap(),
        value: Some(0.0425),
        target,
        previous: Some(0.05),
        history: &[0.07, 0.06, 0.05],
        comparison: None,
    };
    let (r, log) = rules.run(&src, &input);
    assert_eq!(r.unwrap().status, Status::Green, "{expr}");
    log.join("|")
}

#[test]
fn each_context_variable_on_its_own() {
    let t = Some(TargetValue::Value(0.05));
    let range = Some(TargetValue::Range {
        min: -0.01,
        max: 0.01,
    });
    assert_eq!(show("value", t, true), "0.0425");
    assert_eq!(show("target", t, true), "0.05");
    assert_eq!(show("target", None, true), "");
    assert_eq!(show("type_of(target)", None, true), "()");
    assert_eq!(
        show("target_min + \" \" + target_max", range, true),
        "-0.01 0.01"
    );
    assert_eq!(show("target", range, true), "0.0");
    assert_eq!(
        show("target_min == target && target_max == target", t, true),
        "true"
    );
    assert_eq!(show("previous", t, true), "0.05");
    assert_eq!(show("history", t, true), "[0.07, 0.06, 0.05]");
    assert_eq!(show("history[0]", t, true), "0.07");
    assert_eq!(show("unit.id", t, true), "aurvoll");
    assert_eq!(show("unit.name", t, true), "Aurvoll skole");
    assert_eq!(show("unit.kind", t, true), "skole");
    assert_eq!(show("type_of(unit)", t, false), "()");
    assert_eq!(show("indicator.code", t, true), "M.1.5");
    assert_eq!(show("indicator.name", t, true), "Sykefravær korttid");
    assert_eq!(show("indicator.direction", t, true), "lower_is_better");
    assert_eq!(show("indicator.measure", t, true), "percent");
    assert_eq!(show("period.text", t, true), "2025-05");
    assert_eq!(show("period.year", t, true), "2025");
    assert_eq!(show("period.kind", t, true), "month");
}

#[test]
fn context_variables_are_read_only() {
    let (r, _) = run("value = 0.0; green()", Some(0.04), None);
    let e = r.unwrap_err();
    assert!(e.contains("<inline M.1.5> linje 1"), "{e}");
    assert!(e.contains("value"), "{e}");
    let (r, _) = run("history.push(1.0); green()", Some(0.04), None);
    assert!(r.is_err(), "history must not be changed");
}

#[test]
fn every_helper_on_its_own() {
    let s = |expr: &str| show(expr, Some(TargetValue::Value(0.05)), true);
    assert_eq!(s("pct_of(1, 4)"), "25.0");
    assert_eq!(s("pct_of(3.0, 0)"), "");
    assert_eq!(s("type_of(pct_of((), 2))"), "()");
    assert_eq!(s("mean([1, 2.0, 6])"), "3.0");
    assert_eq!(s("type_of(mean([]))"), "()");
    assert_eq!(s("mean([1, (), \"x\", 3])"), "2.0");
    // value 0.0425 against previous 0.05, lower is better: improving.
    assert_eq!(s("improving()"), "true");
    for (f, status) in [
        ("green", Status::Green),
        ("yellow", Status::Yellow),
        ("red", Status::Red),
        ("no_data", Status::NoData),
    ] {
        let o = run(&format!("{f}()"), Some(0.04), None).0.unwrap();
        assert_eq!((o.status, o.reason), (status, None));
        let o = run(&format!("{f}(\"fordi\")"), Some(0.04), None).0.unwrap();
        assert_eq!((o.status, o.reason.as_deref()), (status, Some("fordi")));
    }
    let o = run("improving()", Some(0.06), Some(0.05)).0.unwrap_err();
    assert!(o.contains("returnerte bool, ikke en status"), "{o}");
    let (r, _) = run(
        "if improving() { green() } else { red() }",
        Some(0.06),
        None,
    );
    assert_eq!(r.unwrap().status, Status::Red, "no previous: not improving");
}

/// `improving()` for `code` with `value` after `previous` and `target`.
fn improving_for(code: &str, value: f64, previous: f64, target: TargetValue) -> bool {
    let mut m = Model::example();
    let src = ScriptSource::Inline("if improving() { green() } else { red() }".into());
    m.set_rule(code, Rule::Script(src.clone())).unwrap();
    let rules = ScriptRules::for_model(&m).unwrap();
    let input = RuleInput {
        indicator: m.indicator(code).unwrap(),
        unit: m.unit("aurvoll"),
        period: "2025-T2".parse().unwrap(),
        value: Some(value),
        target: Some(target),
        previous: Some(previous),
        history: &[],
        comparison: None,
    };
    rules.run(&src, &input).0.unwrap().status == Status::Green
}

#[test]
fn improving_is_the_scorecards_trend_with_its_margin_and_range() {
    let five = TargetValue::Value(0.05);
    // M.1.5 is lower-is-better with a stability margin of 0,2 points.
    assert!(improving_for("M.1.5", 0.045, 0.050, five));
    assert!(
        !improving_for("M.1.5", 0.0495, 0.0500, five),
        "within the margin: stable"
    );
    assert!(!improving_for("M.1.5", 0.055, 0.050, five));
    // O.1.2 is within −1 %…1 %: from 3 % to −2 % comes closer to the range
    // (1 point outside instead of 2), from 1,5 % to −3 % goes further out.
    let range = TargetValue::Range {
        min: -0.01,
        max: 0.01,
    };
    assert!(improving_for("O.1.2", -0.02, 0.03, range));
    assert!(!improving_for("O.1.2", -0.03, 0.015, range));
}
