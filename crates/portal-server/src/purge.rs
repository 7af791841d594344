//! Forgetting what is no longer needed: expired sessions (API and web) and used challenges,
//! counters whose window ended, registrations that were never verified (a day after they were
//! made), and share answers a service never said it was done with ([`SHARE_ANSWER_SECONDS`]
//! after the answer). Run once a minute by `eid-portal serve`.

use crate::state::AppState;

/// How many rows each purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired sessions.
    pub sessions: u64,
    /// Used challenges past their expiry.
    pub challenges: u64,
    /// Rate-limit counters whose window ended.
    pub counters: u64,
    /// Registrations made more than a day ago (verified or not: a verified one keeps nothing).
    pub registrations: u64,
    /// Web sessions of the console and the desk that ended.
    pub web_sessions: u64,
    /// Share answers forgotten: their service's retention ended, or it did not say it was done
    /// in time.
    pub share_answers: u64,
}

/// Seconds a share answer is kept at most when the service never says it is done with it.
pub const SHARE_ANSWER_SECONDS: u64 = 30 * 60;

/// Days a registration is kept after it was made.
pub const REGISTRATION_DAYS_KEPT: u64 = 1;

/// Closes the answers nobody closed within [`SHARE_ANSWER_SECONDS`] (as "done" would, with each
/// service's retention), then forgets every answer whose time has come; returns how many.
async fn share_answers(state: &AppState, now: u64) -> Result<u64, sqlx::Error> {
    let cutoff = now.saturating_sub(SHARE_ANSWER_SECONDS) as i64;
    for service in &state.config.services {
        sqlx::query(
            "UPDATE share_requests SET done_at = $1, forget_at = $2
             WHERE service_id = $3 AND done_at IS NULL AND answered_at IS NOT NULL
             AND answered_at < $4",
        )
        .bind(now as i64)
        .bind((now + service.retention_seconds) as i64)
        .bind(service.id.clone())
        .bind(cutoff)
        .execute(&state.pool)
        .await?;
    }
    // A service no longer configured keeps nothing.
    sqlx::query(
        "UPDATE share_requests SET done_at = $1, forget_at = $1
         WHERE done_at IS NULL AND answered_at IS NOT NULL AND answered_at < $2",
    )
    .bind(now as i64)
    .bind(cutoff)
    .execute(&state.pool)
    .await?;
    Ok(sqlx::query(
        "UPDATE share_requests SET presentation = NULL, disclosed = NULL
         WHERE forget_at <= $1 AND (presentation IS NOT NULL OR disclosed IS NOT NULL)",
    )
    .bind(now as i64)
    .execute(&state.pool)
    .await?
    .rows_affected())
}

/// Rows one purge statement deletes at most. A statement is repeated until it deletes fewer,
/// with a pause between, so a backlog (the morning after an evening peak) never holds the
/// database's write lock, or its memory, for long.
pub const PURGE_BATCH: u64 = 1000;
/// The pause between two batches.
const BATCH_PAUSE: std::time::Duration = std::time::Duration::from_millis(5);

/// Deletes the rows of `table` whose `column` is at most (or, with `before`, below) `at`, by
/// primary key `key`, in batches of [`PURGE_BATCH`]; returns how many.
async fn delete_batched(
    state: &AppState,
    table: &str,
    key: &str,
    column: &str,
    before: bool,
    at: u64,
) -> Result<u64, sqlx::Error> {
    let op = if before { "<" } else { "<=" };
    // Only this file's constant names go into the text; the time is bound.
    let sql = format!(
        "DELETE FROM {table} WHERE {key} IN
           (SELECT {key} FROM {table} WHERE {column} {op} $1 LIMIT {PURGE_BATCH})"
    );
    let mut total = 0;
    loop {
        let n = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(at as i64)
            .execute(&state.pool)
            .await?
            .rows_affected();
        total += n;
        if n < PURGE_BATCH {
            return Ok(total);
        }
        tokio::time::sleep(BATCH_PAUSE).await;
    }
}

/// One purge at the state's clock.
pub async fn run_once(state: &AppState) -> Result<Purged, sqlx::Error> {
    let now = state.now();
    let del =
        |table, key, column, before, at| delete_batched(state, table, key, column, before, at);
    Ok(Purged {
        sessions: del("sessions", "token_hash", "expires_at", false, now).await?,
        challenges: del("used_challenges", "challenge", "expires_at", false, now).await?,
        counters: del(
            "rate_limits",
            "key",
            "window_start",
            true,
            now.saturating_sub(crate::limits::KEPT_SECONDS),
        )
        .await?,
        registrations: del(
            "registrations",
            "id",
            "created_at",
            true,
            now.saturating_sub(REGISTRATION_DAYS_KEPT * 86_400),
        )
        .await?,
        web_sessions: del("web_sessions", "token_hash", "expires_at", false, now).await?,
        share_answers: share_answers(state, now).await?,
    })
}

/// Purges once a minute, for as long as the runtime runs; a failed purge is logged and tried
/// again the next minute.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            if let Err(e) = run_once(&state).await {
                eprintln!("eid-portal: purge failed: {e}");
            }
        }
    });
}
