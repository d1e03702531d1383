//! The fuzzer's one error type: what failed and where. Findings are not
//! errors — they are results; an error means the fuzzer itself could not
//! run (a bad argument, a missing binary, a seed that cannot be made).

use std::fmt;
use std::path::{Path, PathBuf};

/// Why the fuzzer could not do its work.
#[derive(Debug)]
#[non_exhaustive]
pub enum FuzzError {
    /// A wrong command-line argument.
    Usage(String),
    /// Reading or writing a file failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// Preparing the seeds or the work folders failed.
    Setup(String),
    /// A zip archive could not be read or written.
    Zip(String),
}

impl FuzzError {
    /// An [`FuzzError::Io`] for `path`.
    pub fn io(path: &Path, source: std::io::Error) -> FuzzError {
        FuzzError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for FuzzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FuzzError::Usage(m) => write!(f, "usage: {m}"),
            FuzzError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            FuzzError::Setup(m) => write!(f, "setup: {m}"),
            FuzzError::Zip(m) => write!(f, "zip: {m}"),
        }
    }
}

impl std::error::Error for FuzzError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FuzzError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<zip::result::ZipError> for FuzzError {
    fn from(e: zip::result::ZipError) -> Self {
        FuzzError::Zip(e.to_string())
    }
}

/// A result with a [`FuzzError`].
pub type Result<T> = std::result::Result<T, FuzzError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place() {
        let e = FuzzError::io(
            Path::new("/x/y.xls"),
            std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(e.to_string(), "/x/y.xls: gone");
        assert_eq!(
            FuzzError::Usage("--cases wants a number".into()).to_string(),
            "usage: --cases wants a number"
        );
    }
}
