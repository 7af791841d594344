//! iOS and macOS: the Keychain.
//!
//! - iOS: the data-protection keychain with `WhenUnlockedThisDeviceOnly`: readable only while
//!   the phone is unlocked, never synced to iCloud and never restored onto another phone, so a
//!   device backup does not carry the wallet's key away.
//! - macOS: the user's login keychain, which is never synced and is locked with the session. The
//!   data-protection keychain on macOS needs a provisioning profile with a keychain access group,
//!   which a locally built app does not have, so the login keychain is used there.
//!
//! Not compiled here (no Apple SDK on the build machines, and `security-framework` builds only
//! for Apple targets): reviewed against `apple-native-keyring-store` 1.0's documented API.

use super::platform_store::PlatformStore;
use super::KeystoreKind;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

#[cfg(target_os = "ios")]
fn open() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::protected::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn open() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

/// The Keychain, as above.
pub(crate) fn store() -> PlatformStore {
    PlatformStore {
        kind: KeystoreKind::AppleKeychain,
        survives_reboot: true,
        open,
        #[cfg(target_os = "ios")]
        modifiers: &[("access-policy", "WhenUnlockedThisDeviceOnly")],
        #[cfg(target_os = "macos")]
        modifiers: &[],
    }
}
