//! The kinds of the problems the sections report.

use crate::error::Error;
use crate::lang::Lang;
use crate::model::Model;
use crate::rule::{Rule, ScriptSource};
use crate::text::Localized;

/// The smallest model that loads: one perspective, focus area, unit and
/// indicator.
const SMALL: &str = r#"
[municipality]
name = "Testby kommune"
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
[[units]]
id = "skole"
name = "Skolen"
kind = "skole"
[[indicators]]
code = "M.1.5"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
"#;

/// One model broken on purpose, section by section; the kinds below are
/// read off the text (one comment per problem), not off the output.
#[test]
fn every_problem_has_its_kind() {
    use crate::problem::ProblemKind::{self, *};
    let text = r#"
[municipality]
name = ""                        # Missing: no name
[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"
[[perspectives]]
id = "medarbeidere"              # Duplicate
name = "Igjen"
[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Arbeidsmiljø"
[[focus_areas]]
id = "M.2"
perspective = "medarbeiderne"    # UnknownReference
name = "Annet"
[[units]]
id = "skole"
name = "Skolen"
kind = "skole"
[[units]]
id = "Barnehage"                 # BadName: not a valid id
name = "Barnehagen"
kind = "barnehage"
[[units]]
id = "sfo"
name = "SFO"
kind = "sfo"
fte = -1.0                       # OutOfRange
[[indicators]]
code = "M.1.1"
name = "Trivsel"
focus_area = "M.1"
measure = "score"
direction = "higher_is_better"
frequency = "year"
min = 5.0                        # Invalid: min > max
max = 1.0
[[indicators]]
code = "M.1.2"
name = "Fravær"
focus_area = "M.1"
measure = "percentage"           # Invalid: unknown word
direction = "lower_is_better"
frequency = "month"
[[indicators]]
code = "M.1.3"
name = "Andel"
focus_area = "M.1"
measure = "count"
direction = "higher_is_better"
frequency = "month"
aggregate_units = "ratio"
numerator = "M.1.9"              # UnknownReference; and no denominator: Missing
[[indicators]]
code = "M.1.4"
name = "Regnet"
focus_area = "M.1"
measure = "number"
direction = "higher_is_better"
frequency = "month"
computed = ""                    # Missing: empty script
[[indicators]]
code = "M.1.5"
name = "Sykefravær"
focus_area = "M.1"
measure = "percent"
direction = "lower_is_better"
frequency = "month"
[[targets]]
indicator = "M.1.5"
year = 2025
value = 1.5                      # OutOfRange: 150 %
[[targets]]
indicator = "M.1.5"
period = "2025-T4"               # BadPeriod
value = 0.05
[[targets]]
indicator = "M.1.5"
year = 1800                      # BadPeriod
value = 0.05
[[targets]]
indicator = "M.1.5"
year = 2026
value = 0.05
[[targets]]
indicator = "M.1.5"
year = 2026                      # Duplicate of targets[3]
value = 0.04
[[targets]]
indicator = "M.1.55"             # UnknownReference
year = 2026
value = 0.04
[[targets]]
indicator = "M.1.5"              # Missing: neither year nor period
value = 0.04
[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "Godt arbeidsmiljø"
indicators = ["M.1.5"]
[[goals]]
id = "AP.1"
level = "arsplan"                # Missing: an arsplan goal needs a unit
parent = "KP.1"
title = "Lavt fravær"
indicators = ["M.1.5"]
[[goals]]
id = "TP.1"
level = "temaplan"
parent = "KP.2"                  # UnknownReference
title = "Plan"
rollup = "share_green"
share_green = 1.5                # OutOfRange
[[goals]]
id = "TP.2"
level = "plan"                   # Invalid: unknown word
title = "Annen plan"
"#;
    let expected: Vec<(&str, ProblemKind)> = vec![
        ("municipality", Missing),
        ("perspectives[1] (medarbeidere)", Duplicate),
        ("focus_areas[1] (M.2)", UnknownReference),
        ("units[1]", BadName),
        ("units[2] (sfo)", OutOfRange),
        ("indicators[0] (M.1.1)", Invalid),
        ("indicators[1] (M.1.2)", Invalid),
        ("indicators[2] (M.1.3)", UnknownReference),
        ("indicators[2] (M.1.3)", Missing),
        ("indicators[3] (M.1.4)", Missing),
        ("targets[0] (M.1.5)", OutOfRange),
        ("targets[1] (M.1.5)", BadPeriod),
        ("targets[2] (M.1.5)", BadPeriod),
        ("targets[4] (M.1.5)", Duplicate),
        ("targets[5] (M.1.55)", UnknownReference),
        ("targets[6] (M.1.5)", Missing),
        ("goals[1] (AP.1)", Missing),
        ("goals[2] (TP.1)", UnknownReference),
        ("goals[2] (TP.1)", OutOfRange),
        ("goals[3] (TP.2)", Invalid),
    ];
    let Err(Error::Model(p)) = Model::from_toml(text, "model.toml") else {
        panic!("the model is broken on purpose");
    };
    let got: Vec<(&str, ProblemKind)> = p
        .iter()
        .map(|p| (p.location.entry.as_deref().unwrap_or(""), p.kind))
        .collect();
    assert_eq!(got, expected, "{}", p.render(Lang::En));
    assert!(p
        .iter()
        .all(|p| p.location.file.as_deref() == Some("model.toml")));
}

#[test]
fn advice_and_rule_problems_have_kinds() {
    use crate::problem::ProblemKind;
    let m = Model::from_toml(
        &format!(
            "{SMALL}[[goals]]\nid = \"KP.1\"\nlevel = \"kommuneplan\"\ntitle = \"Godt arbeidsmiljø\"\n"
        ),
        "model.toml",
    )
    .unwrap();
    // A goal without indicators, and an indicator no goal traces to.
    let kinds: Vec<ProblemKind> = m.check().iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::Missing, ProblemKind::Missing]);
    // Bands the wrong way round for lower_is_better.
    let mut m = m;
    let Err(Error::Model(p)) = m.set_rule(
        "M.1.5",
        Rule::Bands {
            yellow: 0.05,
            green: 0.07,
        },
    ) else {
        panic!("the bands are the wrong way round");
    };
    assert_eq!(p.0[0].kind, ProblemKind::Invalid);
    // An empty script.
    let Err(Error::Model(p)) = m.set_computed("M.1.5", Some(ScriptSource::Inline(" ".into())))
    else {
        panic!("the script is empty");
    };
    assert_eq!(p.0[0].kind, ProblemKind::Missing);
}

#[test]
fn the_deviations_section_is_checked_and_saved() {
    use crate::problem::ProblemKind::{self, *};
    // Without the section: the seed's six categories, the default matrix.
    let m = Model::from_toml(SMALL, "model.toml").unwrap();
    assert_eq!(m.deviations().categories.len(), 6);
    assert!(!m.to_toml().contains("[deviations]"));
    let text = format!(
        "{SMALL}[deviations]\ncategories = [\"HMS\", \"\", \"hms\", \"Vold og trusler\"]\nrisk = {{ medium_from = 12, high_from = 8, days = [60, 14, 3] }}\n"
    );
    let Err(Error::Model(p)) = Model::from_toml(&text, "model.toml") else {
        panic!("broken on purpose");
    };
    let got: Vec<(&str, ProblemKind, String)> = p
        .iter()
        .map(|p| {
            (
                p.location.entry.as_deref().unwrap_or(""),
                p.kind,
                p.render(Lang::Nb),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("deviations.categories[1]", Missing, "model.toml: deviations.categories[1]: kategorien er tom; skriv navnet eller fjern linjen".to_string()),
            ("deviations.categories[2]", Duplicate, "model.toml: deviations.categories[2]: kategorien «hms» står to ganger".to_string()),
            ("deviations.risk", OutOfRange, "model.toml: deviations.risk: grensene 12 (middels) og 8 (høy) må være 2–25, og middels ikke over høy".to_string()),
        ]
    );
    let text = format!(
        "{SMALL}[deviations]\nrisk = {{ medium_from = 6, high_from = 15, days = [60, 14] }}\n"
    );
    let Err(Error::Model(p)) = Model::from_toml(&text, "model.toml") else {
        panic!("two days");
    };
    assert_eq!(
        p.render(Lang::Nb),
        "model.toml: deviations.risk: days må ha tre tall (dager for lav, middels og høy risiko), ikke 2"
    );
    // A good section is kept, and saved as it was read.
    let text = format!(
        "{SMALL}[deviations]\ncategories = [\"HMS\", \"Vold og trusler\"]\nrisk = {{ medium_from = 6, high_from = 15, days = [60, 14, 3] }}\n"
    );
    let m = Model::from_toml(&text, "model.toml").unwrap();
    assert_eq!(
        m.deviations().category("vold og trusler"),
        Ok("Vold og trusler")
    );
    assert_eq!(m.deviations().matrix.parts(), (6, 15, [60, 14, 3]));
    let again = Model::from_toml(&m.to_toml(), "model.toml").unwrap();
    assert_eq!(again.deviations(), m.deviations());
}

#[test]
fn the_kostra_section_and_sources_are_checked_and_saved() {
    let good = format!(
        "{SMALL}[[indicators]]\ncode = \"O.2.1\"\nname = \"Korrigerte brutto driftsutgifter per elev\"\nfocus_area = \"M.1\"\nmeasure = \"nok\"\ndirection = \"lower_is_better\"\nfrequency = \"year\"\nkostra = {{ table = \"12134\", contents = \"KOSkorrbrutto0000\", KOKfunksjon0000 = \"FG2\" }}\n\
         [kostra]\nregion = \"3440\"\ngroup = \"EKG01\"\ncompare = [\"3441\", \"3436\"]\n[kostra.old_codes]\n\"0521\" = \"3440\"\n"
    );
    let m = Model::from_toml(&good, "model.toml").unwrap();
    let k = m.kostra();
    assert_eq!(
        (k.region.as_deref(), k.group.as_deref(), k.country.as_str()),
        (Some("3440"), Some("EKG01"), "EAK")
    );
    assert_eq!(k.compare, ["3441", "3436"]);
    assert_eq!(k.current("0521"), "3440");
    let src = m.indicator("O.2.1").unwrap().kostra.clone().unwrap();
    assert_eq!(
        (src.table.as_str(), src.contents.as_str()),
        ("12134", "KOSkorrbrutto0000")
    );
    assert_eq!(
        src.dimensions.get("KOKfunksjon0000").map(String::as_str),
        Some("FG2")
    );
    // Saved and read again: the same.
    let again = Model::from_toml(&m.to_toml(), "model.toml").unwrap();
    assert_eq!(again.kostra(), m.kostra());
    assert_eq!(
        again.indicator("O.2.1").unwrap().kostra,
        m.indicator("O.2.1").unwrap().kostra
    );
    // Broken on purpose: each problem at its entry.
    let bad = good
        .replace("\"12134\"", "\"1213\"")
        .replace(
            "frequency = \"year\"\nkostra",
            "frequency = \"month\"\nkostra",
        )
        .replace("group = \"EKG01\"", "group = \"EKG18\"")
        .replace(
            "compare = [\"3441\", \"3436\"]",
            "compare = [\"3441\", \"Gausdal\", \"3441\"]",
        )
        .replace(
            "\"0521\" = \"3440\"",
            "\"0521\" = \"0520\"\n\"0520\" = \"3440\"",
        );
    let Err(Error::Model(p)) = Model::from_toml(&bad, "model.toml") else {
        panic!("broken on purpose");
    };
    let got: Vec<String> = p.iter().map(|p| p.render(Lang::Nb)).collect();
    assert_eq!(
        got,
        [
            "model.toml: indicators[1] (O.2.1): kostra.table «1213» er ikke et tabellnummer fra SSB (fem sifre, som 12134)",
            "model.toml: indicators[1] (O.2.1): en KOSTRA-indikator er årlig: sett frequency = \"year\"",
            "model.toml: kostra.group: group «EKG18» er ingen KOSTRA-gruppe i 2020-grupperingen (EKG01–EKG17); sjekk koden mot tabellens egne metadata",
            "model.toml: kostra.compare[1]: «Gausdal» er ingen regionkode fra SSB (en kommune har fire sifre, som 3440; en KOSTRA-gruppe EKG01–EKG17; landet EAK)",
            "model.toml: kostra.compare[2]: «3441» står allerede i sammenligningen",
            "model.toml: kostra.old_codes.0521: «0521» peker til «0520», som selv er en gammel kode; pek direkte til dagens kode",
        ]
    );
}
