//! The import against good, bad and hostile files that the tests make
//! themselves: each case with the exact message a unit leader sees, and
//! the store untouched.

use rust_xlsxwriter::{Format, Workbook};
use std::io::Write;
use std::path::{Path, PathBuf};
use styring_core::example;
use styring_core::model::Model;
use styring_core::store::Store;
use styring_core::Lang;
use styring_xlsx::import::{import_files, ImportOptions};
use styring_xlsx::XlsxError;

use styring_core::Localized;
use styring_tests::{long_table_at as long_table, Cell as C};

/// A hand-made .xlsx: `sheet` is the inside of `<sheetData>`; `sst` the
/// shared-strings part, if any.
fn raw_xlsx(dir: &Path, name: &str, dimension: &str, sheet: &str, sst: Option<&str>) -> PathBuf {
    let p = dir.join(name);
    let f = std::fs::File::create(&p).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default();
    let mut put = |n: &str, s: &str| {
        z.start_file(n, o).unwrap();
        z.write_all(s.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    let rels = if sst.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{rels}</Relationships>"#
        ),
    );
    put(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet}</sheetData></worksheet>"#
        ),
    );
    if let Some(s) = sst {
        put("xl/sharedStrings.xml", s);
    }
    z.finish().unwrap();
    p
}

fn is(r: u32, c: &str, s: &str) -> String {
    format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{s}</t></is></c>"#)
}

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Enhet</t></is></c><c r="B1" t="inlineStr"><is><t>Indikator</t></is></c><c r="C1" t="inlineStr"><is><t>Periode</t></is></c><c r="D1" t="inlineStr"><is><t>Verdi</t></is></c></row>"#;

struct Setup {
    dir: tempfile::TempDir,
    model: Model,
    store_path: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let model = styring_tests::example_without_ledger();
    let store_path = dir.path().join("store.sqlite");
    let mut s = Store::open(&store_path).unwrap();
    s.record(
        &model,
        &[styring_core::observation::ObservationInput::new(
            "M.1.5",
            "aurvoll",
            "2025-05",
            Some(0.04),
        )],
        &styring_core::store::BatchInfo::new("t"),
    )
    .unwrap();
    drop(s);
    Setup {
        dir,
        model,
        store_path,
    }
}

/// Imports `paths`; on failure checks the store file is byte-for-byte as
/// before and returns the Norwegian messages.
fn fails(s: &Setup, paths: &[&Path]) -> Vec<String> {
    let before = std::fs::read(&s.store_path).unwrap();
    let mut store = Store::open(&s.store_path).unwrap();
    let err = import_files(
        &s.model,
        &mut store,
        paths,
        &ImportOptions::default(),
        false,
    )
    .unwrap_err();
    drop(store);
    assert_eq!(
        std::fs::read(&s.store_path).unwrap(),
        before,
        "the store changed"
    );
    match err {
        XlsxError::Import(p) => p.iter().map(|p| p.render(Lang::Nb)).collect(),
        e => vec![e.render(Lang::Nb)],
    }
}

fn imports(s: &Setup, paths: &[&Path]) -> Vec<styring_xlsx::import::FileReport> {
    let mut store = Store::open(&s.store_path).unwrap();
    import_files(
        &s.model,
        &mut store,
        paths,
        &ImportOptions::default(),
        false,
    )
    .unwrap()
}

