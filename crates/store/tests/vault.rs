//! Creating, unlocking, throttling, changing the PIN, moving files between homes, resetting.

mod common;

use common::*;
use eid_store::records::Account;
use eid_store::throttle::MAX_FAILURES;
use eid_store::StoreError;

fn account() -> Account {
    Account {
        level: 1,
        id_number: "001099012345".into(),
        phone: "0912345678".into(),
        full_name: "Nguyễn Văn An".into(),
    }
}

/// A wallet with an account in `dir`, closed again.
fn created<'k>(
    dir: &std::path::Path,
    ks: &'k eid_store::keystore::KeyringKeystore,
) -> eid_store::vault::Vault<'k> {
    let v = vault(dir, ks);
    let db = v.create("123456", &mut rng(1)).unwrap();
    db.put_account(&account(), NOW).unwrap();
    v
}

#[test]
fn create_then_unlock_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let v = created(dir.path(), &ks);
    let db = vault(dir.path(), &ks).unlock("123456", NOW).unwrap();
    assert_eq!(db.account().unwrap(), Some(account()));
    assert_eq!(db.schema_version().unwrap(), 6);
    assert!(db.integrity_problems().unwrap().is_empty());
    assert!(matches!(
        v.create("123456", &mut rng(2)),
        Err(StoreError::AlreadyExists)
    ));
    for f in files_below(dir.path()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{} is plain SQLite",
            f.display()
        );
    }
}

#[test]
fn pin_format_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    for bad in ["12345", "1234567", "12345a", "", "١٢٣٤٥٦"] {
        assert!(
            matches!(
                vault(dir.path(), &ks).create(bad, &mut rng(1)),
                Err(StoreError::BadPin)
            ),
            "{bad}"
        );
    }
}

#[test]
fn wrong_pins_are_throttled_across_restarts_then_lock() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    drop(
        vault(dir.path(), &ks)
            .create("123456", &mut rng(1))
            .unwrap(),
    );
    let mut now = NOW;
    for i in 1..=5u32 {
        // A new Vault each time: as if the app were restarted between tries.
        let err = vault(dir.path(), &ks).unlock("000000", now).unwrap_err();
        assert!(
            matches!(err, StoreError::WrongPin { remaining } if remaining == MAX_FAILURES - i),
            "{err:?}"
        );
    }
    let err = vault(dir.path(), &ks).unlock("000000", now).unwrap_err();
    assert_eq!(err.code(), "wrong_pin");
    // The 6th failure imposes 30 s, even for the right PIN, even after a restart.
    let err = vault(dir.path(), &ks)
        .unlock("123456", now + 10)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Throttled { wait_seconds: 20 }),
        "{err:?}"
    );
    now += 30;
    // The right PIN clears the count.
    drop(vault(dir.path(), &ks).unlock("123456", now).unwrap());
    for _ in 0..MAX_FAILURES {
        let _ = vault(dir.path(), &ks).unlock("000000", now);
        now += 3600;
    }
    let err = vault(dir.path(), &ks).unlock("123456", now).unwrap_err();
    assert_eq!(err.code(), "locked_out");
}

#[test]
fn change_pin_rewraps_without_reencrypting() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let v = created(dir.path(), &ks);
    let before = std::fs::read(v.db_path()).unwrap();
    assert_eq!(
        v.change_pin("111111", "654321", NOW, &mut rng(2))
            .unwrap_err()
            .code(),
        "wrong_pin"
    );
    v.change_pin("123456", "654321", NOW, &mut rng(3)).unwrap();
    assert_eq!(
        std::fs::read(v.db_path()).unwrap(),
        before,
        "database file untouched"
    );
    assert_eq!(v.unlock("123456", NOW).unwrap_err().code(), "wrong_pin");
    assert_eq!(
        v.unlock("654321", NOW).unwrap().account().unwrap(),
        Some(account())
    );
}

