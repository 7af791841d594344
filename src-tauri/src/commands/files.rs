//! The activity log and the files the citizen takes away: the log's export and backups; and
//! restoring a backup on a new device.

use super::account::status_of;
use crate::state::{AppState, Core};
use eid_app_ipc::{ActivityEntry, AppStatus, IpcError};
use std::path::PathBuf;
use tauri::State;

/// A file name stamped with the time, e.g. `activity-2026-12-01T08-30-00Z.json`.
fn stamped(core: &Core, stem: &str, ext: &str) -> PathBuf {
    let at = eid_wallet::timefmt::to_rfc3339(core.clock.now()).replace(':', "-");
    core.paths.exports.join(format!("{stem}-{at}.{ext}"))
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<String, IpcError> {
    let io = |e: std::io::Error| IpcError::app("io_error", e.to_string());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)?;
    Ok(path.display().to_string())
}

/// The activity log, newest first.
#[tauri::command]
pub async fn activity(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<ActivityEntry>, IpcError> {
    state
        .call(move |core| {
            Ok(core
                .wallet
                .activity(limit as usize)?
                .into_iter()
                .map(ActivityEntry::from)
                .collect())
        })
        .await
}

/// Writes the whole activity log as JSON (names, never values); returns the file's path.
#[tauri::command]
pub async fn export_activity(state: State<'_, AppState>) -> Result<String, IpcError> {
    state
        .call(|core| {
            let json = core.wallet.export_activity()?;
            write(&stamped(core, "activity", "json"), json.as_bytes())
        })
        .await
}

/// Writes an encrypted backup (the PIN is asked again); returns the file's path.
#[tauri::command]
pub async fn backup(
    state: State<'_, AppState>,
    pin: String,
    passphrase: String,
) -> Result<String, IpcError> {
    state
        .call(move |core| {
            let bytes = core.wallet.backup(&pin, &passphrase)?;
            write(&stamped(core, "eid-wallet-backup", "eidbackup"), &bytes)
        })
        .await
}

/// Takes the backup file the citizen picked (its bytes as the raw body: the web view never
/// names a path, so nothing but that file can be read) and checks that it is a backup; returns
/// its format version.
#[tauri::command]
pub async fn choose_backup(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Result<u16, IpcError> {
    let bytes = super::raw_body(&request)?;
    state
        .call(move |core| Ok(core.wallet.choose_backup(bytes)?))
        .await
}

/// Restores the chosen backup file into a new wallet here, protected by a new PIN.
#[tauri::command]
pub async fn restore(
    state: State<'_, AppState>,
    passphrase: String,
    pin: String,
) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| {
            core.wallet.restore_chosen(&passphrase, &pin)?;
            status_of(core, &url)
        })
        .await
}
