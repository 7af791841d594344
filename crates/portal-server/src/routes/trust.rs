//! `GET /v1/trust`: the root key, the trust list and the current status list, freshly signed.

use crate::error::ApiError;
use crate::issuer;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use eid_credential::Signer;
use eid_portal_api::documents::TrustWire;
use eid_portal_api::ErrorCode;

/// `GET /v1/trust` (public).
pub async fn trust(State(state): State<AppState>) -> Result<Json<TrustWire>, ApiError> {
    let status = issuer::status_list(&state).await?;
    let failed = |_| ApiError::new(ErrorCode::Internal, "could not sign the lists");
    let list = issuer::trust_list(&state.keys, state.now())
        .sign(&state.keys.root)
        .map_err(failed)?;
    let status = status.sign(&state.keys.root).map_err(failed)?;
    Ok(Json(TrustWire {
        root_key: hex::encode(state.keys.root.public_key().compressed()),
        trust_list: hex::encode(list),
        status_lists: vec![hex::encode(status)],
    }))
}
