//! Windows: the Credential Manager (generic credentials of the signed-in user, kept by the OS
//! and protected by DPAPI).
//!
//! Not compiled for Windows here (no Windows target on the build machines); type-checked
//! against the store's real API on Linux with `--cfg eid_check_foreign_keystores`
//! (scripts/test.sh).

#![cfg_attr(not(target_os = "windows"), allow(dead_code))]

use super::platform_store::PlatformStore;
use super::KeystoreKind;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

fn open() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

/// The user's Credential Manager.
pub(crate) fn store() -> PlatformStore {
    PlatformStore {
        kind: KeystoreKind::WindowsCredentialManager,
        survives_reboot: true,
        open,
        modifiers: &[],
    }
}
