//! `Idempotency-Key` handling (IETF httpapi-idempotency-key draft), exactly once:
//!
//! 1. Claim the key: insert a `running` row with the body's fingerprint and a lease. If the key
//!    exists: another body → 422; completed → replay the stored answer; running with a live
//!    lease → 409; running with an expired lease (a crashed server) → take it over.
//! 2. Do the work and store the answer in **one** transaction that also marks the key
//!    `completed`, so a committed submission always has its stored answer and vice versa.

use crate::error::ApiError;
use crate::state::{sha256_hex, AppState};
use eid_portal_api::ErrorCode;
use sqlx::Row;

/// Seconds a running request holds its key before another may take it over.
pub const LEASE_SECONDS: u64 = 30;

/// What claiming a key gave.
pub enum Claim {
    /// The caller must do the work, then call [`complete`] in the same transaction as the work.
    Proceed,
    /// The work was done before: send this status and body again.
    Replay(u16, String),
}

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

/// Claims `key` for `account_id` and a request body.
pub async fn claim(
    state: &AppState,
    account_id: &str,
    key: &str,
    body: &[u8],
) -> Result<Claim, ApiError> {
    let fingerprint = sha256_hex(body);
    let now = state.now();
    let inserted = sqlx::query(
        "INSERT INTO idempotency (account_id, idem_key, fingerprint, state, lease_until, created_at)
         VALUES ($1, $2, $3, 'running', $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .bind(fingerprint.clone())
    .bind((now + LEASE_SECONDS) as i64)
    .bind(now as i64)
    .execute(&state.pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Claim::Proceed);
    }
    let row = sqlx::query(
        "SELECT fingerprint, state, lease_until, response_status, response_body FROM idempotency
         WHERE account_id = $1 AND idem_key = $2",
    )
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .fetch_one(&state.pool)
    .await?;
    let stored: String = row.get(0);
    if stored != fingerprint {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used with another request",
        ));
    }
    let key_state: String = row.get(1);
    if key_state == "completed" {
        let status: i64 = row.get(3);
        let body: String = row.get(4);
        return Ok(Claim::Replay(status as u16, body));
    }
    let lease_until: i64 = row.get(2);
    if lease_until as u64 > now {
        return Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "the same request is still being processed; try again shortly",
        ));
    }
    let taken = sqlx::query(
        "UPDATE idempotency SET lease_until = $1 WHERE account_id = $2 AND idem_key = $3
         AND state = 'running' AND lease_until = $4",
    )
    .bind((now + LEASE_SECONDS) as i64)
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .bind(lease_until)
    .execute(&state.pool)
    .await?;
    if taken.rows_affected() == 1 {
        Ok(Claim::Proceed)
    } else {
        Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "the same request is being processed",
        ))
    }
}

/// Stores the answer and marks the key completed, inside the caller's transaction. If another
/// request completed the key meanwhile (it took over an expired lease), this one fails with
/// `idempotency_conflict` and the caller's transaction is rolled back, so the work is never
/// committed twice.
pub async fn complete(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: &str,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), ApiError> {
    let done = sqlx::query(
        "UPDATE idempotency SET state = 'completed', response_status = $1, response_body = $2
         WHERE account_id = $3 AND idem_key = $4 AND state = 'running'",
    )
    .bind(i64::from(status))
    .bind(body.to_owned())
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::IdempotencyConflict,
            "the same request was completed by another attempt",
        ))
    }
}

/// Releases a claim whose work failed, so a retry can run at once.
pub async fn release(state: &AppState, account_id: &str, key: &str) {
    let _ = sqlx::query(
        "DELETE FROM idempotency WHERE account_id = $1 AND idem_key = $2 AND state = 'running'",
    )
    .bind(account_id.to_owned())
    .bind(key.to_owned())
    .execute(&state.pool)
    .await;
}
