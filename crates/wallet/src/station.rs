//! The [`CounterStation`] itself: a shared PC at a counter (a clinic's reception, a bank's desk)
//! that checks presentations all day with a handheld scanner, a camera or picture files. It has
//! no citizen account, no wallet, no PIN and nothing to lock: everything it keeps is public or
//! a record of its own checks, in one small folder:
//!
//! | file | what |
//! |---|---|
//! | `role.json` | what this device was set up for ([`crate::Role`]) |
//! | `station.json` | the station's settings ([`crate::StationSettings`]) |
//! | `trust.cbor` | the portal's trust bundle as last fetched (root key, trust list, status lists) |
//! | `trust.json` | the pinned root key id, when it was pinned and when the bundle was fetched |
//! | `log.jsonl` | the station's own log, one check per line: time, result code, document type and field names, never values (`log.old.jsonl`: the one before, once it grew past [`LOG_ROTATE_BYTES`]) |
//!
//! Every file but the log is replaced atomically (written beside, flushed, renamed), so a
//! power cut leaves the old file or the new one, never half of one. The use cases are
//! `impl CounterStation` blocks in [`crate::use_cases`]: `station_role`, `station_trust`,
//! `station_check` and `station_settings`.

use crate::clock::Clock;
use crate::counter::Counter;
use crate::error::WalletError;
use eid_credential::TrustBundle;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The station's log is moved aside (one old file kept) once it grows past this many bytes:
/// about 6,000 checks, several weeks at a busy counter.
pub const LOG_ROTATE_BYTES: u64 = 1024 * 1024;

/// A counter station in its folder, with its clock.
pub struct CounterStation {
    pub(crate) folder: PathBuf,
    pub(crate) clock: Arc<dyn Clock>,
    /// A bundle fetched for the clerk to compare with the printed key id, not trusted yet.
    pub(crate) offered: Option<TrustBundle>,
    /// The counter for the kept bundle, made at the first check; a refresh gives it the new
    /// bundle and its replay memory stays.
    pub(crate) counter: Option<Counter>,
}

impl CounterStation {
    /// A station keeping its files in `folder` (made when first written), on `clock`.
    pub fn new(folder: &Path, clock: Arc<dyn Clock>) -> Self {
        CounterStation {
            folder: folder.to_owned(),
            clock,
            offered: None,
            counter: None,
        }
    }

    /// The station's folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The path of one of the station's files.
    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }

    /// Reads one of the station's JSON files; `None` when it is missing or unreadable (a
    /// damaged settings file gives the defaults instead of keeping the counter closed).
    pub(crate) fn read_json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        let text = std::fs::read_to_string(self.file(name)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Replaces one of the station's JSON files atomically.
    pub(crate) fn write_json<T: serde::Serialize>(
        &self,
        name: &str,
        value: &T,
    ) -> Result<(), WalletError> {
        let json =
            serde_json::to_string_pretty(value).map_err(|e| WalletError::Io(e.to_string()))?;
        write_atomically(&self.file(name), json.as_bytes())
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one: into a
/// temporary file in the same folder, flushed to disk, then renamed over `path` (and the
/// folder flushed, so the rename itself is kept).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WalletError> {
    let failed = |e: std::io::Error| WalletError::Io(format!("{}: {e}", path.display()));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        // Flushing a folder is not possible everywhere (Windows); the rename stands anyway.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(failed)
}

/// A root key id (16 hex digits) in groups of four, as printed by the issuing authority and
/// read aloud: `3f2a 9c01 d4e7 b860`.
pub fn key_id_groups(hex: &str) -> String {
    let digits: Vec<char> = hex.chars().filter(|c| !c.is_whitespace()).collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_grouped_by_four() {
        assert_eq!(key_id_groups("3f2a9c01d4e7b860"), "3f2a 9c01 d4e7 b860");
        assert_eq!(key_id_groups("3f2a 9c01"), "3f2a 9c01");
        assert_eq!(key_id_groups(""), "");
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("trust.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("trust.json")]);
    }
}
