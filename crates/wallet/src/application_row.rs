//! The row the wallet keeps for an application the portal accepted (from a submission's answer
//! or the change feed).

use crate::error::WalletError;
use eid_portal_api::applications::ApplicationView;
use eid_store::outbox::ApplicationRow;

/// The row the wallet keeps for an application the portal accepted.
pub(crate) fn app_row(
    view: &ApplicationView,
    draft_id: Option<String>,
) -> Result<ApplicationRow, WalletError> {
    let state = crate::use_cases::status::code_of(&view.state);
    Ok(ApplicationRow {
        id: view.id.clone(),
        draft_id,
        kind: view.form.kind().to_owned(),
        state,
        reason: view.decision_reason.clone(),
        result_document_id: view.result_document_id.clone(),
        submitted_at: view.submitted_at,
        updated_at: view.updated_at,
        body: serde_json::to_string(view).map_err(|e| WalletError::BadDocument(e.to_string()))?,
    })
}
