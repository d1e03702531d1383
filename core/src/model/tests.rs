use super::*;
use crate::lang::Lang;
use crate::text::Localized;

#[test]
fn example_loads_and_round_trips() {
    let m = Model::example();
    assert_eq!(m.service_units(&Scope::Municipality).len(), 11);
    assert_eq!(m.perspectives().len(), 3);
    assert!(m.indicators().len() >= 20);
    for code in [
        "M.1.1", "M.1.2", "M.1.3", "M.1.4", "M.1.5", "M.1.6", "M.1.7",
    ] {
        assert!(m.indicator(code).is_some(), "{code}");
    }
    assert!(m.check().is_empty(), "{:?}", m.check());
    let again = Model::from_toml(&m.to_toml(), "again.toml").unwrap();
    assert_eq!(again.to_toml(), m.to_toml());
    assert_eq!(again.targets().all(), m.targets().all());
    assert_eq!(again.goals(), m.goals());
    assert_eq!(again.indicators(), m.indicators());
}

fn problems(text: &str) -> Vec<String> {
    match Model::from_toml(text, "model.toml") {
        Err(Error::Model(p)) => p.iter().map(|p| p.render(Lang::En)).collect(),
        Err(e) => vec![e.to_string()],
        Ok(_) => vec![],
    }
}

fn problems_nb(text: &str) -> Vec<String> {
    match Model::from_toml(text, "model.toml") {
        Err(Error::Model(p)) => p.iter().map(|p| p.render(Lang::Nb)).collect(),
        Err(e) => vec![e.render(Lang::Nb)],
        Ok(_) => vec![],
    }
}

const BASE: &str = r#"
[municipality]
name = "Testby kommune"
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
cross_cutting = true
[[units]]
id = "skole"
name = "Skolen"
kind = "skole"
fte = 10.0
"#;

fn with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

#[test]
fn unknown_focus_area_names_the_entry() {
    let text = with(
        r#"
[[indicators]]
code = "M.1.5"
name = "Sykefravær korttid"
focus_area = "M.9"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
"#,
    );
    assert_eq!(
        problems(&text),
        ["model.toml: indicators[0] (M.1.5): unknown focus area \"M.9\" (did you mean \"M.1\"?)"]
    );
    assert_eq!(
        problems_nb(&text),
        ["model.toml: indicators[0] (M.1.5): ukjent fokusområde «M.9» — mente du «M.1»?"]
    );
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = with(
        r#"
[[indicators]]
code = "A.1"
name = "A"
focus_area = "M.1"
measure = "percentage"
direction = "up"
frequency = "weekly"
[[indicators]]
code = "A.1"
name = "B"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
[[targets]]
indicator = "A.2"
year = 2025
value = 1.0
[[units]]
id = "barnehage"
name = "Barnehagen"
kind = "barnehage"
parent = "sektr"
"#,
    );
    let p = problems(&text);
    assert_eq!(
        p,
        [
            "model.toml: units[1] (barnehage): unknown parent unit \"sektr\"",
            "model.toml: indicators[0] (A.1): unknown measure \"percentage\" (expected one of number, percent, score, nok, count) (did you mean \"percent\"?)",
            "model.toml: indicators[0] (A.1): unknown direction \"up\" (expected one of higher_is_better, lower_is_better, within_range)",
            "model.toml: indicators[0] (A.1): unknown frequency \"weekly\" (expected one of month, tertial, year)",
            "model.toml: indicators[1] (A.1): duplicate indicator code \"A.1\"",
            "model.toml: targets[0] (A.2): unknown indicator \"A.2\" (did you mean \"A.1\"?)",
        ]
    );
}

