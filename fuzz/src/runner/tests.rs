//! The runner's verdicts on fake children.

use super::*;

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("styring-fuzz-runner-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sh(script: &str, limits: &Limits) -> (Output, Option<Finding>) {
    let dir = scratch(&format!("{:x}", crate::case::fnv1a(script.as_bytes())));
    let out = run(
        Path::new("sh"),
        &["-c", script],
        &[("FUZZ_TEST", "1")],
        limits,
        &dir,
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let f = judge(&out);
    (out, f)
}

#[test]
fn clean_exits_are_not_findings() {
    let l = Limits::default();
    let (o, f) = sh("echo ok $FUZZ_TEST", &l);
    assert_eq!(o.exit, Exit::Code(0));
    assert_eq!(o.stdout, b"ok 1\n");
    assert!(f.is_none());
    let (o, f) = sh("echo 'ugyldig modell' >&2; exit 1", &l);
    assert_eq!(o.exit, Exit::Code(1));
    assert!(f.is_none());
}

#[test]
fn exit_134_is_flagged() {
    let (_, f) = sh("exit 134", &Limits::default());
    let f = f.unwrap();
    assert_eq!(f.problem, Problem::ExitCode(134));
    assert_eq!(f.problem.tag(), "exit134");
}

#[test]
fn an_abort_is_flagged_as_a_signal() {
    let (o, f) = sh("kill -ABRT $$", &Limits::default());
    assert_eq!(o.exit, Exit::Signal(6));
    assert_eq!(f.unwrap().problem, Problem::Signal(6));
}

#[test]
fn panic_text_is_flagged_even_with_exit_1() {
    let (_, f) = sh(
        "echo \"thread 'main' panicked at xlsx/src/import/guard.rs:12:5:\" >&2; exit 1",
        &Limits::default(),
    );
    let f = f.unwrap();
    assert_eq!(f.problem, Problem::Panic);
    assert_eq!(f.signature, "panic at xlsx/src/import/guard.rs:12");
    let (_, f) = sh("echo 'panicked at' >&2; exit 1", &Limits::default());
    assert_eq!(f.unwrap().problem, Problem::Panic);
}

#[test]
fn allocation_failures_and_backtrace_notes_are_flagged() {
    let (_, f) = sh(
        "echo 'memory allocation of 1099511627776 bytes failed' >&2; kill -ABRT $$",
        &Limits::default(),
    );
    assert_eq!(f.unwrap().problem, Problem::OutOfMemory);
    let (_, f) = sh(
        "echo 'note: run with `RUST_BACKTRACE=1`'; exit 0",
        &Limits::default(),
    );
    assert_eq!(f.unwrap().problem, Problem::Backtrace);
    let (_, f) = sh(
        "echo \"thread 'main' has overflowed its stack\" >&2; kill -ABRT $$",
        &Limits::default(),
    );
    assert_eq!(f.unwrap().problem, Problem::StackOverflow);
}

#[test]
fn a_hanging_child_is_killed_and_flagged() {
    let limits = Limits {
        timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let (o, f) = sh("sleep 20", &limits);
    assert_eq!(o.exit, Exit::TimedOut);
    assert!(o.elapsed < Duration::from_secs(5), "{:?}", o.elapsed);
    assert_eq!(f.unwrap().problem, Problem::Timeout);
}

#[test]
fn the_memory_limit_holds() {
    // 16 MiB of address space is too little for a shell that asks for 64 MiB.
    let limits = Limits {
        memory_mb: 16,
        ..Limits::default()
    };
    let (o, _) = sh(
        "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}",
        &limits,
    );
    assert_ne!(o.stdout, b"67108864\n", "the limit was not applied");
}

#[test]
fn panic_places_are_short() {
    assert_eq!(
        short_place("/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/calamine-0.38.0/src/cfb.rs:344:25:"),
        "calamine-0.38.0/src/cfb.rs:344"
    );
    assert_eq!(
        short_place("xlsx/src/import/guard.rs:12:5:"),
        "xlsx/src/import/guard.rs:12"
    );
    assert_eq!(short_place("core/src/x.rs:7"), "core/src/x.rs:7");
}
