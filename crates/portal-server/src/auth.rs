//! Bearer tokens: 32 random bytes, stored only as their SHA-256, with a kind (`citizen`,
//! `officer`, `service`), a subject and an expiry. Each kind has its own extractor, so a handler
//! states who may call it in its signature; a token of another kind gets 403.

use crate::error::ApiError;
use crate::limits::{self, Limit, Reservation};
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

/// Ends the session of the request's bearer token, whatever its kind (signing out); a token
/// that is unknown or already ended is refused as unauthenticated.
pub async fn end_session(parts: &Parts, state: &AppState) -> Result<(), ApiError> {
    let ended = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(bearer_hash(parts)?)
        .execute(&state.pool)
        .await?
        .rows_affected();
    if ended == 0 {
        return Err(unauthenticated());
    }
    Ok(())
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

/// Logins per name from one network address in [`LOGIN_WINDOW`] seconds (tried, right or
/// wrong; a success clears that address's count).
pub const LOGIN_PER_SOURCE: Limit = Limit {
    name: "login_source",
    max: 5,
    window: LOGIN_WINDOW,
};
/// Logins per name from all addresses together in [`LOGIN_WINDOW`] seconds: a ceiling on
/// guessing from many addresses, high enough that one address alone cannot reach it.
pub const LOGIN_PER_NAME: Limit = Limit {
    name: "login_name",
    max: 100,
    window: LOGIN_WINDOW,
};
/// The login limits' window.
pub const LOGIN_WINDOW: u64 = 15 * 60;

/// A password (or service secret) login of a provisioned `kind` (`officer` or `service`) named
/// `name`, whose Argon2id hash is `hash` (`None`: no such name), from network address `source`.
///
/// Each try first reserves a place in two limits, per name and address ([`LOGIN_PER_SOURCE`]) and
/// per name ([`LOGIN_PER_NAME`]), before any hash is computed: concurrent tries cannot get past
/// them, and someone guessing from elsewhere cannot lock the rightful user out of their own
/// address. The hash check waits its turn in the Argon2id gate (`busy` when it is full). An
/// unknown name is checked against a throwaway hash so both take the same time.
pub async fn password_login(
    state: &AppState,
    kind: &str,
    name: &str,
    hash: Option<String>,
    password: String,
    source: &Source,
) -> Result<(String, u64), ApiError> {
    check_password(state, kind, name, hash, password, source).await?;
    issue_token(state, name, kind).await
}

/// The checks of [`password_login`] without a token: the console and the desk start a web
/// session of their own instead (`crate::web::session`).
pub async fn check_password(
    state: &AppState,
    kind: &str,
    name: &str,
    hash: Option<String>,
    password: String,
    source: &Source,
) -> Result<(), ApiError> {
    let now = state.now();
    let per_source = format!("{kind}:{name}:{}", source.0);
    let per_name = format!("{kind}:{name}");
    for (limit, key) in [
        (&LOGIN_PER_SOURCE, &per_source),
        (&LOGIN_PER_NAME, &per_name),
    ] {
        if let Reservation::Refused { retry_after } =
            limits::reserve(&state.pool, limit, key, now).await?
        {
            return Err(ApiError::rate_limited(
                "too many logins for this name; wait and try again",
                retry_after,
            ));
        }
    }
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| crate::config::dummy_hash().to_owned());
    let ok = state
        .argon2
        .run(move || crate::config::password_matches(&hash, &password))
        .await?;
    if !(ok && known) {
        return Err(ApiError::new(
            ErrorCode::Unauthenticated,
            format!("wrong {kind} name or secret"),
        ));
    }
    limits::clear(&state.pool, &LOGIN_PER_SOURCE, &per_source).await?;
    Ok(())
}

/// The network address a request came from (the TCP peer), as a string; `unknown` when the
/// server was not told (a router driven without a listener).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Source {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Source(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string()),
        ))
    }
}
