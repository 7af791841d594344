//! Device-key sessions: a one-use challenge signed by the key registered at sign-up.

use crate::accounts::account_view;
use crate::auth::{issue_token, Citizen};
use crate::error::{parse, ApiError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use eid_portal_api::account::{
    login_message, AccountView, ChallengeRequest, ChallengeResponse, SessionRequest,
    SessionResponse,
};
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// How long a challenge may be answered.
pub const CHALLENGE_SECONDS: u64 = 60;
/// Most open challenges per account (so at most this many login attempts a minute).
pub const MAX_OPEN_CHALLENGES: i64 = 10;

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
    let now = state.now();
    let open: i64 =
        sqlx::query("SELECT COUNT(*) FROM challenges WHERE account_id = $1 AND expires_at > $2")
            .bind(req.account_id.clone())
            .bind(now as i64)
            .fetch_one(&state.pool)
            .await?
            .get(0);
    if open >= MAX_OPEN_CHALLENGES {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many sign-in attempts; wait a minute",
        ));
    }
    let challenge = state.random_hex(32);
    let expires_at = now + CHALLENGE_SECONDS;
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
    if !key.verify(
        login_message(&req.account_id, &req.challenge).as_bytes(),
        &signature,
    ) {
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
    Ok(Json(account_view(&state, &citizen.account_id).await?))
}

/// `POST /v1/account/upgrade`: ask for level 2 (the citizen then goes to an office for the
/// in-person check). Asking again while a request waits changes nothing; after a refusal it
/// asks anew.
pub async fn request_upgrade(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    if citizen.level >= 2 {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "this account is already level 2",
        ));
    }
    let now = state.now() as i64;
    sqlx::query(
        "INSERT INTO upgrades (account_id, state, requested_at) VALUES ($1, 'requested', $2)
         ON CONFLICT (account_id) DO UPDATE SET state = 'requested', reason = NULL,
         requested_at = $2, decided_at = NULL, decided_by = NULL
         WHERE upgrades.state = 'rejected'",
    )
    .bind(citizen.account_id.clone())
    .bind(now)
    .execute(&state.pool)
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(account_view(&state, &citizen.account_id).await?),
    ))
}
