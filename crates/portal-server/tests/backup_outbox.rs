//! Nothing queued is lost with the phone, and nothing is sent twice: a citizen queues three
//! applications offline, backs the wallet up, and loses the phone just after the first of them
//! reached the portal (its answer never came back). A new phone restores the backup into a new
//! home with another keystore, takes over the account, and syncs: the portal holds exactly one
//! application per form, the first one being the application the old phone's try made, because
//! every submission goes with its original idempotency key.
//!
//! Real parts: the portal process on loopback, the old phone's key in the Secret Service (GNOME
//! Keyring on a private D-Bus session), the new phone's in the kernel keyring. A plain `main`: it
//! re-runs itself inside `keyctl session -`, and sets the session bus address before anything
//! reaches D-Bus (libdbus reads it once per process).

mod common;

use common::{officer, residence_form, wallet_with, Portal};
use eid_portal_client::PortalClient;
use eid_store::keystore::{KeyringKeystore, KeystoreChoice};
use eid_testkit::desktop::{DesktopSession, Keyring};
use eid_wallet::Registration;
use std::sync::Arc;
use std::time::Duration;

const PASSPHRASE: &str = "correct horse battery staple";

fn citizen() -> Registration {
    Registration {
        id_number: "001052004817".into(),
        phone: "0983214506".into(),
        full_name: "Trần Văn Hùng".into(),
        date_of_birth: "1952-07-08".into(),
    }
}

fn inside_session() {
    let tmp = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::start(&tmp.path().join("desktop"), Keyring::Unlocked);
    for (k, v) in desktop.env() {
        std::env::set_var(k, v);
    }
    let portal = Portal::start(None);
    let t = Duration::from_secs(10);

    // The old phone: registered (level 1), then offline with three applications queued.
    let secret_service = KeyringKeystore::chosen(KeystoreChoice::SecretService).unwrap();
    let mut old = wallet_with(&tmp.path().join("old"), Arc::new(secret_service));
    old.create("112358").unwrap();
    let mut online = PortalClient::new(&portal.base, t).unwrap();
    let reg = old.register(&online, &citizen()).unwrap();
    let account = common::registered(
        old.verify_code(&mut online, &reg, &portal.code_for(&reg))
            .unwrap(),
    );
    let mut offline = PortalClient::new("http://127.0.0.1:9", Duration::from_secs(2)).unwrap();
    for reason in ["work", "study", "family"] {
        old.apply(&residence_form(reason), None).unwrap();
    }
    assert_eq!(old.sync(&mut offline).unwrap_err().code(), "network");
    let queued = old.outbox().unwrap();
    assert_eq!(queued.len(), 3);
    let backup = old.backup("112358", PASSPHRASE).unwrap();

    // The first submission reached the portal just before the phone was lost.
    let first = &queued[0];
    let delivered = online
        .submit_raw(first.body.as_bytes(), &first.idempotency_key)
        .unwrap();

    // The new phone: another home, another keystore; the backup brings the outbox back.
    let keyutils = KeyringKeystore::chosen(KeystoreChoice::Keyutils).unwrap();
    let mut new = wallet_with(&tmp.path().join("new"), Arc::new(keyutils));
    let content = new.restore(&backup, PASSPHRASE, "246810").unwrap();
    assert_eq!(content.waiting_submissions, 3);
    let restored = new.outbox().unwrap();
    assert_eq!(
        restored
            .iter()
            .map(|o| &o.idempotency_key)
            .collect::<Vec<_>>(),
        queued
            .iter()
            .map(|o| &o.idempotency_key)
            .collect::<Vec<_>>(),
        "the original idempotency keys"
    );
    let mut client = PortalClient::new(&portal.base, t).unwrap();
    let reg = new.register(&client, &citizen()).unwrap();
    let moved = common::registered(
        new.verify_code(&mut client, &reg, &portal.code_for(&reg))
            .unwrap(),
    );
    assert_eq!(moved.account_id, account.account_id, "the same account");
    let report = new.sync(&mut client).unwrap();
    assert_eq!((report.sent, report.waiting, report.refused), (3, 0, 0));
    assert_eq!(new.sync(&mut client).unwrap().sent, 0);

    // Exactly one application per form on the portal.
    let apps = client.applications().unwrap();
    assert_eq!(apps.len(), 3, "{apps:?}");
    let mut reasons: Vec<String> = apps
        .iter()
        .map(|a| {
            serde_json::to_value(&a.form).unwrap()["reason"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    reasons.sort();
    assert_eq!(reasons, ["family", "study", "work"]);
    assert!(
        apps.iter().any(|a| a.id == delivered.id),
        "the old phone's try counts as the first"
    );
    let http = reqwest::blocking::Client::new();
    let (_, queue) = common::call(
        &http,
        "GET",
        &portal.url("/v1/officer/applications"),
        Some(&officer(&portal, &http)),
        None,
    );
    assert_eq!(queue.as_array().map(Vec::len), Some(3), "{queue}");
    let states: Vec<String> = new
        .submissions()
        .unwrap()
        .into_iter()
        .map(|s| s.state.code().to_owned())
        .collect();
    assert_eq!(states, ["submitted"; 3]);
    drop(portal);
    desktop.stop();
    println!("backup with outbox: 3 forms queued offline, restored on a new phone, 3 applications on the portal");
}

fn main() {
    eid_testkit::keyctl::in_session("the backup test", inside_session);
}
