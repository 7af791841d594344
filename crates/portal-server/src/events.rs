//! The change feed's writing side: every change a wallet must pull is an event with a global,
//! increasing sequence number, written in the same transaction as the change.

use crate::error::ApiError;
use sqlx::{Any, Row, Transaction};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// An application changed state.
    Application,
    /// A document was issued, re-issued or revoked.
    Document,
    /// The account's level or upgrade request changed.
    Account,
    /// Someone looked at the citizen's data (ref: an audit sequence number, or `share:{id}`).
    Access,
}

impl EventKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Application => "application",
            EventKind::Document => "document",
            EventKind::Account => "account",
            EventKind::Access => "access",
        }
    }
}

/// Bumps a counter and returns its new value (inside the caller's transaction).
pub async fn bump(tx: &mut Transaction<'static, Any>, name: &str) -> Result<u64, ApiError> {
    let row = sqlx::query("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
        .bind(name.to_owned())
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.get::<i64, _>(0) as u64)
}

/// Records that `ref_id` of `kind` changed for `account_id`.
pub async fn push(
    tx: &mut Transaction<'static, Any>,
    account_id: &str,
    kind: EventKind,
    ref_id: &str,
    now: u64,
) -> Result<(), ApiError> {
    let seq = bump(tx, "feed").await?;
    sqlx::query(
        "INSERT INTO events (seq, account_id, kind, ref_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(seq as i64)
    .bind(account_id.to_owned())
    .bind(kind.code())
    .bind(ref_id.to_owned())
    .bind(now as i64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
