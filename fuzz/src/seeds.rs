//! The seeds: valid inputs of every format, made at start from the
//! command itself (`styring demo`, `styring store export`), from the
//! workbook fixtures other programs wrote, and from the small texts below.
//!
//! To add a format a later issue brings, add a [`Format`], its command in
//! [`crate::case`], and a line to [`SOURCES`].

use crate::case::Setup;
use crate::error::{FuzzError, Result};
use crate::format::Format;
use crate::mutate::{cfb, zip};
use crate::runner::Limits;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where seeds come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Every file with this extension in the fixtures folder (`tests/fixtures`).
    Fixtures(&'static str),
    /// Every file with this extension in a folder of the demo.
    DemoFolder(&'static str, &'static str),
    /// One file of the demo.
    DemoFile(&'static str),
    /// Every file in a folder of the demo whose name starts so, with this
    /// extension: (folder, prefix, extension).
    DemoNamed(&'static str, &'static str, &'static str),
    /// The demo store exported with `styring store export --format json`.
    StoreExport,
    /// The seeds of another format so far, made macro-enabled (.xlsm).
    MacroEnabled(Format),
    /// The .xls seeds so far, rewritten with the Workbook stream in
    /// regular sectors instead of the mini stream.
    RegularSectors,
    /// A text written here: a name and the text.
    Text(&'static str, &'static str),
}

/// The seeds, per format, in the order they are made (derived sources
/// come after the ones they derive from).
pub const SOURCES: &[(Format, Source)] = &[
    (Format::Template, Source::DemoFolder("innsending", "xlsx")),
    (Format::Xlsx, Source::Fixtures("xlsx")),
    (Format::Xls, Source::Fixtures("xls")),
    (Format::Xls, Source::RegularSectors),
    (Format::Ods, Source::Fixtures("ods")),
    (Format::Xlsm, Source::MacroEnabled(Format::Xlsx)),
    (Format::Xlsm, Source::MacroEnabled(Format::Template)),
    (Format::Model, Source::DemoFile("model.toml")),
    (Format::Model, Source::Text("small_model.toml", SMALL_MODEL)),
    (Format::StoreJson, Source::StoreExport),
    (
        Format::StoreJson,
        Source::Text("small_store.json", SMALL_STORE),
    ),
    (
        Format::StoreJson,
        Source::Text("registers_store.json", REGISTERS_STORE),
    ),
    (
        Format::RhaiRule,
        Source::Text("sykefravaer.rhai", RULE_README),
    ),
    (
        Format::RhaiRule,
        Source::Text("naer_maalet.rhai", RULE_NEAR),
    ),
    (Format::RhaiRule, Source::Text("snitt.rhai", RULE_MEAN)),
    (
        Format::RhaiRule,
        Source::Text("retning.rhai", RULE_DIRECTION),
    ),
    (
        Format::RhaiRule,
        Source::Text("perioder_over.rhai", RULE_COUNT),
    ),
    (
        Format::RhaiComputed,
        Source::Text("sykefravaer_totalt.rhai", COMPUTED_RATIO),
    ),
    (
        Format::RhaiComputed,
        Source::Text("avgrenset.rhai", COMPUTED_CLAMPED),
    ),
    (Format::RhaiComputed, Source::Text("sum.rhai", COMPUTED_SUM)),
    (
        Format::Budget,
        Source::DemoNamed("okonomi", "forslag", "xlsx"),
    ),
    (
        Format::Budget,
        Source::DemoNamed("okonomi", "reg-t1", "xlsx"),
    ),
    (
        Format::Accounts,
        Source::DemoNamed("okonomi", "regnskap-2023", "xlsx"),
    ),
    (
        Format::Deviations,
        Source::DemoNamed("avvik", "kvalitetssystem", "xlsx"),
    ),
    (
        Format::JsonStat,
        Source::Text("kostra_12134.json", KOSTRA_JSONSTAT),
    ),
    (
        Format::JsonStat,
        Source::DemoNamed("kostra", "12134", "json"),
    ),
    (Format::SsbCsv, Source::Text("kostra_12134.csv", KOSTRA_CSV)),
    (
        Format::PxWebApi,
        Source::Text("pxwebapi_12134.json", PXWEBAPI_BUNDLE),
    ),
    (
        Format::PxWebApi,
        Source::Text("pxwebapi_403.json", PXWEBAPI_FORBIDDEN),
    ),
];

/// PxWebApi v2's answers for the demo model's table 12134, as the
/// stand-in serves them (see [`crate::pxserver`]).
const PXWEBAPI_BUNDLE: &str = r#"{"config":{"apiVersion":"2.0.0","appVersion":"x","languages":[{"id":"no","label":"Norsk"}],"defaultLanguage":"no","maxDataCells":800000,"maxCallsPerTimeWindow":30,"timeWindow":10,"license":"NLOD","defaultDataFormat":"json-stat2","dataFormats":["json-stat2"]},
"tables":{"language":"no","tables":[{"id":"12134","label":"12134: Grunnskole","updated":"2026-03-15T08:00:00Z","firstPeriod":"2023","lastPeriod":"2024","discontinued":false}],"page":{"pageNumber":1,"pageSize":100,"totalElements":1,"totalPages":1}},
"table":{"id":"12134","label":"12134: Grunnskole","updated":"2026-03-15T08:00:00Z"},
"metadata":{"version":"2.0","class":"dataset","label":"12134: Grunnskole","id":["Region","ContentsCode","Tid"],"size":[4,2,2],"role":{"geo":["Region"],"time":["Tid"],"metric":["ContentsCode"]},
 "dimension":{"Region":{"category":{"index":{"3440":0,"0521":1,"EKG01":2,"EAK":3}},"extension":{"elimination":false}},"ContentsCode":{"category":{"index":["KOSkorrbrutto0000","KOSkorrbarnehage0000"]}},"Tid":{"category":{"index":["2023","2024"]}}}},
"data":{"version":"2.0","class":"dataset","label":"12134: Grunnskole","updated":"2026-03-15T08:00:00Z","id":["Region","ContentsCode","Tid"],"size":[4,2,2],"role":{"geo":["Region"],"time":["Tid"],"metric":["ContentsCode"]},
 "dimension":{"Region":{"category":{"index":{"3440":0,"0521":1,"EKG01":2,"EAK":3},"label":{"3440":"Øyer","0521":"Øyer (-2019)"}}},"ContentsCode":{"category":{"index":["KOSkorrbrutto0000","KOSkorrbarnehage0000"],"unit":{"KOSkorrbrutto0000":{"base":"kr","decimals":0}}}},"Tid":{"category":{"index":["2023","2024"]},"note":["Foreløpige tall for 2024"]}},
 "value":[154020,161911,201000,205500,null,null,null,null,152000,155200,198000,201000,149500,151000,190000,192000],"status":{"4":".","5":".","6":".","7":"."}}}
"#;

/// The same, with the data refused as SSB refuses too many cells.
const PXWEBAPI_FORBIDDEN: &str = r#"{"config":{"maxDataCells":10,"maxCallsPerTimeWindow":30,"timeWindow":10,"defaultLanguage":"no"},
"table":{"id":"12134","label":"12134","updated":"2026-03-15"},
"metadata":{"version":"2.0","class":"dataset","label":"12134","id":["Region","ContentsCode","Tid"],"size":[1,1,1],"dimension":{"Region":{"category":{"index":["3440"]}},"ContentsCode":{"category":{"index":["KOSkorrbrutto0000"]}},"Tid":{"category":{"index":["2024"]}}}},
"data":{"type":"about:blank","title":"Forbidden","status":403,"detail":"The query resulted in cell that exceeds the number of allowed."},
"status":{"data":403}}
"#;

