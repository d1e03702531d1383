//! The subcommands: each parses its arguments, calls the core, prints.

use crate::table;
use crate::{Cli, Command, Files, Format, StoreCommand};
use chrono::{NaiveDate, TimeZone, Utc};
use std::path::Path;
use styring_core::deadline::{late_values, DEFAULT_GRACE_DAYS};
use styring_core::observation::Dataset;
use styring_core::scorecard::{goal_statuses, Options, Overview, Scorecard};
use styring_core::store::Store;
use styring_core::unit::Scope;
use styring_core::{example, Error, Lang, Model, Period};

/// An error and its exit code.
pub enum CliError {
    /// Problems in the input (exit 1).
    Input(Error),
    /// A wrong argument (exit 2).
    Usage { nb: String, en: String },
    /// Problems reading or writing workbooks (exit 1).
    Xlsx(styring_xlsx::XlsxError),
    /// A script rule that cannot be loaded (exit 1).
    Script(styring_scripts::ScriptError),
    /// Something the input made fail, already explained (exit 1).
    Failed { nb: String, en: String },
}

impl CliError {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            CliError::Input(e) => e.render(lang),
            CliError::Usage { nb, en } | CliError::Failed { nb, en } => {
                lang.pick(nb, en).to_string()
            }
            CliError::Xlsx(e) => e.render(lang),
            CliError::Script(e) => match lang {
                Lang::Nb => e.message_nb(),
                Lang::En => e.to_string(),
            },
        }
    }

    pub fn code(&self) -> u8 {
        match self {
            CliError::Input(_)
            | CliError::Xlsx(_)
            | CliError::Script(_)
            | CliError::Failed { .. } => 1,
            CliError::Usage { .. } => 2,
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Input(e)
    }
}

fn period(text: &str) -> Result<Period, CliError> {
    text.parse()
        .map_err(|e: styring_core::period::PeriodError| CliError::Usage {
            nb: e.message_nb(),
            en: e.to_string(),
        })
}

fn date(text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CliError::Usage {
        nb: format!("«{text}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"),
        en: format!("\"{text}\" is not a date (write YYYY-MM-DD)"),
    })
}

fn scope(model: &Model, text: &str) -> Result<Scope, CliError> {
    let s = Scope::parse(text).map_err(|e| CliError::Usage {
        nb: e.message_nb(),
        en: e.to_string(),
    })?;
    model.check_scope(&s).map_err(|e| CliError::Usage {
        nb: e.render(Lang::Nb),
        en: e.render(Lang::En),
    })?;
    Ok(s)
}

fn open_store(path: &Path) -> Result<Store, CliError> {
    if !path.exists() {
        return Err(CliError::Input(Error::Store {
            path: path.display().to_string(),
            message: "the file does not exist (run `styring demo` or import data first)".into(),
        }));
    }
    Ok(Store::open(path)?)
}

fn load(files: &Files) -> Result<(Model, Store), CliError> {
    let model = Model::load(&files.model)?;
    let store = open_store(&files.store)?;
    Ok((model, store))
}

/// The model's script rules, compiled (a syntax error stops here).
fn scripts(model: &Model) -> Result<styring_scripts::ScriptRules, CliError> {
    styring_scripts::ScriptRules::for_model(model).map_err(CliError::Script)
}

/// The model's scripts, compiled, and `data` completed with the values of
/// its computed indicators.
fn with_scripts(
    model: &Model,
    mut data: Dataset,
) -> Result<(Dataset, styring_scripts::ScriptRules), CliError> {
    let rules = scripts(model)?;
    rules.compute(model, &mut data);
    Ok((data, rules))
}

