//! One case: an input of one format, written into a worker's folder and
//! read by the `styring` command that reads that format.
//!
//! | format | command |
//! | --- | --- |
//! | workbooks (xlsx, xlsm, xls, ods, template) | `import --dry-run --model M --store NONE FILE` (the dry run opens no store: the path must stay absent) |
//! | model | `check --model FILE` |
//! | store JSON | `store import --model M --store NEW FILE`, into a fresh path each time |
//! | rhai rule / computed | the demo model with M.1.5's rule (or M.1.8's computation) read from `rules/x.rhai`: `check --model`, then, when the check passes, `scorecard` |

use crate::error::{FuzzError, Result};
use crate::format::Format;
use crate::runner::{self, Exit, Finding, Limits, Problem};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// The environment every child gets: `STYRING_DEBUG=1` makes `styring`
/// print panic messages (its panic hook is quiet otherwise, and the
/// importer turns a reader's panic into a problem with exit 1).
pub const CHILD_ENV: &[(&str, &str)] = &[("STYRING_DEBUG", "1")];

/// FNV-1a, 64 bits: names finding files after their content.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What every case needs: the command and the demo's model and store.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The `styring` binary.
    pub styring: PathBuf,
    /// The demo's model file.
    pub model: PathBuf,
    /// The demo's store.
    pub store: PathBuf,
    /// The limits each child runs under.
    pub limits: Limits,
}

/// A worker's own folder, with its copy of the store and the two models
/// that read a rhai script from the folder.
#[derive(Debug, Clone)]
pub struct Worker {
    dir: PathBuf,
    store: PathBuf,
    rule_dir: PathBuf,
    computed_dir: PathBuf,
}

/// `s[a..b]`, or a setup error when the range does not fit.
fn span(s: &str, a: usize, b: usize) -> Result<&str> {
    s.get(a..b)
        .ok_or_else(|| FuzzError::Setup(format!("bytes {a}..{b} of the demo model")))
}

/// Where indicator `code`'s entry starts, and its text up to the next
/// array table.
fn indicator_block<'m>(model: &'m str, code: &str) -> Result<(usize, &'m str)> {
    let start = model
        .find(&format!("code = \"{code}\"\n"))
        .ok_or_else(|| FuzzError::Setup(format!("the demo model has no indicator {code}")))?;
    let rest = span(model, start, model.len())?;
    let end = rest.find("\n[[").map_or(model.len(), |e| start + e + 1);
    Ok((start, span(model, start, end)?))
}

/// The demo model with indicator `code`'s `[indicators.rule]` table
/// replaced by `script = "rules/x.rhai"`.
///
/// # Errors
///
/// When the model has no such indicator or rule table.
pub fn rule_model(model: &str, code: &str) -> Result<String> {
    let (start, block) = indicator_block(model, code)?;
    let header = "[indicators.rule]\n";
    let rule = start
        + block
            .find(header)
            .ok_or_else(|| FuzzError::Setup(format!("{code} has no rule table")))?;
    let body = rule + header.len();
    let end = body
        + span(model, body, model.len())?
            .find("\n\n")
            .unwrap_or(model.len() - body);
    Ok(format!(
        "{}{header}script = \"rules/x.rhai\"{}",
        span(model, 0, rule)?,
        span(model, end, model.len())?
    ))
}

/// The demo model with indicator `code`'s `computed_inline = """…"""`
/// replaced by `computed = "rules/x.rhai"`.
///
/// # Errors
///
/// When the model has no such indicator or inline computation.
pub fn computed_model(model: &str, code: &str) -> Result<String> {
    let (start, block) = indicator_block(model, code)?;
    let open = "computed_inline = \"\"\"";
    let at = start
        + block
            .find(open)
            .ok_or_else(|| FuzzError::Setup(format!("{code} is not computed inline")))?;
    let body = at + open.len();
    let end = body
        + span(model, body, model.len())?
            .find("\"\"\"")
            .ok_or_else(|| FuzzError::Setup(format!("{code}: unterminated script")))?
        + 3;
    Ok(format!(
        "{}computed = \"rules/x.rhai\"{}",
        span(model, 0, at)?,
        span(model, end, model.len())?
    ))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| FuzzError::io(path, e))
}

fn mkdir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| FuzzError::io(path, e))
}

