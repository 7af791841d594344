//! Creating, unlocking, locking and resetting the wallet, and its state.

use crate::state::AppState;
use eid_app_ipc::{AppStatus, IpcError};
use tauri::State;

/// Whether a wallet exists, is unlocked, registered, at which level.
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state.call(move |core| core.status(&url)).await
}

/// Creates the wallet with a 6-digit PIN; it is left unlocked.
#[tauri::command]
pub async fn create_wallet(state: State<'_, AppState>, pin: String) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| core.step(&url, |w, _| w.create(&pin)))
        .await
}

/// Unlocks with the PIN (wrong PINs are throttled).
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, pin: String) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| core.step(&url, |w, _| w.unlock(&pin)))
        .await
}

/// Locks now.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    state
        .call(|core| {
            core.lock();
            Ok(())
        })
        .await
}

/// Replaces the PIN.
#[tauri::command]
pub async fn change_pin(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> Result<(), IpcError> {
    state
        .call(move |core| Ok(core.wallet.change_pin(&old, &new)?))
        .await
}

/// Wipes the wallet and its keystore entry, after checking the PIN (none is needed when the
/// wallet can no longer be opened here: locked out, or the keystore lost its secret).
#[tauri::command]
pub async fn reset(state: State<'_, AppState>, pin: Option<String>) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| core.step(&url, |w, c| w.reset_session(pin.as_deref(), c)))
        .await
}