fn number(text: &str) -> Result<f64, CliError> {
    styring_core::lang::parse_number(text).ok_or_else(|| CliError::Usage {
        nb: format!("«{text}» er ikke et tall"),
        en: format!("\"{text}\" is not a number"),
    })
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let lang = cli.lang;
    match cli.command {
        Command::Demo { out } => demo(&out, lang),
        Command::Check { model } => check(&model, lang),
        Command::Scorecard {
            files,
            unit,
            period: p,
            format,
            history,
            as_of,
            as_reported,
        } => {
            let (model, store) = load(&files)?;
            let p = period(&p)?;
            let s = scope(&model, &unit)?;
            let data: Dataset = match (as_of, as_reported) {
                (Some(d), _) => {
                    let d = date(&d)?;
                    let at = Utc.from_utc_datetime(&d.and_hms_opt(23, 59, 59).expect("valid"));
                    store.dataset_as_of(&model, at)?
                }
                (None, Some(r)) => store.dataset_as_reported(&model, period(&r)?)?,
                (None, None) => store.dataset(&model)?,
            };
            let (data, rules) = with_scripts(&model, data)?;
            let opts = Options {
                history: history.clamp(1, 60),
                today: Some(today()),
                custom: Some(&rules),
                ..Options::default()
            };
            let card = Scorecard::build(&model, &data, &s, p, &opts)?;
            let text = match format {
                Format::Table => table::scorecard(&card, lang, table::use_colour()),
                Format::Json => table::scorecard_json(&card, lang),
                Format::Csv => table::scorecard_csv(&card, lang),
            };
            say_raw!("{text}");
            Ok(())
        }
        Command::Overview { files, period: p } => {
            let (model, store) = load(&files)?;
            let p = period(&p)?;
            let (data, rules) = with_scripts(&model, store.dataset(&model)?)?;
            let opts = Options {
                custom: Some(&rules),
                ..Options::default()
            };
            let o = Overview::build(&model, &data, p, &opts);
            say_raw!("{}", table::overview(&model, &o, lang, table::use_colour()));
            Ok(())
        }
        Command::Goals { files, period: p } => {
            let (model, store) = load(&files)?;
            let p = period(&p)?;
            let (data, rules) = with_scripts(&model, store.dataset(&model)?)?;
            let opts = Options {
                custom: Some(&rules),
                ..Options::default()
            };
            let goals = goal_statuses(&model, &data, p, &opts);
            say_raw!("{}", table::goals(&goals, p, lang, table::use_colour()));
            Ok(())
        }
        Command::Export {
            files,
            period: p,
            out,
        } => {
            let (model, store) = load(&files)?;
            let p = period(&p)?;
            let (data, rules) = with_scripts(&model, store.dataset(&model)?)?;
            let summary = export(&model, &data, &rules, p, &out, lang)?;
            say!(
                "{} {} ({} {}).",
                lang.pick("Skrev", "Wrote"),
                out.display(),
                summary.sheets.len(),
                lang.pick("ark", "sheets")
            );
            Ok(())
        }
        Command::Template {
            files,
            unit,
            all,
            year,
            out,
            out_dir,
        } => {
            let model = Model::load(&files.model)?;
            if !(1900..=2200).contains(&year) {
                return Err(CliError::Usage {
                    nb: format!("året {year} er utenfor 1900–2200"),
                    en: format!("year {year} is outside 1900–2200"),
                });
            }
            let data = if files.store.exists() {
                Some(Store::open(&files.store)?.dataset(&model)?)
            } else {
                None
            };
            let units: Vec<String> = if all {
                model
                    .service_units(&Scope::Municipality)
                    .iter()
                    .map(|u| u.id.to_string())
                    .collect()
            } else {
                vec![unit.clone().unwrap_or_default()]
            };
            for u in &units {
                let path = match (&out, &out_dir) {
                    (Some(p), _) if !all => p.clone(),
                    (_, Some(d)) => {
                        std::fs::create_dir_all(d).map_err(|e| Error::Io {
                            path: d.display().to_string(),
                            source: e,
                        })?;
                        d.join(format!("{u}.xlsx"))
                    }
                    _ => unreachable!("clap requires --out or --out-dir"),
                };
                let rows = styring_xlsx::write_template(&model, data.as_ref(), u, year, &path)
                    .map_err(CliError::Xlsx)?;
                say!(
                    "{} {} ({rows} {})",
                    lang.pick("Skrev", "Wrote"),
                    path.display(),
                    lang.pick("indikatorer", "indicators")
                );
            }
            Ok(())
        }
        Command::Import {
            files,
            paths,
            dry_run,
            unit,
            limits,
        } => {
            let model = Model::load(&files.model)?;
            let opts = styring_xlsx::ImportOptions {
                limits: limits.limits(),
                expected_unit: unit,
            };
            let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
            // Read and check every file before the store is opened, so a
            // failed import leaves the store file exactly as it was.
            let (files_read, batch) = styring_xlsx::import::read_and_validate(&model, &refs, &opts)
                .map_err(CliError::Xlsx)?;
            let reports = if dry_run {
                styring_xlsx::import::reports(&files_read)
            } else {
                let mut store = Store::open(&files.store)?;
                styring_xlsx::import::write_checked(&model, &mut store, &files_read, &batch)
                    .map_err(CliError::Xlsx)?
            };
            for r in &reports {
                say!("{}", import_line(&model, r, dry_run, lang));
            }
            if dry_run {
                say!(
                    "{}",
                    lang.pick(
                        "Kontrollert uten feil; ingenting ble lagret (--dry-run).",
                        "Checked without problems; nothing was stored (--dry-run)."
                    )
                );
            }
            Ok(())
        }
        Command::BenchModel {
            units,
            indicators,
            out,
        } => {
            let (model, _) =
                example::scaled(units.clamp(1, 100_000), indicators.clamp(1, 10_000), 0);
            model.save(&out)?;
            say!("{} {}", lang.pick("Skrev", "Wrote"), out.display());
            Ok(())
        }
        Command::BenchExport { cells, out } => {
            // An overview of `cells` coloured values: units × 200 indicators.
            let indicators = 200;
            let units = cells.div_ceil(indicators).clamp(1, 1_000_000);
            let (model, _) = example::scaled(units, indicators, 0);
            let mut rng = example::Rng::new(11);
            let statuses = [
                styring_core::Status::Green,
                styring_core::Status::Yellow,
                styring_core::Status::Red,
                styring_core::Status::NoData,
            ];
            let overview = styring_core::scorecard::Overview {
                period: "2025-T2".parse().expect("valid"),
                units: model
                    .service_units(&Scope::Municipality)
                    .iter()
                    .map(|u| (Scope::Unit(u.id.clone()), u.name.clone()))
                    .collect(),
                indicators: model
                    .indicators()
                    .iter()
                    .map(|i| {
                        (
                            i.code.clone(),
                            i.name.clone(),
                            model.perspective_of(i).id.clone(),
                        )
                    })
                    .collect(),
                cells: (0..units)
                    .map(|_| {
                        (0..indicators)
                            .map(|_| {
                                let s = statuses[(rng.next_u64() % 4) as usize];
                                Some(styring_core::scorecard::OverviewCell {
                                    value: (s != styring_core::Status::NoData)
                                        .then(|| 0.03 + 0.04 * rng.unit()),
                                    status: s,
                                })
                            })
                            .collect()
                    })
                    .collect(),
                counts: vec![Default::default(); units],
            };
            styring_xlsx::export::scorecard::write_overview_workbook(
                &model,
                &overview,
                &out,
                lang,
                today(),
            )
            .map_err(CliError::Xlsx)?;
            say!(
                "{} {} ({} {})",
                lang.pick("Skrev", "Wrote"),
                out.display(),
                units * indicators,
                lang.pick("celler", "cells")
            );
            Ok(())
        }
        Command::Store(cmd) => store_command(cmd, lang),
        Command::Rule(crate::RuleCommand::Test {
            model,
            indicator,
            value,
            target,
            previous,
            unit,
            period: p,
        }) => {
            let model = Model::load(&model)?;
            let rules = scripts(&model)?;
            let ind = model.indicator(&indicator).ok_or_else(|| {
                CliError::Input(Error::UnknownIndicator {
                    code: indicator.clone(),
                    suggestion: styring_core::problem::suggest(
                        &indicator,
                        model.indicators().iter().map(|i| i.code.as_str()),
                    ),
                })
            })?;
            let p = period(&p)?;
            let u = match &unit {
                Some(u) => {
                    let s = scope(&model, u)?;
                    match s {
                        Scope::Unit(id) => model.unit(id.as_str()),
                        Scope::Municipality => None,
                    }
                }
                None => None,
            };
            let target = match target {
                Some(t) => Some(styring_core::target::TargetValue::Value(number(&t)?)),
                None => model
                    .targets()
                    .find(&ind.code, u.map(|u| &u.id), p)
                    .map(|t| t.value),
            };
            let value = Some(number(&value)?);
            let previous = previous.map(|x| number(&x)).transpose()?;
            let input = styring_core::rule::RuleInput {
                indicator: ind,
                unit: u,
                period: p,
                value,
                target,
                previous,
                history: &[],
            };
            let (evaluation, log) = rules.evaluate_logged(&ind.rule, &input);
            say!(
                "{} {}: {}",
                evaluation.status.symbol(),
                evaluation.status.word(lang),
                evaluation.reason.render(lang, &ind.measure, p)
            );
            for l in log {
                say!("  log: {l}");
            }
            if evaluation.status == styring_core::Status::Error {
                return Err(CliError::Failed {
                    nb: "regelen feilet".into(),
                    en: "the rule failed".into(),
                });
            }
            Ok(())
        }
    }
}

