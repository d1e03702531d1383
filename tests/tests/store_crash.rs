//! Crash safety: a process killed while writing a batch leaves a store that
//! opens with either the state before the batch or the state after it,
//! never a mix.

use std::process::Command;
use std::time::{Duration, Instant};
use styring_core::example;
use styring_core::store::{BatchInfo, Store};

const CHILD: &str = "STYRING_CRASH_CHILD";
const BATCH: usize = 40 * 20 * 36;

fn child(path: &str) -> ! {
    let (model, mut inputs) = example::scaled(40, 20, 36);
    let mut store = Store::open(std::path::Path::new(path)).expect("open");
    let mut round = 0u32;
    loop {
        round += 1;
        for (i, x) in inputs.iter_mut().enumerate() {
            x.value = Some(((i as u32 + round) % 1000) as f64 / 10_000.0);
        }
        store
            .record(&model, &inputs, &BatchInfo::new("crash-test"))
            .expect("record");
        // Tell the parent that at least one batch is committed.
        let _ = std::fs::write(format!("{path}.ready"), round.to_string());
    }
}

#[test]
fn killed_mid_batch_leaves_the_old_or_the_new_state() {
    if let Ok(path) = std::env::var(CHILD) {
        child(&path);
    }
    let dir = tempfile::tempdir().unwrap();
    let (model, _) = example::scaled(40, 20, 36);
    for (attempt, delay_ms) in [7u64, 31, 73, 151].into_iter().enumerate() {
        let path = dir.path().join(format!("store{attempt}.sqlite"));
        let mut proc = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store_crash::killed_mid_batch_leaves_the_old_or_the_new_state",
                "--nocapture",
            ])
            .env(CHILD, &path)
            .spawn()
            .unwrap();
        let ready = format!("{}.ready", path.display());
        let start = Instant::now();
        while !std::path::Path::new(&ready).exists() {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "child never committed a batch"
            );
            if let Some(status) = proc.try_wait().unwrap() {
                panic!("child exited early: {status}");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        proc.kill().unwrap();
        proc.wait().unwrap();
        let store = Store::open(&path).expect("the store opens after a crash");
        let n = store.revision_count().unwrap();
        assert!(
            n >= BATCH && n.is_multiple_of(BATCH),
            "attempt {attempt}: {n} revisions is not a whole number of batches of {BATCH}"
        );
        // Every batch row has its observations, and the data loads.
        let data = store.dataset(&model).unwrap();
        assert_eq!(data.len(), BATCH);
        let ok: String = store
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
