//! Backup files: everything a citizen needs to move to a new phone, sealed under a recovery
//! passphrase.
//!
//! Layout (all integers big-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `EIDWBAK` followed by a zero byte |
//! | 2 | format version: 2 (1 is still read) |
//! | 12 | Argon2id memory (KiB), passes, lanes: three u32 |
//! | 16 | Argon2id salt |
//! | rest | AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag |
//!
//! The key is Argon2id(passphrase, salt) with the header's parameters; the header (the first 38
//! bytes) is the AEAD's associated data, so altering any byte of the file fails authentication.
//! The plaintext is the JSON of [`BackupContent`]. The device key is *not* in a backup: a
//! restored wallet makes a new one and its documents need re-binding by the portal.
//!
//! Version 2 adds the outbox (submissions not yet accepted by the portal, each with its
//! idempotency key and exact body) and the applications the portal accepted, so a citizen who
//! restores on a new phone loses no declaration: the new wallet sends each waiting submission
//! with its original key, and the portal answers a copy the old phone already delivered with
//! the application it made then, never a second one. A version-1 file restores with neither.

use crate::db::Db;
use crate::error::{BackupError, StoreError};
use crate::kdf::{self, KdfParams};
use crate::outbox::{ApplicationRow, OutboxItem, REFUSED, SENDING, WAITING};
use crate::records::{Account, Activity, Draft};
use crate::seal;
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

/// The magic bytes.
pub const MAGIC: &[u8; 8] = b"EIDWBAK\0";
/// The format version this code writes.
pub const VERSION: u16 = 2;
/// The oldest format version this code reads.
pub const OLDEST_VERSION: u16 = 1;
/// Header length: magic, version, parameters, salt.
pub const HEADER_LEN: usize = 8 + 2 + 12 + 16;
/// Largest backup file accepted.
pub const MAX_LEN: usize = 64 * 1024 * 1024;
/// Shortest recovery passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// A stored document in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupDocument {
    /// The wallet's id for it.
    pub id: String,
    /// Type code.
    pub doc_type: String,
    /// Issuer-signed bytes, hex.
    pub issued: String,
    /// When it was received.
    pub received_at: u64,
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupContent {
    /// When the backup was made.
    pub created_at: u64,
    /// The account, if any.
    pub account: Option<Account>,
    /// Every document.
    pub documents: Vec<BackupDocument>,
    /// Every draft.
    pub drafts: Vec<Draft>,
    /// The activity log, newest first.
    pub activity: Vec<Activity>,
    /// Submissions not yet accepted by the portal, oldest first (version 2; empty in version 1).
    #[serde(default)]
    pub outbox: Vec<OutboxItem>,
    /// Applications the portal accepted, as last synced (version 2; empty in version 1).
    #[serde(default)]
    pub applications: Vec<ApplicationRow>,
    /// The wallet's recovery key (version 2, when the wallet has one): restoring the backup
    /// proves it, which moves a level-2 account to the new phone at once.
    #[serde(default)]
    pub recovery_key: Option<BackupRecoveryKey>,
}

/// The recovery key in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRecoveryKey {
    /// The private key, hex.
    pub private: String,
    /// The public key (SEC1 compressed), hex.
    pub public: String,
    /// Whether the portal knew it when the backup was made.
    pub registered: bool,
}

impl BackupContent {
    /// Whether the content holds together: known outbox states, no id or idempotency key twice,
    /// every document's bytes in hex.
    fn is_consistent(&self) -> bool {
        let mut ids = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        let outbox_ok = self.outbox.iter().all(|o| {
            [WAITING, SENDING, REFUSED].contains(&o.state.as_str())
                && !o.idempotency_key.is_empty()
                && ids.insert(o.id.as_str())
                && keys.insert(o.idempotency_key.as_str())
        });
        let mut app_ids = std::collections::HashSet::new();
        outbox_ok
            && self
                .applications
                .iter()
                .all(|a| app_ids.insert(a.id.as_str()))
            && self
                .documents
                .iter()
                .all(|d| hex::decode(&d.issued).is_ok())
    }
}

/// Reads everything a backup holds from an open wallet.
pub fn collect(db: &Db, now: u64) -> Result<BackupContent, StoreError> {
    let mut documents = Vec::new();
    for row in db.documents()? {
        if let Some((doc_type, bytes)) = db.document(&row.id)? {
            documents.push(BackupDocument {
                id: row.id,
                doc_type,
                issued: hex::encode(bytes),
                received_at: row.received_at,
            });
        }
    }
    Ok(BackupContent {
        created_at: now,
        account: db.account()?,
        documents,
        drafts: db.drafts()?,
        activity: db.activity(usize::MAX >> 1)?,
        outbox: db.outbox()?,
        applications: db.applications()?,
        recovery_key: db.recovery_key()?.map(|k| BackupRecoveryKey {
            private: hex::encode(&*k.private),
            public: hex::encode(&k.public),
            registered: k.registered,
        }),
    })
}