fn import_line(
    model: &Model,
    r: &styring_xlsx::import::FileReport,
    dry_run: bool,
    lang: Lang,
) -> String {
    let shape = match &r.shape {
        styring_xlsx::import::Shape::Template { unit, year } => {
            let name = model.unit(unit).map(|u| u.name.as_str()).unwrap_or(unit);
            format!("{} {name} {year}", lang.pick("mal for", "template for"))
        }
        styring_xlsx::import::Shape::LongTable { tables } => {
            format!("{tables} {}", lang.pick("tabell(er)", "table(s)"))
        }
    };
    if dry_run {
        format!(
            "{}: {shape} — {} {}",
            r.file,
            r.values,
            lang.pick("verdier", "values")
        )
    } else {
        let s = r.summary;
        match lang {
            Lang::Nb => format!(
                "{}: {shape} — {} verdier: {} nye, {} endret, {} uendret",
                r.file, r.values, s.new, s.changed, s.unchanged
            ),
            Lang::En => format!(
                "{}: {shape} — {} values: {} new, {} changed, {} unchanged",
                r.file, r.values, s.new, s.changed, s.unchanged
            ),
        }
    }
}

fn export(
    model: &Model,
    data: &Dataset,
    rules: &styring_scripts::ScriptRules,
    p: Period,
    out: &Path,
    lang: Lang,
) -> Result<styring_xlsx::ExportSummary, CliError> {
    let opts = styring_xlsx::ExportOptions {
        lang,
        today: today(),
        scorecard: Options {
            today: Some(today()),
            custom: Some(rules),
            ..Options::default()
        },
    };
    styring_xlsx::write_scorecard_workbook(model, data, p, out, &opts).map_err(CliError::Xlsx)
}

