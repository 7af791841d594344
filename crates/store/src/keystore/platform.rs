//! Which keystore a wallet uses on each platform.
//!
//! | platform | store | survives a reboot |
//! |---|---|---|
//! | Linux desktop (default) | Secret Service on the session D-Bus: GNOME Keyring, KWallet | yes |
//! | Linux, `EID_KEYSTORE=keyutils` | the kernel's session keyring (headless servers, tests) | no |
//! | Android | Android Keystore (`android-native-keyring-store`) | yes |
//! | iOS | data-protection Keychain, this device only, when unlocked | yes |
//! | macOS | the login Keychain (never synced to other devices) | yes |
//! | Windows | Credential Manager | yes |
//!
//! The Android, Apple and Windows stores cannot be compiled on the Linux machines this project
//! is built and tested on; their code is kept small, one file each (docs/app.md lists what was
//! and was not checked).

use super::platform_store::PlatformStore;
use crate::error::StoreError;

/// The environment variable that picks a keystore: `platform` (the default), `secret-service`
/// or `keyutils` (Linux only).
pub const ENV: &str = "EID_KEYSTORE";

/// Which keystore to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeystoreChoice {
    /// The platform's persistent store (the table above).
    Platform,
    /// The freedesktop Secret Service (Linux; the default there).
    SecretService,
    /// The Linux kernel's session keyring: lost at logout and reboot.
    Keyutils,
}

impl KeystoreChoice {
    /// Reads a choice: `platform`, `secret-service` or `keyutils`.
    pub fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "" | "platform" => Ok(KeystoreChoice::Platform),
            "secret-service" => Ok(KeystoreChoice::SecretService),
            "keyutils" => Ok(KeystoreChoice::Keyutils),
            other => Err(StoreError::KeystoreUnavailable(format!(
                "{ENV}={other} is not a keystore: use platform, secret-service or keyutils"
            ))),
        }
    }

    /// The choice in `$EID_KEYSTORE` (the platform's store when unset).
    pub fn from_env() -> Result<Self, StoreError> {
        match std::env::var(ENV) {
            Ok(v) => Self::parse(&v),
            Err(_) => Ok(KeystoreChoice::Platform),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn not_here(choice: KeystoreChoice) -> StoreError {
    StoreError::KeystoreUnavailable(format!("{choice:?} is not a keystore on this platform"))
}

/// The store `choice` names on this platform.
pub(crate) fn resolve(choice: KeystoreChoice) -> Result<PlatformStore, StoreError> {
    #[cfg(target_os = "linux")]
    {
        match choice {
            KeystoreChoice::Platform | KeystoreChoice::SecretService => {
                Ok(super::linux::secret_service())
            }
            KeystoreChoice::Keyutils => Ok(super::linux::keyutils()),
        }
    }
    #[cfg(target_os = "android")]
    {
        match choice {
            KeystoreChoice::Platform => Ok(super::android::store()),
            other => Err(not_here(other)),
        }
    }
    #[cfg(any(target_os = "ios", target_os = "macos"))]
    {
        match choice {
            KeystoreChoice::Platform => Ok(super::apple::store()),
            other => Err(not_here(other)),
        }
    }
    #[cfg(target_os = "windows")]
    {
        match choice {
            KeystoreChoice::Platform => Ok(super::windows::store()),
            other => Err(not_here(other)),
        }
    }
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "ios",
        target_os = "macos",
        target_os = "windows"
    )))]
    {
        Err(not_here(choice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::KeystoreKind;

    #[test]
    fn choices_parse_and_unknown_ones_are_refused() {
        assert_eq!(
            KeystoreChoice::parse("platform").unwrap(),
            KeystoreChoice::Platform
        );
        assert_eq!(KeystoreChoice::parse("").unwrap(), KeystoreChoice::Platform);
        assert_eq!(
            KeystoreChoice::parse("keyutils").unwrap(),
            KeystoreChoice::Keyutils
        );
        assert_eq!(
            KeystoreChoice::parse("secret-service").unwrap(),
            KeystoreChoice::SecretService
        );
        let err = KeystoreChoice::parse("plaintext").unwrap_err();
        assert_eq!(err.code(), "keystore_unavailable");
        assert!(err.to_string().contains("plaintext"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_defaults_to_the_secret_service_and_says_keyutils_is_lost_at_reboot() {
        let p = resolve(KeystoreChoice::Platform).unwrap();
        assert_eq!(p.kind, KeystoreKind::SecretService);
        assert!(p.survives_reboot);
        let k = resolve(KeystoreChoice::Keyutils).unwrap();
        assert_eq!(k.kind, KeystoreKind::KernelKeyring);
        assert!(!k.survives_reboot);
    }
}
