//! Authorization on every endpoint, on an in-process portal (real HTTP on loopback) whose clock
//! the test moves: missing, forged and expired tokens get 401; a token of the wrong kind gets
//! 403; another citizen's (or service's) objects are 404; and refused calls change nothing.

mod common;

use common::in_process::InProcess;
use common::{call, session_token};
use eid_credential::{Signer, SoftwareKey};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Citizen,
    Officer,
    Service,
}

#[test]
fn every_endpoint_refuses_the_wrong_caller() {
    let p = InProcess::start();
    let http = Client::new();
    let (ka, kb) = (
        SoftwareKey::from_seed("a", b"1"),
        SoftwareKey::from_seed("b", b"1"),
    );
    let a_id = p.account("001099012345", &ka);
    let b_id = p.account("079090000002", &kb);
    let a = p.login(&http, &a_id, &ka);
    let b = p.login(&http, &b_id, &kb);
    let off = session_token(
        &http,
        &p.url("/v1/officer/sessions"),
        json!({"username": "officer", "password": "demo-officer-pass"}),
    );
    let svc = session_token(
        &http,
        &p.url("/v1/service/sessions"),
        json!({"service_id": "clinic-demo", "secret": "demo-clinic-secret"}),
    );
    let svc2 = session_token(
        &http,
        &p.url("/v1/service/sessions"),
        json!({"service_id": "other-service", "secret": "other-secret"}),
    );

    // A becomes level 2 with documents, and has an application; the clinic has a request.
    assert_eq!(
        call(&http, "POST", &p.url("/v1/account/upgrade"), Some(&a), None).0,
        202
    );
    let decision = p.url(&format!("/v1/officer/upgrades/{a_id}/decision"));
    assert_eq!(
        call(
            &http,
            "POST",
            &decision,
            Some(&off),
            Some(&json!({"approve": true}))
        )
        .0,
        200
    );
    let (_, docs) = call(&http, "GET", &p.url("/v1/documents"), Some(&a), None);
    let doc = docs["documents"][0]["id"].as_str().unwrap().to_owned();
    let form = common::residence("work");
    let app_resp = http
        .post(p.url("/v1/applications"))
        .bearer_auth(&a)
        .header("Idempotency-Key", "authz-1")
        .json(&form)
        .send()
        .unwrap();
    assert_eq!(app_resp.status(), 201);
    let app = app_resp.json::<Value>().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ask = json!({"doc_type": "health_insurance", "fields": ["full_name"], "purpose": "Khám bệnh", "expires_in": 60});
    let (_, req) = call(
        &http,
        "POST",
        &p.url("/v1/share/requests"),
        Some(&svc),
        Some(&ask),
    );
    let share = req["request"]["id"].as_str().unwrap().to_owned();

    let decide = json!({"approve": false, "reason": "x"});
    let revoke = json!({"reason": "x"});
    let endpoints: Vec<(&str, String, Option<Value>, Role)> = vec![
        ("GET", "/v1/account".into(), None, Role::Citizen),
        ("POST", "/v1/account/upgrade".into(), None, Role::Citizen),
        ("GET", "/v1/documents".into(), None, Role::Citizen),
        ("GET", format!("/v1/documents/{doc}"), None, Role::Citizen),
        ("GET", "/v1/applications".into(), None, Role::Citizen),
        (
            "GET",
            format!("/v1/applications/{app}"),
            None,
            Role::Citizen,
        ),
        (
            "POST",
            "/v1/applications".into(),
            Some(form.clone()),
            Role::Citizen,
        ),
        ("GET", "/v1/feed?since=0".into(), None, Role::Citizen),
        (
            "GET",
            "/v1/officer/applications".into(),
            None,
            Role::Officer,
        ),
        (
            "POST",
            format!("/v1/officer/applications/{app}/claim"),
            None,
            Role::Officer,
        ),
        (
            "POST",
            format!("/v1/officer/applications/{app}/decision"),
            Some(decide.clone()),
            Role::Officer,
        ),
        ("GET", "/v1/officer/upgrades".into(), None, Role::Officer),
        (
            "POST",
            format!("/v1/officer/upgrades/{b_id}/decision"),
            Some(decide.clone()),
            Role::Officer,
        ),
        (
            "POST",
            format!("/v1/officer/documents/{doc}/revoke"),
            Some(revoke.clone()),
            Role::Officer,
        ),
        (
            "GET",
            format!("/v1/officer/accounts/{a_id}/documents"),
            None,
            Role::Officer,
        ),
        (
            "POST",
            "/v1/officer/printed-cards".into(),
            Some(json!({"id_number": "079148003926", "doc_type": "citizen_id_card"})),
            Role::Officer,
        ),
        (
            "POST",
            "/v1/officer/printed-cards/1/revoke".into(),
            Some(revoke.clone()),
            Role::Officer,
        ),
        (
            "POST",
            "/v1/share/requests".into(),
            Some(ask.clone()),
            Role::Service,
        ),
        (
            "GET",
            format!("/v1/share/requests/{share}"),
            None,
            Role::Service,
        ),
        (
            "POST",
            format!("/v1/share/requests/{share}/done"),
            None,
            Role::Service,
        ),
        (
            "POST",
            "/v1/account/revocation-code".into(),
            Some(json!({"code_hash": "0".repeat(64)})),
            Role::Citizen,
        ),
    ];
    let forged = "f".repeat(64);
    for (method, path, body, role) in &endpoints {
        let url = p.url(path);
        for (token, expect) in [
            (None, 401),
            (Some(forged.as_str()), 401),
            (Some("short"), 401),
        ] {
            let (s, e) = call(&http, method, &url, token, body.as_ref());
            assert_eq!(
                (s, e["code"].as_str()),
                (expect, Some("unauthenticated")),
                "{method} {path} with {token:?}"
            );
        }
        for (token, kind) in [
            (&a, Role::Citizen),
            (&off, Role::Officer),
            (&svc, Role::Service),
        ] {
            if kind != *role {
                let (s, e) = call(&http, method, &url, Some(token), body.as_ref());
                assert_eq!(
                    (s, e["code"].as_str()),
                    (403, Some("forbidden")),
                    "{method} {path} as {kind:?}"
                );
            }
        }
    }

    // Objects of another citizen or service are invisible.
    for path in [
        format!("/v1/documents/{doc}"),
        format!("/v1/applications/{app}"),
    ] {
        assert_eq!(
            call(&http, "GET", &p.url(&path), Some(&b), None).0,
            404,
            "{path}"
        );
        assert_eq!(
            call(&http, "GET", &p.url(&path), Some(&a), None).0,
            200,
            "{path}"
        );
    }
    assert_eq!(
        call(&http, "GET", &p.url("/v1/documents"), Some(&b), None).1,
        json!({"documents": []})
    );
    assert_eq!(
        call(&http, "GET", &p.url("/v1/applications"), Some(&b), None).1,
        json!([])
    );
    assert_eq!(
        call(&http, "GET", &p.url("/v1/feed"), Some(&b), None).1["items"],
        json!([])
    );
    let share_url = p.url(&format!("/v1/share/requests/{share}"));
    assert_eq!(call(&http, "GET", &share_url, Some(&svc2), None).0, 404);
    let done_url = p.url(&format!("/v1/share/requests/{share}/done"));
    assert_eq!(call(&http, "POST", &done_url, Some(&svc2), None).0, 404);
    let (_, still) = call(&http, "GET", &share_url, Some(&svc), None);
    assert_eq!(still["state"], "pending", "another service cannot close it");

    // Nothing the refused calls tried happened.
    let (_, mine) = call(
        &http,
        "GET",
        &p.url(&format!("/v1/applications/{app}")),
        Some(&a),
        None,
    );
    assert_eq!(mine["state"], "submitted");
    assert_eq!(
        call(&http, "GET", &p.url("/v1/applications"), Some(&a), None)
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        call(&http, "GET", &p.url("/v1/documents"), Some(&a), None).1["documents"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Wrong passwords, then a lockout even for the right one.
    for _ in 0..5 {
        let (s, _) = call(
            &http,
            "POST",
            &p.url("/v1/officer/sessions"),
            None,
            Some(&json!({"username": "officer", "password": "guess"})),
        );
        assert_eq!(s, 401);
    }
    let (s, e) = call(
        &http,
        "POST",
        &p.url("/v1/officer/sessions"),
        None,
        Some(&json!({"username": "officer", "password": "demo-officer-pass"})),
    );
    assert_eq!((s, e["code"].as_str()), (429, Some("rate_limited")));

    // Fifteen minutes later every token has expired.
    p.clock.fetch_add(15 * 60, Ordering::SeqCst);
    for token in [&a, &off, &svc] {
        let (s, _) = call(&http, "GET", &p.url("/v1/account"), Some(token), None);
        assert_eq!(s, 401);
    }
    let (s, _) = call(
        &http,
        "GET",
        &p.url("/v1/officer/upgrades"),
        Some(&off),
        None,
    );
    assert_eq!(s, 401);
}

#[test]
fn every_documented_route_is_served() {
    let p = InProcess::start();
    let http = Client::new();
    let doc: Value = serde_json::from_str(&eid_portal_api::openapi::json()).unwrap();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let concrete: String = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "x" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for method in ops.as_object().unwrap().keys() {
            let (s, body) = call(
                &http,
                &method.to_uppercase(),
                &p.url(&concrete),
                None,
                Some(&json!({})),
            );
            // The router's own fallbacks answer 404/405 without a JSON body; the portal's
            // handlers always answer with JSON.
            assert_ne!(s, 405, "{method} {path}");
            assert!(
                body.is_object() || body.is_array(),
                "{method} {path}: {s} without a JSON body"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 37);
}

/// Unverified registrations, expired sessions and used challenges are forgotten (issue #12: they
/// were kept for ever).
#[test]
fn the_purge_forgets_what_is_no_longer_needed() {
    let p = InProcess::start();
    let http = Client::new();
    let key = SoftwareKey::from_seed("authz", b"purge");
    let who = serde_json::json!({"id_number": "001099012345", "phone": "0912345678",
        "full_name": "Nguyễn Thị Mẫu", "date_of_birth": "1985-03-14",
        "device_public_key": hex::encode(key.public_key().compressed())});
    let (s, _) = call(&http, "POST", &p.url("/v1/registrations"), None, Some(&who));
    assert_eq!(s, 201);
    let id = p.account("001099000555", &key);
    let token = p.login(&http, &id, &key);
    let count = |table: &'static str| {
        let pool = p.state.pool.clone();
        p.rt.block_on(async move {
            // `table` is one of this test's literals.
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&pool)
                .await
                .map(|r| sqlx::Row::get::<i64, _>(&r, 0))
                .unwrap()
        })
    };
    assert_eq!(
        (
            count("registrations"),
            count("sessions"),
            count("used_challenges")
        ),
        (1, 1, 1)
    );
    let purged =
        p.rt.block_on(eid_portal_server::purge::run_once(&p.state))
            .unwrap();
    assert_eq!(purged, Default::default(), "nothing is old yet");
    p.clock.fetch_add(2 * 86_400, Ordering::SeqCst);
    let purged =
        p.rt.block_on(eid_portal_server::purge::run_once(&p.state))
            .unwrap();
    assert_eq!(
        (purged.registrations, purged.sessions, purged.challenges),
        (1, 1, 1)
    );
    assert!(purged.counters >= 1, "the registration's counters too");
    assert_eq!(
        (
            count("registrations"),
            count("sessions"),
            count("used_challenges")
        ),
        (0, 0, 0)
    );
    let (s, _) = call(&http, "GET", &p.url("/v1/account"), Some(&token), None);
    assert_eq!(s, 401);
}