#[test]
fn copied_files_do_not_open_with_another_keystore() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ks_a = mock_keystore();
    let ks_b = mock_keystore();
    drop(
        vault(a.path(), &ks_a)
            .create("123456", &mut rng(1))
            .unwrap(),
    );
    for f in files_below(a.path()) {
        std::fs::copy(&f, b.path().join(f.file_name().unwrap())).unwrap();
    }
    let err = vault(b.path(), &ks_b).unlock("123456", NOW).unwrap_err();
    assert_eq!(err.code(), "keystore_missing");
    // Another wallet's secret under the same entry name does not help either.
    let kf = eid_store::keyfile::KeyFile::read(&b.path().join("wallet.key")).unwrap();
    eid_store::Keystore::set(&ks_b, &kf.keystore_entry, &[7u8; 32]).unwrap();
    assert_eq!(
        vault(b.path(), &ks_b)
            .unlock("123456", NOW)
            .unwrap_err()
            .code(),
        "wrong_pin"
    );
    // The database alone with a guessed raw key is not a database.
    let err = eid_store::Db::open(&b.path().join("wallet.db"), &[0u8; 32]).unwrap_err();
    assert_eq!(err.code(), "corrupt");
}

#[test]
fn reset_wipes_files_and_keystore() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let v = vault(dir.path(), &ks);
    drop(v.create("123456", &mut rng(1)).unwrap());
    let entry = eid_store::keyfile::KeyFile::read(&dir.path().join("wallet.key"))
        .unwrap()
        .keystore_entry;
    assert!(eid_store::Keystore::get(&ks, &entry).unwrap().is_some());
    v.reset().unwrap();
    assert!(
        files_below(dir.path()).is_empty(),
        "{:?}",
        files_below(dir.path())
    );
    assert_eq!(eid_store::Keystore::get(&ks, &entry).unwrap(), None);
    assert_eq!(v.unlock("123456", NOW).unwrap_err().code(), "no_wallet");
    drop(v.create("123456", &mut rng(2)).unwrap());
}

#[test]
fn a_wipe_needs_the_pin_only_while_the_wallet_can_still_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let v = vault(dir.path(), &ks);
    assert!(!v.reset_needs_pin(NOW).unwrap(), "nothing to protect");
    drop(v.create("123456", &mut rng(1)).unwrap());
    assert!(v.reset_needs_pin(NOW).unwrap());

    // Locked out after ten wrong PINs (waiting out each throttle).
    let mut now = NOW;
    loop {
        match v.unlock("000000", now) {
            Err(e) if e.code() == "locked_out" => break,
            Err(e) if e.code() == "pin_throttled" => now += 3600 * 24,
            Err(e) => assert_eq!(e.code(), "wrong_pin"),
            Ok(_) => panic!("a wrong PIN opened the wallet"),
        }
    }
    assert!(
        !v.reset_needs_pin(now).unwrap(),
        "locked out: no PIN can be checked"
    );

    // A second wallet whose keystore entry is gone (a kernel keyring after a reboot).
    let other = tempfile::tempdir().unwrap();
    let v2 = vault(other.path(), &ks);
    drop(v2.create("123456", &mut rng(2)).unwrap());
    let entry = eid_store::keyfile::KeyFile::read(&other.path().join("wallet.key"))
        .unwrap()
        .keystore_entry;
    eid_store::Keystore::delete(&ks, &entry).unwrap();
    assert!(
        !v2.reset_needs_pin(NOW).unwrap(),
        "the keystore lost its secret"
    );
}

#[test]
fn device_key_is_sealed_inside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let ks = mock_keystore();
    let db = vault(dir.path(), &ks)
        .create("123456", &mut rng(1))
        .unwrap();
    let private = [0x5au8; 32];
    db.put_device_key(&private, b"public", NOW, &mut rng(2))
        .unwrap();
    let key = db.device_key().unwrap().unwrap();
    assert_eq!(key.private.as_slice(), &private);
    assert_eq!(key.public, b"public");
}