#[test]
fn bad_targets_rules_and_units() {
    let text = with(
        r#"
[[indicators]]
code = "M.1.5"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
rule = { kind = "bands", yellow = 0.05, green = 0.07 }
[[indicators]]
code = "M.1.6"
name = "Fravær lang"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
[[targets]]
indicator = "M.1.6"
year = 2025
period = "2025-T1"
value = 0.05
[[targets]]
indicator = "M.1.6"
year = 2025
value = 2.5
[[targets]]
indicator = "M.1.6"
period = "2025-T4"
value = 0.05
[[targets]]
indicator = "M.1.6"
year = 2026
min = 0.1
max = 0.05
[[targets]]
indicator = "M.1.6"
year = 2027
unit = "skolen"
value = 0.05
"#,
    );
    assert_eq!(
        problems(&text),
        [
            "model.toml: indicators[0] (M.1.5): rule: for lower_is_better, green (0.07) must be at most yellow (0.05)",
            "model.toml: targets[0] (M.1.6): give either year or period (not both)",
            "model.toml: targets[1] (M.1.6): target 250.0% is outside the valid range of M.1.6",
            "model.toml: targets[2] (M.1.6): tertial T4 does not exist (T1–T3)",
            "model.toml: targets[3] (M.1.6): min (0.1) is greater than max (0.05)",
            "model.toml: targets[4] (M.1.6): unknown unit \"skolen\" (did you mean \"skole\"?)",
        ]
    );
}

#[test]
fn goal_tree_errors() {
    let text = with(
        r#"
[[indicators]]
code = "M.1.5"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "Godt arbeidsmiljø"
indicators = ["M.1.5"]
[[goals]]
id = "AP.1"
level = "arsplan"
parent = "KP.1"
title = "Lavt fravær"
unit = "skole"
indicators = ["M.1.5"]
[[goals]]
id = "LA.1"
level = "lederavtale"
parent = "KP.9"
title = "Oppfølging"
indicators = ["M.1.x"]
[[goals]]
id = "X.1"
level = "temaplan"
parent = "X.2"
title = "a"
[[goals]]
id = "X.2"
level = "kommuneplan"
parent = "X.1"
title = "b"
"#,
    );
    assert_eq!(
        problems(&text),
        [
            "model.toml: goals[2] (LA.1): unknown parent goal \"KP.9\" (did you mean \"KP.1\"?)",
            "model.toml: goals[2] (LA.1): a lederavtale goal needs a unit",
            "model.toml: goals[2] (LA.1): unknown indicator \"M.1.x\" (did you mean \"M.1.5\"?)",
            "model.toml: goals[4] (X.2): kommuneplan goals have no parent",
            "model.toml: goals[1] (AP.1): parent goal \"KP.1\" is a kommuneplan goal, but a arsplan goal must sit directly under a goal one level up",
        ]
    );
}

#[test]
fn goal_cycles_are_found() {
    let text = with(
        r#"
[[goals]]
id = "A"
level = "temaplan"
parent = "B"
title = "a"
[[goals]]
id = "B"
level = "temaplan"
parent = "A"
title = "b"
"#,
    );
    let p = problems(&text);
    assert!(
        p.contains(&"model.toml: goals[0] (A): the goal tree has a cycle: A → B → A; give one of the goals another parent".to_string()),
        "{p:?}"
    );
    assert!(
        p.contains(&"model.toml: goals[1] (B): the goal tree has a cycle: B → A → B; give one of the goals another parent".to_string()),
        "{p:?}"
    );
}

#[test]
fn advice_about_the_red_thread() {
    let text = with(
        r#"
[[indicators]]
code = "M.1.5"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "Godt arbeidsmiljø"
"#,
    );
    let m = Model::from_toml(&text, "model.toml").unwrap();
    let advice: Vec<String> = m.check().iter().map(|p| p.render(Lang::Nb)).collect();
    assert_eq!(
        advice,
        [
            "goals[0] (KP.1): målet har ingen indikatorer, så ingen kan se om det nås",
            "indicators[0] (M.1.5): indikatoren kan ikke spores til noe mål i kommuneplanen (den røde tråden mangler)",
        ]
    );
}