#[test]
fn a_long_table_anywhere_with_norwegian_numbers_and_names() {
    let s = setup();
    let p = long_table(
        s.dir.path(),
        "tabell.xlsx",
        3,
        &[
            vec![
                C::S("aurvoll"),
                C::S("M.1.5"),
                C::S("2025-06"),
                C::S("4,3 %"),
                C::S("Færre korttidsfravær 😊 i juni"),
            ],
            vec![
                C::S("Solvang skole"),
                C::S("M.1.5"),
                C::S("juni 2025"),
                C::N(0.051),
            ],
            vec![
                C::S("SOLVANG SKOLE"),
                C::S("O.1.3"),
                C::S("2025-06"),
                C::S("−2 512 345"),
            ],
            vec![
                C::S("aurvoll"),
                C::S("O.2.1"),
                C::N(2025.0),
                C::S("1 234 567,5"),
            ],
            vec![],
            vec![C::S("aurvoll"), C::S("T.2.1"), C::S("2025"), C::N(52.0)],
        ],
        |wb| {
            let ws = wb.worksheet_from_index(0).unwrap();
            ws.write_string(0, 0, "Innsending fra enhetene — juni")
                .unwrap();
        },
    );
    let r = imports(&s, &[&p]);
    assert_eq!(r[0].values, 5);
    assert_eq!((r[0].summary.new, r[0].summary.changed), (5, 0));
    let store = Store::open(&s.store_path).unwrap();
    let d = store.dataset(&s.model).unwrap();
    let series = |c: &str, u: &str| {
        d.series(
            s.model.indicator_index(c).unwrap(),
            s.model.unit_index(u).unwrap(),
        )
    };
    assert_eq!(series("M.1.5", "aurvoll").last().unwrap().1, Some(0.043));
    assert_eq!(
        series("M.1.5", "aurvoll").last().unwrap().2,
        Some("Færre korttidsfravær 😊 i juni")
    );
    assert_eq!(series("O.1.3", "solvang")[0].1, Some(-2512345.0));
    assert_eq!(series("O.2.1", "aurvoll")[0].1, Some(1234567.5));
    let rev = store
        .revisions("M.1.5", "solvang", "2025-06".parse().unwrap())
        .unwrap();
    assert_eq!(
        (
            rev[0].file.as_deref(),
            rev[0].sheet.as_deref(),
            rev[0].cell.as_deref()
        ),
        (Some("tabell.xlsx"), Some("Data"), Some("D6"))
    );
}

#[test]
fn every_bad_value_is_reported_with_its_cell_and_nothing_is_stored() {
    let s = setup();
    let p = long_table(
        s.dir.path(),
        "aurvoll.xlsx",
        0,
        &[
            vec![C::S("aurvoll"), C::S("M.15"), C::S("2025-06"), C::N(0.04)],
            vec![C::S("aurvol"), C::S("M.1.5"), C::S("2025-06"), C::N(0.04)],
            vec![C::S("aurvoll"), C::S("M.1.5"), C::S("2025-T2"), C::N(0.04)],
            vec![
                C::S("aurvoll"),
                C::S("M.1.5"),
                C::S("2025-07"),
                C::S("12,5 prosent"),
            ],
            vec![C::S("aurvoll"), C::S("M.1.5"), C::S("2025-08"), C::N(2.5)],
            vec![C::S("aurvoll"), C::S("M.1.6"), C::S("neste år"), C::N(0.05)],
            vec![C::S("aurvoll"), C::S("M.1.6"), C::S("2025-06"), C::N(0.05)],
            vec![C::S("aurvoll"), C::S("M.1.6"), C::S("2025-06"), C::N(0.06)],
            vec![C::S("aurvoll"), C::S("M.1.6"), C::S("2025-09")],
            vec![C::S("aurvoll"), C::S("M.1.8"), C::S("2025-06"), C::N(0.07)],
        ],
        |_| {},
    );
    assert_eq!(
        fails(&s, &[&p]),
        [
            "aurvoll.xlsx: Data!B2: ukjent indikator «M.15» — mente du «M.1.5»?",
            "aurvoll.xlsx: Data!A3: ukjent enhet «aurvol» — mente du «aurvoll»?",
            "aurvoll.xlsx: Data!D4: perioden 2025-T2 er per tertial, men «M.1.5» måles per måned",
            "aurvoll.xlsx: Data!D5: «12,5 prosent» er ikke et tall for indikator «M.1.5»",
            "aurvoll.xlsx: Data!D6: verdien 250,0 % er utenfor gyldig område 0,0 %–100,0 % for «M.1.5»",
            "aurvoll.xlsx: Data!C7: «neste år» er ikke en periode (skriv f.eks. 2025-03, 2025-T2 eller 2025)",
            "aurvoll.xlsx: Data!D9: M.1.6/aurvoll/2025-06 har allerede en annen verdi i samme innsending (aurvoll.xlsx: Data!D8)",
            "aurvoll.xlsx: Data!D10: verdi mangler",
            "aurvoll.xlsx: Data!D11: «M.1.8» beregnes fra andre indikatorer og kan ikke registreres; registrer tallene den beregnes fra",
        ]
    );
}

