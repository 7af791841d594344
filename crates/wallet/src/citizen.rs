//! The citizen's wallet: create and unlock it, keep documents, present them, keep the activity
//! log, back it up and restore it. Every method is one use case; the app's commands and
//! `eid wallet …` call these and nothing below them.
//!
//! Locking: the open database is held only while unlocked. Each use case first checks the idle
//! time; after [`Wallet::idle_timeout`] seconds without use the wallet locks itself (the app
//! also calls [`Wallet::lock`] when it goes to the background).

use crate::clock::Clock;
use crate::error::WalletError;
use eid_credential::{
    present, DocType, FieldValue, IssuedDocument, PresentRequest, Signer, SoftwareKey,
};
use eid_store::backup::{self, BackupContent};
use eid_store::kdf::KdfParams;
use eid_store::records::{Action, Activity, DocumentRow};
use eid_store::vault::Vault;
use eid_store::{Db, Keystore};
use rand_core::{CryptoRng, RngCore};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Seconds without use after which the wallet locks itself.
pub const DEFAULT_IDLE_TIMEOUT: u64 = 120;

/// A random source the wallet may use for keys, salts and nonces.
pub trait WalletRng: RngCore + CryptoRng + Send {}
impl<T: RngCore + CryptoRng + Send> WalletRng for T {}

struct Session {
    db: Db,
    last_used: u64,
}

/// A citizen's wallet in a home folder.
pub struct Wallet {
    home: PathBuf,
    keystore: Arc<dyn Keystore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) rng: Box<dyn WalletRng>,
    session: Option<Session>,
    /// A backup file the citizen picked, kept until it is restored (see [`Wallet::choose_backup`]).
    chosen_backup: Option<Vec<u8>>,
    /// Seconds without use before the wallet locks itself.
    pub idle_timeout: u64,
    /// Argon2id parameters for a new wallet's PIN.
    pub pin_kdf: KdfParams,
    /// Argon2id parameters for new backups.
    pub backup_kdf: KdfParams,
}

/// A document as the wallet shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The wallet's id for it.
    pub id: String,
    /// The type code.
    pub doc_type: &'static str,
    /// Every field, by name.
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// Valid from (Unix seconds).
    pub not_before: u64,
    /// Valid until (Unix seconds).
    pub expires_at: u64,
    /// Bound to a previous device until re-issued.
    pub needs_rebinding: bool,
}

/// A presentation ready to show.
#[derive(Debug, Clone)]
pub struct Presentation {
    /// The QR text (`EP1:` + base45).
    pub text: String,
    /// The COSE bytes.
    pub bytes: Vec<u8>,
    /// When it was made; verifiers accept it for 60 seconds.
    pub presented_at: u64,
}

impl Presentation {
    /// When counters stop accepting it (Unix seconds).
    pub fn valid_until(&self) -> u64 {
        self.presented_at + eid_credential::verify::DEFAULT_WINDOW_SECS
    }

    /// The QR as SVG markup, for a screen to scale to its width.
    pub fn svg(&self) -> Result<String, WalletError> {
        eid_qr::render::encode_matrix(&self.text)
            .map(|m| m.to_svg())
            .map_err(|e| WalletError::QrRender(e.to_string()))
    }
}

/// The wallet's id for an issued document: its type and the end of the issuer's signature,
/// so receiving the same document twice stores it once.
fn id_of(doc: &IssuedDocument, doc_type: &str) -> String {
    format!(
        "{doc_type}-{}",
        hex::encode(&doc.signed[doc.signed.len().saturating_sub(8)..])
    )
}

fn vault_in<'a>(home: &Path, keystore: &'a dyn Keystore, kdf: KdfParams) -> Vault<'a> {
    let mut v = Vault::new(home, keystore);
    v.kdf = kdf;
    v
}

impl Wallet {
    /// A wallet living in `home`, with its keystore, clock and random source.
    pub fn new(
        home: &Path,
        keystore: Arc<dyn Keystore>,
        clock: Arc<dyn Clock>,
        rng: Box<dyn WalletRng>,
    ) -> Self {
        Wallet {
            home: home.to_owned(),
            keystore,
            clock,
            rng,
            session: None,
            chosen_backup: None,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            pin_kdf: KdfParams::PIN,
            backup_kdf: KdfParams::BACKUP,
        }
    }

