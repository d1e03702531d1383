use super::*;
use crate::complete::Complete;
use crate::observation::ObservationInput;
use crate::text::Localized;
use crate::trend::Movement;

const MODEL: &str = r#"
[municipality]
id = "testby"
name = "Testby kommune"
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[perspectives]]
id = "tjenester"
name = "Tjenestekvalitet"
[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
cross_cutting = true
[[focus_areas]]
id = "T.1"
perspective = "tjenester"
name = "Skole"
[[units]]
id = "oppvekst"
name = "Oppvekst"
kind = "sektor"
[[units]]
id = "a"
name = "A skole"
kind = "skole"
parent = "oppvekst"
fte = 10.0
[[units]]
id = "b"
name = "B skole"
kind = "skole"
parent = "oppvekst"
fte = 30.0
[[units]]
id = "c"
name = "C omsorg"
kind = "omsorg"
fte = 60.0
[[indicators]]
code = "SF"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
aggregate_time = "mean"
aggregate_units = "weighted_mean"
weight = "fte"
rule = { kind = "tolerance", absolute = 0.005 }
[[indicators]]
code = "TOT"
name = "Fravær totalt"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
aggregate_units = "ratio"
numerator = "TAPT"
denominator = "MULIG"
rule = { kind = "tolerance", absolute = 0.005 }
[[indicators]]
code = "TAPT"
name = "Tapte dagsverk"
focus_area = "M.1"
measure = "count"
direction = "lower_is_better"
frequency = "month"
aggregate_time = "sum"
aggregate_units = "sum"
rule = { kind = "bands", yellow = 1000.0, green = 500.0 }
[[indicators]]
code = "MULIG"
name = "Mulige dagsverk"
focus_area = "M.1"
measure = "count"
direction = "higher_is_better"
frequency = "month"
aggregate_time = "sum"
aggregate_units = "sum"
rule = { kind = "bands", yellow = 0.0, green = 0.0 }
[[indicators]]
code = "LES"
name = "Lesing"
focus_area = "T.1"
measure = "score"
decimals = 0
direction = "higher_is_better"
frequency = "year"
aggregate_units = "min"
applies_to = { kinds = ["skole"] }
[[targets]]
indicator = "SF"
year = 2025
value = 0.05
[[targets]]
indicator = "SF"
year = 2025
unit = "b"
value = 0.06
[[targets]]
indicator = "TOT"
year = 2025
value = 0.08
[[targets]]
indicator = "LES"
year = 2024
value = 50.0
[[targets]]
indicator = "LES"
year = 2025
value = 52.0
[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "Godt arbeidsmiljø"
indicators = ["SF"]
[[goals]]
id = "TP.1"
level = "temaplan"
parent = "KP.1"
title = "Lavt fravær"
indicators = ["TOT"]
[[goals]]
id = "AP.a"
level = "arsplan"
parent = "TP.1"
unit = "a"
title = "A: lavt fravær"
indicators = ["SF", "LES"]
"#;

fn setup(obs: &[(&str, &str, &str, f64)]) -> (Model, Complete) {
    let m = Model::from_toml(MODEL, "t.toml").unwrap();
    let inputs: Vec<ObservationInput> = obs
        .iter()
        .map(|(c, u, p, v)| ObservationInput::new(c, u, p, Some(*v)))
        .collect();
    let ok = m.validate_batch(&inputs).unwrap();
    let mut d = Dataset::new(&m);
    d.insert_all(&ok);
    let d = Complete::new(&m, d, None);
    (m, d)
}

fn card(m: &Model, d: &Complete, unit: &str, p: &str) -> Scorecard {
    Scorecard::build(
        m,
        d,
        &m.resolve_scope(unit).unwrap(),
        p.parse().unwrap(),
        &Options::default(),
    )
    .unwrap()
}

#[test]
fn months_aggregate_into_the_tertial_and_trends_judge_by_direction() {
    let (m, d) = setup(&[
        ("SF", "a", "2025-01", 0.08),
        ("SF", "a", "2025-02", 0.06),
        ("SF", "a", "2025-05", 0.05),
        ("SF", "a", "2025-06", 0.04),
        ("SF", "a", "2025-07", 0.03),
        ("SF", "a", "2024-06", 0.07),
    ]);
    let c = card(&m, &d, "a", "2025-T2");
    let r = c.row("SF").unwrap();
    assert!((r.value.unwrap() - 0.04).abs() < 1e-12);
    assert_eq!(r.coverage, (3, 4));
    assert_eq!(r.value_period.to_string(), "2025-T2");
    assert!((r.previous.unwrap() - 0.07).abs() < 1e-12);
    assert_eq!(r.trend, Trend::Improving(Movement::Down));
    assert_eq!(r.last_year, Some(0.07));
    assert_eq!(r.status, Status::Green);
    assert_eq!(r.reason_text(Lang::Nb), "4,0 % når målet 5,0 %");
    assert_eq!(r.history.len(), 6);
    assert_eq!(r.history[5].0.to_string(), "2025-T2");
    assert_eq!(r.history[0].0.to_string(), "2023-T3");
    // A month scorecard shows the month itself.
    let c = card(&m, &d, "a", "2025-06");
    assert_eq!(c.row("SF").unwrap().value, Some(0.04));
    assert_eq!(c.row("SF").unwrap().previous, Some(0.05));
}

#[test]
fn unit_targets_beat_all_unit_targets() {
    let (m, d) = setup(&[("SF", "b", "2025-05", 0.058)]);
    let r = card(&m, &d, "b", "2025-05").row("SF").unwrap().clone();
    assert_eq!(r.target, Some(TargetValue::Value(0.06)));
    assert_eq!(r.status, Status::Green);
}

#[test]
fn yearly_values_show_in_a_tertial_labelled_with_their_own_year() {
    let (m, d) = setup(&[("LES", "a", "2024", 49.0)]);
    let r = card(&m, &d, "a", "2025-T2").row("LES").unwrap().clone();
    assert_eq!(r.value, Some(49.0));
    assert_eq!(r.value_period.to_string(), "2024");
    assert_eq!(r.target, Some(TargetValue::Value(50.0)));
    assert_eq!(r.status, Status::Yellow);
    assert_eq!(
        r.reason_text(Lang::Nb),
        "49 er under målet 50, innenfor toleransen"
    );
}

#[test]
fn missing_values_give_no_data_and_late_flags() {
    let (m, d) = setup(&[]);
    let opts = Options {
        today: NaiveDate::from_ymd_opt(2025, 11, 1),
        ..Options::default()
    };
    let c = Scorecard::build(
        &m,
        &d,
        &Scope::unit("a").unwrap(),
        "2025-T2".parse().unwrap(),
        &opts,
    )
    .unwrap();
    let r = c.row("SF").unwrap();
    assert_eq!(r.status, Status::NoData);
    assert_eq!(r.reason_text(Lang::Nb), "ingen verdi for 2025-T2");
    assert!(r.late);
    assert_eq!(r.trend, Trend::Unknown);
    let opts = Options {
        today: NaiveDate::from_ymd_opt(2025, 9, 15),
        ..Options::default()
    };
    let c = Scorecard::build(
        &m,
        &d,
        &Scope::unit("a").unwrap(),
        "2025-T2".parse().unwrap(),
        &opts,
    )
    .unwrap();
    assert!(!c.row("SF").unwrap().late);
}

#[test]
fn roll_ups_use_each_indicators_own_method_and_keep_parts() {
    let (m, d) = setup(&[
        ("SF", "a", "2025-05", 0.02),
        ("SF", "b", "2025-05", 0.06),
        ("SF", "c", "2025-05", 0.10),
        ("TAPT", "a", "2025-05", 10.0),
        ("MULIG", "a", "2025-05", 200.0),
        ("TAPT", "b", "2025-05", 30.0),
        ("MULIG", "b", "2025-05", 600.0),
        ("TOT", "a", "2025-05", 0.05),
        ("TOT", "b", "2025-05", 0.05),
        ("LES", "a", "2025", 55.0),
        ("LES", "b", "2025", 48.0),
    ]);
    let all = card(&m, &d, "all", "2025-05");
    assert_eq!(all.scope_name, "Testby kommune");
    // Weighted by FTEs: (0.02*10 + 0.06*30 + 0.10*60) / 100 = 0.08
    let sf = all.row("SF").unwrap();
    assert!((sf.value.unwrap() - 0.08).abs() < 1e-12, "{:?}", sf.value);
    assert_eq!(sf.rollup.as_ref().unwrap().units_counted, 3);
    assert_eq!(sf.status, Status::Red);
    // Ratio of sums: 40 / 800, with the parts kept.
    let tot = all.row("TOT").unwrap();
    let r = tot.rollup.as_ref().unwrap();
    assert_eq!((r.numerator, r.denominator), (Some(40.0), Some(800.0)));
    assert!((tot.value.unwrap() - 0.05).abs() < 1e-12);
    assert_eq!(all.row("TAPT").unwrap().value, Some(40.0));
    // The sector rolls up only its own units; min for reading.
    let sector = card(&m, &d, "oppvekst", "2025-05");
    assert!((sector.row("SF").unwrap().value.unwrap() - 0.05).abs() < 1e-12);
    assert_eq!(sector.row("LES").unwrap().value, Some(48.0));
    assert_eq!(
        sector
            .row("LES")
            .unwrap()
            .rollup
            .as_ref()
            .unwrap()
            .units_expected,
        2
    );
    // Raw unit values are untouched.
    assert_eq!(
        card(&m, &d, "c", "2025-05").row("SF").unwrap().value,
        Some(0.10)
    );
    // Indicators that apply to no unit in scope are left out.
    assert!(card(&m, &d, "c", "2025-05").row("LES").is_none());
}

#[test]
fn status_counts_and_grouping() {
    let (m, d) = setup(&[("SF", "a", "2025-05", 0.09), ("LES", "a", "2025", 53.0)]);
    let c = card(&m, &d, "a", "2025-05");
    let names: Vec<&str> = c.perspectives.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Medarbeidere", "Tjenestekvalitet"]);
    let medarb = &c.perspectives[0];
    assert_eq!(medarb.focus_areas[0].rows.len(), 4);
    assert_eq!(medarb.status, Status::Red);
    assert_eq!(c.perspectives[1].status, Status::Green);
    assert_eq!(c.counts.total(), 5);
    assert_eq!(c.counts.red, 1);
    assert_eq!(c.counts.green, 1);
}

#[test]
fn goal_statuses_roll_up_the_red_thread() {
    let (m, d) = setup(&[
        ("SF", "a", "2025-05", 0.03),
        ("LES", "a", "2025", 40.0),
        ("SF", "b", "2025-05", 0.03),
    ]);
    let g = goal_statuses(&m, &d, "2025-05".parse().unwrap(), &Options::default());
    assert_eq!(g.len(), 1);
    let kp = &g[0];
    assert_eq!(kp.id.as_str(), "KP.1");
    assert_eq!(
        kp.indicators,
        vec![(IndicatorCode::new("SF").unwrap(), Status::Green)]
    );
    let ap = &kp.children[0].children[0];
    assert_eq!(ap.id.as_str(), "AP.a");
    assert_eq!(ap.status, Status::Red); // reading 40 against 52
    assert_eq!(kp.status, Status::Red); // worst of children
}

#[test]
fn overview_matrix_has_every_unit_and_the_municipality() {
    let (m, d) = setup(&[("SF", "a", "2025-05", 0.03)]);
    let o = Overview::build(&m, &d, "2025-05".parse().unwrap(), &Options::default());
    let names: Vec<&str> = o.units.iter().map(|u| u.1.as_str()).collect();
    assert_eq!(names, ["A skole", "B skole", "C omsorg", "Testby kommune"]);
    let sf = o
        .indicators
        .iter()
        .position(|i| i.0.as_str() == "SF")
        .unwrap();
    let les = o
        .indicators
        .iter()
        .position(|i| i.0.as_str() == "LES")
        .unwrap();
    assert_eq!(o.cells[0][sf].as_ref().unwrap().status, Status::Green);
    assert_eq!(o.cells[1][sf].as_ref().unwrap().status, Status::NoData);
    assert!(o.cells[2][les].is_none());
    assert_eq!(o.counts[0].green, 1);
}

#[test]
fn unknown_scope_is_an_error_with_a_suggestion() {
    let (m, d) = setup(&[]);
    let e = Scorecard::build(
        &m,
        &d,
        &Scope::unit("aa").unwrap(),
        "2025".parse().unwrap(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.render(Lang::Nb), "ukjent enhet «aa» — mente du «a»?");
}

#[test]
fn the_example_shows_every_status_in_2025_t2() {
    let m = Model::example();
    let d = Complete::new(&m, crate::example::sample_dataset(&m), None);
    let mut all = StatusCounts::default();
    for u in m.service_units(&Scope::Municipality) {
        let c = Scorecard::build(
            &m,
            &d,
            &Scope::Unit(u.id.clone()),
            "2025-T2".parse().unwrap(),
            &Options::default(),
        )
        .unwrap();
        all.merge(&c.counts);
    }
    assert!(
        all.green > 0 && all.yellow > 0 && all.red > 0 && all.no_data > 0,
        "{all:?}"
    );
    assert_eq!(all.error, 0);
}

const KOSTRA_MODEL: &str = r#"
[municipality]
id = "testby"
name = "Testby kommune"
[[perspectives]]
id = "okonomi"
name = "Økonomi"
[[focus_areas]]
id = "O.2"
perspective = "okonomi"
name = "Effektiv drift"
[[units]]
id = "oppvekst"
name = "Oppvekst"
kind = "sektor"
[[units]]
id = "a"
name = "A skole"
kind = "skole"
parent = "oppvekst"
[[units]]
id = "b"
name = "B skole"
kind = "skole"
parent = "oppvekst"
[[indicators]]
code = "KB"
name = "Korrigerte brutto driftsutgifter per elev"
focus_area = "O.2"
measure = "nok"
decimals = 0
direction = "lower_is_better"
frequency = "year"
aggregate_units = "mean"
applies_to = { kinds = ["skole"] }
trend_margin = 2000.0
kostra = { table = "12134", contents = "KOSkorrbrutto0000" }
rule = { kind = "kostra_group", relative = 0.10 }
[kostra]
region = "3440"
group = "EKG01"
"#;

/// Two schools' own figures for 2024 and 2025, and KOSTRA's for the
/// municipality (own, the group) 2023–2024; `break_2024` marks a break.
fn kostra_setup(break_2024: Option<&str>) -> (Model, Complete) {
    let m = Model::from_toml(KOSTRA_MODEL, "t.toml").unwrap();
    let inputs: Vec<ObservationInput> = [
        ("a", "2024", 170_000.0),
        ("b", "2024", 150_000.0),
        ("b", "2025", 151_000.0),
    ]
    .iter()
    .map(|(u, p, v)| ObservationInput::new("KB", u, p, Some(*v)))
    .collect();
    let ok = m.validate_batch(&inputs).unwrap();
    let mut d = Dataset::new(&m);
    d.insert_all(&ok);
    let group = |v: f64| {
        Some(crate::rule::Comparison {
            value: v,
            label: "KOSTRA-gruppe 1".into(),
        })
    };
    for (year, own, g, note) in [
        (2023, 158_000.0, 150_000.0, None),
        (2024, 161_911.0, 154_055.0, break_2024),
    ] {
        d.set_kostra(
            0,
            year,
            crate::kostra::KostraPoint {
                own: Some(own),
                group: group(g),
                break_note: note.map(str::to_string),
            },
        );
    }
    let d = Complete::new(&m, d, None);
    (m, d)
}

#[test]
fn the_municipality_shows_kostras_figure_against_its_group() {
    let (m, d) = kostra_setup(None);
    let c = card(&m, &d, "kommune", "2025-T2");
    let r = c.row("KB").unwrap();
    // SSB's figure, not the mean of the schools' 160 000; 2024 is the
    // latest year SSB has.
    assert_eq!(
        (r.value, r.value_period.to_string().as_str()),
        (Some(161_911.0), "2024")
    );
    assert!(r.from_kostra);
    assert_eq!(r.basis_text(Lang::Nb), "KOSTRA (SSB)");
    // Lower is better; (161 911 − 154 055) / 154 055 = 5,1 % over, within 10 %.
    assert_eq!(r.status, Status::Yellow);
    assert_eq!(
        r.reason_text(Lang::Nb).replace('\u{a0}', " "),
        "161 911 kr er 5,1 % over snittet i KOSTRA-gruppe 1"
    );
    assert_eq!(
        r.reason_text(Lang::En).replace('\u{a0}', " "),
        "161,911 kr is 5.1 % above the average of KOSTRA-gruppe 1"
    );
    // From 158 000 to 161 911: 3 911 more, beyond the margin of 2 000.
    assert_eq!(r.previous, Some(158_000.0));
    assert!(matches!(r.trend, Trend::Worsening(_)), "{:?}", r.trend);
    assert!(r.breaks.is_empty());
}

#[test]
fn no_trend_crosses_a_break_and_the_break_is_shown() {
    let (m, d) = kostra_setup(Some("regionkode 0521 → 3440"));
    let c = card(&m, &d, "kommune", "2025-T2");
    let r = c.row("KB").unwrap();
    assert_eq!(r.trend, Trend::Unknown);
    assert_eq!(r.trend_last_year, Trend::Unknown);
    assert_eq!(
        r.breaks,
        vec![(
            "2024".parse().unwrap(),
            "regionkode 0521 → 3440".to_string()
        )]
    );
    let report = crate::report::scorecard_report(&m, &c, Lang::Nb);
    let text = format!("{report:?}");
    assert!(
        text.contains("brudd i serien 2024: regionkode 0521 → 3440"),
        "{text}"
    );
}

#[test]
fn a_school_is_judged_against_the_group_of_its_year() {
    let (m, d) = kostra_setup(None);
    // A: (170 000 − 154 055) / 154 055 = 10,4 % over, beyond 10 %: red.
    let a = card(&m, &d, "a", "2024-T3");
    let r = a.row("KB").unwrap();
    assert_eq!(
        (r.value, r.status, r.from_kostra),
        (Some(170_000.0), Status::Red, false)
    );
    assert_eq!(
        r.reason_text(Lang::Nb).replace('\u{a0}', " "),
        "170 000 kr er 10,4 % over snittet i KOSTRA-gruppe 1"
    );
    // B: 4 055 under the group's 154 055 = 2,6 % under: green.
    let b = card(&m, &d, "b", "2024-T3");
    let r = b.row("KB").unwrap();
    assert_eq!(r.status, Status::Green);
    assert_eq!(
        r.reason_text(Lang::Nb).replace('\u{a0}', " "),
        "150 000 kr er 2,6 % under snittet i KOSTRA-gruppe 1"
    );
    // B in 2025: SSB has no group figure yet, so no light.
    let b = card(&m, &d, "b", "2025-T3");
    let r = b.row("KB").unwrap();
    assert_eq!((r.value, r.status), (Some(151_000.0), Status::Unjudged));
    assert_eq!(
        r.reason_text(Lang::Nb),
        "ingen KOSTRA-tall for gruppen for 2025"
    );
}

#[test]
fn a_group_rule_needs_a_kostra_source_and_a_group() {
    let no_source = KOSTRA_MODEL.replace(
        "kostra = { table = \"12134\", contents = \"KOSkorrbrutto0000\" }\n",
        "",
    );
    let e = Model::from_toml(&no_source, "t.toml")
        .unwrap_err()
        .render(Lang::Nb);
    assert!(
        e.contains("kostra_group sammenligner med KOSTRA-gruppen; indikatoren trenger kostra = {"),
        "{e}"
    );
    let no_group = KOSTRA_MODEL.replace("group = \"EKG01\"\n", "");
    let e = Model::from_toml(&no_group, "t.toml")
        .unwrap_err()
        .render(Lang::Nb);
    assert!(e.contains("indicators.KB.rule: rule: kostra_group sammenligner med kommunens KOSTRA-gruppe; sett group = \"EKG01\""), "{e}");
}