/// A table in PxWebApi v2's shape: an index object out of order, sparse
/// values, a status object, roles, units and notes.
const KOSTRA_JSONSTAT: &str = r#"{"version":"2.0","class":"dataset","label":"12134: Utvalgte nøkkeltall (eksempeldata)",
"source":"Statistisk sentralbyrå","updated":"2025-06-15T06:00:00Z","note":["Eksempeldata"],
"id":["KOKkommuneregion0000","ContentsCode","Tid"],"size":[3,1,2],
"role":{"time":["Tid"],"geo":["KOKkommuneregion0000"],"metric":["ContentsCode"]},
"dimension":{"KOKkommuneregion0000":{"label":"region","category":{"index":{"3440":0,"EAK":2,"EKG01":1},"label":{"3440":"Øyer","EKG01":"Kostragruppe 1","EAK":"Landet"}}},
"ContentsCode":{"label":"statistikkvariabel","category":{"index":["KOSkorrbrutto0000"],"label":{"KOSkorrbrutto0000":"Korrigerte brutto driftsutgifter per elev"},"unit":{"KOSkorrbrutto0000":{"base":"kr","decimals":0}}}},
"Tid":{"label":"år","category":{"index":{"2023":0,"2024":1}},"note":["Foreløpige tall for 2024"]}},
"value":{"0":154020,"1":161911,"2":152000,"4":149500,"5":155200},"status":{"3":".."}}
"#;

