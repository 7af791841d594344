//! The [`Wallet`] itself: where it lives, its keystore, clock and random source, and the open
//! database while it is unlocked. The use cases are `impl Wallet` blocks in
//! [`crate::use_cases`], one file per job.
//!
//! Locking: the open database is held only while unlocked. Each use case first checks the idle
//! time; after [`Wallet::idle_timeout`] seconds without use the wallet locks itself (the app
//! also calls [`Wallet::lock`] when it goes to the background).

use crate::clock::Clock;
use crate::counter::Counter;
use crate::error::WalletError;
use eid_credential::{IssuedDocument, SoftwareKey};
use eid_store::kdf::KdfParams;
use eid_store::vault::Vault;
use eid_store::{Db, Keystore};
use rand_core::{CryptoRng, RngCore};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Seconds without use after which the wallet locks itself.
pub const DEFAULT_IDLE_TIMEOUT: u64 = 120;

/// A random source the wallet may use for keys, salts and nonces.
pub trait WalletRng: RngCore + CryptoRng + Send {}
impl<T: RngCore + CryptoRng + Send> WalletRng for T {}

/// The open database and when it was last used.
pub(crate) struct Session {
    pub(crate) db: Db,
    pub(crate) last_used: u64,
}

/// A citizen's wallet in its folder.
pub struct Wallet {
    pub(crate) folder: PathBuf,
    pub(crate) keystore: Arc<dyn Keystore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) rng: Box<dyn WalletRng>,
    pub(crate) session: Option<Session>,
    /// A backup file the citizen picked, kept until it is restored (see [`Wallet::choose_backup`]).
    pub(crate) chosen_backup: Option<Vec<u8>>,
    /// The counter and the trust bundle it checks against (given the newer bundle when a sync
    /// changed it, so its replay memory lasts across syncs).
    pub(crate) counter: Option<(Vec<u8>, Counter)>,
    /// Seconds without use before the wallet locks itself.
    pub idle_timeout: u64,
    /// Argon2id parameters for a new wallet's PIN.
    pub pin_kdf: KdfParams,
    /// Argon2id parameters for new backups.
    pub backup_kdf: KdfParams,
}

/// The vault in `folder` on `keystore`, new PINs derived with `kdf`. A free function, so a
/// use case can hold it while it borrows the wallet's random source mutably.
pub(crate) fn vault_of<'a>(folder: &Path, keystore: &'a dyn Keystore, kdf: KdfParams) -> Vault<'a> {
    let mut v = Vault::new(folder, keystore);
    v.kdf = kdf;
    v
}

impl Wallet {
    /// A wallet living in `folder`, with its keystore, clock and random source. The auto-lock
    /// time comes from the settings saved there (see [`Wallet::settings`]).
    pub fn new(
        folder: &Path,
        keystore: Arc<dyn Keystore>,
        clock: Arc<dyn Clock>,
        rng: Box<dyn WalletRng>,
    ) -> Self {
        let mut wallet = Wallet {
            folder: folder.to_owned(),
            keystore,
            clock,
            rng,
            session: None,
            chosen_backup: None,
            counter: None,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            pin_kdf: KdfParams::PIN,
            backup_kdf: KdfParams::BACKUP,
        };
        wallet.idle_timeout = u64::from(wallet.settings().auto_lock_seconds);
        wallet
    }

    /// The vault (key file, keystore entry, PIN check) of this wallet.
    pub(crate) fn vault(&self) -> Vault<'_> {
        vault_of(&self.folder, &*self.keystore, self.pin_kdf)
    }

    /// The open database, locking first if the wallet sat idle too long.
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

    /// The device key that documents are bound to and presentations signed with.
    pub(crate) fn device_key(&mut self) -> Result<SoftwareKey, WalletError> {
        let key = self
            .db()?
            .device_key()?
            .ok_or(WalletError::NotFound("device key"))?;
        SoftwareKey::from_secret_bytes(&key.private)
            .map_err(|e| WalletError::BadDocument(e.to_string()))
    }

    /// A held document and whether it waits to be re-issued for this device.
    pub(crate) fn issued(&mut self, id: &str) -> Result<(IssuedDocument, bool), WalletError> {
        let stored = self
            .db()?
            .stored_document(id)?
            .ok_or(WalletError::NotFound("document"))?;
        let doc = IssuedDocument::from_bytes(&stored.bytes)
            .map_err(|e| WalletError::BadDocument(e.to_string()))?;
        Ok((doc, stored.needs_rebinding))
    }
}
