//! The outbox (submissions waiting to reach the portal, sent exactly once under their
//! idempotency key), the applications the portal accepted, and the change feed's cursor.
//!
//! A submission moves a draft into the outbox in one transaction; a delivery removes the outbox
//! item and its draft and records the accepted application in one transaction, so a crash
//! never loses a submission or shows it twice.

use crate::db::Db;
use crate::error::StoreError;
use crate::records::Draft;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// An outbox item waiting for its next try.
pub const WAITING: &str = "waiting";
/// An outbox item being sent.
pub const SENDING: &str = "sending";
/// An outbox item the portal refused for good; it stays listed with the portal's code.
pub const REFUSED: &str = "refused";

/// A submission waiting to reach the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// The item's id.
    pub id: String,
    /// The draft it was made from.
    pub draft_id: String,
    /// The `Idempotency-Key` every try of this submission sends.
    pub idempotency_key: String,
    /// The request body, sent byte for byte the same on every try.
    pub body: String,
    /// [`WAITING`], [`SENDING`] or [`REFUSED`].
    pub state: String,
    /// Tries made so far.
    pub attempts: u32,
    /// Not to be tried before this time (Unix seconds).
    pub next_attempt_at: u64,
    /// Why the last try failed (a code), if it did.
    pub last_error: Option<String>,
    /// When it was submitted (Unix seconds).
    pub created_at: u64,
    /// Last change (Unix seconds).
    pub updated_at: u64,
}

/// An application the portal accepted, as last seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    /// The portal's id for it.
    pub id: String,
    /// The draft it came from, when it was submitted from this wallet.
    pub draft_id: Option<String>,
    /// The application kind, e.g. `temporary_residence`.
    pub kind: String,
    /// Where it stands, e.g. `submitted`.
    pub state: String,
    /// The officer's reason, if any.
    pub reason: Option<String>,
    /// The document issued on approval, if any.
    pub result_document_id: Option<String>,
    /// When the portal received it (Unix seconds).
    pub submitted_at: u64,
    /// The portal's time of its last change (Unix seconds).
    pub updated_at: u64,
    /// The portal's view of it, as JSON.
    pub body: String,
}

const OUTBOX_COLUMNS: &str = "id, draft_id, idempotency_key, body, state, attempts, \
     next_attempt_at, last_error, created_at, updated_at";

const APPLICATION_COLUMNS: &str =
    "id, draft_id, kind, state, reason, result_document_id, submitted_at, updated_at, body";

fn outbox_item(r: &Row<'_>) -> rusqlite::Result<OutboxItem> {
    Ok(OutboxItem {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        idempotency_key: r.get(2)?,
        body: r.get(3)?,
        state: r.get(4)?,
        attempts: r.get(5)?,
        next_attempt_at: r.get::<_, i64>(6)? as u64,
        last_error: r.get(7)?,
        created_at: r.get::<_, i64>(8)? as u64,
        updated_at: r.get::<_, i64>(9)? as u64,
    })
}

fn application_row(r: &Row<'_>) -> rusqlite::Result<ApplicationRow> {
    Ok(ApplicationRow {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        kind: r.get(2)?,
        state: r.get(3)?,
        reason: r.get(4)?,
        result_document_id: r.get(5)?,
        submitted_at: r.get::<_, i64>(6)? as u64,
        updated_at: r.get::<_, i64>(7)? as u64,
        body: r.get(8)?,
    })
}

impl Db {
    /// Saves the draft and puts its submission in the outbox, in one transaction: both land or
    /// neither (e.g. when the idempotency key is already in the outbox).
    pub fn submit_draft(&mut self, draft: &Draft, item: &OutboxItem) -> Result<(), StoreError> {
        self.transaction(|db| {
            db.put_draft(draft)?;
            db.put_outbox_item(item)
        })
    }

