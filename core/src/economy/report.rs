//! The economy as Reports: the budget statement of a plan with its balance,
//! the financial targets, and the economy table. Every renderer (workbook,
//! page, terminal, Python) shows them as it shows a scorecard.

use super::balance::check_plan;
use super::ledger::{EconomyRow, RowLevel};
use super::line::{Line, Part, PlanSection, Sum};
use super::plan::{KeyFigure, PlanVersion};
use super::statement::Statement;
use super::targets::{evaluate_targets, share_measure};
use crate::lang::Lang;
use crate::model::Model;
use crate::period::Period;
use crate::report::{Body, Cell, Column, Report, Section, Table, TableRow};
use crate::status::Status;
use crate::text::Localized;

fn money_row(label: &str, values: impl Iterator<Item = f64>) -> TableRow {
    let mut cells = vec![Cell::Text(label.to_string())];
    cells.extend(values.map(Cell::Money));
    TableRow::data(cells)
}

/// The plan's budget statement for operations (bevilgningsoversikt drift),
/// one column per year: the typed lines, the budget areas'
/// appropriations, the computed sums; then the units' frames, the balance
/// check in words, and the financial targets.
pub fn statement_report(model: &Model, plan: &PlanVersion, lang: Lang) -> Report {
    let years: Vec<i32> = plan.year_numbers().collect();
    let mut columns = vec![Column::new("line", lang.pick("Linje", "Line"))];
    columns.extend(
        years
            .iter()
            .map(|y| Column::new(&y.to_string(), &y.to_string())),
    );
    let st: Vec<Statement> = plan.years.iter().map(Statement::of).collect();
    let line = |l: Line| money_row(l.name(lang), plan.years.iter().map(move |y| y.line(l)));
    let lines_of = |p: Part| -> Vec<TableRow> {
        Line::ALL
            .iter()
            .filter(|l| l.part() == p && **l != Line::Avskrivninger)
            .filter(|l| plan.years.iter().any(|y| y.lines.contains_key(l)))
            .map(|l| line(*l))
            .collect()
    };
    let sum = |x: Sum| money_row(x.name(lang), st.iter().map(|s| x.of(s)));
    let mut rows = Vec::new();
    rows.push(TableRow::group(
        lang.pick("Generelle driftsinntekter", "General operating income"),
    ));
    rows.extend(lines_of(Part::GeneralIncome));
    rows.push(sum(Sum::GeneralIncome));
    rows.push(TableRow::group(lang.pick(
        "Bevilgninger til rammeområdene (netto)",
        "Net appropriations to the budget areas",
    )));
    for area in &model.economy().budget_areas {
        if plan.years.iter().any(|y| y.areas.contains_key(area)) {
            let name = model
                .unit(area.as_str())
                .map(|u| u.name.as_str())
                .unwrap_or(area.as_str());
            rows.push(money_row(
                name,
                plan.years
                    .iter()
                    .map(|y| y.areas.get(area).copied().unwrap_or(0.0)),
            ));
        }
    }
    rows.extend(lines_of(Part::NetExpenses));
    rows.push(sum(Sum::Appropriations));
    rows.push(line(Line::Avskrivninger));
    rows.push(sum(Sum::NetExpenses));
    rows.push(sum(Sum::GrossResult));
    rows.push(TableRow::group(
        lang.pick("Finansinntekter og finansutgifter", "Finance"),
    ));
    rows.extend(lines_of(Part::Finance));
    rows.push(sum(Sum::NetFinance));
    rows.push(line(Line::MotpostAvskrivninger));
    rows.push(sum(Sum::NetResult));
    rows.push(TableRow::group(lang.pick(
        "Disponering eller dekning av netto driftsresultat",
        "Disposition of the net operating result",
    )));
    rows.extend(lines_of(Part::Disposition));
    rows.push(sum(Sum::Dispositions));
    rows.push(sum(Sum::CarriedForward));
    let problems = check_plan(model, plan);
    let balance = if problems.is_empty() {
        lang.pick(
            "Alle fire år er i balanse, og enhetenes rammer summerer til rammeområdene.",
            "All four years balance, and the units' frames add up to their areas.",
        )
        .to_string()
    } else {
        problems.render(lang)
    };
    let mut frames = Vec::new();
    for area in &model.economy().budget_areas {
        let units: Vec<_> = model
            .service_units(&crate::unit::Scope::Unit(area.clone()))
            .into_iter()
            .filter(|u| plan.years.iter().any(|y| y.units.contains_key(&u.id)))
            .collect();
        if units.is_empty() {
            continue;
        }
        let name = model
            .unit(area.as_str())
            .map(|u| u.name.as_str())
            .unwrap_or(area.as_str());
        frames.push(TableRow::group(name));
        for u in units {
            frames.push(money_row(
                &u.name,
                plan.years
                    .iter()
                    .map(|y| y.units.get(&u.id).copied().unwrap_or(0.0)),
            ));
        }
    }
    let mut sections = vec![
        Section {
            title: PlanSection::Balance.title(lang).to_string(),
            status: Some(if problems.is_empty() {
                Status::Green
            } else {
                Status::Red
            }),
            body: Body::Paragraph(balance),
        },
        Section {
            title: lang
                .pick(
                    "Bevilgningsoversikt drift",
                    "Budget statement for operations",
                )
                .to_string(),
            status: None,
            body: Body::Table(Table {
                columns: columns.clone(),
                rows,
            }),
        },
    ];
    if !frames.is_empty() {
        sections.push(Section {
            title: lang
                .pick("Enhetenes rammer (netto)", "The units' net frames")
                .to_string(),
            status: None,
            body: Body::Table(Table {
                columns: columns.clone(),
                rows: frames,
            }),
        });
    }
    let figures: Vec<TableRow> = KeyFigure::ALL
        .iter()
        .filter(|k| plan.years.iter().any(|y| y.figures.contains_key(k)))
        .map(|k| {
            money_row(
                k.name(lang),
                plan.years
                    .iter()
                    .map(|y| y.figures.get(k).copied().unwrap_or(0.0)),
            )
        })
        .collect();
    if !figures.is_empty() {
        sections.push(Section {
            title: PlanSection::Figures.title(lang).to_string(),
            status: None,
            body: Body::Table(Table {
                columns,
                rows: figures,
            }),
        });
    }
    if let Some(t) = targets_section(model, plan, lang) {
        sections.push(t);
    }
    let first = Period::year_clamped(plan.first_year);
    Report {
        // A plan's title usually says it is one.
        title: if plan.title.to_lowercase().contains("plan") {
            plan.title.clone()
        } else {
            format!(
                "{} — {}",
                lang.pick("Økonomiplan", "Financial plan"),
                plan.title
            )
        },
        scope: model.municipality_name().to_string(),
        period: first,
        period_label: match (years.first(), years.last()) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        },
        subtitle: Some(plan.label(lang)),
        municipality: model.municipality_name().to_string(),
        lang,
        sections,
    }
}

