//! The sandbox's limits, all in one place.

/// Caps on what one evaluation may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Operations per evaluation (stops endless loops).
    pub max_operations: u64,
    /// Nested function calls (stops endless recursion).
    pub max_call_levels: usize,
    /// Longest string, in bytes.
    pub max_string_size: usize,
    /// Longest array.
    pub max_array_size: usize,
    /// Largest map.
    pub max_map_size: usize,
    /// Time all computed indicators of one model may take together, in
    /// milliseconds (each evaluation is capped by the limits above, but a
    /// computed indicator runs once per unit and period).
    pub max_compute_millis: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 100_000,
            max_call_levels: 32,
            max_string_size: 10_000,
            max_array_size: 10_000,
            max_map_size: 1_000,
            max_compute_millis: 3_000,
        }
    }
}
