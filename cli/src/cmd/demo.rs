//! `demo`: the Øyer kommune example, written to a folder the way a
//! municipality would have it — the model, each unit's workbook for 2025
//! imported through the real import path, the store and the scorecard
//! workbook.

use super::{today, Context};
use crate::error::CliError;
use crate::table;
use std::path::{Path, PathBuf};
use styring::styring_core::economy::Sign;
use styring::styring_core::{example, Error};
use styring::styring_xlsx::import::ImportOptions;
use styring::{AsOf, CardOptions, Engine, Lang, Period, Scope, Store, Workspace};

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// The economy through the real import paths: each plan version written as
/// the finance department's workbook and read back in, the accounting
/// system's export for each year read in, and one entered forecast.
fn economy(
    ws: &mut Workspace,
    out: &Path,
    model: &styring::styring_core::Model,
) -> Result<(), CliError> {
    let dir = out.join("okonomi");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    for v in example::plan_versions(model) {
        let path = dir.join(format!("{}.xlsx", v.id));
        styring::styring_xlsx::export::budget::write_budget_workbook(model, &v, &path, Lang::Nb)?;
        ws.import_budget(&path, false)?;
    }
    let lines = example::account_lines(model);
    let mut paths = Vec::new();
    for year in [2023, 2024, 2025] {
        let of_year: Vec<_> = lines
            .iter()
            .filter(|l| l.month.year_number() == year)
            .cloned()
            .collect();
        let path = dir.join(format!("regnskap-{year}.xlsx"));
        styring::styring_xlsx::export::accounts::write_accounts_workbook(
            &of_year,
            Sign::ExpensesPositive,
            &path,
        )?;
        paths.push(path);
    }
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    ws.import_accounts(&refs, None, false)?;
    ws.set_forecast(
        "institusjon",
        super::period("2025-T2")?,
        2_400_000.0,
        "Økt bemanning på skjermet avdeling; tiltak fra oktober tar ned 1 mill.",
    )?;
    Ok(())
}

/// The deviation register through the real import path: the year's
/// deviations written as the quality system's export and read back in,
/// and two measures on the first high-risk one.
fn registers(
    ws: &mut Workspace,
    out: &Path,
    model: &styring::styring_core::Model,
) -> Result<(), CliError> {
    let dir = out.join("avvik");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let all = example::sample_deviations(model);
    let path = dir.join("kvalitetssystem-2025.xlsx");
    styring::styring_xlsx::export::deviations::write_deviations_workbook(
        model,
        &all,
        Lang::Nb,
        &path,
    )?;
    ws.import_deviations(&[path.as_path()], false)?;
    let matrix = model.deviations().matrix;
    if let Some(d) = all.iter().find(|d| {
        matrix.level(d.report.risk) == styring::styring_core::register::RiskLevel::Hoy
            && d.closed_at().is_some()
    }) {
        let store = ws.store_mut();
        let at = d.history.steps().get(1).map_or(d.registered(), |s| s.at);
        let owner = styring::styring_core::actor::Actor::new(&format!("leder.{}", d.report.unit))
            .unwrap_or_else(|_| store.actor().clone());
        store.add_deviation_measure(&d.id, "Gå gjennom rutinen med alle ansatte", &owner, at)?;
        store.add_deviation_measure(
            &d.id,
            "Følg opp om rutinen virker etter tre måneder",
            &owner,
            at,
        )?;
    }
    Ok(())
}

/// Two whistleblowing cases: an employee's, with a sealed identity, under
/// investigation; a citizen's, anonymous, acknowledged late.
fn whistleblowing(ws: &mut Workspace) -> Result<(), CliError> {
    use styring::styring_core::register::{CaseState, Channel};
    use styring::whistleblowing::{CaseInput, Identity};
    let at = |s: &str| super::deviation::time(Some(s), "demo");
    let a = ws.add_case(
        CaseInput {
            id: None,
            channel: Channel::Employee,
            unit: Some("institusjon".into()),
            subject: "Arbeidsmiljø".into(),
            description: "Gjentatt utskjelling av ansatte på nattevakt".into(),
            handler: Some("personalsjef".into()),
            reporter: Some(Identity::new(
                "Eksempel Ansatt",
                Some("eksempel.ansatt@oyer.kommune.no"),
            )),
        },
        at("2025-09-08T09:30:00Z")?,
    )?;
    let store = ws.store_mut();
    store.move_case(
        &a.id,
        CaseState::Bekreftet,
        at("2025-09-10T08:00:00Z")?,
        None,
    )?;
    store.move_case(
        &a.id,
        CaseState::UnderUndersokelse,
        at("2025-09-15T08:00:00Z")?,
        None,
    )?;
    let b = ws.add_case(
        CaseInput {
            id: None,
            channel: Channel::Citizen,
            unit: Some("tekniske".into()),
            subject: "Anskaffelser".into(),
            description: "Oppdrag gitt til samme firma uten konkurranse".into(),
            handler: Some("kommunalsjef".into()),
            reporter: None,
        },
        at("2025-10-20T19:00:00Z")?,
    )?;
    ws.store_mut().move_case(
        &b.id,
        CaseState::Bekreftet,
        at("2025-10-31T08:00:00Z")?,
        None,
    )?;
    Ok(())
}

