//! Create, unlock, lock and wipe the wallet; which keystore holds its key.

use crate::error::WalletError;
use crate::wallet::{vault_of, Session, Wallet};
use eid_credential::{Signer, SoftwareKey};

impl Wallet {
    /// Which keystore holds the wallet's key, and whether it survives a reboot (when it does
    /// not, the app and the CLI tell the citizen to keep a backup).
    pub fn keystore_info(&self) -> eid_store::keystore::KeystoreInfo {
        self.keystore.info()
    }

    /// Whether a wallet exists in its folder.
    pub fn exists(&self) -> bool {
        self.vault().exists()
    }

    /// Creates the wallet with a 6-digit PIN, a new device key and a new recovery key (kept for
    /// backups; see `eid_store::recovery`); leaves it unlocked.
    pub fn create(&mut self, pin: &str) -> Result<(), WalletError> {
        let now = self.clock.now();
        let vault = vault_of(&self.folder, &*self.keystore, self.pin_kdf);
        let db = vault.create(pin, &mut self.rng)?;
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

    /// Locks now and forgets the portal session held by `client` (a new one is signed with the
    /// device key after the next unlock): the app going to the background, or closing.
    pub fn lock_session(&mut self, client: &mut eid_portal_client::PortalClient) {
        self.lock();
        client.set_token(None);
    }

    /// Whether the wallet is unlocked (locking it first if it sat idle too long).
    pub fn is_unlocked(&mut self) -> bool {
        self.db().is_ok()
    }

    /// Wipes the wallet: database files, key file and keystore entry. The PIN is asked first
    /// (and counted by the throttle), so a phone left on a table cannot be wiped by whoever
    /// picks it up; only a wallet that can no longer be opened here (locked out, or its
    /// keystore secret gone) is wiped without it (see [`Wallet::reset_needs_pin`]).
    pub fn reset(&mut self, pin: Option<&str>) -> Result<(), WalletError> {
        let now = self.clock.now();
        let vault = self.vault();
        if vault.reset_needs_pin(now)? {
            vault.verify_pin(pin.unwrap_or_default(), now)?;
        }
        self.session = None;
        self.counter = None;
        Ok(self.vault().reset()?)
    }

    /// Wipes the wallet as [`Wallet::reset`] and forgets the portal session held by `client`
    /// (the app's "delete this wallet").
    pub fn reset_session(
        &mut self,
        pin: Option<&str>,
        client: &mut eid_portal_client::PortalClient,
    ) -> Result<(), WalletError> {
        self.reset(pin)?;
        client.set_token(None);
        Ok(())
    }

    /// Whether [`Wallet::reset`] needs the PIN now (the app asks for it only then).
    pub fn reset_needs_pin(&self) -> Result<bool, WalletError> {
        Ok(self.vault().reset_needs_pin(self.clock.now())?)
    }
}
