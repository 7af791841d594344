//! The whole portal flow on a real process, SQLite and PostgreSQL: a registry citizen registers,
//! asks for level 2, an officer approves, documents are issued to the device key and verify
//! offline against `/v1/trust`; a service's share request is answered; an application is
//! approved with a result document pulled through the feed; a revocation shows in the status
//! list; and a restore on a new device re-issues the documents to the new key.

mod common;

use common::{call, login, officer, register, residence, service, Person, Portal, Postgres};
use eid_credential::verify::VerifyContext;
use eid_credential::{
    present, IssuedDocument, PresentRequest, PublicKey, Reason, ShareRequest, Signer, SoftwareKey,
    StatusListToken, TrustList,
};
use eid_qr::envelope::{self, Kind};
use reqwest::blocking::Client;
use serde_json::{json, Value};

const SAMPLE: Person<'static> = Person {
    id_number: "001099012345",
    phone: "0912345678",
    full_name: "Nguyễn Thị Mẫu",
    date_of_birth: "1985-03-14",
};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Trust {
    root: PublicKey,
    list: TrustList,
    status: StatusListToken,
}

fn trust(p: &Portal, http: &Client) -> Trust {
    let (s, t) = call(http, "GET", &p.url("/v1/trust"), None, None);
    assert_eq!(s, 200);
    let bytes = |v: &Value| hex::decode(v.as_str().unwrap()).unwrap();
    let root = PublicKey::from_sec1(&bytes(&t["root_key"])).unwrap();
    let list = TrustList::verify(&bytes(&t["trust_list"]), &root).unwrap();
    let status = StatusListToken::verify(&bytes(&t["status_lists"][0]), &root).unwrap();
    Trust { root, list, status }
}

/// The account's documents: (portal id, doc type, issued document).
fn documents(p: &Portal, http: &Client, token: &str) -> Vec<(String, String, IssuedDocument)> {
    let (s, d) = call(http, "GET", &p.url("/v1/documents"), Some(token), None);
    assert_eq!(s, 200, "{d}");
    d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let issued = hex::decode(w["issued"].as_str().unwrap()).unwrap();
            (
                w["id"].as_str().unwrap().to_owned(),
                w["doc_type"].as_str().unwrap().to_owned(),
                IssuedDocument::from_bytes(&issued).unwrap(),
            )
        })
        .collect()
}

fn find<'a>(
    docs: &'a [(String, String, IssuedDocument)],
    t: &str,
) -> &'a (String, String, IssuedDocument) {
    docs.iter()
        .find(|d| d.1 == t)
        .unwrap_or_else(|| panic!("no {t}"))
}

fn clinic_presentation(
    doc: &IssuedDocument,
    key: &SoftwareKey,
    nonce: Option<&[u8]>,
    audience: Option<&str>,
    fields: &[&str],
) -> Vec<u8> {
    present(
        doc,
        &PresentRequest {
            fields,
            presented_at: now(),
            nonce,
            audience,
        },
        key,
    )
    .unwrap()
}

fn check(bytes: &[u8], t: &Trust) -> Result<eid_credential::Verified, Reason> {
    let status = [t.status.clone()];
    eid_credential::verify(bytes, &VerifyContext::new(&t.list, &status, now()), None)
        .map_err(|r| r.reason)
}

#[test]
fn sqlite_flows() {
    flows(&Portal::start(None));
}

#[test]
fn postgres_flows() {
    let pg = Postgres::start();
    flows(&Portal::start(Some(&pg.url)));
}

