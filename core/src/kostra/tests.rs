//! The model's figures out of SSB's tables, worked out by hand.

use super::*;
use crate::model::Model;
use crate::text::Localized;
use std::collections::BTreeMap;

const MODEL: &str = r#"
[municipality]
name = "Øyer kommune"
[[perspectives]]
id = "okonomi"
name = "Økonomi"
[[focus_areas]]
id = "O.2"
perspective = "okonomi"
name = "Effektiv drift"
[[units]]
id = "skole"
name = "Skolen"
kind = "skole"
[[indicators]]
code = "O.2.1"
name = "Korrigerte brutto driftsutgifter per elev"
focus_area = "O.2"
measure = "nok"
direction = "lower_is_better"
frequency = "year"
kostra = { table = "12134", contents = "KOSkorrbrutto0000" }
[kostra]
region = "3440"
group = "EKG01"
[kostra.old_codes]
"0521" = "3440"
"#;

/// Indicator `ind`'s figure `x` for region `r` in 2024, under its own code.
fn figure(ind: &str, r: &str, x: f64) -> KostraValue {
    KostraValue {
        indicator: ind.into(),
        region: r.into(),
        region_label: r.into(),
        code_in_table: r.into(),
        year: 2024,
        value: Some(x),
        status: None,
        break_note: None,
    }
}

fn dim(id: &str, role: Option<Role>, codes: &[&str]) -> Dimension {
    Dimension {
        id: id.into(),
        label: id.into(),
        role,
        notes: vec![],
        categories: codes
            .iter()
            .map(|c| Category {
                code: c.to_string(),
                label: c.to_string(),
                unit: None,
                notes: vec![],
            })
            .collect(),
    }
}

/// Regions 0521 (Øyer before 2020), 3440 (Øyer since) and EKG01; years
/// 2019–2020; two contents. Values are region·100 + year's last digit +
/// contents·1000 … written out below.
fn table() -> Cube {
    let mut contents = dim(
        "ContentsCode",
        Some(Role::Metric),
        &["KOSandre", "KOSkorrbrutto0000"],
    );
    contents.categories[1].notes = vec!["Brudd i serien fra 2020: ny funksjonsinndeling".into()];
    let dims = vec![
        dim("Region", Some(Role::Geo), &["0521", "3440", "EKG01"]),
        contents,
        dim("Tid", Some(Role::Time), &["2019", "2020"]),
    ];
    // Region × contents × year, the year fastest.
    let values = vec![
        Some(1.0),
        None, // 0521 KOSandre
        Some(140_000.0),
        None, // 0521 korr: 2019 only (none after the merger)
        None,
        Some(2.0), // 3440 KOSandre
        None,
        Some(150_000.0), // 3440 korr: 2020 only
        Some(3.0),
        Some(4.0), // EKG01 KOSandre
        Some(139_000.0),
        None, // EKG01 korr, 2020 withheld
    ];
    let status: BTreeMap<usize, String> = [(11, ":".to_string())].into();
    Cube::new("12134: Nøkkeltall".into(), dims, values, status).unwrap()
}

#[test]
fn figures_follow_the_region_across_its_new_code() {
    let m = Model::from_toml(MODEL, "model.toml").unwrap();
    let got = figures(&m, &table(), "12134", "12134.json").unwrap().values;
    type Row<'a> = (
        &'a str,
        &'a str,
        i32,
        Option<f64>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let rows: Vec<Row<'_>> = got
        .iter()
        .map(|v| {
            (
                v.region.as_str(),
                v.code_in_table.as_str(),
                v.year,
                v.value,
                v.status.as_deref(),
                v.break_note.as_deref(),
            )
        })
        .collect();
    let note = "Brudd i serien fra 2020: ny funksjonsinndeling";
    assert_eq!(
        rows,
        [
            // Øyer: 2019 published under 0521, 2020 under 3440 (SSB's empty
            // cells under the other code are dropped); the code changes
            // in 2020, and the contents' note names 2020 as a break too.
            ("3440", "0521", 2019, Some(140_000.0), None, None),
            (
                "3440",
                "3440",
                2020,
                Some(150_000.0),
                None,
                Some("regionkode 0521 → 3440; Brudd i serien fra 2020: ny funksjonsinndeling")
            ),
            ("EKG01", "EKG01", 2019, Some(139_000.0), None, None),
            ("EKG01", "EKG01", 2020, None, Some(":"), Some(note)),
        ]
    );
}

#[test]
fn a_table_that_does_not_fit_the_model_says_why() {
    let m = Model::from_toml(MODEL, "model.toml").unwrap();
    let e = figures(&m, &table(), "04813", "f.json").unwrap_err();
    assert!(e
        .render(crate::Lang::Nb)
        .contains("ingen indikator i modellen henter tall fra tabell 04813"));
    let wrong = MODEL.replace("KOSkorrbrutto0000", "KOSkorrbruto0000");
    let m = Model::from_toml(&wrong, "model.toml").unwrap();
    let e = figures(&m, &table(), "12134", "f.json").unwrap_err();
    assert_eq!(
        e.render(crate::Lang::Nb),
        "f.json: O.2.1 Korrigerte brutto driftsutgifter per elev: ContentsCode: ukjent kode «KOSkorrbruto0000» — mente du «KOSkorrbrutto0000»?"
    );
    // The municipality's region is not in the table, and no old code maps.
    let gone = MODEL.replace("region = \"3440\"", "region = \"3441\"");
    let m = Model::from_toml(&gone, "model.toml").unwrap();
    let e = figures(&m, &table(), "12134", "f.json").unwrap_err();
    assert_eq!(
        e.render(crate::Lang::Nb),
        "f.json: Region: tabellen har ikke kommunens region 3441; har den et annet nummer i tabellen (før en sammenslåing), kartlegg det i [kostra.old_codes], som \"0521\" = \"3441\""
    );
}

