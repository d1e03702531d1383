//! The command line: every subcommand and its arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use styring::Lang;

mod kostra;
mod registers;
pub use kostra::{ApiArgs, KostraCommand};
pub use registers::{BenefitCommand, DeviationCommand, WhistleCommand};

/// Styring: styringskort, mål og resultater for kommunen.
#[derive(Parser, Debug)]
#[command(
    name = "styring",
    version,
    about = "Styring: styringskort, mål og resultater for kommunen (helhetlig styring)."
)]
pub struct Cli {
    /// Språk for utskrift: nb (bokmål, standard) eller en.
    #[arg(long, global = true, default_value = "nb", value_parser = parse_lang)]
    pub lang: Lang,
    /// Hvem som gjør endringen (ellers STYRING_ACTOR eller brukernavnet).
    #[arg(long, global = true)]
    pub actor: Option<String>,
    /// Sekunder å vente når et annet program skriver til lageret.
    #[arg(long, global = true, default_value_t = 30)]
    pub wait: u64,
    #[command(subcommand)]
    pub command: Command,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// Where the model and store are.
#[derive(Args, Debug, Clone)]
pub struct Files {
    /// Modellfilen.
    #[arg(long, default_value = "model.toml")]
    pub model: PathBuf,
    /// Lagerfilen (SQLite).
    #[arg(long, default_value = "store.sqlite")]
    pub store: PathBuf,
}

/// Limits for reading workbooks (see the error message that names one).
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Største fil i byte.
    #[arg(long)]
    pub max_file_bytes: Option<u64>,
    /// Flest deler i en zip-basert arbeidsbok.
    #[arg(long)]
    pub max_zip_entries: Option<u64>,
    /// Største utpakkede størrelse i byte.
    #[arg(long)]
    pub max_unpacked_bytes: Option<u64>,
    /// Største pakkeforhold for en stor del.
    #[arg(long)]
    pub max_compression_ratio: Option<u64>,
    /// Flest delte tekster.
    #[arg(long)]
    pub max_shared_strings: Option<u64>,
    /// Flest rader i et ark.
    #[arg(long)]
    pub max_rows: Option<u32>,
    /// Flest kolonner i et ark.
    #[arg(long)]
    pub max_columns: Option<u32>,
    /// Flest utfylte celler i en fil.
    #[arg(long)]
    pub max_cells: Option<u64>,
}

impl LimitArgs {
    /// The limits with these overrides.
    pub fn limits(&self) -> styring::styring_xlsx::import::guard::Limits {
        let mut l = styring::styring_xlsx::import::guard::Limits::default();
        if let Some(v) = self.max_file_bytes {
            l.max_file_bytes = v;
        }
        if let Some(v) = self.max_zip_entries {
            l.max_zip_entries = v;
        }
        if let Some(v) = self.max_unpacked_bytes {
            l.max_unpacked_bytes = v;
        }
        if let Some(v) = self.max_compression_ratio {
            l.max_compression_ratio = v;
        }
        if let Some(v) = self.max_shared_strings {
            l.max_shared_strings = v;
        }
        if let Some(v) = self.max_rows {
            l.max_rows = v;
        }
        if let Some(v) = self.max_columns {
            l.max_columns = v;
        }
        if let Some(v) = self.max_cells {
            l.max_cells = v;
        }
        l
    }
}

