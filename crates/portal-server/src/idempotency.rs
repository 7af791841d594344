//! `Idempotency-Key` handling (IETF httpapi-idempotency-key draft), exactly once.
//!
//! The work and its stored answer are written in **one** transaction that first inserts the key
//! row (`completed`, with the body's fingerprint and the answer; see `batch`): if the insert
//! finds the key already there, nothing else is written and the stored row decides — another
//! body → 422, otherwise the stored answer is replayed. The database's primary key on
//! (account, key) is what makes a second application impossible, across any number of portal
//! processes.
//!
//! A duplicate that arrives while the first is still being processed *by this process* gets
//! 409 at once from an in-memory set of keys in flight (a retry then replays the answer). Across
//! processes the database serializes the two, and the later one replays.

use crate::error::ApiError;
use eid_portal_api::ErrorCode;
use sqlx::Row;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// Checks the header: present, 1–255 visible ASCII characters. A header that is there but not
/// such text is malformed, not missing.
pub fn check_key(header: Option<&axum::http::HeaderValue>) -> Result<String, ApiError> {
    let Some(value) = header else {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyMissing,
            "an Idempotency-Key header is required",
        ));
    };
    let k = value.as_bytes();
    if (1..=255).contains(&k.len()) && k.iter().all(|b| (0x21..=0x7e).contains(b)) {
        // Only visible ASCII: always valid UTF-8.
        Ok(String::from_utf8_lossy(k).into_owned())
    } else {
        Err(ApiError::new(
            ErrorCode::MalformedBody,
            "the Idempotency-Key header is not valid",
        ))
    }
}

/// Keys being processed by this process.
#[derive(Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<(String, String)>>>);

/// Holds a key in flight; dropping it releases the key.
pub struct InFlightGuard {
    set: InFlight,
    entry: (String, String),
}

impl InFlight {
    /// Marks `(account, key)` in flight, or answers 409 when it already is.
    pub fn enter(&self, account_id: &str, key: &str) -> Result<InFlightGuard, ApiError> {
        let entry = (account_id.to_owned(), key.to_owned());
        let mut set = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !set.insert(entry.clone()) {
            return Err(ApiError::new(
                ErrorCode::IdempotencyConflict,
                "the same request is still being processed; try again shortly",
            ));
        }
        Ok(InFlightGuard {
            set: self.clone(),
            entry,
        })
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        let mut set = self.set.0.lock().unwrap_or_else(|e| e.into_inner());
        set.remove(&self.entry);
    }
}

/// The stored answer of a key that already existed: the same status and body again when the
/// body's fingerprint matches, `422 idempotency_key_reused` when it does not.
pub async fn stored(
    pool: &sqlx::AnyPool,
    account_id: &str,
    key: &str,
    fingerprint: &str,
) -> Result<(u16, String), ApiError> {
    let row = sqlx::query(
        "SELECT fingerprint, state, response_status, response_body FROM idempotency
         WHERE account_id = $1 AND idem_key = $2",
    )
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .fetch_one(pool)
    .await?;
    if row.get::<String, _>(0) != fingerprint {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used with another request",
        ));
    }
    match (
        row.get::<String, _>(1).as_str(),
        row.get::<Option<i64>, _>(2),
    ) {
        ("completed", Some(status)) => Ok((
            status as u16,
            row.get::<Option<String>, _>(3).unwrap_or_default(),
        )),
        // A row another (older) portal version left running.
        _ => Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "the same request is being processed",
        )),
    }
}
