//! The officer console and the service desk over real HTTP, as a browser without JavaScript
//! would use them (the Chromium suite in tests/web drives the real browser): security headers,
//! cookie flags, CSRF on every form, idle and absolute session expiry, lockout, roles, and a
//! service seeing only its own requests. The portal runs in this process with a clock the test
//! moves.

mod common;

use common::in_process::InProcess;
use eid_credential::{Signer, SoftwareKey};
use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderMap, COOKIE, LOCATION, SET_COOKIE};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

/// A browser without JavaScript: keeps its cookies, follows no redirect by itself.
struct Browser {
    http: Client,
    cookies: BTreeMap<String, String>,
    base: String,
}

impl Browser {
    fn new(p: &InProcess) -> Browser {
        Browser {
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            base: p.base.clone(),
        }
    }

    fn keep(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(SET_COOKIE) {
            let c = cookie::Cookie::parse(v.to_str().unwrap().to_owned()).unwrap();
            if c.value().is_empty() {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_owned(), c.value().to_owned());
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn get(&mut self, path: &str) -> (u16, HeaderMap, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .unwrap();
        self.finish(r)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (u16, HeaderMap, String) {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .unwrap();
        self.finish(r)
    }

    fn finish(&mut self, r: Response) -> (u16, HeaderMap, String) {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        self.keep(&headers);
        (status, headers, r.text().unwrap())
    }

    /// Signs in at `part` (`officer` or `desk`) and returns the session's CSRF token.
    fn sign_in(&mut self, part: &str, name: &str, secret: &str) -> (u16, String) {
        let (_, _, page) = self.get(&format!("/{part}/sign-in"));
        let token = hidden_csrf(&page);
        let (name_field, secret_field) = if part == "officer" {
            ("username", "password")
        } else {
            ("service-id", "secret")
        };
        let (s, h, _) = self.post(
            &format!("/{part}/sign-in"),
            &[("csrf", &token), (name_field, name), (secret_field, secret)],
        );
        let to = h.get(LOCATION).map(|l| l.to_str().unwrap().to_owned());
        if s != 303 {
            return (s, String::new());
        }
        let (s2, _, page) = self.get(&to.unwrap());
        assert_eq!(s2, 200);
        (s, hidden_csrf(&page))
    }
}

/// The value of the first hidden `csrf` input of a page.
fn hidden_csrf(page: &str) -> String {
    let at = page.find(r#"name="csrf" value=""#).expect("a csrf field") + 19;
    page[at..at + 64].to_owned()
}

/// A citizen with a level-2 request waiting; returns the account id.
fn waiting_citizen(p: &InProcess, id_number: &str) -> String {
    let key = citizen_key(id_number);
    let account = p.account(id_number, &key);
    let http = Client::new();
    let token = p.login(&http, &account, &key);
    let (s, b) = common::call(
        &http,
        "POST",
        &p.url("/v1/account/upgrade"),
        Some(&token),
        None,
    );
    assert!(s < 300, "{s} {b}");
    account
}

fn citizen_key(id_number: &str) -> SoftwareKey {
    SoftwareKey::from_seed("web", id_number.as_bytes())
}

fn count(p: &InProcess, sql: &'static str, account: &str) -> i64 {
    let pool = p.state.pool.clone();
    let id = account.to_owned();
    p.rt.block_on(async move {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(id)
            .fetch_one(&pool)
            .await
    })
    .unwrap()
}

/// A request for the health insurance card's full name made at the desk; its page's path and id.
fn request_full_name(desk: &mut Browser, csrf: &str, purpose: &str) -> (String, String) {
    let (s, h, page) = desk.post(
        "/desk/requests",
        &[
            ("csrf", csrf),
            ("doc_type", "health_insurance"),
            ("fields", "health_insurance.full_name"),
            ("purpose", purpose),
        ],
    );
    assert_eq!(s, 303, "{page}");
    let at = h[LOCATION].to_str().unwrap().to_owned();
    let id = at.rsplit('/').next().unwrap().to_owned();
    (at, id)
}

/// Stores an answer to request `id` as the answer endpoint stores a verified one.
fn store_answer(p: &InProcess, id: &str, disclosed: &str, answered_at: i64) {
    let pool = p.state.pool.clone();
    let (id, disclosed) = (id.to_owned(), disclosed.to_owned());
    p.rt.block_on(async move {
        sqlx::query(
            "UPDATE share_requests SET presentation = 'EP1:x', disclosed = $1, answered_at = $2 WHERE id = $3",
        )
        .bind(disclosed)
        .bind(answered_at)
        .bind(id)
        .execute(&pool)
        .await
    })
    .unwrap();
}

fn level_of(p: &InProcess, account: &str) -> i64 {
    let pool = p.state.pool.clone();
    let id = account.to_owned();
    p.rt.block_on(async move {
        sqlx::query_scalar::<_, i64>("SELECT level FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
    })
    .unwrap()
}

#[test]
fn every_page_carries_the_security_headers_and_strict_cookies() {
    let p = InProcess::start();
    let mut b = Browser::new(&p);
    for path in [
        "/officer/sign-in",
        "/desk/sign-in",
        "/web/web.css",
        "/web/desk.js",
    ] {
        let (s, h, _) = b.get(path);
        assert_eq!(s, 200, "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["cache-control"], "no-store");
    }
    let (_, h, page) = b.get("/officer/sign-in?lang=en");
    assert!(page.contains(r#"<html lang="en">"#));
    let cookies: Vec<&str> = h
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(cookies.iter().any(|c| c.starts_with("eid_lang=en")));
    let sign_in = cookies
        .iter()
        .find(|c| c.starts_with("eid_officer_sign_in="))
        .unwrap();
    assert!(sign_in.contains("HttpOnly") && sign_in.contains("SameSite=Strict"));
    assert!(sign_in.contains("Path=/officer") && !sign_in.contains("Secure"));
    // The language sticks without the query.
    let (_, _, page) = b.get("/officer/sign-in");
    assert!(page.contains(r#"<html lang="en">"#));

    let token = hidden_csrf(&b.get("/officer/sign-in").2);
    let (s, h, _) = b.post(
        "/officer/sign-in",
        &[
            ("csrf", &token),
            ("username", "officer"),
            ("password", "demo-officer-pass"),
        ],
    );
    assert_eq!(s, 303);
    assert_eq!(h[LOCATION], "/officer/upgrades");
    let session = h
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("eid_officer="))
        .unwrap()
        .to_owned();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    assert!(session.contains("Path=/officer"));
    // Only the cookie's hash is stored.
    let value = session
        .split(';')
        .next()
        .unwrap()
        .split('=')
        .nth(1)
        .unwrap();
    let pool = p.state.pool.clone();
    let stored: Vec<String> =
        p.rt.block_on(async move {
            sqlx::query_scalar::<_, String>("SELECT token_hash FROM web_sessions")
                .fetch_all(&pool)
                .await
        })
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], value);
}

#[test]
fn a_form_without_this_sessions_token_changes_nothing() {
    let p = InProcess::start();
    let account = waiting_citizen(&p, "001099012345");
    let mut a = Browser::new(&p);
    let mut other = Browser::new(&p);
    let (_, csrf_a) = a.sign_in("officer", "officer", "demo-officer-pass");
    let (_, csrf_other) = other.sign_in("officer", "supervisor", "demo-supervisor-pass");
    assert_ne!(csrf_a, csrf_other);
    let path = format!("/officer/upgrades/{account}/decision");
    for form in [
        vec![("decision", "approve")],
        vec![("decision", "approve"), ("csrf", csrf_other.as_str())],
        vec![("decision", "approve"), ("csrf", "0".repeat(64).as_str())],
    ] {
        let (s, _, page) = a.post(&path, &form);
        assert_eq!(s, 403, "{form:?}");
        assert!(page.contains(r#"id="error""#));
        assert_eq!(level_of(&p, &account), 1);
    }
    // A sign-in form posted without its own cookie's token is refused too.
    let mut fresh = Browser::new(&p);
    let (s, _, _) = fresh.post(
        "/officer/sign-in",
        &[
            ("csrf", &csrf_a),
            ("username", "officer"),
            ("password", "demo-officer-pass"),
        ],
    );
    assert_eq!(s, 403);
    // Rejecting needs a reason the citizen reads.
    let (s, _, page) = a.post(&path, &[("decision", "reject"), ("csrf", &csrf_a)]);
    assert_eq!(s, 422);
    assert!(page.contains(r#"id="error""#) && page.contains(r#"id="reject-reason""#));
    let (s, h, _) = a.post(&path, &[("decision", "approve"), ("csrf", &csrf_a)]);
    assert_eq!(s, 303);
    assert_eq!(h[LOCATION], "/officer/upgrades?notice=upgrade_approved");
    assert_eq!(level_of(&p, &account), 2);
    // The approval and the read before it are in the audit log, for the supervisor only.
    let (s, _, _) = a.get("/officer/audit");
    assert_eq!(s, 403);
    let (s, _, log) = other.get("/officer/audit?lang=en");
    assert_eq!(s, 200);
    assert!(log.contains("approved_upgrade") && log.contains("viewed_upgrade"));
    assert!(log.contains(&account));
}

#[test]
fn sessions_end_when_idle_and_after_the_longest_shift() {
    let p = InProcess::start();
    let mut b = Browser::new(&p);
    b.sign_in("officer", "officer", "demo-officer-pass");
    p.clock.fetch_add(14 * 60, Ordering::SeqCst);
    assert_eq!(b.get("/officer/upgrades").0, 200);
    p.clock.fetch_add(15 * 60 + 1, Ordering::SeqCst);
    let (s, h, _) = b.get("/officer/upgrades");
    assert_eq!(
        (s, h[LOCATION].to_str().unwrap()),
        (303, "/officer/sign-in")
    );

    b.sign_in("officer", "officer", "demo-officer-pass");
    for _ in 0..(4 * 60 / 10 - 1) {
        p.clock.fetch_add(10 * 60, Ordering::SeqCst);
        assert_eq!(b.get("/officer/upgrades").0, 200);
    }
    p.clock.fetch_add(10 * 60, Ordering::SeqCst);
    assert_eq!(b.get("/officer/upgrades").0, 303);
}

#[test]
fn wrong_passwords_lock_the_sign_in_and_tokens_open_no_page() {
    let p = InProcess::start();
    let mut b = Browser::new(&p);
    for _ in 0..5 {
        let (s, _) = b.sign_in("officer", "officer", "wrong");
        assert_eq!(s, 401);
    }
    let (s, _) = b.sign_in("officer", "officer", "demo-officer-pass");
    assert_eq!(s, 429);

    // A citizen's (or officer's) API token is not a page session.
    let key = SoftwareKey::from_seed("web", b"token");
    let account = p.account("079090000002", &key);
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = p.login(&http, &account, &key);
    for path in ["/officer/upgrades", "/officer/audit", "/desk/"] {
        let r = http.get(p.url(path)).bearer_auth(&token).send().unwrap();
        assert_eq!(r.status(), 303, "{path}");
    }
    // An officer's session is no desk session.
    let mut o = Browser::new(&p);
    o.sign_in("officer", "supervisor", "demo-supervisor-pass");
    let officer_cookie = o.cookies["eid_officer"].clone();
    let r = http
        .get(p.url("/desk/"))
        .header(COOKIE, format!("eid_desk={officer_cookie}"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[test]
fn a_desk_sees_only_its_own_requests_and_forgets_the_answer_when_done() {
    let p = InProcess::start();
    let mut clinic = Browser::new(&p);
    let (s, csrf) = clinic.sign_in("desk", "clinic-demo", "demo-clinic-secret");
    assert_eq!(s, 303);
    let (s, _, page) = clinic.post(
        "/desk/requests",
        &[
            ("csrf", &csrf),
            ("doc_type", "health_insurance"),
            ("fields", "health_insurance.full_name"),
            ("fields", "health_insurance.insurance_number"),
            ("fields", "citizen_id_card.id_number"),
            ("purpose", "Khám bệnh"),
        ],
    );
    assert_eq!(s, 303, "{page}");
    let (at, id) = request_full_name(&mut clinic, &csrf, "Khám bệnh");
    let (s, _, page) = clinic.get(&at);
    assert_eq!(s, 200);
    assert!(page.contains("data-qr-text=\"ER1:") && page.contains(r#"id="request-qr""#));
    assert_eq!(clinic.get(&format!("{at}/answer")).0, 204);
    // Asking for what the clinic may not ask is refused at the door.
    let (s, _, page) = clinic.post(
        "/desk/requests",
        &[
            ("csrf", &csrf),
            ("doc_type", "driving_licence"),
            ("fields", "driving_licence.full_name"),
            ("purpose", "Khám bệnh"),
        ],
    );
    assert_eq!(s, 422);
    assert!(page.contains(r#"id="error""#));

    let mut hotel = Browser::new(&p);
    hotel.sign_in("desk", "hotel-demo", "demo-hotel-secret");
    assert_eq!(hotel.get(&at).0, 404);
    assert_eq!(hotel.get(&format!("{at}/answer")).0, 404);
    let hotel_csrf = hidden_csrf(&hotel.get("/desk/").2);
    assert_eq!(
        hotel
            .post(&format!("{at}/done"), &[("csrf", &hotel_csrf)])
            .0,
        404
    );

    // The verified answer (stored as the answer endpoint stores it) appears, then is forgotten.
    store_answer(&p, &id, r#"{"full_name":"Nguyễn Thị Mẫu"}"#, 1);
    let (s, h, fragment) = clinic.get(&format!("{at}/answer"));
    assert_eq!(s, 200);
    assert_eq!(h["x-eid-fragment"], "result");
    assert!(fragment.contains("Nguyễn Thị Mẫu") && fragment.contains(r#"id="done""#));
    assert_eq!(clinic.post(&format!("{at}/done"), &[]).0, 403);
    let (s, h, _) = clinic.post(&format!("{at}/done"), &[("csrf", &csrf)]);
    assert_eq!(s, 303);
    let (_, _, page) = clinic.get(h[LOCATION].to_str().unwrap());
    assert!(page.contains(r#"id="forgotten""#) && !page.contains("Nguyễn Thị Mẫu"));
    assert_eq!(clinic.get(&format!("{at}/answer")).0, 410);
    let pool = p.state.pool.clone();
    let left: (Option<String>, Option<String>) =
        p.rt.block_on(async move {
            sqlx::query_as("SELECT presentation, disclosed FROM share_requests WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
        })
        .unwrap();
    assert_eq!(left, (None, None));
}

#[test]
fn the_purge_forgets_ended_sessions_and_answers_nobody_closed() {
    let p = InProcess::start();
    let mut clinic = Browser::new(&p);
    let (_, csrf) = clinic.sign_in("desk", "clinic-demo", "demo-clinic-secret");
    let (_, id) = request_full_name(&mut clinic, &csrf, "Khám bệnh");
    store_answer(&p, &id, "{}", common::in_process::T0 as i64);
    let purge = || {
        p.rt.block_on(eid_portal_server::purge::run_once(&p.state))
            .unwrap()
    };
    let first = purge();
    assert_eq!((first.web_sessions, first.share_answers), (0, 0));
    p.clock.fetch_add(31 * 60, Ordering::SeqCst);
    let later = purge();
    assert_eq!((later.web_sessions, later.share_answers), (1, 1));
    let (s, _, _) = clinic.get(&format!("/desk/requests/{id}"));
    assert_eq!(s, 303, "the session ended");
    let mut again = Browser::new(&p);
    again.sign_in("desk", "clinic-demo", "demo-clinic-secret");
    let (s, _, page) = again.get(&format!("/desk/requests/{id}"));
    assert_eq!(s, 200);
    assert!(page.contains(r#"id="forgotten""#));
}

#[test]
fn an_officer_blocks_a_lost_phone_and_a_move_lifts_the_block() {
    let p = InProcess::start();
    let account = waiting_citizen(&p, "001099012345");
    let mut b = Browser::new(&p);
    let (_, csrf) = b.sign_in("officer", "officer", "demo-officer-pass");
    let (s, _, _) = b.post(
        &format!("/officer/upgrades/{account}/decision"),
        &[("decision", "approve"), ("csrf", &csrf)],
    );
    assert_eq!(s, 303);
    let current = "SELECT COUNT(*) FROM documents WHERE account_id = $1 AND state = 'current'";
    let issued = count(&p, current, &account);
    assert!(issued >= 4, "{issued}");
    let http = Client::new();
    let key = citizen_key("001099012345");
    let token = p.login(&http, &account, &key);

    let (s, _, page) = b.get("/officer/citizens?id_number=001099012345");
    assert_eq!(s, 200);
    assert!(page.contains(r#"id="block""#) && !page.contains(r#"id="blocked""#));
    let block = format!("/officer/accounts/{account}/block");
    let (s, _, _) = b.post(&block, &[("csrf", &csrf), ("reason", "")]);
    assert_eq!(s, 422, "a reason is needed");
    let (s, h, _) = b.post(
        &block,
        &[
            ("csrf", &csrf),
            ("reason", "Mất điện thoại"),
            ("id_number", "001099012345"),
        ],
    );
    assert_eq!(s, 303);
    assert_eq!(
        h[LOCATION],
        "/officer/citizens?id_number=001099012345&notice=phone_blocked"
    );
    assert_eq!(count(&p, current, &account), 0);
    let blocked = "SELECT COUNT(*) FROM documents WHERE account_id = $1 AND state = 'blocked'";
    assert_eq!(count(&p, blocked, &account), issued);
    // Its session ended and it cannot start another, even with its own key.
    let (s, _) = common::call(&http, "GET", &p.url("/v1/account"), Some(&token), None);
    assert_eq!(s, 401);
    let (_, ch) = common::call(
        &http,
        "POST",
        &p.url("/v1/sessions/challenge"),
        None,
        Some(&serde_json::json!({"account_id": account})),
    );
    let challenge = ch["challenge"].as_str().unwrap();
    let sig = key
        .sign(format!("eid-portal login v1:{account}:{challenge}").as_bytes())
        .unwrap();
    let (s, body) = common::call(
        &http,
        "POST",
        &p.url("/v1/sessions"),
        None,
        Some(
            &serde_json::json!({"account_id": account, "challenge": challenge,
            "signature": hex::encode(sig)}),
        ),
    );
    assert_eq!((s, body["code"].as_str()), (403, Some("forbidden")));
    let (_, _, page) = b.get("/officer/citizens?id_number=001099012345");
    assert!(page.contains(r#"id="blocked""#) && !page.contains(r#"id="block""#));
    assert_eq!(
        b.post(&block, &[("csrf", &csrf), ("reason", "again")]).0,
        409
    );

    // A move to a new phone lifts the block and re-issues the documents there.
    let new_key = SoftwareKey::from_seed("web", b"new phone");
    let new_hex = hex::encode(new_key.public_key().compressed());
    let state = p.state.clone();
    let id = account.clone();
    p.rt.block_on(async move {
        let mut tx = state.begin_write().await.unwrap();
        eid_portal_server::moves::rebind(&mut tx, &state, &id, &new_hex)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    });
    assert_eq!(count(&p, current, &account), issued);
    p.login(&http, &account, &new_key);
}

#[test]
fn an_officers_reads_reach_the_citizens_feed() {
    let p = InProcess::start();
    let account = waiting_citizen(&p, "001099012345");
    let mut b = Browser::new(&p);
    b.sign_in("officer", "officer", "demo-officer-pass");
    assert_eq!(b.get(&format!("/officer/upgrades/{account}")).0, 200);
    assert_eq!(b.get("/officer/citizens?id_number=001099012345").0, 200);
    // Signing in and listing queues are not reads of this citizen's data.
    assert_eq!(b.get("/officer/upgrades").0, 200);
    let http = Client::new();
    let token = p.login(&http, &account, &citizen_key("001099012345"));
    let (s, feed) = common::call(&http, "GET", &p.url("/v1/feed"), Some(&token), None);
    assert_eq!(s, 200);
    let looks: Vec<(&str, &str)> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "access")
        .map(|i| {
            (
                i["access"]["by"].as_str().unwrap(),
                i["access"]["action"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        looks,
        [
            ("officer", "opened_upgrade"),
            ("officer", "looked_up_account")
        ]
    );
    // The officer's name stays in the audit log; the citizen is told "an officer".
    assert!(!feed.to_string().contains("\"officer\":"));
    assert!(!feed.to_string().contains("demo-officer"));
}

#[test]
fn a_citizen_blocks_their_lost_phone_with_the_revocation_code() {
    use eid_portal_api::revocation::{code_hash, normalize};
    let p = InProcess::start();
    let account = waiting_citizen(&p, "001099012345");
    let mut officer = Browser::new(&p);
    let (_, csrf) = officer.sign_in("officer", "officer", "demo-officer-pass");
    officer.post(
        &format!("/officer/upgrades/{account}/decision"),
        &[("decision", "approve"), ("csrf", &csrf)],
    );
    let http = Client::new();
    let token = p.login(&http, &account, &citizen_key("001099012345"));
    let code = "K7QM-3PXA-9TBD-W2FH";
    let hash = code_hash(&account, &normalize(code).unwrap());
    let (s, _) = common::call(
        &http,
        "POST",
        &p.url("/v1/account/revocation-code"),
        Some(&token),
        Some(&serde_json::json!({"code_hash": "not hex"})),
    );
    assert_eq!(s, 422);
    let (s, _) = common::call(
        &http,
        "POST",
        &p.url("/v1/account/revocation-code"),
        Some(&token),
        Some(&serde_json::json!({"code_hash": hash})),
    );
    assert_eq!(s, 204);

    let mut citizen = Browser::new(&p);
    let (s, h, page) = citizen.get("/lost-phone?lang=en");
    assert_eq!(s, 200);
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    let form = hidden_csrf(&page);
    // No form cookie, no block.
    let mut stranger = Browser::new(&p);
    let tries = [
        ("csrf", form.as_str()),
        ("id_number", "001099012345"),
        ("code", code),
    ];
    assert_eq!(stranger.post("/lost-phone", &tries).0, 403);
    // A wrong code and an unknown ID number get the same answer.
    for (id, typed) in [
        ("001099012345", "K7QM-3PXA-9TBD-W2FJ"),
        ("079090000002", code),
    ] {
        let (s, _, page) = citizen.post(
            "/lost-phone",
            &[("csrf", &form), ("id_number", id), ("code", typed)],
        );
        assert_eq!(s, 422);
        assert!(page.contains("The ID number or the code is not right"));
    }
    let current = "SELECT COUNT(*) FROM documents WHERE account_id = $1 AND state = 'current'";
    assert!(count(&p, current, &account) >= 4);
    // Typed in lower case with spaces: still the code.
    let (s, _, page) = citizen.post(
        "/lost-phone",
        &[
            ("csrf", &form),
            ("id_number", "001099012345"),
            ("code", "k7qm 3pxa 9tbd w2fh"),
        ],
    );
    assert_eq!(s, 200, "{page}");
    assert!(page.contains(r#"id="blocked-done""#));
    assert_eq!(count(&p, current, &account), 0);
    let (s, _) = common::call(&http, "GET", &p.url("/v1/account"), Some(&token), None);
    assert_eq!(s, 401, "its session ended");
    let mut supervisor = Browser::new(&p);
    supervisor.sign_in("officer", "supervisor", "demo-supervisor-pass");
    let log = supervisor.get("/officer/audit").2;
    assert!(log.contains("lost-phone page") && log.contains("blocked_phone"));

    // Tries are limited per address before anything is looked up (three were made above).
    let token2 = hidden_csrf(&citizen.get("/lost-phone").2);
    let wrong = [
        ("csrf", token2.as_str()),
        ("id_number", "079090000002"),
        ("code", code),
    ];
    assert_eq!(citizen.post("/lost-phone", &wrong).0, 422);
    assert_eq!(citizen.post("/lost-phone", &wrong).0, 422);
    assert_eq!(citizen.post("/lost-phone", &wrong).0, 429);
}

#[test]
fn a_service_that_must_keep_answers_keeps_them_out_of_sight_until_its_retention_ends() {
    let p = InProcess::start();
    let mut desk = Browser::new(&p);
    let (s, csrf) = desk.sign_in("desk", "other-service", "other-secret");
    assert_eq!(s, 303);
    let (at, id) = request_full_name(&mut desk, &csrf, "Lưu trú");
    store_answer(&p, &id, r#"{"full_name":"Nguyễn Thị Mẫu"}"#, 1);
    let (s, h, _) = desk.post(&format!("{at}/done"), &[("csrf", &csrf)]);
    assert_eq!((s, h[LOCATION].to_str().unwrap()), (303, at.as_str()));
    let (_, _, page) = desk.get(&format!("{at}?lang=en"));
    assert!(
        page.contains(r#"id="kept""#) && page.contains("1 day(s)"),
        "{page}"
    );
    assert!(!page.contains("Nguyễn Thị Mẫu"), "kept out of sight");
    let kept = |p: &InProcess| {
        let pool = p.state.pool.clone();
        let rid = id.clone();
        p.rt.block_on(async move {
            sqlx::query_scalar::<_, Option<String>>(
                "SELECT disclosed FROM share_requests WHERE id = $1",
            )
            .bind(rid)
            .fetch_one(&pool)
            .await
        })
        .unwrap()
    };
    assert!(kept(&p).is_some());
    let purge = |p: &InProcess| {
        p.rt.block_on(eid_portal_server::purge::run_once(&p.state))
            .unwrap()
            .share_answers
    };
    p.clock.fetch_add(86_400 - 60, Ordering::SeqCst);
    assert_eq!(purge(&p), 0);
    assert!(kept(&p).is_some());
    p.clock.fetch_add(120, Ordering::SeqCst);
    assert_eq!(purge(&p), 1);
    assert_eq!(kept(&p), None);
}
