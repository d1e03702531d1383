//! The economy against small examples worked out by hand.

use super::*;
use crate::ids::UnitId;
use crate::text::Localized;
use crate::{Lang, Model, Period, Status};
use chrono::{TimeZone, Utc};

fn id(s: &str) -> UnitId {
    UnitId::new(s).unwrap()
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// A balanced year: income −1 000, Oppvekst 600 (Aurvoll 350, Solvang
/// 250), Tekniske 380, depreciation 30 and its counter-entry −30,
/// interest 20 and instalments 15 less 5 interest income (net finance
/// 30): net result −1 000 + 980 + 30 + 30 − 30 = 10, a deficit; covered by
/// using 10 of the disposition fund.
fn year() -> YearBudget {
    let mut y = YearBudget::default();
    y.lines.insert(Line::Rammetilskudd, -600.0);
    y.lines.insert(Line::Skatt, -400.0);
    y.areas.insert(id("oppvekst"), 600.0);
    y.areas.insert(id("tekniske"), 380.0);
    y.units.insert(id("aurvoll"), 350.0);
    y.units.insert(id("solvang"), 250.0);
    y.units.insert(id("tekniske"), 380.0);
    y.lines.insert(Line::Avskrivninger, 30.0);
    y.lines.insert(Line::MotpostAvskrivninger, -30.0);
    y.lines.insert(Line::Renteutgifter, 20.0);
    y.lines.insert(Line::Avdrag, 15.0);
    y.lines.insert(Line::Renteinntekter, -5.0);
    y.lines.insert(Line::BrukDisposisjonsfond, -10.0);
    y
}

fn plan(years: Vec<YearBudget>) -> PlanVersion {
    PlanVersion {
        id: "vedtatt-2025".into(),
        kind: VersionKind::Adopted,
        title: "Økonomiplan 2025–2028".into(),
        decision: None,
        based_on: None,
        first_year: 2025,
        years,
    }
}

#[test]
fn the_statements_sums() {
    let s = Statement::of(&year());
    assert_eq!(s.general_income, -1000.0);
    assert_eq!(s.appropriations, 980.0);
    assert_eq!(s.net_expenses, 1010.0);
    assert_eq!(s.gross_result, 10.0);
    assert_eq!(s.net_finance, 30.0);
    assert_eq!(s.net_result, 10.0);
    assert_eq!(s.dispositions, -10.0);
    assert_eq!(s.carried_forward, 0.0);
    assert!(s.balances());
}

#[test]
fn a_balanced_plan_has_no_problems() {
    let m = Model::example();
    let p = check_plan(&m, &plan(vec![year(), year(), year(), year()]));
    assert!(p.is_empty(), "{}", p.render(Lang::Nb));
}

#[test]
fn each_unbalanced_year_is_reported_with_its_gap() {
    let m = Model::example();
    let mut deficit = year();
    // 1 250 kr less in tax: 1 250 kr carried forward.
    deficit.lines.insert(Line::Skatt, -398.75);
    let mut surplus = year();
    // 2 000 kr more block grant and nothing disposed of it.
    surplus.lines.insert(Line::Rammetilskudd, -602.0);
    let mut saving = year();
    // An unspecified saving of −20 with 20 more in Tekniske: the sums still
    // balance, but the year leans on a saving nobody has placed.
    saving.lines.insert(Line::UspesifisertInnsparing, -20.0);
    saving.areas.insert(id("tekniske"), 400.0);
    saving.units.insert(id("tekniske"), 400.0);
    let p = check_plan(&m, &plan(vec![year(), deficit, surplus, saving]));
    assert_eq!(
        p.iter().map(|x| x.render(Lang::Nb)).collect::<Vec<_>>(),
        [
            "økonomiplan «vedtatt-2025», 2026: ikke i balanse: 1 kr merforbruk blir fremført til inndekning i senere år; dekk det med innsparinger, økte inntekter eller bruk av fond",
            "økonomiplan «vedtatt-2025», 2027: ikke i balanse: 2 kr av mindreforbruket er ikke disponert; sett det av til fond eller overfør det til investering",
            "økonomiplan «vedtatt-2025», 2028: bygger på en uspesifisert innsparing på −20 kr; fordel den på rammeområdene",
        ]
    );
    assert!(p
        .iter()
        .all(|x| x.kind == crate::problem::ProblemKind::Unbalanced));
}

#[test]
fn units_frames_must_add_up_to_their_area() {
    let m = Model::example();
    let mut y = year();
    y.units.insert(id("solvang"), 240.0);
    y.units.insert(id("oppvekst"), 1.0);
    let p = check_plan(&m, &plan(vec![y, year(), year(), year()]));
    assert_eq!(
        p.iter().map(|x| x.render(Lang::En)).collect::<Vec<_>>(),
        [
            "økonomiplan «vedtatt-2025», 2025: the units' frames in Oppvekst add up to 590 kr, the area has 600 kr (gap −10 kr)",
            "økonomiplan «vedtatt-2025», 2025: \"oppvekst\" is not a service unit in the model; unit frames go to service units",
        ]
    );
}

#[test]
fn a_plan_of_three_years_is_short_of_one() {
    let m = Model::example();
    let p = check_plan(&m, &plan(vec![year(), year(), year()]));
    assert_eq!(
        p.render(Lang::Nb),
        "økonomiplan «vedtatt-2025»: planen har 3 år; en økonomiplan har fire (budsjettåret og tre planår)"
    );
}

fn line(unit: &str, month: &str, amount: f64) -> AccountLine {
    AccountLine {
        unit: id(unit),
        month: p(month),
        category: None,
        amount,
        location: Default::default(),
    }
}

#[test]
fn profiles_spread_the_year() {
    // A profile of weights: a school spends little in July.
    let mut w = [0.09; 12];
    w[6] = 0.01;
    let got = periodise(&Profile::Weights(w), None);
    assert_eq!(got[6], 0.01);
    // Last year's shape without usable accounts is linear.
    assert_eq!(
        periodise(&Profile::LastYear, Some(&[0.0; 12])),
        [1.0 / 12.0; 12]
    );
    let mut neg = [1.0; 12];
    neg[3] = -1.0;
    assert_eq!(periodise(&Profile::LastYear, Some(&neg)), [1.0 / 12.0; 12]);
}

#[test]
fn the_economy_table_by_hand() {
    let m = Model::example();
    let pl = plan(vec![year(), year(), year(), year()]);
    // Through August (T2), linearly: Aurvoll 350 × 8/12 = 233.33…,
    // Solvang 250 × 8/12 = 166.67, Tekniske 380 × 8/12 = 253.33.
    let mut lines = Vec::new();
    for mth in 1..=8 {
        let month = format!("2025-{mth:02}");
        lines.push(line("aurvoll", &month, 30.0)); // 240: 6.67 over
        lines.push(line("solvang", &month, 20.0)); // 160: 6.67 under
        lines.push(line("tekniske", &month, 32.0)); // 256: 2.67 over
    }
    // Something booked after the period does not count.
    lines.push(line("aurvoll", "2025-09", 1000.0));
    let acc = Accounts::new(&lines);
    let forecasts = [EnteredForecast {
        unit: id("aurvoll"),
        period: p("2025-T2"),
        amount: 12.0,
        comment: "Flere elever med vedtak".into(),
        actor: "kari".into(),
        at: Utc.with_ymd_and_hms(2025, 9, 10, 8, 0, 0).unwrap(),
    }];
    let rows = economy_rows(&m, &pl, &acc, &forecasts, p("2025-T2"));
    let ids: Vec<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(ids, ["aurvoll", "solvang", "oppvekst", "tekniske", "oyer"]);
    let r = |u: &str| rows.iter().find(|r| r.unit.as_str() == u).unwrap();
    let a = r("aurvoll");
    assert_eq!(
        (a.budget_to_date, a.accounts_to_date, a.deviation),
        (233.33, 240.0, 6.67)
    );
    // 6.67 over 233.33 is 2.9 %: over the 1 % tolerance, red.
    assert_eq!(a.status, Status::Red);
    assert_eq!(
        a.reason_text(Lang::Nb, p("2025-T2")),
        "2,9 % er over målet 0,0 %"
    );
    assert_eq!(
        (a.forecast_mechanical, a.forecast_entered),
        (6.67, Some(12.0))
    );
    assert_eq!(a.forecast(), 12.0);
    let s = r("solvang");
    assert_eq!(
        (s.deviation, s.status, s.forecast_entered),
        (-6.67, Status::Green, None)
    );
    // The area: its frame, its units' sums, and its forecast from the
    // entered 12 and Solvang's computed −6.67.
    let o = r("oppvekst");
    assert_eq!(
        (o.frame, o.budget_to_date, o.accounts_to_date, o.deviation),
        (600.0, 400.0, 400.0, 0.0)
    );
    assert_eq!(o.status, Status::Green);
    assert_eq!(o.forecast_entered, Some(5.33));
    // Tekniske is an area and a unit: one row. 2.67 over 253.33 is 1.05 %:
    // just over the tolerance.
    let t = r("tekniske");
    assert_eq!((t.deviation, t.status), (2.67, Status::Red));
    let all = r("oyer");
    assert_eq!((all.frame, all.deviation), (980.0, 2.67));
    assert_eq!(all.forecast_entered, Some(5.33 + 2.67));
}

#[test]
fn the_run_rate_forecast_carries_the_pace_on() {
    let toml = Model::example()
        .to_toml()
        .replace("forecast = \"remaining_budget\"", "forecast = \"run_rate\"");
    let m = Model::from_toml(&toml, "model.toml").unwrap();
    let pl = plan(vec![year(), year(), year(), year()]);
    // Tekniske: 380 a year; 32 a month for four months is 128 after T1,
    // on pace for 384 — 4 over the frame.
    let lines: Vec<AccountLine> = (1..=4)
        .map(|mth| line("tekniske", &format!("2025-{mth:02}"), 32.0))
        .collect();
    let rows = economy_rows(&m, &pl, &Accounts::new(&lines), &[], p("2025-T1"));
    let t = rows.iter().find(|r| r.unit.as_str() == "tekniske").unwrap();
    assert_eq!(t.forecast_mechanical, 4.0);
}

#[test]
fn accounts_with_the_wrong_sign_are_suspect() {
    let m = Model::example();
    let pl = plan(vec![year(), year(), year(), year()]);
    let lines: Vec<AccountLine> = (1..=4)
        .map(|mth| line("tekniske", &format!("2025-{mth:02}"), -31.0))
        .collect();
    let rows = economy_rows(&m, &pl, &Accounts::new(&lines), &[], p("2025-T1"));
    let t = rows.iter().find(|r| r.unit.as_str() == "tekniske").unwrap();
    assert!(t.sign_suspect);
    assert!(
        !rows
            .iter()
            .find(|r| r.unit.as_str() == "aurvoll")
            .unwrap()
            .sign_suspect
    );
}

#[test]
fn the_statement_report_computes_its_sums_and_says_the_balance() {
    let m = Model::example();
    let r = statement_report(&m, &plan(vec![year(), year(), year(), year()]), Lang::Nb);
    assert_eq!(r.sections[0].title, "Balanse");
    assert_eq!(r.sections[0].status, Some(Status::Green));
    let t = r.sections[1].table().unwrap();
    let row = |label: &str| {
        t.rows
            .iter()
            .find(|x| x.cells[0].text(Lang::Nb) == label)
            .unwrap_or_else(|| panic!("{label}"))
            .cells[1]
            .text(Lang::Nb)
    };
    assert_eq!(row("Sum generelle driftsinntekter"), "−1 000 kr");
    assert_eq!(row("Oppvekst"), "600 kr");
    assert_eq!(row("Netto driftsresultat"), "10 kr");
    assert_eq!(
        row("Fremført til inndekning i senere år (merforbruk)"),
        "0 kr"
    );
}

#[test]
fn the_examples_plans_balance_where_they_should() {
    let m = Model::example();
    let v = crate::example::plan_versions(&m);
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        ["forslag-2025", "vedtatt-2025", "alt-sp-2025", "reg-t1-2025"]
    );
    let problems = |i: usize| {
        check_plan(&m, &v[i])
            .iter()
            .map(|p| p.render(Lang::Nb))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems(0),
        [
            "økonomiplan «forslag-2025», 2027: bygger på en uspesifisert innsparing på −1 500 000 kr; fordel den på rammeområdene",
            "økonomiplan «forslag-2025», 2028: bygger på en uspesifisert innsparing på −1 500 000 kr; fordel den på rammeområdene",
        ]
    );
    for (i, id) in ids.iter().enumerate().skip(1) {
        assert!(problems(i).is_empty(), "{id}: {:?}", problems(i));
    }
    // Operating income of about 500 million, a net result near TBU's
    // 1.75 %.
    let s = Statement::of(&v[1].years[0]);
    assert_eq!(s.general_income, -420_000_000.0);
    assert_eq!(s.appropriations, 384_000_000.0);
    let t = evaluate_targets(&m, &v[1]);
    assert_eq!(t[0].share, Some(-s.net_result / 500_000_000.0));
}

