//! Bearer tokens: 32 random bytes, stored only as their SHA-256, with a kind and an expiry.

use crate::error::ApiError;
use crate::state::{sha256_hex, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// How long a citizen session lasts.
pub const SESSION_SECONDS: u64 = 15 * 60;

/// The message a device signs to log in: `"eid-portal login v1:" ‖ account id ‖ ":" ‖ challenge`.
pub fn login_message(account_id: &str, challenge_hex: &str) -> Vec<u8> {
    format!("eid-portal login v1:{account_id}:{challenge_hex}").into_bytes()
}

/// A request made with a valid citizen token: the account it belongs to.
pub struct Citizen {
    /// The account's id.
    pub account_id: String,
    /// The account's level (1 or 2), read with the token in one query.
    pub level: u8,
}

/// Issues a session token of `kind` for `account_id`.
pub async fn issue_token(
    state: &AppState,
    account_id: &str,
    kind: &str,
) -> Result<(String, u64), ApiError> {
    let token = state.random_hex(32);
    let expires_at = state.now() + SESSION_SECONDS;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, kind, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(account_id.to_owned())
    .bind(kind.to_owned())
    .bind(expires_at as i64)
    .execute(&state.pool)
    .await?;
    Ok((token, expires_at))
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthenticated = || ApiError::new(ErrorCode::Unauthenticated, "sign in again");
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(unauthenticated)?;
        let row = sqlx::query(
            "SELECT s.account_id, s.kind, s.expires_at, a.level FROM sessions s
                 JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
        )
        .bind(sha256_hex(token.as_bytes()))
        .fetch_optional(&state.pool)
        .await?
        .ok_or_else(unauthenticated)?;
        let kind: String = row.get(1);
        let expires_at: i64 = row.get(2);
        if expires_at as u64 <= state.now() {
            return Err(unauthenticated());
        }
        if kind != "citizen" {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "this endpoint is for citizens",
            ));
        }
        Ok(Citizen {
            account_id: row.get(0),
            level: row.get::<i64, _>(3) as u8,
        })
    }
}
