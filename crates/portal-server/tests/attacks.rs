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
    let (account_id, _) = common::citizen_with_key(&p, &http, "001052004817", &key);
    let url = p.url("/v1/sessions/challenge");
    let body = json!({"account_id": account_id});
    let stranger = client_from("127.0.0.2");
    let results = burst(40, move |_| post(&stranger, &url, &body));
    assert_eq!(count(&results, 200), 40);

    let token = common::login(&p, &http, &account_id, &key);
    assert_eq!(token.len(), 64, "the owner signs in after the burst");

    // A challenge made for one account does not open another's session.
    let (other_id, _) = citizen(&p, &http, "079148003926", b"other");
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
        &json!({"id_number": "079090015432", "phone": "0938456120", "full_name": "Phạm Minh Tuấn",
                "date_of_birth": "1990-02-17", "device_public_key": hex::encode(key.public_key().compressed())}),
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

/// A registration body for `who` with the device `key`.
fn registration(who: &common::Person<'_>, key: &SoftwareKey) -> Value {
    json!({"id_number": who.id_number, "phone": who.phone, "full_name": who.full_name,
           "date_of_birth": who.date_of_birth, "device_public_key": hex::encode(key.public_key().compressed())})
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Attack 4c: 30 registrations for one phone each sent an SMS (pumping costs real money), and
/// three for someone else's ID number locked that citizen out of registering. Now codes are
/// counted per ID number and address (3 in 10 minutes: the attacker's address, not the
/// citizen's), per phone (5 an hour, whoever asks) and for the whole portal (`sms_per_minute`,
/// past which the portal says `busy` with `Retry-After`).
#[test]
fn codes_cannot_be_pumped_to_a_phone_and_the_citizen_still_registers() {
    let p = Portal::start_with(None, Some(json!({"sms_per_minute": 8})));
    let key = SoftwareKey::from_seed("attacks", b"pump");
    let victim = common::resident("001099012345");
    let url = p.url("/v1/registrations");
    let send = |from: &str, who: &common::Person<'_>| {
        let r = client_from(from)
            .post(&url)
            .json(&registration(who, &key))
            .send()
            .unwrap();
        let retry_after = r.headers().get("retry-after").is_some();
        let status = r.status().as_u16();
        let body: Value = r.json().unwrap_or(Value::Null);
        (
            status,
            body["code"].as_str().unwrap_or("").to_owned(),
            retry_after,
        )
    };

    // The attacker's address: three codes for the victim's ID number, then no more.
    let attacker: Vec<u16> = (0..4).map(|_| send("127.0.0.2", &victim).0).collect();
    assert_eq!(attacker, [201, 201, 201, 429]);
    // The citizen, from their own address, is not locked out by them.
    assert_eq!(send("127.0.0.3", &victim).0, 201);
    // The phone got 4 codes; a fifth from a third address, then the phone's hour is spent,
    // whoever asks.
    assert_eq!(send("127.0.0.4", &victim).0, 201);
    let (s, code, _) = send("127.0.0.5", &victim);
    assert_eq!((s, code.as_str()), (429, "rate_limited"));

    // The whole portal: 5 codes this minute so far, 8 allowed; other citizens get theirs until
    // the minute's budget is spent, then the portal is busy and says when to come back.
    let others = [
        "001052004817",
        "079148003926",
        "079090015432",
        "048196007215",
    ];
    let answers: Vec<(u16, String, bool)> = others
        .iter()
        .map(|id| send("127.0.0.6", &common::resident(id)))
        .collect();
    let statuses: Vec<u16> = answers.iter().map(|a| a.0).collect();
    assert_eq!(statuses, [201, 201, 201, 503], "{answers:?}");
    assert_eq!((answers[3].1.as_str(), answers[3].2), ("busy", true));
}