#[test]
fn two_files_with_different_values_for_one_key_import_nothing() {
    let s = setup();
    let a = long_table(
        s.dir.path(),
        "a.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |_| {},
    );
    let b = long_table(
        s.dir.path(),
        "b.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.05),
        ]],
        |_| {},
    );
    assert_eq!(
        fails(&s, &[&a, &b]),
        ["b.xlsx: Data!D2: M.1.5/aurvoll/2025-06 har allerede en annen verdi i samme innsending (a.xlsx: Data!D2)"]
    );
}

#[test]
fn headers_merged_duplicated_or_missing() {
    let s = setup();
    // A merged title over the header and a merged header cell still read.
    let p = long_table(
        s.dir.path(),
        "merged.xlsx",
        2,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |wb| {
            let ws = wb.worksheet_from_index(0).unwrap();
            ws.merge_range(0, 0, 0, 4, "Sykefravær juni", &Format::new())
                .unwrap();
            ws.merge_range(2, 4, 2, 5, "Kommentar", &Format::new())
                .unwrap();
        },
    );
    assert_eq!(imports(&s, &[&p])[0].values, 1);
    let p = long_table(
        s.dir.path(),
        "dup.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |wb| {
            wb.worksheet_from_index(0)
                .unwrap()
                .write_string(0, 5, "verdi")
                .unwrap();
        },
    );
    assert_eq!(
        fails(&s, &[&p]),
        ["dup.xlsx: Data!F1: kolonnen «verdi» finnes to ganger (D1 og F1); fjern den ene"]
    );
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "Hei").unwrap();
    let p = s.dir.path().join("tom.xlsx");
    wb.save(&p).unwrap();
    assert_eq!(
        fails(&s, &[&p]),
        ["tom.xlsx: fant verken en mal fra styring eller en tabell med kolonnene Enhet, Indikator, Periode og Verdi"]
    );
}

#[test]
fn hidden_sheets_are_not_read() {
    let s = setup();
    let p = long_table(
        s.dir.path(),
        "skjult.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |wb| {
            let ws = wb.add_worksheet();
            ws.set_name("Gammelt").unwrap();
            for (c, h) in ["Enhet", "Indikator", "Periode", "Verdi"]
                .iter()
                .enumerate()
            {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            ws.write_string(1, 0, "aurvoll").unwrap();
            ws.write_string(1, 1, "M.1.5").unwrap();
            ws.write_string(1, 2, "2025-07").unwrap();
            ws.write_string(1, 3, "tull").unwrap();
            ws.set_hidden(true);
        },
    );
    assert_eq!(imports(&s, &[&p])[0].values, 1);
}

