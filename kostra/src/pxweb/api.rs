//! What PxWebApi v2 answers at `/config` and `/tables`, read with every
//! problem at its JSON path.

use serde_json::Value;
use styring_core::problem::{Location, ProblemKind, Problems};

/// The API's limits and languages, from its `/config` endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Most data cells one call may ask for (`maxDataCells`).
    pub max_data_cells: u64,
    /// Most calls in one time window (`maxCallsPerTimeWindow`).
    pub max_calls: u32,
    /// The time window, in seconds (`timeWindow`).
    pub time_window: u64,
    /// The language used when none is asked for (`defaultLanguage`).
    pub default_language: String,
    /// The languages the API has (`languages[].id`).
    pub languages: Vec<String>,
    /// The licence of the data (`license`).
    pub license: Option<String>,
}

fn problem(p: &mut Problems, url: &str, path: &str, nb: String, en: String) {
    p.add_kind(
        ProblemKind::Invalid,
        Location::entry(path.to_string()).in_file(url.to_string()),
        nb,
        en,
    );
}

impl ApiConfig {
    /// Reads `/config`'s answer.
    ///
    /// ```
    /// let c = styring_kostra::pxweb::ApiConfig::parse(br#"{"maxDataCells":800000,
    ///   "maxCallsPerTimeWindow":30,"timeWindow":60,"defaultLanguage":"no",
    ///   "languages":[{"id":"no","label":"Norsk"},{"id":"en","label":"English"}]}"#, "config").unwrap();
    /// assert_eq!((c.max_data_cells, c.max_calls, c.time_window), (800_000, 30, 60));
    /// ```
    ///
    /// # Errors
    /// Every limit missing or not a whole number above zero (the calls and
    /// the window must be at least 1), at its JSON path.
    pub fn parse(body: &[u8], url: &str) -> Result<ApiConfig, Problems> {
        let mut p = Problems::default();
        let v: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                problem(
                    &mut p,
                    url,
                    &format!("linje {}, kolonne {}", e.line(), e.column()),
                    format!("ikke gyldig JSON: {e}"),
                    format!("not valid JSON: {e}"),
                );
                return Err(p);
            }
        };
        let mut number = |key: &str, least: u64| match v.get(key).and_then(Value::as_u64) {
            Some(n) if n >= least => n,
            _ => {
                problem(
                    &mut p,
                    url,
                    &format!("$.{key}"),
                    format!("«{key}» mangler eller er ikke et heltall ≥ {least}; API-ets grenser kan ikke leses"),
                    format!("\"{key}\" is missing or not an integer ≥ {least}; the API's limits cannot be read"),
                );
                least
            }
        };
        let max_data_cells = number("maxDataCells", 1);
        let max_calls = number("maxCallsPerTimeWindow", 1);
        let time_window = number("timeWindow", 1);
        if !p.is_empty() {
            return Err(p);
        }
        Ok(ApiConfig {
            max_data_cells,
            max_calls: u32::try_from(max_calls).unwrap_or(u32::MAX),
            time_window,
            default_language: v
                .get("defaultLanguage")
                .and_then(Value::as_str)
                .unwrap_or("no")
                .to_string(),
            languages: v
                .get("languages")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|l| l.get("id").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            license: v.get("license").and_then(Value::as_str).map(str::to_string),
        })
    }
}

/// A table in the API's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    /// Its number (`12134`).
    pub id: String,
    /// Its title.
    pub label: String,
    /// When its figures were last updated.
    pub updated: Option<String>,
    /// Its first period.
    pub first_period: Option<String>,
    /// Its last period.
    pub last_period: Option<String>,
    /// Whether SSB no longer updates it.
    pub discontinued: bool,
}