fn incoming(
    sheet: &std::sync::Arc<SheetRef>,
    unit: &str,
    month: &str,
    category: &str,
    amount: f64,
    row: u32,
) -> IncomingLine {
    IncomingLine {
        unit: id(unit),
        month: p(month),
        category: category.into(),
        amount,
        sheet: sheet.clone(),
        cell: Some((row, 2)),
    }
}

#[test]
fn the_intake_finds_what_needs_the_whole_stream() {
    let a = std::sync::Arc::new(SheetRef::new("regnskap.xlsx", "Januar"));
    let b = std::sync::Arc::new(SheetRef::new("regnskap.xlsx", "Februar"));
    let rule = MonthRule {
        last_plan_year: Some(2025),
        today: "2025-12-31".parse().unwrap(),
    };
    let mut intake = Intake::new(rule);
    for l in [
        incoming(&a, "tekniske", "2025-01", "lønn", 100.0, 1),
        incoming(&a, "tekniske", "2025-01", "drift", 30.0, 2),
        // The same line again: read once, not summed.
        incoming(&a, "tekniske", "2025-01", "lønn", 100.0, 3),
        incoming(&b, "tekniske", "2025-02", "lønn", 50.0, 1),
        // January's lønn on the next sheet, with another amount.
        incoming(&b, "tekniske", "2025-01", "lønn", 90.0, 2),
        // Three lines after the plan's last year: one problem.
        incoming(&b, "tekniske", "2026-01", "lønn", 1.0, 3),
        incoming(&b, "tekniske", "2026-01", "drift", 1.0, 4),
        incoming(&b, "institusjon", "2026-01", "lønn", 1.0, 5),
    ] {
        intake.push(&l);
    }
    let checked = intake.finish();
    assert_eq!(checked.lines, 8);
    let texts: Vec<String> = checked
        .problems
        .iter()
        .map(|p| p.render(Lang::Nb))
        .collect();
    assert_eq!(
        texts,
        [
            "regnskap.xlsx: Februar!C4: 2026-01 ligger etter økonomiplanen, som går til 2025 (3 linjer)",
            "regnskap.xlsx: Februar!C3: tekniske 2025-01 (lønn) står to ganger med ulike beløp (Januar!C2 og C3); fjern den ene",
        ]
    );
    // January: 100 + 30 (the duplicate of 100 once, the other amount not
    // at all); February 50.
    assert_eq!(
        checked.accounts.month(&id("tekniske"), p("2025-01")),
        Some(130.0)
    );
    assert_eq!(
        checked.accounts.month(&id("tekniske"), p("2025-02")),
        Some(50.0)
    );
    assert_eq!(
        checked.accounts.month(&id("institusjon"), p("2026-01")),
        Some(1.0)
    );
}

#[test]
fn months_still_to_come_are_refused() {
    let rule = MonthRule {
        last_plan_year: None,
        today: "2025-03-31".parse().unwrap(),
    };
    assert!(rule.refusal(p("2025-03")).is_none());
    let t = rule.refusal(p("2025-04")).unwrap();
    assert_eq!(
        t.en,
        "2025-04 is in the future; accounts are kept for months that have passed"
    );
}