#[test]
fn error_cells_formulas_without_values_and_long_strings() {
    let s = setup();
    let long = "x".repeat(32_767);
    let sheet = format!(
        r#"{HEADER}<row r="2">{}{}{}<c r="D2" t="e"><v>#DIV/0!</v></c></row><row r="3">{}{}{}<c r="D3"><f>SUM(X1:X9)</f></c></row><row r="4">{}{}{}<c r="D4"><v>0.04</v></c><c r="E4" t="inlineStr"><is><t>{long}</t></is></c></row>"#,
        is(2, "A", "aurvoll"), is(2, "B", "M.1.5"), is(2, "C", "2025-06"),
        is(3, "A", "aurvoll"), is(3, "B", "M.1.5"), is(3, "C", "2025-07"),
        is(4, "A", "aurvoll"), is(4, "B", "M.1.5"), is(4, "C", "2025-08"),
    )
    .replace(r#"<c r="D1" t="inlineStr"><is><t>Verdi</t></is></c></row>"#, r#"<c r="D1" t="inlineStr"><is><t>Verdi</t></is></c><c r="E1" t="inlineStr"><is><t>Kommentar</t></is></c></row>"#);
    let p = raw_xlsx(s.dir.path(), "feil.xlsx", "A1:E4", &sheet, None);
    assert_eq!(
        fails(&s, &[&p]),
        [
            "feil.xlsx: Data!D2: cellen har feilverdien #DIV/0!; rett formelen eller skriv inn tallet",
            "feil.xlsx: Data!D3: formelen =SUM(X1:X9) har ingen lagret verdi; åpne filen i Excel, lagre den og send den på nytt",
            "feil.xlsx: Data!D4: kommentaren er 32767 tegn; maks er 4000",
        ]
    );
}

#[test]
fn hostile_files_get_a_clear_error_and_no_abort() {
    let s = setup();
    let d = s.dir.path();
    // Not a zip at all.
    let p = d.join("tekst.xlsx");
    std::fs::write(
        &p,
        "enhet;indikator;periode;verdi\naurvoll;M.1.5;2025-06;0,04\n",
    )
    .unwrap();
    assert_eq!(
        fails(&s, &[&p]),
        ["tekst.xlsx: filen er ikke et regneark som kan leses (den ser ut som tekst (CSV eller lignende)); lagre den som .xlsx og prøv igjen"]
    );
    // A PDF renamed.
    let p = d.join("rapport.xlsx");
    std::fs::write(&p, b"%PDF-1.7 ...").unwrap();
    assert_eq!(fails(&s, &[&p])[0], "rapport.xlsx: filen er ikke et regneark som kan leses (den ser ut som en PDF); lagre den som .xlsx og prøv igjen");
    // A truncated workbook.
    let good = long_table(
        d,
        "hel.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |_| {},
    );
    let bytes = std::fs::read(&good).unwrap();
    let p = d.join("avkortet.xlsx");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        fails(&s, &[&p]),
        ["avkortet.xlsx: zip-filen mangler sluttkatalogen (filen er avkortet eller skadet)"]
    );
    // An absurd shared-string count (calamine would reserve memory for it).
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="18446744073709551615" uniqueCount="18446744073709551615"><si><t>x</t></si></sst>"#;
    let p = raw_xlsx(d, "strenger.xlsx", "A1", HEADER, Some(sst));
    assert_eq!(
        fails(&s, &[&p]),
        ["strenger.xlsx: antall delte tekster arbeidsboken oppgir (18446744073709551615) er over grensen 5000000 — er filen riktig, kan grensen økes med --max-shared-strings 10000000"]
    );
    // A zip bomb: 100 MB of spaces packed into a few hundred kilobytes.
    let p = d.join("bombe.xlsx");
    {
        let f = std::fs::File::create(&p).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let o = zip::write::SimpleFileOptions::default().large_file(true);
        z.start_file("xl/workbook.xml", o).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..100 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let msg = &fails(&s, &[&p])[0];
    assert!(
        msg.starts_with("bombe.xlsx: pakkeforholdet for en del av zip-filen (mulig zip-bombe) ("),
        "{msg}"
    );
    assert!(msg.ends_with("er over grensen 1000 — er filen riktig, kan grensen økes med --max-compression-ratio 2000"), "{msg}");
    // Two zip entries with the same name (a reader might take either):
    // rename the theme part, in the zip's own headers, to the name of
    // another part of the same length.
    let p = d.join("dobbel.xlsx");
    {
        let good = long_table(
            d,
            "dobbel-kilde.xlsx",
            0,
            &[vec![
                C::S("aurvoll"),
                C::S("M.1.5"),
                C::S("2025-06"),
                C::N(0.04),
            ]],
            |_| {},
        );
        let mut bytes = std::fs::read(&good).unwrap();
        let (from, to) = (b"xl/theme/theme1.xml", b"[Content_Types].xml");
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + to.len()].copy_from_slice(to);
            }
            i += 1;
        }
        std::fs::write(&p, &bytes).unwrap();
    }
    let msg = &fails(&s, &[&p])[0];
    assert_eq!(msg, "dobbel.xlsx: zip-filen har flere deler med samme navn (filen er skadet eller laget for å lure leseren)");
    // An OpenDocument sheet whose one cell with a value is repeated into
    // a billion cells (calamine would make every one).
    let p = d.join("gjentatt.ods");
    {
        let f = std::fs::File::create(&p).unwrap();
        let mut z = zip::ZipWriter::new(f);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("mimetype", o).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        z.start_file("content.xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="Data"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#).unwrap();
        z.finish().unwrap();
    }
    assert_eq!(
        fails(&s, &[&p]),
        ["gjentatt.ods: antall utfylte celler regnearket blir til (gjentatte celler) (1000000000) er over grensen 12000000 — er filen riktig, kan grensen økes med --max-cells 24000000"]
    );
    // A sheet that claims 1,048,576 rows and XFD columns, with one cell
    // there: read as a stream, it costs nothing.
    let sheet = format!(
        r#"{HEADER}<row r="1048576">{}</row>"#,
        is(1048576, "A", "x")
    );
    let p = raw_xlsx(d, "stor.xlsx", "A1:XFD1048576", &sheet, None);
    assert_eq!(
        fails(&s, &[&p]),
        [
            "stor.xlsx: Data!B1048576: indikator mangler",
            "stor.xlsx: Data!C1048576: periode mangler",
            "stor.xlsx: Data!D1048576: verdi mangler",
        ]
    );
    // With a lower row limit the same file is refused and names the limit.
    let mut store = Store::open(&s.store_path).unwrap();
    let opts = ImportOptions {
        limits: styring_xlsx::import::guard::Limits {
            max_rows: 1000,
            ..Default::default()
        },
        ..Default::default()
    };
    let e = import_files(&s.model, &mut store, &[&p], &opts, false).unwrap_err();
    assert_eq!(
        e.render(Lang::Nb),
        "1 feil; ingenting ble importert:\nstor.xlsx: radnummeret i arket (1048576) er over grensen 1000 — er filen riktig, kan grensen økes med --max-rows 2000"
    );
}