fn demo(out: &Path, lang: Lang) -> Result<(), CliError> {
    std::fs::create_dir_all(out).map_err(|e| Error::Io {
        path: out.display().to_string(),
        source: e,
    })?;
    let model = Model::example();
    let model_path = out.join("model.toml");
    model.save(&model_path)?;
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
    let sample = example::sample_dataset(&model);
    let inbox = out.join("innsending");
    std::fs::create_dir_all(&inbox).map_err(|e| Error::Io {
        path: inbox.display().to_string(),
        source: e,
    })?;
    let mut books = Vec::new();
    for u in model.service_units(&Scope::Municipality) {
        let path = inbox.join(format!("{}.xlsx", u.id));
        styring_xlsx::write_template(&model, Some(&sample), u.id.as_str(), 2025, &path)
            .map_err(CliError::Xlsx)?;
        books.push(path);
    }
    let n = {
        let mut store = Store::open(&tmp)?;
        let mut n = example::populate_store_until(&mut store, &model, 2024)?;
        let refs: Vec<&Path> = books.iter().map(|p| p.as_path()).collect();
        let reports = styring_xlsx::import_files(
            &model,
            &mut store,
            &refs,
            &styring_xlsx::ImportOptions::default(),
            false,
        )
        .map_err(CliError::Xlsx)?;
        n += reports
            .iter()
            .map(|r| r.summary.new + r.summary.changed)
            .sum::<usize>();
        for t in ["2025-T1", "2025-T2"] {
            store.lock(t.parse().expect("valid"), "rapportert til kommunestyret")?;
        }
        n
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store_path.display()));
    }
    std::fs::rename(&tmp, &store_path).map_err(|e| Error::Io {
        path: store_path.display().to_string(),
        source: e,
    })?;
    let store = Store::open(&store_path)?;
    let (data, rules) = with_scripts(&model, store.dataset(&model)?)?;
    let p: Period = "2025-T2".parse().expect("valid");
    let opts = Options {
        custom: Some(&rules),
        ..Options::default()
    };
    let card = Scorecard::build(&model, &data, &Scope::Municipality, p, &opts)?;
    let book = out.join("styringskort.xlsx");
    export(&model, &data, &rules, p, &book, lang)?;
    match lang {
        Lang::Nb => {
            say!(
                "Skrev {}, {}/ (enhetenes arbeidsbøker for 2025, lest inn), {} ({n} verdier, 2023–2025) og {}.",
                model_path.display(),
                inbox.display(),
                store_path.display(),
                book.display()
            );
            say!();
            say!(
                "{} — status for {}:",
                model.municipality_name(),
                p.label_nb()
            );
        }
        Lang::En => {
            say!(
                "Wrote {}, {}/ (the units' workbooks for 2025, imported), {} ({n} values, 2023–2025) and {}.",
                model_path.display(),
                inbox.display(),
                store_path.display(),
                book.display()
            );
            say!();
            say!(
                "{} — status for {}:",
                model.municipality_name(),
                p.label_en()
            );
        }
    }
    say_raw!("{}", table::counts(&card, lang, table::use_colour()));
    say!();
    let dir = out.display();
    match lang {
        Lang::Nb => say!(
            "Neste steg:\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit aurvoll --period 2025-T2\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit all --period 2025-T2\n  styring overview  --model {dir}/model.toml --store {dir}/store.sqlite --period 2025-T2"
        ),
        Lang::En => say!(
            "Next:\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit aurvoll --period 2025-T2\n  styring scorecard --model {dir}/model.toml --store {dir}/store.sqlite --unit all --period 2025-T2\n  styring overview  --model {dir}/model.toml --store {dir}/store.sqlite --period 2025-T2"
        ),
    }
    Ok(())
}