/// Attack 2: a real citizen's ID number registered with the attacker's own name and phone got a
/// level-1 account (and a signed residence confirmation with his name beside it), locked the
/// citizen out, and the 409 told anyone an account existed. Now registration must match the
/// registry (ID number, name and birth date together, never saying which is wrong), the code
/// goes only to the phone the registry holds, and an existing account changes nothing in the
/// answer.
#[test]
fn nobody_registers_someone_elses_id_number_and_nobody_learns_who_has_an_account() {
    let p = Portal::start(None);
    let http = Client::new();
    let key = SoftwareKey::from_seed("attacks", b"squatter");
    let victim = common::resident("001099012345");
    let url = p.url("/v1/registrations");

    let squatter = common::Person {
        full_name: "Kẻ Mạo Danh",
        phone: "0999999999",
        ..victim
    };
    let (s, e) = post(&http, &url, &registration(&squatter, &key));
    assert_eq!(s, 422);
    let codes = field_codes(&e);
    assert!(
        codes.iter().all(|(_, c)| c == "registry_mismatch"),
        "{codes:?}"
    );
    assert_eq!(
        codes.len(),
        3,
        "ID number, name and birth date are refused together"
    );

    let wrong_birth = common::Person {
        date_of_birth: "1985-03-15",
        ..victim
    };
    let (s, e) = post(&http, &url, &registration(&wrong_birth, &key));
    assert_eq!(
        (s, field_codes(&e)),
        (
            422,
            field_codes(&json!({"fields": [
        {"field": "id_number", "code": "registry_mismatch"},
        {"field": "full_name", "code": "registry_mismatch"},
        {"field": "date_of_birth", "code": "registry_mismatch"}]}))
        ),
        "the same answer: nothing tells which detail is wrong"
    );

    let own_phone = common::Person {
        phone: "0999999999",
        ..victim
    };
    let (s, e) = post(&http, &url, &registration(&own_phone, &key));
    assert_eq!(
        (s, field_codes(&e)),
        (
            422,
            vec![("phone".to_owned(), "phone_not_registered".to_owned())]
        )
    );

    // The citizen registers; another registration of the same citizen answers the same way.
    let (_, first) = citizen(&p, &http, "001099012345", b"victim");
    assert_eq!(first.len(), 64);
    let (s, again) = post(&http, &url, &registration(&victim, &key));
    assert_eq!(s, 201, "{again}");
    assert_eq!(
        again.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["code_expires_at", "registration_id"],
        "nothing in the answer says that an account exists"
    );
}

/// Attack 5: a name with a control character was accepted at registration, and approving that
/// citizen's application then answered 500 for ever; the registry's name in decomposed Unicode
/// got level 2 with no documents. Now text is checked at the door with the documents' own rule,
/// the account carries the registry's spelling, and the decomposed name gets the documents.
#[test]
fn text_that_could_fail_later_is_refused_at_the_door_and_decomposed_names_still_match() {
    let p = Portal::start(None);
    let http = Client::new();
    let url = p.url("/v1/registrations");
    let key = SoftwareKey::from_seed("attacks", b"text");
    let who = common::resident("079148003926");
    for bad in [
        "Lê Thị\u{7} Lan",
        "Lê Thị\0Lan",
        "Lê Thị\nLan",
        "Lê \u{202e}Thị Lan",
    ] {
        let named = common::Person {
            full_name: bad,
            ..who
        };
        let (s, e) = post(&http, &url, &registration(&named, &key));
        assert_eq!(
            (s, field_codes(&e)),
            (
                422,
                vec![("full_name".to_owned(), "bad_characters".to_owned())]
            ),
            "{bad:?}"
        );
    }

    // The registry's name typed in decomposed Unicode, in capitals, with extra spaces.
    use unicode_normalization::UnicodeNormalization;
    let decomposed: String = "  LÊ THỊ   LAN ".nfd().collect();
    let named = common::Person {
        full_name: &decomposed,
        ..who
    };
    let account = common::register(&p, &http, &named, &key);
    assert_eq!(
        account["full_name"], "Lê Thị Lan",
        "the registry's spelling"
    );
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let token = common::login(&p, &http, &account_id, &key);
    let (s, _) = call(
        &http,
        "POST",
        &p.url("/v1/account/upgrade"),
        Some(&token),
        None,
    );
    assert_eq!(s, 202);
    let officer = common::officer(&p, &http);
    let (s, _) = call(
        &http,
        "POST",
        &p.url(&format!("/v1/officer/upgrades/{account_id}/decision")),
        Some(&officer),
        Some(&json!({"approve": true})),
    );
    assert_eq!(s, 200);
    let (_, docs) = call(&http, "GET", &p.url("/v1/documents"), Some(&token), None);
    assert_eq!(
        docs["documents"].as_array().unwrap().len(),
        2,
        "Lê Thị Lan's two documents"
    );

    // Form text that no document could carry is refused (it used to make approval fail later).
    let mut form = common::residence("work");
    form["host"]["full_name"] = json!("Trần\u{0}Văn Chủ");
    form["reason"] = json!("work\u{2066}");
    let r = http
        .post(p.url("/v1/applications"))
        .bearer_auth(&token)
        .header("Idempotency-Key", "k-1")
        .json(&form)
        .send()
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: Value = r.json().unwrap();
    let codes = field_codes(&e);
    assert!(
        codes.contains(&("host.full_name".to_owned(), "bad_characters".to_owned())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("reason".to_owned(), "bad_characters".to_owned())),
        "{codes:?}"
    );

    // A revoke or decision reason with a NUL (PostgreSQL answered 500) is refused.
    let doc = docs["documents"][0]["id"].as_str().unwrap();
    let (s, e) = call(
        &http,
        "POST",
        &p.url(&format!("/v1/officer/documents/{doc}/revoke")),
        Some(&officer),
        Some(&json!({"reason": "lost\u{0}"})),
    );
    assert_eq!(
        (s, field_codes(&e)),
        (
            422,
            vec![("reason".to_owned(), "bad_characters".to_owned())]
        )
    );
}

