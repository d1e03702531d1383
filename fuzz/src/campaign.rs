//! A fuzzing run: seeds made, checked unmutated, then cases run on
//! `--jobs` workers until `--cases` are done or `--seconds` have passed;
//! every finding saved under `--out` with a log beside it; a summary.
//! And [`replay`], which runs saved inputs (the regression fixtures)
//! through the same cases.

use crate::case::{self, fnv1a, Outcome, Setup, Worker};
use crate::error::{FuzzError, Result};
use crate::format::Format;
use crate::mutate::{self, Mutant};
use crate::rng::{case_seed, Rng};
use crate::runner::{Exit, Finding, Limits};
use crate::seeds::{self, Corpus};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a run does.
#[derive(Debug, Clone)]
pub struct Config {
    /// The `styring` binary.
    pub styring: PathBuf,
    /// The folder with the workbook fixtures used as seeds.
    pub fixtures: PathBuf,
    /// Where findings are saved.
    pub out: PathBuf,
    /// The run's seed: the same seed gives the same cases.
    pub seed: u64,
    /// Stop after this many cases.
    pub cases: Option<u64>,
    /// Stop after this much time.
    pub seconds: Option<u64>,
    /// Children run at the same time.
    pub jobs: usize,
    /// The limits of each child.
    pub limits: Limits,
    /// Most inputs saved per signature (every finding is counted).
    pub max_saved_per_signature: usize,
    /// Print a progress line this often (None: never).
    pub progress: Option<Duration>,
}

/// A folder under the system's temporary folder, removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// Makes a new, empty folder named after `prefix`, the process and the time.
    ///
    /// # Errors
    ///
    /// When the folder cannot be made.
    pub fn new(prefix: &str) -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let p = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&p).map_err(|e| FuzzError::io(&p, e))?;
        Ok(TempDir(p))
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover temporary folder is harmless.
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Counts for one format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatStats {
    /// Cases run.
    pub cases: u64,
    /// Cases where every run exited 0 (the input was accepted).
    pub accepted: u64,
    /// Cases that were findings.
    pub findings: u64,
    /// Findings per signature.
    pub signatures: BTreeMap<String, u64>,
}

/// A saved finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The input's file.
    pub path: PathBuf,
    /// The finding's signature.
    pub signature: String,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Cases run (seeds not counted).
    pub cases: u64,
    /// Wall-clock time of the cases.
    pub elapsed: Duration,
    /// The run's seed.
    pub seed: u64,
    /// Workers.
    pub jobs: usize,
    /// Counts per format.
    pub formats: BTreeMap<Format, FormatStats>,
    /// Findings saved, in the order found.
    pub saved: Vec<Saved>,
    /// Seeds that were findings themselves or did not exit 0.
    pub seed_notes: Vec<String>,
}

impl Summary {
    /// Whether anything was found (seeds included).
    pub fn found(&self) -> bool {
        self.formats.values().any(|f| f.findings > 0)
    }

    /// Cases per second.
    pub fn rate(&self) -> f64 {
        self.cases as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The summary as printed at the end of a run.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "styring-fuzz: {} cases in {:.1} s ({:.1} cases/s), seed {}, {} jobs",
            self.cases,
            self.elapsed.as_secs_f64(),
            self.rate(),
            self.seed,
            self.jobs
        );
        for n in &self.seed_notes {
            let _ = writeln!(s, "  seed: {n}");
        }
        let _ = writeln!(
            s,
            "  {:<14}{:>8}{:>10}{:>10}  signatures",
            "format", "cases", "accepted", "findings"
        );
        for (f, st) in &self.formats {
            let sigs: Vec<String> = st
                .signatures
                .iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect();
            let _ = writeln!(
                s,
                "  {:<14}{:>8}{:>10}{:>10}  {}",
                f.name(),
                st.cases,
                st.accepted,
                st.findings,
                sigs.join(", ")
            );
        }
        if !self.saved.is_empty() {
            let _ = writeln!(s, "  saved:");
            for f in &self.saved {
                let _ = writeln!(s, "    {}  ({})", f.path.display(), f.signature);
            }
        }
        s
    }
}

/// The shared state of a run's workers.
struct Shared<'a> {
    config: &'a Config,
    corpus: &'a Corpus,
    formats: Vec<Format>,
    summary: Mutex<Summary>,
    saved_per_signature: Mutex<BTreeMap<(Format, String), usize>>,
    next: AtomicU64,
    done: AtomicU64,
    stop: AtomicBool,
    error: Mutex<Option<FuzzError>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A worker that panicked cannot leave the counts half-written in a way
    // that matters here; keep going with what is there.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The case `case` of a run: its format, seed name and mutant.
pub fn make_case(
    corpus: &Corpus,
    formats: &[Format],
    run_seed: u64,
    case: u64,
) -> Option<(Format, String, Mutant)> {
    let mut rng = Rng::new(case_seed(run_seed, case));
    let format = *rng.pick(formats)?;
    let pool = corpus.of(format);
    let seed = *rng.pick(&pool)?;
    let other = rng.pick(&pool).map(|s| s.bytes.as_slice());
    let mutant = mutate::mutate(&mut rng, format, &seed.bytes, other);
    Some((format, seed.name.clone(), mutant))
}

