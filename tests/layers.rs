//! Data flows one way (STYLE 9): a stage of the pipeline uses only the stages before it and
//! the shared vocabulary below them. This test reads `src/` and checks every `crate::…` path
//! in code (not in comments) against the order that `src/lib.rs` gives.

use std::collections::BTreeSet;
use std::path::Path;

/// The shared vocabulary: used by every stage, using no stage.
const VOCABULARY: &[&str] = &[
    "dates", "error", "format", "model", "print", "problem", "rules", "schema", "unwind",
];

/// The stages in the order data flows (src/lib.rs).
const STAGES: &[&str] = &[
    "discover",
    "read",
    "validate",
    "ingest",
    "group",
    "evaluate",
    "spotcheck",
    "summary",
    "consolidate",
    "output",
    "terminal",
];

/// Beside the line: tools and the command line, free to use any stage.
const BESIDE: &[&str] = &[
    "allocator",
    "cli",
    "cmd",
    "fill",
    "fuzzing",
    "lib",
    "main",
    "template",
];

/// Rank of a module: vocabulary 0, stages from 1; `None` beside the line.
fn rank(module: &str) -> Option<usize> {
    if VOCABULARY.contains(&module) {
        return Some(0);
    }
    STAGES.iter().position(|s| *s == module).map(|i| i + 1)
}

/// The top-level modules a source file names as `crate::m` or `crate::{m, …}` in code.
fn used_modules(source: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item.trim().chars().take_while(is_ident).collect();
                    if !name.is_empty() {
                        used.insert(name);
                    }
                }
            } else {
                let name: String = rest.chars().take_while(is_ident).collect();
                used.insert(name);
            }
        }
    }
    used
}

fn is_ident(c: &char) -> bool {
    c.is_ascii_alphanumeric() || *c == '_'
}

fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_stage_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = top_module(&src, entry.path());
        seen.insert(module.clone());
        let Some(own) = rank(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for used in used_modules(&text) {
            if used == module || used == "Error" {
                continue;
            }
            match rank(&used) {
                Some(r) if r > own || (own == 0 && r > 0) => wrong.push(format!(
                    "{} uses crate::{used}",
                    entry.path().strip_prefix(&src).unwrap().display()
                )),
                None if !BESIDE.contains(&used.as_str()) => {
                    wrong.push(format!("crate::{used} is in no list of this test"))
                }
                None => wrong.push(format!(
                    "{} (a stage) uses crate::{used}, which is beside the line",
                    entry.path().strip_prefix(&src).unwrap().display()
                )),
                _ => {}
            }
        }
    }
    for module in &seen {
        assert!(
            rank(module).is_some() || BESIDE.contains(&module.as_str()),
            "src/{module} is in no list of this test: add it where it belongs"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_paths_are_found_in_code_only() {
    let text = "use crate::{evaluate, group::Stations};\n// crate::output in a comment\nlet x = crate::read::open(b);";
    let found: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(found, ["evaluate", "group", "read"]);
}
