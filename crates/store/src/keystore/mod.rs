//! The OS keystore, behind a small trait so the wallet can be tested with a mock store and run
//! on any platform store of the `keyring` 4 family (`keyring-core` stores).
//!
//! [`KeyringKeystore::platform`] picks the store that keeps the wallet's secret across reboots on
//! each platform (see [`platform`]): the Secret Service on Linux desktops (GNOME Keyring,
//! KWallet), the Android Keystore, the Apple Keychain (this device only, readable while the
//! device is unlocked) and the Windows Credential Manager. The Linux kernel keyring, which is
//! emptied at logout and reboot, is used only when asked for (`EID_KEYSTORE=keyutils`, for
//! headless servers and tests), and [`KeystoreInfo::survives_reboot`] says so to the app and
//! the command line so they can point the citizen to a backup.

pub mod platform;
mod platform_store;

#[cfg(any(target_os = "android", eid_check_foreign_keystores))]
mod android;
#[cfg(any(target_os = "ios", target_os = "macos"))]
mod apple;
#[cfg(target_os = "linux")]
mod linux;
#[cfg(any(target_os = "windows", eid_check_foreign_keystores))]
mod windows;

use crate::error::StoreError;
use keyring_core::api::CredentialPersistence;
use keyring_core::{CredentialStore, Error as KeyringError};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

pub use platform::KeystoreChoice;

/// Where the wallet keeps its keystore secret.
pub trait Keystore: Send + Sync {
    /// The secret stored under `name`, or `None` when there is none.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores `secret` under `name`, replacing any previous one.
    fn set(&self, name: &str, secret: &[u8]) -> Result<(), StoreError>;
    /// Deletes the secret under `name` (no error when there is none).
    fn delete(&self, name: &str) -> Result<(), StoreError>;
    /// Which store this is and whether its secrets survive a reboot.
    fn info(&self) -> KeystoreInfo;
}

/// The service name entries are filed under.
pub const SERVICE: &str = "eid-wallet";

/// The kinds of store a wallet's secret can live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeystoreKind {
    /// The freedesktop Secret Service (GNOME Keyring, KWallet) on the session D-Bus.
    SecretService,
    /// The Linux kernel's session keyring (keyutils): emptied at logout and reboot.
    KernelKeyring,
    /// The Android Keystore (through SharedPreferences sealed by a Keystore key).
    AndroidKeystore,
    /// The Apple Keychain (iOS data-protection keychain, macOS login keychain).
    AppleKeychain,
    /// The Windows Credential Manager.
    WindowsCredentialManager,
    /// A store handed in by the caller (tests use `keyring_core::mock`).
    Custom,
}

impl KeystoreKind {
    /// The stable code, as in the IPC contract.
    pub fn code(self) -> &'static str {
        match self {
            KeystoreKind::SecretService => "secret_service",
            KeystoreKind::KernelKeyring => "kernel_keyring",
            KeystoreKind::AndroidKeystore => "android_keystore",
            KeystoreKind::AppleKeychain => "apple_keychain",
            KeystoreKind::WindowsCredentialManager => "windows_credential_manager",
            KeystoreKind::Custom => "custom",
        }
    }
}

/// What the app and the command line tell the citizen about the keystore in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeystoreInfo {
    /// Which store.
    pub kind: KeystoreKind,
    /// Whether its secrets are still there after a reboot; when not, only a backup saves the
    /// wallet.
    pub survives_reboot: bool,
}

/// Opens a platform store (connects to it).
type Opener = fn() -> Result<Arc<CredentialStore>, KeyringError>;

/// A keystore backed by a `keyring-core` credential store.
///
/// The platform's store is opened on first use, not when this is made, so the app starts (and
/// says what is wrong in its own words) even when no keystore is running; a failed open is tried
/// again on the next use. Secrets are kept as text, [`TEXT_PREFIX`] then lower-case hex: KWallet's
/// Secret Service keeps only UTF-8, and a text item reads sensibly in a keyring manager. A secret
/// stored as raw bytes by an earlier version (without the prefix) is still read.
pub struct KeyringKeystore {
    kind: KeystoreKind,
    survives_reboot: bool,
    opener: Option<Opener>,
    store: Mutex<Option<Arc<CredentialStore>>>,
    /// Entry modifiers this store understands (a label, an access policy).
    modifiers: &'static [(&'static str, &'static str)],
}