#[test]
fn a_template_from_another_municipality_or_unit() {
    let s = setup();
    let other = Model::from_toml(
        &example::OYER_TOML.replace("id = \"oyer\"", "id = \"lillehammer\""),
        "m.toml",
    )
    .unwrap();
    let bytes =
        styring_xlsx::export::template::template_bytes(&other, None, "aurvoll", 2025).unwrap();
    let p = s.dir.path().join("feil-kommune.xlsx");
    std::fs::write(&p, bytes).unwrap();
    assert_eq!(
        fails(&s, &[&p]),
        ["feil-kommune.xlsx: _styring!B2: malen er laget for en annen kommune («lillehammer»), ikke «oyer»; bruk malen som ble sendt ut for Øyer kommune"]
    );
    let bytes =
        styring_xlsx::export::template::template_bytes(&s.model, None, "solvang", 2025).unwrap();
    let p = s.dir.path().join("solvang.xlsx");
    std::fs::write(&p, bytes).unwrap();
    let mut store = Store::open(&s.store_path).unwrap();
    let opts = ImportOptions {
        expected_unit: Some("aurvoll".into()),
        ..Default::default()
    };
    let e = import_files(&s.model, &mut store, &[&p], &opts, false).unwrap_err();
    assert_eq!(e.render(Lang::Nb), "1 feil; ingenting ble importert:\nsolvang.xlsx: _styring!B3: malen er for Solvang skole («solvang»), ikke for «aurvoll»");
}

