//! The input formats the fuzzer feeds to `styring`, and how each is named
//! in finding and fixture files.

use std::fmt;

/// One input format, with the command that reads it (see [`crate::case`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// An Office Open XML workbook with a long table (`styring import`).
    Xlsx,
    /// A macro-enabled Office Open XML workbook (`styring import`).
    Xlsm,
    /// A BIFF8 workbook in a compound file (`styring import`).
    Xls,
    /// An OpenDocument spreadsheet (`styring import`).
    Ods,
    /// One of our unit templates as `styring demo` fills it in (`styring import`).
    Template,
    /// A model file (`styring check`).
    Model,
    /// A store exported as JSON (`styring store import`).
    StoreJson,
    /// A rhai rule script (`styring check`, `styring scorecard`).
    RhaiRule,
    /// A rhai script of a computed indicator (`styring check`, `styring scorecard`).
    RhaiComputed,
    /// The finance department's workbook of a plan version (`styring budget import`).
    Budget,
    /// An accounting system's export (`styring accounts import`).
    Accounts,
    /// A quality system's deviation export (`styring deviation import`).
    Deviations,
    /// SSB's JSON-stat 2.0 table (`styring kostra show`).
    JsonStat,
    /// SSB's CSV table (`styring kostra show`).
    SsbCsv,
    /// PxWebApi v2's answers, served from 127.0.0.1 (`styring kostra fetch`, `kostra tables`).
    PxWebApi,
}

/// How a format is built, which decides its mutators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// A zip archive of XML parts.
    Zip,
    /// A compound file (MS-CFB).
    Cfb,
    /// Text in one of our text dialects.
    Text(Dialect),
}

/// The text formats, for dialect-aware token edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// TOML (the model).
    Toml,
    /// JSON (the store export).
    Json,
    /// rhai (rules and computed indicators).
    Rhai,
    /// Comma- or semicolon-separated values (SSB's CSV).
    Csv,
}

impl Format {
    /// Every format, in the order summaries list them.
    pub const ALL: [Format; 15] = [
        Format::Xlsx,
        Format::Xlsm,
        Format::Xls,
        Format::Ods,
        Format::Template,
        Format::Model,
        Format::StoreJson,
        Format::RhaiRule,
        Format::RhaiComputed,
        Format::Budget,
        Format::Accounts,
        Format::Deviations,
        Format::JsonStat,
        Format::SsbCsv,
        Format::PxWebApi,
    ];

    /// The short name used in summaries and file names (no `_` or `-`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Template => "template",
            Format::Model => "model",
            Format::StoreJson => "storejson",
            Format::RhaiRule => "rhairule",
            Format::RhaiComputed => "rhaicomputed",
            Format::Budget => "budget",
            Format::Accounts => "accounts",
            Format::Deviations => "deviations",
            Format::JsonStat => "jsonstat",
            Format::SsbCsv => "ssbcsv",
            Format::PxWebApi => "pxwebapi",
        }
    }

    /// The file extension an input of this format is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx
            | Format::Template
            | Format::Budget
            | Format::Accounts
            | Format::Deviations => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Model => "toml",
            Format::StoreJson | Format::JsonStat | Format::PxWebApi => "json",
            Format::SsbCsv => "csv",
            Format::RhaiRule | Format::RhaiComputed => "rhai",
        }
    }

    /// How the format is built.
    pub fn family(self) -> Family {
        match self {
            Format::Xlsx
            | Format::Xlsm
            | Format::Ods
            | Format::Template
            | Format::Budget
            | Format::Accounts
            | Format::Deviations => Family::Zip,
            Format::Xls => Family::Cfb,
            Format::Model => Family::Text(Dialect::Toml),
            Format::StoreJson | Format::JsonStat | Format::PxWebApi => Family::Text(Dialect::Json),
            Format::SsbCsv => Family::Text(Dialect::Csv),
            Format::RhaiRule | Format::RhaiComputed => Family::Text(Dialect::Rhai),
        }
    }

    /// The format named `name` (as [`Format::name`] writes it).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format of a finding or fixture file: the name's first word
    /// (before `_` or `-`) when it names a format, else the extension
    /// (`.rhai` is taken as a rule, `.toml` as a model).
    pub fn from_file_name(file_name: &str) -> Option<Format> {
        let first = file_name.split(['_', '-', '.']).next().unwrap_or("");
        if let Some(f) = Format::from_name(first) {
            return Some(f);
        }
        let ext = file_name.rsplit('.').next().unwrap_or("");
        match ext {
            "xlsx" => Some(Format::Xlsx),
            "xlsm" => Some(Format::Xlsm),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            "toml" => Some(Format::Model),
            "json" => Some(Format::StoreJson),
            "rhai" => Some(Format::RhaiRule),
            "csv" => Some(Format::SsbCsv),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            assert!(!f.name().contains(['_', '-']));
        }
    }

    #[test]
    fn file_names_give_the_format() {
        assert_eq!(
            Format::from_file_name("xls_fat_loop.xls"),
            Some(Format::Xls)
        );
        assert_eq!(
            Format::from_file_name("rhaicomputed_deep_nesting.rhai"),
            Some(Format::RhaiComputed)
        );
        assert_eq!(
            Format::from_file_name("template-panic-0123.xlsx"),
            Some(Format::Template)
        );
        assert_eq!(Format::from_file_name("whatever.ods"), Some(Format::Ods));
        assert_eq!(Format::from_file_name("README.md"), None);
    }
}
