//! `eid wallet …` end to end through the real kernel keystore (`EID_KEYSTORE=keyutils`): the test
//! re-runs itself inside `keyctl session -` so every `eid` process shares one session keyring.
//! (tests/reboot.rs runs the wallet on the desktop's store, the Secret Service.)
//! Standard error of every command is checked for the sample citizen's name: nothing personal
//! is ever logged. (A plain `main`, so the re-run is one process tree.)

use std::path::Path;
use std::process::{Command, Output};

const AT: &str = "2026-11-22T08:30:00Z";
const NAME: &str = "Nguyễn Thị Mẫu";

fn eid(home: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eid"));
    c.arg("wallet")
        .arg("--home")
        .arg(home)
        .args(["--at", AT])
        .args(args);
    for k in [
        "EID_PIN",
        "EID_NEW_PIN",
        "EID_PASSPHRASE",
        "EID_HOME",
        "EID_TRUST",
    ] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains(NAME),
        "a personal value on stderr of {args:?}: {err}"
    );
    out
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn inside_session() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("wallet");
    let pin = [("EID_PIN", "135790")];
    let created = eid(&home, &pin, &["create"]);
    ok(&created);
    assert!(
        String::from_utf8_lossy(&created.stderr).contains("emptied at logout and reboot"),
        "create says the kernel keyring does not survive a reboot"
    );
    let keystore: serde_json::Value =
        serde_json::from_str(&ok(&eid(&home, &[], &["keystore"]))).unwrap();
    assert_eq!(
        keystore,
        serde_json::json!({"kind": "kernel_keyring", "survives_reboot": false})
    );
    let id = ok(&eid(
        &home,
        &pin,
        &["add-sample", "--type", "health_insurance"],
    ))
    .trim()
    .to_owned();
    let list = ok(&eid(&home, &pin, &["list"]));
    assert!(
        list.contains(&id) && list.contains("health_insurance"),
        "{list}"
    );
    let show = ok(&eid(&home, &pin, &["show", &id]));
    assert!(
        show.contains(NAME),
        "show prints the fields on stdout: {show}"
    );

    let png = tmp.path().join("qr.png");
    let text = ok(&eid(
        &home,
        &pin,
        &[
            "present",
            &id,
            "--fields",
            "full_name,insurance_number",
            "--audience",
            "clinic",
            "--png",
            png.to_str().unwrap(),
        ],
    ));
    assert!(text.starts_with("EP1:"));
    let scanned = Command::new(env!("CARGO_BIN_EXE_eid"))
        .arg("scan")
        .arg(&png)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(scanned.stdout).unwrap(), text);

    let sample = tmp.path().join("sample");
    let s = Command::new(env!("CARGO_BIN_EXE_eid"))
        .args(["sample", "--seed", "1", "--at", AT, "--out"])
        .arg(&sample)
        .output()
        .unwrap();
    assert!(s.status.success());
    let trust = sample.join("trust-list.cbor");
    let verify = |qr: &str| {
        eid(
            &home,
            &pin,
            &["verify", "--trust", trust.to_str().unwrap(), "--text", qr],
        )
    };
    let verified = ok(&verify(text.trim()));
    assert!(verified.contains("\"valid\": true"), "{verified}");
    // Each `eid` call is a new process with an empty replay memory, so a damaged QR stands in
    // for an invalid one here (replays are tested on the facade's Counter).
    let damaged = verify("EP1:QED8WEX0");
    assert_eq!(damaged.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&damaged.stdout).contains("\"malformed\""));

    let log = ok(&eid(&home, &pin, &["log"]));
    assert!(
        log.contains("\"present\"")
            && log.contains("\"verify\"")
            && log.contains("insurance_number"),
        "{log}"
    );
    assert!(!log.contains(NAME), "the log holds field names only");

    let wrong = eid(&home, &[("EID_PIN", "000000")], &["list"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("wrong PIN (9 tries left"),
        "{wrong:?}"
    );
    let missing = eid(&home, &[], &["list"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "no PIN given is a usage error"
    );

    let backup = tmp.path().join("w.eidbak");
    let pass = [
        ("EID_PIN", "135790"),
        ("EID_PASSPHRASE", "a long recovery passphrase"),
    ];
    ok(&eid(
        &home,
        &pass,
        &["backup", "--out", backup.to_str().unwrap()],
    ));
    let no_pin = eid(&home, &[], &["reset", "--yes"]);
    assert_eq!(
        no_pin.status.code(),
        Some(2),
        "a wallet that opens is wiped only with its PIN"
    );
    let wrong = eid(&home, &[("EID_PIN", "000000")], &["reset", "--yes"]);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong_pin"));
    assert_eq!(
        eid(&home, &pin, &["list"]).status.code(),
        Some(0),
        "still there"
    );
    ok(&eid(&home, &pin, &["reset", "--yes"]));
    assert_eq!(eid(&home, &pin, &["list"]).status.code(), Some(1), "wiped");

    // Restore with secrets on standard input: passphrase, then the new PIN.
    let mut c = Command::new(env!("CARGO_BIN_EXE_eid"));
    c.arg("wallet")
        .arg("--home")
        .arg(&home)
        .args(["--at", AT, "--stdin", "restore"])
        .arg(&backup);
    c.env_remove("EID_PIN").env_remove("EID_PASSPHRASE");
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long recovery passphrase\n246802\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = ok(&eid(&home, &[("EID_PIN", "246802")], &["list"]));
    assert!(list.contains("\"needs_rebinding\": true"), "{list}");
    let refused = eid(
        &home,
        &[("EID_PIN", "246802")],
        &["present", &id, "--fields", "full_name"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("needs_rebinding"));
    println!(
        "eid wallet: create, add, list, show, present, verify, log, backup, reset, restore passed"
    );
}

fn main() {
    eid_testkit::keyctl::in_session("the wallet CLI test", inside_session);
}
