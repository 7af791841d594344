//! Registering with the portal, level 2, and syncing.

use crate::state::AppState;
use eid_app_ipc::{AppStatus, IpcError, Registration, SyncReport};
use tauri::State;

/// Starts a level-1 registration; the portal sends a one-time code. Returns its id.
#[tauri::command]
pub async fn register(state: State<'_, AppState>, input: Registration) -> Result<String, IpcError> {
    state
        .call(move |core| Ok(core.wallet.register(&core.client, &input)?))
        .await
}

/// Proves the phone with the one-time code; the wallet is then registered and signed in.
#[tauri::command]
pub async fn verify_code(
    state: State<'_, AppState>,
    registration_id: String,
    code: String,
) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        // A move that waits shows in the status (`incoming_move_at`).
        .call(move |core| core.step(&url, |w, c| w.verify_code(c, &registration_id, &code)))
        .await
}

/// Cancels a move of this account to another device (one the citizen did not ask for).
#[tauri::command]
pub async fn cancel_move(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| core.step(&url, |w, c| w.cancel_move(c)))
        .await
}

/// Asks for level 2 (the citizen then goes to an office for the in-person check).
#[tauri::command]
pub async fn request_level2(state: State<'_, AppState>) -> Result<AppStatus, IpcError> {
    let url = state.portal_url.clone();
    state
        .call(move |core| core.step(&url, |w, c| w.request_level2(c)))
        .await
}

/// Sends the outbox exactly once, then pulls trust lists, documents and application states.
#[tauri::command]
pub async fn sync(state: State<'_, AppState>) -> Result<SyncReport, IpcError> {
    state
        .call(|core| Ok(core.wallet.sync(&mut core.client)?))
        .await
}

/// Makes every waiting submission due now and syncs (the citizen tapped "try again").
#[tauri::command]
pub async fn retry_now(state: State<'_, AppState>) -> Result<SyncReport, IpcError> {
    state
        .call(|core| Ok(core.wallet.retry_now(&mut core.client)?))
        .await
}
