//! The `eid` command-line contract (docs/cli.md), through the real binary.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const AT: &str = "2026-11-22T08:30:00Z";

fn eid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eid"))
        .args(args)
        .env_remove("EID_TRUST")
        .env_remove("EID_TRUST_ANCHOR")
        .output()
        .expect("eid runs")
}

fn eid_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_eid"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eid runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn sample(dir: &Path, seed: &str) {
    let out = eid(&[
        "sample",
        "--out",
        dir.to_str().unwrap(),
        "--seed",
        seed,
        "--at",
        AT,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

#[test]
fn sample_is_byte_for_byte_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    sample(a.path(), "1");
    sample(b.path(), "1");
    sample(c.path(), "2");
    for name in [
        "trust-list.cbor",
        "trust-list.json",
        "document.cbor",
        "document.json",
        "presentation.cbor",
        "presentation.txt",
        "presentation.png",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        let z = std::fs::read(c.path().join(name)).unwrap();
        assert_eq!(x, y, "{name} differs for the same seed");
        assert_ne!(x, z, "{name} is the same for another seed");
    }
}

#[test]
fn verify_text_image_and_stdin() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let trust = path(d.path(), "trust-list.cbor");
    let text = std::fs::read_to_string(d.path().join("presentation.txt")).unwrap();
    let at = "2026-11-22T08:30:05Z";
    let by_text = eid(&[
        "verify",
        "--trust",
        &trust,
        "--at",
        at,
        "--text",
        text.trim(),
    ]);
    assert_eq!(by_text.status.code(), Some(0));
    let v = json(&by_text);
    assert_eq!(v["valid"], true);
    assert_eq!(v["reason"], Value::Null);
    assert_eq!(v["doc_type"], "health_insurance");
    assert_eq!(v["presented_at"], AT);
    assert_eq!(v["verified_at"], at);
    assert_eq!(v["revocation"]["checked"], true);
    let fields = v["fields"].as_object().unwrap();
    let mut names: Vec<_> = fields.keys().cloned().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "date_of_birth",
            "full_name",
            "insurance_number",
            "valid_from",
            "valid_until"
        ]
    );
    assert_eq!(fields["full_name"], "Nguyễn Thị Mẫu");
    assert_eq!(fields["valid_until"], "2026-12-31");

    let by_image = eid(&[
        "verify",
        "--trust",
        &trust,
        "--at",
        at,
        "--image",
        &path(d.path(), "presentation.png"),
    ]);
    assert_eq!(by_image.status.code(), Some(0));
    assert_eq!(json(&by_image)["fields"], v["fields"]);

    let by_stdin = eid_stdin(&["verify", "--trust", &trust, "--at", at, "-"], &text);
    assert_eq!(
        by_stdin.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&by_stdin.stderr)
    );
    assert_eq!(json(&by_stdin)["valid"], true);
}

#[test]
fn invalid_presentations_exit_1_with_a_reason() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let trust = path(d.path(), "trust-list.cbor");
    let text = std::fs::read_to_string(d.path().join("presentation.txt")).unwrap();
    let stale = eid(&[
        "verify",
        "--trust",
        &trust,
        "--at",
        "2026-11-22T08:31:01Z",
        "--text",
        text.trim(),
    ]);
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(json(&stale)["reason"], "stale");
    let junk = eid(&["verify", "--trust", &trust, "--at", AT, "--text", "hello"]);
    assert_eq!(junk.status.code(), Some(1));
    assert_eq!(json(&junk)["reason"], "malformed");
    // The trust list of another seed does not know this issuer.
    let other = tempfile::tempdir().unwrap();
    sample(other.path(), "2");
    let foreign = eid(&[
        "verify",
        "--trust",
        &path(other.path(), "trust-list.cbor"),
        "--at",
        AT,
        "--text",
        text.trim(),
    ]);
    assert_eq!(foreign.status.code(), Some(1));
    assert_eq!(json(&foreign)["reason"], "unknown_issuer");
    // Pinning another anchor refuses the bundle.
    let pinned = eid(&[
        "verify",
        "--trust",
        &trust,
        "--anchor",
        "0011223344556677",
        "--at",
        AT,
        "--text",
        text.trim(),
    ]);
    assert_eq!(pinned.status.code(), Some(1));
    assert_eq!(json(&pinned)["reason"], "bad_trust_list");
    // A damaged trust bundle.
    let bad = d.path().join("bad.cbor");
    let mut bytes = std::fs::read(&trust).unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 0x55;
    std::fs::write(&bad, bytes).unwrap();
    let damaged = eid(&[
        "verify",
        "--trust",
        bad.to_str().unwrap(),
        "--at",
        AT,
        "--text",
        text.trim(),
    ]);
    assert_eq!(damaged.status.code(), Some(1));
    assert_eq!(json(&damaged)["reason"], "bad_trust_list");
}

