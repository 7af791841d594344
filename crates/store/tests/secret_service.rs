//! The real Secret Service: GNOME Keyring in a private desktop session (eid-testkit), keeping its
//! keyring in a folder of this test's. A wallet is created, the session is shut down and started
//! again on the same folder (a reboot), and the wallet opens with its PIN. A locked keyring and a
//! session without any keyring daemon give their own typed errors, quickly, never a hang.
//!
//! A plain `main`: each boot runs in its own process (libdbus reads the session bus address once
//! per process), this same binary with the step to run as its argument.

mod common;

use common::*;
use eid_store::keystore::{KeyringKeystore, KeystoreChoice, KeystoreKind};
use eid_store::Keystore;
use eid_testkit::desktop::{DesktopSession, Keyring};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn secret_service() -> KeyringKeystore {
    KeyringKeystore::chosen(KeystoreChoice::SecretService).unwrap()
}

fn entry_of(home: &Path) -> String {
    eid_store::keyfile::KeyFile::read(&home.join("wallet.key"))
        .unwrap()
        .keystore_entry
}

/// First boot: the keyring works, a wallet is created; prints the secret's hex for the check of
/// the keyring file.
fn first_boot(home: &Path) {
    let ks = secret_service();
    assert_eq!(ks.info().kind, KeystoreKind::SecretService);
    assert!(ks.info().survives_reboot);
    check_set_get_delete(&ks);

    drop(vault(home, &ks).create("123456", &mut rng(1)).unwrap());
    let secret = ks
        .get(&entry_of(home))
        .unwrap()
        .expect("the secret is in the keyring");
    assert_eq!(secret.len(), 32);
    println!("{}", hex::encode(secret));
}

/// After the reboot: the wallet opens with its PIN (and not with another).
fn after_reboot(home: &Path) {
    let ks = secret_service();
    let v = vault(home, &ks);
    assert_eq!(v.unlock("654321", NOW).unwrap_err().code(), "wrong_pin");
    let db = v.unlock("123456", NOW + 1).unwrap();
    assert!(db.integrity_problems().unwrap().is_empty());
}

/// A keyring nobody unlocked: a typed error, not a hang on a prompt nobody can answer.
fn locked(home: &Path) {
    let ks = secret_service();
    let started = Instant::now();
    let err = vault(home, &ks).unlock("123456", NOW + 2).unwrap_err();
    assert_eq!(err.code(), "keystore_locked", "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// No keyring daemon at all.
fn absent(home: &Path) {
    let ks = secret_service();
    let err = vault(home, &ks).unlock("123456", NOW + 3).unwrap_err();
    assert_eq!(err.code(), "keystore_unavailable", "{err}");
    assert_eq!(
        ks.set("x", b"y").unwrap_err().code(),
        "keystore_unavailable"
    );
}

/// Unlocked again: the wallet still opens, and a reset removes its keyring item.
fn reset(home: &Path) {
    let ks = secret_service();
    let entry = entry_of(home);
    let v = vault(home, &ks);
    drop(v.unlock("123456", NOW + 4).unwrap());
    v.reset().unwrap();
    assert_eq!(
        ks.get(&entry).unwrap(),
        None,
        "reset removed the keyring item"
    );
}

/// Boots a session on `keyrings`, runs `step` in a process of it, shuts the session down;
/// returns what the step printed.
fn boot(keyrings: &Path, home: &Path, keyring: Keyring, step: &str) -> String {
    let session = DesktopSession::start(keyrings, keyring);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg(step)
        .arg(home)
        .envs(session.env())
        .output()
        .unwrap();
    session.stop();
    assert!(
        out.status.success(),
        "step {step} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 {
        let home = PathBuf::from(&args[2]);
        match args[1].as_str() {
            "first-boot" => first_boot(&home),
            "after-reboot" => after_reboot(&home),
            "locked" => locked(&home),
            "absent" => absent(&home),
            "reset" => reset(&home),
            other => panic!("no step {other}"),
        }
        return;
    }
    let keyrings = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let (k, h) = (keyrings.path(), home.path());

    let secret = boot(k, h, Keyring::Unlocked, "first-boot");
    let secret = hex::decode(secret.trim()).unwrap();

    // Between the boots the keyring is on disk, and it does not hold the secret in clear.
    let mut on_disk = Vec::new();
    for f in std::fs::read_dir(k.join("data/keyrings")).unwrap() {
        on_disk.extend(std::fs::read(f.unwrap().path()).unwrap());
    }
    assert!(!on_disk.is_empty(), "gnome-keyring wrote its keyring file");
    assert!(!contains(&on_disk, hex::encode(&secret).as_bytes()));
    assert!(!contains(&on_disk, &secret));

    boot(k, h, Keyring::Unlocked, "after-reboot");
    boot(k, h, Keyring::Locked, "locked");
    boot(k, h, Keyring::Absent, "absent");
    boot(k, h, Keyring::Unlocked, "reset");
    println!(
        "secret service (gnome-keyring): a wallet survived a reboot; locked and absent keyrings gave typed errors"
    );
}