#[test]
fn toml_syntax_and_unknown_keys_are_reported_with_line() {
    let e = Model::from_toml("[municipality]\nname = \"X\"\nnavn = 3\n", "model.toml").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("model.toml: not a valid model file: TOML parse error at line 3"),
        "{msg}"
    );
    assert!(msg.contains("unknown field `navn`"), "{msg}");
    let e = Model::from_toml("[municipality\n", "model.toml").unwrap_err();
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn unit_tree_cycle_and_bad_fte() {
    // `with` puts one unit first (units[0]); then a unit with a bad id is
    // dropped (units[1]), so the cycle's units are units[2] and units[3] in
    // the file; c hangs under the cycle and is not in it.
    let text = with(
        r#"
[[units]]
id = "Ugyldig id"
name = "X"
kind = "skole"
[[units]]
id = "a"
name = "A"
kind = "sektor"
parent = "b"
[[units]]
id = "b"
name = "B"
kind = "sektor"
parent = "a"
fte = -2.0
[[units]]
id = "c"
name = "C"
kind = "skole"
parent = "a"
"#,
    );
    let p = problems(&text);
    assert_eq!(
        p[1..],
        [
            "model.toml: units[3] (b): fte must be 0 or more, not -2",
            "model.toml: units[2] (a): the unit tree has a cycle: a → b → a; give one of the units another parent",
            "model.toml: units[3] (b): the unit tree has a cycle: b → a → b; give one of the units another parent",
        ]
    );
    assert!(p[0].starts_with("model.toml: units[1]: "), "{p:?}");
    assert!(!p.iter().any(|m| m.contains("(c)")), "{p:?}");
}

#[test]
fn save_is_atomic_and_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("model.toml");
    let m = Model::example();
    m.save(&p).unwrap();
    let back = Model::load(&p).unwrap();
    assert_eq!(back.indicators(), m.indicators());
    assert_eq!(back.base_dir(), Some(dir.path()));
}

#[test]
fn set_rule_checks_the_rule() {
    let mut m = Model::example();
    let e = m
        .set_rule(
            "M.1.5",
            Rule::Bands {
                yellow: 0.05,
                green: 0.07,
            },
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model has 1 problem(s):\nindicators[4] (M.1.5): rule: for lower_is_better, green (0.07) must be at most yellow (0.05)"
    );
    m.set_rule(
        "M.1.5",
        Rule::Bands {
            yellow: 0.07,
            green: 0.05,
        },
    )
    .unwrap();
    assert_eq!(
        m.indicator("M.1.5").unwrap().rule,
        Rule::Bands {
            yellow: 0.07,
            green: 0.05
        }
    );
    let e = m.set_rule("M.15", Rule::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown indicator \"M.15\" (did you mean \"M.1.5\"?)"
    );
}

#[test]
fn bad_tolerances_and_computed_keys_name_the_entry() {
    let ind = |code: &str, extra: &str| {
        format!(
            "[[indicators]]\ncode = \"{code}\"\nname = \"X\"\nfocus_area = \"M.1\"\nmeasure = \"percent\"\ndirection = \"lower_is_better\"\nfrequency = \"month\"\n{extra}\n"
        )
    };
    let text = with(
        &[
            ind(
                "M.1.1",
                "rule = { kind = \"tolerance\", absolute = 0.01, relative = 0.1 }",
            ),
            ind("M.1.2", "rule = { kind = \"range\", relative = -0.1 }"),
            ind(
                "M.1.3",
                "computed = \"regler/a.rhai\"\ncomputed_inline = \"v(\\\"M.1.4\\\")\"",
            ),
            ind("M.1.4", "computed_inline = \"   \""),
            ind("M.1.5", "computed = \"regler/ok.rhai\""),
        ]
        .concat(),
    );
    assert_eq!(
        problems(&text),
        [
            "model.toml: indicators[0] (M.1.1): rule: give either absolute or relative, not both",
            "model.toml: indicators[1] (M.1.2): rule: relative must be a finite number ≥ 0",
            "model.toml: indicators[2] (M.1.3): give either computed (a script file) or computed_inline, not both",
            "model.toml: indicators[3] (M.1.4): computed is empty: give the script file (computed) or the script (computed_inline)",
        ]
    );
    assert_eq!(
        problems_nb(&text)[..2],
        [
            "model.toml: indicators[0] (M.1.1): rule: oppgi enten absolute eller relative, ikke begge",
            "model.toml: indicators[1] (M.1.2): rule: relative må være et endelig tall ≥ 0",
        ]
    );
    // A valid computed key survives a save and a load.
    let ok = Model::from_toml(
        &with(&ind("M.1.5", "computed = \"regler/ok.rhai\"")),
        "m.toml",
    )
    .unwrap();
    let again = Model::from_toml(&ok.to_toml(), "again.toml").unwrap();
    assert_eq!(
        again.indicator("M.1.5").unwrap().computed,
        Some(crate::rule::ScriptSource::File("regler/ok.rhai".into()))
    );
}

