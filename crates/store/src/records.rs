//! Reading and writing the wallet's records in an open [`Db`].

use crate::db::Db;
use crate::error::StoreError;
use crate::seal;
use rand_core::{CryptoRng, RngCore};
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

const DEVICE_KEY_AAD: &[u8] = b"eid-wallet device key v1";
use serde::{Deserialize, Serialize};

/// The citizen's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// 1 (self-registered) or 2 (identity checked in person).
    pub level: u8,
    /// The 12-digit personal identification number.
    pub id_number: String,
    /// Phone number.
    pub phone: String,
    /// Full name.
    pub full_name: String,
}

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

/// The device's key pair as stored.
pub struct DeviceKey {
    /// The private key's bytes, wiped when dropped.
    pub private: Zeroizing<Vec<u8>>,
    /// The public key's bytes.
    pub public: Vec<u8>,
}

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

/// What an activity entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The citizen showed a presentation QR.
    Present,
    /// The citizen shared fields with a service.
    Share,
    /// This device verified someone's QR (counter mode).
    Verify,
    /// A document was received or re-issued.
    Receive,
    /// The wallet was restored from a backup.
    Restore,
}

/// One entry of the activity log: names, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Unix seconds.
    pub at: u64,
    /// What happened.
    pub action: Action,
    /// The document type code, when one was involved.
    pub doc_type: Option<String>,
    /// The field *names* involved.
    pub fields: Vec<String>,
    /// Who was on the other side (a service's name, "counter"), when known.
    pub counterpart: Option<String>,
    /// `ok` or a reason code.
    pub result: String,
}

/// A stable code: lower-case ASCII letters, digits and `_`, 1 to 40 characters. Field names,
/// document types and results must be codes, so no personal value can slip into the log.
fn is_code(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn action_code(a: Action) -> &'static str {
    match a {
        Action::Present => "present",
        Action::Share => "share",
        Action::Verify => "verify",
        Action::Receive => "receive",
        Action::Restore => "restore",
    }
}

fn action_from(s: &str) -> Option<Action> {
    Some(match s {
        "present" => Action::Present,
        "share" => Action::Share,
        "verify" => Action::Verify,
        "receive" => Action::Receive,
        "restore" => Action::Restore,
        _ => return None,
    })
}

impl Db {
    /// Writes the account (replacing it).
    pub fn put_account(&self, a: &Account, now: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO account (id, level, id_number, phone, full_name, created_at, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET level = ?1, id_number = ?2, phone = ?3,
                full_name = ?4, updated_at = ?5",
            params![a.level, a.id_number, a.phone, a.full_name, now as i64],
        )?;
        Ok(())
    }

    /// The account, if one was written.
    pub fn account(&self) -> Result<Option<Account>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT level, id_number, phone, full_name FROM account WHERE id = 1",
                [],
                |r| {
                    Ok(Account {
                        level: r.get(0)?,
                        id_number: r.get(1)?,
                        phone: r.get(2)?,
                        full_name: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Seals the device's private key and stores it with its public key (replacing any
    /// previous one). The private key is never written unsealed.
    pub fn put_device_key(
        &self,
        private: &[u8],
        public: &[u8],
        now: u64,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(), StoreError> {
        let sealed = seal::seal(&self.record_key, DEVICE_KEY_AAD, private, rng);
        self.conn.execute(
            "INSERT OR REPLACE INTO device_key (id, sealed_key, public_key, created_at) VALUES (1, ?1, ?2, ?3)",
            params![sealed, public, now as i64],
        )?;
        Ok(())
    }

    /// The device's private key (unsealed, wiped when dropped) and public key.
    pub fn device_key(&self) -> Result<Option<DeviceKey>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT sealed_key, public_key FROM device_key WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((sealed, public)) => {
                let private = seal::open(&self.record_key, DEVICE_KEY_AAD, &sealed)
                    .ok_or_else(|| StoreError::Corrupt("the device key does not unseal".into()))?;
                Ok(Some(DeviceKey {
                    private: Zeroizing::new(private),
                    public,
                }))
            }
        }
    }

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

    /// Sets the account's level (after the portal granted level 2).
    pub fn set_account_level(&self, level: u8, now: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE account SET level = ?1, updated_at = ?2 WHERE id = 1",
            params![level, now as i64],
        )?;
        Ok(())
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

    /// Appends to the activity log. Field names, the document type and the result must be
    /// codes (see [`Activity`]); anything else is refused rather than logged.
    pub fn log(&self, a: &Activity) -> Result<(), StoreError> {
        let codes_ok = a.fields.iter().all(|f| is_code(f))
            && a.doc_type.as_deref().is_none_or(is_code)
            && is_code(&a.result);
        if !codes_ok {
            return Err(StoreError::Corrupt(
                "activity entries hold codes only".into(),
            ));
        }
        self.conn.prepare_cached(
            "INSERT INTO activity (at, action, doc_type, fields, counterpart, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(
            params![
                a.at as i64,
                action_code(a.action),
                a.doc_type,
                a.fields.join(","),
                a.counterpart,
                a.result
            ],
        )?;
        Ok(())
    }

    /// The activity log, newest first, at most `limit` entries.
    pub fn activity(&self, limit: usize) -> Result<Vec<Activity>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, action, doc_type, fields, counterpart, result FROM activity ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let action: String = r.get(1)?;
            let fields: String = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)? as u64,
                action,
                r.get::<_, Option<String>>(2)?,
                fields,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, action, doc_type, fields, counterpart, result) = row?;
            let action = action_from(&action)
                .ok_or_else(|| StoreError::Corrupt("activity action".into()))?;
            let fields = fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            out.push(Activity {
                at,
                action,
                doc_type,
                fields,
                counterpart,
                result,
            });
        }
        Ok(out)
    }

    /// Runs `f` inside one transaction: all of its writes land, or none.
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}
