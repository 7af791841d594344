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

/// One purge at the state's clock.
pub async fn run_once(state: &AppState) -> Result<Purged, sqlx::Error> {
    let now = state.now();
    let exec = |sql: &'static str, at: u64| {
        let pool = state.pool.clone();
        async move {
            Ok::<u64, sqlx::Error>(
                sqlx::query(sql)
                    .bind(at as i64)
                    .execute(&pool)
                    .await?
                    .rows_affected(),
            )
        }
    };
    Ok(Purged {
        sessions: exec("DELETE FROM sessions WHERE expires_at <= $1", now).await?,
        challenges: exec("DELETE FROM used_challenges WHERE expires_at <= $1", now).await?,
        counters: crate::limits::purge(&state.pool, now).await?,
        registrations: exec(
            "DELETE FROM registrations WHERE created_at < $1",
            now.saturating_sub(REGISTRATION_DAYS_KEPT * 86_400),
        )
        .await?,
        web_sessions: exec("DELETE FROM web_sessions WHERE expires_at <= $1", now).await?,
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
