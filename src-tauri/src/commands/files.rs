//! The activity log and the files the citizen takes away: the log's export and backups; and
//! restoring a backup on a new device.

use crate::state::AppState;
use eid_app_ipc::{ActivityEntry, AppStatus, IpcError};
use eid_wallet::Destination;
use tauri::State;

/// The activity log, newest first.
#[tauri::command]
pub async fn activity(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<ActivityEntry>, IpcError> {
    state
        .call(move |core| Ok(core.wallet.activity(limit as usize)?))
        .await
}

/// Writes the whole activity log as JSON (names, never values); returns the file's path.
#[tauri::command]
pub async fn export_activity(state: State<'_, AppState>) -> Result<String, IpcError> {
    state
        .call(|core| {
            let to = Destination::Folder(&core.paths.exports);
            Ok(core.wallet.save_activity(to)?.display().to_string())
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
            let to = Destination::Folder(&core.paths.exports);
            let path = core.wallet.save_backup(&pin, &passphrase, to)?;
            Ok(path.display().to_string())
        })
        .await
}

/// The revocation code that blocks this phone on the portal's `/lost-phone` page (the PIN is
/// asked again); `null` before the first sync after registration.
#[tauri::command]
pub async fn revocation_code(
    state: State<'_, AppState>,
    pin: String,
) -> Result<Option<String>, IpcError> {
    state
        .call(move |core| Ok(core.wallet.revocation_code_with_pin(&pin)?))
        .await
}

/// The revocation code once, at the end of onboarding (no PIN: it was just set); `null` when it
/// was shown already or the portal does not have it yet.
#[tauri::command]
pub async fn first_revocation_code(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    state
        .call(move |core| Ok(core.wallet.revocation_code_once()?))
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
        .call(move |core| core.step(&url, |w, _| w.restore_chosen(&passphrase, &pin)))
        .await
}
