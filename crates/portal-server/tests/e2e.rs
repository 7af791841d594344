//! The portal as a real process on loopback, driven over HTTP, on SQLite and on PostgreSQL (a
//! throwaway server started by scripts/pg-throwaway.sh): registration with the demo one-time
//! code, device-key login, applications exactly once, and one citizen never seeing another's data.

mod common;

use common::{citizen, residence, Portal, Postgres};
use reqwest::blocking::Client;
use serde_json::{json, Value};

#[test]
fn sqlite_end_to_end() {
    end_to_end(&Portal::start(None));
}

#[test]
fn postgres_end_to_end() {
    let pg = Postgres::start();
    end_to_end(&Portal::start(Some(&pg.url)));
}

fn end_to_end(p: &Portal) {
    let http = Client::new();
    let openapi: Value = http
        .get(p.url("/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(openapi["info"]["title"], "eID Portal API");

    let (_, a) = citizen(p, &http, "048196007215", b"a");
    let submit = |token: &str, key: Option<&str>, body: &Value| {
        let mut r = http
            .post(p.url("/v1/applications"))
            .bearer_auth(token)
            .json(body);
        if let Some(k) = key {
            r = r.header("Idempotency-Key", k);
        }
        r.send().unwrap()
    };
    let first = submit(&a, Some("k-1"), &residence("work"));
    assert_eq!(first.status(), 201);
    let first: Value = first.json().unwrap();
    let retry = submit(&a, Some("k-1"), &residence("work"));
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(
        retry.json::<Value>().unwrap(),
        first,
        "a retry gets the same answer"
    );
    let other_body = submit(&a, Some("k-1"), &residence("study"));
    assert_eq!(other_body.status(), 422);
    assert_eq!(
        other_body.json::<Value>().unwrap()["code"],
        "idempotency_key_reused"
    );
    let missing = submit(&a, None, &residence("work"));
    assert_eq!(missing.status(), 400);
    assert_eq!(
        missing.json::<Value>().unwrap()["code"],
        "idempotency_key_missing"
    );
    let spaced = submit(&a, Some("a key with spaces"), &residence("work"));
    assert_eq!(spaced.status(), 400);
    assert_eq!(
        spaced.json::<Value>().unwrap()["code"],
        "malformed_body",
        "a header that is present but invalid is not missing"
    );
    let non_ascii = http
        .post(p.url("/v1/applications"))
        .bearer_auth(&a)
        .header(
            "Idempotency-Key",
            reqwest::header::HeaderValue::from_bytes("khóa".as_bytes()).unwrap(),
        )
        .json(&residence("work"))
        .send()
        .unwrap();
    assert_eq!(non_ascii.status(), 400);
    assert_eq!(non_ascii.json::<Value>().unwrap()["code"], "malformed_body");
    let invalid = submit(
        &a,
        Some("k-2"),
        &json!({"kind": "temporary_absence", "from": "2099-13-01", "until": "2099-01-01", "destination": {"line": "", "ward": "x", "district": "x", "province": "x"}, "reason": "x"}),
    );
    assert_eq!(invalid.status(), 422);
    let invalid: Value = invalid.json().unwrap();
    assert_eq!(invalid["code"], "invalid_fields");
    assert_eq!(invalid["fields"].as_array().unwrap().len(), 2, "{invalid}");
    let garbage = http
        .post(p.url("/v1/applications"))
        .bearer_auth(&a)
        .header("Idempotency-Key", "k-3")
        .body("{")
        .send()
        .unwrap();
    assert_eq!(garbage.json::<Value>().unwrap()["code"], "malformed_body");
    let mine: Value = http
        .get(p.url("/v1/applications"))
        .bearer_auth(&a)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "exactly one application: {mine}"
    );

    // Concurrent duplicates: one application; the others get 409 or the same answer.
    let url = p.url("/v1/applications");
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    let r = Client::new()
                        .post(&url)
                        .bearer_auth(&a)
                        .header("Idempotency-Key", "k-race")
                        .json(&residence("race"))
                        .send()
                        .unwrap();
                    (r.status().as_u16(), r.json::<Value>().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let created: Vec<_> = answers.iter().filter(|(s, _)| *s == 201).collect();
    assert!(!created.is_empty(), "{answers:?}");
    assert!(
        created.iter().all(|(_, v)| v["id"] == created[0].1["id"]),
        "{answers:?}"
    );
    assert!(
        answers
            .iter()
            .all(|(s, v)| *s == 201 || (*s == 409 && v["code"] == "idempotency_conflict")),
        "{answers:?}"
    );
    let mine: Value = http
        .get(p.url("/v1/applications"))
        .bearer_auth(&a)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2, "one more, not sixteen");

    // Another citizen sees none of it, and level 1 cannot ask for a criminal-record certificate.
    let (_, b) = citizen(p, &http, "048075012689", b"b");
    let id = first["id"].as_str().unwrap();
    let peek = http
        .get(p.url(&format!("/v1/applications/{id}")))
        .bearer_auth(&b)
        .send()
        .unwrap();
    assert_eq!(peek.status(), 404);
    let own = http
        .get(p.url(&format!("/v1/applications/{id}")))
        .bearer_auth(&a)
        .send()
        .unwrap();
    assert_eq!(own.status(), 200);
    let theirs: Value = http
        .get(p.url("/v1/applications"))
        .bearer_auth(&b)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(theirs, json!([]));
    let same_key_other_account = submit(&b, Some("k-1"), &residence("work"));
    assert_eq!(
        same_key_other_account.status(),
        201,
        "keys are scoped to the account"
    );
    let record = submit(
        &b,
        Some("k-9"),
        &json!({"kind": "criminal_record", "certificate": "type1", "purpose": "work", "copies": 1, "delivery": {"line": "1", "ward": "x", "district": "x", "province": "x"}}),
    );
    assert_eq!(record.status(), 403);
    assert_eq!(record.json::<Value>().unwrap()["code"], "level_too_low");

    // Forged and missing tokens.
    for auth in [Some("0".repeat(64)), Some("not-a-token".into()), None] {
        let mut r = http.get(p.url("/v1/applications"));
        if let Some(t) = auth {
            r = r.bearer_auth(t);
        }
        let r = r.send().unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<Value>().unwrap()["code"], "unauthenticated");
    }
}
