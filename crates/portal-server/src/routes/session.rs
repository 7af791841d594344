//! Device-key sessions: a one-use challenge signed by the key registered at sign-up.

use crate::accounts::account_view;
use crate::auth::{Citizen, SESSION_SECONDS};
use crate::error::{parse, ApiError};
use crate::sign_in_batch::{NewSession, SignIn};
use crate::state::sha256_hex;
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

/// `POST /v1/sessions/challenge`: a sealed challenge for the account (see `crate::challenge`).
/// Nothing is stored and the account is not looked up: asking costs no one anything, and the
/// answer says nothing about whether the account exists.
pub async fn challenge(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ChallengeResponse>, ApiError> {
    let req: ChallengeRequest = parse(&body)?;
    let expires_at = state.now() + CHALLENGE_SECONDS;
    let challenge = crate::challenge::seal(
        &state.keys.derived(crate::challenge::PURPOSE),
        &req.account_id,
        expires_at,
        state.random_bytes(),
    );
    Ok(Json(ChallengeResponse {
        challenge,
        expires_at,
    }))
}

/// `POST /v1/sessions`: the signed challenge in, a citizen token out. The challenge must be this
/// portal's, for this account and not expired; the signature must verify under the account's
/// device key; then the challenge is recorded as used, so it works once.
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
    let now = state.now();
    let expires_at = crate::challenge::open(
        &state.keys.derived(crate::challenge::PURPOSE),
        &req.account_id,
        &req.challenge,
        now,
    )
    .ok_or_else(bad)?;
    let row = sqlx::query("SELECT device_key, blocked_at FROM accounts WHERE id = $1")
        .bind(req.account_id.clone())
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(bad)?;
    let blocked = row.get::<Option<i64>, _>(1).is_some();
    let key = hex::decode(row.get::<String, _>(0))
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
    // The challenge's use and the session are written by group commit: one disk flush for
    // all the sign-ins waiting, each answered after it.
    let token = state.random_hex(32);
    let session_expires_at = now + SESSION_SECONDS;
    let first_use = state
        .sign_ins()
        .submit(SignIn {
            challenge: req.challenge.to_lowercase(),
            challenge_expires_at: expires_at,
            // A phone reported lost is refused even with its own key (checked after the
            // signature, so only the phone itself learns it); its challenge is used up all
            // the same.
            session: (!blocked).then(|| NewSession {
                token_hash: sha256_hex(token.as_bytes()),
                account_id: req.account_id.clone(),
                expires_at: session_expires_at,
            }),
        })
        .await?;
    if !first_use {
        return Err(bad());
    }
    if blocked {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this phone was blocked as lost or stolen: move the account to a new phone",
        ));
    }
    let expires_at = session_expires_at;
    Ok(Json(SessionResponse { token, expires_at }))
}

/// `POST /v1/sessions/end`: signs out: the token's session ends now (citizens, officers and
/// services alike), instead of living out its 15 minutes.
pub async fn end(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<StatusCode, ApiError> {
    let (parts, _) = request.into_parts();
    crate::auth::end_session(&parts, &state).await?;
    Ok(StatusCode::NO_CONTENT)
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
