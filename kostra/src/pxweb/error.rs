//! What can go wrong talking to PxWebApi, each with the address asked
//! and what to do.

use styring_core::problem::Problems;
use styring_core::text::Localized;
use styring_core::Lang;

/// An RFC 7807 problem the API answered with (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiProblem {
    /// `type`, a URI naming the kind of problem.
    pub kind: Option<String>,
    /// `title`, a short summary.
    pub title: Option<String>,
    /// `detail`, what happened this time.
    pub detail: Option<String>,
}

impl ApiProblem {
    /// Reads a problem body; `None` when it is not one.
    ///
    /// ```
    /// let p = styring_kostra::pxweb::ApiProblem::parse(br#"{"title":"Forbidden","status":403,"detail":"Too many cells"}"#).unwrap();
    /// assert_eq!(p.to_string(), "Forbidden: Too many cells");
    /// ```
    pub fn parse(body: &[u8]) -> Option<ApiProblem> {
        let v: serde_json::Value = serde_json::from_slice(body).ok()?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let p = ApiProblem {
            kind: text("type"),
            title: text("title"),
            detail: text("detail"),
        };
        (p.title.is_some() || p.detail.is_some()).then_some(p)
    }
}

impl std::fmt::Display for ApiProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.title, &self.detail) {
            (Some(t), Some(d)) => write!(f, "{t}: {d}"),
            (Some(x), None) | (None, Some(x)) => write!(f, "{x}"),
            (None, None) => write!(f, "(no details)"),
        }
    }
}

/// What can go wrong fetching from PxWebApi.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The address cannot be used.
    #[error("{url}: not an http:// or https:// address")]
    BadUrl {
        /// The address.
        url: String,
    },
    /// No answer within the time allowed.
    #[error("{url}: no answer within {seconds} s (a time-out); try again later, or allow longer with --timeout")]
    Timeout {
        /// The address asked.
        url: String,
        /// The time allowed.
        seconds: u64,
    },
    /// The server could not be reached.
    #[error("{url}: cannot connect ({message}); check the address (--base-url) and the network")]
    Connect {
        /// The address asked.
        url: String,
        /// Why.
        message: String,
    },
    /// Still 429 Too Many Requests after waiting and asking again.
    #[error("{url}: the API still refuses with 429 Too Many Requests after {tries} tries; wait a minute and try again")]
    RateLimited {
        /// The address asked.
        url: String,
        /// How many times it was asked.
        tries: u32,
    },
    /// The API asks for a wait (its time window, or `Retry-After`)
    /// longer than the time-out.
    #[error("{url}: the API asks to wait {seconds} s before the next call, longer than the time-out of {timeout} s; try again later, or allow longer with --timeout")]
    WaitTooLong {
        /// The address to be asked.
        url: String,
        /// The wait asked for.
        seconds: u64,
        /// The time-out.
        timeout: u64,
    },
    /// A query that would take more calls than allowed.
    #[error("table {table}: the query needs {calls} calls within the API's limit on cells, more than {max}; choose fewer years, regions or contents, or allow more with --max-calls")]
    TooManyCalls {
        /// SSB's table.
        table: String,
        /// The calls it needs.
        calls: usize,
        /// The most allowed.
        max: usize,
    },
    /// 403: the query asks for more cells than the API gives in one call.
    #[error("{url}: the API refuses with 403, the query has too many cells ({problem}); /config said at most {max_cells} per call — choose fewer years or regions")]
    TooManyCells {
        /// The address asked.
        url: String,
        /// The API's own explanation.
        problem: ApiProblem,
        /// What the API's `/config` said.
        max_cells: u64,
    },
    /// Any other error status, with the API's RFC 7807 explanation.
    #[error("{url}: HTTP {status}{}", problem.as_ref().map(|p| format!(" — {p}")).unwrap_or_default())]
    Status {
        /// The address asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The API's problem, when it sent one.
        problem: Option<ApiProblem>,
    },
    /// An answer larger than the limit.
    #[error("{url}: the answer is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The address asked.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// An answer that could not be read, each problem at its JSON path.
    #[error("{url}: the answer cannot be read:\n{problems}")]
    Response {
        /// The address asked.
        url: String,
        /// What is wrong in it.
        problems: Problems,
    },
    /// A selection that does not fit the table.
    #[error("the selection does not fit table {table}:\n{problems}")]
    Selection {
        /// SSB's table.
        table: String,
        /// What is wrong, each at its variable.
        problems: Problems,
    },
    /// The cache could not be written.
    #[error("{path}: the cache cannot be written ({source}); give another folder with --cache")]
    Cache {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl Localized for FetchError {
    /// The message in `lang`.
    fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            FetchError::BadUrl { url } => format!("{url}: ikke en http://- eller https://-adresse"),
            FetchError::Timeout { url, seconds } => format!(
                "{url}: fikk ikke svar innen {seconds} s (tidsavbrudd); prøv igjen senere, eller gi lengre tid med --timeout"
            ),
            FetchError::Connect { url, message } => format!(
                "{url}: får ikke kontakt ({message}); sjekk adressen (--base-url) og nettet"
            ),
            FetchError::RateLimited { url, tries } => format!(
                "{url}: API-et avviser fortsatt med 429 (for mange forespørsler) etter {tries} forsøk; vent et minutt og prøv igjen"
            ),
            FetchError::WaitTooLong {
                url,
                seconds,
                timeout,
            } => format!(
                "{url}: API-et ber om å vente {seconds} s før neste kall, lenger enn tidsgrensen på {timeout} s; prøv igjen senere, eller gi lengre tid med --timeout"
            ),
            FetchError::TooManyCalls { table, calls, max } => format!(
                "tabell {table}: spørringen trenger {calls} kall innenfor API-ets grense for celler, flere enn {max}; velg færre år, regioner eller statistikkvariabler, eller tillat flere med --max-calls"
            ),
            FetchError::TooManyCells {
                url,
                problem,
                max_cells,
            } => format!(
                "{url}: API-et avviser med 403, spørringen har for mange celler ({problem}); /config sa høyst {max_cells} per kall — velg færre år eller regioner"
            ),
            FetchError::Status {
                url,
                status,
                problem,
            } => format!(
                "{url}: HTTP {status}{}",
                problem
                    .as_ref()
                    .map(|p| format!(" — {p}"))
                    .unwrap_or_default()
            ),
            FetchError::TooLarge { url, limit } => {
                format!("{url}: svaret er større enn grensen på {limit} byte")
            }
            FetchError::Response { url, problems } => format!(
                "{url}: svaret kan ikke leses:\n{}",
                problems.render(Lang::Nb)
            ),
            FetchError::Selection { table, problems } => format!(
                "utvalget passer ikke tabell {table}:\n{}",
                problems.render(Lang::Nb)
            ),
            FetchError::Cache { path, source } => format!(
                "{path}: hurtiglageret kan ikke skrives ({source}); gi en annen mappe med --cache"
            ),
        }
    }
}
