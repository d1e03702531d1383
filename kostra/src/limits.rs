//! How much a statistics file may hold before it is refused: a hostile
//! or broken file must not exhaust memory.

/// Limits on what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Most cells in one table.
    pub max_cells: usize,
    /// Most dimensions in one table.
    pub max_dimensions: usize,
}

impl Default for Limits {
    /// 512 MB, 20 million cells, 32 dimensions (SSB's API gives at most
    /// 800 000 cells a call; a saved table of a whole country's KOSTRA
    /// figures stays well inside).
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 * 1024 * 1024,
            max_cells: 20_000_000,
            max_dimensions: 32,
        }
    }
}