/// A level-2 citizen of the registry, signed in, with their documents: (account id, token).
fn level2(p: &Portal, http: &Client, id_number: &str, key: &SoftwareKey) -> (String, String) {
    let (account_id, token) = common::citizen_with_key(p, http, id_number, key);
    let (s, _) = call(
        http,
        "POST",
        &p.url("/v1/account/upgrade"),
        Some(&token),
        None,
    );
    assert_eq!(s, 202);
    let officer = common::officer(p, http);
    common::approve_level2(p, http, &officer, &account_id);
    (account_id, token)
}

fn document_count(p: &Portal, http: &Client, token: &str) -> usize {
    let (s, docs) = call(http, "GET", &p.url("/v1/documents"), Some(token), None);
    assert_eq!(s, 200, "{docs}");
    docs["documents"].as_array().unwrap().len()
}

/// Attack 1: with a level-2 citizen's ID number and phone and the one-time code alone (a SIM
/// swap, a phishing app), the account moved to the attacker's key at once: the victim's
/// documents were revoked and re-issued to the attacker. Now the move waits (here 3 seconds,
/// 72 hours by default): nothing changes meanwhile, the victim's phone is told and cancels, and
/// the cancelled move never happens, even once its time has passed.
#[test]
fn an_sms_code_alone_cannot_take_a_level2_account_and_the_owner_cancels_the_move() {
    let p = Portal::start_with(None, Some(json!({"move_wait_seconds": 3})));
    let http = Client::new();
    let victim_key = SoftwareKey::from_seed("attacks", b"victim");
    let (account_id, token) = level2(&p, &http, "079090015432", &victim_key);
    assert_eq!(document_count(&p, &http, &token), 4);

    let attacker_key = SoftwareKey::from_seed("attacks", b"sim-swapper");
    let who = common::resident("079090015432");
    let (s, waiting) = common::register_and_verify(&p, &http, &who, &attacker_key);
    assert_eq!(
        (s, waiting["state"].as_str()),
        (202, Some("waiting")),
        "{waiting}"
    );
    let move_id = waiting["registration_id"].as_str().unwrap().to_owned();

    // Nothing moved: the victim's session and documents are as they were, and the victim's
    // phone sees the move waiting.
    assert_eq!(document_count(&p, &http, &token), 4);
    let (_, account) = call(&http, "GET", &p.url("/v1/account"), Some(&token), None);
    assert_eq!(account["pending_move"]["moves_at"], waiting["moves_at"]);
    let (s, feed) = call(&http, "GET", &p.url("/v1/feed?since=0"), Some(&token), None);
    assert_eq!(s, 200);
    assert!(
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["type"] == "account" && i["account"]["pending_move"].is_object()),
        "the feed tells the victim's phone: {feed}"
    );

    // The attacker cannot sign in with his key meanwhile.
    let (s, ch) = post(
        &http,
        &p.url("/v1/sessions/challenge"),
        &json!({"account_id": account_id}),
    );
    assert_eq!(s, 200);
    let message =
        eid_portal_api::account::login_message(&account_id, ch["challenge"].as_str().unwrap());
    let forged = json!({"account_id": account_id, "challenge": ch["challenge"],
        "signature": hex::encode(attacker_key.sign(message.as_bytes()).unwrap())});
    assert_eq!(post(&http, &p.url("/v1/sessions"), &forged).0, 401);

    // The victim cancels; past the move's time, it still has not happened.
    let (s, account) = call(
        &http,
        "POST",
        &p.url("/v1/account/moves/cancel"),
        Some(&token),
        None,
    );
    assert_eq!((s, account["pending_move"].clone()), (200, Value::Null));
    std::thread::sleep(std::time::Duration::from_secs(4));
    let (s, status) = call(
        &http,
        "GET",
        &p.url(&format!("/v1/registrations/{move_id}/move")),
        None,
        None,
    );
    assert_eq!((s, status["state"].as_str()), (200, Some("cancelled")));
    assert_eq!(
        document_count(&p, &http, &token),
        4,
        "the victim keeps the documents"
    );
}

