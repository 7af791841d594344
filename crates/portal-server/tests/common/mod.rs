//! The portal as a real process on loopback for the integration tests: start it (SQLite in a
//! fresh folder, or a throwaway PostgreSQL), read the demo one-time codes from its log, and
//! register and sign in citizens and officers.

#![allow(dead_code)]

pub mod in_process;

use eid_credential::{Signer, SoftwareKey};
use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

pub struct Portal {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database URL it serves from.
    pub db: String,
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
    pub fn start(db: Option<&str>) -> Portal {
        Portal::start_with(db, None)
    }

    /// As [`Portal::start`], with a configuration file holding `config` (officers and services
    /// are the demo's in any case).
    pub fn start_with(db: Option<&str>, config: Option<Value>) -> Portal {
        Portal::start_wrapped(db, config, &[])
    }

    /// As [`Portal::start_with`], run through the command `wrapper` (e.g. `prlimit
    /// --nofile=256:256`).
    pub fn start_wrapped(db: Option<&str>, config: Option<Value>, wrapper: &[&str]) -> Portal {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "eid-portal-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let db = match db {
            Some(url) => url.to_owned(),
            None => format!("sqlite://{}?mode=rwc", dir.join("portal.db").display()),
        };
        // EID_PORTAL_BIN runs the tests against another build (e.g. an older one, to see that a
        // test fails there).
        let bin = std::env::var_os("EID_PORTAL_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_eid-portal").into());
        let mut cmd = match wrapper.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--demo",
            "--db",
            &db,
            "--keys",
        ])
        .arg(dir.join("keys.json"));
        if let Some(config) = config {
            let path = dir.join("config.json");
            std::fs::write(&path, config.to_string()).unwrap();
            cmd.arg("--config").arg(path);
        }
        let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
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
            db,
            base,
            log,
            _dir: tempfile_dir::Dir(dir),
        }
    }

    /// The folder the portal keeps its SQLite file and keys in.
    pub fn folder(&self) -> &std::path::Path {
        &self._dir.0
    }

    /// The portal process's id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn code_for(&self, registration: &str) -> String {
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

/// Who registers.
pub struct Person<'a> {
    pub id_number: &'a str,
    pub phone: &'a str,
    pub full_name: &'a str,
    pub date_of_birth: &'a str,
}

/// Registers `who` with the device `key` (the demo code read from the log); returns the account
/// as the portal answers it.
pub fn register(p: &Portal, http: &Client, who: &Person<'_>, key: &SoftwareKey) -> Value {
    let (status, account) = register_and_verify(p, http, who, key);
    assert_eq!(status, 200, "{account}");
    account
}

/// Registers `who` with the device `key` and enters the right code (after a wrong one): the
/// verification's status and body (200 an account, 202 a move that waits).
pub fn register_and_verify(
    p: &Portal,
    http: &Client,
    who: &Person<'_>,
    key: &SoftwareKey,
) -> (u16, Value) {
    let reg = http
        .post(p.url("/v1/registrations"))
        .json(&json!({
            "id_number": who.id_number, "phone": who.phone, "full_name": who.full_name,
            "date_of_birth": who.date_of_birth, "device_public_key": hex::encode(key.public_key().compressed()),
        }))
        .send()
        .unwrap();
    let status = reg.status();
    let reg: Value = reg.json().unwrap();
    assert_eq!(status, 201, "registration of {}: {reg}", who.id_number);
    let reg_id = reg["registration_id"].as_str().unwrap().to_owned();
    let code = p.code_for(&reg_id);
    let wrong = http
        .post(p.url(&format!("/v1/registrations/{reg_id}/verify")))
        .json(&json!({"code": "x"}))
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let verified = http
        .post(p.url(&format!("/v1/registrations/{reg_id}/verify")))
        .json(&json!({ "code": code }))
        .send()
        .unwrap();
    let status = verified.status().as_u16();
    (status, verified.json().unwrap())
}

