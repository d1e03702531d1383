//! The demo's KOSTRA table: a JSON-stat file in SSB's exact shape for
//! Øyer, its KOSTRA group, the country and two neighbours, 2019–2024 —
//! made-up values, labelled as example data. Øyer's 2019 figures come
//! under its old number 0521, as SSB publishes them, so the series shows
//! its break in 2020.

use serde_json::{json, Map, Value};

/// The regions, in the table's order, with their labels.
const REGIONS: [(&str, &str); 6] = [
    ("0521", "Øyer (-2019)"),
    ("3440", "Øyer"),
    ("3441", "Gausdal"),
    ("3439", "Ringebu"),
    ("EKG01", "Kostragruppe 1 (eksempel)"),
    ("EAK", "Landet"),
];

/// Contents: code, label, and each region's 2019 level.
const CONTENTS: [(&str, &str, [f64; 6]); 2] = [
    (
        "KOSkorrbrutto0000",
        "Korrigerte brutto driftsutgifter til grunnskole, per elev (kr)",
        [139_800.0, 0.0, 131_500.0, 146_200.0, 136_900.0, 128_400.0],
    ),
    (
        "KOSkorrbarnehage0000",
        "Korrigerte brutto driftsutgifter til barnehage, per barn korrigert for alder og oppholdstid (kr)",
        [214_300.0, 0.0, 206_100.0, 224_800.0, 210_400.0, 201_700.0],
    ),
];

const YEARS: [i32; 6] = [2019, 2020, 2021, 2022, 2023, 2024];

/// The table as PxWebApi v2 would answer it (JSON-stat 2.0): the region
/// index as an object, the values sparse, Ringebu's 2024 kindergarten
/// figure missing with «..».
pub fn sample_kostra_table() -> String {
    let mut value = Map::new();
    let mut status = Map::new();
    let (nr, ny) = (REGIONS.len(), YEARS.len());
    for (c, (_, _, base)) in CONTENTS.iter().enumerate() {
        for (r, (code, _)) in REGIONS.iter().enumerate() {
            for (y, year) in YEARS.iter().enumerate() {
                let i = (r * CONTENTS.len() + c) * ny + y;
                // Øyer under 0521 until 2019, under 3440 after.
                let level = if *code == "3440" { base[0] } else { base[r] };
                let present = match *code {
                    "0521" => *year == 2019,
                    "3440" => *year >= 2020,
                    _ => true,
                };
                if !present {
                    continue;
                }
                if *code == "3439" && c == 1 && *year == 2024 {
                    status.insert(i.to_string(), json!(".."));
                    continue;
                }
                // A few per cent a year, a little different for each.
                let growth = 1.0 + 0.031 + 0.004 * (r as f64) - 0.002 * (c as f64);
                let v = level * growth.powi(*year - 2019);
                let v = v.round();
                value.insert(i.to_string(), json!(v));
            }
        }
    }
    let index_of = |codes: &[&str]| -> Value {
        Value::Object(
            codes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.to_string(), json!(i)))
                .collect(),
        )
    };
    let regions: Vec<&str> = REGIONS.iter().map(|r| r.0).collect();
    let contents: Vec<&str> = CONTENTS.iter().map(|c| c.0).collect();
    let years: Vec<String> = YEARS.iter().map(i32::to_string).collect();
    let doc = json!({
        "version": "2.0",
        "class": "dataset",
        "label": "12134: Utvalgte nøkkeltall for kommuner (EKSEMPELDATA, ikke SSBs tall)",
        "source": "Statistisk sentralbyrå (eksempeldata laget for styring)",
        "updated": "2025-06-15T06:00:00Z",
        "note": ["Eksempeldata: tallene er laget for demonstrasjonen og er ikke SSBs."],
        "id": ["KOKkommuneregion0000", "ContentsCode", "Tid"],
        "size": [nr, CONTENTS.len(), ny],
        "role": { "geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"], "time": ["Tid"] },
        "dimension": {
            "KOKkommuneregion0000": { "label": "region", "category": {
                "index": index_of(&regions),
                "label": REGIONS.iter().map(|(c, l)| (c.to_string(), json!(l))).collect::<Map<_, _>>(),
            }},
            "ContentsCode": { "label": "statistikkvariabel", "category": {
                "index": contents,
                "label": CONTENTS.iter().map(|(c, l, _)| (c.to_string(), json!(l))).collect::<Map<_, _>>(),
                "unit": CONTENTS.iter().map(|(c, _, _)| (c.to_string(), json!({ "base": "kr", "decimals": 0 }))).collect::<Map<_, _>>(),
            }},
            "Tid": { "label": "år", "category": { "index": years } },
        },
        "value": value,
        "status": status,
        "extension": { "px": { "tableid": "12134" } },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