impl TableInfo {
    fn from_json(v: &Value) -> Option<TableInfo> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        Some(TableInfo {
            id: text("id")?,
            label: text("label").unwrap_or_default(),
            updated: text("updated"),
            first_period: text("firstPeriod"),
            last_period: text("lastPeriod"),
            discontinued: v.get("discontinued").and_then(Value::as_bool) == Some(true),
        })
    }

    /// Reads `/tables/{id}`'s answer.
    ///
    /// # Errors
    /// Not JSON, or no `id`.
    pub fn parse(body: &[u8], url: &str) -> Result<TableInfo, Problems> {
        let mut p = Problems::default();
        let v: Option<Value> = serde_json::from_slice(body).ok();
        match v.as_ref().and_then(TableInfo::from_json) {
            Some(t) => Ok(t),
            None => {
                problem(
                    &mut p,
                    url,
                    "$.id",
                    "svaret er ikke en tabell (JSON med «id»)".into(),
                    "the answer is not a table (JSON with \"id\")".into(),
                );
                Err(p)
            }
        }
    }
}

/// One page of `/tables`: its tables, and which page of how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePage {
    /// The tables on the page.
    pub tables: Vec<TableInfo>,
    /// This page's number, from 1.
    pub page: u64,
    /// How many pages there are.
    pub pages: u64,
}

impl TablePage {
    /// Reads one page of `/tables`.
    ///
    /// ```
    /// let p = styring_kostra::pxweb::TablePage::parse(br#"{"language":"no",
    ///   "tables":[{"id":"12134","label":"Grunnskole"}],
    ///   "page":{"pageNumber":1,"pageSize":1,"totalElements":2,"totalPages":2}}"#, "tables").unwrap();
    /// assert_eq!((p.tables[0].id.as_str(), p.page, p.pages), ("12134", 1, 2));
    /// ```
    ///
    /// # Errors
    /// No `tables` list, a table without `id`, or no `page`.
    pub fn parse(body: &[u8], url: &str) -> Result<TablePage, Problems> {
        let mut p = Problems::default();
        let Ok(v) = serde_json::from_slice::<Value>(body) else {
            problem(
                &mut p,
                url,
                "$",
                "svaret er ikke gyldig JSON".into(),
                "the answer is not valid JSON".into(),
            );
            return Err(p);
        };
        let mut tables = Vec::new();
        match v.get("tables").and_then(Value::as_array) {
            Some(a) => {
                for (i, t) in a.iter().enumerate() {
                    match TableInfo::from_json(t) {
                        Some(t) => tables.push(t),
                        None => problem(
                            &mut p,
                            url,
                            &format!("$.tables[{i}].id"),
                            "tabellen mangler «id»".into(),
                            "the table lacks \"id\"".into(),
                        ),
                    }
                }
            }
            None => problem(
                &mut p,
                url,
                "$.tables",
                "svaret mangler listen «tables»".into(),
                "the answer lacks the list \"tables\"".into(),
            ),
        }
        let page = v.get("page");
        let n = |k: &str| page.and_then(|x| x.get(k)).and_then(Value::as_u64);
        let (Some(number), Some(pages)) = (n("pageNumber"), n("totalPages")) else {
            problem(
                &mut p,
                url,
                "$.page",
                "svaret mangler «page» med pageNumber og totalPages".into(),
                "the answer lacks \"page\" with pageNumber and totalPages".into(),
            );
            return Err(p);
        };
        if !p.is_empty() {
            return Err(p);
        }
        Ok(TablePage {
            tables,
            page: number,
            pages,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use styring_core::text::Localized;

    #[test]
    fn a_config_without_limits_is_refused_at_each_path() {
        let e = ApiConfig::parse(
            br#"{"maxDataCells":"many","timeWindow":0}"#,
            "http://x/config",
        )
        .unwrap_err()
        .render(styring_core::Lang::Nb);
        assert!(e.contains("$.maxDataCells"), "{e}");
        assert!(e.contains("$.maxCallsPerTimeWindow"), "{e}");
        assert!(e.contains("$.timeWindow"), "{e}");
    }

    #[test]
    fn a_page_without_paging_is_refused() {
        let e = TablePage::parse(br#"{"tables":[{"label":"x"}]}"#, "u").unwrap_err();
        let t = e.render(styring_core::Lang::Nb);
        assert!(t.contains("$.tables[0].id") && t.contains("$.page"), "{t}");
    }
}
