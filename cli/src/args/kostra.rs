//! `styring kostra`: SSB's statistics.

use super::{Files, Format};
use clap::Subcommand;
use std::path::PathBuf;

/// KOSTRA and SSB's statistics.
#[derive(Subcommand, Debug)]
pub enum KostraCommand {
    /// Vis cellene i en lagret SSB-tabell (JSON-stat eller CSV) før den leses inn.
    Show {
        /// Filen (JSON-stat 2.0 fra PxWebApi eller statistikkbanken, eller SSBs CSV).
        file: PathBuf,
        /// Utskriftsformat (table, json, html eller xlsx). JSON: én post per
        /// celle med hver dimensjons kode (nøkkel: dimensjonens id), `value`
        /// (null der tallet mangler) og `status` (symbolet, eller null).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Tegnkoding for CSV: auto (UTF-8 når filen sier det, ellers
        /// ISO-8859-1), utf-8 eller iso-8859-1.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Filen som skal skrives (for html og xlsx; ellers skjermen).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Les inn modellens KOSTRA-tall fra lagrede SSB-tabeller (bare det som er nytt eller revidert lagres).
    Import {
        #[command(flatten)]
        files: Files,
        /// Filene (JSON-stat eller CSV).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Tabellnummeret, når filen ikke sier det selv (som 12134).
        #[arg(long)]
        table: Option<String>,
        /// Tegnkoding for CSV: auto, utf-8 eller iso-8859-1.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Bare kontroller filene; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
    /// Sammenlign kommunen med KOSTRA-gruppen, landet og de valgte kommunene et år.
    Compare {
        #[command(flatten)]
        files: Files,
        /// Året (som 2024).
        #[arg(long)]
        year: i32,
        /// Bare denne indikatoren.
        #[arg(long)]
        indicator: Option<String>,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Vis KOSTRA-tallene i lageret: indikator, region, år, verdi, kilde.
    List {
        #[command(flatten)]
        files: Files,
        /// Utskriftsformat (table eller json).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}
