//! `styring-fuzz`: a mutation fuzzer for the `styring` command that runs
//! on stable Rust (cargo-fuzz needs nightly).
//!
//! It makes seeds of every input format from the command itself
//! ([`seeds`]), mutates them with format-aware edits ([`mutate`]), runs
//! each case in a child process under a memory and time limit with the
//! command that reads that format ([`case`], [`runner`]) and saves every
//! input that made the command crash, panic, hang or run out of memory
//! ([`campaign`]).
//!
//! - [`rng`]: SplitMix64 / xorshift64*, so `--seed` reproduces a run.
//! - [`format`](mod@format): the formats and their names in file names.
//! - [`error`]: the one error type.

pub mod campaign;
pub mod case;
pub mod error;
pub mod format;
pub mod mutate;
pub mod pxserver;
pub mod rng;
pub mod runner;
pub mod seeds;
