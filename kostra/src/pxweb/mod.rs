//! A client for SSB's PxWebApi v2 (`https://data.ssb.no/api/pxwebapi/v2`):
//! the API's limits read from its `/config` and kept (cells per call,
//! calls per time window), 429 waited out, RFC 7807 errors explained,
//! a time-out on every call, the table list followed page by page, and
//! answers cached while SSB has not updated the table.
//!
//! A query is a [`Selection`] per variable: value codes and PxWebApi's
//! selection expressions ([`ValueExpr`]), with a code list
//! (`codelist`) and how its values come out (`outputValues`).
//!
//! ```
//! use styring_kostra::pxweb::{Client, ClientOptions, Selection, ValueExpr, years};
//! let c = Client::new(ClientOptions { base_url: "http://127.0.0.1:9/api/v2".into(), ..Default::default() });
//! let sel = [
//!     Selection::new("Region", ValueExpr::parse_list("3440,EKG01").unwrap()),
//!     Selection::new("Tid", years("2020-2025").unwrap()),
//! ];
//! assert_eq!(
//!     c.data_url("12134", &sel),
//!     "http://127.0.0.1:9/api/v2/tables/12134/data?lang=no&outputFormat=json-stat2\
//!      &valueCodes[Region]=3440,EKG01&valueCodes[Tid]=%5Brange(2020,2025)%5D"
//! );
//! ```

mod api;
mod cache;
mod client;
mod error;
mod expr;
mod split;

pub use api::{ApiConfig, TableInfo, TablePage};
pub use cache::{Cache, Cached};
pub use client::{Client, ClientOptions, Fetched, SSB_BASE_URL};
pub use error::{ApiProblem, FetchError};
pub use expr::{years, ValueExpr};
pub use split::split;

/// How a code list's values come out (`outputValues`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputValues {
    /// The code list's own values, each an aggregate (the default).
    Aggregated,
    /// The values the code list's groups hold, one by one.
    Single,
}

impl OutputValues {
    /// The word in the query.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputValues::Aggregated => "aggregated",
            OutputValues::Single => "single",
        }
    }
}

impl std::str::FromStr for OutputValues {
    type Err = styring_core::text::Text;

    /// `aggregated` or `single`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "aggregated" => Ok(OutputValues::Aggregated),
            "single" => Ok(OutputValues::Single),
            other => Err(styring_core::text::Text::new(
                format!("«{other}»: outputValues er aggregated eller single"),
                format!("\"{other}\": outputValues is aggregated or single"),
            )),
        }
    }
}

/// The values chosen of one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The variable's code (`Region`, `Tid`, `ContentsCode`).
    pub variable: String,
    /// Its values: codes and expressions.
    pub values: Vec<ValueExpr>,
    /// A code list for it (`agg_KOSTRA…`).
    pub codelist: Option<String>,
    /// How the code list's values come out.
    pub output_values: Option<OutputValues>,
}

impl Selection {
    /// `values` of `variable`, without a code list.
    pub fn new(variable: &str, values: Vec<ValueExpr>) -> Selection {
        Selection {
            variable: variable.to_string(),
            values,
            codelist: None,
            output_values: None,
        }
    }
}
