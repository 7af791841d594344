//! Where the files the citizen takes away (backups, the activity log's export) are written,
//! and under which names.

use crate::error::WalletError;
use std::path::{Path, PathBuf};

/// Where a file the citizen takes away goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// Into this folder, under a name stamped with the time (the app's Downloads folder).
    Folder(&'a Path),
    /// Exactly this file (the CLI's `--out`).
    File(&'a Path),
}

impl Destination<'_> {
    /// The file to write: `stem-2026-12-01T08-30-00Z.ext` in a folder, or the file itself.
    pub fn file(&self, stem: &str, ext: &str, now: u64) -> PathBuf {
        match self {
            Destination::Folder(dir) => {
                let at = crate::timefmt::to_rfc3339(now).replace(':', "-");
                dir.join(format!("{stem}-{at}.{ext}"))
            }
            Destination::File(path) => path.to_path_buf(),
        }
    }
}

/// Writes `bytes` to `path`, making its folder first.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), WalletError> {
    let failed = |e: std::io::Error| WalletError::Io(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    std::fs::write(path, bytes).map_err(failed)
}
