//! The revocation code as the wallet keeps it: sealed like the keys inside the encrypted
//! database, with the device key it belongs to and whether the portal has its hash.

use crate::db::Db;
use crate::error::StoreError;
use crate::seal;
use rand_core::{CryptoRng, RngCore};
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

const REVOCATION_CODE_AAD: &[u8] = b"eid-wallet revocation code v1";

/// The revocation code as stored.
pub struct RevocationCode {
    /// The code as shown (`K7QM-3PXA-9TBD-W2FH`), wiped when dropped.
    pub code: Zeroizing<String>,
    /// The device public key (SEC1) it was made for.
    pub device: Vec<u8>,
    /// Whether the portal has its hash.
    pub registered: bool,
    /// Whether it was shown once at the end of onboarding.
    pub shown: bool,
}

impl Db {
    /// Seals and stores a new code for `device` (replacing any previous one), not yet
    /// registered.
    pub fn put_revocation_code(
        &self,
        code: &str,
        device: &[u8],
        now: u64,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(), StoreError> {
        let sealed = seal::seal(&self.record_key, REVOCATION_CODE_AAD, code.as_bytes(), rng);
        self.conn.execute(
            "INSERT OR REPLACE INTO revocation_code (id, sealed_code, device, registered, shown, created_at)
             VALUES (1, ?1, ?2, 0, 0, ?3)",
            params![sealed, device, now as i64],
        )?;
        Ok(())
    }

    /// The code, unsealed, if the wallet has one.
    pub fn revocation_code(&self) -> Result<Option<RevocationCode>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>, bool, bool)> = self
            .conn
            .query_row(
                "SELECT sealed_code, device, registered, shown FROM revocation_code WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((sealed, device, registered, shown)) = row else {
            return Ok(None);
        };
        let code = seal::open(&self.record_key, REVOCATION_CODE_AAD, &sealed)
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| StoreError::Corrupt("the revocation code does not unseal".into()))?;
        Ok(Some(RevocationCode {
            code: Zeroizing::new(code),
            device,
            registered,
            shown,
        }))
    }

    /// Records that the code was shown once.
    pub fn set_revocation_code_shown(&self) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE revocation_code SET shown = 1 WHERE id = 1", [])?;
        Ok(())
    }

    /// Records that the portal has the code's hash.
    pub fn set_revocation_code_registered(&self) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE revocation_code SET registered = 1 WHERE id = 1", [])?;
        Ok(())
    }
}