fn targets_section(model: &Model, plan: &PlanVersion, lang: Lang) -> Option<Section> {
    let results = evaluate_targets(model, plan);
    if results.is_empty() {
        return None;
    }
    let columns = vec![
        Column::new("target", lang.pick("Måltall", "Target")),
        Column::new("year", lang.pick("År", "Year")),
        Column::new("value", lang.pick("Verdi", "Value")),
        Column::new("goal", lang.pick("Mål", "Goal")),
        Column::new("status", "Status"),
        Column::new("reason", lang.pick("Begrunnelse", "Reason")),
    ];
    let rows = results
        .iter()
        .map(|t| {
            TableRow::data(vec![
                Cell::Text(t.target.kind.name(lang).to_string()),
                Cell::Text(t.year.to_string()),
                Cell::Value {
                    value: t.share,
                    measure: share_measure(),
                    period: None,
                },
                Cell::Value {
                    value: Some(t.target.value),
                    measure: share_measure(),
                    period: None,
                },
                Cell::Status {
                    status: t.status,
                    reason: None,
                },
                Cell::Text(t.reason_text(lang)),
            ])
        })
        .collect();
    let worst = results
        .iter()
        .map(|t| t.status)
        .max_by_key(|s| severity(*s));
    Some(Section {
        title: lang
            .pick("Finansielle måltall", "Financial targets")
            .to_string(),
        status: worst,
        body: Body::Table(Table { columns, rows }),
    })
}

