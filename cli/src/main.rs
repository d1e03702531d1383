//! `styring` — helhetlig styring fra kommandolinjen.
//!
//! Exit codes: 0 ok, 1 problems in the input, 2 usage, 3 an internal error
//! (a bug: please report it).

// The help texts are the documentation of this binary.
#![allow(missing_docs)]

/// Prints a line to stdout; a closed pipe (`styring … | head`) ends the
/// program quietly instead of panicking.
macro_rules! say {
    () => { say!("") };
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// As [`say!`], without the newline.
macro_rules! say_raw {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod args;
mod cmd;
mod error;
mod report_text;
mod table;
mod usage;

use args::Cli;
use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;
use styring::Localized;

/// Keeps the runtime's panic message and backtrace off the user's screen;
/// `STYRING_DEBUG=1` or `RUST_BACKTRACE` shows them (for bug reports and
/// the fuzz harness).
fn quiet_panics() {
    let debug = std::env::var_os("STYRING_DEBUG").is_some_and(|v| v != "0")
        || std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    if !debug {
        std::panic::set_hook(Box::new(|_| {}));
    }
}

fn main() -> ExitCode {
    quiet_panics();
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let parsed = usage::localised(Cli::command(), usage::lang_of(&args))
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            match usage::render(&e, &args, usage::lang_of(&args)) {
                Some(text) => eprint!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let lang = cli.lang;
    match std::panic::catch_unwind(|| cmd::run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("{}{}", lang.pick("feil: ", "error: "), e.render(lang));
            ExitCode::from(e.code())
        }
        Err(_) => {
            eprintln!(
                "{}",
                lang.pick(
                    "feil: en intern feil stoppet styring; ingenting ble lagret. Meld gjerne fra, med kommandoen du kjørte (STYRING_DEBUG=1 viser detaljene).",
                    "error: an internal error stopped styring; nothing was stored. Please report it, with the command you ran (STYRING_DEBUG=1 shows the details)."
                )
            );
            ExitCode::from(3)
        }
    }
}