impl Worker {
    /// Makes the worker folder `dir`: a copy of the store and the rule and
    /// computed models.
    ///
    /// # Errors
    ///
    /// When the folder or its files cannot be written, or the demo model
    /// lacks the indicators the rhai cases use (M.1.5, M.1.8).
    pub fn create(setup: &Setup, dir: PathBuf) -> Result<Worker> {
        mkdir(&dir)?;
        let store = dir.join("store.sqlite");
        fs::copy(&setup.store, &store).map_err(|e| FuzzError::io(&setup.store, e))?;
        let model = fs::read_to_string(&setup.model).map_err(|e| FuzzError::io(&setup.model, e))?;
        let rule_dir = dir.join("rule");
        let computed_dir = dir.join("computed");
        mkdir(&rule_dir.join("rules"))?;
        mkdir(&computed_dir.join("rules"))?;
        write(
            &rule_dir.join("model.toml"),
            rule_model(&model, "M.1.5")?.as_bytes(),
        )?;
        write(
            &computed_dir.join("model.toml"),
            computed_model(&model, "M.1.8")?.as_bytes(),
        )?;
        Ok(Worker {
            dir,
            store,
            rule_dir,
            computed_dir,
        })
    }

    /// The worker's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// One child run of a case: the arguments and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The arguments after `styring`.
    pub args: Vec<String>,
    /// How it ended.
    pub exit: Exit,
}

/// The result of a case: every run and the finding, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The runs, in order.
    pub runs: Vec<Run>,
    /// The first finding.
    pub finding: Option<Finding>,
}

