//! The app's security configuration stays as reviewed: a strict Content-Security-Policy, and a
//! capability that grants the main window exactly the app's own commands and nothing else.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap()
}

fn commands() -> BTreeSet<String> {
    read("commands.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_csp_allows_only_the_app_itself() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    let all: String = csp
        .iter()
        .map(|(k, v)| format!("{k} {}; ", v.as_str().unwrap()))
        .collect();
    assert!(!all.contains("unsafe-eval"), "{all}");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "no inline or remote scripts");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["base-uri"], "'none'");
    assert_eq!(csp["frame-src"], "'none'");
    for source in all.split([' ', ';']).filter(|s| s.contains("://")) {
        assert_eq!(
            source, "http://ipc.localhost",
            "no remote origin may be allowed"
        );
    }
    for (directive, value) in csp {
        assert!(
            !value
                .as_str()
                .unwrap()
                .split(' ')
                .any(|s| s == "*" || s == "https:" || s == "http:"),
            "{directive} allows any origin"
        );
    }
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert_eq!(
        conf["app"]["security"]["capabilities"],
        serde_json::json!(["main"])
    );
}

#[test]
fn the_main_window_may_call_exactly_the_apps_commands() {
    let cap = json("capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_owned())
        .collect();
    let wanted: BTreeSet<String> = commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(granted, wanted, "no core, plugin or extra permission");
    let files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    assert_eq!(
        files,
        vec!["main.json"],
        "one capability, for the one window"
    );
}

#[test]
fn every_registered_command_is_listed_and_every_listed_one_registered() {
    let lib = read("src/lib.rs");
    let start = lib.find("generate_handler![").unwrap();
    let end = start + lib[start..].find("])").unwrap();
    let registered: BTreeSet<String> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap().to_owned())
        .collect();
    assert_eq!(registered, commands());
    assert_eq!(registered.len(), 50);
}