/// Saves a finding's input and a log beside it; returns the input's path.
fn save(
    out: &Path,
    format: Format,
    finding: &Finding,
    input: &[u8],
    about: &str,
    outcome: &Outcome,
) -> Result<PathBuf> {
    let name = format!(
        "{}-{}-{:016x}.{}",
        format.name(),
        finding.problem.tag(),
        fnv1a(input),
        format.extension()
    );
    let path = out.join(name);
    fs::write(&path, input).map_err(|e| FuzzError::io(&path, e))?;
    let mut log = String::new();
    let _ = writeln!(log, "signature: {}\n{about}", finding.signature);
    for r in &outcome.runs {
        let _ = writeln!(log, "run: styring {}  => {:?}", r.args.join(" "), r.exit);
    }
    let _ = writeln!(log, "--- end of stderr ---\n{}", finding.excerpt);
    let mut log_path = path.clone().into_os_string();
    log_path.push(".log");
    let log_path = PathBuf::from(log_path);
    fs::write(&log_path, log).map_err(|e| FuzzError::io(&log_path, e))?;
    Ok(path)
}

impl Shared<'_> {
    fn record(
        &self,
        format: Format,
        input: &[u8],
        about: &str,
        outcome: &Outcome,
        counted: bool,
    ) -> Result<()> {
        let mut saved = None;
        if let Some(f) = &outcome.finding {
            let key = (format, f.signature.clone());
            let save_it = {
                let mut per = lock(&self.saved_per_signature);
                let n = per.entry(key).or_insert(0);
                *n += 1;
                *n <= self.config.max_saved_per_signature
            };
            if save_it {
                let path = save(&self.config.out, format, f, input, about, outcome)?;
                saved = Some(Saved {
                    path,
                    signature: f.signature.clone(),
                });
            }
        }
        let mut sum = lock(&self.summary);
        let st = sum.formats.entry(format).or_default();
        if counted {
            st.cases += 1;
            if outcome.finding.is_none() && outcome.runs.iter().all(|r| r.exit == Exit::Code(0)) {
                st.accepted += 1;
            }
        }
        if let Some(f) = &outcome.finding {
            st.findings += 1;
            *st.signatures.entry(f.signature.clone()).or_insert(0) += 1;
        }
        if counted {
            sum.cases += 1;
        }
        if let Some(s) = saved {
            // The same input made twice is one file.
            if !sum.saved.iter().any(|t| t.path == s.path) {
                sum.saved.push(s);
            }
        }
        Ok(())
    }

    fn work(&self, worker: &Worker, deadline: Option<Instant>) -> Result<()> {
        let setup = &self.corpus.setup;
        loop {
            if self.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(());
            }
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if self.config.cases.is_some_and(|n| i >= n) {
                return Ok(());
            }
            let Some((format, seed_name, mutant)) =
                make_case(self.corpus, &self.formats, self.config.seed, i)
            else {
                return Ok(());
            };
            let outcome = case::run(setup, worker, format, &mutant.bytes)?;
            let about = format!(
                "case {i} of seed {} (styring-fuzz --seed {} …), from seed file {seed_name}\nedits: {}",
                self.config.seed,
                self.config.seed,
                mutant.log.join("; ")
            );
            self.record(format, &mutant.bytes, &about, &outcome, true)?;
            self.done.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Runs a fuzzing campaign.
///
/// # Errors
///
/// When the seeds cannot be made, a worker folder cannot be written, or
/// a child cannot be started. Findings are not errors: see [`Summary::found`].
pub fn run(config: &Config) -> Result<Summary> {
    fs::create_dir_all(&config.out).map_err(|e| FuzzError::io(&config.out, e))?;
    let root = TempDir::new("styring-fuzz")?;
    let corpus = seeds::make(
        &config.styring,
        &config.fixtures,
        root.path(),
        config.limits,
    )?;
    let jobs = config.jobs.max(1);
    let workers: Vec<Worker> = (0..jobs)
        .map(|k| Worker::create(&corpus.setup, root.path().join(format!("worker-{k}"))))
        .collect::<Result<_>>()?;
    let shared = Shared {
        config,
        corpus: &corpus,
        formats: corpus.formats(),
        summary: Mutex::new(Summary {
            seed: config.seed,
            jobs,
            ..Summary::default()
        }),
        saved_per_signature: Mutex::new(BTreeMap::new()),
        next: AtomicU64::new(0),
        done: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        error: Mutex::new(None),
    };
    // Every seed once, unmutated: a seed that fails is a finding or a
    // harness problem, and either should be seen first.
    for s in &corpus.seeds {
        let outcome = case::run(&corpus.setup, &workers[0], s.format, &s.bytes)?;
        let about = format!("unmutated seed {}", s.name);
        if let Some(f) = &outcome.finding {
            lock(&shared.summary)
                .seed_notes
                .push(format!("{} ({}): {}", s.name, s.format, f.signature));
        } else if let Some(r) = outcome.runs.iter().find(|r| r.exit != Exit::Code(0)) {
            lock(&shared.summary).seed_notes.push(format!(
                "{} ({}): `styring {}` ended {:?}",
                s.name,
                s.format,
                r.args.join(" "),
                r.exit
            ));
        }
        shared.record(s.format, &s.bytes, &about, &outcome, false)?;
    }
    let start = Instant::now();
    let deadline = config.seconds.map(|s| start + Duration::from_secs(s));
    let active = AtomicUsize::new(jobs);
    std::thread::scope(|scope| {
        for w in &workers {
            let shared = &shared;
            let active = &active;
            scope.spawn(move || {
                if let Err(e) = shared.work(w, deadline) {
                    shared.stop.store(true, Ordering::Relaxed);
                    lock(&shared.error).get_or_insert(e);
                }
                active.fetch_sub(1, Ordering::Relaxed);
            });
        }
        let mut last = Instant::now();
        while active.load(Ordering::Relaxed) > 0 {
            std::thread::sleep(Duration::from_millis(50));
            if let Some(every) = config.progress {
                if last.elapsed() >= every {
                    last = Instant::now();
                    let n = shared.done.load(Ordering::Relaxed);
                    let found: u64 = lock(&shared.summary)
                        .formats
                        .values()
                        .map(|f| f.findings)
                        .sum();
                    let secs = start.elapsed().as_secs_f64();
                    eprintln!(
                        "[{secs:6.0} s] {n} cases, {:.1}/s, {found} findings",
                        n as f64 / secs.max(1e-9)
                    );
                }
            }
        }
    });
    if let Some(e) = lock(&shared.error).take() {
        return Err(e);
    }
    let mut summary = shared
        .summary
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// One replayed file and what the command did with it.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The file.
    pub path: PathBuf,
    /// Its format (from its name).
    pub format: Format,
    /// The runs and the finding, if any.
    pub outcome: Outcome,
}

/// Runs every input file in `dir` once through its format's case (the
/// format is read from the file's name, see [`Format::from_file_name`];
/// `.log` and `.md` files and names without a format are skipped).
///
/// # Errors
///
/// As [`run`].
pub fn replay(
    styring: &Path,
    fixtures: &Path,
    dir: &Path,
    limits: Limits,
) -> Result<Vec<Replayed>> {
    let root = TempDir::new("styring-fuzz-replay")?;
    let corpus = seeds::make(styring, fixtures, root.path(), limits)?;
    let setup: &Setup = &corpus.setup;
    let worker = Worker::create(setup, root.path().join("worker"))?;
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| FuzzError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.extension().is_some_and(|x| x == "log" || x == "md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(format) = Format::from_file_name(&name) else {
            continue;
        };
        let input = fs::read(&path).map_err(|e| FuzzError::io(&path, e))?;
        let outcome = case::run(setup, &worker, format, &input)?;
        out.push(Replayed {
            path,
            format,
            outcome,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::Seed;

    fn corpus() -> Corpus {
        let seed = |format, name: &str, text: &str| Seed {
            format,
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        };
        Corpus {
            setup: Setup {
                styring: PathBuf::from("styring"),
                model: PathBuf::from("model.toml"),
                store: PathBuf::from("store.sqlite"),
                limits: Limits::default(),
            },
            seeds: vec![
                seed(Format::Model, "a.toml", "[municipality]\nid = \"oyer\"\n"),
                seed(
                    Format::RhaiRule,
                    "r.rhai",
                    "if value == () { no_data() } else { green() }\n",
                ),
            ],
        }
    }

    #[test]
    fn a_case_depends_only_on_the_seed_and_its_number() {
        let c = corpus();
        let formats = c.formats();
        assert_eq!(formats, [Format::Model, Format::RhaiRule]);
        for i in 0..200 {
            let a = make_case(&c, &formats, 9, i).unwrap();
            let b = make_case(&c, &formats, 9, i).unwrap();
            assert_eq!(a, b);
            assert!(formats.contains(&a.0));
        }
        let differ =
            (0..50).filter(|&i| make_case(&c, &formats, 9, i) != make_case(&c, &formats, 10, i));
        assert!(differ.count() > 40);
    }

    #[test]
    fn the_summary_names_formats_and_findings() {
        let mut s = Summary {
            cases: 10,
            elapsed: Duration::from_secs(2),
            seed: 1,
            jobs: 2,
            ..Summary::default()
        };
        assert!(!s.found());
        let st = s.formats.entry(Format::Xls).or_default();
        st.cases = 10;
        st.findings = 1;
        st.signatures.insert("timeout".into(), 1);
        let text = s.render();
        assert!(text.starts_with("styring-fuzz: 10 cases in 2.0 s (5.0 cases/s), seed 1, 2 jobs\n"));
        assert!(text.contains("xls"), "{text}");
        assert!(text.contains("timeout ×1"), "{text}");
        assert!(s.found());
    }
}
