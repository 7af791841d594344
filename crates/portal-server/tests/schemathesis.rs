//! Bad input from a property-based fuzzer: schemathesis (PyPI, installed into `.venv` by
//! scripts/setup.sh) generates requests from `/openapi.json` for every operation, as a citizen,
//! as an officer and as a service, and checks that no answer is a server error or outside the
//! documented statuses, content types and schemas. Fixed seed, so a failure reproduces.

mod common;

use common::{citizen, officer, service, Portal};
use reqwest::blocking::Client;
use std::path::PathBuf;
use std::process::Command;

fn schemathesis() -> PathBuf {
    let path = std::env::var_os("EID_SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../.venv/bin/schemathesis"
            ))
        });
    assert!(
        path.exists(),
        "schemathesis is not installed at {} (scripts/setup.sh installs it)",
        path.display()
    );
    path
}

fn run(p: &Portal, who: &str, token: &str) {
    let out = Command::new(schemathesis())
        .arg("run")
        .arg(p.url("/openapi.json"))
        .args(["--url", &p.base])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--phases", "coverage,fuzzing", "--max-examples", "25", "--workers", "2"])
        .args(["--seed", "20261123", "--no-color"])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found problems as {who}:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.contains(" generated, "))
        .unwrap_or_else(|| panic!("no summary from schemathesis as {who}:\n{text}"));
    assert!(
        summary.contains("passed") && !summary.contains("failed"),
        "{who}: {summary}"
    );
    println!("schemathesis as {who}: {}", summary.trim());
}

#[test]
fn no_server_error_and_nothing_outside_the_schema() {
    let p = Portal::start(None);
    let http = Client::new();
    let (_, token) = citizen(&p, &http, "001099000077", b"fuzz");
    run(&p, "a citizen", &token);
    run(&p, "an officer", &officer(&p, &http));
    run(&p, "a service", &service(&p, &http));
}
