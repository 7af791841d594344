//! The citizen's account and the device key. Reading and writing them in an open [`Db`].

use crate::db::Db;
use crate::error::StoreError;
use crate::seal;
use rand_core::{CryptoRng, RngCore};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

const DEVICE_KEY_AAD: &[u8] = b"eid-wallet device key v1";

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

/// The device's key pair as stored.
pub struct DeviceKey {
    /// The private key's bytes, wiped when dropped.
    pub private: Zeroizing<Vec<u8>>,
    /// The public key's bytes.
    pub public: Vec<u8>,
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
    /// Sets the account's level (after the portal granted level 2).
    pub fn set_account_level(&self, level: u8, now: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE account SET level = ?1, updated_at = ?2 WHERE id = 1",
            params![level, now as i64],
        )?;
        Ok(())
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
}
