//! The security review's attacks, each against a real portal process on loopback with real
//! concurrent requests (issue #12). Every test here failed on the portal before the fix it names.
//! Requests from another network address come from 127.0.0.2 (any 127.0.0.0/8 address reaches
//! a portal listening on loopback).

mod common;

use common::{burst, call, citizen, client_from, Portal};
use eid_credential::{Signer, SoftwareKey};
use reqwest::blocking::Client;
use serde_json::{json, Value};

fn post(http: &Client, url: &str, body: &Value) -> (u16, Value) {
    call(http, "POST", url, None, Some(body))
}

fn count(results: &[(u16, Value)], status: u16) -> usize {
    results.iter().filter(|(s, _)| *s == status).count()
}

/// Attack 3: 40 concurrent wrong officer passwords were all checked against a limit of 5, and a
/// burst holding the right one got in. Now each try reserves its place first: exactly 5 of 40
/// are checked, the rest refused; and the officer, from the office's own address, is not locked
/// out by someone guessing from elsewhere.
#[test]
fn a_burst_of_officer_passwords_gets_five_tries_and_cannot_lock_the_officer_out() {
    let p = Portal::start(None);
    let url = p.url("/v1/officer/sessions");
    let attacker = client_from("127.0.0.2");
    let results = burst(40, move |i| {
        // One of the forty is the right password.
        let password = if i == 17 {
            "demo-officer-pass"
        } else {
            "guess"
        };
        post(
            &attacker,
            &url,
            &json!({"username": "officer", "password": password}),
        )
    });
    let checked = results.len() - count(&results, 429);
    assert_eq!(
        checked,
        5,
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!(results.iter().all(|(s, _)| [200, 401, 429].contains(s)));
    let refused = results.iter().find(|(s, _)| *s == 429).unwrap();
    assert_eq!(refused.1["code"], "rate_limited");

    let office = client_from("127.0.0.1");
    let (s, body) = post(
        &office,
        &p.url("/v1/officer/sessions"),
        &json!({"username": "officer", "password": "demo-officer-pass"}),
    );
    assert_eq!(s, 200, "the officer signs in from the office: {body}");
}

/// Attack 3: 40 concurrent challenges for one account got 11-13 against a limit of 10, and 10
/// anonymous requests locked the owner out of signing in for a minute. Challenges are now sealed
/// by the portal and stored nowhere: any number can be asked for, the owner signs in anyway, and
/// each works once, for its account only.
#[test]
fn anonymous_challenges_cannot_lock_the_owner_out_and_each_works_once() {
    let p = Portal::start(None);
    let http = Client::new();
    let key = SoftwareKey::from_seed("attacks", b"challenges");
    let (account_id, _) = common::citizen_with_key(&p, &http, "001099000101", &key);
    let url = p.url("/v1/sessions/challenge");
    let body = json!({"account_id": account_id});
    let stranger = client_from("127.0.0.2");
    let results = burst(40, move |_| post(&stranger, &url, &body));
    assert_eq!(count(&results, 200), 40);

    let token = common::login(&p, &http, &account_id, &key);
    assert_eq!(token.len(), 64, "the owner signs in after the burst");

    // A challenge made for one account does not open another's session.
    let (other_id, _) = citizen(&p, &http, "001099000102", b"other");
    let (_, ch) = post(
        &http,
        &p.url("/v1/sessions/challenge"),
        &json!({"account_id": other_id}),
    );
    let challenge = ch["challenge"].as_str().unwrap();
    let message = eid_portal_api::account::login_message(&account_id, challenge);
    let signature = hex::encode(key.sign(message.as_bytes()).unwrap());
    let (s, e) = post(
        &http,
        &p.url("/v1/sessions"),
        &json!({"account_id": account_id, "challenge": challenge, "signature": signature}),
    );
    assert_eq!((s, e["code"].as_str()), (401, Some("bad_signature")));
}

/// Attack 3: 60 concurrent one-time-code guesses got 6-8 compared against a limit of 5, and one
/// run answered 500. Now exactly 5 are compared (422), the rest are refused (429), and nothing
/// answers 5xx; afterwards even the right code is refused.
#[test]
fn a_burst_of_code_guesses_gets_five_tries_and_no_server_error() {
    let p = Portal::start(None);
    let http = Client::new();
    let key = SoftwareKey::from_seed("attacks", b"codes");
    let reg = post(
        &http,
        &p.url("/v1/registrations"),
        &json!({"id_number": "001099000103", "phone": "0912345678", "full_name": "Nguyễn Văn Thử",
                "date_of_birth": "1990-03-15", "device_public_key": hex::encode(key.public_key().compressed())}),
    );
    assert_eq!(reg.0, 201, "{}", reg.1);
    let reg_id = reg.1["registration_id"].as_str().unwrap().to_owned();
    let code = p.code_for(&reg_id);
    let url = p.url(&format!("/v1/registrations/{reg_id}/verify"));
    let guesser = client_from("127.0.0.2");
    let wrong: u32 = (code.parse::<u32>().unwrap() + 1) % 1_000_000;
    let results = burst(60, move |i| {
        let guess = format!("{:06}", (wrong + i as u32) % 1_000_000);
        post(&guesser, &url, &json!({ "code": guess }))
    });
    let statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
    assert!(statuses.iter().all(|s| *s < 500), "{statuses:?}");
    let compared = results.len() - count(&results, 429);
    // A guess may hit the real code by chance (it is then an account): still a compared try.
    assert_eq!(compared, 5, "{statuses:?}");
    let (s, e) = post(
        &http,
        &p.url(&format!("/v1/registrations/{reg_id}/verify")),
        &json!({ "code": code }),
    );
    if count(&results, 200) == 0 {
        assert_eq!((s, e["code"].as_str()), (429, Some("rate_limited")));
    }
}

/// The highest resident memory the process has had, in KiB (`VmHWM`).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Attack 4: 64 concurrent logins with unknown names grew the portal by about 1.1 GiB (an
/// Argon2id run of 19 MiB each, all at once). Now password checks queue behind a gate of one
/// per core, a full queue answers 503 `busy` with `Retry-After`, and the peak stays small.
#[test]
fn a_flood_of_logins_queues_or_is_told_busy_and_memory_stays_bounded() {
    let p = Portal::start(None);
    let warm = post(
        &Client::new(),
        &p.url("/v1/service/sessions"),
        &json!({"service_id": "clinic-demo", "secret": "demo-clinic-secret"}),
    );
    assert_eq!(warm.0, 200);
    let before = peak_kib(p.pid());
    let url = p.url("/v1/officer/sessions");
    let results = burst(64, move |i| {
        // Each from its own address, so the per-address limit does not stop them first.
        let http = client_from(&format!("127.0.1.{}", i + 1));
        let r = http
            .post(&url)
            .json(&json!({"username": format!("nobody-{i}"), "password": "x"}))
            .send()
            .unwrap();
        (
            r.status().as_u16(),
            r.headers().get("retry-after").is_some(),
        )
    });
    let grown_mib = (peak_kib(p.pid()).saturating_sub(before)) / 1024;
    assert!(
        results.iter().all(|(s, _)| [401, 503].contains(s)),
        "{results:?}"
    );
    let busy: Vec<_> = results.iter().filter(|(s, _)| *s == 503).collect();
    assert!(!busy.is_empty(), "a queue of 4 per core cannot hold 64");
    assert!(
        busy.iter().all(|(_, retry)| *retry),
        "503 says when to come back"
    );
    assert!(grown_mib < 100, "the peak grew by {grown_mib} MiB");
    println!(
        "64 logins at once: {} checked, {} busy; peak grew {grown_mib} MiB",
        results.len() - busy.len(),
        busy.len()
    );
}
