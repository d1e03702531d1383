//! The HTTP side: one agent with a time-out, the API's call limit kept,
//! 429 answered by waiting and asking again, errors read as RFC 7807.

use super::api::{ApiConfig, TableInfo, TablePage};
use super::cache::Cache;
use super::error::{ApiProblem, FetchError};
use super::split::split;
use super::Selection;
use crate::{read_jsonstat, read_metadata, KostraError, Limits, TableMetadata};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};
use styring_core::kostra::Cube;

/// SSB's PxWebApi v2.
pub const SSB_BASE_URL: &str = "https://data.ssb.no/api/pxwebapi/v2";

/// How the client is set up.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The API's address, without a trailing `/` (SSB's by default).
    pub base_url: String,
    /// The language asked for (`no` or `en`).
    pub lang: String,
    /// Longest wait for one answer, and for the API's time window or a
    /// 429's `Retry-After` (a longer wait is an error, not a hang).
    pub timeout: Duration,
    /// Where answers are kept; none to keep nothing.
    pub cache: Option<Cache>,
    /// Fetch again even when the cache has the answer.
    pub refresh: bool,
    /// How many times a 429 is waited out before giving up.
    pub retries: u32,
    /// Limits on what is read.
    pub limits: Limits,
    /// Most data calls one table's query may be cut into.
    pub max_calls: usize,
}

impl Default for ClientOptions {
    /// SSB, in Norwegian, 60 s, no cache, five retries, at most 1 000
    /// calls a table.
    fn default() -> Self {
        ClientOptions {
            base_url: SSB_BASE_URL.to_string(),
            lang: "no".to_string(),
            timeout: Duration::from_secs(60),
            cache: None,
            refresh: false,
            retries: 5,
            limits: Limits::default(),
            max_calls: 1000,
        }
    }
}

impl ClientOptions {
    /// The API at `base_url` (SSB's when none), answering in `lang`
    /// (`no` or `en`), waiting at most `timeout`; the rest as
    /// [`ClientOptions::default`].
    pub fn new(base_url: Option<String>, lang: styring_core::Lang, timeout: Duration) -> Self {
        ClientOptions {
            base_url: base_url.unwrap_or_else(|| SSB_BASE_URL.to_string()),
            lang: lang.pick("no", "en").to_string(),
            timeout,
            ..ClientOptions::default()
        }
    }
}

/// One call's answer: the table it gave, the address, and when.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked.
    pub url: String,
    /// The table.
    pub cube: Cube,
    /// When it was fetched from the API.
    pub fetched: DateTime<Utc>,
    /// Whether it came from the cache.
    pub from_cache: bool,
}

/// A client for PxWebApi v2 that keeps to the API's own limits.
///
/// ```no_run
/// use styring_kostra::pxweb::{Client, ClientOptions, Selection, ValueExpr};
/// let mut c = Client::new(ClientOptions::default());
/// let sel = vec![
///     Selection::new("Region", vec![ValueExpr::Code("3440".into())]),
///     Selection::new("ContentsCode", vec![ValueExpr::Pattern("*".into())]),
///     Selection::new("Tid", vec![ValueExpr::From("2020".into())]),
/// ];
/// let parts = c.data("12134", &sel, &[]).unwrap();
/// println!("{} cells from {}", parts[0].cube.len(), parts[0].url);
/// ```
#[derive(Debug)]
pub struct Client {
    options: ClientOptions,
    agent: ureq::Agent,
    config: Option<ApiConfig>,
    calls: VecDeque<Instant>,
    log: Vec<String>,
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~()*,".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Client {
    /// A client; nothing is asked until a method needs it.
    pub fn new(options: ClientOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("styring/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            options,
            agent,
            config: None,
            calls: VecDeque::new(),
            log: Vec::new(),
        }
    }

