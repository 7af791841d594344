//! Exactly once across replicas under process and database faults: three `eid-portal`
//! processes behind HAProxy (scripts/portal-cluster.sh) on one SQLite file, then on a
//! PostgreSQL primary with a synchronous standby. A wallet sends N = 1,000 queued applications
//! through HAProxy while, at seeded random moments, a portal process is SIGKILLed and started
//! again, and two duplicate senders post the very same submissions (same idempotency key, same
//! body, the wallet's own session) straight to other replicas at the same time. On PostgreSQL
//! the primary is killed in the middle and the standby promoted. Afterwards the database holds
//! exactly N applications with N distinct forms and N completed keys, the wallet's outbox is
//! empty and it knows N applications.
//!
//! A plain `main` (harness = false) that re-runs itself inside `keyctl session -`, so the
//! wallet's keystore (the kernel's session keyring) is its own.

mod common;

use eid_portal_api::forms::ApplicationForm;
use eid_portal_client::PortalClient;
use eid_wallet::{Registration, Wallet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const N: usize = 1000;
const PIN: &str = "246810";

/// A small seeded generator (xorshift), so every run kills at the same offsets.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/portal-cluster.sh")
}

fn cluster(args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(script())
        .args(args)
        .env("EID_PORTAL_BIN", env!("CARGO_BIN_EXE_eid-portal"))
        .output()
        .expect("run portal-cluster.sh");
    assert!(
        out.status.success(),
        "portal-cluster.sh {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn wallet(home: &Path) -> Wallet {
    common::keyutils_wallet(home)
}

fn form(i: usize) -> ApplicationForm {
    common::absence_form(i, "replicas")
}

/// The demo code of a registration, from whichever portal's log has it.
fn code_for(dir: &Path, registration_id: &str) -> String {
    let mark = format!("registration {registration_id}: ");
    for _ in 0..200 {
        for n in 1..=3 {
            let log =
                std::fs::read_to_string(dir.join(format!("portal-{n}.log"))).unwrap_or_default();
            if let Some(code) = log
                .lines()
                .filter_map(|l| l.split_once(&mark).map(|(_, c)| c.trim().to_owned()))
                .next_back()
            {
                return code;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no code for {registration_id}");
}

/// (applications, distinct forms, completed keys) in the database.
fn counts(db: &str) -> (i64, i64, i64) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(db).await.unwrap();
        let mut out = Vec::new();
        for q in [
            "SELECT COUNT(*) FROM applications",
            "SELECT COUNT(DISTINCT form) FROM applications",
            "SELECT COUNT(*) FROM idempotency WHERE state = 'completed'",
        ] {
            let row = sqlx::query(q).fetch_one(&pool).await.unwrap();
            out.push(sqlx::Row::get::<i64, _>(&row, 0));
        }
        (out[0], out[1], out[2])
    })
}

fn scenario(name: &str, mode: &str, port: u16, seed: u64) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let cdir = dir.path().join("cluster");
    let cdir_s = cdir.to_str().unwrap().to_owned();
    let base = cluster(&["start", &cdir_s, &port.to_string(), mode]);
    let replica = |n: u16| format!("http://127.0.0.1:{}", port + n);
    let home = dir.path().join("wallet");

    let mut w = wallet(&home);
    w.create(PIN).unwrap();
    let mut c = PortalClient::new(&base, Duration::from_secs(10)).unwrap();
    let who = Registration {
        id_number: "092303006418".into(),
        phone: "0945817362".into(),
        full_name: "Ngô Thị Kim Ngân".into(),
        date_of_birth: "2003-01-15".into(),
    };
    let reg = w.register(&c, &who).unwrap();
    let code = code_for(&cdir, &reg);
    common::registered(w.verify_code(&mut c, &reg, &code).unwrap());
    for i in 0..N {
        w.apply(&form(i), None).unwrap();
    }
    let queued: Vec<(String, String)> = w
        .outbox()
        .unwrap()
        .into_iter()
        .map(|e| (e.idempotency_key, e.body))
        .collect();
    assert_eq!(queued.len(), N);
    w.login(&mut c).unwrap();
    let token = c.token().unwrap().to_owned();

    let done = Arc::new(AtomicBool::new(false));
    let delivered = Arc::new(AtomicU64::new(0));
    // Kills and restarts at seeded moments; on PostgreSQL, one failover after a third.
    let chaos = {
        let (done, delivered, cdir_s) = (done.clone(), delivered.clone(), cdir_s.clone());
        let promote = mode == "replicated";
        std::thread::spawn(move || {
            let mut rng = Seeded(seed);
            let (mut kills, mut outage_ms) = (0, None);
            while !done.load(Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(150 + rng.below(450)));
                if promote
                    && outage_ms.is_none()
                    && delivered.load(Ordering::Acquire) > N as u64 / 3
                {
                    let at = Instant::now();
                    let before = delivered.load(Ordering::Acquire);
                    cluster(&["promote", &cdir_s]);
                    while delivered.load(Ordering::Acquire) == before
                        && !done.load(Ordering::Acquire)
                    {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    outage_ms = Some(at.elapsed().as_millis());
                    continue;
                }
                let n = (1 + rng.below(3)).to_string();
                cluster(&["kill", &cdir_s, &n]);
                kills += 1;
                std::thread::sleep(Duration::from_millis(100 + rng.below(300)));
                cluster(&["restart", &cdir_s, &n]);
            }
            (kills, outage_ms)
        })
    };
    // The same submissions, straight to replicas 2 and 3 (one sender each, opposite orders).
    let duplicates: Vec<_> = [2u16, 3]
        .into_iter()
        .map(|n| {
            let (done, token, url) = (done.clone(), token.clone(), replica(n));
            let mut order = queued.clone();
            if n == 3 {
                order.reverse();
            }
            std::thread::spawn(move || {
                let mut sent = 0;
                for (key, body) in order {
                    if done.load(Ordering::Acquire) {
                        break;
                    }
                    let mut c =
                        PortalClient::without_keep_alive(&url, Duration::from_secs(2)).unwrap();
                    c.set_token(Some(token.clone()));
                    if c.submit_raw(body.as_bytes(), &key).is_ok() {
                        sent += 1;
                    }
                }
                sent
            })
        })
        .collect();
    // The wallet, through HAProxy, until its outbox is empty.
    let mut c = PortalClient::new(&base, Duration::from_secs(3)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        if let Ok(report) = w.retry_now(&mut c) {
            delivered.fetch_add(report.sent as u64, Ordering::AcqRel);
        }
        if w.outbox().unwrap().is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done.store(true, Ordering::Release);
    let (kills, outage_ms) = chaos.join().unwrap();
    let dup_sent: Vec<usize> = duplicates.into_iter().map(|d| d.join().unwrap()).collect();

    let db = if mode == "sqlite" {
        format!("sqlite://{}/portal.db", cdir.display())
    } else {
        format!("postgres://eid@127.0.0.1:{}/eid", port + 10)
    };
    let (apps, forms, keys) = counts(&db);
    let outbox = w.outbox().unwrap();
    let mut ids: Vec<_> = w
        .applications()
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    ids.sort();
    ids.dedup();
    println!(
        "{name}: {apps} applications, {forms} forms, {keys} keys; wallet {} applications, {} in outbox; \
         {kills} portal kills; duplicates accepted by replicas 2 and 3: {dup_sent:?}; \
         failover outage {outage_ms:?} ms; {:.0} s",
        ids.len(),
        outbox.len(),
        started.elapsed().as_secs_f64()
    );
    cluster(&["stop", &cdir_s]);
    assert_eq!(apps, N as i64, "{name}: exactly N applications");
    assert_eq!(forms, N as i64, "{name}: N distinct forms");
    assert_eq!(keys, N as i64, "{name}: N distinct completed keys");
    assert!(outbox.is_empty(), "{name}: the outbox is empty");
    assert_eq!(ids.len(), N, "{name}: the wallet knows N applications");
    assert!(kills >= 3, "{name}: portals were killed ({kills})");
    assert!(
        dup_sent.iter().all(|&n| n > 0),
        "{name}: duplicates reached the replicas"
    );
    if mode == "replicated" {
        assert!(outage_ms.is_some(), "{name}: the primary failed over");
    }
}

fn main() {
    eid_testkit::keyctl::in_session("the replica-faults test", || {
        scenario("sqlite, 3 portals", "sqlite", 18300, 0x5eed_0001);
        scenario(
            "postgres primary + sync standby, 3 portals",
            "replicated",
            18400,
            0x5eed_0002,
        );
    });
}