#[test]
fn a_ratios_average_is_sum_over_sum() {
    let toml = format!("{MODEL}compare = [\"3441\", \"3436\"]\n").replace(
        "[kostra.old_codes]\n\"0521\" = \"3440\"\ncompare",
        "compare",
    ) + "";
    // Netto driftsresultat (N) over driftsinntekter (D): the chosen two's
    // average is (10 + 90) / (100 + 300) = 25 %, not the mean of 10 % and
    // 30 % (20 %).
    let extra = r#"
[[indicators]]
code = "N"
name = "Netto driftsresultat"
focus_area = "O.2"
measure = "nok"
direction = "higher_is_better"
frequency = "year"
kostra = { table = "12134", contents = "N" }
[[indicators]]
code = "D"
name = "Brutto driftsinntekter"
focus_area = "O.2"
measure = "nok"
direction = "higher_is_better"
frequency = "year"
kostra = { table = "12134", contents = "D" }
[[indicators]]
code = "R"
name = "Netto driftsresultat i prosent"
focus_area = "O.2"
measure = "percent"
direction = "higher_is_better"
frequency = "year"
aggregate_units = "ratio"
numerator = "N"
denominator = "D"
kostra = { table = "12134", contents = "R" }
"#;
    let toml = toml.replacen("[kostra]", &format!("{extra}[kostra]"), 1);
    let m = Model::from_toml(&toml, "model.toml").unwrap();
    let values = [
        figure("N", "3441", 10.0),
        figure("D", "3441", 100.0),
        figure("R", "3441", 0.1),
        figure("N", "3436", 90.0),
        figure("D", "3436", 300.0),
        figure("R", "3436", 0.3),
        figure("R", "3440", 0.2),
    ];
    let r = comparison(&m, &values, 2024, Some("R"), crate::Lang::Nb);
    let rows = &r.sections[0].table().unwrap().rows;
    assert_eq!(rows.len(), 1);
    let text = |i: usize| rows[0].cells[i].text(crate::Lang::Nb);
    assert_eq!(text(7), "25,0 %");
    assert_eq!(text(8), "sum av tellere delt på sum av nevnere");
    // Higher is better: 30 % beats Øyer's 20 %, 10 % does not.
    assert_eq!(text(9), "2 av 3");
}

#[test]
fn the_rank_in_the_group_is_among_the_groups_municipalities() {
    let text = MODEL.replace(
        "group = \"EKG01\"\n",
        "group = \"EKG01\"\ngroup_members = [\"3440\", \"3441\", \"3439\", \"3401\"]\n",
    );
    let model = Model::from_toml(&text, "m.toml").unwrap();
    // The municipality itself is not one of the others.
    assert_eq!(model.kostra().group_members, ["3441", "3439", "3401"]);
    // The fetch asks for them too, after the group and the country.
    assert_eq!(
        wanted(&model, "12134").regions,
        ["3440", "0521", "EKG01", "EAK", "3441", "3439", "3401"]
    );
    let v = |r: &str, x: f64| figure("O.2.1", r, x);
    let values = [
        v("3440", 161_911.0),
        v("EKG01", 154_000.0),
        v("3441", 150_000.0),
        v("3439", 170_000.0),
        v("3401", 140_000.0),
    ];
    let r = comparison(&model, &values, 2024, None, crate::Lang::Nb);
    let t = r.sections[0].table().unwrap();
    let at = t
        .columns
        .iter()
        .position(|c| c.key == "rank_in_group")
        .unwrap();
    // Lower is better: 150 000 and 140 000 beat 161 911 — 3rd of 4.
    assert_eq!(t.rows[0].cells[at].text(crate::Lang::Nb), "3 av 4");
}

#[test]
fn group_members_must_be_municipalities_of_a_group() {
    for (members, says) in [
        (
            "[\"EKG02\"]",
            "kostra.group_members[0]: «EKG02» er ikke et kommunenummer",
        ),
        (
            "[\"3441\", \"3441\"]",
            "kostra.group_members[1]: «3441» står to ganger i group_members",
        ),
    ] {
        let text = MODEL.replace(
            "group = \"EKG01\"\n",
            &format!("group = \"EKG01\"\ngroup_members = {members}\n"),
        );
        let e = Model::from_toml(&text, "m.toml")
            .unwrap_err()
            .render(crate::Lang::Nb);
        assert!(e.contains(says), "{e}");
    }
    let text = MODEL.replace("group = \"EKG01\"\n", "group_members = [\"3441\"]\n");
    let e = Model::from_toml(&text, "m.toml")
        .unwrap_err()
        .render(crate::Lang::Nb);
    assert!(
        e.contains("kostra.group_members: group_members er gruppens kommuner; sett også group"),
        "{e}"
    );
}