impl KeyringKeystore {
    /// Uses the given store (e.g. `keyring_core::mock::Store::new()` in tests).
    pub fn new(store: Arc<CredentialStore>) -> Self {
        KeyringKeystore {
            kind: KeystoreKind::Custom,
            survives_reboot: matches!(store.persistence(), CredentialPersistence::UntilDelete),
            opener: None,
            store: Mutex::new(Some(store)),
            modifiers: &[],
        }
    }

    /// The platform's store as chosen by `$EID_KEYSTORE` (see [`KeystoreChoice::from_env`]).
    pub fn platform() -> Result<Self, StoreError> {
        Self::chosen(KeystoreChoice::from_env()?)
    }

    /// The store `choice` names on this platform; an error when it has none here.
    pub fn chosen(choice: KeystoreChoice) -> Result<Self, StoreError> {
        let p = platform::resolve(choice)?;
        Ok(KeyringKeystore {
            kind: p.kind,
            survives_reboot: p.survives_reboot,
            opener: Some(p.open),
            store: Mutex::new(None),
            modifiers: p.modifiers,
        })
    }

    fn store(&self) -> Result<Arc<CredentialStore>, StoreError> {
        let mut held = self.store.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = held.as_ref() {
            return Ok(Arc::clone(s));
        }
        let open = self.opener.ok_or(StoreError::KeystoreUnavailable(
            "no keystore was configured".into(),
        ))?;
        let store = open().map_err(|e| match e {
            KeyringError::NoStorageAccess(e) => StoreError::KeystoreLocked(e.to_string()),
            other => StoreError::KeystoreUnavailable(other.to_string()),
        })?;
        *held = Some(Arc::clone(&store));
        Ok(store)
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry, StoreError> {
        let modifiers: HashMap<&str, &str> = self.modifiers.iter().copied().collect();
        let modifiers = (!modifiers.is_empty()).then_some(&modifiers);
        self.store()?
            .build(SERVICE, name, modifiers)
            .map_err(keyring_error)
    }
}

/// A keystore's answer as the store's error.
fn keyring_error(e: KeyringError) -> StoreError {
    match e {
        KeyringError::NoStorageAccess(e) => StoreError::KeystoreLocked(e.to_string()),
        other => StoreError::Keystore(other.to_string()),
    }
}

/// What a secret's text in the keystore starts with; hex follows.
pub const TEXT_PREFIX: &str = "eid-hex:";

/// The secret as stored: [`TEXT_PREFIX`] and hex, or raw bytes from an earlier version.
fn decode_secret(stored: Vec<u8>) -> Vec<u8> {
    let stored = Zeroizing::new(stored);
    match stored.strip_prefix(TEXT_PREFIX.as_bytes()).map(hex::decode) {
        Some(Ok(secret)) => secret,
        _ => stored.to_vec(),
    }
}

impl Keystore for KeyringKeystore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.entry(name)?.get_secret() {
            Ok(s) => Ok(Some(decode_secret(s))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn set(&self, name: &str, secret: &[u8]) -> Result<(), StoreError> {
        let text = Zeroizing::new(format!("{TEXT_PREFIX}{}", hex::encode(secret)));
        self.entry(name)?
            .set_secret(text.as_bytes())
            .map_err(keyring_error)
    }

    fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn info(&self) -> KeystoreInfo {
        KeystoreInfo {
            kind: self.kind,
            survives_reboot: self.survives_reboot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_kept_as_hex_and_old_raw_secrets_still_read() {
        let ks = KeyringKeystore::new(keyring_core::mock::Store::new().unwrap());
        let secret = [0u8, 1, 0xfe, 0xff].repeat(8);
        ks.set("w", &secret).unwrap();
        let raw = ks.entry("w").unwrap().get_secret().unwrap();
        assert_eq!(
            raw,
            format!("eid-hex:{}", hex::encode(&secret)).into_bytes()
        );
        ks.set("short", b"\x00").unwrap();
        assert_eq!(ks.get("short").unwrap().as_deref(), Some(&b"\x00"[..]));
        assert_eq!(ks.get("w").unwrap().as_deref(), Some(secret.as_slice()));

        ks.entry("old").unwrap().set_secret(&secret).unwrap();
        assert_eq!(ks.get("old").unwrap().as_deref(), Some(secret.as_slice()));
        assert_eq!(decode_secret(b"eid-hex:zz".to_vec()), b"eid-hex:zz");
    }

    #[test]
    fn locked_and_failed_stores_get_their_own_codes() {
        let locked = keyring_error(KeyringError::NoStorageAccess("locked".into()));
        assert_eq!(locked.code(), "keystore_locked");
        let failed = keyring_error(KeyringError::PlatformFailure("boom".into()));
        assert_eq!(failed.code(), "keystore_failed");
    }
}