    fn vault(&self) -> Vault<'_> {
        vault_in(&self.home, &*self.keystore, self.pin_kdf)
    }

    /// Which keystore holds the wallet's key, and whether it survives a reboot (when it does
    /// not, the app and the CLI tell the citizen to keep a backup).
    pub fn keystore_info(&self) -> eid_store::keystore::KeystoreInfo {
        self.keystore.info()
    }

    /// Whether a wallet exists in the home folder.
    pub fn exists(&self) -> bool {
        self.vault().exists()
    }

    /// Creates the wallet with a 6-digit PIN, a new device key and a new recovery key (kept for
    /// backups; see `eid_store::recovery`); leaves it unlocked.
    pub fn create(&mut self, pin: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        let db = vault_in(&self.home, &*self.keystore, self.pin_kdf).create(pin, &mut self.rng)?;
        let key = SoftwareKey::generate(&mut self.rng);
        db.put_device_key(
            &key.secret_bytes(),
            key.public_key().compressed(),
            now,
            &mut self.rng,
        )?;
        let recovery = SoftwareKey::generate(&mut self.rng);
        db.put_recovery_key(
            &recovery.secret_bytes(),
            recovery.public_key().compressed(),
            false,
            now,
            &mut self.rng,
        )?;
        self.session = Some(Session { db, last_used: now });
        Ok(())
    }

    /// Unlocks with the PIN (wrong PINs are throttled, see `eid_store::throttle`).
    pub fn unlock(&mut self, pin: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        let db = self.vault().unlock(pin, now)?;
        self.session = Some(Session { db, last_used: now });
        Ok(())
    }

    /// Locks now: the database is closed and its keys dropped.
    pub fn lock(&mut self) {
        self.session = None;
    }

    /// Whether the wallet is unlocked (locking it first if it sat idle too long).
    pub fn is_unlocked(&mut self) -> bool {
        self.db().is_ok()
    }

    pub(crate) fn db(&mut self) -> Result<&mut Db, WalletError> {
        let now = self.clock.now();
        let idle = self.idle_timeout;
        if self
            .session
            .as_ref()
            .is_some_and(|s| now.saturating_sub(s.last_used) > idle)
        {
            self.session = None;
        }
        let s = self.session.as_mut().ok_or(WalletError::Locked)?;
        s.last_used = now;
        Ok(&mut s.db)
    }

    /// Replaces the PIN (the database is not re-encrypted).
    pub fn change_pin(&mut self, old: &str, new: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        vault_in(&self.home, &*self.keystore, self.pin_kdf).change_pin(
            old,
            new,
            now,
            &mut self.rng,
        )?;
        Ok(())
    }

    /// The device's public key (SEC1 compressed), which issuers bind documents to.
    pub fn device_public_key(&mut self) -> Result<Vec<u8>, WalletError> {
        let key = self
            .db()?
            .device_key()?
            .ok_or(WalletError::NotFound("device key"))?;
        Ok(key.public)
    }

    pub(crate) fn device_key(&mut self) -> Result<SoftwareKey, WalletError> {
        let key = self
            .db()?
            .device_key()?
            .ok_or(WalletError::NotFound("device key"))?;
        SoftwareKey::from_secret_bytes(&key.private)
            .map_err(|e| WalletError::BadDocument(e.to_string()))
    }

    /// Stores an issued document (checked to parse and to be bound to this device) and logs it.
    pub fn add_document(&mut self, bytes: &[u8]) -> Result<String, WalletError> {
        self.receive_document(bytes, None)
    }

    /// Stores an issued document under `id` (the portal's id for documents it issued; else an
    /// id made from the document) and logs its arrival.
    pub(crate) fn receive_document(
        &mut self,
        bytes: &[u8],
        id: Option<&str>,
    ) -> Result<String, WalletError> {
        let doc = IssuedDocument::from_bytes(bytes)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let (claims, _) = doc
            .open()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let public = self.device_public_key()?;
        if claims.holder.compressed().as_slice() != public.as_slice() {
            return Err(WalletError::BadDocument(
                "the document is bound to another device".into(),
            ));
        }
        let doc_type = claims.doc_type.name();
        let id = id.map_or_else(|| id_of(&doc, doc_type), str::to_owned);
        let now = self.clock.now();
        let db = self.db()?;
        db.transaction(|db| {
            db.put_document(&id, doc_type, bytes, now)?;
            db.log(&Activity {
                at: now,
                action: Action::Receive,
                doc_type: Some(doc_type.into()),
                fields: vec![],
                counterpart: None,
                result: "ok".into(),
            })
        })?;
        Ok(id)
    }

    /// Every document's summary, newest first.
    pub fn documents(&mut self) -> Result<Vec<DocumentRow>, WalletError> {
        Ok(self.db()?.documents()?)
    }

    pub(crate) fn issued(&mut self, id: &str) -> Result<(IssuedDocument, bool), WalletError> {
        let stored = self
            .db()?
            .stored_document(id)?
            .ok_or(WalletError::NotFound("document"))?;
        let doc = IssuedDocument::from_bytes(&stored.bytes)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        Ok((doc, stored.needs_rebinding))
    }

    /// One document with all its fields.
    pub fn document(&mut self, id: &str) -> Result<DocumentView, WalletError> {
        let (doc, needs_rebinding) = self.issued(id)?;
        let (claims, content) = doc
            .open()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        Ok(DocumentView {
            id: id.to_owned(),
            doc_type: claims.doc_type.name(),
            fields: content.fields().map(|(s, v)| (s.name, v.clone())).collect(),
            not_before: claims.not_before,
            expires_at: claims.expires_at,
            needs_rebinding,
        })
    }

    /// Makes a presentation of the chosen fields, signed by the device key, and logs it
    /// (field names only).
    pub fn present(
        &mut self,
        id: &str,
        fields: &[&str],
        nonce: Option<&[u8]>,
        audience: Option<&str>,
    ) -> Result<Presentation, WalletError> {
        let (doc, needs_rebinding) = self.issued(id)?;
        if needs_rebinding {
            return Err(WalletError::NeedsRebinding);
        }
        let key = self.device_key()?;
        let now = self.clock.now();
        let request = PresentRequest {
            fields,
            presented_at: now,
            nonce,
            audience,
        };
        let bytes = present(&doc, &request, &key)?;
        let doc_type = doc
            .claims()
            .map_err(|e| WalletError::BadDocument(e.to_string()))?
            .doc_type;
        self.db()?.log(&Activity {
            at: now,
            action: Action::Present,
            doc_type: Some(doc_type.name().into()),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            counterpart: audience.map(str::to_owned),
            result: "ok".into(),
        })?;
        Ok(Presentation {
            text: eid_qr::envelope::encode(eid_qr::envelope::Kind::Presentation, &bytes),
            bytes,
            presented_at: now,
        })
    }

    /// Records a counter-mode verification made on this device (result code, field names).
    pub fn log_verification(&mut self, report: &crate::Report) -> Result<(), WalletError> {
        let now = self.clock.now();
        let entry = Activity {
            at: now,
            action: Action::Verify,
            doc_type: report.doc_type.map(str::to_owned),
            fields: report.fields.keys().map(|k| k.to_string()).collect(),
            counterpart: Some("counter".into()),
            result: report.reason.unwrap_or("ok").to_owned(),
        };
        self.db()?.log(&entry)?;
        Ok(())
    }

    /// Saves a draft application (works offline); returns its id.
    pub fn save_draft(
        &mut self,
        id: Option<&str>,
        kind: &str,
        body: &str,
    ) -> Result<String, WalletError> {
        let now = self.clock.now();
        let id = match id {
            Some(i) => i.to_owned(),
            None => {
                let mut b = [0u8; 8];
                self.rng.fill_bytes(&mut b);
                format!("draft-{}", hex::encode(b))
            }
        };
        let draft = eid_store::records::Draft {
            id: id.clone(),
            kind: kind.to_owned(),
            body: body.to_owned(),
            updated_at: now,
        };
        self.db()?.put_draft(&draft)?;
        Ok(id)
    }

    /// Every draft, most recently edited first.
    pub fn drafts(&mut self) -> Result<Vec<eid_store::records::Draft>, WalletError> {
        Ok(self.db()?.drafts()?)
    }

    /// The activity log, newest first.
    pub fn activity(&mut self, limit: usize) -> Result<Vec<Activity>, WalletError> {
        Ok(self.db()?.activity(limit)?)
    }

    /// The whole activity log as JSON (for the citizen to keep or send).
    pub fn export_activity(&mut self) -> Result<String, WalletError> {
        let all = self.db()?.activity(usize::MAX >> 1)?;
        serde_json::to_string_pretty(&all).map_err(|e| WalletError::BadDocument(e.to_string()))
    }

    /// An encrypted backup file of account, documents, drafts and log. The PIN is asked again
    /// (and counted by the throttle): an unlocked phone left on a table must not be enough to
    /// carry the wallet away.
    pub fn backup(&mut self, pin: &str, passphrase: &str) -> Result<Vec<u8>, WalletError> {
        let now = self.clock.now();
        self.db()?;
        self.vault().verify_pin(pin, now)?;
        let params = self.backup_kdf;
        let content = backup::collect(self.db()?, now)?;
        backup::seal_backup(&content, passphrase, params, &mut self.rng)
            .map_err(|e| WalletError::Store(e.into()))
    }

    /// Restores a backup into a new wallet here (there must be none): checks the whole file
    /// first, then creates the wallet with `pin` and a new device key, writes everything in one
    /// transaction, and marks documents as needing re-binding.
    pub fn restore(
        &mut self,
        file: &[u8],
        passphrase: &str,
        pin: &str,
    ) -> Result<BackupContent, WalletError> {
        if self.exists() {
            return Err(WalletError::Store(eid_store::StoreError::AlreadyExists));
        }
        let content =
            backup::open_backup(file, passphrase).map_err(|e| WalletError::Store(e.into()))?;
        self.create(pin)?;
        let now = self.clock.now();
        let session = self.session.as_mut().ok_or(WalletError::Locked)?;
        backup::restore_into(&mut session.db, &content, now, &mut self.rng)?;
        Ok(content)
    }

    /// Keeps a backup file the citizen picked (the app receives its bytes, never a path), after
    /// checking that it is a backup this version reads; returns its format version.
    /// [`Wallet::restore_chosen`] then restores it.
    pub fn choose_backup(&mut self, file: Vec<u8>) -> Result<u16, WalletError> {
        self.chosen_backup = None;
        let version = backup::peek(&file).map_err(|e| WalletError::Store(e.into()))?;
        self.chosen_backup = Some(file);
        Ok(version)
    }

    /// Restores the backup file chosen with [`Wallet::choose_backup`], as [`Wallet::restore`].
    pub fn restore_chosen(
        &mut self,
        passphrase: &str,
        pin: &str,
    ) -> Result<BackupContent, WalletError> {
        let file = self
            .chosen_backup
            .take()
            .ok_or(WalletError::NotFound("backup file"))?;
        let restored = self.restore(&file, passphrase, pin);
        if restored.is_err() {
            self.chosen_backup = Some(file);
        }
        restored
    }

    /// Wipes the wallet: database files, key file and keystore entry. The PIN is asked first
    /// (and counted by the throttle), so a phone left on a table cannot be wiped by whoever
    /// picks it up; only a wallet that can no longer be opened here (locked out, or its
    /// keystore secret gone) is wiped without it (see [`Vault::reset_needs_pin`]).
    pub fn reset(&mut self, pin: Option<&str>) -> Result<(), WalletError> {
        let now = self.clock.now();
        let vault = self.vault();
        if vault.reset_needs_pin(now)? {
            vault.verify_pin(pin.unwrap_or_default(), now)?;
        }
        self.session = None;
        Ok(self.vault().reset()?)
    }

    /// Whether [`Wallet::reset`] needs the PIN now (the app asks for it only then).
    pub fn reset_needs_pin(&self) -> Result<bool, WalletError> {
        Ok(self.vault().reset_needs_pin(self.clock.now())?)
    }

    /// The sample issuer's document of `doc_type`, bound to this wallet's device key (a demo
    /// until the portal issues real ones). The issuer is `eid sample --seed SEED`'s.
    pub fn add_sample_document(
        &mut self,
        doc_type: DocType,
        seed: u64,
    ) -> Result<String, WalletError> {
        let holder = eid_credential::PublicKey::from_sec1(&self.device_public_key()?)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        let now = self.clock.now();
        let world = eid_credential::sample::SampleWorld::new(seed, now);
        let validity = eid_credential::Validity {
            issued_at: now,
            not_before: now,
            expires_at: now + 5 * 365 * 86_400,
        };
        let doc = eid_credential::issue(
            &eid_credential::sample::sample_document(doc_type),
            &world.issuer,
            &holder,
            validity,
            doc_type.code(),
            &mut self.rng,
        )
        .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        self.add_document(&doc.to_bytes())
    }
}
