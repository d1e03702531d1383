//! The Excel loop end to end: store → template → import, and the scorecard
//! workbook read back for values, fills and number formats.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use styring_core::complete::Complete;
use styring_core::example;
use styring_core::model::Model;
use styring_core::observation::Dataset;
use styring_core::scorecard::{Options, Scorecard};
use styring_core::store::Store;
use styring_core::unit::Scope;
use styring_core::Localized;
use styring_core::{Lang, Period, Status};
use styring_xlsx::export::template::template_bytes;
use styring_xlsx::import::{import_files, ImportOptions};

fn year_values(
    m: &Model,
    d: &Dataset,
    unit: &str,
    year: i32,
) -> Vec<(String, Period, Option<f64>, Option<String>)> {
    let u = m.unit_index(unit).unwrap();
    let mut out = Vec::new();
    for (i, ind) in m.indicators().iter().enumerate() {
        for (p, v, c) in d.series(i, u) {
            if p.year_number() == year {
                out.push((ind.code.to_string(), p, v, c.map(str::to_string)));
            }
        }
    }
    out
}

#[test]
fn every_value_and_comment_comes_back_exactly() {
    let m = Model::example();
    let dir = tempfile::tempdir().unwrap();
    // A store whose comments sit on each row's latest value, as a unit
    // leader writes them.
    let mut a = Store::in_memory().unwrap();
    let mut inputs = example::sample_observations(&m);
    for i in inputs.iter_mut() {
        i.comment = None;
    }
    let mut last: std::collections::HashMap<(String, String), usize> = Default::default();
    for (k, i) in inputs.iter().enumerate() {
        if i.period.starts_with("2025") {
            last.insert((i.indicator.clone(), i.unit.clone()), k);
        }
    }
    for (n, k) in last.values().enumerate() {
        if n % 3 == 0 {
            inputs[*k].comment = Some(format!("Analyse nr. {n}: «tiltak» virker — æøå ÆØÅ 👍"));
        }
    }
    a.record(&m, &inputs, &styring_core::store::BatchInfo::new("t"))
        .unwrap();
    let da = a.dataset(&m).unwrap();
    let mut b = Store::open(&dir.path().join("b.sqlite")).unwrap();
    let mut paths = Vec::new();
    for u in m.service_units(&Scope::Municipality) {
        let p = dir.path().join(format!("{}.xlsx", u.id));
        std::fs::write(
            &p,
            template_bytes(
                &m,
                Some(&Complete::new(&m, da.clone(), None)),
                u.id.as_str(),
                2025,
            )
            .unwrap(),
        )
        .unwrap();
        paths.push(p);
    }
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let reports = import_files(&m, &mut b, &refs, &ImportOptions::default(), false).unwrap();
    assert_eq!(reports.len(), 11);
    let db = b.dataset(&m).unwrap();
    let mut compared = 0;
    for u in m.service_units(&Scope::Municipality) {
        let want = year_values(&m, &da, u.id.as_str(), 2025);
        let got = year_values(&m, &db, u.id.as_str(), 2025);
        assert_eq!(got, want, "{}", u.id);
        compared += want.len();
    }
    // Every reported value of the year (the ledger's are not in templates).
    assert!(compared > 550, "{compared}");
    // Provenance: file, sheet and cell of each value.
    let rev = b
        .revisions("M.1.5", "aurvoll", "2025-03".parse().unwrap())
        .unwrap();
    assert_eq!(
        (rev[0].file.as_deref(), rev[0].sheet.as_deref()),
        (Some("aurvoll.xlsx"), Some("Registrering"))
    );
    assert!(
        rev[0].cell.as_deref().unwrap().starts_with('G'),
        "{:?}",
        rev[0].cell
    );
    // Editing one value in the workbook and importing again changes just it.
    let mut edited = da.clone();
    let (i, u) = (
        m.indicator_index("M.1.5").unwrap(),
        m.unit_index("aurvoll").unwrap(),
    );
    edited.insert(
        "M.1.5",
        "aurvoll",
        "2025-03".parse().unwrap(),
        Some(0.0666),
        None,
    );
    let p = dir.path().join("aurvoll.xlsx");
    std::fs::write(
        &p,
        template_bytes(&m, Some(&Complete::new(&m, edited, None)), "aurvoll", 2025).unwrap(),
    )
    .unwrap();
    let r = import_files(&m, &mut b, &[p.as_path()], &ImportOptions::default(), false).unwrap();
    assert_eq!(
        (r[0].summary.new, r[0].summary.changed),
        (0, 1),
        "{:?}",
        r[0]
    );
    assert_eq!(
        b.dataset(&m).unwrap().get(i, u, "2025-03".parse().unwrap()),
        Some(Some(0.0666))
    );
    assert_eq!(
        b.revisions("M.1.5", "aurvoll", "2025-03".parse().unwrap())
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_scorecard_workbook_reads_back_with_values_fills_and_formats() {
    let m = Model::example();
    let d = Complete::new(&m, example::sample_dataset(&m), None);
    let p: Period = "2025-T2".parse().unwrap();
    let opts = styring_xlsx::ExportOptions {
        lang: Lang::Nb,
        today: chrono::NaiveDate::from_ymd_opt(2025, 9, 25).unwrap(),
        scorecard: Options::default(),
        extra: Vec::new(),
    };
    let (bytes, summary) =
        styring_xlsx::export::scorecard::scorecard_workbook_bytes(&m, &d, p, &opts).unwrap();
    assert_eq!(summary.sheets[0], "Oversikt");
    assert_eq!(summary.sheets[1], "Øyer kommune");
    assert_eq!(summary.sheets.last().unwrap(), "Tegnforklaring");
    assert_eq!(summary.sheets.len(), 2 + 11 + 1);
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let card = Scorecard::build(
        &m,
        &d,
        &Scope::unit("aurvoll").unwrap(),
        p,
        &Options::default(),
    )
    .unwrap();
    let range = x.worksheet_range("Aurvoll skole").unwrap();
    let styles = x.worksheet_style("Aurvoll skole").unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Styringskort — Aurvoll skole".into()))
    );
    // The card is the report renderer's: A code, B name, C value, D the
    // value's period, E basis, F target, G status, H trend, I reason, then
    // the history (six values and a sparkline, J–P) and the comment in Q.
    let head = (0..range.height() as u32)
        .find(|r| range.get_value((*r, 0)) == Some(&Data::String("Kode".into())))
        .unwrap();
    let titles: Vec<String> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16]
        .iter()
        .map(|c| range.get_value((head, *c)).unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "Indikator",
            "Verdi",
            "Periode",
            "Grunnlag",
            "Mål",
            "Status",
            "Trend",
            "Begrunnelse",
            "Historikk",
            "Enhetens kommentar"
        ]
    );
    let mut checked = 0;
    for row in card.rows() {
        let r = (0..range.height() as u32)
            .find(|r| range.get_value((*r, 0)) == Some(&Data::String(row.indicator.to_string())))
            .unwrap_or_else(|| panic!("{} missing", row.indicator));
        if row.status == Status::Unjudged {
            // A value with no target has no light: an empty cell.
            assert_eq!(
                range.get_value((r, 6)),
                Some(&Data::Empty),
                "{}",
                row.indicator
            );
        } else {
            let light = format!("{} {}", row.status.symbol(), row.status.word(Lang::Nb));
            assert_eq!(range.get_value((r, 6)), Some(&Data::String(light)));
            let style = styles.get((r, 6)).unwrap();
            let fill = style.fill.as_ref().unwrap().foreground_color.unwrap();
            let (want, _) = styring_xlsx::export::formats::status_colors(row.status);
            assert_eq!(
                ((fill.red as u32) << 16) | ((fill.green as u32) << 8) | fill.blue as u32,
                want,
                "{}",
                row.indicator
            );
        }
        if let Some(v) = row.value {
            assert_eq!(
                range.get_value((r, 2)),
                Some(&Data::Float(v)),
                "{}",
                row.indicator
            );
            assert_eq!(
                range.get_value((r, 3)),
                Some(&Data::String(row.value_period.to_string()))
            );
            let fmt = styles
                .get((r, 2))
                .unwrap()
                .number_format
                .as_ref()
                .unwrap()
                .format_code
                .clone();
            assert_eq!(
                fmt,
                styring_xlsx::export::formats::number_format(
                    &m.indicator(row.indicator.as_str()).unwrap().measure
                )
            );
            // The newest value of the history stands next to the sparkline.
            assert_eq!(range.get_value((r, 14)), Some(&Data::Float(v)));
            checked += 1;
        }
    }
    assert!(checked >= 10);
    assert!(card
        .rows()
        .any(|r| r.status == Status::Red || r.status == Status::Yellow));
    // The overview has a row per unit and the municipality last.
    let ov = x.worksheet_range("Oversikt").unwrap();
    let names: Vec<String> = (6..6 + 12)
        .filter_map(|r| ov.get_value((r, 0)).map(|v| v.to_string()))
        .collect();
    assert_eq!(
        names.first().map(String::as_str),
        Some("Mosjordet barnehage")
    );
    assert_eq!(names.last().map(String::as_str), Some("Øyer kommune"));
    // No author names in the document properties.
    let props = String::from_utf8_lossy(&{
        let mut z = zip::ZipArchive::new(Cursor::new(
            styring_xlsx::export::scorecard::scorecard_workbook_bytes(&m, &d, p, &opts)
                .unwrap()
                .0,
        ))
        .unwrap();
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name("docProps/core.xml").unwrap(), &mut s).unwrap();
        s
    })
    .to_string();
    assert!(
        !props.contains("<dc:creator>") || props.contains("<dc:creator></dc:creator>"),
        "{props}"
    );
}

