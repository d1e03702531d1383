//! KOSTRA and SSB's statistics through the library: a saved table read
//! (JSON-stat or CSV), and its cells as records.

use crate::Error;
use std::path::Path;
use styring_core::kostra::Cube;
use styring_kostra::pxweb::{Client, ClientOptions, FetchError, Selection, ValueExpr};
use styring_kostra::{Encoding, Limits};

/// Reads a table SSB published, saved as JSON-stat 2.0 or CSV (which one
/// is told by its first character); `encoding` for a CSV file.
///
/// # Errors
/// [`Error::Kostra`] with every problem at its JSON path or line and
/// column, or when the file cannot be read.
pub fn read_table(path: &Path, encoding: Encoding) -> Result<Cube, Error> {
    Ok(styring_kostra::read_file(
        path,
        encoding,
        &Limits::default(),
    )?)
}

/// What reading one file of KOSTRA figures did.
#[derive(Debug, Clone, PartialEq)]
pub struct TableImport {
    /// The file.
    pub file: String,
    /// SSB's table.
    pub table: String,
    /// The figures found for the model's indicators.
    pub values: usize,
    /// Indicators reading this table whose contents the file lacks.
    pub skipped: styring_core::problem::Problems,
}

/// Reads the model's KOSTRA figures from each file (JSON-stat or CSV;
/// the table's number from the file or `table`) and, unless `dry_run`,
/// stores what is new or changed, all in one transaction. Nothing is
/// stored when any file has a problem.
///
/// # Errors
/// [`Error::Kostra`] with every problem of every file (one that cannot be
/// read, figures that do not fit the model); the store's errors.
pub fn import_tables(
    model: &styring_core::Model,
    store: &mut styring_core::store::Store,
    paths: &[&Path],
    table: Option<&str>,
    encoding: Encoding,
    dry_run: bool,
) -> Result<(Vec<TableImport>, styring_core::store::KostraTally), Error> {
    use styring_core::problem::{Location, ProblemKind, Problems};
    let mut problems = Problems::default();
    let mut batches = Vec::new();
    let mut done = Vec::new();
    for path in paths {
        let cube = read_table(path, encoding)?;
        let file = styring_xlsx::import::display_name(path);
        let Some(number) = table.map(str::to_string).or_else(|| cube.table.clone()) else {
            problems.add_kind(
                ProblemKind::Missing,
                Location::file(file.clone()),
                "filen sier ikke hvilken SSB-tabell den er fra; oppgi tabellnummeret med --table (som 12134)",
                "the file does not say which SSB table it is from; give the table number with --table (like 12134)",
            );
            continue;
        };
        match styring_core::kostra::figures(model, &cube, &number, &file) {
            Ok(f) => {
                done.push(TableImport {
                    file: file.clone(),
                    table: number.clone(),
                    values: f.values.len(),
                    skipped: f.skipped,
                });
                batches.push(styring_core::store::KostraBatch {
                    table: number,
                    source: file,
                    values: f.values,
                });
            }
            Err(p) => problems.0.extend(p.0),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Kostra(styring_kostra::KostraError::Read(problems)));
    }
    let tally = if dry_run {
        styring_core::store::KostraTally::default()
    } else {
        store.add_kostra_values(&batches)?
    };
    Ok((done, tally))
}

/// The municipality against its KOSTRA group, the country and the chosen
/// municipalities in `year`, for every KOSTRA indicator or only
/// `indicator`, from the figures in the store.
///
/// # Errors
/// An indicator the model has no KOSTRA source for (with «mente du»); the
/// store's errors.
pub fn comparison(
    model: &styring_core::Model,
    store: &styring_core::store::Store,
    year: i32,
    indicator: Option<&str>,
    lang: styring_core::Lang,
) -> Result<styring_core::report::Report, Error> {
    if let Some(code) = indicator {
        let known: Vec<&str> = model
            .indicators()
            .iter()
            .filter(|i| i.kostra.is_some())
            .map(|i| i.code.as_str())
            .collect();
        if !known.contains(&code) {
            use styring_core::problem::{Location, ProblemKind, Problems, Suggestion};
            let t =
                Suggestion::unknown_among(("KOSTRA-indikator", "KOSTRA indicator"), code, &known);
            let mut p = Problems::default();
            p.add_kind(
                ProblemKind::UnknownIndicator,
                Location::entry("--indicator"),
                t.nb,
                t.en,
            );
            return Err(Error::Kostra(styring_kostra::KostraError::Read(p)));
        }
    }
    let values: Vec<styring_core::kostra::KostraValue> = store
        .kostra_values()?
        .into_iter()
        .map(|s| s.value)
        .collect();
    Ok(styring_core::kostra::comparison(
        model, &values, year, indicator, lang,
    ))
}

