//! Runs one child process under limits and judges how it ended.
//!
//! The child is started as `sh -c 'ulimit -v KB; exec "$0" "$@"' PROGRAM
//! ARGS…`: the shell sets the address-space limit and then becomes the
//! program, so the process we wait for and kill is the program itself.
//! Its output goes to two files in a scratch folder (no pipes to fill);
//! the wall clock is watched with `try_wait`, and a child past its time is
//! killed.

use crate::error::{FuzzError, Result};
use std::ffi::OsStr;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How much of each output stream is kept (from the start and from the end).
const KEEP: u64 = 1 << 20;

/// The limits every child runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time before the child is killed (a finding).
    pub timeout: Duration,
    /// Address-space limit (`ulimit -v`), in MiB.
    pub memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(10),
            memory_mb: 512,
        }
    }
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this code.
    Code(i32),
    /// A signal ended it (an abort is signal 6).
    Signal(i32),
    /// It ran past the time limit and was killed.
    TimedOut,
}

/// What a child did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// How it ended.
    pub exit: Exit,
    /// Its standard output (the first and last MiB).
    pub stdout: Vec<u8>,
    /// Its standard error (the first and last MiB).
    pub stderr: Vec<u8>,
    /// How long it ran.
    pub elapsed: Duration,
}

/// Runs `program` with `args` and the extra environment `env` under
/// `limits`, in `scratch` (its working folder, where its output files are
/// written). `RUST_BACKTRACE` is removed, so panic messages look the same
/// whatever the caller's environment.
///
/// # Errors
///
/// When the output files cannot be made or the shell cannot be started.
pub fn run<S: AsRef<OsStr>>(
    program: &Path,
    args: &[S],
    env: &[(&str, &str)],
    limits: &Limits,
    scratch: &Path,
) -> Result<Output> {
    let out_path = scratch.join("child.stdout");
    let err_path = scratch.join("child.stderr");
    let out = File::create(&out_path).map_err(|e| FuzzError::io(&out_path, e))?;
    let err = File::create(&err_path).map_err(|e| FuzzError::io(&err_path, e))?;
    let script = format!("ulimit -v {}; exec \"$0\" \"$@\"", limits.memory_mb * 1024);
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(program)
        .args(args)
        .current_dir(scratch)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| FuzzError::io(Path::new("sh"), e))?;
    let mut poll = Duration::from_millis(1);
    let exit = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                break match (status.code(), status.signal()) {
                    (Some(c), _) => Exit::Code(c),
                    (None, Some(s)) => Exit::Signal(s),
                    (None, None) => Exit::Code(-1),
                };
            }
            Ok(None) => {}
            Err(e) => return Err(FuzzError::io(program, e)),
        }
        if start.elapsed() >= limits.timeout {
            // Already gone is fine: the wait below collects it either way.
            let _ = child.kill();
            let _ = child.wait();
            break Exit::TimedOut;
        }
        std::thread::sleep(poll);
        poll = (poll * 2).min(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    Ok(Output {
        exit,
        stdout: read_capped(&out_path)?,
        stderr: read_capped(&err_path)?,
        elapsed,
    })
}

/// The first and last [`KEEP`] bytes of a file (all of it when small).
fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let io = |e| FuzzError::io(path, e);
    let mut f = File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut buf = Vec::new();
    if len <= 2 * KEEP {
        f.read_to_end(&mut buf).map_err(io)?;
    } else {
        (&mut f).take(KEEP).read_to_end(&mut buf).map_err(io)?;
        buf.extend_from_slice(b"\n[...]\n");
        f.seek(SeekFrom::End(-(KEEP as i64))).map_err(io)?;
        f.read_to_end(&mut buf).map_err(io)?;
    }
    Ok(buf)
}

/// What kind of failure a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// Killed after the time limit.
    Timeout,
    /// Hit the memory limit (`memory allocation of … failed`).
    OutOfMemory,
    /// Overflowed its stack.
    StackOverflow,
    /// A Rust panic (`panicked at`).
    Panic,
    /// Ended by a signal (an abort, a segmentation fault).
    Signal(i32),
    /// Exited with a code other than 0 and 1.
    ExitCode(i32),
    /// Mentioned `RUST_BACKTRACE` without a panic message.
    Backtrace,
    /// `import --dry-run` left a store file behind.
    DryRunWrote,
}

