//! Web sessions of the console and the desk: a random 32-byte cookie (only its SHA-256 is
//! stored), `HttpOnly`, `SameSite=Strict`, scoped to its part of the site, `Secure` when the
//! portal's public URL is HTTPS. A session ends after [`IDLE_SECONDS`] without a request and
//! after [`MAX_SECONDS`] in any case. Each form carries a CSRF token derived from the session's
//! secret; the sign-in form, before there is a session, a token matched against a cookie of its
//! own.

use crate::error::ApiError;
use crate::state::{sha256_hex, AppState};
use axum::http::HeaderMap;
use sqlx::Row;

/// A session ends after this long without a request.
pub const IDLE_SECONDS: u64 = 15 * 60;
/// A session ends this long after sign-in, used or not.
pub const MAX_SECONDS: u64 = 4 * 3600;

/// Whose session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An officer, in the console.
    Officer,
    /// A registered service, at the desk.
    Service,
    /// Nobody signed in: the public lost-phone page, whose form has only its own CSRF cookie.
    LostPhone,
}

impl Kind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Officer => "officer",
            Kind::Service => "service",
            Kind::LostPhone => "lost_phone",
        }
    }

    /// The session cookie's name.
    pub fn cookie_name(self) -> &'static str {
        match self {
            Kind::Officer => "eid_officer",
            Kind::Service => "eid_desk",
            Kind::LostPhone => "eid_lost_phone",
        }
    }

    /// The sign-in form's own CSRF cookie.
    pub fn sign_in_cookie_name(self) -> &'static str {
        match self {
            Kind::Officer => "eid_officer_sign_in",
            Kind::Service => "eid_desk_sign_in",
            Kind::LostPhone => "eid_lost_phone_form",
        }
    }

    /// The part of the site the cookies are sent to.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Officer => "/officer",
            Kind::Service => "/desk",
            Kind::LostPhone => "/lost-phone",
        }
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct WebSession {
    /// Officer or service.
    pub kind: Kind,
    /// The officer's user name or the service's id.
    pub subject: String,
    /// The token every form of this session carries.
    pub csrf: String,
    token_hash: String,
}

/// The value of cookie `name` in a request's headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// A `Set-Cookie` value of `kind`'s part of the site; `value` empty removes the cookie.
pub fn set_cookie(state: &AppState, kind: Kind, name: &'static str, value: &str) -> String {
    let mut c = cookie::Cookie::build((name, value.to_owned()))
        .path(kind.path())
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(state.public_url.starts_with("https://"));
    if value.is_empty() {
        c = c.max_age(cookie::time::Duration::ZERO);
    }
    c.build().to_string()
}

fn csrf_of(token_hash: &str) -> String {
    sha256_hex(format!("csrf:{token_hash}").as_bytes())
}

/// Starts a session of `kind` for `subject`; returns the cookie value.
pub async fn start(state: &AppState, kind: Kind, subject: &str) -> Result<String, ApiError> {
    let token = state.random_hex(32);
    let now = state.now();
    sqlx::query(
        "INSERT INTO web_sessions (token_hash, kind, subject, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(kind.code())
    .bind(subject.to_owned())
    .bind(now as i64)
    .bind((now + IDLE_SECONDS) as i64)
    .execute(&state.pool)
    .await?;
    Ok(token)
}

/// The live session of `kind` the request's cookie names, its idle expiry moved forward; `None`
/// without a cookie, or when it ended.
pub async fn current(
    state: &AppState,
    headers: &HeaderMap,
    kind: Kind,
) -> Result<Option<WebSession>, ApiError> {
    let Some(token) = cookie_value(headers, kind.cookie_name())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    else {
        return Ok(None);
    };
    let token_hash = sha256_hex(token.as_bytes());
    let now = state.now();
    let row = sqlx::query(
        "SELECT subject, created_at FROM web_sessions
         WHERE token_hash = $1 AND kind = $2 AND expires_at > $3 AND created_at > $4",
    )
    .bind(token_hash.clone())
    .bind(kind.code())
    .bind(now as i64)
    .bind(now.saturating_sub(MAX_SECONDS) as i64)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let created_at = row.get::<i64, _>(1) as u64;
    let expires_at = (now + IDLE_SECONDS).min(created_at + MAX_SECONDS);
    sqlx::query("UPDATE web_sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(expires_at as i64)
        .bind(token_hash.clone())
        .execute(&state.pool)
        .await?;
    Ok(Some(WebSession {
        kind,
        subject: row.get(0),
        csrf: csrf_of(&token_hash),
        token_hash,
    }))
}

impl WebSession {
    /// Ends this session (signing out).
    pub async fn end(&self, state: &AppState) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM web_sessions WHERE token_hash = $1")
            .bind(self.token_hash.clone())
            .execute(&state.pool)
            .await?;
        Ok(())
    }

    /// Whether a posted form's token is this session's.
    pub fn csrf_ok(&self, posted: Option<&str>) -> bool {
        posted.is_some_and(|p| same(p, &self.csrf))
    }
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The CSRF token of a form shown before there is a session (sign-in, lost phone): the one in
/// the browser's `kind` form cookie, or a new one; returns it and the `Set-Cookie` that keeps it.
pub fn form_token(state: &AppState, headers: &HeaderMap, kind: Kind) -> (String, String) {
    let token = cookie_value(headers, kind.sign_in_cookie_name())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| state.random_hex(32));
    let cookie = set_cookie(state, kind, kind.sign_in_cookie_name(), &token);
    (token, cookie)
}

/// The form cookie's token when a posted `csrf` matches it (`None`: refuse the form).
pub fn form_token_ok(headers: &HeaderMap, kind: Kind, posted: Option<&str>) -> Option<String> {
    let cookie = cookie_value(headers, kind.sign_in_cookie_name()).filter(|c| !c.is_empty())?;
    posted.is_some_and(|p| same(p, &cookie)).then_some(cookie)
}