/// SSB's CSV: semicolons, quoted labels with their codes, a symbol.
const KOSTRA_CSV: &str = "\"region\";\"statistikkvariabel\";\"år\";\"12134: Utvalgte nøkkeltall\"\n\"3440 Øyer\";\"Korrigerte brutto driftsutgifter per elev\";\"2023\";154020\n\"3440 Øyer\";\"Korrigerte brutto driftsutgifter per elev\";\"2024\";161911\n\"EKG01 Kostragruppe 1\";\"Korrigerte brutto driftsutgifter per elev\";\"2024\";..\n";

const RULE_README: &str = r#"// grønt på målet, gult når det går riktig vei (scripts/README.md)
if value == () { no_data() }
else if value <= target { green("på eller under målet") }
else if improving() { yellow("over målet, men bedre enn forrige periode") }
else { red("over målet og ikke bedre") }
"#;

const RULE_NEAR: &str = r#"// gult innenfor 10 % over målet
if value == () || target == () { no_data("mangler verdi eller mål") }
else if value <= target { green() }
else if value <= target * 1.1 { yellow(`${pct_of(value - target, target)} % over målet`) }
else { red() }
"#;

const RULE_MEAN: &str = r#"// mot snittet av historikken
let snitt = mean(history);
if value == () { no_data() }
else if snitt == () { if value <= target { green() } else { red() } }
else if value < snitt && value <= target_max { green("bedre enn snittet") }
else if improving() { yellow("bedre enn forrige periode") }
else { red(`over snittet ${snitt}`) }
"#;

const RULE_DIRECTION: &str = r#"// grensen etter periodetypen, begrunnelsen med enhetens navn
fn grense(p) { if p.kind == "month" { 0.01 } else { 0.005 } }
let navn = if unit == () { "kommunen" } else { unit.name };
if value == () || target == () { return no_data(); }
let avvik = value - target;
switch indicator.direction {
    "lower_is_better" => if avvik <= 0.0 { green(navn) } else if avvik <= grense(period) { yellow(navn) } else { red(navn) },
    _ => if avvik >= 0.0 { green(navn) } else { red(navn) }
}
"#;

const RULE_COUNT: &str = r#"// hvor mange tidligere perioder var over målet
let n = 0;
for h in history { if h != () && target != () && h > target { n += 1; } }
if value == () || target == () { no_data() }
else if n == 0 && value <= target { green() }
else if n < 3 { yellow(`${n} perioder over målet i ${period.text}`) }
else { red() }
"#;

