//! Builds the demo registry's portraits into the binary, like `assets/registry.json`: writes
//! `$OUT_DIR/demo_portraits.rs`, a table of (id number, display portrait, counter portrait) made
//! from `assets/portraits/<id number>.display.<ext>` and `<id number>.counter.<ext>`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap())
        .join("../../assets/portraits")
        .canonicalize()
        .expect("assets/portraits exists");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut pairs: BTreeMap<String, [Option<PathBuf>; 2]> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("assets/portraits is readable") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let mut parts = name.splitn(3, '.');
        let (Some(id), Some(role)) = (parts.next(), parts.next()) else {
            continue;
        };
        let slot = match role {
            "display" => 0,
            "counter" => 1,
            _ => continue,
        };
        pairs.entry(id.to_owned()).or_default()[slot] = Some(path.clone());
    }
    let mut out = String::from(
        "/// (id number, display portrait, counter portrait) of each demo citizen.\n\
         pub(crate) const DEMO_PORTRAITS: &[(&str, &[u8], &[u8])] = &[\n",
    );
    for (id, [display, counter]) in pairs {
        let (Some(display), Some(counter)) = (display, counter) else {
            panic!("assets/portraits: {id} needs both a display and a counter portrait");
        };
        writeln!(
            out,
            "    ({id:?}, include_bytes!({:?}), include_bytes!({:?})),",
            display.display().to_string(),
            counter.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("demo_portraits.rs");
    std::fs::write(dest, out).unwrap();
}
