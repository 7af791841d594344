//! Application drafts. Reading and writing them in an open [`Db`].

use crate::db::Db;
use crate::error::StoreError;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// A draft application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The draft's id.
    pub id: String,
    /// The application kind, e.g. `temporary_residence`.
    pub kind: String,
    /// The form's fields as JSON.
    pub body: String,
    /// Last edit (Unix seconds).
    pub updated_at: u64,
}

impl Db {
    /// Saves a draft (replacing one with the same id).
    pub fn put_draft(&self, d: &Draft) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO drafts (id, kind, body, updated_at) VALUES (?1, ?2, ?3, ?4)",
            params![d.id, d.kind, d.body, d.updated_at as i64],
        )?;
        Ok(())
    }
    /// Deletes a draft that is not waiting in the outbox; returns whether one was deleted.
    pub fn delete_draft(&self, id: &str) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "DELETE FROM drafts WHERE id = ?1 AND id NOT IN (SELECT draft_id FROM outbox)",
            [id],
        )?;
        Ok(n > 0)
    }
    /// Every draft, most recently edited first.
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, body, updated_at FROM drafts ORDER BY updated_at DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                id: r.get(0)?,
                kind: r.get(1)?,
                body: r.get(2)?,
                updated_at: r.get::<_, i64>(3)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