fn flows(p: &Portal) {
    let http = Client::new();
    let k1 = SoftwareKey::from_seed("flows-device", b"1");
    let account = register(p, &http, &SAMPLE, &k1);
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let token = login(p, &http, &account_id, &k1);
    assert!(
        documents(p, &http, &token).is_empty(),
        "level 1 holds no documents"
    );

    // Level 2: request, officer approves after the in-person check, documents are issued.
    let (s, a) = call(
        &http,
        "POST",
        &p.url("/v1/account/upgrade"),
        Some(&token),
        None,
    );
    assert_eq!((s, a["upgrade"].clone()), (202, json!("requested")), "{a}");
    let off = officer(p, &http);
    let (_, queue) = call(
        &http,
        "GET",
        &p.url("/v1/officer/upgrades"),
        Some(&off),
        None,
    );
    assert!(queue
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["account_id"] == account_id.as_str()));
    let a = common::approve_level2(p, &http, &off, &account_id);
    assert_eq!(
        (a["level"].clone(), a["upgrade"].clone()),
        (json!(2), json!("approved"))
    );
    let decision = p.url(&format!("/v1/officer/upgrades/{account_id}/decision"));
    let (s, _) = call(
        &http,
        "POST",
        &decision,
        Some(&off),
        Some(&json!({"approve": true})),
    );
    assert_eq!(s, 409, "a decided request cannot be decided again");
    let docs = documents(p, &http, &token);
    let mut types: Vec<_> = docs.iter().map(|d| d.1.as_str()).collect();
    types.sort();
    assert_eq!(
        types,
        [
            "citizen_id_card",
            "driving_licence",
            "health_insurance",
            "vehicle_registration"
        ]
    );
    let t = trust(p, &http);
    for (_, _, d) in &docs {
        assert_eq!(
            &d.claims().unwrap().holder,
            k1.public_key(),
            "bound to the device key"
        );
    }
    let insurance = find(&docs, "health_insurance");
    let qr = clinic_presentation(
        &insurance.2,
        &k1,
        None,
        None,
        &["insurance_number", "full_name"],
    );
    let verified = check(&qr, &t).unwrap();
    assert_eq!(verified.fields.len(), 2);
    assert_eq!(verified.issuer_name, "eID Portal (reference issuer)");

    // The feed: the account change and four documents.
    let (_, feed) = call(&http, "GET", &p.url("/v1/feed?since=0"), Some(&token), None);
    let kinds: Vec<_> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "document").count(),
        4,
        "{feed}"
    );
    assert_eq!(kinds.last(), Some(&"account"));
    assert_eq!(feed["more"], false);
    let cursor = feed["cursor"].as_u64().unwrap();
    let (_, page) = call(
        &http,
        "GET",
        &p.url("/v1/feed?since=0&limit=2"),
        Some(&token),
        None,
    );
    assert_eq!(
        (
            page["items"].as_array().unwrap().len(),
            page["more"].clone()
        ),
        (2, json!(true))
    );
    let (s, _) = call(
        &http,
        "GET",
        &p.url("/v1/feed?since=abc"),
        Some(&token),
        None,
    );
    assert_eq!(s, 400);

    share(p, &http, &insurance.2, &k1, &t, &token);

    // An application, claimed and approved: the result document arrives through the feed.
    let submit = |key: &str, body: &Value| {
        let r = http
            .post(p.url("/v1/applications"))
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let app = submit("flow-1", &residence("work"));
    let (_, q) = call(
        &http,
        "GET",
        &p.url("/v1/officer/applications"),
        Some(&off),
        None,
    );
    let item = q
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["application"]["id"] == app.as_str())
        .unwrap();
    assert_eq!(item["applicant_name"], SAMPLE.full_name);
    let decide = p.url(&format!("/v1/officer/applications/{app}/decision"));
    let (s, _) = call(
        &http,
        "POST",
        &decide,
        Some(&off),
        Some(&json!({"approve": true})),
    );
    assert_eq!(s, 409, "decide needs a claim first");
    let (s, v) = call(
        &http,
        "POST",
        &p.url(&format!("/v1/officer/applications/{app}/claim")),
        Some(&off),
        None,
    );
    assert_eq!((s, v["state"].clone()), (200, json!("in_review")));
    let (s, v) = call(
        &http,
        "POST",
        &decide,
        Some(&off),
        Some(&json!({"approve": true})),
    );
    assert_eq!((s, v["state"].clone()), (200, json!("approved")), "{v}");
    let result_id = v["result_document_id"].as_str().unwrap().to_owned();
    let (_, feed) = call(
        &http,
        "GET",
        &p.url(&format!("/v1/feed?since={cursor}")),
        Some(&token),
        None,
    );
    let items = feed["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|i| i["type"] == "document" && i["document_id"] == result_id.as_str()));
    let last_app = items
        .iter()
        .rev()
        .find(|i| i["type"] == "application")
        .unwrap();
    assert_eq!(last_app["application"]["state"], "approved");
    let docs = documents(p, &http, &token);
    let confirmation = find(&docs, "residence_confirmation");
    assert_eq!(confirmation.0, result_id);
    let (_, doc) = confirmation.2.open().unwrap();
    assert_eq!(
        doc.get("full_name")
            .map(|v| serde_json::to_value(v).unwrap()),
        Some(json!(SAMPLE.full_name))
    );

    // Rejection needs a reason the citizen can read.
    let app2 = submit("flow-2", &residence("study"));
    call(
        &http,
        "POST",
        &p.url(&format!("/v1/officer/applications/{app2}/claim")),
        Some(&off),
        None,
    );
    let decide2 = p.url(&format!("/v1/officer/applications/{app2}/decision"));
    let (s, e) = call(
        &http,
        "POST",
        &decide2,
        Some(&off),
        Some(&json!({"approve": false})),
    );
    assert_eq!((s, e["fields"][0]["field"].clone()), (422, json!("reason")));
    let (s, v) = call(
        &http,
        "POST",
        &decide2,
        Some(&off),
        Some(&json!({"approve": false, "reason": "Thiếu hợp đồng thuê nhà"})),
    );
    assert_eq!(
        (s, v["state"].clone(), v["decision_reason"].clone()),
        (200, json!("rejected"), json!("Thiếu hợp đồng thuê nhà"))
    );

    // Revocation shows in the next status list.
    let licence = find(&docs, "driving_licence");
    let revoke = p.url(&format!("/v1/officer/documents/{}/revoke", licence.0));
    let (s, _) = call(
        &http,
        "POST",
        &revoke,
        Some(&off),
        Some(&json!({"reason": "bị tước bằng"})),
    );
    assert_eq!(s, 204);
    let (s, _) = call(
        &http,
        "POST",
        &revoke,
        Some(&off),
        Some(&json!({"reason": "again"})),
    );
    assert_eq!(s, 409);
    let licence_qr = clinic_presentation(&licence.2, &k1, None, None, &["full_name"]);
    assert_eq!(
        check(&licence_qr, &t).map(|_| ()),
        Ok(()),
        "the old list does not know yet"
    );
    assert_eq!(
        check(&licence_qr, &trust(p, &http)).map(|_| ()),
        Err(Reason::Revoked)
    );
    assert_eq!(
        documents(p, &http, &token).len(),
        4,
        "the revoked licence is no longer current"
    );

    // A new phone with only the SMS code: a level-2 account does not move at once.
    let k2 = SoftwareKey::from_seed("flows-device", b"2");
    let (s, waiting) = common::register_and_verify(p, &http, &SAMPLE, &k2);
    assert_eq!(
        (s, waiting["state"].as_str()),
        (202, Some("waiting")),
        "{waiting}"
    );
    assert_eq!(waiting["account_id"], account_id.as_str());
    // Nothing changed yet: the old device still works, and is told.
    let (s, mine) = call(&http, "GET", &p.url("/v1/account"), Some(&token), None);
    assert_eq!(s, 200);
    assert_eq!(mine["pending_move"]["moves_at"], waiting["moves_at"]);
    assert_eq!(documents(p, &http, &token).len(), 4);
    // At the police office the officer checks the citizen and the card, and moves it now.
    let (_, queue) = call(&http, "GET", &p.url("/v1/officer/moves"), Some(&off), None);
    let move_id = waiting["registration_id"].as_str().unwrap();
    assert_eq!(queue[0]["waiting"]["registration_id"], move_id, "{queue}");
    assert_eq!(queue[0]["id_number"], SAMPLE.id_number);
    let (s, done) = call(
        &http,
        "POST",
        &p.url(&format!("/v1/officer/moves/{move_id}/decision")),
        Some(&off),
        Some(&json!({"approve": true})),
    );
    assert_eq!((s, done["state"].as_str()), (200, Some("moved")), "{done}");
    let (s, _) = call(&http, "GET", &p.url("/v1/documents"), Some(&token), None);
    assert_eq!(s, 401, "sessions of the old device end");
    let token2 = login(p, &http, &account_id, &k2);
    let moved = documents(p, &http, &token2);
    assert_eq!(moved.len(), 4);
    assert!(moved
        .iter()
        .all(|d| &d.2.claims().unwrap().holder == k2.public_key()));
    let t = trust(p, &http);
    let old = clinic_presentation(&insurance.2, &k1, None, None, &["full_name"]);
    assert_eq!(
        check(&old, &t).map(|_| ()),
        Err(Reason::Revoked),
        "the old phone's copy is revoked"
    );
    let new = clinic_presentation(
        &find(&moved, "health_insurance").2,
        &k2,
        None,
        None,
        &["full_name"],
    );
    assert!(check(&new, &t).is_ok());
    let again = |who: &Person<'_>| {
        http.post(p.url("/v1/registrations"))
            .json(&json!({"id_number": who.id_number, "phone": who.phone, "full_name": who.full_name, "date_of_birth": who.date_of_birth, "device_public_key": hex::encode(k1.public_key().compressed())}))
            .send()
            .unwrap()
            .status()
    };
    let other_phone = Person {
        phone: "0999999999",
        ..SAMPLE
    };
    assert_eq!(
        again(&other_phone),
        422,
        "the code goes only to the registry's phone"
    );
    assert_eq!(
        again(&SAMPLE),
        201,
        "a third code within ten minutes is allowed"
    );
    assert_eq!(again(&SAMPLE), 429, "a fourth is not");
}

