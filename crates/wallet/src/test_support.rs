//! What the tests of the facade and of its hosts share (the `test-support` feature): a wallet
//! with cheap Argon2id parameters on the keystore, clock and seed a test picks, and one that is
//! created and unlocked on an in-memory keystore; a sample world's trust bundle with a
//! presentation for counters. Real keystores stay the tests' choice
//! (`eid-testkit` runs them).

use crate::clock::{Clock, FixedClock};
use crate::wallet::Wallet;
use eid_store::kdf::KdfParams;
use eid_store::keystore::KeyringKeystore;
use eid_store::Keystore;
use rand_chacha::rand_core::SeedableRng;
use std::path::Path;
use std::sync::Arc;

/// The PIN of [`TestWallet::unlocked`]'s wallets.
pub const TEST_PIN: &str = "246810";

/// Wallets for tests.
pub struct TestWallet;

impl TestWallet {
    /// A wallet in `folder` (not created yet) on `keystore`, with `clock`, a random source
    /// seeded with `seed` (so keys and ids repeat from run to run) and cheap Argon2id
    /// parameters for PINs and backups.
    pub fn with(
        folder: &Path,
        keystore: Arc<dyn Keystore>,
        clock: Arc<dyn Clock>,
        seed: u64,
    ) -> Wallet {
        let rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let mut w = Wallet::new(folder, keystore, clock, Box::new(rng));
        w.pin_kdf = KdfParams::TEST;
        w.backup_kdf = KdfParams::TEST;
        w
    }

    /// An in-memory keystore (keyring-core's mock store): for tests that are not about the
    /// keystore.
    pub fn memory_keystore() -> Arc<KeyringKeystore> {
        let store = keyring_core::mock::Store::new().expect("the mock store always opens");
        Arc::new(KeyringKeystore::new(store))
    }

    /// A wallet created with [`TEST_PIN`] and unlocked, in `folder` on an in-memory keystore,
    /// at a fixed time `at` (the clock is returned to move it on).
    pub fn unlocked(folder: &Path, at: u64) -> (Wallet, Arc<FixedClock>) {
        let clock = Arc::new(FixedClock::new(at));
        let mut w = TestWallet::with(folder, TestWallet::memory_keystore(), clock.clone(), 7);
        w.create(TEST_PIN).expect("a new wallet in an empty folder");
        (w, clock)
    }
}

/// The trust bundle of the sample world of `seed` at `at` (its root differs from seed to seed),
/// and the text of a presentation made then (five fields of a health insurance card), for
/// counter and station tests.
pub fn sample_trust(seed: u64, at: u64) -> (eid_credential::TrustBundle, String) {
    let s = crate::sample::make_sample(seed, at).expect("the sample is made");
    let bundle = s
        .files
        .iter()
        .find(|(name, _)| *name == "trust-list.cbor")
        .and_then(|(_, bytes)| eid_credential::TrustBundle::from_bytes(bytes).ok())
        .expect("the sample has a trust bundle");
    (bundle, s.presentation_text)
}
