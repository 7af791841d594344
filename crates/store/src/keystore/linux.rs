//! Linux: the Secret Service (the desktop's keyring, kept on disk and unlocked with the login)
//! by default, the kernel's session keyring when asked for.

use super::platform_store::PlatformStore;
use super::KeystoreKind;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

fn open_secret_service() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = dbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

fn open_keyutils() -> Result<Arc<CredentialStore>, KeyringError> {
    let store: Arc<CredentialStore> = linux_keyutils_keyring_store::Store::new()?;
    Ok(store)
}

/// The Secret Service, items labelled so a keyring manager (Seahorse, KWalletManager) names
/// them.
pub(crate) fn secret_service() -> PlatformStore {
    PlatformStore {
        kind: KeystoreKind::SecretService,
        survives_reboot: true,
        open: open_secret_service,
        modifiers: &[("label", "eID Wallet: key of this device's wallet")],
    }
}

/// The kernel's session keyring (lost at logout and reboot).
pub(crate) fn keyutils() -> PlatformStore {
    PlatformStore {
        kind: KeystoreKind::KernelKeyring,
        survives_reboot: false,
        open: open_keyutils,
        modifiers: &[],
    }
}
