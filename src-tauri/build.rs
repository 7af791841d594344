//! Builds the app's context and its permission manifest: each command gets an `allow-…`
//! permission, and `capabilities/main.json` grants exactly the ones the window uses.

fn main() {
    let commands: &'static [&'static str] = eid_commands().leak();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build");
}

/// Every command the app registers (keep in step with `src/lib.rs`).
fn eid_commands() -> Vec<&'static str> {
    include_str!("commands.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}
