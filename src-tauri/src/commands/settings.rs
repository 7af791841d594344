//! Settings (language, text size, auto-lock) and the about box.

use crate::state::AppState;
use eid_app_ipc::{AboutInfo, IpcError, Settings};
use tauri::State;

/// The current settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.call(|core| Ok(core.wallet.settings())).await
}

/// Saves the settings (brought into range first) and applies the auto-lock time.
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, IpcError> {
    state
        .call(move |core| Ok(core.wallet.save_settings(settings)?))
        .await
}

/// The version, the portal, the pinned trust anchor and where the files are.
#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> Result<AboutInfo, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| {
            Ok(AboutInfo {
                trust_anchor: core.wallet.trust_anchor()?,
                version: env!("CARGO_PKG_VERSION").to_owned(),
                portal_url: url,
                data_dir: core.paths.home.display().to_string(),
            })
        })
        .await
}
