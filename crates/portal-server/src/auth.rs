//! Bearer tokens: 32 random bytes, stored only as their SHA-256, with a kind (`citizen`,
//! `officer`, `service`), a subject and an expiry. Each kind has its own extractor, so a handler
//! states who may call it in its signature; a token of another kind gets 403.

use crate::error::ApiError;
use crate::state::{sha256_hex, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// How long a session lasts.
pub const SESSION_SECONDS: u64 = 15 * 60;

/// A request made with a valid citizen token: the account it belongs to.
pub struct Citizen {
    /// The account's id.
    pub account_id: String,
    /// The account's level (1 or 2), read with the token in one query.
    pub level: u8,
}

/// A request made with a valid officer token.
pub struct OfficerAuth {
    /// The officer's user name.
    pub username: String,
}

/// A request made with a valid service token.
pub struct ServiceAuth {
    /// The service's id.
    pub service_id: String,
}

/// Issues a session token of `kind` for `subject`.
pub async fn issue_token(
    state: &AppState,
    subject: &str,
    kind: &str,
) -> Result<(String, u64), ApiError> {
    let token = state.random_hex(32);
    let expires_at = state.now() + SESSION_SECONDS;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, kind, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(subject.to_owned())
    .bind(kind.to_owned())
    .bind(expires_at as i64)
    .execute(&state.pool)
    .await?;
    Ok((token, expires_at))
}

fn unauthenticated() -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, "sign in again")
}

fn bearer_hash(parts: &Parts) -> Result<String, ApiError> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|t| sha256_hex(t.as_bytes()))
        .ok_or_else(unauthenticated)
}

/// The session's subject, kind and the citizen level (when the subject is an account), or 401.
async fn session(parts: &Parts, state: &AppState) -> Result<(String, String, u8), ApiError> {
    let row = sqlx::query(
        "SELECT s.account_id, s.kind, s.expires_at, a.level FROM sessions s
             LEFT JOIN accounts a ON a.id = s.account_id AND s.kind = 'citizen'
             WHERE s.token_hash = $1",
    )
    .bind(bearer_hash(parts)?)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(unauthenticated)?;
    if row.get::<i64, _>(2) as u64 <= state.now() {
        return Err(unauthenticated());
    }
    let level = row.get::<Option<i64>, _>(3).unwrap_or(0) as u8;
    Ok((row.get(0), row.get(1), level))
}

fn forbidden(who: &str) -> ApiError {
    ApiError::new(ErrorCode::Forbidden, format!("this endpoint is for {who}"))
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match session(parts, state).await? {
            (account_id, kind, level) if kind == "citizen" && level > 0 => {
                Ok(Citizen { account_id, level })
            }
            _ => Err(forbidden("citizens")),
        }
    }
}

impl FromRequestParts<AppState> for OfficerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match session(parts, state).await? {
            (username, kind, _) if kind == "officer" => Ok(OfficerAuth { username }),
            _ => Err(forbidden("officers")),
        }
    }
}

impl FromRequestParts<AppState> for ServiceAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match session(parts, state).await? {
            (service_id, kind, _) if kind == "service" => Ok(ServiceAuth { service_id }),
            _ => Err(forbidden("registered services")),
        }
    }
}

/// A password (or service secret) login of a provisioned `kind` (`officer` or `service`)
/// named `name`, whose Argon2id hash is `hash` (`None`: no such name). Five failures in 15
/// minutes lock the name for the rest of the window; an unknown name is checked against a
/// throwaway hash so both take the same time. Returns a token and its expiry.
pub async fn password_login(
    state: &AppState,
    kind: &str,
    name: &str,
    hash: Option<String>,
    password: String,
) -> Result<(String, u64), ApiError> {
    let subject = format!("{kind}:{name}");
    if too_many_failures(state, &subject).await? {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many failed logins; wait 15 minutes",
        ));
    }
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| crate::config::dummy_hash().to_owned());
    let ok = tokio::task::spawn_blocking(move || crate::config::password_matches(&hash, &password))
        .await
        .unwrap_or(false);
    if !(ok && known) {
        note_failure(state, &subject).await?;
        return Err(ApiError::new(
            ErrorCode::Unauthenticated,
            format!("wrong {kind} name or secret"),
        ));
    }
    issue_token(state, name, kind).await
}

/// Whether `subject` is locked out: 5 failed logins within 15 minutes.
async fn too_many_failures(state: &AppState, subject: &str) -> Result<bool, ApiError> {
    let since = state.now().saturating_sub(15 * 60) as i64;
    let row = sqlx::query("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
        .bind(subject.to_owned())
        .bind(since)
        .fetch_one(&state.pool)
        .await?;
    Ok(row.get::<i64, _>(0) >= 5)
}

/// Notes a failed login of `subject`.
async fn note_failure(state: &AppState, subject: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
        .bind(subject.to_owned())
        .bind(state.now() as i64)
        .execute(&state.pool)
        .await?;
    Ok(())
}
