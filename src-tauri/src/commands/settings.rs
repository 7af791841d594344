//! Settings (language, text size, auto-lock) and the about box.

use crate::state::AppState;
use eid_app_ipc::{AboutInfo, IpcError, Settings};
use tauri::State;

/// The current settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    state.call(|core| Ok(core.settings.clone())).await
}

/// Saves the settings (brought into range first) and applies the auto-lock time.
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, IpcError> {
    state
        .call(move |core| {
            let settings = settings.sanitized();
            let json = serde_json::to_string_pretty(&settings)
                .map_err(|e| IpcError::app("internal_error", e.to_string()))?;
            if let Some(dir) = core.paths.settings.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| IpcError::app("io_error", e.to_string()))?;
            }
            std::fs::write(&core.paths.settings, json)
                .map_err(|e| IpcError::app("io_error", e.to_string()))?;
            core.wallet.idle_timeout = u64::from(settings.auto_lock_seconds);
            core.settings = settings.clone();
            Ok(settings)
        })
        .await
}

/// The version, the portal, the pinned trust anchor and where the files are.
#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> Result<AboutInfo, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| {
            let trust_anchor = if core.wallet.is_unlocked() {
                core.wallet
                    .trust_bundle()?
                    .map(|b| b.root.key_id().to_hex())
            } else {
                None
            };
            Ok(AboutInfo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                portal_url: url,
                trust_anchor,
                data_dir: core.paths.home.display().to_string(),
            })
        })
        .await
}
