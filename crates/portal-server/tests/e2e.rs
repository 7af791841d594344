//! The portal as a real process on loopback, driven over HTTP, on SQLite and on PostgreSQL (a
//! throwaway server started by scripts/pg-throwaway.sh): registration with the demo one-time
//! code, device-key login, applications exactly once, and one citizen never seeing another's data.

use eid_credential::{Signer, SoftwareKey};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Portal {
    child: Child,
    base: String,
    log: Receiver<String>,
    _dir: tempfile_dir::Dir,
}

mod tempfile_dir {
    /// A folder removed when dropped.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Portal {
    /// Starts the portal on `db`, or on a SQLite file in a fresh folder when `db` is `None`.
    fn start(db: Option<&str>) -> Portal {
        let dir = std::env::temp_dir().join(format!(
            "eid-portal-e2e-{}-{}",
            std::process::id(),
            db.is_some()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let db = match db {
            Some(url) => url.to_owned(),
            None => format!("sqlite://{}?mode=rwc", dir.join("portal.db").display()),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_eid-portal"))
            .args(["serve", "--listen", "127.0.0.1:0", "--demo", "--db", &db])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, log) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(30))
            .expect("the portal starts");
        let base = first
            .split("listening on ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_owned();
        Portal {
            child,
            base,
            log,
            _dir: tempfile_dir::Dir(dir),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn code_for(&self, registration: &str) -> String {
        loop {
            let line = self
                .log
                .recv_timeout(Duration::from_secs(10))
                .expect("a demo code in the log");
            if let Some(rest) = line.strip_prefix(&format!(
                "eid-portal: demo one-time code for registration {registration}: "
            )) {
                return rest.trim().to_owned();
            }
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Registers and signs in a citizen; returns (account id, token).
fn citizen(p: &Portal, http: &Client, id_number: &str, seed: &[u8]) -> (String, String) {
    let key = SoftwareKey::from_seed("e2e-device", seed);
    let reg: Value = http
        .post(p.url("/v1/registrations"))
        .json(&json!({
            "id_number": id_number, "phone": "0912345678", "full_name": "Nguyễn Văn Thử",
            "date_of_birth": "1990-03-15", "device_public_key": hex::encode(key.public_key().compressed()),
        }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let reg_id = reg["registration_id"].as_str().unwrap().to_owned();
    let code = p.code_for(&reg_id);
    let wrong = http
        .post(p.url(&format!("/v1/registrations/{reg_id}/verify")))
        .json(&json!({"code": "x"}))
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let account: Value = http
        .post(p.url(&format!("/v1/registrations/{reg_id}/verify")))
        .json(&json!({ "code": code }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(account["level"], 1, "{account}");
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let ch: Value = http
        .post(p.url("/v1/sessions/challenge"))
        .json(&json!({"account_id": account_id}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let challenge = ch["challenge"].as_str().unwrap();
    let message = format!("eid-portal login v1:{account_id}:{challenge}");
    let signature = hex::encode(key.sign(message.as_bytes()).unwrap());
    let session: Value = http
        .post(p.url("/v1/sessions"))
        .json(&json!({"account_id": account_id, "challenge": challenge, "signature": signature}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    // A challenge works once.
    let again = http
        .post(p.url("/v1/sessions"))
        .json(&json!({"account_id": account_id, "challenge": challenge, "signature": signature}))
        .send()
        .unwrap();
    assert_eq!(again.status(), 401);
    (account_id, session["token"].as_str().unwrap().to_owned())
}

fn residence(reason: &str) -> Value {
    json!({
        "kind": "temporary_residence",
        "address": {"line": "12 Phố Huế", "ward": "Ngô Thì Nhậm", "district": "Hai Bà Trưng", "province": "Hà Nội"},
        "from": "2099-01-01", "until": "2099-12-31", "reason": reason,
        "host": {"full_name": "Trần Văn Chủ", "id_number": "001080000001", "relationship": "tenant"}
    })
}

/// A throwaway PostgreSQL server, stopped and removed when dropped.
struct Postgres {
    dir: std::path::PathBuf,
    url: String,
}

impl Postgres {
    fn start() -> Postgres {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-throwaway.sh");
        let dir = std::env::temp_dir().join(format!("eid-pg-{}", std::process::id()));
        let port = (20_000 + std::process::id() % 20_000).to_string();
        let out = Command::new(script)
            .arg("start")
            .arg(&dir)
            .arg(&port)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "PostgreSQL did not start (scripts/setup.sh installs Debian's postgresql): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let url = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        Postgres { dir, url }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-throwaway.sh");
        let _ = Command::new(script).arg("stop").arg(&self.dir).status();
    }
}

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

    let (_, a) = citizen(p, &http, "001099000001", b"a");
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

    // Another citizen sees none of it, and level 1 cannot ask for a criminal-record certificate.
    let (_, b) = citizen(p, &http, "001099000002", b"b");
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
