//! The wallet's recovery key, and the moves of its account between devices, as last seen.
//!
//! The recovery key is a P-256 key pair made with the wallet and sealed like the device key.
//! Its public half is registered with the portal; the private half never leaves the wallet but
//! in its encrypted backup, so that a wallet restored from the backup can prove it and move a
//! level-2 account to the new phone at once (docs/api/README.md, "A new phone").

use crate::db::Db;
use crate::error::StoreError;
use crate::seal;
use rand_core::{CryptoRng, RngCore};
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

const RECOVERY_KEY_AAD: &[u8] = b"eid-wallet recovery key v1";

/// The recovery key as stored.
pub struct RecoveryKey {
    /// The private key's bytes, wiped when dropped.
    pub private: Zeroizing<Vec<u8>>,
    /// The public key's bytes (SEC1 compressed).
    pub public: Vec<u8>,
    /// Whether the portal knows it.
    pub registered: bool,
}

impl Db {
    /// Seals and stores the recovery key (replacing any previous one); `registered` says
    /// whether the portal already knows it (true for one restored from a backup that knew).
    pub fn put_recovery_key(
        &self,
        private: &[u8],
        public: &[u8],
        registered: bool,
        now: u64,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(), StoreError> {
        let sealed = seal::seal(&self.record_key, RECOVERY_KEY_AAD, private, rng);
        self.conn.execute(
            "INSERT OR REPLACE INTO recovery_key (id, sealed_key, public_key, registered, created_at)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![sealed, public, registered, now as i64],
        )?;
        Ok(())
    }

    /// The recovery key, unsealed, if the wallet has one.
    pub fn recovery_key(&self) -> Result<Option<RecoveryKey>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>, bool)> = self
            .conn
            .query_row(
                "SELECT sealed_key, public_key, registered FROM recovery_key WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((sealed, public, registered)) = row else {
            return Ok(None);
        };
        let private = seal::open(&self.record_key, RECOVERY_KEY_AAD, &sealed)
            .ok_or_else(|| StoreError::Corrupt("the recovery key does not unseal".into()))?;
        Ok(Some(RecoveryKey {
            private: Zeroizing::new(private),
            public,
            registered,
        }))
    }

    /// Records that the portal knows the recovery key.
    pub fn set_recovery_key_registered(&self) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE recovery_key SET registered = 1 WHERE id = 1", [])?;
        Ok(())
    }

    /// The move this device waits for: (the portal's move id, when it happens), if any.
    pub fn incoming_move(&self) -> Result<Option<(String, u64)>, StoreError> {
        let id: Option<String> = self.sync_state_column("incoming_move")?;
        let at: Option<i64> = self.sync_state_column("incoming_move_at")?;
        Ok(id.zip(at.map(|t| t as u64)))
    }

    /// Records the move this device waits for, or clears it (`None`).
    pub fn set_incoming_move(&self, waiting: Option<(&str, u64)>) -> Result<(), StoreError> {
        self.set_sync_state_column("incoming_move", waiting.map(|(id, _)| id.to_owned()))?;
        self.set_sync_state_column("incoming_move_at", waiting.map(|(_, at)| at as i64))
    }

    /// When another device's move of this account happens unless cancelled, as last seen.
    pub fn outgoing_move_at(&self) -> Result<Option<u64>, StoreError> {
        Ok(self
            .sync_state_column::<i64>("outgoing_move_at")?
            .map(|t| t as u64))
    }

    /// Records (or clears) the time of another device's waiting move of this account.
    pub fn set_outgoing_move_at(&self, at: Option<u64>) -> Result<(), StoreError> {
        self.set_sync_state_column("outgoing_move_at", at.map(|t| t as i64))
    }
}