#[test]
fn dry_run_validates_only() {
    let s = setup();
    let p = long_table(
        s.dir.path(),
        "t.xlsx",
        0,
        &[vec![
            C::S("aurvoll"),
            C::S("M.1.5"),
            C::S("2025-06"),
            C::N(0.04),
        ]],
        |_| {},
    );
    let before = std::fs::read(&s.store_path).unwrap();
    let mut store = Store::open(&s.store_path).unwrap();
    let r = import_files(&s.model, &mut store, &[&p], &ImportOptions::default(), true).unwrap();
    drop(store);
    assert_eq!(r[0].values, 1);
    assert_eq!(std::fs::read(&s.store_path).unwrap(), before);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn files_written_by_openpyxl_and_libreoffice_are_good_inputs() {
    for name in [
        "long_table_with_title_dates_and_text_numbers.xlsx",
        "long_table_with_title_dates_and_text_numbers.ods",
        "long_table_with_title_dates_and_text_numbers.xls",
    ] {
        let s = setup();
        let r = imports(&s, &[&fixture(name)]);
        assert_eq!(r[0].values, 5, "{name}");
        let store = Store::open(&s.store_path).unwrap();
        let d = store.dataset(&s.model).unwrap();
        let get = |c: &str, u: &str, p: &str| {
            d.get(
                s.model.indicator_index(c).unwrap(),
                s.model.unit_index(u).unwrap(),
                p.parse().unwrap(),
            )
            .flatten()
        };
        assert_eq!(get("M.1.5", "aurvoll", "2025-09"), Some(0.031), "{name}");
        assert_eq!(get("M.1.5", "solvang", "2025-09"), Some(0.052), "{name}");
        assert_eq!(get("M.1.6", "mosjordet", "2025-09"), Some(0.064), "{name}");
        assert_eq!(
            get("M.1.5", "institusjon", "2025-10"),
            Some(0.061),
            "{name}"
        );
        assert_eq!(get("O.1.2", "tekniske", "2025-T3"), Some(-0.008), "{name}");
        let rev = store
            .revisions("M.1.6", "mosjordet", "2025-09".parse().unwrap())
            .unwrap();
        assert_eq!(
            rev[0].comment.as_deref(),
            Some("To langtidssykemeldte"),
            "{name}"
        );
        assert_eq!(rev[0].sheet.as_deref(), Some("Sykefravær"), "{name}");
    }
}

#[test]
fn a_template_saved_by_libreoffice_reads_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let model = Model::example();
    // The demo's store: history to 2024, 2025 through the templates.
    let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
    example::populate_store_until(&mut store, &model, 2024).unwrap();
    let sample = example::sample_dataset(&model);
    let p = dir.path().join("aurvoll.xlsx");
    std::fs::write(
        &p,
        styring_xlsx::export::template::template_bytes(
            &model,
            Some(&styring_core::complete::Complete::new(&model, sample, None)),
            "aurvoll",
            2025,
        )
        .unwrap(),
    )
    .unwrap();
    let first = import_files(
        &model,
        &mut store,
        &[p.as_path()],
        &ImportOptions::default(),
        false,
    )
    .unwrap();
    assert!(first[0].summary.new > 50, "{:?}", first[0]);
    let r = import_files(
        &model,
        &mut store,
        &[fixture("template_resaved_by_libreoffice.xlsx").as_path()],
        &ImportOptions::default(),
        false,
    )
    .unwrap();
    assert_eq!(
        r[0].shape,
        styring_xlsx::import::Shape::Template {
            unit: "aurvoll".into(),
            year: 2025
        }
    );
    assert_eq!(
        (r[0].summary.new, r[0].summary.changed),
        (0, 0),
        "{:?}",
        r[0]
    );
    assert_eq!(r[0].values, first[0].values);
}