    /// Adds an item to the outbox as it is (a restore brings back what another device queued);
    /// fails when its id or idempotency key is already there.
    pub fn put_outbox_item(&self, item: &OutboxItem) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                item.id,
                item.draft_id,
                item.idempotency_key,
                item.body,
                item.state,
                item.attempts,
                item.next_attempt_at as i64,
                item.last_error,
                item.created_at as i64,
                item.updated_at as i64
            ],
        )?;
        Ok(())
    }

    /// Every outbox item, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([], outbox_item)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// At most `limit` waiting items whose next try is due at `now`, the longest due first.
    pub fn due_outbox(&self, now: u64, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = ?1 AND next_attempt_at <= ?2
             ORDER BY next_attempt_at, created_at, id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            params![WAITING, now as i64, limit.min(i64::MAX as usize) as i64],
            outbox_item,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a failed try: the item waits until `next_attempt_at`, with `attempts` tries made
    /// and `error` (a code or short reason, never form values) as the last failure. An unknown
    /// `id` changes nothing.
    pub fn outbox_retry_later(
        &self,
        id: &str,
        attempts: u32,
        next_attempt_at: u64,
        error: &str,
        now: u64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5,
                updated_at = ?6 WHERE id = ?1",
            params![
                id,
                WAITING,
                attempts,
                next_attempt_at as i64,
                error,
                now as i64
            ],
        )?;
        Ok(())
    }

    /// Makes every waiting item due now (the citizen asked to try again); attempts, errors and
    /// refused items are left as they are.
    pub fn outbox_all_due_now(&self) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET next_attempt_at = 0 WHERE state = ?1",
            [WAITING],
        )?;
        Ok(())
    }

    /// Records the portal's final refusal: the item stays listed as [`REFUSED`] with the
    /// portal's error code, and is never sent again. An unknown `id` changes nothing.
    pub fn outbox_refused(&self, id: &str, code: &str, now: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET state = ?2, last_error = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, REFUSED, code, now as i64],
        )?;
        Ok(())
    }

    /// Records a delivery in one transaction: the outbox item and its draft are removed and
    /// the accepted application is written (replacing an earlier view of it). The application
    /// is written even when the item is already gone (a delivery recorded twice).
    pub fn outbox_delivered(&mut self, id: &str, app: &ApplicationRow) -> Result<(), StoreError> {
        self.transaction(|db| {
            let draft_id: Option<String> = db
                .conn
                .query_row("SELECT draft_id FROM outbox WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            db.conn.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            if let Some(draft_id) = draft_id {
                db.conn
                    .execute("DELETE FROM drafts WHERE id = ?1", [draft_id])?;
            }
            db.put_application(app)
        })
    }

    /// Writes an application (replacing the row with the same id), e.g. from the feed. A row
    /// without a draft id keeps the one already stored (the feed does not know drafts).
    pub fn put_application(&self, app: &ApplicationRow) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO applications ({APPLICATION_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (id) DO UPDATE SET
                    draft_id = COALESCE(excluded.draft_id, applications.draft_id),
                    kind = excluded.kind, state = excluded.state, reason = excluded.reason,
                    result_document_id = excluded.result_document_id,
                    submitted_at = excluded.submitted_at, updated_at = excluded.updated_at,
                    body = excluded.body"
            ),
            params![
                app.id,
                app.draft_id,
                app.kind,
                app.state,
                app.reason,
                app.result_document_id,
                app.submitted_at as i64,
                app.updated_at as i64,
                app.body
            ],
        )?;
        Ok(())
    }

    /// Every application, most recently submitted first.
    pub fn applications(&self) -> Result<Vec<ApplicationRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications ORDER BY submitted_at DESC, id"
        ))?;
        let rows = stmt.query_map([], application_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where to resume the portal's change feed (0 before the first pull).
    pub fn feed_cursor(&self) -> Result<u64, StoreError> {
        let cursor: Option<i64> = self
            .conn
            .query_row("SELECT feed_cursor FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(cursor.map_or(0, |c| c as u64))
    }

    /// Saves where to resume the change feed.
    pub fn set_feed_cursor(&self, cursor: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_state (id, feed_cursor) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET feed_cursor = ?1",
            [cursor as i64],
        )?;
        Ok(())
    }

    /// One nullable column of the single `sync_state` row (`None` before the row exists). The
    /// column name is always one of this file's constants, never input.
    pub(crate) fn sync_state_column<T: rusqlite::types::FromSql>(
        &self,
        column: &'static str,
    ) -> Result<Option<T>, StoreError> {
        let value: Option<Option<T>> = self
            .conn
            .query_row(
                &format!("SELECT {column} FROM sync_state WHERE id = 1"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.flatten())
    }

    /// Sets one nullable column of the single `sync_state` row, creating the row (feed cursor 0)
    /// when there is none. The column name is always one of this file's constants.
    pub(crate) fn set_sync_state_column(
        &self,
        column: &'static str,
        value: impl rusqlite::ToSql,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            &format!(
                "INSERT INTO sync_state (id, feed_cursor, {column}) VALUES (1, 0, ?1)
                 ON CONFLICT (id) DO UPDATE SET {column} = ?1"
            ),
            [value],
        )?;
        Ok(())
    }

    /// The portal account this wallet is registered as, if any.
    pub fn portal_account_id(&self) -> Result<Option<String>, StoreError> {
        self.sync_state_column("account_id")
    }

    /// Records the portal account this wallet is registered as.
    pub fn set_portal_account_id(&self, account_id: &str) -> Result<(), StoreError> {
        self.set_sync_state_column("account_id", account_id)
    }

    /// The state of the level-2 request as last seen (`requested`, `approved`, `rejected`).
    pub fn upgrade_state(&self) -> Result<Option<String>, StoreError> {
        self.sync_state_column("upgrade_state")
    }

    /// Records the state of the level-2 request.
    pub fn set_upgrade_state(&self, state: &str) -> Result<(), StoreError> {
        self.set_sync_state_column("upgrade_state", state)
    }

    /// When the last complete sync finished (Unix seconds), if ever.
    pub fn last_sync_at(&self) -> Result<Option<u64>, StoreError> {
        Ok(self
            .sync_state_column::<i64>("last_sync_at")?
            .map(|t| t as u64))
    }

    /// Records that a sync finished at `now`.
    pub fn set_last_sync_at(&self, now: u64) -> Result<(), StoreError> {
        self.set_sync_state_column("last_sync_at", now as i64)
    }
}
