//! The key file (`wallet.key`, JSON) beside the database: the wrapped database key, how to
//! derive the key that unwraps it, the keystore entry's name, and the PIN throttle. It holds
//! nothing personal; without the keystore secret and the PIN it opens nothing.

use crate::error::StoreError;
use crate::kdf::KdfParams;
use crate::throttle::Throttle;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// The key file format this code writes.
pub const FORMAT: u32 = 1;

/// The key file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    /// Always [`FORMAT`].
    pub format: u32,
    /// The keystore entry holding the 32-byte secret mixed into the KDF.
    pub keystore_entry: String,
    /// Argon2id parameters for the PIN.
    pub kdf: KdfParams,
    /// Argon2id salt, hex.
    pub salt: String,
    /// The database key sealed with AES-256-GCM under the derived key, hex.
    pub wrapped_db_key: String,
    /// Wrong-PIN state.
    pub throttle: Throttle,
}

impl KeyFile {
    /// Reads and checks the key file; `NoWallet` when it does not exist.
    pub fn read(path: &Path) -> Result<KeyFile, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::NoWallet),
            Err(e) => return Err(e.into()),
        };
        let kf: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|e| StoreError::Corrupt(format!("key file: {e}")))?;
        if kf.format != FORMAT || !kf.kdf.is_sane() {
            return Err(StoreError::Corrupt(
                "key file: unknown format or parameters".into(),
            ));
        }
        Ok(kf)
    }

    /// Writes the key file atomically: a temporary file, flushed to disk, then renamed over.
    pub fn write(&self, path: &Path) -> Result<(), StoreError> {
        let tmp = path.with_extension("key.tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            // Serialising a struct of strings and numbers cannot fail.
            f.write_all(&serde_json::to_vec_pretty(self).expect("key file serialises"))?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent() {
            // Make the rename itself durable; not all platforms can open a directory.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }

    /// The salt's bytes.
    pub fn salt_bytes(&self) -> Result<Vec<u8>, StoreError> {
        hex::decode(&self.salt).map_err(|_| StoreError::Corrupt("key file: salt".into()))
    }

    /// The wrapped key's bytes.
    pub fn wrapped_bytes(&self) -> Result<Vec<u8>, StoreError> {
        hex::decode(&self.wrapped_db_key)
            .map_err(|_| StoreError::Corrupt("key file: wrapped key".into()))
    }
}