/// Every file in `fixtures/damaged/` (see its README) with the one line it
/// gets. calamine 0.38 aborted the process on some of these and panicked
/// on the others.
const DAMAGED: &[(&str, &str)] = &[
    ("xls_bof_too_short.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (posten 0x0809 er bare 0 byte lang)"),
    ("xls_boundsheet_offset_past_end.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (et ark starter ved byte 32767, men arbeidsboken har bare 2570)"),
    ("xls_boundsheet_too_short.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (posten 0x0085 er bare 1 byte lang)"),
    ("xls_boundsheet_type_cut_off.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (posten 0x0085 er bare 5 byte lang)"),
    ("xls_cell_column_far_away.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (en celle ligger i kolonne 65536; en .xls har høyst 256)"),
    ("xls_cell_row_far_away.xls", "antall celler arkene i .xls-filen spenner over (rader × kolonner) (16647680) er over grensen 12000000 — er filen riktig, kan grensen økes med --max-cells 24000000"),
    ("xls_datemode_too_short.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (posten 0x0022 er bare 0 byte lang)"),
    ("xls_difat_lists_no_fat.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (FAT-sektorer: hodet oppgir 1, DIFAT-en viser til 0)"),
    ("xls_difat_past_end.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (FAT-en peker til sektor 200, som ikke finnes i filen)"),
    ("xls_dimensions_huge.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (arket oppgir 961871891 × 48758 celler; en .xls har høyst 65536 × 256)"),
    ("xls_dimensions_last_row_before_first.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (DIMENSIONS-posten slutter før den begynner: rad 2560–8, kolonne 0–5)"),
    ("xls_directory_chain_loop.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (kjeden til katalogen går i ring)"),
    ("xls_directory_sector_past_end.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (katalogen peker til sektor 13, som ikke finnes i filen)"),
    ("xls_fat_points_past_end.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (FAT-en lar sektor 10 peke til sektor 13, som ikke finnes i filen)"),
    ("xls_header_truncated.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (hodet er avkortet: filen har bare 300 byte)"),
    ("xls_mergecells_shorter_than_count.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (en MERGECELLS-post oppgir 5 områder, men har bare 10 byte)"),
    ("xls_mini_fat_points_past_mini_stream.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (mini-FAT-en lar minisektor 25 peke til 53, som ikke finnes)"),
    ("xls_mini_fat_sector_past_end.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (mini-FAT-en peker til sektor 13, som ikke finnes i filen)"),
    ("xls_mini_stream_chain_loop.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (kjeden til ministrømmen går i ring)"),
    ("xls_mulrk_last_column_before_first.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (en MULRK-post slutter i kolonne 1, før den begynner i 2)"),
    ("xls_name_record_too_short.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (posten 0x0018 er bare 0 byte lang)"),
    ("xls_sst_rich_string_cut_off.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (en delt tekst i SST-posten er avkortet)"),
    ("xls_stream_size_larger_than_file.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (strømmen «Root Entry» oppgir 2147483632 byte, men sektorene dens rommer bare 3584)"),
    ("xls_truncated_mid_sector.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (filen er avkortet etter 1006 byte)"),
    ("xls_workbook_mini_chain_loop.xls", "filen er skadet eller ikke en arbeidsbok vi kan lese (kjeden til strømmen «Workbook» går i ring)"),
];

#[test]
fn damaged_xls_files_get_one_line_each_and_no_abort() {
    let dir = fixture("damaged");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xls"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = DAMAGED.iter().map(|d| d.0).collect();
    assert_eq!(on_disk, listed, "every fixture has its message here");
    let s = setup();
    for (name, message) in DAMAGED {
        assert_eq!(
            fails(&s, &[&dir.join(name)]),
            [format!("{name}: {message}")],
            "{name}"
        );
    }
    // With a good file in the same import: all or nothing, and one line
    // per damaged file, in the order given.
    let good = fixture("long_table_with_title_dates_and_text_numbers.xls");
    let line = |name: &str| {
        let m = DAMAGED.iter().find(|d| d.0 == name).unwrap().1;
        format!("{name}: {m}")
    };
    let a = dir.join("xls_directory_chain_loop.xls");
    let b = dir.join("xls_boundsheet_offset_past_end.xls");
    assert_eq!(
        fails(&s, &[&a, &good, &b]),
        [
            line("xls_directory_chain_loop.xls"),
            line("xls_boundsheet_offset_past_end.xls"),
        ]
    );
    // The English line.
    let mut store = Store::open(&s.store_path).unwrap();
    let e = import_files(&s.model, &mut store, &[&a], &ImportOptions::default(), true).unwrap_err();
    assert_eq!(
        e.render(Lang::En).lines().nth(1),
        Some("xls_directory_chain_loop.xls: the file is damaged or not a workbook we can read (the chain of the directory loops)")
    );
    drop(store);
    // The file they were made from still imports.
    assert_eq!(imports(&s, &[&good])[0].values, 5);
}

#[test]
fn an_ods_sheet_without_its_end_tag_is_refused_at_once() {
    let s = setup();
    let p = fixture("fuzz").join("ods_table_without_end_tag.ods");
    assert_eq!(
        fails(&s, &[&p]),
        ["ods_table_without_end_tag.ods: filen er skadet eller ikke en arbeidsbok vi kan lese (content.xml har et ark uten slutt)"]
    );
}
