//! Argon2id key derivation.
//!
//! Parameters for the PIN: 19 MiB, 2 passes, 1 lane — exactly OWASP's minimum recommendation
//! for Argon2id. A 6-digit PIN has only a million values, so no KDF setting alone protects it;
//! what protects it is the keystore secret mixed in as Argon2's *secret* input (a copied key
//! file without the keystore cannot be attacked at all) and the throttle. The KDF makes each
//! guess cost memory and tens of milliseconds on a mid-range phone (about 3× this machine's
//! time), while keeping unlock well under a second there. `benches/unlock.rs` measures it.
//!
//! Parameters for backup passphrases are heavier (64 MiB, 3 passes): a backup file leaves the
//! device, so only the passphrase and the KDF protect it, and restoring is rare.

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Argon2id cost parameters, stored beside what they protect so they can be raised later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// For the PIN (with the keystore secret): OWASP's minimum, 19 MiB, t=2, p=1.
    pub const PIN: KdfParams = KdfParams {
        m_kib: 19 * 1024,
        t: 2,
        p: 1,
    };
    /// For backup passphrases: 64 MiB, t=3, p=1.
    pub const BACKUP: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// Cheap parameters for tests only.
    pub const TEST: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    /// Whether the parameters are within sane bounds (refuses hostile files asking for
    /// terabytes of memory or billions of passes).
    pub fn is_sane(&self) -> bool {
        (8..=256 * 1024).contains(&self.m_kib)
            && (1..=16).contains(&self.t)
            && (1..=8).contains(&self.p)
    }
}

/// Derives a 32-byte key from `password`, `salt` and an optional `secret` (Argon2's keyed
/// mode: the keystore secret). `None` when the parameters are out of bounds.
pub fn derive(
    password: &[u8],
    salt: &[u8],
    secret: Option<&[u8]>,
    params: KdfParams,
) -> Option<Zeroizing<[u8; 32]>> {
    if !params.is_sane() {
        return None;
    }
    let p = Params::new(params.m_kib, params.t, params.p, Some(32)).ok()?;
    let argon = match secret {
        Some(s) => Argon2::new_with_secret(s, Algorithm::Argon2id, Version::V0x13, p).ok()?,
        None => Argon2::new(Algorithm::Argon2id, Version::V0x13, p),
    };
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_pin_and_salt_all_matter() {
        let salt = [1u8; 16];
        let a = derive(b"123456", &salt, Some(b"secret-a"), KdfParams::TEST).unwrap();
        assert_eq!(
            a,
            derive(b"123456", &salt, Some(b"secret-a"), KdfParams::TEST).unwrap()
        );
        assert_ne!(
            a,
            derive(b"123457", &salt, Some(b"secret-a"), KdfParams::TEST).unwrap()
        );
        assert_ne!(
            a,
            derive(b"123456", &salt, Some(b"secret-b"), KdfParams::TEST).unwrap()
        );
        assert_ne!(
            a,
            derive(b"123456", &[2u8; 16], Some(b"secret-a"), KdfParams::TEST).unwrap()
        );
        assert_ne!(a, derive(b"123456", &salt, None, KdfParams::TEST).unwrap());
        assert!(derive(
            b"1",
            &salt,
            None,
            KdfParams {
                m_kib: u32::MAX,
                t: 1,
                p: 1
            }
        )
        .is_none());
    }
}