fn remove_store(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        // Absent is the normal case.
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// Writes `input` as a case of `format` into the worker's folder and runs
/// the command(s) that read it.
///
/// # Errors
///
/// When the input cannot be written or a child cannot be started.
pub fn run(setup: &Setup, w: &Worker, format: Format, input: &[u8]) -> Result<Outcome> {
    let mut outcome = Outcome {
        runs: Vec::new(),
        finding: None,
    };
    let s = |p: &Path| p.display().to_string();
    let exec = |args: Vec<String>, outcome: &mut Outcome| -> Result<bool> {
        let os: Vec<OsString> = args.iter().map(OsString::from).collect();
        let out = runner::run(&setup.styring, &os, CHILD_ENV, &setup.limits, &w.dir)?;
        let clean = out.exit == Exit::Code(0);
        let finding = runner::judge(&out);
        outcome.runs.push(Run {
            args,
            exit: out.exit,
        });
        if outcome.finding.is_none() {
            outcome.finding = finding;
        }
        Ok(clean && outcome.finding.is_none())
    };
    match format {
        // Every workbook format: a dry run of its import, which must never
        // leave a store behind.
        Format::Xlsx
        | Format::Xlsm
        | Format::Xls
        | Format::Ods
        | Format::Template
        | Format::Budget
        | Format::Accounts
        | Format::Deviations => {
            let file = w.dir.join(format!("case.{}", format.extension()));
            write(&file, input)?;
            let none = w.dir.join("dry-run.sqlite");
            remove_store(&none);
            let mut args: Vec<String> = match format {
                Format::Budget => vec!["budget".into(), "import".into()],
                Format::Accounts => vec![
                    "accounts".into(),
                    "import".into(),
                    "--sign".into(),
                    "expenses-positive".into(),
                ],
                Format::Deviations => vec!["deviation".into(), "import".into()],
                _ => vec!["import".into()],
            };
            args.extend([
                "--dry-run".into(),
                "--model".into(),
                s(&setup.model),
                "--store".into(),
                s(&none),
                s(&file),
            ]);
            exec(args, &mut outcome)?;
            if none.exists() && outcome.finding.is_none() {
                outcome.finding = Some(Finding {
                    problem: Problem::DryRunWrote,
                    signature: Problem::DryRunWrote.tag(),
                    excerpt: format!("{} exists after a --dry-run import", none.display()),
                });
            }
            remove_store(&none);
        }
        Format::JsonStat | Format::SsbCsv => {
            let file = w.dir.join(format!("case.{}", format.extension()));
            write(&file, input)?;
            exec(
                vec![
                    "kostra".into(),
                    "show".into(),
                    "--format".into(),
                    "json".into(),
                    s(&file),
                ],
                &mut outcome,
            )?;
        }
        // PxWebApi's answers from a stand-in on 127.0.0.1: a dry-run
        // fetch (no store may appear) and the table list. One second of
        // patience and four calls a table keep a case short.
        Format::PxWebApi => {
            let server = crate::pxserver::BundleServer::start(input.to_vec())
                .map_err(|e| FuzzError::Setup(format!("a port for the PxWebApi stand-in: {e}")))?;
            let none = w.dir.join("dry-run.sqlite");
            remove_store(&none);
            exec(
                vec![
                    "kostra".into(),
                    "fetch".into(),
                    "--dry-run".into(),
                    "--no-cache".into(),
                    "--model".into(),
                    s(&setup.model),
                    "--store".into(),
                    s(&none),
                    "--base-url".into(),
                    server.base_url.clone(),
                    "--timeout".into(),
                    "1".into(),
                    "--max-calls".into(),
                    "4".into(),
                ],
                &mut outcome,
            )?;
            exec(
                vec![
                    "kostra".into(),
                    "tables".into(),
                    "--base-url".into(),
                    server.base_url.clone(),
                    "--timeout".into(),
                    "1".into(),
                ],
                &mut outcome,
            )?;
            if none.exists() && outcome.finding.is_none() {
                outcome.finding = Some(Finding {
                    problem: Problem::DryRunWrote,
                    signature: Problem::DryRunWrote.tag(),
                    excerpt: format!("{} exists after a --dry-run fetch", none.display()),
                });
            }
            remove_store(&none);
        }
        Format::Model => {
            let file = w.dir.join("model.toml");
            write(&file, input)?;
            exec(
                vec!["check".into(), "--model".into(), s(&file)],
                &mut outcome,
            )?;
        }
        Format::StoreJson => {
            let file = w.dir.join("store.json");
            write(&file, input)?;
            let fresh = w.dir.join("imported.sqlite");
            remove_store(&fresh);
            exec(
                vec![
                    "store".into(),
                    "import".into(),
                    "--model".into(),
                    s(&setup.model),
                    "--store".into(),
                    s(&fresh),
                    s(&file),
                ],
                &mut outcome,
            )?;
            remove_store(&fresh);
        }
        Format::RhaiRule | Format::RhaiComputed => {
            let dir = if format == Format::RhaiRule {
                &w.rule_dir
            } else {
                &w.computed_dir
            };
            write(&dir.join("rules").join("x.rhai"), input)?;
            let model = s(&dir.join("model.toml"));
            let ok = exec(
                vec!["check".into(), "--model".into(), model.clone()],
                &mut outcome,
            )?;
            if ok {
                // A unit's card, or (for every other input) the municipality's
                // roll-up, where the rule sees no unit.
                let unit = if fnv1a(input) & 1 == 0 {
                    "aurvoll"
                } else {
                    "all"
                };
                exec(
                    vec![
                        "scorecard".into(),
                        "--model".into(),
                        model,
                        "--store".into(),
                        s(&w.store),
                        "--unit".into(),
                        unit.into(),
                        "--period".into(),
                        "2025-T2".into(),
                    ],
                    &mut outcome,
                )?;
            }
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "[[indicators]]\ncode = \"M.1.5\"\nname = \"x\"\n\n[indicators.rule]\nkind = \"tolerance\"\nabsolute = 0.005\n\n[[indicators]]\ncode = \"M.1.8\"\ncomputed_inline = \"\"\"\nlet a = v(\"M.1.9\");\na\n\"\"\"\n\n[indicators.rule]\nkind = \"tolerance\"\n";

    #[test]
    fn the_rule_model_reads_the_script() {
        let m = rule_model(MODEL, "M.1.5").unwrap();
        assert!(m.contains("code = \"M.1.5\"\nname = \"x\"\n\n[indicators.rule]\nscript = \"rules/x.rhai\"\n\n[[indicators]]"));
        assert!(!m.contains("absolute = 0.005"));
        assert!(rule_model(MODEL, "X.9").is_err());
    }

    #[test]
    fn the_computed_model_reads_the_script() {
        let m = computed_model(MODEL, "M.1.8").unwrap();
        assert!(m.contains("code = \"M.1.8\"\ncomputed = \"rules/x.rhai\"\n\n[indicators.rule]"));
        assert!(!m.contains("v(\"M.1.9\")"));
        assert!(computed_model(MODEL, "M.1.5").is_err());
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
