//! Documents: the home screen's cards, one document's fields, a presentation QR.

use crate::state::AppState;
use eid_app_ipc::{DocumentCard, DocumentDetail, IpcError, PresentationQr};
use tauri::State;

/// Every document as a card, newest first.
#[tauri::command]
pub async fn documents(state: State<'_, AppState>) -> Result<Vec<DocumentCard>, IpcError> {
    state.call(|core| Ok(core.wallet.document_cards()?)).await
}

/// One document with its fields and revocation state.
#[tauri::command]
pub async fn document(state: State<'_, AppState>, id: String) -> Result<DocumentDetail, IpcError> {
    state
        .call(move |core| Ok(DocumentDetail::new(core.wallet.document_details(&id)?)))
        .await
}

/// A presentation of the chosen fields as a QR (text and SVG), valid for 60 seconds.
#[tauri::command]
pub async fn present(
    state: State<'_, AppState>,
    id: String,
    fields: Vec<String>,
    audience: Option<String>,
) -> Result<PresentationQr, IpcError> {
    state
        .call(move |core| {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            let p = core
                .wallet
                .present(&id, &names, None, audience.as_deref())?;
            Ok(PresentationQr {
                svg: p.svg()?,
                valid_until: p.valid_until(),
                presented_at: p.presented_at,
                text: p.text,
            })
        })
        .await
}
