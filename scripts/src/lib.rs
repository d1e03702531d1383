//! rhai threshold rules and computed indicators for Styring.
//!
//! This crate is filled in by the rhai issue; `styring_core::rule::CustomRules`
//! is the interface it will implement, so `core` never depends on rhai.

pub use styring_core as core;
