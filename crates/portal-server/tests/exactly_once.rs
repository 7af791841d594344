//! Exactly once under faults, on SQLite and on PostgreSQL: a wallet queues N = 1,000
//! applications, then client processes send them through a fault proxy that delays
//! connections, resets them after the request reached the portal (the portal committed, the
//! client never heard), resets them at once, swallows them (client timeouts) and goes down for
//! seconds; some client processes are killed mid-send and restarted. Afterwards the portal
//! holds exactly N applications with N distinct keys and N distinct forms, the wallet's outbox
//! is empty and it knows N applications.
//!
//! A plain `main` (harness = false): it re-runs itself inside `keyctl session -` so the wallet's
//! keystore (the kernel's session keyring) is shared by the client processes it starts, and
//! the same binary is the client process (`EID_EO_CLIENT`).

mod common;

use common::{Portal, Postgres};
use eid_faultproxy::{BlockingFaultProxy, Fault};
use eid_portal_api::forms::ApplicationForm;
use eid_portal_client::PortalClient;
use eid_wallet::Registration;
use eid_wallet::Wallet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 1000;
const PIN: &str = "246810";

fn wallet(home: &Path) -> Wallet {
    common::keyutils_wallet(home)
}

fn form(i: usize) -> ApplicationForm {
    common::absence_form(i, "exactly-once")
}

/// The client process: unlock, then sync (which sends due outbox items first) a few times.
fn client(home: &Path, portal: &str) {
    let mut w = wallet(home);
    w.unlock(PIN).unwrap();
    // A fresh connection per call, so every call meets the proxy's faults on its own.
    let mut c = PortalClient::without_keep_alive(portal, Duration::from_secs(1)).unwrap();
    for _ in 0..5 {
        if let Ok(report) = w.retry_now(&mut c) {
            println!("sent {} waiting {}", report.sent, report.waiting);
        }
        if w.outbox().map(|o| o.is_empty()).unwrap_or(false) {
            return;
        }
    }
}

fn outbox_len(home: &Path) -> usize {
    let mut w = wallet(home);
    w.unlock(PIN).unwrap();
    w.outbox().unwrap().len()
}

fn run_client(home: &Path, portal: &str, kill_after: Option<Duration>) -> bool {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("EID_EO_CLIENT", home)
        .env("EID_EO_PORTAL", portal)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    match kill_after {
        Some(d) => {
            std::thread::sleep(d);
            let killed = child.try_wait().unwrap().is_none();
            let _ = child.kill();
            let _ = child.wait();
            killed
        }
        None => {
            let _ = child.wait();
            false
        }
    }
}

/// Counts on the portal's own database: (applications, distinct forms, completed keys).
fn server_counts(db: &str) -> (i64, i64, i64) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(db).await.unwrap();
        let one = |q: &'static str| {
            let pool = pool.clone();
            async move {
                let row = sqlx::query(q).fetch_one(&pool).await.unwrap();
                sqlx::Row::get::<i64, _>(&row, 0)
            }
        };
        (
            one("SELECT COUNT(*) FROM applications").await,
            one("SELECT COUNT(DISTINCT form) FROM applications").await,
            one("SELECT COUNT(*) FROM idempotency WHERE state = 'completed'").await,
        )
    })
}

fn scenario(name: &str, p: &Portal) {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("wallet");
    let upstream = p.base.trim_start_matches("http://").parse().unwrap();
    let proxy = BlockingFaultProxy::start(upstream).unwrap();
    let via_proxy = format!("http://{}", proxy.addr());

    // Register directly, then queue N applications offline.
    {
        let mut w = wallet(&home);
        w.create(PIN).unwrap();
        let mut c = PortalClient::new(&p.base, Duration::from_secs(10)).unwrap();
        let who = Registration {
            id_number: "092303006418".into(),
            phone: "0945817362".into(),
            full_name: "Ngô Thị Kim Ngân".into(),
            date_of_birth: "2003-01-15".into(),
        };
        let reg = w.register(&c, &who).unwrap();
        let code = p.code_for(&reg);
        common::registered(w.verify_code(&mut c, &reg, &code).unwrap());
        for i in 0..N {
            w.apply(&form(i), None).unwrap();
        }
        assert_eq!(w.outbox().unwrap().len(), N);
    }

    // Faults: a seeded mix per connection, the proxy down now and then, clients killed.
    let mix = [
        (Fault::None, 50),
        (Fault::Latency { millis: 80 }, 15),
        (Fault::ResetAfterRequest, 20),
        (Fault::ResetImmediately, 10),
        (Fault::Blackhole, 2),
    ];
    proxy.set_random(7, &mix);
    let mut kills = 0;
    let mut downs = 0;
    for round in 0..400 {
        if round % 9 == 4 {
            proxy.set(Fault::Down);
            run_client(&home, &via_proxy, Some(Duration::from_millis(1500)));
            proxy.set_random(7 + round, &mix);
            downs += 1;
        } else if round % 3 == 0 {
            let after = Duration::from_millis(150 + (round * 37) % 500);
            if run_client(&home, &via_proxy, Some(after)) {
                kills += 1;
            }
        } else {
            run_client(&home, &via_proxy, None);
        }
        if round >= 12 && outbox_len(&home) == 0 {
            break;
        }
    }
    // Calm network: whatever is left goes through.
    proxy.set(Fault::None);
    for _ in 0..20 {
        if outbox_len(&home) == 0 {
            break;
        }
        run_client(&home, &via_proxy, None);
    }

    let stats = proxy.stats();
    let (apps, forms, keys) = server_counts(&p.db);
    let mut w = wallet(&home);
    w.unlock(PIN).unwrap();
    let outbox = w.outbox().unwrap();
    let local = w.applications().unwrap();
    let mut ids: Vec<_> = local.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    ids.dedup();
    println!(
        "{name}: {apps} applications, {forms} distinct forms, {keys} keys; wallet: {} applications, {} in outbox; \
         {kills} clients killed mid-send, proxy down {downs} times; connections {stats:?}; {:.0} s",
        local.len(),
        outbox.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        apps, N as i64,
        "{name}: exactly N applications on the portal"
    );
    assert_eq!(
        forms, N as i64,
        "{name}: N distinct forms: nothing lost, nothing doubled"
    );
    assert_eq!(
        keys, N as i64,
        "{name}: N distinct idempotency keys completed"
    );
    assert!(outbox.is_empty(), "{name}: outbox empty: {outbox:?}");
    assert_eq!(
        ids.len(),
        N,
        "{name}: the wallet knows N distinct applications"
    );
    assert!(kills >= 3, "{name}: clients were killed mid-send ({kills})");
    assert!(downs >= 1);
    assert!(stats.reset_after_request > 0 && stats.reset_immediately > 0 && stats.latency > 0);
}

fn inside_session() {
    scenario("sqlite", &Portal::start(None));
    let pg = Postgres::start();
    scenario("postgres", &Portal::start(Some(&pg.url)));
}

fn main() {
    if let (Some(home), Some(portal)) = (
        std::env::var_os("EID_EO_CLIENT"),
        std::env::var("EID_EO_PORTAL").ok(),
    ) {
        client(Path::new(&home), &portal);
        return;
    }
    eid_testkit::keyctl::in_session("the exactly-once test", inside_session);
}
