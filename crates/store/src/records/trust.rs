//! The cached trust lists. Reading and writing them in an open [`Db`].

use crate::db::Db;
use crate::error::StoreError;
use rusqlite::{params, OptionalExtension};

impl Db {
    /// Caches a trust or status list with its fetch time.
    pub fn put_trust(&self, kind: &str, bytes: &[u8], fetched_at: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO trust_cache (kind, bytes, fetched_at) VALUES (?1, ?2, ?3)",
            params![kind, bytes, fetched_at as i64],
        )?;
        Ok(())
    }
    /// A cached trust or status list and when it was fetched.
    pub fn trust(&self, kind: &str) -> Result<Option<(Vec<u8>, u64)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes, fetched_at FROM trust_cache WHERE kind = ?1",
                [kind],
                |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
            )
            .optional()?)
    }
}