impl Problem {
    /// A short tag for file names and summaries.
    pub fn tag(self) -> String {
        match self {
            Problem::Timeout => "timeout".into(),
            Problem::OutOfMemory => "oom".into(),
            Problem::StackOverflow => "stackoverflow".into(),
            Problem::Panic => "panic".into(),
            Problem::Signal(s) => format!("signal{s}"),
            Problem::ExitCode(c) => format!("exit{c}"),
            Problem::Backtrace => "backtrace".into(),
            Problem::DryRunWrote => "drywrite".into(),
        }
    }
}

/// A finding: what went wrong and a signature to group the same bug by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The kind of failure.
    pub problem: Problem,
    /// What identifies the bug: the problem and, for a panic, where.
    pub signature: String,
    /// The end of the child's standard error.
    pub excerpt: String,
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The text after `needle` up to the end of its line, in either stream.
fn after(out: &Output, needle: &str) -> Option<String> {
    for s in [&out.stderr, &out.stdout] {
        if let Some(p) = s.windows(needle.len()).position(|w| w == needle.as_bytes()) {
            let rest = &s[p + needle.len()..];
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            return Some(
                String::from_utf8_lossy(&rest[..end.min(200)])
                    .trim()
                    .to_string(),
            );
        }
    }
    None
}

/// A panic's place as `crate-1.2.3/src/x.rs:12` or `xlsx/src/x.rs:12`:
/// the registry's folders and the column dropped.
pub fn short_place(place: &str) -> String {
    let place = place.trim().trim_end_matches(':');
    // `file:line:column` — keep the file and the line.
    let place = match place.rsplit_once(':') {
        Some((head, col)) if col.chars().all(|c| c.is_ascii_digit()) && head.contains(':') => head,
        _ => place,
    };
    match place.find("/registry/src/") {
        Some(i) => {
            let rest = place.get(i + "/registry/src/".len()..).unwrap_or(place);
            rest.split_once('/').map_or(rest, |(_, r)| r).to_string()
        }
        None => place.to_string(),
    }
}

/// The one line a reader's caught panic becomes (see the importer).
const DAMAGED: &str = "filen er skadet eller ikke en arbeidsbok vi kan lese";

/// Judges a child's output: None when it ended cleanly (exit 0 or 1, no
/// panic text), else the finding. A panic inside calamine that the
/// importer caught and reported as a damaged file (exit 1) is the
/// designed outcome, not a finding.
pub fn judge(out: &Output) -> Option<Finding> {
    let either = |needle: &str| contains(&out.stderr, needle) || contains(&out.stdout, needle);
    let caught_in_reader = out.exit == Exit::Code(1)
        && either(DAMAGED)
        && after(out, "panicked at").is_some_and(|place| place.contains("calamine"));
    if caught_in_reader {
        return None;
    }
    let problem = if out.exit == Exit::TimedOut {
        Problem::Timeout
    } else if either("memory allocation of") || either("out of memory") {
        Problem::OutOfMemory
    } else if either("has overflowed its stack") {
        Problem::StackOverflow
    } else if either("panicked at") {
        Problem::Panic
    } else if let Exit::Signal(s) = out.exit {
        Problem::Signal(s)
    } else if let Exit::Code(c) = out.exit {
        if c != 0 && c != 1 {
            Problem::ExitCode(c)
        } else if either("RUST_BACKTRACE") {
            Problem::Backtrace
        } else {
            return None;
        }
    } else {
        return None;
    };
    let signature = match problem {
        Problem::Panic => {
            let place = after(out, "panicked at").unwrap_or_default();
            format!("panic at {}", short_place(&place))
        }
        Problem::OutOfMemory => match after(out, "memory allocation of") {
            Some(_) => "oom: allocation failed".to_string(),
            None => "oom: out of memory".to_string(),
        },
        p => p.tag(),
    };
    let tail = &out.stderr[out.stderr.len().saturating_sub(2000)..];
    Some(Finding {
        problem,
        signature,
        excerpt: String::from_utf8_lossy(tail).into_owned(),
    })
}

#[cfg(test)]
mod tests;
