//! Back the wallet up into an encrypted file, and restore such a file on a new device.

use crate::error::WalletError;
use crate::use_cases::exports::{self, Destination};
use crate::wallet::Wallet;
use eid_store::backup;
use serde::Serialize;
use std::path::PathBuf;

/// What a restore brought back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// Documents (each must be re-issued for this device before it can be shown).
    pub documents: usize,
    /// Submissions still waiting to be sent.
    pub waiting_submissions: usize,
    /// Drafts.
    pub drafts: usize,
}

impl Wallet {
    /// An encrypted backup file of account, documents, drafts, outbox and log. The PIN is asked
    /// again (and counted by the throttle): an unlocked phone left on a table must not be
    /// enough to carry the wallet away.
    pub fn backup(&mut self, pin: &str, passphrase: &str) -> Result<Vec<u8>, WalletError> {
        let now = self.clock.now();
        self.db()?;
        self.vault().verify_pin(pin, now)?;
        let params = self.backup_kdf;
        let content = backup::collect(self.db()?, now)?;
        backup::seal_backup(&content, passphrase, params, &mut self.rng)
            .map_err(|e| WalletError::Store(e.into()))
    }

    /// Writes an encrypted backup (as [`Wallet::backup`]) to `to` (a folder gets a file named
    /// with the time, e.g. `eid-wallet-backup-2026-12-01T08-30-00Z.eidbackup`); returns the
    /// file written.
    pub fn save_backup(
        &mut self,
        pin: &str,
        passphrase: &str,
        to: Destination<'_>,
    ) -> Result<PathBuf, WalletError> {
        let bytes = self.backup(pin, passphrase)?;
        let path = to.file("eid-wallet-backup", "eidbackup", self.clock.now());
        exports::write(&path, &bytes)?;
        Ok(path)
    }

    /// Restores a backup into a new wallet here (there must be none): checks the whole file
    /// first, then creates the wallet with `pin` and a new device key, writes everything in one
    /// transaction, and marks documents as needing re-binding.
    pub fn restore(
        &mut self,
        file: &[u8],
        passphrase: &str,
        pin: &str,
    ) -> Result<Restored, WalletError> {
        if self.exists() {
            return Err(WalletError::Store(eid_store::StoreError::AlreadyExists));
        }
        let content =
            backup::open_backup(file, passphrase).map_err(|e| WalletError::Store(e.into()))?;
        self.create(pin)?;
        let now = self.clock.now();
        let session = self.session.as_mut().ok_or(WalletError::Locked)?;
        backup::restore_into(&mut session.db, &content, now, &mut self.rng)?;
        Ok(Restored {
            documents: content.documents.len(),
            waiting_submissions: content.outbox.len(),
            drafts: content.drafts.len(),
        })
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
    pub fn restore_chosen(&mut self, passphrase: &str, pin: &str) -> Result<Restored, WalletError> {
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
}