/// The paths that do move a level-2 account: after the wait when nobody cancels (a citizen who
/// lost the only phone and has no backup), and at once with the recovery key from the
/// citizen's backup; a recovery signature of any other key counts for nothing.
#[test]
fn a_level2_account_moves_after_the_wait_or_at_once_with_the_backups_recovery_key() {
    let p = Portal::start_with(None, Some(json!({"move_wait_seconds": 2})));
    let http = Client::new();
    let old_key = SoftwareKey::from_seed("attacks", b"lost phone");
    let (account_id, token) = level2(&p, &http, "048196007215", &old_key);
    let who = common::resident("048196007215");

    // No cancel: the move completes once due, when the new phone asks.
    let new_key = SoftwareKey::from_seed("attacks", b"new phone");
    let (s, waiting) = common::register_and_verify(&p, &http, &who, &new_key);
    assert_eq!(s, 202);
    let status_url = p.url(&format!(
        "/v1/registrations/{}/move",
        waiting["registration_id"].as_str().unwrap()
    ));
    assert_eq!(
        call(&http, "GET", &status_url, None, None).1["state"],
        "waiting"
    );
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(
        call(&http, "GET", &status_url, None, None).1["state"],
        "moved"
    );
    assert_eq!(
        call(&http, "GET", &p.url("/v1/account"), Some(&token), None).0,
        401
    );
    let token = common::login(&p, &http, &account_id, &new_key);
    assert_eq!(
        document_count(&p, &http, &token),
        3,
        "re-issued to the new phone"
    );

    // The wallet registers its recovery key; the backup holding it moves the account at once.
    let recovery = SoftwareKey::from_seed("attacks", b"recovery key in the backup");
    let r = http
        .post(p.url("/v1/account/recovery-key"))
        .bearer_auth(&token)
        .json(&json!({"public_key": hex::encode(recovery.public_key().compressed())}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 204);
    let restored_key = SoftwareKey::from_seed("attacks", b"restored phone");
    // (From another address: this one has sent the three codes per ID number it may.)
    let elsewhere = client_from("127.0.0.3");
    for (signer, expected) in [
        (SoftwareKey::from_seed("attacks", b"someone else"), 202),
        (recovery, 200),
    ] {
        let reg = post(
            &elsewhere,
            &p.url("/v1/registrations"),
            &registration(&who, &restored_key),
        );
        assert_eq!(reg.0, 201, "{}", reg.1);
        let reg_id = reg.1["registration_id"].as_str().unwrap().to_owned();
        let code = p.code_for(&reg_id);
        let device = hex::encode(restored_key.public_key().compressed());
        let message = eid_portal_api::account::recovery_message(&reg_id, &device);
        let signature = hex::encode(signer.sign(message.as_bytes()).unwrap());
        let (s, body) = post(
            &http,
            &p.url(&format!("/v1/registrations/{reg_id}/verify")),
            &json!({"code": code, "recovery_signature": signature}),
        );
        assert_eq!(s, expected, "{body}");
    }
    let token = common::login(&p, &http, &account_id, &restored_key);
    assert_eq!(document_count(&p, &http, &token), 3);
}

/// A raw connection to the portal from `source` that sends `head` and then nothing.
async fn half_sent(
    portal: std::net::SocketAddr,
    source: std::net::IpAddr,
    head: &'static [u8],
) -> Option<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.bind(std::net::SocketAddr::new(source, 0)).ok()?;
    let mut stream = socket.connect(portal).await.ok()?;
    stream.write_all(head).await.ok()?;
    Some(stream)
}

