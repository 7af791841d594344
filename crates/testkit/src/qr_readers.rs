//! The two independent QR readers every rendered PNG must satisfy: zbar's `zbarimg` (Debian
//! zbar-tools) and zxing-cpp (PyPI `zxing-cpp`, pinned with hashes in
//! tests/python/requirements.txt, in the project's .venv), both installed by scripts/setup.sh.
//! A missing reader panics with what to run: it is never skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root folder.
fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).to_path_buf()
}

/// The QR texts `zbarimg` reads in the PNG at `path`, one line each (QR codes only).
pub fn zbar_read(path: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(path)
        .output()
        .expect("zbarimg is installed by scripts/setup.sh (Debian package zbar-tools)");
    assert!(out.status.success(), "zbarimg failed on {}", path.display());
    String::from_utf8(out.stdout)
        .expect("zbarimg prints UTF-8")
        .trim_end()
        .to_owned()
}

/// The QR texts zxing-cpp reads in each PNG of `paths`, by path as given.
pub fn zxing_read(paths: &[&Path]) -> HashMap<String, Vec<String>> {
    let python = root().join(".venv/bin/python");
    let script = root().join("crates/qr/tests/zxing_read.py");
    let out = Command::new(&python)
        .arg(&script)
        .args(paths)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}; scripts/setup.sh makes .venv with zxing-cpp from \
                 tests/python/requirements.txt",
                python.display()
            )
        });
    assert!(
        out.status.success(),
        "{} failed: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("zxing_read.py prints a JSON object")
}
