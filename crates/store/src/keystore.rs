//! The OS keystore, behind a small trait so the wallet can be tested with a mock store and run
//! on any platform store of the `keyring` 4 family (`keyring-core` stores).

use crate::error::StoreError;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

/// Where the wallet keeps its keystore secret.
pub trait Keystore: Send + Sync {
    /// The secret stored under `name`, or `None` when there is none.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores `secret` under `name`, replacing any previous one.
    fn set(&self, name: &str, secret: &[u8]) -> Result<(), StoreError>;
    /// Deletes the secret under `name` (no error when there is none).
    fn delete(&self, name: &str) -> Result<(), StoreError>;
}

/// The service name entries are filed under.
pub const SERVICE: &str = "eid-wallet";

/// A keystore backed by a `keyring-core` credential store.
pub struct KeyringKeystore {
    store: Arc<CredentialStore>,
}

impl KeyringKeystore {
    /// Uses the given store (e.g. `keyring_core::mock::Store::new()` in tests).
    pub fn new(store: Arc<CredentialStore>) -> Self {
        KeyringKeystore { store }
    }

    /// The platform's store: kernel keyutils on Linux (the session keyring; it does not survive
    /// a reboot, see docs/architecture.md). Other platforms come with the app issue.
    pub fn platform() -> Result<Self, StoreError> {
        #[cfg(target_os = "linux")]
        {
            let store = linux_keyutils_keyring_store::Store::new().map_err(keyring_error)?;
            Ok(KeyringKeystore { store })
        }
        #[cfg(not(target_os = "linux"))]
        {
            Err(StoreError::Keystore(
                "no keystore for this platform yet".into(),
            ))
        }
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry, StoreError> {
        self.store.build(SERVICE, name, None).map_err(keyring_error)
    }
}

fn keyring_error(e: KeyringError) -> StoreError {
    StoreError::Keystore(e.to_string())
}

impl Keystore for KeyringKeystore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.entry(name)?.get_secret() {
            Ok(s) => Ok(Some(s)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, name: &str, secret: &[u8]) -> Result<(), StoreError> {
        self.entry(name)?.set_secret(secret).map_err(keyring_error)
    }

    fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}
