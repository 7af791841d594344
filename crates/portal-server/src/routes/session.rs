//! Device-key sessions: a one-use challenge signed by the key registered at sign-up.

use crate::auth::{issue_token, login_message, Citizen};
use crate::error::{parse, ApiError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use eid_portal_api::account::{
    AccountView, ChallengeRequest, ChallengeResponse, SessionRequest, SessionResponse,
};
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// How long a challenge may be answered.
pub const CHALLENGE_SECONDS: u64 = 60;

/// `POST /v1/sessions/challenge`.
pub async fn challenge(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let req: ChallengeRequest = parse(&body)?;
    let exists = sqlx::query("SELECT id FROM accounts WHERE id = $1")
        .bind(req.account_id.clone())
        .fetch_optional(&state.pool)
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::new(ErrorCode::NotFound, "no such account"));
    }
    let challenge = state.random_hex(32);
    let expires_at = state.now() + CHALLENGE_SECONDS;
    sqlx::query("INSERT INTO challenges (challenge, account_id, expires_at) VALUES ($1, $2, $3)")
        .bind(challenge.clone())
        .bind(req.account_id)
        .bind(expires_at as i64)
        .execute(&state.pool)
        .await?;
    Ok(Json(ChallengeResponse {
        challenge,
        expires_at,
    }))
}

/// `POST /v1/sessions`: the signed challenge in, a citizen token out.
pub async fn session(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<SessionResponse>, ApiError> {
    let req: SessionRequest = parse(&body)?;
    let bad = || {
        ApiError::new(
            ErrorCode::BadSignature,
            "the device signature does not verify",
        )
    };
    // One use: the challenge is deleted whatever the outcome.
    let row = sqlx::query(
        "DELETE FROM challenges WHERE challenge = $1 AND account_id = $2 RETURNING expires_at",
    )
    .bind(req.challenge.clone())
    .bind(req.account_id.clone())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(bad)?;
    let expires_at: i64 = row.get(0);
    if expires_at as u64 <= state.now() {
        return Err(bad());
    }
    let key: String = sqlx::query("SELECT device_key FROM accounts WHERE id = $1")
        .bind(req.account_id.clone())
        .fetch_one(&state.pool)
        .await?
        .get(0);
    let key = hex::decode(key)
        .ok()
        .and_then(|k| eid_credential::PublicKey::from_sec1(&k).ok())
        .ok_or_else(bad)?;
    let signature = hex::decode(&req.signature).map_err(|_| bad())?;
    if !key.verify(&login_message(&req.account_id, &req.challenge), &signature) {
        return Err(bad());
    }
    let (token, expires_at) = issue_token(&state, &req.account_id, "citizen").await?;
    Ok(Json(SessionResponse { token, expires_at }))
}

/// `GET /v1/account`: the signed-in citizen's account.
pub async fn account(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<AccountView>, ApiError> {
    let row = sqlx::query("SELECT id, level, id_number, full_name FROM accounts WHERE id = $1")
        .bind(citizen.account_id)
        .fetch_one(&state.pool)
        .await?;
    Ok(Json(AccountView {
        account_id: row.get(0),
        level: row.get::<i64, _>(1) as u8,
        id_number: row.get(2),
        full_name: row.get(3),
        upgrade: None,
    }))
}
