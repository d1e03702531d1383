//! `styring kostra fetch` and `kostra tables` against a stand-in for
//! SSB's PxWebApi v2 on 127.0.0.1 (`styring_tests::ssb`): the API's
//! limits read from /config and kept, a query cut into calls, the cache,
//! 429 waited out, 403 and 404 explained, a server that never answers.
//! No test needs the internet.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::string_slice)] // a test: a panic is a failure

mod common;
use common::{failure, ok};
use std::time::Duration;
use styring_tests::ssb::{FakeSsb, Script};

/// The demo's model (O.2.1 and O.2.2 read table 12134; [kostra] names
/// 3440, old code 0521, EKG01, EAK, 3441 and 3439) in a fresh folder.
fn model(d: &std::path::Path) {
    ok(&["demo", "--out", "demo"], d);
    std::fs::copy(d.join("demo/model.toml"), d.join("model.toml")).unwrap();
}

fn list(d: &std::path::Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["kostra", "list", "--format", "json"], d)).unwrap();
    v.as_array().unwrap().clone()
}

fn find<'a>(
    rows: &'a [serde_json::Value],
    ind: &str,
    region: &str,
    year: i64,
) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["indicator"] == ind && r["region"] == region && r["year"] == year)
        .unwrap_or_else(|| panic!("{ind} {region} {year} not stored"))
}

#[test]
fn the_models_figures_are_fetched_within_the_apis_limits_and_cached() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    // At most 30 cells and 4 calls a second. The model wants 6 regions ×
    // 2 contents = 12 cells a year, so two years a call: 7 years in 4 calls.
    let ssb = FakeSsb::start(Script {
        max_cells: 30,
        max_calls: 4,
        window: 1,
        ..Script::default()
    });
    let out = ok(&["kostra", "fetch", "--base-url", &ssb.base_url], d);
    assert!(
        out.starts_with("Tabell 12134 «12134: Grunnskole - nøkkeltall (K) 2015 - 2024»: 4 kall, 70 tall for modellens indikatorer\n  hentet "),
        "{out}"
    );
    assert!(
        out.ends_with("Lagret: 70 nye, 0 revidert, 0 uendret\n"),
        "{out}"
    );
    let asked = ssb.requests();
    let data: Vec<&String> = asked.iter().filter(|p| p.contains("/data?")).collect();
    let years: Vec<&str> = data
        .iter()
        .map(|p| {
            p.split("valueCodes[Tid]=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(years, ["2018,2019", "2020,2021", "2022,2023", "2024"]);
    assert!(
        data[0].contains("valueCodes[Region]=3440,0521,EKG01,EAK,3441,3439&"),
        "{}",
        data[0]
    );
    assert!(
        data[0].contains("valueCodes[ContentsCode]=KOSkorrbrutto0000,KOSkorrbarnehage0000&"),
        "{}",
        data[0]
    );
    assert_eq!(asked[0], "/api/v2/config");
    // Never more than 4 calls in one second.
    let t = ssb.times();
    for w in t.windows(5) {
        assert!(
            w[4].duration_since(w[0]) >= Duration::from_millis(990),
            "{asked:?}"
        );
    }
    // Values by the stand-in's rule: Øyer's base 150 000 + 1 000 a year
    // after 2018; before 2020 under 0521 (base 140 000); per child 50 000 more.
    let rows = list(d);
    assert_eq!(rows.len(), 70);
    assert_eq!(find(&rows, "O.2.1", "3440", 2024)["value"], 156_000.0);
    let old = find(&rows, "O.2.1", "3440", 2019);
    assert_eq!(
        (old["value"].as_f64(), old["code_in_table"].as_str()),
        (Some(141_000.0), Some("0521"))
    );
    assert_eq!(
        find(&rows, "O.2.1", "3440", 2020)["break"],
        "regionkode 0521 → 3440"
    );
    assert_eq!(find(&rows, "O.2.2", "EKG01", 2024)["value"], 208_000.0);
    assert_eq!(find(&rows, "O.2.1", "3439", 2018)["value"], 160_000.0);
    let source = find(&rows, "O.2.1", "3440", 2024)["source"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        source.starts_with(&format!(
            "{}/tables/12134/data?lang=no&outputFormat=json-stat2&valueCodes[Region]=",
            ssb.base_url
        )),
        "{source}"
    );
    assert!(source.ends_with("&valueCodes[Tid]=2024"), "{source}");
    // Again: the table is unchanged, so every answer comes from the cache.
    let out = ok(&["kostra", "fetch", "--base-url", &ssb.base_url], d);
    assert_eq!(out.matches("fra hurtiglageret, hentet").count(), 4, "{out}");
    assert!(
        out.ends_with("Lagret: 0 nye, 0 revidert, 70 uendret\n"),
        "{out}"
    );
    assert_eq!(
        ssb.requests()
            .iter()
            .filter(|p| p.contains("/data?"))
            .count(),
        4
    );
    assert!(d.join("ssb-cache").is_dir());
    // SSB updates the table: fetched anew.
    let later = FakeSsb::start(Script {
        updated: "2026-06-15T08:00:00Z".into(),
        ..Script::default()
    });
    let out = ok(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &later.base_url,
            "--years",
            "2023-2024",
        ],
        d,
    );
    assert!(out.contains(": 1 kall, 20 tall"), "{out}");
    assert!(!out.contains("hurtiglageret"), "{out}");
    assert!(
        later
            .requests()
            .iter()
            .any(|p| p.ends_with("valueCodes[Tid]=[range(2023,2024)]")),
        "{:?}",
        later.requests()
    );
}

#[test]
fn a_429_is_waited_out_and_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    let ssb = FakeSsb::start(Script {
        busy_first: 1,
        ..Script::default()
    });
    let out = ok(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--years",
            "2024",
            "--region",
            "3440",
            "--no-cache",
        ],
        d,
    );
    assert!(
        out.ends_with("Lagret: 2 nye, 0 revidert, 0 uendret\n"),
        "{out}"
    );
    let data: Vec<String> = ssb
        .requests()
        .into_iter()
        .filter(|p| p.contains("/data?"))
        .collect();
    assert_eq!(data.len(), 2, "{data:?}");
    assert_eq!(data[0], data[1]);
    let t = ssb.times();
    assert!(t[t.len() - 1].duration_since(t[t.len() - 2]) >= Duration::from_millis(990));
    assert_eq!(find(&list(d), "O.2.1", "3440", 2024)["value"], 156_000.0);
    assert!(!d.join("ssb-cache").exists());
}

