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
    /// Hent modellens KOSTRA-tall fra SSBs PxWebApi v2 og les dem inn (bare det som er nytt eller revidert lagres).
    ///
    /// Uten valg hentes hver tabell modellens indikatorer leser, for
    /// kommunen, KOSTRA-gruppen, landet og de valgte kommunene, alle år.
    /// API-ets grenser leses fra /config og holdes; store spørringer
    /// deles. Svarene gjemmes i en hurtiglagermappe ved lageret og brukes
    /// igjen så lenge SSB ikke har oppdatert tabellen.
    Fetch {
        #[command(flatten)]
        files: Files,
        /// Tabellen (som 12134); kan gis flere ganger. Uten: modellens tabeller.
        #[arg(long)]
        table: Vec<String>,
        /// Regionene, med komma (som 3440,EKG01,EAK eller EKG*).
        #[arg(long)]
        region: Option<String>,
        /// Årene: 2020-2025, 2020-, -2025, 2024, 2020,2022 eller top(5).
        #[arg(long)]
        years: Option<String>,
        /// Statistikkvariablene (ContentsCode), med komma. Uten: modellens.
        #[arg(long)]
        contents: Option<String>,
        /// Valg for en annen variabel: VARIABEL=VALG (som Alder=*); kan gis flere ganger.
        #[arg(long, value_name = "VARIABEL=VALG")]
        select: Vec<String>,
        /// Kodeliste for en variabel: VARIABEL=KODELISTE (som Region=agg_KOSTRA…).
        #[arg(long, value_name = "VARIABEL=KODELISTE")]
        codelist: Vec<String>,
        /// Hvordan kodelistens verdier kommer ut: VARIABEL=aggregated eller VARIABEL=single.
        #[arg(long, value_name = "VARIABEL=HVORDAN")]
        output_values: Vec<String>,
        #[command(flatten)]
        api: ApiArgs,
        /// Mappen for hurtiglageret (standard: ssb-cache ved lagerfilen).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Ikke bruk eller skriv hurtiglageret.
        #[arg(long, conflicts_with = "cache")]
        no_cache: bool,
        /// Hent på nytt selv om hurtiglageret har svaret.
        #[arg(long)]
        refresh: bool,
        /// Flest kall én tabell kan deles i.
        #[arg(long, default_value_t = 1000)]
        max_calls: usize,
        /// Bare hent og kontroller; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
    /// List tabellene i SSBs PxWebApi v2 som passer et søk (alle sider).
    Tables {
        /// Søket (som «grunnskole»).
        #[arg(long)]
        query: Option<String>,
        #[command(flatten)]
        api: ApiArgs,
        /// Utskriftsformat (table eller json).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
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

/// Where PxWebApi is and how long to wait for it.
#[derive(clap::Args, Debug, Clone)]
pub struct ApiArgs {
    /// API-ets adresse (standard: SSBs, https://data.ssb.no/api/pxwebapi/v2).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Lengste ventetid på ett svar, i sekunder (og på API-ets tidsvindu
    /// eller en 429s Retry-After).
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}
