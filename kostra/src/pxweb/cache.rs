//! What was fetched, kept on disk by its address, and used again while
//! SSB has not updated the table since.

use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// A folder of answers, one file for the answer and one for where and
/// when it came from.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// An answer from the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    /// The answer's bytes.
    pub body: Vec<u8>,
    /// When it was fetched.
    pub fetched: DateTime<Utc>,
}

/// FNV-1a, 64 bits: a file name for an address that stays the same from
/// one version of Rust to the next.
fn key(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Cache {
    /// A cache in `dir` (made when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The answer for `url` fetched when the table was last updated at
    /// `updated`; none when there is none, it is from before, or its
    /// files cannot be read.
    pub fn get(&self, url: &str, updated: Option<&str>) -> Option<Cached> {
        let updated = updated?;
        let k = key(url);
        let meta = std::fs::read(self.dir.join(format!("{k}.meta.json"))).ok()?;
        let meta: serde_json::Value = serde_json::from_slice(&meta).ok()?;
        let field = |f: &str| meta.get(f).and_then(serde_json::Value::as_str);
        if field("url") != Some(url) || field("updated") != Some(updated) {
            return None;
        }
        let fetched = DateTime::parse_from_rfc3339(field("fetched")?)
            .ok()?
            .with_timezone(&Utc);
        let body = std::fs::read(self.dir.join(format!("{k}.json"))).ok()?;
        Some(Cached { body, fetched })
    }

    /// Keeps `body` for `url`, each file written whole or not at all.
    ///
    /// # Errors
    /// The folder or a file cannot be written.
    pub fn put(
        &self,
        url: &str,
        updated: Option<&str>,
        body: &[u8],
        fetched: DateTime<Utc>,
    ) -> Result<(), (PathBuf, std::io::Error)> {
        let Some(updated) = updated else {
            return Ok(());
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| (self.dir.clone(), e))?;
        let k = key(url);
        let meta = serde_json::json!({
            "url": url,
            "updated": updated,
            "fetched": fetched.to_rfc3339(),
        });
        write_whole(&self.dir.join(format!("{k}.json")), body)?;
        write_whole(
            &self.dir.join(format!("{k}.meta.json")),
            meta.to_string().as_bytes(),
        )
    }
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), (PathBuf, std::io::Error)> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| (tmp.clone(), e))?;
    std::fs::rename(&tmp, path).map_err(|e| (path.to_path_buf(), e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_answer_is_used_again_only_while_the_table_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path().join("c"));
        let at = DateTime::parse_from_rfc3339("2026-03-15T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        c.put("http://x/data?a=1", Some("2026-03-15"), b"{}", at)
            .unwrap();
        let hit = c.get("http://x/data?a=1", Some("2026-03-15")).unwrap();
        assert_eq!((hit.body.as_slice(), hit.fetched), (b"{}".as_slice(), at));
        assert!(c.get("http://x/data?a=1", Some("2026-06-15")).is_none());
        assert!(c.get("http://x/data?a=2", Some("2026-03-15")).is_none());
        assert!(c.get("http://x/data?a=1", None).is_none());
    }

    #[test]
    fn the_file_name_is_fixed_for_an_address() {
        // FNV-1a of the empty string is its offset basis.
        assert_eq!(key(""), "cbf29ce484222325");
        assert_eq!(key("a"), "af63dc4c8601ec8c");
    }
}