const COMPUTED_RATIO: &str = r#"// tapte dagsverk i prosent av mulige (scripts/README.md)
let tapt = v("M.1.9");
let mulig = v("M.1.10");
if tapt == () || mulig == () || mulig == 0.0 { () } else { tapt / mulig }
"#;

const COMPUTED_CLAMPED: &str = r#"let tapt = v("M.1.9");
let mulig = v("M.1.10");
if tapt == () || mulig == () { () }
else if mulig == 0.0 { () }
else { let x = tapt / mulig; if x > 1.0 { 1.0 } else if x < 0.0 { 0.0 } else { x } }
"#;

const COMPUTED_SUM: &str = r#"// korttid + langtid
let k = v("M.1.5");
let l = v("M.1.6");
if k == () || l == () { () } else { k + l }
"#;

const SMALL_MODEL: &str = r#"[municipality]
id = "oyer"
name = "Øyer kommune"

[[perspectives]]
id = "medarbeidere"
name = "Medarbeidere"

[[focus_areas]]
id = "M.1"
perspective = "medarbeidere"
name = "Utviklende arbeidsmiljø"
cross_cutting = true

[[units]]
id = "oppvekst"
name = "Oppvekst"
kind = "sektor"
leader = "Randi Bakken"
fte = 0.0

[[units]]
id = "aurvoll"
name = "Aurvoll skole"
kind = "skole"
parent = "oppvekst"
leader = "Lars Ove Brenden"
fte = 38.0

[[indicators]]
code = "M.1.5"
name = "Sykefravær korttid"
description = "Fravær på 1–16 dager i prosent av mulige dagsverk."
focus_area = "M.1"
measure = "percent"
decimals = 1
direction = "lower_is_better"
frequency = "month"
source = "HR-systemet"
aggregate_time = "mean"
aggregate_units = "weighted_mean"
weight = "fte"
applies_to = "all"
trend_margin = 0.002

[indicators.rule]
kind = "tolerance"
absolute = 0.005

[[targets]]
indicator = "M.1.5"
year = 2025
value = 0.05

[[targets]]
indicator = "M.1.5"
year = 2025
unit = "aurvoll"
min = 0.02
max = 0.04

[[goals]]
id = "KP.1"
level = "kommuneplan"
title = "Et nærværende arbeidsmiljø"
indicators = ["M.1.5"]
"#;

const SMALL_STORE: &str = r#"{
  "format": "styring-store",
  "schema_version": 1,
  "batches": [
    { "id": 1, "recorded_at": "2025-02-10T12:00:00.000000Z", "source": "demo", "file": null, "note": null },
    { "id": 2, "recorded_at": "2025-03-10T12:00:00.000000Z", "source": "import", "file": "aurvoll.xlsx", "note": "retting" }
  ],
  "observations": [
    { "indicator": "M.1.5", "unit": "aurvoll", "period": "2025-01", "batch": 1, "value": 0.053, "comment": "Influensa", "sheet": null, "cell": null },
    { "indicator": "M.1.5", "unit": "aurvoll", "period": "2025-01", "batch": 2, "value": 0.048, "comment": null, "sheet": "Data", "cell": "E17" },
    { "indicator": "M.1.6", "unit": "solvang", "period": "2025-02", "batch": 2, "value": 0.031, "comment": "Færre langtidssykemeldte", "sheet": "Data", "cell": "F9" }
  ],
  "lock_events": [
    { "period": "2025-T1", "action": "lock", "at": "2025-05-20T12:00:00.000000Z", "reason": "rapportert til kommunestyret" }
  ]
}
"#;