/// Scan to share: the clinic asks, the wallet checks who asks, answers once, the clinic reads.
fn share(
    p: &Portal,
    http: &Client,
    insurance: &IssuedDocument,
    key: &SoftwareKey,
    t: &Trust,
    holder: &str,
) {
    let svc = service(p, http);
    let ask = json!({"doc_type": "health_insurance", "fields": ["full_name", "insurance_number"], "purpose": "Khám bệnh có bảo hiểm", "expires_in": 120});
    let (s, created) = call(
        http,
        "POST",
        &p.url("/v1/share/requests"),
        Some(&svc),
        Some(&ask),
    );
    assert_eq!(s, 201, "{created}");
    let (kind, bytes) = envelope::decode(created["qr"].as_str().unwrap()).unwrap();
    assert_eq!(kind, Kind::Request);
    let request = ShareRequest::verify(&bytes, &t.root, now()).unwrap();
    assert_eq!(request.fields, ["insurance_number", "full_name"]);
    assert_eq!(request.service_id, "clinic-demo");
    let fields: Vec<&str> = request.fields.clone();
    let too_much = clinic_presentation(
        insurance,
        key,
        Some(&request.nonce),
        Some(&request.service_id),
        &["insurance_number", "full_name", "date_of_birth"],
    );
    let post = |bytes: &[u8]| {
        call(
            http,
            "POST",
            &request.answer_url,
            Some(holder),
            Some(&json!({"presentation": envelope::encode(Kind::Presentation, bytes)})),
        )
    };
    let (s, e) = post(&too_much);
    assert_eq!(
        (s, e["fields"][0]["code"].clone()),
        (422, json!("extra_fields"))
    );
    let no_nonce = clinic_presentation(insurance, key, None, Some(&request.service_id), &fields);
    assert_eq!(post(&no_nonce).0, 422);
    let good = clinic_presentation(
        insurance,
        key,
        Some(&request.nonce),
        Some(&request.service_id),
        &fields,
    );
    assert_eq!(post(&good).0, 202);
    assert_eq!(post(&good).0, 409, "one answer per request");
    let result_url = p.url(&format!("/v1/share/requests/{}", request.id));
    let (s, r) = call(http, "GET", &result_url, Some(&svc), None);
    assert_eq!((s, r["state"].clone()), (200, json!("answered")));
    assert_eq!(r["disclosed"]["full_name"], SAMPLE.full_name);
    assert_eq!(r["disclosed"].as_object().unwrap().len(), 2);
    let bad = json!({"doc_type": "passport", "fields": [], "purpose": "", "expires_in": 5});
    let (s, e) = call(
        http,
        "POST",
        &p.url("/v1/share/requests"),
        Some(&svc),
        Some(&bad),
    );
    assert_eq!((s, e["fields"].as_array().unwrap().len()), (422, 4), "{e}");
}