/// The KOSTRA section of the scorecard workbook for `period`: the
/// comparison in the latest year up to the period's with the
/// municipality's figures, titled «KOSTRA 2024»; none when the store has
/// no such figures.
///
/// # Errors
/// The store's errors.
pub fn workbook_section(
    model: &styring_core::Model,
    store: &styring_core::store::Store,
    period: styring_core::Period,
    lang: styring_core::Lang,
) -> Result<Option<styring_core::report::Report>, Error> {
    if !model.indicators().iter().any(|i| i.kostra.is_some()) {
        return Ok(None);
    }
    let values: Vec<styring_core::kostra::KostraValue> = store
        .kostra_values()?
        .into_iter()
        .map(|s| s.value)
        .collect();
    let Some(year) = styring_core::kostra::latest_year(model, &values, period.year_number()) else {
        return Ok(None);
    };
    let mut r = styring_core::kostra::comparison(model, &values, year, None, lang);
    r.title = format!("KOSTRA {year}");
    Ok(Some(r))
}

/// What to fetch from PxWebApi; what is not given follows from the
/// model ([`styring_core::kostra::wanted`]).
#[derive(Debug, Clone, Default)]
pub struct FetchRequest {
    /// SSB's tables (every table the model's indicators read when empty).
    pub tables: Vec<String>,
    /// The regions (the model's own, group, country and chosen ones when
    /// none).
    pub regions: Option<Vec<ValueExpr>>,
    /// The years (every year when none).
    pub years: Option<Vec<ValueExpr>>,
    /// The contents codes (those the model's indicators read when none).
    pub contents: Option<Vec<ValueExpr>>,
    /// Selections of other variables, or of these with a code list.
    pub select: Vec<Selection>,
    /// Check what was fetched against the model, store nothing.
    pub dry_run: bool,
}

/// One call's part of a fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchCall {
    /// The address.
    pub url: String,
    /// The cells it gave.
    pub cells: usize,
    /// When it was fetched from SSB.
    pub fetched: chrono::DateTime<chrono::Utc>,
    /// Whether it came from the cache.
    pub from_cache: bool,
}

/// What fetching one table did.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedTable {
    /// SSB's table.
    pub table: String,
    /// Its title.
    pub label: String,
    /// Each call, in order.
    pub calls: Vec<FetchCall>,
    /// The figures found for the model's indicators.
    pub values: usize,
    /// What was set aside: contents or regions the table lacks.
    pub skipped: styring_core::problem::Problems,
}

/// The API's tables matching `query`, every page.
///
/// # Errors
/// [`Error::Kostra`] with the API's error, a time-out, or an answer that
/// cannot be read.
pub fn list_tables(
    options: ClientOptions,
    query: Option<&str>,
) -> Result<Vec<styring_kostra::pxweb::TableInfo>, Error> {
    let mut c = Client::new(options);
    c.tables(query)
        .map_err(|e| Error::Kostra(styring_kostra::KostraError::Fetch(e)))
}

/// What a fetch found: each table, and the figures to store, one batch
/// per call with the call's address as its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    /// Each table fetched.
    pub tables: Vec<FetchedTable>,
    /// The figures, one batch per call.
    pub batches: Vec<styring_core::store::KostraBatch>,
}

/// Fetches the model's KOSTRA figures from PxWebApi and stores what is
/// new or revised ([`fetch_figures`], then the store in one
/// transaction); with `request.dry_run` nothing is stored.
///
/// # Errors
/// As [`fetch_figures`]; the store's errors.
pub fn fetch_tables(
    model: &styring_core::Model,
    store: &mut styring_core::store::Store,
    request: &FetchRequest,
    options: ClientOptions,
) -> Result<(Vec<FetchedTable>, styring_core::store::KostraTally), Error> {
    let f = fetch_figures(model, request, options)?;
    let tally = if request.dry_run {
        styring_core::store::KostraTally::default()
    } else {
        store.add_kostra_values(&f.batches)?
    };
    Ok((f.tables, tally))
}

