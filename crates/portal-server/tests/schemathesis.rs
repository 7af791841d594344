//! Bad input from a property-based fuzzer: schemathesis (PyPI, installed into `.venv` by
//! scripts/setup.sh) generates requests from `/openapi.json`, in all its phases (examples,
//! coverage, fuzzing, stateful along the document's links), and checks that no answer is a
//! server error or outside the documented statuses, content types and schemas. Fixed seed, so a
//! failure reproduces.
//!
//! Each role fuzzes its own operations, with its own token, against its own portal (so that one
//! role's requests cannot use up another's test data), in three schemathesis processes at once
//! (one worker each, see `schemathesis_run`):
//!
//! - the citizen: tags `account`, `citizen`, `meta`, `trust` (registration and sign-in included);
//! - the officer: tag `officer` (its login included);
//! - the service: tag `share` (its login and the wallet's public answer included).
//!
//! What a fuzzer cannot make, the test makes first and hands over in a generated
//! `schemathesis.toml` (`[[operations]]` parameters and dictionaries): a pending registration and
//! its one-time code (read from the portal's log), a challenge signed by the citizen's device
//! key, the citizen's application and its result document, dates the forms accept; for the
//! officer, an application to claim, one application of each kind claimed and waiting for a
//! decision, level-2 requests (one of a registry citizen, whose approval issues documents) and
//! a registry citizen's documents to revoke, and printed cards (a registry citizen's ID card) to
//! print and revoke; for the service, a share request and a valid answer
//! to it (a registry citizen raised to level 2, its health insurance card presented with the
//! request's nonce and the service as audience, signed by the device key); and the demo logins.
//!
//! The test then reads schemathesis's HAR report and asserts that **every operation of the
//! document got at least one 2xx answer**, from its own role's run only, printing a table of
//! requests and 2xx answers per operation; and reads its JSON report: no failure, no error, and
//! no warning other than these:
//!
//! - citizen, `validation_mismatch` for `POST /v1/registrations`: registration is checked against
//!   the population registry, which no schema can say. The coverage phase (which uses no
//!   configured values) sends other people's details and gets `422 registry_mismatch`; the
//!   fuzzing phase sends the one registry citizen the configuration names and gets 201 until
//!   that citizen's three codes per ten minutes are sent, then `429`.
//! - citizen, `validation_mismatch` for `POST /v1/registrations/{id}/verify`: the coverage phase
//!   builds its cases from the schema and earlier answers only (it applies neither dictionaries
//!   nor body values from the configuration), so every code it sends is wrong, and the portal
//!   answers `422 wrong_code` (as it does for an unknown registration). The fuzzing phase sends
//!   the right code and gets the account; only the coverage phase's rejections make the warning.
//! - officer, `validation_mismatch` for `POST /v1/officer/printed-cards`: as for registrations,
//!   a card is printed only for someone in the population registry with a portrait (the ID card
//!   or the health card), which no schema can say. The coverage phase sends other ID numbers
//!   and gets `422`; the fuzzing phase prints the configured citizen's card (201).

mod common;
mod schemathesis_run;

use common::{call, citizen, login, officer, register, residence, service, Person, Portal};
use eid_credential::{present, IssuedDocument, PresentRequest, Signer, SoftwareKey};
use eid_qr::envelope::{self, Kind};
use reqwest::blocking::Client;
use schemathesis_run::{operations, table, tally, warnings, Config, Outcome, Run};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The registry citizen the officer's run prints cards for.
const PRINTED_FOR: &str = "079148003926";

