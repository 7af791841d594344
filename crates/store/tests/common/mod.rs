//! Shared test helpers: a mock keystore, cheap KDF parameters and a fixed-seed RNG.

#![allow(dead_code)]

use eid_store::kdf::KdfParams;
use eid_store::keystore::KeyringKeystore;
use eid_store::vault::Vault;
use eid_store::Keystore;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use std::path::Path;

pub const NOW: u64 = 1_795_336_200;

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

pub fn mock_keystore() -> KeyringKeystore {
    KeyringKeystore::new(keyring_core::mock::Store::new().unwrap())
}

pub fn vault<'k>(home: &Path, keystore: &'k dyn Keystore) -> Vault<'k> {
    let mut v = Vault::new(home, keystore);
    v.kdf = KdfParams::TEST;
    v
}

/// A real keystore keeps, returns and deletes a binary secret, and deleting twice is no error.
pub fn check_set_get_delete(ks: &dyn Keystore) {
    assert_eq!(ks.get("eid-test-absent").unwrap(), None);
    ks.set("eid-test", b"\x00\x01secret\xff").unwrap();
    assert_eq!(
        ks.get("eid-test").unwrap().as_deref(),
        Some(&b"\x00\x01secret\xff"[..])
    );
    ks.delete("eid-test").unwrap();
    assert_eq!(ks.get("eid-test").unwrap(), None);
    ks.delete("eid-test").unwrap();
}

/// Every regular file below `dir`.
pub fn files_below(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