fn check(path: &Path, lang: Lang) -> Result<(), CliError> {
    let model = Model::load(path)?;
    scripts(&model)?;
    let advice = model.check();
    match lang {
        Lang::Nb => say!(
            "{}: gyldig modell — {} perspektiver, {} fokusområder, {} enheter, {} indikatorer, {} målverdier, {} mål i målhierarkiet.",
            path.display(),
            model.perspectives().len(),
            model.focus_areas().len(),
            model.units().len(),
            model.indicators().len(),
            model.targets().all().len(),
            model.goals().len()
        ),
        Lang::En => say!(
            "{}: valid model — {} perspectives, {} focus areas, {} units, {} indicators, {} targets, {} goals.",
            path.display(),
            model.perspectives().len(),
            model.focus_areas().len(),
            model.units().len(),
            model.indicators().len(),
            model.targets().all().len(),
            model.goals().len()
        ),
    }
    if !advice.is_empty() {
        say!(
            "{}",
            lang.pick("Merknader til målhierarkiet:", "Notes on the goal tree:")
        );
        for a in &advice {
            say!("  {}: {}", path.display(), a.render(lang));
        }
    }
    Ok(())
}

fn store_command(cmd: StoreCommand, lang: Lang) -> Result<(), CliError> {
    match cmd {
        StoreCommand::Export { files, out, .. } => {
            let store = open_store(&files.store)?;
            let json = store.export_json()?;
            match out {
                Some(p) => {
                    styring_core::fsutil::write_atomic(&p, json.as_bytes()).map_err(|e| {
                        Error::Io {
                            path: p.display().to_string(),
                            source: e,
                        }
                    })?;
                    eprintln!("{} {}", lang.pick("Skrev", "Wrote"), p.display());
                }
                None => say!("{json}"),
            }
            Ok(())
        }
        StoreCommand::Import { files, file, .. } => {
            let model = Model::load(&files.model)?;
            let text = std::fs::read_to_string(&file).map_err(|e| Error::Io {
                path: file.display().to_string(),
                source: e,
            })?;
            let mut store = Store::open(&files.store)?;
            let n = store.import_json(&model, &text, &file.display().to_string())?;
            say!(
                "{} {n} {}",
                lang.pick("Importerte", "Imported"),
                lang.pick("revisjoner.", "revisions.")
            );
            Ok(())
        }
        StoreCommand::Lock {
            files,
            period: p,
            reason,
        } => {
            let mut store = open_store(&files.store)?;
            let p = period(&p)?;
            store.lock(p, &reason)?;
            say!("{} {p}.", lang.pick("Låste", "Locked"));
            Ok(())
        }
        StoreCommand::Reopen {
            files,
            period: p,
            reason,
        } => {
            let mut store = open_store(&files.store)?;
            let p = period(&p)?;
            store.reopen(p, &reason)?;
            say!("{} {p}.", lang.pick("Gjenåpnet", "Reopened"));
            Ok(())
        }
        StoreCommand::Locks { files } => {
            let store = open_store(&files.store)?;
            for l in store.locks()? {
                say!("{}\t{}\t{}", l.period, l.locked_at.date_naive(), l.reason);
            }
            Ok(())
        }
        StoreCommand::Late { files, today: t } => {
            let (model, store) = load(&files)?;
            let t = match t {
                Some(t) => date(&t)?,
                None => today(),
            };
            let data = store.dataset(&model)?;
            let late = late_values(&model, &data, t, DEFAULT_GRACE_DAYS);
            if late.is_empty() {
                say!(
                    "{}",
                    lang.pick("Ingen verdier er forsinket.", "No values are late.")
                );
            }
            for l in late {
                say!("{}", l.render(&model, lang));
            }
            Ok(())
        }
        StoreCommand::History {
            files,
            indicator,
            unit,
            period: p,
        } => {
            let (model, store) = load(&files)?;
            let p = period(&p)?;
            let ind = model
                .indicator(&indicator)
                .ok_or_else(|| Error::UnknownIndicator {
                    code: indicator.clone(),
                    suggestion: styring_core::problem::suggest(
                        &indicator,
                        model.indicators().iter().map(|i| i.code.as_str()),
                    ),
                })?;
            for r in store.revisions(&indicator, &unit, p)? {
                let v = r
                    .value
                    .map(|v| ind.measure.format(v, lang))
                    .unwrap_or_else(|| "–".into());
                let from = [r.file.clone(), r.sheet.clone(), r.cell.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                say!(
                    "{}\t{}\t{}\t{}\t{}",
                    r.recorded_at.format("%Y-%m-%dT%H:%M:%S"),
                    v,
                    r.source,
                    from,
                    r.comment.unwrap_or_default()
                );
            }
            Ok(())
        }
        StoreCommand::Corrections { files, since } => {
            let (model, store) = load(&files)?;
            let at = match since.parse::<Period>() {
                Ok(p) if since.len() != 10 => store.reported_instant(p)?,
                _ => Utc.from_utc_datetime(&date(&since)?.and_hms_opt(23, 59, 59).expect("valid")),
            };
            let list = store.corrections_since(at)?;
            if list.is_empty() {
                say!(
                    "{}",
                    lang.pick(
                        "Ingen verdier er rettet siden da.",
                        "No values were corrected since then."
                    )
                );
            }
            for c in list {
                let m = model.indicator(&c.indicator).map(|i| i.measure);
                let f = |v: Option<f64>| match (v, m) {
                    (Some(v), Some(m)) => m.format(v, lang),
                    (Some(v), None) => v.to_string(),
                    _ => "–".into(),
                };
                say!(
                    "{} {} {}: {} → {} ({})",
                    c.indicator,
                    c.unit,
                    c.period,
                    f(c.reported),
                    f(c.current),
                    c.corrected_at.date_naive()
                );
            }
            Ok(())
        }
    }
}