#[test]
fn an_empty_rule_script_says_so_and_how_to_mend_it() {
    for rule in [r#"{ script_inline = "  " }"#, r#"{ script = "" }"#] {
        let text = with(&format!(
            r#"
[[indicators]]
code = "M.1.5"
name = "Sykefravær korttid"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
rule = {rule}
"#
        ));
        assert_eq!(
            problems_nb(&text),
            ["model.toml: indicators[0] (M.1.5): rule: skriptet er tomt; skriv regelen i script_inline, eller gi en fil i script"],
            "{rule}"
        );
    }
}

#[test]
fn the_economy_section_is_checked_against_the_units() {
    let units = r#"
[[units]]
id = "oppvekst"
name = "Oppvekst"
kind = "sektor"
[[units]]
id = "barnehage"
name = "Barnehagen"
kind = "barnehage"
parent = "oppvekst"
"#;
    // Without [economy] the areas are the units under the municipality.
    let m = Model::from_toml(&with(units), "model.toml").unwrap();
    let areas: Vec<&str> = m
        .economy()
        .budget_areas
        .iter()
        .map(|a| a.as_str())
        .collect();
    assert_eq!(areas, ["skole", "oppvekst"]);
    assert_eq!(
        m.budget_area_of("barnehage").unwrap().id.as_str(),
        "oppvekst"
    );
    let text = with(&format!(
        r#"{units}
[economy]
budget_areas = ["oppvekst", "barnehage", "skolen"]
deviation_tolerance = -0.01
forecast = "run_rat"
[[economy.targets]]
kind = "netto_driftsresultat"
value = 0.0175
[[economy.targets]]
kind = "netto_driftsresultat"
value = 0.02
[[economy.profiles]]
unit = "skole"
weights = [0.5, 0.5, 0.5]
"#
    ));
    assert_eq!(
        problems_nb(&text),
        [
            "model.toml: economy.budget_areas[2]: ukjent enhet «skolen» — mente du «skole»?",
            "model.toml: economy.budget_areas[1]: rammeområdet «barnehage» ligger under rammeområdet «oppvekst»; et rammeområde kan ikke ligge i et annet",
            "model.toml: economy.budget_areas: enhetene skole ligger ikke i noe rammeområde; legg dem (eller en sektor over dem) til i budget_areas",
            "model.toml: economy: deviation_tolerance må være 0 eller mer (en brøk: 0.01 er 1 %), ikke -0.01",
            "model.toml: economy: ukjent verdi «run_rat» for forecast (gyldige: remaining_budget, run_rate) — mente du «run_rate»?",
            "model.toml: economy.targets[1]: måltallet «netto_driftsresultat» står to ganger",
            "model.toml: economy.profiles[0] (skole): weights må være tolv tall ≥ 0 som summerer til 1 (her 3 tall med sum 1.5)",
        ]
    );
}

#[test]
fn the_economy_section_survives_a_save() {
    let m = Model::example();
    let again = Model::from_toml(&m.to_toml(), "model.toml").unwrap();
    assert_eq!(again.economy(), m.economy());
    assert_eq!(m.economy().targets.len(), 3);
    assert_eq!(
        m.economy().profile(&"kultur_service".parse().unwrap()),
        &crate::economy::Profile::LastYear
    );
}