/// Output formats for scorecards.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// En tabell for terminalen.
    Table,
    /// En HTML-side (med --out).
    Html,
    /// En Excel-arbeidsbok (med --out).
    Xlsx,
    /// JSON for andre programmer.
    Json,
    /// CSV for regneark.
    Csv,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Skriv eksempelet (Øyer kommune) med modell og lager til en mappe, og vis status.
    Demo {
        /// Mappen som skal skrives.
        #[arg(long, default_value = "styring-demo")]
        out: PathBuf,
    },
    /// Kontroller en modell og skriv ut alle feil.
    Check {
        /// Modellfilen.
        #[arg(long, default_value = "model.toml")]
        model: PathBuf,
    },
    /// Vis styringskortet for en enhet (eller `all` for hele kommunen) og en periode.
    Scorecard {
        #[command(flatten)]
        files: Files,
        /// Enhet eller sektor (id eller navn), eller `all` for hele kommunen.
        #[arg(long)]
        unit: String,
        /// Periode: 2025-03, 2025-T2 eller 2025.
        #[arg(long)]
        period: String,
        /// Utskriftsformat.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Antall verdier i historikken.
        #[arg(long, default_value_t = 6)]
        history: usize,
        /// Vis tallene slik de var på en dato (ÅÅÅÅ-MM-DD).
        #[arg(long, conflicts_with = "as_reported")]
        as_of: Option<String>,
        /// Vis tallene slik de var da en periode ble låst som rapportert.
        #[arg(long)]
        as_reported: Option<String>,
        /// Filen som skal skrives (for --format html og xlsx; ellers standard ut).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Vis oversikten: enheter × indikatorer med status.
    Overview {
        #[command(flatten)]
        files: Files,
        /// Periode.
        #[arg(long)]
        period: String,
        /// Utskriftsformat (table, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Vis målhierarkiet (den røde tråden) med status.
    Goals {
        #[command(flatten)]
        files: Files,
        /// Periode.
        #[arg(long)]
        period: String,
    },
    /// Skriv styringskortene for en periode til en Excel-arbeidsbok.
    Export {
        #[command(flatten)]
        files: Files,
        /// Periode: 2025-03, 2025-T2 eller 2025.
        #[arg(long)]
        period: String,
        /// Arbeidsboken som skal skrives (.xlsx).
        #[arg(long, default_value = "styringskort.xlsx")]
        out: PathBuf,
    },
    /// Lag innfyllingsmal (Excel) for en enhet og et år, eller for alle enheter.
    Template {
        #[command(flatten)]
        files: Files,
        /// Enheten (id eller navn).
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        unit: Option<String>,
        /// Lag maler for alle tjenesteenhetene.
        #[arg(long, requires = "out_dir")]
        all: bool,
        /// Året malen gjelder.
        #[arg(long)]
        year: i32,
        /// Filen som skal skrives (for én enhet).
        #[arg(long, required_unless_present = "all")]
        out: Option<PathBuf>,
        /// Mappen malene skrives til (med --all).
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
    /// Les inn utfylte arbeidsbøker (maler eller tabeller) til lageret.
    Import {
        #[command(flatten)]
        files: Files,
        /// Arbeidsbøkene (.xlsx, .xlsm, .xls, .ods).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Bare kontroller filene; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
        /// Godta bare maler for denne enheten.
        #[arg(long)]
        unit: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Skriv en oppskalert modell (for ytelsesmålinger): N enheter × M månedlige indikatorer.
    #[command(hide = true)]
    BenchModel {
        /// Antall tjenesteenheter.
        #[arg(long, default_value_t = 500)]
        units: usize,
        /// Antall indikatorer.
        #[arg(long, default_value_t = 200)]
        indicators: usize,
        /// Modellfilen som skal skrives.
        #[arg(long)]
        out: PathBuf,
    },
    /// Skriv en oversikt med N fargelagte celler (for ytelsesmålinger).
    #[command(hide = true)]
    BenchExport {
        /// Antall celler.
        #[arg(long, default_value_t = 1_000_000)]
        cells: usize,
        /// Arbeidsboken som skal skrives.
        #[arg(long)]
        out: PathBuf,
    },
    /// Arbeid med lageret: eksport, import, låsing, historikk.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Prøv regler (også rhai-skript) før de tas i bruk.
    #[command(subcommand)]
    Rule(RuleCommand),
    /// Økonomiplan og budsjett: les inn, skriv ut, vis, kontroller balansen, sammenlign.
    #[command(subcommand)]
    Budget(BudgetCommand),
    /// Regnskap: les inn eksporten fra regnskapssystemet.
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Meldt prognose for årsavviket.
    #[command(subcommand)]
    Forecast(ForecastCommand),
    /// Avvik: registrer, vis, flytt gjennom behandlingen, tiltak og varsling.
    #[command(subcommand)]
    Deviation(DeviationCommand),
    /// Gevinstrealisering: gevinstplaner med nullpunkt, forventet verdi og gevinstkart.
    #[command(subcommand)]
    Benefit(BenefitCommand),
    /// Varsling (arbeidsmiljøloven kap. 2 A): saker med frister, og varslerens identitet forseglet til mottakets nøkkel.
    #[command(subcommand)]
    Whistleblowing(WhistleCommand),
    /// KOSTRA og SSBs statistikk: se inn i en tabell fra SSB.
    #[command(subcommand)]
    Kostra(KostraCommand),
    /// Økonomien per enhet og rammeområde: ramme, budsjett og regnskap hittil, avvik, prognose.
    Economy {
        #[command(flatten)]
        files: Files,
        /// Periode: 2025-05, 2025-T2 eller 2025.
        #[arg(long)]
        period: String,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Budget subcommands.
#[derive(Subcommand, Debug)]
pub enum BudgetCommand {
    /// Les inn en versjon av økonomiplanen fra en arbeidsbok (som `budget export` skriver).
    Import {
        #[command(flatten)]
        files: Files,
        /// Arbeidsboken.
        path: PathBuf,
        /// Bare kontroller filen; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
    /// Skriv en versjon som arbeidsbok: bevilgningsoversikten, rammene og versjonens data.
    Export {
        #[command(flatten)]
        files: Files,
        /// Versjonen (ellers den siste).
        #[arg(long)]
        version: Option<String>,
        /// Arbeidsboken som skal skrives.
        #[arg(long)]
        out: PathBuf,
    },
    /// Vis bevilgningsoversikten, rammene, balansen og måltallene.
    Show {
        #[command(flatten)]
        files: Files,
        /// Året (versjonen regnskapet for året måles mot).
        #[arg(long)]
        year: Option<i32>,
        /// Versjonen.
        #[arg(long)]
        version: Option<String>,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Kontroller at hvert år er i balanse og at rammene går opp; avslutter med 1 ellers.
    Check {
        #[command(flatten)]
        files: Files,
        /// Versjonen (ellers den siste).
        #[arg(long)]
        version: Option<String>,
    },
    /// Sammenlign versjoner (forslaget og alternative budsjetter) år for år.
    Compare {
        #[command(flatten)]
        files: Files,
        /// Versjonene (ellers alle).
        versions: Vec<String>,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Accounts subcommands.
#[derive(Subcommand, Debug)]
pub enum AccountsCommand {
    /// Les inn regnskap (én rad per enhet og måned) fra regnskapssystemets Excel-eksport.
    Import {
        #[command(flatten)]
        files: Files,
        /// Arbeidsbøkene.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Fortegnet i filen: expenses-positive (utgifter positive) eller expenses-negative.
        #[arg(long)]
        sign: Option<String>,
        /// Bare kontroller filene; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Forecast subcommands.
#[derive(Subcommand, Debug)]
pub enum ForecastCommand {
    /// Meld prognosen for årsavviket for en enhet eller et rammeområde i et tertial.
    Set {
        #[command(flatten)]
        files: Files,
        /// Enheten eller rammeområdet (id eller navn).
        #[arg(long)]
        unit: String,
        /// Tertialet: 2025-T2.
        #[arg(long)]
        period: String,
        /// Forventet avvik ved årets slutt i kroner (merforbruk positivt).
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Hvorfor.
        #[arg(long)]
        comment: String,
    },
}

/// Rule subcommands.
#[derive(Subcommand, Debug)]
pub enum RuleCommand {
    /// Regn ut status for én verdi med indikatorens regel og vis begrunnelse og logg.
    Test {
        /// Modellfilen.
        #[arg(long, default_value = "model.toml")]
        model: PathBuf,
        /// Indikatorkode.
        #[arg(long)]
        indicator: String,
        /// Verdien (prosent som brøk eller med %: 0,053 eller 5,3 %).
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        /// Målet (ellers modellens mål for enheten og perioden).
        #[arg(long, allow_hyphen_values = true)]
        target: Option<String>,
        /// Forrige periodes verdi.
        #[arg(long, allow_hyphen_values = true)]
        previous: Option<String>,
        /// Enhets-id.
        #[arg(long)]
        unit: Option<String>,
        /// Periode.
        #[arg(long, default_value = "2025-T2")]
        period: String,
    },
}

/// Store subcommands.
#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Eksporter hele lageret (alle revisjoner) som JSON.
    Export {
        #[command(flatten)]
        files: Files,
        /// Format (bare json).
        #[arg(long, default_value = "json", value_parser = ["json"])]
        format: String,
        /// Fil å skrive til (ellers standard ut).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Importer en JSON-eksport til et nytt (tomt) lager.
    Import {
        #[command(flatten)]
        files: Files,
        /// Format (bare json).
        #[arg(long, default_value = "json", value_parser = ["json"])]
        format: String,
        /// JSON-filen.
        file: PathBuf,
    },
    /// Lås en periode som rapportert.
    Lock {
        #[command(flatten)]
        files: Files,
        /// Perioden som låses (2025-T2).
        #[arg(long = "period", value_name = "PERIODE")]
        period: Option<String>,
        /// Perioden (som før; bruk heller --period).
        #[arg(hide = true, conflicts_with = "period")]
        period_arg: Option<String>,
        /// Begrunnelse.
        #[arg(long, default_value = "rapportert")]
        reason: String,
    },
    /// Gjenåpne en låst periode (krever begrunnelse).
    Reopen {
        #[command(flatten)]
        files: Files,
        /// Perioden som gjenåpnes.
        #[arg(long = "period", value_name = "PERIODE")]
        period: Option<String>,
        /// Perioden (som før; bruk heller --period).
        #[arg(hide = true, conflicts_with = "period")]
        period_arg: Option<String>,
        /// Begrunnelse (påkrevd).
        #[arg(long)]
        reason: String,
    },
    /// Vis låste perioder.
    Locks {
        #[command(flatten)]
        files: Files,
    },
    /// Vis hendelsesloggen: hvem gjorde hva, når og hvorfor.
    Events {
        #[command(flatten)]
        files: Files,
        /// Bare hendelser om dette (period, plan, avvik …).
        #[arg(long)]
        kind: Option<String>,
        /// Bare hendelser om denne id-en (f.eks. 2025-T2).
        #[arg(long)]
        entity: Option<String>,
    },
    /// Vis verdier som har forfalt uten å være rapportert.
    Late {
        #[command(flatten)]
        files: Files,
        /// Dagens dato (ÅÅÅÅ-MM-DD); standard er i dag.
        #[arg(long)]
        today: Option<String>,
    },
    /// Vis alle revisjoner av én verdi.
    History {
        #[command(flatten)]
        files: Files,
        /// Indikatorkode.
        #[arg(long)]
        indicator: String,
        /// Enhets-id.
        #[arg(long)]
        unit: String,
        /// Periode.
        #[arg(long)]
        period: String,
    },
    /// Vis verdier som er rettet etter en dato.
    Corrections {
        #[command(flatten)]
        files: Files,
        /// Datoen (ÅÅÅÅ-MM-DD) eller en låst periode (som rapportert).
        #[arg(long)]
        since: String,
    },
}