/// Fetches the model's KOSTRA figures from PxWebApi (SSB's, or
/// `options.base_url`): for each table its metadata, then the cells
/// `request` chooses in calls within the API's limits, each checked
/// against the model as a saved file is, and a series that changes code
/// between two calls marked where it breaks. Nothing is stored; the
/// store is not needed while the network is waited for.
///
/// # Errors
/// [`Error::Kostra`]: the model reads no KOSTRA table; a selection the
/// table does not fit (with «mente du»); the API's errors (RFC 7807
/// explained), a time-out, a 429 that does not pass; figures that do not
/// fit the model.
pub fn fetch_figures(
    model: &styring_core::Model,
    request: &FetchRequest,
    options: ClientOptions,
) -> Result<Fetch, Error> {
    use styring_core::kostra::{role_dimension, wanted, Role};
    use styring_core::problem::{Location, ProblemKind, Problems};
    let kostra_err = |e: FetchError| Error::Kostra(styring_kostra::KostraError::Fetch(e));
    let read_err = |p: Problems| Error::Kostra(styring_kostra::KostraError::Read(p));
    let tables = if request.tables.is_empty() {
        styring_core::kostra::tables(model)
    } else {
        request.tables.clone()
    };
    if tables.is_empty() {
        let mut p = Problems::default();
        p.add_kind(
            ProblemKind::Missing,
            Location::entry("kostra"),
            "ingen indikator i modellen henter tall fra SSB; sett kostra = { table = \"12134\", contents = \"…\" } på en indikator, eller gi --table",
            "no indicator in the model takes figures from SSB; set kostra = { table = \"12134\", contents = \"…\" } on an indicator, or give --table",
        );
        return Err(read_err(p));
    }
    let mut client = Client::new(options);
    let mut batches = Vec::new();
    let mut done = Vec::new();
    let mut problems = Problems::default();
    for table in &tables {
        let w = wanted(model, table);
        let codelists: std::collections::BTreeMap<String, String> = request
            .select
            .iter()
            .filter_map(|s| Some((s.variable.clone(), s.codelist.clone()?)))
            .collect();
        let meta = client.metadata(table, &codelists).map_err(kostra_err)?;
        let mut skipped = Problems::default();
        let here = Location::entry(format!("tabell {table}"));
        let mut selections: Vec<Selection> = Vec::new();
        let chosen = |id: &str| request.select.iter().find(|s| s.variable == id);
        let region = role_dimension(&meta.dimensions, Role::Geo);
        let time = role_dimension(&meta.dimensions, Role::Time);
        let metric = role_dimension(&meta.dimensions, Role::Metric);
        let mut order: Vec<String> = Vec::new();
        for d in &meta.dimensions {
            let given = chosen(&d.id);
            if let Some(s) = given.filter(|s| !s.values.is_empty()) {
                selections.push(s.clone());
                continue;
            }
            let has = |c: &str| d.position(c).is_some();
            let is = |x: Option<&styring_core::kostra::Dimension>| x.is_some_and(|x| x.id == d.id);
            let values: Option<Vec<ValueExpr>> = if is(region) {
                match &request.regions {
                    Some(r) => Some(r.clone()),
                    None if w.regions.is_empty() => {
                        problems.add_kind(
                            ProblemKind::Missing,
                            here.clone(),
                            "modellen sier ikke kommunens region; sett region = \"3440\" under [kostra], eller gi --region",
                            "the model does not give the municipality's region; set region = \"3440\" under [kostra], or give --region",
                        );
                        None
                    }
                    None => {
                        let (there, absent): (Vec<&String>, Vec<&String>) =
                            w.regions.iter().partition(|c| has(c));
                        for a in absent.iter().filter(|a| !w.own.contains(a)) {
                            skipped.add_kind(
                                ProblemKind::UnknownReference,
                                here.clone(),
                                format!("regionen {a} finnes ikke i tabellen"),
                                format!("the region {a} is not in the table"),
                            );
                        }
                        Some(
                            there
                                .into_iter()
                                .map(|c| ValueExpr::Code(c.clone()))
                                .collect(),
                        )
                    }
                }
            } else if is(time) {
                Some(
                    request
                        .years
                        .clone()
                        .unwrap_or_else(|| vec![ValueExpr::Pattern("*".into())]),
                )
            } else if is(metric) {
                match &request.contents {
                    Some(c) => Some(c.clone()),
                    None => {
                        let there: Vec<ValueExpr> = w
                            .contents
                            .iter()
                            .filter(|c| has(c))
                            .map(|c| ValueExpr::Code(c.clone()))
                            .collect();
                        if there.is_empty() {
                            let codes: Vec<&str> =
                                d.categories.iter().map(|c| c.code.as_str()).collect();
                            for c in &w.contents {
                                let t = styring_core::problem::Suggestion::unknown_among(
                                    ("statistikkvariabel", "contents code"),
                                    c,
                                    &codes,
                                );
                                problems.add_kind(
                                    ProblemKind::UnknownReference,
                                    here.clone(),
                                    t.nb,
                                    t.en,
                                );
                            }
                            None
                        } else {
                            Some(there)
                        }
                    }
                }
            } else if let Some(codes) = w.dimensions.get(&d.id) {
                Some(codes.iter().map(|c| ValueExpr::Code(c.clone())).collect())
            } else if meta.eliminable.contains(&d.id) {
                None
            } else {
                Some(vec![ValueExpr::Pattern("*".into())])
            };
            // A variable given only a code list: the values the model
            // would choose, through the list.
            if let Some(values) = values {
                let mut sel = Selection::new(&d.id, values);
                if let Some(g) = given {
                    sel.codelist.clone_from(&g.codelist);
                    sel.output_values = g.output_values;
                }
                selections.push(sel);
            }
        }
        if !problems.is_empty() {
            continue;
        }
        // Cut by year first, then by contents; by region last, the
        // municipality's own codes in every part.
        for x in [time, metric, region].into_iter().flatten() {
            order.push(x.id.clone());
        }
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        let region_id = region.map_or("", |r| r.id.as_str());
        let parts = client
            .data_for(table, &meta, &selections, &order, (region_id, &w.own))
            .map_err(kostra_err)?;
        let mut calls = Vec::new();
        // An indicator is set aside only when no part has its contents
        // (a query cut by contents gives each part only some).
        let mut lacking: Option<Vec<styring_core::problem::Problem>> = None;
        let mut found: Vec<(usize, styring_core::kostra::KostraValue)> = Vec::new();
        for (k, f) in parts.iter().enumerate() {
            match styring_core::kostra::figures(model, &f.cube, table, &format!("PxWebApi {table}"))
            {
                Ok(fig) => {
                    lacking = Some(match lacking {
                        None => fig.skipped.0,
                        Some(l) => l
                            .into_iter()
                            .filter(|x| fig.skipped.0.contains(x))
                            .collect(),
                    });
                    found.extend(fig.values.into_iter().map(|v| (k, v)));
                }
                Err(p) => problems.0.extend(p.0),
            }
        }
        // A series split between calls: its code change is marked as in
        // one table, indicator by indicator.
        found.sort_by(|a, b| a.1.indicator.cmp(&b.1.indicator));
        let mut start = 0;
        while start < found.len() {
            let ind = found
                .get(start)
                .map(|f| f.1.indicator.clone())
                .unwrap_or_default();
            let end = found
                .iter()
                .skip(start)
                .position(|f| f.1.indicator != ind)
                .map_or(found.len(), |n| start + n);
            if let Some(group) = found.get_mut(start..end) {
                // In series order, so the marking keeps each value's call.
                group.sort_by(|a, b| {
                    (a.1.region.as_str(), a.1.year).cmp(&(b.1.region.as_str(), b.1.year))
                });
                let mut vals: Vec<styring_core::kostra::KostraValue> =
                    group.iter().map(|g| g.1.clone()).collect();
                styring_core::kostra::mark_code_changes(&mut vals);
                for (g, v) in group.iter_mut().zip(vals) {
                    g.1 = v;
                }
            }
            start = end;
        }
        // The municipality's own figures come in every part of a query
        // cut by region: each is kept once, from its first call.
        let mut seen = std::collections::HashSet::new();
        found.retain(|(_, v)| seen.insert((v.indicator.clone(), v.region.clone(), v.year)));
        let values = found.len();
        for (k, f) in parts.iter().enumerate() {
            batches.push(styring_core::store::KostraBatch {
                table: table.clone(),
                source: f.url.clone(),
                values: found
                    .iter()
                    .filter(|x| x.0 == k)
                    .map(|x| x.1.clone())
                    .collect(),
            });
        }
        for f in parts {
            calls.push(FetchCall {
                url: f.url,
                cells: f.cube.len(),
                fetched: f.fetched,
                from_cache: f.from_cache,
            });
        }
        skipped.0.extend(lacking.unwrap_or_default());
        done.push(FetchedTable {
            table: table.clone(),
            label: meta.label.clone(),
            calls,
            values,
            skipped,
        });
    }
    if !problems.is_empty() {
        return Err(read_err(problems));
    }
    Ok(Fetch {
        tables: done,
        batches,
    })
}