/// One benefit plan through the real import path: written as the
/// project's workbook in `gevinster/`, read in, and the values realised so
/// far recorded.
fn benefits(ws: &mut Workspace, out: &Path) -> Result<(), CliError> {
    let Some((plan, realised)) = example::sample_benefit_plan() else {
        return Ok(());
    };
    let dir = out.join("gevinster");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = dir.join("digitalt-tilsyn.xlsx");
    styring::styring_xlsx::export::benefits::write_benefit_plan_workbook(&plan, &path)?;
    ws.import_benefit_plan(&path, false)?;
    for (benefit, period, value) in realised {
        ws.store_mut()
            .record_benefit_value(&plan.id, benefit, super::period(period)?, value)?;
    }
    Ok(())
}

/// The KOSTRA table through the real import path: written in SSB's shape
/// to `kostra/` (example data, labelled so), read in.
fn kostra(ws: &mut Workspace, out: &Path) -> Result<(), CliError> {
    let dir = out.join("kostra");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let path = dir.join("12134-eksempeldata.json");
    styring::styring_core::fsutil::write_atomic(&path, example::sample_kostra_table().as_bytes())
        .map_err(io(&path))?;
    let (model, store) = ws.parts_mut();
    styring::kostra::import_tables(
        model,
        store,
        &[path.as_path()],
        None,
        styring::styring_kostra::Encoding::Auto,
        false,
    )?;
    Ok(())
}

pub fn run(out: &Path, cx: &Context) -> Result<(), CliError> {
    let lang = cx.lang;
    std::fs::create_dir_all(out).map_err(io(out))?;
    let engine = Engine::example()?;
    let model = engine.model();
    let model_path = out.join("model.toml");
    // The receiver's example key beside the model, its public half in it.
    let keys = styring::whistleblowing::keygen();
    let key_path = out.join("varsling-eksempelnokkel.key");
    styring::styring_core::fsutil::write_atomic(&key_path, keys.secret_file().as_bytes())
        .map_err(io(&key_path))?;
    model
        .clone()
        .with_recipient(keys.public())
        .map_err(|t| CliError::usage(t.nb, t.en))?
        .save(&model_path)?;
    // Build the store beside its final place and move it in whole.
    let store_path = out.join("store.sqlite");
    let tmp = out.join(".store.sqlite.new");
    for p in [
        tmp.clone(),
        tmp.with_extension("new-wal"),
        tmp.with_extension("new-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    // History up to 2024 as it arrived; 2025 through the units' workbooks.
    let sample = engine.complete(example::sample_dataset(model));
    let inbox = out.join("innsending");
    std::fs::create_dir_all(&inbox).map_err(io(&inbox))?;
    let mut books: Vec<PathBuf> = Vec::new();
    for u in model.service_units(&Scope::Municipality) {
        let path = inbox.join(format!("{}.xlsx", u.id));
        engine.template(Some(&sample), u.id.as_str(), 2025, &path)?;
        books.push(path);
    }
    let n = {
        let mut ws = Workspace::open(&model_path, &tmp, &cx.store, true)?;
        // The economy first: the history below locks 2023 and 2024.
        economy(&mut ws, out, model)?;
        registers(&mut ws, out, model)?;
        whistleblowing(&mut ws)?;
        benefits(&mut ws, out)?;
        kostra(&mut ws, out)?;
        let mut n = example::populate_store_until(ws.store_mut(), model, 2024)?;
        let refs: Vec<&Path> = books.iter().map(|p| p.as_path()).collect();
        let store = ws.store_mut();
        let reports = engine.import(store, &refs, &ImportOptions::default())?;
        n += reports
            .iter()
            .map(|r| r.summary.new + r.summary.changed)
            .sum::<usize>();
        for t in ["2025-T1", "2025-T2"] {
            let p: Period = super::period(t)?;
            ws.store_mut().lock(p, "rapportert til kommunestyret")?;
        }
        n
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store_path.display()));
    }
    std::fs::rename(&tmp, &store_path).map_err(io(&store_path))?;
    let store = Store::open_with(&store_path, &cx.store)?;
    let data = engine.data(&store, &AsOf::Now)?;
    let p = super::period("2025-T2")?;
    let card = engine.scorecard(&data, &Scope::Municipality, p, &CardOptions::default())?;
    let book = out.join("styringskort.xlsx");
    let extra = styring::kostra::workbook_section(engine.model(), &store, p, lang)?
        .into_iter()
        .collect();
    engine.export_xlsx_with(&data, p, &book, lang, today(), extra)?;
    match lang {
        Lang::Nb => say!(
            "Skrev {}, {}/ (enhetenes arbeidsbøker for 2025, lest inn), {}/ (kvalitetssystemets avvik for 2025, lest inn), {} ({n} verdier, 2023–2025) og {}.",
            model_path.display(),
            inbox.display(),
            out.join("avvik").display(),
            store_path.display(),
            book.display()
        ),
        Lang::En => say!(
            "Wrote {}, {}/ (the units' workbooks for 2025, imported), {}/ (the quality system's deviations for 2025, imported), {} ({n} values, 2023–2025) and {}.",
            model_path.display(),
            inbox.display(),
            out.join("avvik").display(),
            store_path.display(),
            book.display()
        ),
    }
    say!();
    let label = p.label(lang);
    say!("{} — status for {label}:", model.municipality_name());
    say_raw!("{}", table::counts(&card, lang, table::use_colour()));
    say!();
    let dir = out.display();
    say!(
        "{}\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit aurvoll --period 2025-T2\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit all --period 2025-T2\n  styring overview  --model {dir}/model.toml --store {dir}/store.sqlite --period 2025-T2\n  styring kostra compare --model {dir}/model.toml --store {dir}/store.sqlite --year 2024",
        lang.pick("Neste steg:", "Next:")
    );
    Ok(())
}
