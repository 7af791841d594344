//! The portal's signing keys: the root key (signs the trust list, status lists and share
//! requests) and the issuer key (signs documents). Kept in a JSON file created on first start
//! with owner-only permissions. A production portal would keep them in an HSM; see
//! docs/api/README.md.

use eid_credential::SoftwareKey;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The default key file, next to the default database.
pub const DEFAULT_PATH: &str = "eid-portal-keys.json";

/// The root and issuer keys and when they were made.
pub struct PortalKeys {
    /// Signs the trust list, the status lists and share requests.
    pub root: SoftwareKey,
    /// Signs documents.
    pub issuer: SoftwareKey,
    /// Unix seconds when the keys were created (the issuer key's `not_before`).
    pub created_at: u64,
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    root: String,
    issuer: String,
    created_at: u64,
}

/// Why the key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// Reading or writing the file failed.
    #[error("key file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not a key file.
    #[error("key file is damaged: {0}")]
    Damaged(String),
}

impl PortalKeys {
    /// Reads the key file, or creates it with fresh keys when it does not exist.
    pub fn load_or_create(path: &Path, now: u64) -> Result<PortalKeys, KeysError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut rng = rand_core::OsRng;
                let keys = PortalKeys {
                    root: SoftwareKey::generate(&mut rng),
                    issuer: SoftwareKey::generate(&mut rng),
                    created_at: now,
                };
                let file = KeyFile {
                    root: hex::encode(keys.root.secret_bytes()),
                    issuer: hex::encode(keys.issuer.secret_bytes()),
                    created_at: now,
                };
                write_private(path, &serde_json::to_vec_pretty(&file).unwrap_or_default())?;
                Ok(keys)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A symmetric key for `purpose` (e.g. sealing sign-in challenges), derived from the root
    /// key (HMAC-SHA256 under the root secret over a label), so every portal process sharing
    /// the key file derives the same one and the file needs nothing more.
    pub fn derived(&self, purpose: &str) -> ring::hmac::Key {
        let root = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.root.secret_bytes());
        let label = format!("eid-portal derived key v1:{purpose}");
        let tag = ring::hmac::sign(&root, label.as_bytes());
        ring::hmac::Key::new(ring::hmac::HMAC_SHA256, tag.as_ref())
    }

    fn parse(text: &str) -> Result<PortalKeys, KeysError> {
        let file: KeyFile =
            serde_json::from_str(text).map_err(|e| KeysError::Damaged(e.to_string()))?;
        let key = |h: &str| {
            hex::decode(h)
                .ok()
                .and_then(|b| SoftwareKey::from_secret_bytes(&b).ok())
                .ok_or_else(|| KeysError::Damaged("not a P-256 secret".into()))
        };
        Ok(PortalKeys {
            root: key(&file.root)?,
            issuer: key(&file.issuer)?,
            created_at: file.created_at,
        })
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eid_credential::Signer;

    #[test]
    fn keys_are_created_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.json");
        let a = PortalKeys::load_or_create(&path, 5).unwrap();
        let b = PortalKeys::load_or_create(&path, 9).unwrap();
        assert_eq!(a.root.public_key(), b.root.public_key());
        assert_eq!(a.issuer.public_key(), b.issuer.public_key());
        assert_ne!(a.root.public_key(), a.issuer.public_key());
        assert_eq!(b.created_at, 5);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{}").unwrap();
        assert!(matches!(
            PortalKeys::load_or_create(&path, 0),
            Err(KeysError::Damaged(_))
        ));
    }
}
