//! ZXing's black-box QR images (photos and renderings, Apache-2.0). Counts how many decode to
//! the expected text and guards against a regression below the count measured when the scanner
//! was chosen. A decode that returns *wrong* text fails outright.

use eid_qr::scan;
use std::path::{Path, PathBuf};

/// Decoded on 2026-11-23 by `scan_image_bytes` (rxing 0.9.3): see docs/benchmarks.md.
const EXPECTED_AT_LEAST: usize = 53;

fn images(set: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(set).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "png" || x == "jpg") {
            let text = std::fs::read_to_string(p.with_extension("txt")).unwrap();
            out.push((p, text));
        }
    }
    out.sort();
    out
}

#[test]
fn zxing_blackbox_qr_sets() {
    let root = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/qr/zxing-blackbox"
    ));
    let (mut total, mut decoded, mut missed) = (0, 0, Vec::new());
    for set in ["qrcode-1", "qrcode-2"] {
        for (path, want) in images(&root.join(set)) {
            total += 1;
            let got = scan::scan_image_bytes(&std::fs::read(&path).unwrap()).unwrap();
            if got.iter().any(|t| t.trim_end() == want.trim_end()) {
                decoded += 1;
            } else {
                assert!(got.is_empty(), "{}: wrong text {got:?}", path.display());
                missed.push(format!(
                    "{set}/{}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert_eq!(total, 55);
    println!("decoded {decoded}/{total}; missed {missed:?}");
    assert!(
        decoded >= EXPECTED_AT_LEAST,
        "decoded {decoded}/{total}, missed {missed:?}"
    );
}