    /// Every address asked so far, in order (the cache's answers not
    /// among them).
    pub fn calls(&self) -> &[String] {
        &self.log
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.options.base_url.trim_end_matches('/'))
    }

    /// Waits `wait`, unless it is longer than the time-out: then the
    /// API is asking for more patience than the user gave.
    fn pause(&self, url: &str, wait: Duration) -> Result<(), FetchError> {
        if wait > self.options.timeout {
            return Err(FetchError::WaitTooLong {
                url: url.to_string(),
                seconds: wait.as_secs_f64().ceil() as u64,
                timeout: self.options.timeout.as_secs().max(1),
            });
        }
        std::thread::sleep(wait);
        Ok(())
    }

    /// Waits until one more call keeps within the API's limit.
    fn keep_rate(&mut self, url: &str) -> Result<(), FetchError> {
        let (max, window) = match &self.config {
            Some(c) => (
                c.max_calls.max(1) as usize,
                Duration::from_secs(c.time_window),
            ),
            None => (usize::MAX, Duration::ZERO),
        };
        let now = Instant::now();
        while self
            .calls
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            self.calls.pop_front();
        }
        if self.calls.len() >= max {
            if let Some(first) = self.calls.front() {
                let wait = window.saturating_sub(now.duration_since(*first));
                self.pause(url, wait)?;
            }
            self.calls.pop_front();
        }
        self.calls.push_back(Instant::now());
        Ok(())
    }

    /// GETs `url`: the body of a 200, each 429 waited out (its
    /// `Retry-After`, else 1, 2, 4 … s), anything else an error.
    fn get(&mut self, url: &str) -> Result<Vec<u8>, FetchError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(FetchError::BadUrl {
                url: url.to_string(),
            });
        }
        let mut tries = 0u32;
        loop {
            self.keep_rate(url)?;
            tries += 1;
            self.log.push(url.to_string());
            let answer = self
                .agent
                .get(url)
                .header("Accept", "application/json")
                .call();
            let mut resp = match answer {
                Ok(r) => r,
                Err(ureq::Error::Timeout(_)) => {
                    return Err(FetchError::Timeout {
                        url: url.to_string(),
                        seconds: self.options.timeout.as_secs().max(1),
                    })
                }
                Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(FetchError::Timeout {
                        url: url.to_string(),
                        seconds: self.options.timeout.as_secs().max(1),
                    })
                }
                Err(e) => {
                    return Err(FetchError::Connect {
                        url: url.to_string(),
                        message: e.to_string(),
                    })
                }
            };
            let status = resp.status().as_u16();
            if status == 429 {
                if tries > self.options.retries {
                    return Err(FetchError::RateLimited {
                        url: url.to_string(),
                        tries,
                    });
                }
                let told = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                let wait = told.unwrap_or(1u64 << (tries - 1).min(6));
                self.pause(url, Duration::from_secs(wait))?;
                continue;
            }
            let limit = self.options.limits.max_file_bytes;
            let body = match resp.body_mut().with_config().limit(limit).read_to_vec() {
                Ok(b) => b,
                Err(ureq::Error::BodyExceedsLimit(_)) => {
                    return Err(FetchError::TooLarge {
                        url: url.to_string(),
                        limit,
                    })
                }
                Err(ureq::Error::Timeout(_)) => {
                    return Err(FetchError::Timeout {
                        url: url.to_string(),
                        seconds: self.options.timeout.as_secs().max(1),
                    })
                }
                Err(e) => {
                    return Err(FetchError::Connect {
                        url: url.to_string(),
                        message: e.to_string(),
                    })
                }
            };
            if status == 200 {
                return Ok(body);
            }
            let problem = ApiProblem::parse(&body);
            if status == 403 {
                if let (Some(problem), Some(c)) = (&problem, &self.config) {
                    return Err(FetchError::TooManyCells {
                        url: url.to_string(),
                        problem: problem.clone(),
                        max_cells: c.max_data_cells,
                    });
                }
            }
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
                problem,
            });
        }
    }

    /// The API's limits, from `/config` (asked once).
    ///
    /// # Errors
    /// The call's errors; an answer without the limits.
    pub fn config(&mut self) -> Result<&ApiConfig, FetchError> {
        if self.config.is_none() {
            let url = self.url("/config");
            let body = self.get(&url)?;
            let c = ApiConfig::parse(&body, &url)
                .map_err(|problems| FetchError::Response { url, problems })?;
            self.config = Some(c);
        }
        self.config.as_ref().ok_or_else(|| FetchError::BadUrl {
            url: self.url("/config"),
        })
    }

    /// Every table matching `query` (every table when none), page after
    /// page until the last.
    ///
    /// # Errors
    /// The calls' errors; a page that cannot be read.
    pub fn tables(&mut self, query: Option<&str>) -> Result<Vec<TableInfo>, FetchError> {
        self.config()?;
        let mut out = Vec::new();
        let mut page = 1u64;
        loop {
            let mut url = self.url(&format!(
                "/tables?lang={}&pageNumber={page}&pageSize=100",
                encode(&self.options.lang)
            ));
            if let Some(q) = query {
                url.push_str(&format!("&query={}", encode(q)));
            }
            let body = self.get(&url)?;
            let p = TablePage::parse(&body, &url)
                .map_err(|problems| FetchError::Response { url, problems })?;
            out.extend(p.tables);
            // A server that never reaches its last page is not followed
            // for ever.
            if p.page >= p.pages || page >= 1000 {
                return Ok(out);
            }
            page += 1;
        }
    }

    /// One table's entry (its title and when it was last updated).
    ///
    /// # Errors
    /// The call's errors (404 for a table that does not exist).
    pub fn table(&mut self, id: &str) -> Result<TableInfo, FetchError> {
        self.config()?;
        let url = self.url(&format!(
            "/tables/{}?lang={}",
            encode(id),
            encode(&self.options.lang)
        ));
        let body = self.get(&url)?;
        TableInfo::parse(&body, &url).map_err(|problems| FetchError::Response { url, problems })
    }

    /// A table's variables and their codes, through the code lists in
    /// `codelists` (variable → list).
    ///
    /// # Errors
    /// The call's errors; metadata that cannot be read.
    pub fn metadata(
        &mut self,
        id: &str,
        codelists: &BTreeMap<String, String>,
    ) -> Result<TableMetadata, FetchError> {
        self.config()?;
        let mut url = self.url(&format!(
            "/tables/{}/metadata?lang={}&outputFormat=json-stat2",
            encode(id),
            encode(&self.options.lang)
        ));
        for (v, l) in codelists {
            url.push_str(&format!("&codelist[{}]={}", encode(v), encode(l)));
        }
        let body = self.get(&url)?;
        read_metadata(&body, &url, &self.options.limits).map_err(|e| response(&url, e))
    }

    /// The address of one data call.
    pub fn data_url(&self, id: &str, selections: &[Selection]) -> String {
        let mut url = self.url(&format!(
            "/tables/{}/data?lang={}&outputFormat=json-stat2",
            encode(id),
            encode(&self.options.lang)
        ));
        for s in selections {
            let v = encode(&s.variable);
            let items: Vec<String> = s.values.iter().map(|e| e.to_query()).collect();
            url.push_str(&format!("&valueCodes[{v}]={}", encode(&items.join(","))));
            if let Some(l) = &s.codelist {
                url.push_str(&format!("&codelist[{v}]={}", encode(l)));
            }
            if let Some(o) = s.output_values {
                url.push_str(&format!("&outputValues[{v}]={}", o.as_str()));
            }
        }
        url
    }

    /// The cells `selections` choose from table `id`: the table's
    /// metadata read first, the query cut into calls of at most the
    /// API's `maxDataCells` (by the variables in `order` first; the
    /// `keep` codes of `keep`'s variable in every part), each answer
    /// from the cache while the table is unchanged.
    ///
    /// # Errors
    /// A selection that does not fit the table; the calls' errors; an
    /// answer that cannot be read; a cache that cannot be written.
    pub fn data(
        &mut self,
        id: &str,
        selections: &[Selection],
        order: &[&str],
    ) -> Result<Vec<Fetched>, FetchError> {
        self.data_keeping(id, selections, order, ("", &[]))
    }

    /// [`Client::data`], with the codes `keep.1` of variable `keep.0`
    /// in every call when that variable has to be cut.
    ///
    /// # Errors
    /// As [`Client::data`].
    pub fn data_keeping(
        &mut self,
        id: &str,
        selections: &[Selection],
        order: &[&str],
        keep: (&str, &[String]),
    ) -> Result<Vec<Fetched>, FetchError> {
        let codelists: BTreeMap<String, String> = selections
            .iter()
            .filter_map(|s| Some((s.variable.clone(), s.codelist.clone()?)))
            .collect();
        let meta = self.metadata(id, &codelists)?;
        self.data_for(id, &meta, selections, order, keep)
    }

    /// [`Client::data_keeping`] with the table's metadata already read
    /// (through the selections' code lists).
    ///
    /// # Errors
    /// As [`Client::data`].
    pub fn data_for(
        &mut self,
        id: &str,
        meta: &TableMetadata,
        selections: &[Selection],
        order: &[&str],
        keep: (&str, &[String]),
    ) -> Result<Vec<Fetched>, FetchError> {
        let max = self.config()?.max_data_cells;
        let info = self.table(id)?;
        let (calls, _) = split(id, meta, selections, max, order, keep).map_err(|problems| {
            FetchError::Selection {
                table: id.to_string(),
                problems,
            }
        })?;
        if calls.len() > self.options.max_calls {
            return Err(FetchError::TooManyCalls {
                table: id.to_string(),
                calls: calls.len(),
                max: self.options.max_calls,
            });
        }
        let updated = info.updated.or_else(|| meta.updated.clone());
        let mut out = Vec::new();
        for call in calls {
            let url = self.data_url(id, &call);
            let cached = match (&self.options.cache, self.options.refresh) {
                (Some(c), false) => c.get(&url, updated.as_deref()),
                _ => None,
            };
            let (body, fetched, from_cache) = match cached {
                Some(c) => (c.body, c.fetched, true),
                None => {
                    let body = self.get(&url)?;
                    (body, Utc::now(), false)
                }
            };
            let cube =
                read_jsonstat(&body, &url, &self.options.limits).map_err(|e| response(&url, e))?;
            if !from_cache {
                if let Some(c) = &self.options.cache {
                    c.put(&url, updated.as_deref(), &body, fetched)
                        .map_err(|(p, source)| FetchError::Cache {
                            path: p.display().to_string(),
                            source,
                        })?;
                }
            }
            out.push(Fetched {
                url,
                cube,
                fetched,
                from_cache,
            });
        }
        Ok(out)
    }
}

fn response(url: &str, e: KostraError) -> FetchError {
    match e {
        KostraError::Read(problems) => FetchError::Response {
            url: url.to_string(),
            problems,
        },
        KostraError::TooLarge { limit, .. } => FetchError::TooLarge {
            url: url.to_string(),
            limit,
        },
        other => FetchError::Connect {
            url: url.to_string(),
            message: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded_but_expressions_stay_readable() {
        assert_eq!(encode("from(2020)"), "from(2020)");
        assert_eq!(encode("3440,EKG01"), "3440,EKG01");
        assert_eq!(encode("[top(1,12)]"), "%5Btop(1,12)%5D");
        assert_eq!(encode("a b&c"), "a%20b%26c");
        assert_eq!(encode("Øyer"), "%C3%98yer");
    }
}
