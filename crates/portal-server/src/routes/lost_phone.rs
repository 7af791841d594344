//! `POST /v1/account/revocation-code`: the wallet registers the hash of its revocation code
//! (the public `/lost-phone` page takes the code itself; `crate::web::lost_phone`).

use crate::auth::Citizen;
use crate::error::{parse, ApiError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use eid_portal_api::revocation::RevocationCodeRequest;
use eid_portal_api::{FieldCode, FieldError};

/// Stores the hash (64 lower-case hex digits); a new one replaces the old. 204.
pub async fn set_code(
    State(state): State<AppState>,
    citizen: Citizen,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let req: RevocationCodeRequest = parse(&body)?;
    let ok = req.code_hash.len() == 64
        && req
            .code_hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !ok {
        return Err(ApiError::fields(vec![FieldError::new(
            "code_hash",
            FieldCode::Unknown,
            "64 lower-case hex digits",
        )]));
    }
    sqlx::query("UPDATE accounts SET revocation_code_hash = $1 WHERE id = $2")
        .bind(req.code_hash)
        .bind(citizen.account_id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
