use super::*;
use proptest::prelude::*;

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

#[test]
fn canonical_forms_round_trip() {
    for s in ["2025-03", "2025-T2", "2025", "1900-01", "2200-T3"] {
        assert_eq!(p(s).to_string(), s);
    }
}

#[test]
fn accepts_the_forms_people_type() {
    assert_eq!(p("T2 2025"), p("2025-T2"));
    assert_eq!(p("t3 2024"), p("2024-T3"));
    assert_eq!(p("2025-t1"), p("2025-T1"));
    assert_eq!(p("2. tertial 2025"), p("2025-T2"));
    assert_eq!(p("tertial 2 2025"), p("2025-T2"));
    assert_eq!(p("mars 2025"), p("2025-03"));
    assert_eq!(p("Mars 2025"), p("2025-03"));
    assert_eq!(p("March 2025"), p("2025-03"));
    assert_eq!(p("okt 2025"), p("2025-10"));
    assert_eq!(p("des. 2025"), p("2025-12"));
    assert_eq!(p("mai 2025"), p("2025-05"));
    assert_eq!(p("03.2025"), p("2025-03"));
    assert_eq!(p("3/2025"), p("2025-03"));
    assert_eq!(p("2025-3"), p("2025-03"));
    assert_eq!(p("  2025  "), p("2025"));
}

#[test]
fn rejects_with_the_message_the_user_sees() {
    let e = "2025-T4".parse::<Period>().unwrap_err();
    assert_eq!(e, PeriodError::Tertial(4));
    assert_eq!(e.render(Lang::Nb), "tertial T4 finnes ikke (T1–T3)");
    assert_eq!(e.to_string(), "tertial T4 does not exist (T1–T3)");
    let e = "2025-13".parse::<Period>().unwrap_err();
    assert_eq!(e.render(Lang::Nb), "måned 13 finnes ikke (1–12)");
    let e = "neste år".parse::<Period>().unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "«neste år» er ikke en periode (skriv f.eks. 2025-03, 2025-T2 eller 2025)"
    );
    assert_eq!(
        "1850".parse::<Period>().unwrap_err(),
        PeriodError::Year(1850)
    );
    for bad in [
        "",
        "25",
        "2025-",
        "-03",
        "2025-T",
        "T2",
        "2025/03",
        "1.2.2025",
        "x 2025",
        "2025-T2-1",
    ] {
        assert!(bad.parse::<Period>().is_err(), "{bad:?} should be rejected");
    }
}

#[test]
fn dates_and_containment() {
    let t2 = p("2025-T2");
    assert_eq!(t2.start().to_string(), "2025-05-01");
    assert_eq!(t2.end().to_string(), "2025-08-31");
    assert_eq!(p("2024-02").end().to_string(), "2024-02-29");
    assert_eq!(p("2025-12").end().to_string(), "2025-12-31");
    assert!(t2.contains(p("2025-05")) && t2.contains(p("2025-08")));
    assert!(!t2.contains(p("2025-04")) && !t2.contains(p("2025-09")));
    assert!(!t2.contains(p("2025")));
    assert!(p("2025").contains(t2));
    assert!(!p("2024").contains(t2));
    assert_eq!(
        t2.subperiods(Frequency::Month)
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>(),
        ["2025-05", "2025-06", "2025-07", "2025-08"]
    );
    assert_eq!(p("2025").subperiods(Frequency::Tertial).len(), 3);
    assert_eq!(p("2025-07").coarsen(Frequency::Tertial), Some(t2));
    assert_eq!(t2.coarsen(Frequency::Month), None);
}

#[test]
fn previous_next_and_last_year() {
    assert_eq!(p("2025-01").previous(), p("2024-12"));
    assert_eq!(p("2025-T1").previous(), p("2024-T3"));
    assert_eq!(p("2025").previous(), p("2024"));
    assert_eq!(p("2024-12").next(), p("2025-01"));
    assert_eq!(p("2025-03").same_period_last_year(), p("2024-03"));
    assert_eq!(p("1900-01").previous(), p("1900-01"));
}

#[test]
fn ordering_is_by_start_then_end() {
    let mut v = [
        p("2025-02"),
        p("2025"),
        p("2025-T1"),
        p("2025-01"),
        p("2024-T3"),
    ];
    v.sort();
    let s: Vec<String> = v.iter().map(|p| p.to_string()).collect();
    assert_eq!(s, ["2024-T3", "2025-01", "2025-T1", "2025", "2025-02"]);
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1900i32..=2200, 1u32..=12).prop_map(|(y, m)| Period::month(y, m).unwrap()),
        (1900i32..=2200, 1u32..=3).prop_map(|(y, t)| Period::tertial(y, t).unwrap()),
        (1900i32..=2200).prop_map(|y| Period::year(y).unwrap()),
    ]
}

proptest! {
    #[test]
    fn print_parse_round_trip(period in any_period()) {
        let text = period.to_string();
        prop_assert_eq!(text.parse::<Period>().unwrap(), period);
        prop_assert_eq!(Period::from_key(period.to_key()), Some(period));
        let json = serde_json::to_string(&period).unwrap();
        prop_assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);
    }

    #[test]
    fn label_forms_parse_back(period in any_period()) {
        prop_assert_eq!(period.label_nb().parse::<Period>().unwrap(), period);
        prop_assert_eq!(period.label_en().parse::<Period>().unwrap(), period);
    }

    #[test]
    fn ordering_agrees_with_dates(a in any_period(), b in any_period()) {
        let by_dates = (a.start(), a.end()).cmp(&(b.start(), b.end()));
        prop_assert_eq!(a.cmp(&b), by_dates);
        prop_assert_eq!(a == b, a.cmp(&b) == std::cmp::Ordering::Equal);
    }

    #[test]
    fn next_undoes_previous(period in any_period()) {
        prop_assume!(period.year_number() > 1900 && period.year_number() < 2200);
        prop_assert_eq!(period.previous().next(), period);
        prop_assert!(period.previous() < period);
        prop_assert_eq!(period.same_period_last_year().year_number(), period.year_number() - 1);
    }

    #[test]
    fn every_subperiod_is_contained(period in any_period()) {
        for &f in Frequency::ALL {
            for sub in period.subperiods(f) {
                prop_assert!(period.contains(sub));
                prop_assert_eq!(sub.coarsen(period.frequency()), Some(period));
            }
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(s in "\\PC{0,30}") {
        let _ = s.parse::<Period>();
    }
}
