use super::*;
use crate::indicator::MeasureKind;
use proptest::prelude::*;

fn pct() -> Measure {
    Measure::new(MeasureKind::Percent, 1)
}
fn score() -> Measure {
    Measure::new(MeasureKind::Score, 1).with_bounds(Some(1.0), Some(5.0))
}
fn t2() -> Period {
    "2025-T2".parse().unwrap()
}

fn eval(rule: &Rule, m: Measure, d: Direction, v: f64, t: Option<TargetValue>) -> (Status, String) {
    let e = rule.evaluate_builtin(m, d, Some(v), t).unwrap();
    (e.status, e.reason.render(Lang::Nb, &m, t2()))
}

#[test]
fn lower_is_better_with_absolute_tolerance() {
    let r = Rule::Tolerance(Tolerance::Absolute(0.005));
    let t = Some(TargetValue::Value(0.05));
    let d = Direction::LowerIsBetter;
    assert_eq!(
        eval(&r, pct(), d, 0.05, t),
        (Status::Green, "5,0 % når målet 5,0 %".into())
    );
    assert_eq!(
        eval(&r, pct(), d, 0.033, t),
        (Status::Green, "3,3 % når målet 5,0 %".into())
    );
    assert_eq!(eval(&r, pct(), d, 0.055, t).0, Status::Yellow);
    assert_eq!(
        eval(&r, pct(), d, 0.056, t),
        (Status::Red, "5,6 % er over målet 5,0 %".into())
    );
}

#[test]
fn boundaries_are_judged_at_shown_precision() {
    let r = Rule::Tolerance(Tolerance::Absolute(0.005));
    let t = Some(TargetValue::Value(0.05));
    // 5,04 % is shown as 5,0 % and meets a 5,0 % target.
    assert_eq!(
        eval(&r, pct(), Direction::LowerIsBetter, 0.0504, t).0,
        Status::Green
    );
    assert_eq!(
        eval(&r, pct(), Direction::LowerIsBetter, 0.0505, t).0,
        Status::Yellow
    );
    // The sum of floating-point parts that should be exactly the target.
    assert_eq!(
        eval(&r, pct(), Direction::LowerIsBetter, 0.01 + 0.04, t).0,
        Status::Green
    );
}

#[test]
fn higher_is_better_with_relative_tolerance() {
    let r = Rule::Tolerance(Tolerance::Relative(0.1));
    let t = Some(TargetValue::Value(4.0));
    let d = Direction::HigherIsBetter;
    assert_eq!(eval(&r, score(), d, 4.0, t).0, Status::Green);
    assert_eq!(
        eval(&r, score(), d, 3.6, t),
        (
            Status::Yellow,
            "3,6 er under målet 4,0, innenfor toleransen".into()
        )
    );
    assert_eq!(
        eval(&r, score(), d, 3.5, t),
        (Status::Red, "3,5 er under målet 4,0".into())
    );
}

#[test]
fn range_rule_and_within_range_direction() {
    let r = Rule::Range(Tolerance::Absolute(0.01));
    let t = Some(TargetValue::Range {
        min: -0.01,
        max: 0.01,
    });
    let d = Direction::WithinRange;
    assert_eq!(eval(&r, pct(), d, 0.0, t).0, Status::Green);
    assert_eq!(eval(&r, pct(), d, 0.01, t).0, Status::Green);
    assert_eq!(eval(&r, pct(), d, -0.015, t).0, Status::Yellow);
    assert_eq!(
        eval(&r, pct(), d, 0.035, t),
        (
            Status::Red,
            "3,5 % er utenfor målet −1,0 % til 1,0 %".into()
        )
    );
    // A tolerance rule on a within-range indicator judges the range too.
    let tol = Rule::Tolerance(Tolerance::Absolute(0.01));
    assert_eq!(eval(&tol, pct(), d, -0.015, t).0, Status::Yellow);
}

#[test]
fn bands_both_ways() {
    let up = Rule::Bands {
        yellow: 3.5,
        green: 4.0,
    };
    let d = Direction::HigherIsBetter;
    assert_eq!(
        eval(&up, score(), d, 4.0, None),
        (Status::Green, "grønt nivå: 4,0 ≥ 4,0".into())
    );
    assert_eq!(
        eval(&up, score(), d, 3.5, None),
        (Status::Yellow, "gult nivå: 3,5 ≥ 3,5, men < 4,0".into())
    );
    assert_eq!(
        eval(&up, score(), d, 3.4, None),
        (Status::Red, "rødt nivå: 3,4 < 3,5".into())
    );
    let down = Rule::Bands {
        yellow: 0.07,
        green: 0.05,
    };
    let d = Direction::LowerIsBetter;
    assert_eq!(eval(&down, pct(), d, 0.05, None).0, Status::Green);
    assert_eq!(eval(&down, pct(), d, 0.07, None).0, Status::Yellow);
    assert_eq!(eval(&down, pct(), d, 0.071, None).0, Status::Red);
}

