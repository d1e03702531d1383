//! `styring-fuzz`: fuzz the `styring` command (see the library's docs).
//!
//! ```text
//! styring-fuzz --styring target/release/styring --seconds 600 --out target/fuzz/findings
//! styring-fuzz --styring target/debug/styring --cases 3000 --seed 1
//! styring-fuzz --styring target/debug/styring --replay tests/fixtures/fuzz
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use styring_fuzz::campaign::{self, Config};
use styring_fuzz::error::{FuzzError, Result};
use styring_fuzz::runner::Limits;

const HELP: &str = "\
styring-fuzz — a mutation fuzzer for the styring command

  --styring PATH     the styring binary (required)
  --seconds N        run for N seconds
  --cases N          run N cases (default 1000 when --seconds is not given)
  --seed N           the run's seed; the same seed gives the same cases (default 0)
  --out DIR          where findings are saved (default target/fuzz/findings)
  --jobs N           children at the same time (default 2)
  --fixtures DIR     the workbook fixtures used as seeds (default tests/fixtures)
  --timeout SECS     wall-clock limit per child (default 10)
  --memory-mb N      address-space limit per child, ulimit -v (default 512)
  --max-saved N      inputs saved per finding signature (default 5)
  --replay DIR       instead of fuzzing, run every input in DIR once
  --quiet            no progress lines

Exit code 1 when anything was found, 0 when nothing was, 2 on a usage error.
";

/// What the command line asks for.
enum Mode {
    Fuzz(Config),
    Replay {
        styring: PathBuf,
        fixtures: PathBuf,
        dir: PathBuf,
        limits: Limits,
    },
    Help,
}

fn number(flag: &str, v: Option<String>) -> Result<u64> {
    let v = v.ok_or_else(|| FuzzError::Usage(format!("{flag} needs a value")))?;
    v.parse()
        .map_err(|_| FuzzError::Usage(format!("{flag}: «{v}» is not a whole number")))
}

fn path(flag: &str, v: Option<String>) -> Result<PathBuf> {
    v.map(PathBuf::from)
        .ok_or_else(|| FuzzError::Usage(format!("{flag} needs a value")))
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Mode> {
    let mut styring = None;
    let mut seconds = None;
    let mut cases = None;
    let mut seed = 0;
    let mut out = PathBuf::from("target/fuzz/findings");
    let mut jobs = 2;
    let mut fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures"));
    let mut limits = Limits::default();
    let mut max_saved = 5;
    let mut replay = None;
    let mut progress = Some(Duration::from_secs(10));
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--styring" => styring = Some(path(&a, it.next())?),
            "--seconds" => seconds = Some(number(&a, it.next())?),
            "--cases" => cases = Some(number(&a, it.next())?),
            "--seed" => seed = number(&a, it.next())?,
            "--out" => out = path(&a, it.next())?,
            "--jobs" => jobs = number(&a, it.next())?.clamp(1, 256) as usize,
            "--fixtures" => fixtures = path(&a, it.next())?,
            "--timeout" => limits.timeout = Duration::from_secs(number(&a, it.next())?.max(1)),
            "--memory-mb" => limits.memory_mb = number(&a, it.next())?.max(16),
            "--max-saved" => max_saved = number(&a, it.next())? as usize,
            "--replay" => replay = Some(path(&a, it.next())?),
            "--quiet" => progress = None,
            "-h" | "--help" => return Ok(Mode::Help),
            other => {
                return Err(FuzzError::Usage(format!(
                    "unknown argument «{other}» (see --help)"
                )))
            }
        }
    }
    let styring = styring.ok_or_else(|| FuzzError::Usage("--styring PATH is required".into()))?;
    if !styring.is_file() {
        return Err(FuzzError::Usage(format!(
            "{} is not a file (build it with `cargo build -p styring-cli`)",
            styring.display()
        )));
    }
    if let Some(dir) = replay {
        return Ok(Mode::Replay {
            styring,
            fixtures,
            dir,
            limits,
        });
    }
    if seconds.is_none() && cases.is_none() {
        cases = Some(1000);
    }
    Ok(Mode::Fuzz(Config {
        styring,
        fixtures,
        out,
        seed,
        cases,
        seconds,
        jobs,
        limits,
        max_saved_per_signature: max_saved,
        progress,
    }))
}

fn main() -> ExitCode {
    let mode = match parse(std::env::args().skip(1)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("styring-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match mode {
        Mode::Help => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Mode::Fuzz(config) => campaign::run(&config).map(|summary| {
            print!("{}", summary.render());
            summary.found()
        }),
        Mode::Replay {
            styring,
            fixtures,
            dir,
            limits,
        } => campaign::replay(&styring, &fixtures, &dir, limits).map(|done| {
            let mut found = false;
            for r in &done {
                let verdict = match &r.outcome.finding {
                    Some(f) => {
                        found = true;
                        format!("FINDING {}", f.signature)
                    }
                    None => "ok".to_string(),
                };
                let exits: Vec<String> = r
                    .outcome
                    .runs
                    .iter()
                    .map(|x| format!("{:?}", x.exit))
                    .collect();
                println!(
                    "{:<60} {:<13} {:<28} {}",
                    r.path.display(),
                    r.format.name(),
                    exits.join(" "),
                    verdict
                );
            }
            found
        }),
    };
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(e) => {
            eprintln!("styring-fuzz: {e}");
            ExitCode::from(2)
        }
    }
}