fn severity(s: Status) -> u8 {
    match s {
        Status::Green => 1,
        Status::NoData | Status::Unjudged => 0,
        Status::Yellow => 2,
        Status::Red => 3,
        Status::Error => 4,
    }
}

/// The financial targets alone, as a report.
pub fn targets_report(model: &Model, plan: &PlanVersion, lang: Lang) -> Report {
    let mut r = statement_report(model, plan, lang);
    r.title = format!(
        "{} — {}",
        lang.pick("Finansielle måltall", "Financial targets"),
        plan.title
    );
    r.sections
        .retain(|s| s.title == lang.pick("Finansielle måltall", "Financial targets"));
    r
}

/// The economy table as a report: per budget area its units, then the
/// area, then the municipality; frame, budget and accounts to date, the
/// deviation in kroner and per cent, both forecasts and the light.
pub fn economy_report(
    model: &Model,
    rows: &[EconomyRow],
    period: Period,
    plan: &PlanVersion,
    lang: Lang,
) -> Report {
    let keys: [(&str, &str, &str); 10] = [
        ("name", "Enhet", "Unit"),
        ("frame", "Årsramme", "Year's frame"),
        ("budget_to_date", "Budsjett hittil", "Budget to date"),
        ("accounts_to_date", "Regnskap hittil", "Accounts to date"),
        ("deviation", "Avvik", "Deviation"),
        ("deviation_pct", "Avvik %", "Deviation %"),
        (
            "forecast_mechanical",
            "Prognose, beregnet",
            "Forecast, computed",
        ),
        ("forecast_entered", "Prognose, meldt", "Forecast, entered"),
        ("status", "Status", "Status"),
        ("comment", "Kommentar", "Comment"),
    ];
    let columns = keys
        .iter()
        .map(|(k, nb, en)| Column::new(k, lang.pick(nb, en)))
        .collect();
    let mut table_rows = Vec::new();
    for r in rows {
        // An area that is a unit itself is no sum.
        let name = match r.level {
            RowLevel::Area if !model.is_sector(r.unit.as_str()) => r.name.clone(),
            RowLevel::Unit => r.name.clone(),
            RowLevel::Area | RowLevel::Municipality => {
                format!("{} {}", lang.pick("Sum", "Total"), r.name)
            }
        };
        let mut row = TableRow::data(vec![
            Cell::Text(name),
            Cell::Money(r.frame),
            Cell::Money(r.budget_to_date),
            Cell::Money(r.accounts_to_date),
            Cell::Money(r.deviation),
            match r.deviation_pct {
                Some(p) => Cell::Percent(p),
                None => Cell::Empty,
            },
            Cell::Money(r.forecast_mechanical),
            match r.forecast_entered {
                Some(v) => Cell::Money(v),
                None => Cell::Empty,
            },
            // The deviation in per cent beside it says why.
            Cell::Status {
                status: r.status,
                reason: None,
            },
            match &r.forecast_comment {
                Some(c) => Cell::Comment(c.clone()),
                None => Cell::Empty,
            },
        ]);
        if r.sign_suspect {
            row.note = Some(
                lang.pick(
                    "regnskapet har motsatt fortegn av budsjettet; er det importert med riktig --sign?",
                    "the accounts have the opposite sign of the budget; were they imported with the right --sign?",
                )
                .to_string(),
            );
        }
        table_rows.push(row);
    }
    let method = model.economy().forecast.describe(lang);
    Report {
        title: format!(
            "{} — {}",
            lang.pick("Økonomi", "Economy"),
            model.municipality_name()
        ),
        scope: model.municipality_name().to_string(),
        period,
        period_label: period.label(lang),
        subtitle: Some(format!(
            "{} · {}: {method} · {}",
            plan.label(lang),
            lang.pick("beregnet prognose", "computed forecast"),
            lang.pick(
                "beløp i kroner, utgifter positive; avvik = regnskap − budsjett",
                "kroner, expenses positive; deviation = accounts − budget"
            )
        )),
        municipality: model.municipality_name().to_string(),
        lang,
        sections: vec![Section {
            title: lang
                .pick(
                    "Avvik per enhet og rammeområde",
                    "Deviation per unit and budget area",
                )
                .to_string(),
            status: rows.last().map(|r| r.status),
            body: Body::Table(Table {
                columns,
                rows: table_rows,
            }),
        }],
    }
}

