//! Printed cards against a real portal: an officer prints one for a citizen without a
//! smartphone, a counter verifies it offline from the portal's trust bundle (portrait, "not
//! bound to a phone"), a counter that needs a phone refuses it, and once revoked it is refused.

mod common;

use common::{call, officer, Portal};
use eid_portal_client::PortalClient;
use eid_testkit::qr_readers;
use eid_wallet::{fetch_trust_bundle, Counter};
use reqwest::blocking::Client;
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The card's PNG reads back in the two independent readers every rendered QR must satisfy
/// (as in crates/qr/tests/render.rs).
fn read_back_elsewhere(png: &[u8], qr: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.png");
    std::fs::write(&path, png).unwrap();
    assert_eq!(qr_readers::zbar_read(&path), qr);
    let read = qr_readers::zxing_read(&[&path]);
    assert_eq!(read[path.to_str().unwrap()], [qr]);
}

fn counter(p: &Portal) -> Counter {
    let client = PortalClient::new(&p.base, Duration::from_secs(10)).unwrap();
    let bundle = fetch_trust_bundle(&client).unwrap();
    Counter::from_bundle(&bundle.to_bytes(), Some(&bundle.root.key_id())).unwrap()
}

#[test]
fn a_printed_card_verifies_with_its_photo_and_stops_when_revoked() {
    let p = Portal::start(None);
    let http = Client::new();
    let officer = officer(&p, &http);
    // An elderly citizen of the demo registry (born 1948).
    let body = json!({"id_number": "079148003926", "doc_type": "citizen_id_card"});
    let url = p.url("/v1/officer/printed-cards");
    let (status, card) = call(&http, "POST", &url, Some(&officer), Some(&body));
    assert_eq!(status, 201, "{card}");
    let qr = card["qr"].as_str().unwrap().to_owned();
    assert!(qr.starts_with("EC1:"), "{qr}");
    assert!(qr.len() <= 2000, "{} characters", qr.len());
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD
        .decode(card["png"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        eid_wallet::scan::scan_image(&png).unwrap(),
        vec![qr.clone()]
    );
    read_back_elsewhere(&png, &qr);

    let mut c = counter(&p);
    let r = c.verify_text(&qr, now());
    assert!(r.valid, "{r:?}");
    assert_eq!(r.binding, Some("printed_card"));
    assert!(r.has_portrait);
    assert!(r.fields.contains_key("full_name") && r.fields.contains_key("counter_portrait"));
    // Shown again (a card is shown again and again): still valid.
    assert!(c.verify_text(&qr, now()).valid);
    // A counter that needs a presentation from a phone refuses it.
    c.accept_printed_cards = false;
    let r = c.verify_text(&qr, now());
    assert_eq!(r.reason, Some("printed_card_not_accepted"));

    // The officer revokes it: the next trust bundle refuses it.
    let revoke = p.url(&format!(
        "/v1/officer/printed-cards/{}/revoke",
        card["id"].as_str().unwrap()
    ));
    let reason = json!({"reason": "lost"});
    let (status, t) = call(&http, "POST", &revoke, Some(&officer), Some(&reason));
    assert_eq!(status, 204, "{t}");
    let (status, _) = call(&http, "POST", &revoke, Some(&officer), Some(&reason));
    assert_eq!(status, 409);
    let r = counter(&p).verify_text(&qr, now());
    assert_eq!(r.reason, Some("revoked"));
}

#[test]
fn only_officers_print_and_bad_requests_name_their_field() {
    let p = Portal::start(None);
    let http = Client::new();
    let url = p.url("/v1/officer/printed-cards");
    let body = json!({"id_number": "079148003926", "doc_type": "citizen_id_card"});
    let (status, _) = call(&http, "POST", &url, None, Some(&body));
    assert_eq!(status, 401);
    let officer = officer(&p, &http);
    let cases = [
        (
            json!({"id_number": "000000000000", "doc_type": "citizen_id_card"}),
            "id_number",
        ),
        (
            json!({"id_number": "079148003926", "doc_type": "driving_licence"}),
            "doc_type",
        ),
        (
            json!({"id_number": "079148003926", "doc_type": "citizen_id_card", "fields": ["portrait"]}),
            "fields[0]",
        ),
        (
            json!({"id_number": "079148003926", "doc_type": "citizen_id_card", "fields": ["full_name", "full_name"]}),
            "fields[1]",
        ),
    ];
    for (body, field) in cases {
        let (status, t) = call(&http, "POST", &url, Some(&officer), Some(&body));
        assert_eq!(status, 422, "{body} {t}");
        assert_eq!(t["fields"][0]["field"], field, "{t}");
    }
}