#[test]
fn missing_value_or_target() {
    let r = Rule::default();
    let e = r
        .evaluate_builtin(pct(), Direction::LowerIsBetter, None, None)
        .unwrap();
    assert_eq!(e.status, Status::NoData);
    assert_eq!(
        e.reason.render(Lang::Nb, &pct(), t2()),
        "ingen verdi for 2025-T2"
    );
    let e = r
        .evaluate_builtin(pct(), Direction::LowerIsBetter, Some(0.1), None)
        .unwrap();
    // A value with no target is not judged: no light.
    assert_eq!(e.status, Status::Unjudged);
    assert_eq!(
        e.reason.render(Lang::Nb, &pct(), t2()),
        "ingen mål for 2025-T2"
    );
    assert_eq!(
        e.reason.render(Lang::En, &pct(), t2()),
        "no target for 2025-T2"
    );
    // Bands need no target.
    let b = Rule::Bands {
        yellow: 0.1,
        green: 0.05,
    };
    assert_eq!(
        b.evaluate_builtin(pct(), Direction::LowerIsBetter, Some(0.01), None)
            .unwrap()
            .status,
        Status::Green
    );
}

#[test]
fn english_reasons() {
    let r = Rule::Tolerance(Tolerance::Absolute(0.005));
    let e = r
        .evaluate_builtin(
            pct(),
            Direction::LowerIsBetter,
            Some(0.061),
            Some(TargetValue::Value(0.05)),
        )
        .unwrap();
    assert_eq!(
        e.reason.render(Lang::En, &pct(), t2()),
        "6.1% is above the target 5.0%"
    );
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Green => 0,
        Status::Yellow => 1,
        Status::Red => 2,
        _ => 9,
    }
}

fn any_rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (0.0f64..2.0).prop_map(|a| Rule::Tolerance(Tolerance::Absolute(a))),
        (0.0f64..0.5).prop_map(|r| Rule::Tolerance(Tolerance::Relative(r))),
        (-10.0f64..10.0, 0.0f64..5.0).prop_map(|(y, gap)| Rule::Bands {
            yellow: y,
            green: y + gap
        }),
    ]
}

proptest! {
    #[test]
    fn higher_is_better_is_monotone(rule in any_rule(), t in -10.0f64..10.0, a in -20.0f64..20.0, b in -20.0f64..20.0) {
        let m = Measure::new(MeasureKind::Number, 2);
        let d = Direction::HigherIsBetter;
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let s_lo = rule.evaluate_builtin(m, d, Some(lo), Some(TargetValue::Value(t))).unwrap().status;
        let s_hi = rule.evaluate_builtin(m, d, Some(hi), Some(TargetValue::Value(t))).unwrap().status;
        prop_assert!(rank(s_hi) <= rank(s_lo), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    #[test]
    fn lower_is_better_is_monotone(rule in any_rule(), t in -10.0f64..10.0, a in -20.0f64..20.0, b in -20.0f64..20.0) {
        let rule = match rule {
            Rule::Bands { yellow, green } => Rule::Bands { yellow: green, green: yellow },
            r => r,
        };
        let m = Measure::new(MeasureKind::Number, 2);
        let d = Direction::LowerIsBetter;
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let s_lo = rule.evaluate_builtin(m, d, Some(lo), Some(TargetValue::Value(t))).unwrap().status;
        let s_hi = rule.evaluate_builtin(m, d, Some(hi), Some(TargetValue::Value(t))).unwrap().status;
        prop_assert!(rank(s_lo) <= rank(s_hi), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
    }

    #[test]
    fn the_target_itself_is_always_green(t in -1000.0f64..1000.0, tol in 0.0f64..1.0) {
        let m = Measure::new(MeasureKind::Number, 1);
        for d in [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::WithinRange] {
            let e = Rule::Tolerance(Tolerance::Relative(tol)).evaluate_builtin(m, d, Some(t), Some(TargetValue::Value(t))).unwrap();
            prop_assert_eq!(e.status, Status::Green);
        }
    }
}