/// Whether the server closes `stream` within `seconds`.
async fn closed_within(mut stream: tokio::net::TcpStream, seconds: u64) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// Attack 4: slow clients were never timed out (200 slowloris connections all still open after
/// 38 s), and 1,100 half-sent requests under a limit of 1,024 descriptors made `/v1/health` time
/// out. Now, under a limit of 256 descriptors: one address gets at most 64 connections (the rest
/// are closed at once), a head or body that does not arrive within the timeout (3 s here) closes
/// the connection, the health check answers during the burst, and after a burst of 1,100 from
/// many addresses the portal is still there and answering.
#[test]
fn slow_and_half_sent_requests_are_cut_off_and_cannot_starve_the_portal() {
    let p = Portal::start_wrapped(
        None,
        Some(json!({"header_timeout_seconds": 3, "request_timeout_seconds": 3})),
        &["prlimit", "--nofile=256:256"],
    );
    let addr: std::net::SocketAddr = p.base.trim_start_matches("http://").parse().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let health = || {
        Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap()
            .get(p.url("/v1/health"))
            .send()
            .map(|r| r.status().as_u16())
    };

    // Slowloris from one address: a head that never ends.
    let slow: Vec<_> = rt.block_on(async {
        let mut v = Vec::new();
        for _ in 0..200 {
            if let Some(s) = half_sent(
                addr,
                "127.0.0.2".parse().unwrap(),
                b"GET /v1/health HTTP/1.1\r\nHost: x\r\n",
            )
            .await
            {
                v.push(s);
            }
        }
        v
    });
    assert_eq!(slow.len(), 200, "the kernel accepts the connections");
    // Bodies that never arrive, from four more addresses.
    let bodies: Vec<_> = rt.block_on(async {
        let mut v = Vec::new();
        for a in 1..=4 {
            for _ in 0..30 {
                let head = b"POST /v1/registrations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id_num";
                if let Some(s) = half_sent(addr, format!("127.0.3.{a}").parse().unwrap(), head).await {
                    v.push(s);
                }
            }
        }
        v
    });
    assert_eq!(
        health().ok(),
        Some(200),
        "the health check answers during the burst"
    );

    let closed = rt.block_on(async {
        let mut tasks = Vec::new();
        for s in slow.into_iter().chain(bodies) {
            tasks.push(tokio::spawn(closed_within(s, 10)));
        }
        let mut n = 0;
        for t in tasks {
            n += usize::from(t.await.unwrap());
        }
        n
    });
    assert_eq!(closed, 320, "every slow connection is closed by the portal");

    // 1,100 half-sent requests from 20 addresses, more than the descriptors the portal has.
    let flood: Vec<_> = rt.block_on(async {
        let mut v = Vec::new();
        for i in 0..1100 {
            let source = format!("127.0.4.{}", i % 20 + 1).parse().unwrap();
            if let Some(s) = half_sent(addr, source, b"GET /v1/trust HTTP/1.1\r\n").await {
                v.push(s);
            }
        }
        v
    });
    assert!(
        flood.len() > 256,
        "more connections than the portal has descriptors"
    );
    drop(flood);
    assert_eq!(
        health().ok(),
        Some(200),
        "the portal answers after the flood"
    );
    let (s, _) = post(
        &Client::new(),
        &p.url("/v1/officer/sessions"),
        &json!({"username": "officer", "password": "demo-officer-pass"}),
    );
    assert_eq!(s, 200, "and still opens its database and checks passwords");
}

