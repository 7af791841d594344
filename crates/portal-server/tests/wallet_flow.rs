//! The wallet facade against a real portal process: register → level 2 → documents synced →
//! present → verified at a counter with the synced trust bundle; apply → officer approves →
//! the result document and the "approved" state arrive by sync; scan to share; a form with
//! mistakes is refused before it is queued; with the portal stopped, an application waits in
//! the outbox; and a backup restored on a new phone gets its documents re-issued.

mod common;

use common::{call, officer, residence_form, service, Portal};
use eid_portal_api::forms::ApplicationForm;
use eid_portal_client::PortalClient;
use eid_store::keystore::KeyringKeystore;
use eid_wallet::Registration;
use eid_wallet::{Counter, Wallet, WalletError};
use reqwest::blocking::Client;
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const PIN: &str = "112358";

fn wallet(home: &Path) -> Wallet {
    let keystore = Arc::new(KeyringKeystore::new(
        keyring_core::mock::Store::new().unwrap(),
    ));
    common::wallet_with(home, keystore)
}

fn sample() -> Registration {
    Registration {
        id_number: "001099012345".into(),
        phone: "0912345678".into(),
        full_name: "Nguyễn Thị Mẫu".into(),
        date_of_birth: "1985-03-14".into(),
    }
}

fn id_of(w: &mut Wallet, doc_type: &str) -> String {
    w.documents()
        .unwrap()
        .into_iter()
        .find(|d| d.doc_type == doc_type && !d.needs_rebinding)
        .unwrap_or_else(|| panic!("no {doc_type}"))
        .id
}

fn verify_at_counter(w: &mut Wallet, text: &str) -> eid_wallet::Report {
    let bundle = w.trust_bundle().unwrap().expect("synced trust bundle");
    let mut counter = Counter::from_bundle(&bundle.to_bytes(), None).unwrap();
    counter.verify_text(text, common_now())
}