#[test]
fn api_errors_are_explained_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    // 403: more cells than the server allows, with its RFC 7807 problem.
    let ssb = FakeSsb::start(Script {
        forbid_over: Some(10),
        ..Script::default()
    });
    let (code, err) = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--years",
            "2024",
        ],
        d,
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("API-et avviser med 403, spørringen har for mange celler (Forbidden: The query resulted in cell that exceeds the number of allowed.); /config sa høyst 800000 per kall — velg færre år eller regioner"),
        "{err}"
    );
    assert!(!d.join("store.sqlite").exists());
    // 404 for a table that does not exist.
    let err = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--table",
            "99999",
        ],
        d,
    )
    .1;
    assert!(err.contains("/tables/99999/metadata?lang=no&outputFormat=json-stat2: HTTP 404 — Not Found: No such table"), "{err}");
    // A code the table lacks, with «mente du», before any data is asked.
    let err = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--region",
            "3340",
        ],
        d,
    )
    .1;
    assert!(
        err.contains("tabell 12134, Region: ukjent kode «3340» — mente du «3440»?"),
        "{err}"
    );
    // Nothing listening.
    let err = failure(
        &["kostra", "fetch", "--base-url", "http://127.0.0.1:1/api/v2"],
        d,
    )
    .1;
    assert!(
        err.contains("http://127.0.0.1:1/api/v2/config: får ikke kontakt"),
        "{err}"
    );
    assert!(!d.join("store.sqlite").exists());
    // A query cut into more calls than allowed.
    let small = FakeSsb::start(Script {
        max_cells: 30,
        ..Script::default()
    });
    let err = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &small.base_url,
            "--max-calls",
            "2",
        ],
        d,
    )
    .1;
    assert!(err.contains("tabell 12134: spørringen trenger 4 kall innenfor API-ets grense for celler, flere enn 2"), "{err}");
    assert!(!small.requests().iter().any(|p| p.contains("/data?")));
    // One call every 5 s, but only 1 s of patience: said, not waited.
    let slow = FakeSsb::start(Script {
        max_calls: 1,
        window: 5,
        ..Script::default()
    });
    let err = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &slow.base_url,
            "--timeout",
            "1",
        ],
        d,
    )
    .1;
    assert!(err.contains("/metadata?lang=no&outputFormat=json-stat2: API-et ber om å vente 5 s før neste kall, lenger enn tidsgrensen på 1 s"), "{err}");
    assert!(!d.join("store.sqlite").exists());
    // English on request.
    let err = failure(
        &["--lang", "en", "kostra", "fetch", "--base-url", "ftp://x"],
        d,
    )
    .1;
    assert!(
        err.contains("ftp://x/config: not an http:// or https:// address"),
        "{err}"
    );
}