/// Signs in with the device key; returns the token.
pub fn login(p: &Portal, http: &Client, account_id: &str, key: &SoftwareKey) -> String {
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
    let session = http
        .post(p.url("/v1/sessions"))
        .json(&json!({"account_id": account_id, "challenge": challenge, "signature": signature}))
        .send()
        .unwrap();
    assert_eq!(session.status(), 200);
    // A challenge works once.
    let again = http
        .post(p.url("/v1/sessions"))
        .json(&json!({"account_id": account_id, "challenge": challenge, "signature": signature}))
        .send()
        .unwrap();
    assert_eq!(again.status(), 401);
    session.json::<Value>().unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The demo registry (assets/registry.json), which registration is checked against.
pub fn registry() -> &'static eid_portal_server::registry::Registry {
    static REGISTRY: std::sync::LazyLock<eid_portal_server::registry::Registry> =
        std::sync::LazyLock::new(eid_portal_server::registry::Registry::demo);
    &REGISTRY
}

/// The demo registry's citizen with `id_number`, as they register.
pub fn resident(id_number: &str) -> Person<'static> {
    // The demo registry is held in memory, so its citizens are lent, never read back.
    let Some(std::borrow::Cow::Borrowed(c)) = registry().find(id_number) else {
        panic!("{id_number} is not in assets/registry.json");
    };
    Person {
        id_number: &c.id_number,
        phone: &c.phone,
        full_name: &c.full_name,
        date_of_birth: &c.date_of_birth,
    }
}

/// Registers and signs in the registry citizen with `id_number` (level 1), with a device key
/// made from `seed`; returns (account id, token).
pub fn citizen(p: &Portal, http: &Client, id_number: &str, seed: &[u8]) -> (String, String) {
    citizen_with_key(
        p,
        http,
        id_number,
        &SoftwareKey::from_seed("e2e-device", seed),
    )
}

/// As [`citizen`], with the device key `key`.
pub fn citizen_with_key(
    p: &Portal,
    http: &Client,
    id_number: &str,
    key: &SoftwareKey,
) -> (String, String) {
    let account = register(p, http, &resident(id_number), key);
    assert_eq!(account["level"], 1, "{account}");
    let account_id = account["account_id"].as_str().unwrap().to_owned();
    let token = login(p, http, &account_id, key);
    (account_id, token)
}

/// The token of a password login (`/v1/officer/sessions`, `/v1/service/sessions`).
pub fn session_token(http: &Client, url: &str, body: Value) -> String {
    let (status, t) = call(http, "POST", url, None, Some(&body));
    assert_eq!(status, 200, "{t}");
    t["token"].as_str().unwrap().to_owned()
}

/// The demo officer's token.
pub fn officer(p: &Portal, http: &Client) -> String {
    let body = json!({"username": "officer", "password": "demo-officer-pass"});
    session_token(http, &p.url("/v1/officer/sessions"), body)
}

/// The officer's in-person check of `account_id` (which asked for level 2), approved; returns
/// the account as the portal answers it (level 2, documents issued).
pub fn approve_level2(p: &Portal, http: &Client, officer: &str, account_id: &str) -> Value {
    let decision = p.url(&format!("/v1/officer/upgrades/{account_id}/decision"));
    let (status, account) = call(
        http,
        "POST",
        &decision,
        Some(officer),
        Some(&json!({"approve": true})),
    );
    assert_eq!(status, 200, "{account}");
    account
}

/// The demo clinic's token.
pub fn service(p: &Portal, http: &Client) -> String {
    let body = json!({"service_id": "clinic-demo", "secret": "demo-clinic-secret"});
    session_token(http, &p.url("/v1/service/sessions"), body)
}

/// A valid temporary-residence form with `reason`.
pub fn residence(reason: &str) -> Value {
    json!({
        "kind": "temporary_residence",
        "address": {"line": "12 Phố Huế", "ward": "Ngô Thì Nhậm", "district": "Hai Bà Trưng", "province": "Hà Nội"},
        "from": "2099-01-01", "until": "2099-12-31", "reason": reason,
        "host": {"full_name": "Trần Văn Chủ", "id_number": "001080000001", "relationship": "tenant"}
    })
}

