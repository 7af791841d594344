//! What the app's home and forms read from the facade: the wallet's state, document cards,
//! revocation by cached status lists, drafts that can still be edited, and a sending pass that
//! stops at the first timeout (so a dead network costs one wait, not one per submission).

use eid_credential::DocType;
use eid_wallet::test_support::TestWallet;
use eid_wallet::{FixedClock, Wallet};
use std::sync::Arc;

const AT: u64 = 1_795_336_200;
const PIN: &str = "246810";

fn wallet(home: &std::path::Path) -> Wallet {
    let clock = Arc::new(FixedClock::new(AT));
    TestWallet::with(home, TestWallet::memory_keystore(), clock, 7)
}

mod support;
use support::absence;

#[test]
fn status_says_only_whether_a_wallet_exists_while_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    let s = w.status().unwrap();
    assert!(!s.exists && !s.unlocked);
    w.create(PIN).unwrap();
    w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    let s = w.status().unwrap();
    assert!(s.exists && s.unlocked && !s.registered);
    assert_eq!((s.document_count, s.level, s.last_sync_at), (1, None, None));
    w.lock();
    let s = w.status().unwrap();
    assert!(s.exists && !s.unlocked);
    assert_eq!(s.document_count, 0, "nothing is read while locked");
}

#[test]
fn cards_show_name_and_number_and_unknown_revocation_before_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    w.create(PIN).unwrap();
    let insurance = w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    w.add_sample_document(DocType::VehicleRegistration, 1)
        .unwrap();
    let cards = w.document_cards().unwrap();
    assert_eq!(cards.len(), 2);
    let card = cards.iter().find(|c| c.id == insurance).unwrap();
    let view = w.document(&insurance).unwrap();
    let text = |n: &str| eid_wallet::field_text(&view.fields[n]);
    assert_eq!(
        card.holder_name.as_deref(),
        Some(text("full_name").as_str())
    );
    assert_eq!(
        card.number.as_deref(),
        Some(text("insurance_number").as_str())
    );
    let vehicle = cards
        .iter()
        .find(|c| c.doc_type == "vehicle_registration")
        .unwrap();
    assert!(vehicle.holder_name.is_some() && vehicle.number.is_some());
    let r = w.document_revocation(&insurance).unwrap();
    assert_eq!((r.state, r.list_issued_at), ("unknown", None));
}

#[test]
fn dates_are_shown_as_calendar_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    w.create(PIN).unwrap();
    let id = w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    let view = w.document(&id).unwrap();
    let dob = eid_wallet::field_text(&view.fields["date_of_birth"]);
    assert_eq!(dob.len(), 10);
    assert_eq!((&dob[4..5], &dob[7..8]), ("-", "-"));
}

#[test]
fn submitted_drafts_leave_the_editable_list_and_cannot_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    w.create(PIN).unwrap();
    assert!(w.check_form(&absence("visiting family")).is_empty());
    let problems = w.check_form(&absence(""));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].field.as_str(), problems[0].code.as_str()),
        ("reason", "required")
    );

    let kept = w.save_draft(None, &absence("visiting family")).unwrap();
    let sent = w.save_draft(None, &absence("visiting family")).unwrap();
    w.apply(&absence("visiting family"), Some(&sent)).unwrap();
    let open: Vec<String> = w.drafts().unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(open, vec![kept.clone()]);
    assert_eq!(w.delete_draft(&sent).unwrap_err().code(), "not_found");
    assert_eq!(w.outbox().unwrap().len(), 1, "the submission is untouched");
    w.delete_draft(&kept).unwrap();
    assert!(w.drafts().unwrap().is_empty());
}

/// A portal that accepts connections and never answers (a congested or dead network).
fn silent_portal() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (listener, url)
}

#[test]
fn a_timeout_ends_the_sending_pass_and_leaves_the_rest_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    w.create(PIN).unwrap();
    for reason in ["one", "two", "three"] {
        w.apply(&absence(reason), None).unwrap();
    }
    let (_listener, url) = silent_portal();
    let mut client =
        eid_portal_client::PortalClient::new(&url, std::time::Duration::from_millis(300)).unwrap();
    client.set_token(Some("a session".into()));
    let mut report = eid_wallet::SyncReport::default();
    let err = w.send_outbox(&mut client, &mut report).unwrap_err();
    assert!(
        matches!(
            err,
            eid_wallet::WalletError::Portal(eid_portal_client::ClientError::TimedOut(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "network");
    assert_eq!((report.sent, report.waiting), (0, 3));
    let mut attempts: Vec<u32> = w.outbox().unwrap().iter().map(|o| o.attempts).collect();
    attempts.sort();
    assert_eq!(attempts, vec![0, 0, 1], "only the first was tried");
}

#[test]
fn cards_put_the_id_card_first_and_show_each_document_s_own_last_valid_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = wallet(dir.path());
    w.create(PIN).unwrap();
    let vehicle = w
        .add_sample_document(DocType::VehicleRegistration, 1)
        .unwrap();
    let insurance = w.add_sample_document(DocType::HealthInsurance, 1).unwrap();
    let card = w.add_sample_document(DocType::CitizenIdCard, 1).unwrap();
    let cards = w.document_cards().unwrap();
    let order: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(order, [card.as_str(), insurance.as_str(), vehicle.as_str()]);
    let mut own = |id: &str, field: &str| {
        let view = w.document(id).unwrap();
        eid_wallet::field_text(&view.fields[field])
    };
    let by_id = |id: &str| cards.iter().find(|c| c.id == id).unwrap();
    assert_eq!(
        by_id(&insurance).valid_until.as_deref(),
        Some(own(&insurance, "valid_until").as_str())
    );
    assert_eq!(
        by_id(&card).valid_until.as_deref(),
        Some(own(&card, "expiry_date").as_str())
    );
    // The document's validity is not the digital copy's.
    let copy_ends = time::OffsetDateTime::from_unix_timestamp(by_id(&insurance).expires_at as i64)
        .unwrap()
        .date()
        .to_string();
    assert_ne!(
        by_id(&insurance).valid_until.as_deref(),
        Some(copy_ends.as_str())
    );
    let v = by_id(&vehicle);
    assert_eq!((v.valid_until.as_deref(), v.open_ended), (None, false));
    assert!(!by_id(&card).open_ended);
}