#[test]
fn a_server_that_never_answers_times_out_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    let ssb = FakeSsb::start(Script {
        hang: true,
        ..Script::default()
    });
    let started = std::time::Instant::now();
    let (code, err) = failure(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--timeout",
            "1",
            "--years",
            "2024",
        ],
        d,
    );
    assert_eq!(code, 1);
    assert!(err.contains("fikk ikke svar innen 1 s (tidsavbrudd); prøv igjen senere, eller gi lengre tid med --timeout"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    for (args, says) in [
        (
            vec!["--years", "tjue"],
            "--years: «tjue» er ikke år; skriv som 2020-2025",
        ),
        (
            vec!["--select", "Alder"],
            "--select: «Alder» er ikke VARIABEL=VERDI",
        ),
        (
            vec!["--region", "top(x)"],
            "--region: «x» i «top(x)» er ikke et heltall",
        ),
        (
            vec!["--output-values", "Region=summed"],
            "--output-values: «summed»: outputValues er aggregated eller single",
        ),
    ] {
        let mut a = vec!["kostra", "fetch", "--base-url", "http://127.0.0.1:1"];
        a.extend(args);
        let (code, err) = failure(&a, d);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn the_table_list_is_followed_to_its_last_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ssb = FakeSsb::start(Script::default());
    let out = ok(
        &[
            "kostra",
            "tables",
            "--base-url",
            &ssb.base_url,
            "--query",
            "nøkkeltall",
        ],
        d,
    );
    assert!(
        out.starts_with("12134  12134: Grunnskole - nøkkeltall (K) 2015 - 2024  2015–2024\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "11933  11933: Barnevern - nøkkeltall (K) 2015 - 2021  2015–2021 (avsluttet)\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("5 tabeller\n"), "{out}");
    let pages: Vec<String> = ssb
        .requests()
        .into_iter()
        .filter(|p| p.starts_with("/api/v2/tables?"))
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(
        pages[2].contains("pageNumber=3") && pages[2].contains("query=nøkkeltall"),
        "{pages:?}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(
        &[
            "kostra",
            "tables",
            "--base-url",
            &ssb.base_url,
            "--format",
            "json",
        ],
        d,
    ))
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
    assert_eq!(json[4]["discontinued"], true);
}

#[test]
fn a_query_cut_by_region_carries_the_own_region_in_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    model(d);
    // Five cells a call for one year of 6 regions × 2 contents: one
    // contents a call, and the regions in two parts, each with 3440 and
    // 0521 (2 + 3, then 2 + 1).
    let ssb = FakeSsb::start(Script {
        max_cells: 5,
        ..Script::default()
    });
    let out = ok(
        &[
            "kostra",
            "fetch",
            "--base-url",
            &ssb.base_url,
            "--years",
            "2024",
            "--no-cache",
        ],
        d,
    );
    assert!(
        out.contains(": 4 kall, 10 tall for modellens indikatorer\n"),
        "{out}"
    );
    assert!(
        out.ends_with("Lagret: 10 nye, 0 revidert, 0 uendret\n"),
        "{out}"
    );
    let regions: Vec<String> = ssb
        .requests()
        .iter()
        .filter(|p| p.contains("/data?"))
        .map(|p| {
            p.split("valueCodes[Region]=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        regions,
        [
            "3440,0521,EKG01,EAK,3441",
            "3440,0521,3439",
            "3440,0521,EKG01,EAK,3441",
            "3440,0521,3439"
        ]
    );
    let rows = list(d);
    assert_eq!(rows.len(), 10);
    assert_eq!(find(&rows, "O.2.2", "3439", 2024)["value"], 216_000.0);
}
