//! Crash safety: a child process writes documents and log entries in a loop and is killed with
//! SIGKILL at 20 seeded random moments. After each kill the database must open, pass
//! `cipher_integrity_check` and `integrity_check`, and hold every write the child reported as
//! committed. (A plain `main`: the test re-runs its own binary as the child.)

use eid_store::records::{Action, Activity};
use eid_store::Db;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

const KEY: [u8; 32] = [0x11; 32];
const RUNS: usize = 20;

fn child(path: &std::path::Path) {
    let mut db = Db::open(path, &KEY).expect("child opens");
    let mut i = db.documents().expect("list").len() as u64;
    let out = std::io::stdout();
    loop {
        db.transaction(|db| {
            db.put_document(
                &format!("doc-{i:06}"),
                "health_insurance",
                &vec![i as u8; 700],
                i,
            )?;
            db.log(&Activity {
                at: i,
                action: Action::Receive,
                doc_type: Some("health_insurance".into()),
                fields: vec![],
                counterpart: None,
                result: "ok".into(),
            })
        })
        .expect("write");
        let mut o = out.lock();
        writeln!(o, "{i}").unwrap();
        o.flush().unwrap();
        i += 1;
    }
}

fn main() {
    if let Ok(path) = std::env::var("EID_CRASH_CHILD_DB") {
        child(std::path::Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.db");
    drop(Db::create(&path, &KEY).unwrap());
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2026);
    let mut acknowledged: Vec<u64> = Vec::new();
    for run in 0..RUNS {
        let mut c = Command::new(std::env::current_exe().unwrap())
            .env("EID_CRASH_CHILD_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let wait_ms = 40 + rng.next_u32() % 400;
        std::thread::sleep(Duration::from_millis(u64::from(wait_ms)));
        c.kill().unwrap(); // SIGKILL on Unix
        let status = c.wait().unwrap();
        assert!(
            !status.success(),
            "run {run}: the child must have been killed"
        );
        let mut text = String::new();
        let mut reader = std::io::BufReader::new(c.stdout.take().unwrap());
        while reader.read_line(&mut text).unwrap() > 0 {}
        // Only complete lines were acknowledged; a cut last line was not.
        let complete = text.rfind('\n').map_or("", |n| &text[..n]);
        acknowledged.extend(complete.lines().map(|l| l.parse::<u64>().unwrap()));
        let db = Db::open(&path, &KEY).unwrap();
        let problems = db.integrity_problems().unwrap();
        assert!(problems.is_empty(), "run {run}: {problems:?}");
        let ids: std::collections::HashSet<String> =
            db.documents().unwrap().into_iter().map(|d| d.id).collect();
        for i in &acknowledged {
            assert!(
                ids.contains(&format!("doc-{i:06}")),
                "run {run}: acknowledged write {i} lost"
            );
        }
        assert_eq!(
            db.activity(usize::MAX >> 1).unwrap().len(),
            ids.len(),
            "run {run}: document and log written together"
        );
        println!(
            "run {run:2}: killed after {wait_ms:3} ms, {} writes acknowledged in all, {} present",
            acknowledged.len(),
            ids.len()
        );
    }
    assert!(
        acknowledged.len() > RUNS,
        "the children wrote too little to test anything"
    );
    println!(
        "crash test: {RUNS} kills, {} acknowledged writes, none lost",
        acknowledged.len()
    );
}
