//! A wallet survives a reboot on the desktop's own keystore: `eid wallet` on the Secret Service
//! of a private desktop session (GNOME Keyring keeping its keyring in a folder of this test's,
//! eid-testkit). The citizen creates a wallet and adds four documents; the keyring daemon and the
//! D-Bus session end (the shutdown); a new session and a new daemon start on the same folder
//! (the next boot); the wallet opens with the PIN and every document is there and can be shown.
//! Without any keyring daemon, `eid` says so in plain words with a typed code.

use eid_testkit::desktop::{DesktopSession, Keyring};
use std::path::Path;
use std::process::{Command, Output};

const AT: &str = "2026-11-22T08:30:00Z";
const PIN: &str = "135790";
const TYPES: [&str; 4] = [
    "citizen_id_card",
    "driving_licence",
    "vehicle_registration",
    "health_insurance",
];

fn eid(session: &DesktopSession, home: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eid"));
    c.arg("wallet")
        .arg("--home")
        .arg(home)
        .args(["--at", AT])
        .args(args)
        .env_remove("EID_KEYSTORE")
        .env_remove("EID_HOME")
        .env("EID_PIN", PIN)
        .envs(session.env());
    c.output().unwrap()
}

fn ok(out: Output) -> (String, String) {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    (String::from_utf8(out.stdout).unwrap(), err)
}

fn ids(list: &str) -> Vec<String> {
    let docs: serde_json::Value = serde_json::from_str(list).unwrap();
    let mut ids: Vec<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_wallet_on_the_secret_service_opens_after_a_reboot_with_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let keyrings = tmp.path().join("desktop");
    let home = tmp.path().join("wallet");

    let boot = DesktopSession::start(&keyrings, Keyring::Unlocked);
    let (_, said) = ok(eid(&boot, &home, &["create"]));
    assert!(
        !said.contains("reboot"),
        "no warning on a keystore that survives a reboot: {said}"
    );
    let (info, _) = ok(eid(&boot, &home, &["keystore"]));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&info).unwrap(),
        serde_json::json!({"kind": "secret_service", "survives_reboot": true})
    );
    for t in TYPES {
        ok(eid(&boot, &home, &["add-sample", "--type", t]));
    }
    let before = ids(&ok(eid(&boot, &home, &["list"])).0);
    assert_eq!(before.len(), 4);
    boot.stop();

    let boot = DesktopSession::start(&keyrings, Keyring::Unlocked);
    let after = ids(&ok(eid(&boot, &home, &["list"])).0);
    assert_eq!(after, before, "every document is there after the reboot");
    for id in &after {
        let (shown, _) = ok(eid(&boot, &home, &["show", id]));
        let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert!(
            id.starts_with(shown["doc_type"].as_str().unwrap()),
            "{shown}"
        );
        assert!(shown["fields"].as_object().unwrap().len() >= 4, "{shown}");
    }
    let health = after.iter().find(|i| i.starts_with("health")).unwrap();
    let (qr, _) = ok(eid(
        &boot,
        &home,
        &["present", health, "--fields", "full_name,insurance_number"],
    ));
    assert!(qr.starts_with("EP1:"), "{qr}");
    boot.stop();

    let no_keyring = DesktopSession::start(&keyrings, Keyring::Absent);
    let out = eid(&no_keyring, &home, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no keystore is available on this device")
            && err.contains("keystore_unavailable"),
        "{err}"
    );
    no_keyring.stop();
}
