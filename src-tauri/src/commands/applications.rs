//! Applications: check a form, keep drafts offline, submit exactly once through the outbox,
//! follow each submission.

use crate::state::AppState;
use eid_app_ipc::{Draft, FieldProblem, IpcError, Submission, Submitted};
use eid_wallet::ApplicationForm;
use tauri::State;

/// The fields of a form that need fixing (empty when it can be submitted).
#[tauri::command]
pub async fn validate_form(
    state: State<'_, AppState>,
    form: ApplicationForm,
) -> Result<Vec<FieldProblem>, IpcError> {
    state
        .call(move |core| {
            Ok(core
                .wallet
                .check_form(&form)
                .iter()
                .map(FieldProblem::from)
                .collect())
        })
        .await
}

/// Saves a draft (works offline); returns its id.
#[tauri::command]
pub async fn save_draft(
    state: State<'_, AppState>,
    id: Option<String>,
    form: ApplicationForm,
) -> Result<String, IpcError> {
    state
        .call(move |core| Ok(core.wallet.save_draft(id.as_deref(), &form)?))
        .await
}

/// Drafts not yet submitted, most recently edited first.
#[tauri::command]
pub async fn drafts(state: State<'_, AppState>) -> Result<Vec<Draft>, IpcError> {
    state.call(|core| Ok(core.wallet.drafts()?)).await
}

/// Deletes a draft that was not submitted.
#[tauri::command]
pub async fn delete_draft(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state
        .call(move |core| Ok(core.wallet.delete_draft(&id)?))
        .await
}

/// Queues the application (checked first; works offline) and tries to send it at once. The
/// outbox sends it exactly once, now or at a later sync; the answer says why it was not sent
/// now, when it was not.
#[tauri::command]
pub async fn submit_application(
    state: State<'_, AppState>,
    form: ApplicationForm,
    draft_id: Option<String>,
) -> Result<Submitted, IpcError> {
    state
        .call(move |core| {
            Ok(core
                .wallet
                .submit(&mut core.client, &form, draft_id.as_deref())?)
        })
        .await
}

/// Every submission with its state, newest change first.
#[tauri::command]
pub async fn submissions(state: State<'_, AppState>) -> Result<Vec<Submission>, IpcError> {
    state.call(|core| Ok(core.wallet.submissions()?)).await
}