#[test]
fn a_printed_card_verifies_again_and_again_unless_the_counter_wants_a_phone() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let trust = path(d.path(), "trust-list.cbor");
    let text = std::fs::read_to_string(d.path().join("printed-card.txt")).unwrap();
    assert!(text.starts_with("EC1:"), "{text}");
    // Years later, and twice: a printed card has no freshness window and no replay check.
    for at in ["2030-01-01T00:00:00Z", "2030-01-01T00:00:00Z"] {
        let out = eid(&[
            "verify",
            "--trust",
            &trust,
            "--at",
            at,
            "--text",
            text.trim(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let v = json(&out);
        assert_eq!(v["binding"], "printed_card");
        assert_eq!(v["has_portrait"], true);
        assert_eq!(v["fields"]["id_number"], "001099012345");
    }
    let image = path(d.path(), "printed-card.png");
    let out = eid(&["verify", "--trust", &trust, "--at", AT, "--image", &image]);
    assert_eq!(out.status.code(), Some(0));
    let phone_only = eid(&[
        "verify",
        "--trust",
        &trust,
        "--at",
        AT,
        "--phone-only",
        "--text",
        text.trim(),
    ]);
    assert_eq!(phone_only.status.code(), Some(1));
    assert_eq!(json(&phone_only)["reason"], "printed_card_not_accepted");
    // A phone presentation passes a phone-only counter.
    let phone = std::fs::read_to_string(d.path().join("presentation.txt")).unwrap();
    let out = eid(&[
        "verify",
        "--trust",
        &trust,
        "--at",
        AT,
        "--phone-only",
        "--text",
        phone.trim(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["binding"], "device");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let trust = path(d.path(), "trust-list.cbor");
    for args in [
        vec!["verify", "--text", "x"],
        vec![
            "verify",
            "--trust",
            "/nonexistent/trust.cbor",
            "--text",
            "x",
        ],
        vec![
            "verify",
            "--trust",
            &trust,
            "--at",
            "yesterday",
            "--text",
            "x",
        ],
        vec!["verify", "--trust", &trust],
        vec!["verify", "--trust", &trust, "--image", "/nonexistent.png"],
        vec!["scan", "/nonexistent.png"],
        vec!["frobnicate"],
    ] {
        let out = eid(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} explains itself");
    }
}

#[test]
fn scan_prints_the_text_and_exits_1_without_a_qr() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let text = std::fs::read_to_string(d.path().join("presentation.txt")).unwrap();
    let out = eid(&["scan", &path(d.path(), "presentation.png")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);

    // A valid PNG with no QR in it.
    let blank = d.path().join("blank.png");
    std::fs::write(&blank, image_of_gray(64, 64, 255)).unwrap();
    let none = eid(&["scan", blank.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no QR code"));

    let corrupt = d.path().join("corrupt.png");
    std::fs::write(&corrupt, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let bad = eid(&["scan", corrupt.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
}

fn image_of_gray(w: u32, h: u32, level: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer
        .write_image_data(&vec![level; (w * h) as usize])
        .unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn sample_png_decodes_in_zbar() {
    let d = tempfile::tempdir().unwrap();
    sample(d.path(), "1");
    let text = std::fs::read_to_string(d.path().join("presentation.txt")).unwrap();
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", &path(d.path(), "presentation.png")])
        .output()
        .expect("zbarimg must be installed (Debian package zbar-tools; scripts/setup.sh does it)");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        text.trim_end()
    );
}

#[test]
fn idcard_qr_reads_and_refuses() {
    let ok = eid(&[
        "idcard",
        "--text",
        "001099012345|123456789|Nguyễn Văn Mẫu|14031985|Nam|Số 1 Phố Mẫu, Hà Nội|15062021",
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let v = json(&ok);
    assert_eq!(v["id_number"], "001099012345");
    let bad = eid(&["idcard", "--text", "0010990|x"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn demo_runs_every_step() {
    let d = tempfile::tempdir().unwrap();
    let out = eid(&["demo", "--out", d.path().to_str().unwrap(), "--no-qr"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("VALID: health_insurance"));
    assert!(stdout.contains("REFUSED (replayed)"));
}

#[test]
fn trust_says_when_the_portal_cannot_be_reached_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trust.cbor");
    let o = eid(&[
        "trust",
        "--portal",
        "http://127.0.0.1:9",
        "--timeout",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stderr).trim().is_empty());
    assert!(!out.exists());
}