/// Attack 6, the smaller ones: tokens lived their 15 minutes (no sign-out); share answers needed
/// no session, so a bystander who scanned the request QR first answered it; any service could
/// ask for any document (the clinic, a criminal-record certificate); the database was a 0644
/// file.
#[test]
fn sign_out_share_answers_of_the_holder_only_services_ask_what_they_may_and_a_private_database() {
    let p = Portal::start(None);
    let http = Client::new();

    // Sign-out, for each kind of token.
    let key = SoftwareKey::from_seed("attacks", b"holder");
    let (_, citizen_token) = level2(&p, &http, "001099012345", &key);
    let service = common::service(&p, &http);
    for token in [
        common::officer(&p, &http),
        common::service(&p, &http),
        common::login(
            &p,
            &http,
            &common::citizen(&p, &http, "079148003926", b"x").0,
            &SoftwareKey::from_seed("e2e-device", b"x"),
        ),
    ] {
        let (s, _) = call(
            &http,
            "POST",
            &p.url("/v1/sessions/end"),
            Some(&token),
            None,
        );
        assert_eq!(s, 204);
        let (s, _) = call(
            &http,
            "POST",
            &p.url("/v1/sessions/end"),
            Some(&token),
            None,
        );
        assert_eq!(s, 401, "the token no longer works");
    }

    // A service asks only for what it is registered for.
    let ask = |doc_type: &str, fields: &[&str]| {
        call(
            &http,
            "POST",
            &p.url("/v1/share/requests"),
            Some(&service),
            Some(
                &json!({"doc_type": doc_type, "fields": fields, "purpose": "Khám bệnh", "expires_in": 300}),
            ),
        )
    };
    let (s, e) = ask("criminal_record_certificate", &["record"]);
    assert_eq!(
        (s, field_codes(&e)),
        (422, vec![("fields".to_owned(), "not_allowed".to_owned())])
    );
    let (s, created) = ask("health_insurance", &["full_name", "insurance_number"]);
    assert_eq!(s, 201, "{created}");

    // The answer: only from the signed-in holder of the document presented.
    let (_, docs) = call(
        &http,
        "GET",
        &p.url("/v1/documents"),
        Some(&citizen_token),
        None,
    );
    let card = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["doc_type"] == "health_insurance")
        .unwrap();
    let card = eid_credential::IssuedDocument::from_bytes(
        &hex::decode(card["issued"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    let nonce = hex::decode(created["request"]["nonce"].as_str().unwrap()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let bytes = eid_credential::present(
        &card,
        &eid_credential::PresentRequest {
            fields: &["full_name", "insurance_number"],
            presented_at: now,
            nonce: Some(&nonce),
            audience: Some("clinic-demo"),
        },
        &key,
    )
    .unwrap();
    let answer = json!({"presentation": eid_qr::envelope::encode(eid_qr::envelope::Kind::Presentation, &bytes)});
    let url = p.url(&format!(
        "/v1/share/requests/{}/answer",
        created["request"]["id"].as_str().unwrap()
    ));
    assert_eq!(
        call(&http, "POST", &url, None, Some(&answer)).0,
        401,
        "a bystander with the QR alone"
    );
    let (_, bystander) = common::citizen(&p, &http, "048075012689", b"bystander");
    assert_eq!(
        call(&http, "POST", &url, Some(&bystander), Some(&answer)).0,
        403,
        "someone else's session"
    );
    assert_eq!(
        call(&http, "POST", &url, Some(&citizen_token), Some(&answer)).0,
        202,
        "the holder"
    );

    // The database file is the owner's only.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(p.folder().join("portal.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