/// What a row of the comparison shows of one version's year.
type Pick<'a> = dyn Fn(Option<&super::plan::YearBudget>, Option<&Statement>) -> Option<f64> + 'a;

/// Versions side by side, one section per year: each budget area's
/// appropriation, the sums, what is carried forward and whether the year
/// balances, one column per version.
pub fn compare_report(model: &Model, versions: &[PlanVersion], lang: Lang) -> Report {
    let mut years: Vec<i32> = versions.iter().flat_map(|v| v.year_numbers()).collect();
    years.sort_unstable();
    years.dedup();
    let mut columns = vec![Column::new("line", lang.pick("Linje", "Line"))];
    columns.extend(versions.iter().map(|v| Column::new(&v.id, &v.title)));
    let sections = years
        .iter()
        .map(|&year| {
            let ys: Vec<Option<&super::plan::YearBudget>> =
                versions.iter().map(|v| v.year(year)).collect();
            let st: Vec<Option<Statement>> = ys.iter().map(|y| y.map(Statement::of)).collect();
            let money = |label: &str, f: &Pick<'_>| {
                let mut cells = vec![Cell::Text(label.to_string())];
                cells.extend(ys.iter().zip(&st).map(|(y, s)| match f(*y, s.as_ref()) {
                    Some(v) => Cell::Money(v),
                    None => Cell::Empty,
                }));
                TableRow::data(cells)
            };
            let mut rows = Vec::new();
            for area in &model.economy().budget_areas {
                let name = model
                    .unit(area.as_str())
                    .map(|u| u.name.as_str())
                    .unwrap_or(area.as_str());
                rows.push(money(name, &|y, _| {
                    y.map(|y| y.areas.get(area).copied().unwrap_or(0.0))
                }));
            }
            for s in [
                Sum::Appropriations,
                Sum::NetResult,
                Sum::Dispositions,
                Sum::CarriedForward,
            ] {
                rows.push(money(s.name(lang), &|_, st| st.map(|x| s.of(x))));
            }
            let mut balance = vec![Cell::Text(lang.pick("I balanse", "Balanced").to_string())];
            balance.extend(st.iter().map(|s| match s {
                Some(s) => Cell::Status {
                    status: if s.balances() {
                        Status::Green
                    } else {
                        Status::Red
                    },
                    reason: None,
                },
                None => Cell::Empty,
            }));
            rows.push(TableRow::data(balance));
            Section {
                title: year.to_string(),
                status: None,
                body: Body::Table(Table {
                    columns: columns.clone(),
                    rows,
                }),
            }
        })
        .collect();
    Report {
        title: format!(
            "{} — {}",
            lang.pick("Sammenligning av budsjetter", "Budgets compared"),
            model.municipality_name()
        ),
        scope: model.municipality_name().to_string(),
        period: Period::year_clamped(years.first().copied().unwrap_or(2000)),
        period_label: match (years.first(), years.last()) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        },
        subtitle: Some(
            versions
                .iter()
                .map(|v| v.label(lang))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
        municipality: model.municipality_name().to_string(),
        lang,
        sections,
    }
}