/// A store with a deviation, its measure and their steps (as events), and
/// a whistleblowing case with its (made-up) sealed identity and an
/// unsealing.
const REGISTERS_STORE: &str = r##"{
  "format": "styring-store",
  "schema_version": 6,
  "batches": [],
  "observations": [],
  "lock_events": [],
  "events": [
    { "kind": "deviation", "entity": "A-7", "action": "registrert", "actor": "kari", "at": "2025-05-05T09:00:00.000000Z", "reason": null, "details": null },
    { "kind": "deviation", "entity": "A-7", "action": "mottatt", "actor": "rektor", "at": "2025-05-05T10:00:00.000000Z", "reason": null, "details": null },
    { "kind": "deviation", "entity": "A-7#0", "action": "planlagt", "actor": "rektor", "at": "2025-05-06T11:00:00.000000Z", "reason": null, "details": null },
    { "kind": "deviation", "entity": "A-7", "action": "notified", "actor": "rektor", "at": "2025-05-06T12:00:00.000000Z", "reason": null, "details": null },
    { "kind": "whistleblowing", "entity": "VS-1", "action": "mottatt", "actor": "mottak", "at": "2025-03-03T10:00:00.000000Z", "reason": null, "details": null },
    { "kind": "whistleblowing", "entity": "VS-1", "action": "bekreftet", "actor": "mottak", "at": "2025-03-05T10:00:00.000000Z", "reason": null, "details": null },
    { "kind": "whistleblowing", "entity": "VS-1", "action": "unsealed", "actor": "gransker", "at": "2025-03-06T10:00:00.000000Z", "reason": "Granskning", "details": null }
  ],
  "deviations": [
    { "id": "A-7", "unit": "aurvoll", "category": "informasjonssikkerhet og personvern", "description": "Karakterliste sendt til feil foresatt", "happened": "2025-05-05T08:00:00.000000Z", "consequence": 3, "likelihood": 4, "duty": "personal_data_breach", "deadline": "2025-05-12T09:00:00.000000Z", "deadline_by_hand": false, "notified": "2025-05-06T12:00:00.000000Z" }
  ],
  "deviation_measures": [
    { "deviation": "A-7", "n": 0, "text": "Ny rutine for utsending", "owner": "inspektor" }
  ],
  "whistleblowing_cases": [
    { "id": "VS-1", "channel": "employee", "subject": "Trakassering", "description": "Leder trakasserer ansatte", "unit": "aurvoll", "handler": "personalsjef", "sealed": "6167652d656e6372797074696f6e2e6f72672f7631" }
  ]
}
"##;

/// One seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// Its format.
    pub format: Format,
    /// Where it came from (a file name).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The seeds and the demo files every case uses.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The command, the demo model and store, the limits.
    pub setup: Setup,
    /// Every seed, in [`SOURCES`] order.
    pub seeds: Vec<Seed>,
}

impl Corpus {
    /// The seeds of `format`.
    pub fn of(&self, format: Format) -> Vec<&Seed> {
        self.seeds.iter().filter(|s| s.format == format).collect()
    }

    /// The formats that have seeds, in [`Format::ALL`] order.
    pub fn formats(&self) -> Vec<Format> {
        Format::ALL
            .into_iter()
            .filter(|f| self.seeds.iter().any(|s| s.format == *f))
            .collect()
    }
}

