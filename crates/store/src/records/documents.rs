//! The documents the wallet holds. Reading and writing them in an open [`Db`].

use super::activity::is_code;
use crate::db::Db;
use crate::error::StoreError;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A stored document's summary (its bytes are read with [`Db::document`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    /// The wallet's id for the document.
    pub id: String,
    /// The document type code, e.g. `health_insurance`.
    pub doc_type: String,
    /// When it was received (Unix seconds).
    pub received_at: u64,
    /// Restored on a new device: bound to the old device key until the portal re-issues it.
    pub needs_rebinding: bool,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// The type code.
    pub doc_type: String,
    /// The issuer-signed bytes.
    pub bytes: Vec<u8>,
    /// Bound to a previous device until re-issued.
    pub needs_rebinding: bool,
}

impl Db {
    /// Stores a document (replacing one with the same id).
    pub fn put_document(
        &self,
        id: &str,
        doc_type: &str,
        bytes: &[u8],
        now: u64,
    ) -> Result<(), StoreError> {
        if !is_code(doc_type) {
            return Err(StoreError::Corrupt("document type must be a code".into()));
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO documents (id, doc_type, issued_bytes, received_at, needs_rebinding)
             VALUES (?1, ?2, ?3, ?4, 0)",
            params![id, doc_type, bytes, now as i64],
        )?;
        Ok(())
    }
    /// Deletes the documents restored from a backup that still wait for re-binding (once the
    /// portal has re-issued them to this device); returns how many went.
    pub fn delete_documents_needing_rebinding(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM documents WHERE needs_rebinding = 1", [])?)
    }
    /// Every document's summary, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, doc_type, received_at, needs_rebinding FROM documents ORDER BY received_at DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DocumentRow {
                id: r.get(0)?,
                doc_type: r.get(1)?,
                received_at: r.get::<_, i64>(2)? as u64,
                needs_rebinding: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
    /// A document's type and issuer-signed bytes.
    pub fn document(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(self.stored_document(id)?.map(|d| (d.doc_type, d.bytes)))
    }
    /// A document with its bytes and re-binding flag.
    pub fn stored_document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc_type, issued_bytes, needs_rebinding FROM documents WHERE id = ?1",
        )?;
        Ok(stmt
            .query_row([id], |r| {
                Ok(StoredDocument {
                    doc_type: r.get(0)?,
                    bytes: r.get(1)?,
                    needs_rebinding: r.get(2)?,
                })
            })
            .optional()?)
    }
    /// Marks every document as bound to a previous device (after a restore).
    pub fn mark_all_needing_rebinding(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("UPDATE documents SET needs_rebinding = 1", [])?)
    }
}