/// Seals `content` under `passphrase`.
pub fn seal_backup(
    content: &BackupContent,
    passphrase: &str,
    params: KdfParams,
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<Vec<u8>, BackupError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(BackupError::WeakPassphrase);
    }
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&VERSION.to_be_bytes());
    for v in [params.m_kib, params.t, params.p] {
        header.extend_from_slice(&v.to_be_bytes());
    }
    header.extend_from_slice(&salt);
    let key =
        kdf::derive(passphrase.as_bytes(), &salt, None, params).ok_or(BackupError::BadContent)?;
    let plain =
        zeroize::Zeroizing::new(serde_json::to_vec(content).map_err(|_| BackupError::BadContent)?);
    let mut out = header.clone();
    out.extend_from_slice(&seal::seal(&key, &header, &plain, rng));
    Ok(out)
}

/// Reads a backup file's header without the passphrase: its format version, when the file is a
/// backup this code can read (for telling the citizen at once that a chosen file is not one).
pub fn peek(bytes: &[u8]) -> Result<u16, BackupError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(BackupError::NotABackup);
    }
    if bytes.len() > MAX_LEN {
        return Err(BackupError::BadContent);
    }
    if bytes.len() < 10 {
        return Err(BackupError::Truncated);
    }
    let version = u16::from_be_bytes([bytes[8], bytes[9]]);
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        return Err(BackupError::UnsupportedVersion);
    }
    if bytes.len() < HEADER_LEN + seal::OVERHEAD {
        return Err(BackupError::Truncated);
    }
    Ok(version)
}

/// Checks and decrypts a backup file. Nothing is written anywhere.
pub fn open_backup(bytes: &[u8], passphrase: &str) -> Result<BackupContent, BackupError> {
    peek(bytes)?;
    let word = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let params = KdfParams {
        m_kib: word(10),
        t: word(14),
        p: word(18),
    };
    if !params.is_sane() {
        return Err(BackupError::WrongPassphraseOrTampered);
    }
    let (header, body) = bytes.split_at(HEADER_LEN);
    let key = kdf::derive(passphrase.as_bytes(), &header[22..], None, params)
        .ok_or(BackupError::WrongPassphraseOrTampered)?;
    let plain = zeroize::Zeroizing::new(
        seal::open(&key, header, body).ok_or(BackupError::WrongPassphraseOrTampered)?,
    );
    let content: BackupContent =
        serde_json::from_slice(&plain).map_err(|_| BackupError::BadContent)?;
    if !content.is_consistent() {
        return Err(BackupError::BadContent);
    }
    Ok(content)
}

/// Writes a backup's content into a freshly created wallet, in one transaction (the recovery
/// key, when the backup has one, replaces the new wallet's); documents are
/// marked as needing re-binding to the new device key. Waiting submissions (and one that was
/// being sent when the backup was made) come back waiting and due at once, with their attempts,
/// idempotency keys and bodies unchanged; refused ones stay refused.
pub fn restore_into(
    db: &mut Db,
    content: &BackupContent,
    now: u64,
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<(), StoreError> {
    db.transaction(|db| {
        if let Some(k) = &content.recovery_key {
            let private = zeroize::Zeroizing::new(
                hex::decode(&k.private).map_err(|_| BackupError::BadContent)?,
            );
            let public = hex::decode(&k.public).map_err(|_| BackupError::BadContent)?;
            db.put_recovery_key(&private, &public, k.registered, now, rng)?;
        }
        if let Some(a) = &content.account {
            db.put_account(a, now)?;
        }
        for d in &content.documents {
            let bytes = hex::decode(&d.issued).map_err(|_| BackupError::BadContent)?;
            db.put_document(&d.id, &d.doc_type, &bytes, d.received_at)?;
        }
        db.mark_all_needing_rebinding()?;
        for d in &content.drafts {
            db.put_draft(d)?;
        }
        for a in content.activity.iter().rev() {
            db.log(a)?;
        }
        for item in &content.outbox {
            let mut item = item.clone();
            if item.state != REFUSED {
                item.state = WAITING.to_owned();
                item.next_attempt_at = 0;
            }
            db.put_outbox_item(&item)?;
        }
        for app in &content.applications {
            db.put_application(app)?;
        }
        db.log(&Activity {
            at: now,
            action: crate::records::Action::Restore,
            doc_type: None,
            fields: vec![],
            counterpart: None,
            result: "ok".into(),
        })
    })
}