/// Runs `styring ARGS` to make seeds (no limits: these are our own files).
fn styring(bin: &Path, args: &[&str]) -> Result<()> {
    let out = Command::new(bin)
        .args(args)
        .output()
        .map_err(|e| FuzzError::io(bin, e))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(FuzzError::Setup(format!(
            "`styring {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| FuzzError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    Ok(v)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| FuzzError::io(path, e))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Makes the demo in `root/demo`, the store export, and every seed of
/// [`SOURCES`].
///
/// # Errors
///
/// When the command fails to make the demo or the export, a fixture cannot
/// be read, or a derived seed cannot be made.
pub fn make(bin: &Path, fixtures: &Path, root: &Path, limits: Limits) -> Result<Corpus> {
    let bin = fs::canonicalize(bin).map_err(|e| FuzzError::io(bin, e))?;
    let demo = root.join("demo");
    let text = |p: &Path| p.display().to_string();
    styring(&bin, &["demo", "--out", &text(&demo)])?;
    // The workbook fixtures were written when units reported the O.1
    // indicators that now come from the ledger: cases are read against the
    // demo model with them reported, so those seeds stay valid inputs.
    let demo_model = demo.join("model.toml");
    let demo_text = fs::read_to_string(&demo_model).map_err(|e| FuzzError::io(&demo_model, e))?;
    let reported: String = demo_text
        .lines()
        .filter(|l| !l.starts_with("ledger = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let model = root.join("model.toml");
    fs::write(&model, reported).map_err(|e| FuzzError::io(&model, e))?;
    let store = demo.join("store.sqlite");
    let export = root.join("store.json");
    styring(
        &bin,
        &[
            "store",
            "export",
            "--model",
            &text(&model),
            "--store",
            &text(&store),
            "--format",
            "json",
            "--out",
            &text(&export),
        ],
    )?;
    let mut seeds: Vec<Seed> = Vec::new();
    for &(format, source) in SOURCES {
        let mut add = |name: String, bytes: Vec<u8>| {
            seeds.push(Seed {
                format,
                name,
                bytes,
            })
        };
        match source {
            Source::Fixtures(ext) => {
                for p in files_with_ext(fixtures, ext)? {
                    add(file_name(&p), read(&p)?);
                }
            }
            Source::DemoFolder(dir, ext) => {
                for p in files_with_ext(&demo.join(dir), ext)? {
                    add(file_name(&p), read(&p)?);
                }
            }
            Source::DemoFile(name) => add(name.to_string(), read(&demo.join(name))?),
            Source::DemoNamed(dir, prefix, ext) => {
                for p in files_with_ext(&demo.join(dir), ext)? {
                    if file_name(&p).starts_with(prefix) {
                        add(file_name(&p), read(&p)?);
                    }
                }
            }
            Source::StoreExport => add("store.json".into(), read(&export)?),
            Source::Text(name, body) => add(name.to_string(), body.as_bytes().to_vec()),
            Source::MacroEnabled(_) | Source::RegularSectors => {
                let made = derive(format, source, &seeds)?;
                seeds.extend(made);
            }
        }
    }
    Ok(Corpus {
        setup: Setup {
            styring: bin,
            model,
            store,
            limits,
        },
        seeds,
    })
}

/// The seeds of `format` that a derived `source` makes from the first
/// three seeds of its origin format.
fn derive(format: Format, source: Source, seeds: &[Seed]) -> Result<Vec<Seed>> {
    let (origin, tag) = match source {
        Source::MacroEnabled(f) => (f, "macro"),
        _ => (Format::Xls, "regular"),
    };
    seeds
        .iter()
        .filter(|s| s.format == origin)
        .take(3)
        .map(|s| {
            let bytes = match source {
                Source::MacroEnabled(_) => zip::macro_enabled(&s.bytes)?,
                _ => cfb::regular_sectors(&s.bytes)?,
            };
            let stem = s.name.rsplit_once('.').map_or(s.name.as_str(), |(a, _)| a);
            Ok(Seed {
                format,
                name: format!("{stem}_{tag}.{}", format.extension()),
                bytes,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_source() {
        for f in Format::ALL {
            assert!(SOURCES.iter().any(|(g, _)| *g == f), "{f} has no seeds");
        }
    }

    #[test]
    fn derived_sources_come_after_their_origin() {
        for (i, (_, s)) in SOURCES.iter().enumerate() {
            let origin = match s {
                Source::MacroEnabled(f) => *f,
                Source::RegularSectors => Format::Xls,
                _ => continue,
            };
            assert!(SOURCES[..i].iter().any(|(g, _)| *g == origin));
        }
    }
}
