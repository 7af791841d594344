//! A keystore a platform has, not yet opened: what `platform.rs` picks and each
//! platform's file describes.

use super::KeystoreKind;
use keyring_core::{CredentialStore, Error as KeyringError};
use std::sync::Arc;

/// A store this platform has, not yet opened.
pub(crate) struct PlatformStore {
    pub kind: KeystoreKind,
    pub survives_reboot: bool,
    pub open: fn() -> Result<Arc<CredentialStore>, KeyringError>,
    pub modifiers: &'static [(&'static str, &'static str)],
}
