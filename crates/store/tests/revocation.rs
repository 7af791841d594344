//! The revocation code is kept sealed in the encrypted database, with the device it was made
//! for, and is marked registered once the portal has its hash.

use eid_store::Db;
use rand_chacha::rand_core::SeedableRng;

#[test]
fn the_code_is_kept_sealed_with_its_device() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let db = Db::create(&path, &[7; 32]).unwrap();
    assert!(db.revocation_code().unwrap().is_none());
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    db.put_revocation_code("K7QM-3PXA-9TBD-W2FH", b"device-1", 100, &mut rng)
        .unwrap();
    let kept = db.revocation_code().unwrap().unwrap();
    assert_eq!(kept.code.as_str(), "K7QM-3PXA-9TBD-W2FH");
    assert_eq!(
        (kept.device.as_slice(), kept.registered),
        (&b"device-1"[..], false)
    );
    db.set_revocation_code_registered().unwrap();
    db.set_revocation_code_shown().unwrap();
    let kept = db.revocation_code().unwrap().unwrap();
    assert!(kept.registered && kept.shown);
    // A new code for a new device replaces it, not yet registered.
    db.put_revocation_code("0000-0000-0000-0000", b"device-2", 200, &mut rng)
        .unwrap();
    let kept = db.revocation_code().unwrap().unwrap();
    assert_eq!(
        (kept.code.as_str(), kept.registered),
        ("0000-0000-0000-0000", false)
    );
    drop(db);
    // Not in clear in the file (SQLCipher), and sealed inside it.
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(19).any(|w| w == b"0000-0000-0000-0000"));
}
