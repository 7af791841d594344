//! Scan to share: read a service's request, then share the consented fields with it.

use crate::state::AppState;
use eid_app_ipc::{IpcError, ShareAsk};
use tauri::State;

/// Reads a service's request QR: who asks, for which fields, why, until when.
#[tauri::command]
pub async fn read_share_request(
    state: State<'_, AppState>,
    text: String,
) -> Result<ShareAsk, IpcError> {
    state
        .call(move |core| Ok(core.wallet.read_share_request(&text)?))
        .await
}

/// Shares the consented fields of a document with the service that asked (logged).
#[tauri::command]
pub async fn share(
    state: State<'_, AppState>,
    text: String,
    document_id: String,
    fields: Vec<String>,
) -> Result<(), IpcError> {
    state
        .call(move |core| {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            Ok(core
                .wallet
                .share(&mut core.client, &text, &document_id, &names)?)
        })
        .await
}
