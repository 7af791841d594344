//! Android: the Android Keystore. `android-native-keyring-store` keeps each secret in the app's
//! SharedPreferences, sealed by a key that never leaves the Android Keystore. Tauri initialises
//! the NDK context the store needs before the app's code runs.
//!
//! Not compiled for Android here (no NDK on the build machines); type-checked against the
//! store's real API on Linux with `--cfg eid_check_foreign_keystores` (scripts/test.sh).

#![cfg_attr(not(target_os = "android"), allow(dead_code))]

use super::platform_store::PlatformStore;
use super::KeystoreKind;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

fn open() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = android_native_keyring_store::Store::new()?;
    Ok(store)
}

/// The default named store of the app (its own SharedPreferences file and Keystore key).
pub(crate) fn store() -> PlatformStore {
    PlatformStore {
        kind: KeystoreKind::AndroidKeystore,
        survives_reboot: true,
        open,
        modifiers: &[],
    }
}