/// Submits `form` as the citizen; returns the application's id.
fn submit(p: &Portal, http: &Client, token: &str, key: &str, form: &Value) -> String {
    let r = http
        .post(p.url("/v1/applications"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(form)
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `POST` as `token`, expecting `status`; returns the body.
fn post(
    p: &Portal,
    http: &Client,
    token: &str,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let (s, v) = call(http, "POST", &p.url(path), Some(token), body.as_ref());
    assert_eq!(s, status, "POST {path}: {v}");
    v
}

/// The citizen's current documents: (id, type, issued document).
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

/// A pending registration of a new ID number: (registration id, its one-time code).
fn pending_registration(p: &Portal, http: &Client, id_number: &str) -> (String, String) {
    let key = SoftwareKey::from_seed("schemathesis-pending", id_number.as_bytes());
    let who = common::resident(id_number);
    let body = json!({
        "id_number": who.id_number, "phone": who.phone, "full_name": who.full_name,
        "date_of_birth": who.date_of_birth, "device_public_key": hex::encode(key.public_key().compressed()),
    });
    let (s, r) = call(http, "POST", &p.url("/v1/registrations"), None, Some(&body));
    assert_eq!(s, 201, "{r}");
    let id = r["registration_id"].as_str().unwrap().to_owned();
    let code = p.code_for(&id);
    (id, code)
}

/// The citizen's portal and run: a level-1 citizen with an application approved into a result
/// document, a pending registration with its code, and a challenge signed by the device key.
fn citizen_run(p: &Portal, http: &Client) -> Run {
    let key = SoftwareKey::from_seed("schemathesis", b"citizen");
    let who = common::resident("048196007215");
    let account = register(p, http, &who, &key);
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let token = login(p, http, &account_id, &key);
    // Signing out ends the token it is sent with: it gets a session of its own.
    let to_end = login(p, http, &account_id, &key);
    let application = submit(p, http, &token, "setup-1", &residence("work"));
    let off = officer(p, http);
    post(
        p,
        http,
        &off,
        &format!("/v1/officer/applications/{application}/claim"),
        None,
        200,
    );
    let approved = post(
        p,
        http,
        &off,
        &format!("/v1/officer/applications/{application}/decision"),
        Some(json!({"approve": true})),
        200,
    );
    let document = approved["result_document_id"].as_str().unwrap().to_owned();
    let (registration, code) = pending_registration(p, http, "048075012689");
    let waiting = waiting_move(p, http, &off, "001206021785");
    let applicant = common::resident("079193020568");
    // Last, as a challenge lasts 60 seconds.
    let (s, ch) = call(
        http,
        "POST",
        &p.url("/v1/sessions/challenge"),
        None,
        Some(&json!({ "account_id": account_id })),
    );
    assert_eq!(s, 200, "{ch}");
    let challenge = ch["challenge"].as_str().unwrap().to_owned();
    let message = eid_portal_api::account::login_message(&account_id, &challenge);
    let signature = hex::encode(key.sign(message.as_bytes()).unwrap());
    let config = Config::default()
        // Drawn, not fixed: the coverage phase would use a fixed path id, and its wrong codes
        // would lock the registration (five tries) before the fuzzing phase sends the right one.
        .drawn("verify_code", "path.id", &[&registration], 1.0)
        .fixed("verify_code", "body.code", &code)
        // Registration is checked against the registry: the fuzzing phases send one registry
        // citizen's details (the device key stays generated; the coverage phase, which uses no
        // configured values, sends other details and gets `registry_mismatch`).
        .fixed("register", "body.id_number", applicant.id_number)
        .fixed("register", "body.full_name", applicant.full_name)
        .fixed("register", "body.date_of_birth", applicant.date_of_birth)
        .fixed("register", "body.phone", applicant.phone)
        .token("end_session", &to_end)
        .fixed("challenge", "body.account_id", &account_id)
        .fixed("session", "body.account_id", &account_id)
        .fixed("session", "body.challenge", &challenge)
        .fixed("session", "body.signature", &signature)
        .fixed("document", "path.id", &document)
        .fixed("move_status", "path.id", &waiting)
        .fixed("application", "path.id", &application)
        // Start and end dates the portal takes (not in the past, at most 30 days apart for
        // the shortest kind), half of the time; other dates stay in play.
        .drawn("submit", "body.from", &["2099-01-01", "2099-01-02"], 0.5)
        .drawn("submit", "body.until", &["2099-01-20", "2099-01-31"], 0.5);
    Run {
        role: "citizen",
        tags: &["account", "citizen", "meta", "trust"],
        base: p.base.clone(),
        token,
        config,
    }
}

/// The strings as `&str`.
fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// An address for the forms.
fn address() -> Value {
    json!({"line": "Số 3 Trần Phú", "ward": "Phường Hải Châu I", "district": "Quận Hải Châu", "province": "Đà Nẵng"})
}

/// One form of each kind.
fn forms() -> [Value; 4] {
    [
        residence("work"),
        json!({"kind": "temporary_absence", "from": "2099-01-01", "until": "2099-02-01",
            "destination": address(), "reason": "công tác"}),
        json!({"kind": "residence_notification", "address": address(), "from": "2099-01-01",
            "until": "2099-01-10", "host_name": "Trần Văn Chủ"}),
        json!({"kind": "criminal_record", "certificate": "type1", "purpose": "xin việc",
            "copies": 2, "delivery": address()}),
    ]
}

/// The device key of a registry citizen.
fn registry_key(who: &Person<'_>) -> SoftwareKey {
    SoftwareKey::from_seed("schemathesis-registry", who.id_number.as_bytes())
}

/// Registers a registry citizen (whose documents level 2 issues); returns (account id, token).
fn registry_citizen(p: &Portal, http: &Client, who: &Person<'_>) -> (String, String) {
    let key = registry_key(who);
    let account = register(p, http, who, &key);
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let token = login(p, http, &account_id, &key);
    (account_id, token)
}

/// A registry citizen raised to level 2, then registered again on another device with the code
/// only: the move that waits (72 hours); returns its id.
fn waiting_move(p: &Portal, http: &Client, off: &str, id_number: &str) -> String {
    let who = common::resident(id_number);
    let (account_id, token) = registry_citizen(p, http, &who);
    post(p, http, &token, "/v1/account/upgrade", None, 202);
    common::approve_level2(p, http, off, &account_id);
    let other = SoftwareKey::from_seed("schemathesis-new-phone", id_number.as_bytes());
    let (s, waiting) = common::register_and_verify(p, http, &who, &other);
    assert_eq!(s, 202, "{waiting}");
    waiting["registration_id"].as_str().unwrap().to_owned()
}

/// The officer's portal and run: an application to claim, applications of every kind claimed and
/// waiting for a decision, level-2 requests (one of a registry citizen, whose approval issues
/// documents), and current documents to revoke.
fn officer_run(p: &Portal, http: &Client) -> Run {
    let off = officer(p, http);
    // A level-2 registry citizen: documents to revoke, and a criminal-record application.
    let (holder, holder_token) = registry_citizen(p, http, &common::resident("079090015432"));
    post(p, http, &holder_token, "/v1/account/upgrade", None, 202);
    common::approve_level2(p, http, &off, &holder);
    let (x, x_token) = citizen(p, http, "031143002574", b"officer-run");
    let to_claim = submit(p, http, &x_token, "setup-0", &residence("to claim"));
    let mut to_decide = Vec::new();
    for (i, form) in forms().iter().enumerate() {
        let token = if i == 3 { &holder_token } else { &x_token };
        let id = submit(p, http, token, &format!("setup-{}", i + 1), form);
        post(
            p,
            http,
            &off,
            &format!("/v1/officer/applications/{id}/claim"),
            None,
            200,
        );
        to_decide.push(id);
    }
    // Level-2 requests: this citizen's, another invented one's, and a registry citizen's.
    let (y, y_token) = citizen(p, http, "031088019346", b"officer-run-2");
    let (w, w_token) = registry_citizen(p, http, &common::resident("001052004817"));
    for token in [&x_token, &y_token, &w_token] {
        post(p, http, token, "/v1/account/upgrade", None, 202);
    }
    let (s, docs) = call(
        http,
        "GET",
        &p.url(&format!("/v1/officer/accounts/{holder}/documents")),
        Some(&off),
        None,
    );
    assert_eq!(s, 200, "{docs}");
    let documents: Vec<String> = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(documents.len(), 4, "the registry's four documents: {docs}");
    let moves: Vec<String> = ["046158008231", "046079016852", "040182011594"]
        .iter()
        .map(|id| waiting_move(p, http, &off, id))
        .collect();
    // Printed cards to revoke, of a registry citizen born in 1948 (with a portrait).
    let card = json!({"id_number": PRINTED_FOR, "doc_type": "citizen_id_card"});
    let cards: Vec<String> = (0..3)
        .map(|_| {
            post(
                p,
                http,
                &off,
                "/v1/officer/printed-cards",
                Some(card.clone()),
                201,
            )["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    // Decisions and revocations are one-shot: drawn from several, so that the fuzzing phase
    // makes several (the coverage phase draws none of them, but may take ids from answers).
    let config = Config::default()
        .drawn("decide_move", "path.id", &strs(&moves), 1.0)
        .fixed("officer_login", "body.username", "officer")
        .fixed("officer_login", "body.password", "demo-officer-pass")
        .fixed("claim", "path.id", &to_claim)
        .drawn("decide", "path.id", &strs(&to_decide), 1.0)
        .drawn(
            "decide_upgrade",
            "path.account_id",
            &[x.as_str(), &y, &w],
            1.0,
        )
        .drawn("revoke", "path.id", &strs(&documents), 1.0)
        .fixed("print_card", "body.id_number", PRINTED_FOR)
        .fixed("print_card", "body.doc_type", "citizen_id_card")
        .list("print_card", "body.fields", &["full_name", "date_of_birth"])
        .drawn("revoke_card", "path.id", &strs(&cards), 1.0)
        .fixed("account_documents", "path.account_id", &holder);
    Run {
        role: "officer",
        tags: &["officer"],
        base: p.base.clone(),
        token: off,
        config,
    }
}

/// The service's portal and run: a share request and a presentation that answers it, by a
/// registry citizen raised to level 2.
fn service_run(p: &Portal, http: &Client) -> Run {
    let who = common::resident("001099012345");
    let key = registry_key(&who);
    let (account_id, token) = registry_citizen(p, http, &who);
    post(p, http, &token, "/v1/account/upgrade", None, 202);
    common::approve_level2(p, http, &officer(p, http), &account_id);
    let docs = documents(p, http, &token);
    let insurance = &docs
        .iter()
        .find(|d| d.1 == "health_insurance")
        .expect("the registry issues a health insurance card")
        .2;
    let svc = service(p, http);
    let ask = json!({"doc_type": "health_insurance", "fields": ["full_name", "insurance_number"],
        "purpose": "Khám bệnh có bảo hiểm", "expires_in": 3600});
    let created = post(p, http, &svc, "/v1/share/requests", Some(ask.clone()), 201);
    let request = created["request"]["id"].as_str().unwrap().to_owned();
    // A second request for "done", which would otherwise refuse the answer to the first.
    let second = post(p, http, &svc, "/v1/share/requests", Some(ask.clone()), 201);
    let finished = second["request"]["id"].as_str().unwrap().to_owned();
    let nonce = hex::decode(created["request"]["nonce"].as_str().unwrap()).unwrap();
    // Last, as a presentation is fresh for 60 seconds.
    let bytes = present(
        insurance,
        &PresentRequest {
            fields: &["full_name", "insurance_number"],
            presented_at: now(),
            nonce: Some(&nonce),
            audience: Some("clinic-demo"),
        },
        &key,
    )
    .unwrap();
    let presentation = envelope::encode(Kind::Presentation, &bytes);
    let config = Config::default()
        .fixed("service_login", "body.service_id", "clinic-demo")
        .fixed("service_login", "body.secret", "demo-clinic-secret")
        .fixed("share_result", "path.id", &request)
        .fixed("done_share", "path.id", &finished)
        // Drawn, not fixed: the coverage phase sends no configured body, and its presentations
        // (refused, 422) would make a validation-mismatch warning; it tries unknown requests
        // instead (404), and the fuzzing phase answers this one.
        .drawn("answer_share", "path.id", &[&request], 1.0)
        .fixed("answer_share", "body.presentation", &presentation)
        // The citizen answers (with their own document); the service asks and reads.
        .token("answer_share", &token);
    Run {
        role: "service",
        tags: &["share"],
        base: p.base.clone(),
        token: svc,
        config,
    }
}

/// The warnings each role may end with, each explained in the comment at the top.
fn expected_warnings(role: &str) -> BTreeMap<String, Vec<String>> {
    let mut expected = BTreeMap::new();
    if role == "officer" {
        expected.insert(
            "validation_mismatch".to_owned(),
            vec!["POST /v1/officer/printed-cards".to_owned()],
        );
    }
    if role == "citizen" {
        expected.insert(
            "validation_mismatch".to_owned(),
            vec![
                "POST /v1/registrations".to_owned(),
                "POST /v1/registrations/{id}/verify".to_owned(),
            ],
        );
    }
    expected
}

/// The role whose run owns the operations of `tag`.
fn role_of(tag: &str) -> &'static str {
    match tag {
        "officer" => "officer",
        "share" => "service",
        _ => "citizen",
    }
}

#[test]
fn every_operation_is_reached_and_nothing_is_outside_the_schema() {
    let started = std::time::Instant::now();
    let http = Client::new();
    let portals = [
        Portal::start(None),
        Portal::start(None),
        Portal::start(None),
    ];
    // The citizen's last: its signed challenge lasts 60 seconds, the service's presentation is
    // fresh for 60 (both are used within the first seconds of their runs).
    let runs = [
        officer_run(&portals[0], &http),
        service_run(&portals[1], &http),
        citizen_run(&portals[2], &http),
    ];
    // The configurations and reports go to a temporary folder, or to EID_SCHEMATHESIS_REPORTS
    // to keep them.
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("EID_SCHEMATHESIS_REPORTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_owned());
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| s.spawn(|| run.execute(&dir)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in &outcomes {
        println!(
            "schemathesis as {} ({:.1} s):\n{}",
            o.role,
            o.elapsed.as_secs_f64(),
            o.output
        );
    }
    let ops = operations();
    let rows = tally(&ops, &outcomes);
    println!("{}", table(&rows));
    println!(
        "whole test: {:.1} s (runs: {})",
        started.elapsed().as_secs_f64(),
        outcomes
            .iter()
            .map(|o| format!("{} {:.1} s", o.role, o.elapsed.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for o in &outcomes {
        assert!(
            o.success,
            "schemathesis found problems as {}:\n{}",
            o.role, o.output
        );
        assert_eq!(
            o.verdict["failures"],
            json!([]),
            "{}: {}",
            o.role,
            o.verdict["failures"]
        );
        assert_eq!(o.verdict["errors"], json!([]), "{}", o.role);
        let expected = expected_warnings(o.role);
        assert_eq!(
            warnings(&o.verdict),
            expected,
            "{}: unexplained warnings:\n{}",
            o.role,
            o.output
        );
        assert_eq!(
            o.output.contains(" WARNINGS "),
            !expected.is_empty(),
            "{}: the terminal shows other warnings than the report:\n{}",
            o.role,
            o.output
        );
    }
    assert_eq!(rows.len(), 37, "the document's operations");
    for (op, roles, _, _) in &rows {
        assert_eq!(
            roles,
            role_of(&op.tag),
            "{}: fuzzed by its role only",
            op.label()
        );
    }
    let unreached: Vec<String> = rows
        .iter()
        .filter(|r| r.3 == 0)
        .map(|r| r.0.label())
        .collect();
    assert!(
        unreached.is_empty(),
        "no 2xx answer for {unreached:?} (a signed challenge and a presentation stay valid \
         for 60 seconds: was the run that slow?)"
    );
}

/// The share request schema lists the document types and fields of `eid-credential` that may
/// travel in a QR (all but the display portrait), which is what the portal checks a request
/// against.
#[test]
fn the_share_schema_has_the_credential_tables() {
    use eid_credential::DocType;
    let tables: Vec<(&str, Vec<&str>)> = DocType::ALL
        .iter()
        .map(|t| {
            let shareable = t.fields().iter().filter(|f| f.presentable());
            (t.name(), shareable.map(|f| f.name).collect())
        })
        .collect();
    let doc: Value = serde_json::from_str(&eid_portal_api::openapi::json()).unwrap();
    let names: Vec<&str> = DocType::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(
        doc["components"]["schemas"]["DocTypeName"]["enum"],
        json!(names)
    );
    let variants = doc["components"]["schemas"]["ShareRequestCreate"]["oneOf"]
        .as_array()
        .unwrap();
    for (variant, (name, fields)) in variants.iter().zip(&tables) {
        assert_eq!(variant["properties"]["doc_type"]["enum"], json!([name]));
        assert_eq!(
            variant["properties"]["fields"]["items"]["enum"],
            json!(fields)
        );
    }
    assert_eq!(variants.len(), tables.len());
}
