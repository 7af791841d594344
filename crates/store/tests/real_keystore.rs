//! The real OS keystore: Linux kernel keyutils, inside a fresh `keyctl session` (keyutils needs
//! a session keyring; scripts/setup.sh installs `keyctl`). The test re-runs itself under
//! `keyctl session -` and then creates, unlocks and resets a wallet through the kernel store.
//! (A plain `main`, so the re-run is one process tree.)

mod common;

use common::*;
use eid_store::keystore::{KeyringKeystore, KeystoreChoice, KeystoreKind};
use eid_store::Keystore;

fn inside_session() {
    let ks = KeyringKeystore::chosen(KeystoreChoice::Keyutils).expect("the kernel keystore opens");
    assert_eq!(ks.info().kind, KeystoreKind::KernelKeyring);
    assert!(
        !ks.info().survives_reboot,
        "the kernel keyring is emptied at reboot"
    );
    check_set_get_delete(&ks);

    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path(), &ks);
    drop(v.create("123456", &mut rng(1)).unwrap());
    let entry = eid_store::keyfile::KeyFile::read(&dir.path().join("wallet.key"))
        .unwrap()
        .keystore_entry;
    assert_eq!(
        ks.get(&entry).unwrap().map(|s| s.len()),
        Some(32),
        "the secret is in the kernel store"
    );
    assert_eq!(v.unlock("654321", NOW).unwrap_err().code(), "wrong_pin");
    assert!(v
        .unlock("123456", NOW)
        .unwrap()
        .integrity_problems()
        .unwrap()
        .is_empty());
    v.reset().unwrap();
    assert_eq!(
        ks.get(&entry).unwrap(),
        None,
        "reset removed the kernel entry"
    );
    println!(
        "real keystore (linux keyutils): set/get/delete and a wallet's create/unlock/reset passed"
    );
}

fn main() {
    eid_testkit::keyctl::in_session("the kernel keystore test", inside_session);
}