/// A wallet in `home` on `keystore`, with the system clock and cheap Argon2id parameters.
pub fn wallet_with(
    home: &std::path::Path,
    keystore: std::sync::Arc<dyn eid_store::Keystore>,
) -> eid_wallet::Wallet {
    let mut w = eid_wallet::Wallet::new(
        home,
        keystore,
        std::sync::Arc::new(eid_wallet::SystemClock),
        Box::new(rand_core::OsRng),
    );
    w.pin_kdf = eid_store::kdf::KdfParams::TEST;
    w.backup_kdf = eid_store::kdf::KdfParams::TEST;
    w
}

/// The account a wallet's code verification registered it with (failing if the move waits).
pub fn registered(v: eid_wallet::CodeVerified) -> eid_portal_api::account::AccountView {
    match v {
        eid_wallet::CodeVerified::Registered { account } => account,
        other => panic!("the account did not move here at once: {other:?}"),
    }
}

/// A valid temporary-residence form with `reason`, as the wallet builds it.
pub fn residence_form(reason: &str) -> eid_portal_api::forms::ApplicationForm {
    use eid_portal_api::forms::{Address, ApplicationForm, Host};
    ApplicationForm::TemporaryResidence {
        address: Address {
            line: "Số 3 Trần Phú".into(),
            ward: "Phường Hải Châu I".into(),
            district: "Quận Hải Châu".into(),
            province: "Đà Nẵng".into(),
        },
        from: "2099-01-01".into(),
        until: "2099-06-30".into(),
        reason: reason.into(),
        host: Host {
            full_name: "Phạm Thị Chủ".into(),
            id_number: "048080000001".into(),
            relationship: "tenant".into(),
        },
    }
}

/// A throwaway PostgreSQL server, stopped and removed when dropped.
pub struct Postgres {
    dir: std::path::PathBuf,
    /// The connection URL.
    pub url: String,
}

impl Postgres {
    pub fn start() -> Postgres {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-throwaway.sh");
        let dir = std::env::temp_dir().join(format!("eid-pg-{}", std::process::id()));
        // Below Linux's ephemeral range (32768-60999): a port there can be held by any outgoing
        // connection of the tests, and PostgreSQL then cannot listen on it.
        let port = (20_000 + std::process::id() % 12_000).to_string();
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

/// A client whose connections come from `source` (any 127.0.0.0/8 address reaches a portal on
/// loopback), to act as another network address.
pub fn client_from(source: &str) -> Client {
    Client::builder()
        .local_address(source.parse::<std::net::IpAddr>().unwrap())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Runs `n` copies of `f` (given their index) at once, released together; their results.
pub fn burst<T: Send + 'static>(
    n: usize,
    f: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let f = std::sync::Arc::new(f);
    let start = std::sync::Arc::new(std::sync::Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (f, start) = (f.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                f(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// One HTTP call with an optional bearer token and JSON body: (status, JSON body or null).
pub fn call(
    http: &Client,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut r = http.request(method, url);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(b);
    }
    let r = r.send().unwrap();
    let status = r.status().as_u16();
    let text = r.text().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A wallet in `home` whose keystore is the kernel's session keyring (the tests that use it run
/// inside `keyctl session`), as [`wallet_with`] makes them.
pub fn keyutils_wallet(home: &std::path::Path) -> eid_wallet::Wallet {
    use eid_store::keystore::{KeyringKeystore, KeystoreChoice};
    let keystore = KeyringKeystore::chosen(KeystoreChoice::Keyutils).expect("kernel keystore");
    wallet_with(home, std::sync::Arc::new(keystore))
}

/// Temporary-absence form number `i`, its reason tagged `tag`: every `i` gives a distinct form,
/// so counting distinct forms on the portal counts submissions.
pub fn absence_form(i: usize, tag: &str) -> eid_portal_api::forms::ApplicationForm {
    eid_portal_api::forms::ApplicationForm::TemporaryAbsence {
        from: "2099-01-01".into(),
        until: "2099-02-01".into(),
        destination: eid_portal_api::forms::Address {
            line: format!("Số {i} Đường Thử"),
            ward: "Phường Một".into(),
            district: "Quận Hai".into(),
            province: "Hà Nội".into(),
        },
        reason: format!("{tag} #{i}"),
    }
}
