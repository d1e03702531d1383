//! The registers' subcommands: deviations, whistleblowing and benefit
//! plans.

use super::{Files, Format};
use clap::Subcommand;
use std::path::PathBuf;

/// Benefit subcommands.
#[derive(Subcommand, Debug)]
pub enum BenefitCommand {
    /// Les inn en gevinstplan (arkene Prosjekt og Gevinster); hver versjon tas vare på.
    Import {
        #[command(flatten)]
        files: Files,
        /// Arbeidsboken.
        path: PathBuf,
        /// Bare kontroller filen; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
    /// Vis gevinstplanene med samlet status.
    List {
        #[command(flatten)]
        files: Files,
        /// Utskriftsformat (table eller json).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Vis én plan: gevinstene med status og begrunnelse, og gevinstkartet.
    Show {
        #[command(flatten)]
        files: Files,
        /// Planens id.
        id: String,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Datoen statusen gjelder (ellers i dag).
        #[arg(long)]
        today: Option<String>,
    },
    /// Registrer en realisert verdi for en gevinst og en periode.
    Record {
        #[command(flatten)]
        files: Files,
        /// Planens id.
        id: String,
        /// Gevinsten (navnet i planen).
        #[arg(long)]
        benefit: String,
        /// Perioden: 2025-T2, 2025-05 eller 2025.
        #[arg(long)]
        period: String,
        /// Verdien.
        #[arg(long, allow_hyphen_values = true)]
        value: String,
    },
}

/// Whistleblowing subcommands.
#[derive(Subcommand, Debug)]
pub enum WhistleCommand {
    /// Lag mottakets nøkkelpar: den private nøkkelen til filen, den offentlige skrives ut (sett den som recipient i [whistleblowing]).
    Keygen {
        /// Filen for den private nøkkelen (den må ikke finnes fra før).
        #[arg(long)]
        out: PathBuf,
    },
    /// Registrer et mottatt varsel; uten --reporter-name er det anonymt. Fristene (bekreftelse innen 7 dager, tilbakemelding innen 3 måneder, som i EUs varslerdirektiv) står i modellens [whistleblowing].
    Add {
        #[command(flatten)]
        files: Files,
        /// Kanalen: employee (ansatt), citizen (innbygger, via nettsiden) eller other (annet).
        #[arg(long)]
        channel: String,
        /// Enheten varselet gjelder (id eller navn).
        #[arg(long)]
        unit: Option<String>,
        /// Hva varselet gjelder, kort.
        #[arg(long)]
        subject: String,
        /// Hva som er varslet.
        #[arg(long)]
        description: String,
        /// Varslerens navn (forsegles før det lagres).
        #[arg(long)]
        reporter_name: Option<String>,
        /// Hvordan varsleren kan nås (forsegles før det lagres).
        #[arg(long)]
        reporter_contact: Option<String>,
        /// Hvem som behandler saken.
        #[arg(long)]
        handler: Option<String>,
        /// Sakens id (ellers neste ledige VS-n).
        #[arg(long)]
        id: Option<String>,
        /// Når varselet kom (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Vis sakene med status og frister, og tallene per kanal (aldri emne, beskrivelse eller hvem som varslet); json gir alle sakene.
    List {
        #[command(flatten)]
        files: Files,
        /// Perioden tabellen gjelder: 2025, 2025-T2 eller 2025-05 (ellers året nå).
        #[arg(long)]
        period: Option<String>,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Vis én sak med emne, beskrivelse og hele historikken (aldri hvem som varslet).
    Show {
        #[command(flatten)]
        files: Files,
        /// Sakens id.
        id: String,
        /// Utskriftsformat (table eller json).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Flytt saken: mottatt → bekreftet → under_undersokelse → avsluttet (tilbakemelding gitt).
    Move {
        #[command(flatten)]
        files: Files,
        /// Sakens id.
        id: String,
        /// Tilstanden den skal til.
        #[arg(long)]
        to: String,
        /// Begrunnelsen (kreves for å gjenåpne).
        #[arg(long)]
        reason: Option<String>,
        /// Når (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Åpne varslerens identitet med mottakets private nøkkel; føres i tilgangsloggen.
    Unseal {
        #[command(flatten)]
        files: Files,
        /// Sakens id.
        id: String,
        /// Filen med den private nøkkelen.
        #[arg(long)]
        key: PathBuf,
        /// Hvorfor identiteten åpnes.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Tilgangsloggen: hver gang en identitet er åpnet (hvem, når, hvorfor).
    AccessLog {
        #[command(flatten)]
        files: Files,
        /// Utskriftsformat (table eller json).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

/// Deviation subcommands.
#[derive(Subcommand, Debug)]
pub enum DeviationCommand {
    /// Les inn avvik fra kvalitetssystemets Excel-eksport (én rad per avvik; overskrifter på norsk eller engelsk). Samme fil to ganger endrer ingenting.
    Import {
        #[command(flatten)]
        files: Files,
        /// Arbeidsbøkene.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Bare kontroller filene; ingenting lagres.
        #[arg(long)]
        dry_run: bool,
    },
    /// Skriv avviksregisteret som arbeidsbok (samme kolonner som importen leser; aldri hvem som meldte).
    Export {
        #[command(flatten)]
        files: Files,
        /// Bare avvikene i perioden (registrert i den eller åpne ved slutten): 2025-05, 2025-T2 eller 2025.
        #[arg(long)]
        period: Option<String>,
        /// Arbeidsboken som skrives.
        #[arg(long)]
        out: PathBuf,
    },
    /// Registrer et avvik (fristen følger av risikoen i modellens risikomatrise).
    Add {
        #[command(flatten)]
        files: Files,
        /// Avvikets id (ellers neste ledige AV-n).
        #[arg(long)]
        id: Option<String>,
        /// Enheten der det skjedde (id eller navn).
        #[arg(long)]
        unit: String,
        /// Kategorien (en av modellens).
        #[arg(long)]
        category: String,
        /// Hva som skjedde.
        #[arg(long)]
        description: String,
        /// Konsekvens, 1–5.
        #[arg(long, allow_hyphen_values = true)]
        consequence: i64,
        /// Sannsynlighet, 1–5.
        #[arg(long, allow_hyphen_values = true)]
        likelihood: i64,
        /// Når det skjedde (2025-05-05T08:00:00Z; ellers nå).
        #[arg(long)]
        happened: Option<String>,
        /// Varslingsplikt: personal_data_breach (Datatilsynet, 72 timer) eller serious_adverse_event (Statens helsetilsyn, straks).
        #[arg(long)]
        duty: Option<String>,
        /// En frist satt for hånd (ellers fra risikomatrisen).
        #[arg(long)]
        deadline: Option<String>,
        /// Når det ble registrert (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Vis avvikene i en periode og statistikken per enhet.
    List {
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
    /// Vis ett avvik med behandler, frist, varsling, hele historikken og tiltakene.
    Show {
        #[command(flatten)]
        files: Files,
        /// Avvikets id.
        id: String,
        /// Utskriftsformat (table, json, html eller xlsx).
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Filen som skal skrives (for html og xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Flytt et avvik: registrert, mottatt, under_behandling, lukket (gjenåpning krever --reason).
    Move {
        #[command(flatten)]
        files: Files,
        /// Avvikets id.
        id: String,
        /// Tilstanden det skal til.
        #[arg(long)]
        to: String,
        /// Begrunnelsen.
        #[arg(long)]
        reason: Option<String>,
        /// Når (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Legg til et tiltak (planlagt) med eier.
    AddMeasure {
        #[command(flatten)]
        files: Files,
        /// Avvikets id.
        id: String,
        /// Hva som skal gjøres.
        #[arg(long)]
        text: String,
        /// Hvem som eier tiltaket.
        #[arg(long)]
        owner: String,
        /// Når (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Flytt et tiltak: planlagt, iverksatt, evaluert.
    MoveMeasure {
        #[command(flatten)]
        files: Files,
        /// Avvikets id.
        id: String,
        /// Tiltakets nummer (0, 1, …).
        number: usize,
        /// Tilstanden det skal til.
        #[arg(long)]
        to: String,
        /// Når (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
    /// Registrer at tilsynsmyndigheten er varslet.
    Notify {
        #[command(flatten)]
        files: Files,
        /// Avvikets id.
        id: String,
        /// Når (ellers nå).
        #[arg(long)]
        at: Option<String>,
    },
}
