//! No import cycles between the files of any workspace crate.
//!
//! A file's module depends on another when it names it by path (`use crate::a::b::X`,
//! `crate::a::f()`, `super::b::…`) in its code: not in comments (a doc link is no import), and
//! not in its unit tests (a `#[cfg(test)]` module may use the whole crate). Every crate's `lib.rs`, `main.rs` and `mod.rs` files are
//! indexes (they declare and re-export modules), so paths into them are not dependencies. A
//! cycle means two files that cannot be understood, moved or tested one without the other. This
//! reads the sources instead of running `cargo modules`, which is not on every machine and
//! compiles the whole workspace again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module by its path inside its crate, e.g. `["use_cases", "sync"]`.
type ModPath = Vec<String>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a source file is, or `None` for an index file (`lib.rs`, `main.rs`, `mod.rs`).
fn module_of(src: &Path, file: &Path) -> Option<ModPath> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: ModPath = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    let last = parts.last()?.as_str();
    if matches!(last, "lib" | "main" | "mod") {
        return None;
    }
    if parts.first().is_some_and(|p| p == "bin") {
        parts.remove(0);
    }
    Some(parts)
}

/// The module paths a file's text names, absolute inside the crate: after `crate::`, and after
/// `super::` (relative to `module`), one level of `{a, b::c}` groups included.
fn named_paths(text: &str, module: &ModPath) -> Vec<ModPath> {
    let mut out = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = text;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base = base.clone();
            if prefix == "super::" {
                while let Some(next) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = next;
                }
            }
            for tail in expand(rest) {
                let mut path = base.clone();
                path.extend(tail);
                out.push(path);
            }
        }
    }
    out
}

/// The paths at the start of `rest`: `a::b::C` gives one, `{a::B, c}` gives one per item.
fn expand(rest: &str) -> Vec<ModPath> {
    if let Some(group) = rest.strip_prefix('{') {
        let end = group.find('}').unwrap_or(group.len());
        return group[..end]
            .split(',')
            .map(|item| segments(item.trim()))
            .collect();
    }
    vec![segments(rest)]
}

fn segments(text: &str) -> ModPath {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(rest[..end].to_owned());
        match rest[end..].strip_prefix("::") {
            Some(next) if !next.starts_with('{') => rest = next,
            Some(group) => {
                // `a::{b, c}`: the group's items are under `a`; `a` itself is enough here, the
                // longest known module prefix is taken below.
                let _ = group;
                break;
            }
            None => break,
        }
    }
    out
}

/// The dependencies between one crate's modules.
fn graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<ModPath, PathBuf> = files
        .iter()
        .filter_map(|f| module_of(src, f).map(|m| (m, f.clone())))
        .collect();
    let mut edges = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let text = code.as_str();
        let mut deps = BTreeSet::new();
        for path in named_paths(text, module) {
            // The longest prefix of the path that is a module file of this crate.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p));
            if let Some(target) = target.filter(|t| t != module && !module.starts_with(t)) {
                deps.insert(target);
            }
        }
        edges.insert(module.clone(), deps);
    }
    edges
}

/// A cycle in the graph, as the modules along it, if there is one.
fn find_cycle(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Option<Vec<ModPath>> {
    fn visit(
        m: &ModPath,
        edges: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        done: &mut BTreeSet<ModPath>,
        stack: &mut Vec<ModPath>,
    ) -> Option<Vec<ModPath>> {
        if let Some(at) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(m.clone());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.clone());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        if let Some(c) = visit(m, edges, &mut done, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

/// Every crate's `src` folder in the workspace.
fn crate_sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    out.push(root.join("src-tauri/src"));
    out.sort();
    out
}

#[test]
fn no_crate_has_an_import_cycle() {
    let mut cycles = Vec::new();
    for src in crate_sources() {
        if let Some(cycle) = find_cycle(&graph(&src)) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            cycles.push(format!("{}: {}", src.display(), names.join(" -> ")));
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_check_sees_a_cycle_and_group_imports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("x")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a; pub mod b; pub mod x;").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::{b::Thing, x::y};").unwrap();
    std::fs::write(src.join("b.rs"), "fn f() { crate::x::y::g(); }").unwrap();
    std::fs::write(src.join("x/mod.rs"), "pub mod y;").unwrap();
    std::fs::write(src.join("x/y.rs"), "use super::super::a::A;").unwrap();
    let edges = graph(src);
    let name = |s: &str| s.split("::").map(str::to_owned).collect::<ModPath>();
    assert_eq!(edges[&name("a")], BTreeSet::from([name("b"), name("x::y")]));
    let cycle = find_cycle(&edges).expect("a -> b -> x::y -> a");
    assert_eq!(cycle.len(), 4, "{cycle:?}");

    // A comment or a unit test naming a path is no import; nor is a path of another crate.
    std::fs::write(
        src.join("x/y.rs"),
        "/// See [`crate::a::A`].\nuse somecrate::a::A;\n#[cfg(test)]\nmod tests { use crate::a::A; }",
    )
    .unwrap();
    assert_eq!(find_cycle(&graph(src)), None);
}