fn common_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn the_wallet_lives_with_the_portal() {
    let portal = Portal::start(None);
    let http = Client::new();
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(&dir.path().join("a"));
    w.create(PIN).unwrap();
    let mut c = PortalClient::new(&portal.base, Duration::from_secs(10)).unwrap();

    // Level 1, then level 2 after the officer's check; documents arrive by sync.
    let reg = w.register(&c, &sample()).unwrap();
    let account = common::registered(w.verify_code(&mut c, &reg, &portal.code_for(&reg)).unwrap());
    assert_eq!(account.level, 1);
    let asked = w.request_level2(&mut c).unwrap();
    assert_eq!(
        asked.upgrade,
        Some(eid_portal_api::account::UpgradeState::Requested)
    );
    let off = officer(&portal, &http);
    common::approve_level2(&portal, &http, &off, &account.account_id);
    let report = w.sync(&mut c).unwrap();
    assert_eq!((report.documents_received, report.level), (4, Some(2)));
    assert_eq!(
        w.sync(&mut c).unwrap().documents_received,
        0,
        "sync is idempotent"
    );

    // Present at a clinic; the counter trusts the synced bundle.
    let card = id_of(&mut w, "health_insurance");
    let fields = ["insurance_number", "full_name", "date_of_birth"];
    let p = w.present(&card, &fields, None, Some("clinic")).unwrap();
    let checked = verify_at_counter(&mut w, &p.text);
    assert!(checked.valid, "{checked:?}");
    assert_eq!(checked.fields.len(), 3);

    // A form with mistakes is refused here, before anything is queued.
    let mut bad = residence_form("work");
    if let ApplicationForm::TemporaryResidence { until, .. } = &mut bad {
        *until = "2098-01-01".into();
    }
    match w.apply(&bad, None) {
        Err(WalletError::InvalidFields(f)) => {
            assert!(f.iter().any(|e| e.field == "until"), "{f:?}")
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    assert!(w.outbox().unwrap().is_empty());

    // Apply, sync, officer approves, sync: approved with a residence confirmation.
    w.apply(&residence_form("work"), None).unwrap();
    let report = w.sync(&mut c).unwrap();
    assert_eq!((report.sent, report.waiting), (1, 0));
    let subs = w.submissions().unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].state.code(), "submitted");
    let app = subs[0].id.clone();
    call(
        &http,
        "POST",
        &portal.url(&format!("/v1/officer/applications/{app}/claim")),
        Some(&off),
        None,
    );
    let decide = portal.url(&format!("/v1/officer/applications/{app}/decision"));
    assert_eq!(
        call(
            &http,
            "POST",
            &decide,
            Some(&off),
            Some(&json!({"approve": true}))
        )
        .0,
        200
    );
    let report = w.sync(&mut c).unwrap();
    assert_eq!(report.documents_received, 1);
    let subs = w.submissions().unwrap();
    assert_eq!(subs[0].state.code(), "approved");
    let result = subs[0].result_document_id.clone().unwrap();
    let view = w.document(&result).unwrap();
    assert_eq!(view.doc_type, "residence_confirmation");

    // Scan to share: who asks is checked, then only consented fields go.
    let svc = service(&portal, &http);
    let ask = json!({"doc_type": "health_insurance", "fields": ["full_name", "insurance_number"], "purpose": "Khám bệnh", "expires_in": 120});
    let (_, created) = call(
        &http,
        "POST",
        &portal.url("/v1/share/requests"),
        Some(&svc),
        Some(&ask),
    );
    let qr = created["qr"].as_str().unwrap().to_owned();
    let shown = w.read_share_request(&qr).unwrap();
    assert_eq!(shown.service_id, "clinic-demo");
    assert_eq!(shown.fields, ["insurance_number", "full_name"]);
    assert!(matches!(
        w.share(&mut c, &qr, &card, &["date_of_birth"]),
        Err(WalletError::Share(_))
    ));
    w.share(&mut c, &qr, &card, &["full_name"]).unwrap();
    let id = created["request"]["id"].as_str().unwrap();
    let (_, answer) = call(
        &http,
        "GET",
        &portal.url(&format!("/v1/share/requests/{id}")),
        Some(&svc),
        None,
    );
    assert_eq!(answer["state"], "answered");
    assert_eq!(answer["disclosed"], json!({"full_name": "Nguyễn Thị Mẫu"}));
    // Who looked at my data: the clinic's receipt reaches the activity log through the feed.
    w.sync(&mut c).unwrap();
    // The revocation code was made and registered at the first sync after registration.
    let code = w
        .revocation_code()
        .unwrap()
        .expect("a revocation code after sync");
    assert_eq!(code.len(), 19);
    assert!(eid_portal_api::revocation::normalize(&code).is_some());
    // Shown once at the end of onboarding, then only after the PIN.
    assert_eq!(
        w.revocation_code_once().unwrap().as_deref(),
        Some(code.as_str())
    );
    assert_eq!(w.revocation_code_once().unwrap(), None);
    assert!(w.revocation_code_with_pin("000000").is_err());
    assert_eq!(w.revocation_code_with_pin(PIN).unwrap(), Some(code.clone()));
    let looked: Vec<_> = w
        .activity(50)
        .unwrap()
        .into_iter()
        .filter(|a| a.action == eid_wallet::ActivityAction::Accessed)
        .collect();
    assert_eq!(looked.len(), 1, "{looked:?}");
    assert_eq!(looked[0].result, "received_share");
    assert_eq!(looked[0].doc_type.as_deref(), Some("health_insurance"));
    assert!(looked[0]
        .counterpart
        .as_deref()
        .unwrap()
        .contains("demo clinic"));
    assert!(matches!(
        w.read_share_request("EP1:0"),
        Err(WalletError::Share(_))
    ));

    // A backup restored on a new phone: documents wait for re-binding, then are re-issued.
    let backup = w.backup(PIN, "correct horse battery").unwrap();
    let mut b = wallet(&dir.path().join("b"));
    b.restore(&backup, "correct horse battery", PIN).unwrap();
    assert!(b.documents().unwrap().iter().all(|d| d.needs_rebinding));
    let mut cb = PortalClient::new(&portal.base, Duration::from_secs(10)).unwrap();
    let reg = b.register(&cb, &sample()).unwrap();
    let again = common::registered(
        b.verify_code(&mut cb, &reg, &portal.code_for(&reg))
            .unwrap(),
    );
    assert_eq!(
        (again.account_id.as_str(), again.level),
        (account.account_id.as_str(), 2)
    );
    let report = b.sync(&mut cb).unwrap();
    assert_eq!(report.documents_received, 5);
    let docs = b.documents().unwrap();
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| !d.needs_rebinding));
    let card_b = id_of(&mut b, "health_insurance");
    let p = b.present(&card_b, &["full_name"], None, None).unwrap();
    assert!(verify_at_counter(&mut b, &p.text).valid);
    let old = w.present(&card, &["full_name"], None, None).unwrap();
    let refused = verify_at_counter(&mut b, &old.text);
    assert_eq!(
        refused.reason,
        Some("revoked"),
        "the old phone's copy is revoked"
    );

    // With the portal gone, an application waits in the outbox.
    drop(portal);
    b.apply(&residence_form("study"), None).unwrap();
    match b.sync(&mut cb) {
        Err(e) => assert_eq!(e.code(), "network"),
        Ok(r) => panic!("sync without a portal: {r:?}"),
    }
    let subs = b.submissions().unwrap();
    let waiting: Vec<_> = subs
        .iter()
        .filter(|s| s.state.code() == "waiting")
        .collect();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
}
