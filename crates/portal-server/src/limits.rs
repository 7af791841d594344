//! Rate limits that hold under concurrency and across portal processes.
//!
//! Every limit is a counter row per key (`rate_limits`), and a request **reserves** its place
//! before the slow or risky work (a password hash, a code comparison, an SMS): one upsert that
//! adds one only while the window's count is under the limit, so 40 concurrent requests against
//! a limit of 5 get exactly 5 places, on SQLite (one writer at a time) and on PostgreSQL (the
//! conditional update re-checks its condition on the locked row), in one process or in several
//! sharing the database. Windows are fixed (they restart with the first request after the
//! previous one ended), so a burst across a boundary can get up to twice the limit in a short
//! time; every window here is short enough for that to stay harmless.
//!
//! Keys are stored as their SHA-256, since many name a person (an ID number, a phone).
//! `docs/api/README.md` ("Rate limits") lists the limits and why each cannot be used to lock
//! someone else out.

use crate::state::sha256_hex;
use sqlx::{AnyPool, Row};

/// One limit: at most `max` reservations per key in `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What it limits, also the keys' prefix (e.g. `login_source`).
    pub name: &'static str,
    /// Reservations allowed per window.
    pub max: i64,
    /// The window, in seconds.
    pub window: u64,
}

/// The answer to a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The place is taken: go on.
    Granted,
    /// The limit is reached: try again in this many seconds.
    Refused {
        /// Seconds until the window ends.
        retry_after: u64,
    },
}

fn row_key(limit: &Limit, key: &str) -> String {
    sha256_hex(format!("{}:{key}", limit.name).as_bytes())
}

/// Reserves one place of `limit` for `key` at `now`.
pub async fn reserve(
    pool: &AnyPool,
    limit: &Limit,
    key: &str,
    now: u64,
) -> Result<Reservation, sqlx::Error> {
    let row_key = row_key(limit, key);
    let window_over = now.saturating_sub(limit.window) as i64;
    let granted = sqlx::query(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.count + 1 END,
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2
                               ELSE rate_limits.window_start END
         WHERE rate_limits.window_start <= $3 OR rate_limits.count < $4",
    )
    .bind(row_key.clone())
    .bind(now as i64)
    .bind(window_over)
    .bind(limit.max)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if granted {
        return Ok(Reservation::Granted);
    }
    let started: Option<i64> = sqlx::query("SELECT window_start FROM rate_limits WHERE key = $1")
        .bind(row_key)
        .fetch_optional(pool)
        .await?
        .map(|r| r.get(0));
    let ends = started.map_or(now, |s| s as u64 + limit.window);
    Ok(Reservation::Refused {
        retry_after: ends.saturating_sub(now).max(1),
    })
}

/// Forgets `key`'s count (e.g. after a successful login from that source).
pub async fn clear(pool: &AnyPool, limit: &Limit, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limits WHERE key = $1")
        .bind(row_key(limit, key))
        .execute(pool)
        .await?;
    Ok(())
}

/// Seconds a counter row is kept after its window started (longer than every window); the
/// purge (`crate::purge`) deletes older rows.
pub const KEPT_SECONDS: u64 = 86_400;