#[test]
fn a_failed_export_keeps_the_previous_workbook() {
    let m = Model::example();
    let d = Complete::new(&m, example::sample_dataset(&m), None);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("styringskort.xlsx");
    std::fs::write(&p, b"previous").unwrap();
    // A path whose folder does not exist fails before anything is replaced.
    let bad = dir.path().join("mangler").join("styringskort.xlsx");
    let opts = styring_xlsx::ExportOptions {
        lang: Lang::Nb,
        today: chrono::NaiveDate::from_ymd_opt(2025, 9, 25).unwrap(),
        scorecard: Options::default(),
        extra: Vec::new(),
    };
    let e = styring_xlsx::write_scorecard_workbook(&m, &d, "2025-T2".parse().unwrap(), &bad, &opts)
        .unwrap_err();
    assert!(
        e.render(Lang::Nb).contains("mangler"),
        "{}",
        e.render(Lang::Nb)
    );
    assert_eq!(std::fs::read(&p).unwrap(), b"previous");
    styring_xlsx::write_scorecard_workbook(&m, &d, "2025-T2".parse().unwrap(), &p, &opts).unwrap();
    assert!(std::fs::read(&p).unwrap().starts_with(b"PK"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn any_report_renders_to_a_workbook_with_typed_cells() {
    let m = Model::example();
    let d = Complete::new(&m, example::sample_dataset(&m), None);
    let p: Period = "2025-T2".parse().unwrap();
    let card = Scorecard::build(
        &m,
        &d,
        &Scope::unit("aurvoll").unwrap(),
        p,
        &Options::default(),
    )
    .unwrap();
    let report = styring_core::report::scorecard_report(&m, &card, Lang::Nb);
    let bytes = styring_xlsx::export::report::report_workbook_bytes(&[report]).unwrap();
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = x.worksheet_range("Aurvoll skole").unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Styringskort — Aurvoll skole".into()))
    );
    // Columns: code, name, value, period, basis, target, status, trend,
    // reason, six history values and the sparkline, comment.
    let mut checked = 0;
    for row in card.rows() {
        let r = (0..range.height() as u32)
            .find(|r| range.get_value((*r, 0)) == Some(&Data::String(row.indicator.to_string())))
            .unwrap_or_else(|| panic!("{} missing", row.indicator));
        match row.value {
            Some(v) => assert_eq!(
                range.get_value((r, 2)),
                Some(&Data::Float(v)),
                "{}",
                row.indicator
            ),
            None => assert_eq!(range.get_value((r, 2)), Some(&Data::String("–".into()))),
        }
        let light = match row.status {
            // A value with no target has no light: an empty cell.
            Status::Unjudged => Data::Empty,
            s => Data::String(format!("{} {}", s.symbol(), s.word(Lang::Nb))),
        };
        assert_eq!(range.get_value((r, 6)), Some(&light), "{}", row.indicator);
        // The last history value is the one shown.
        if let Some(v) = row.history.last().and_then(|h| h.1) {
            assert_eq!(
                range.get_value((r, 14)),
                Some(&Data::Float(v)),
                "{}",
                row.indicator
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}
