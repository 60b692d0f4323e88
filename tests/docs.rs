//! `docs/规则.md` says what the program does: its list of readings and its table of
//! rules-file keys are made from the program (the same texts as the 说明 sheet and
//! `gsw rules`) and checked here. `GSW_BLESS=1 cargo test --test docs` rewrites them.

use gsw::rules::readings::readings;
use gsw::rules::{chinese_name, Rules};
use std::path::Path;

fn doc_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/规则.md")
}

/// Markdown escapes for text in a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn readings_block() -> String {
    let rules = Rules::default();
    let mut out = String::new();
    let with = readings(&rules, true);
    let without = readings(&rules, false);
    for (i, r) in with.iter().enumerate() {
        out.push_str(&format!(
            "{}. {}\n   （所解释的条文：{}）\n",
            i + 1,
            r.text,
            r.clause
        ));
    }
    for (i, r) in without.iter().enumerate().skip(with.len()) {
        out.push_str(&format!(
            "{}. （没有工作站名册时另有此条）{}\n   （所解释的条文：{}）\n",
            i + 1,
            r.text,
            r.clause
        ));
    }
    out
}

fn keys_block() -> String {
    let rules = Rules::default();
    let mut out = String::from("| 项 | 中文名 | 默认值 | 管理办法原文 |\n|---|---|---|---|\n");
    for (key, value, clause) in rules.entries() {
        out.push_str(&format!(
            "| `{key}` | {} | `{}` | {} |\n",
            cell(chinese_name(key)),
            cell(&value),
            cell(clause)
        ));
    }
    let toml = rules.to_commented_toml();
    let limits = toml
        .find("# 读取保护")
        .map(|at| &toml[at..])
        .expect("gsw rules prints the [limits] section");
    out.push_str(&format!("\n```toml\n{}\n```\n", limits.trim_end()));
    out
}

/// Checks (or with GSW_BLESS rewrites) the text between `<!-- name:start -->` and
/// `<!-- name:end -->`.
fn check_block(doc: &mut String, name: &str, want: &str) -> Result<(), String> {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = doc.find(&start).ok_or(format!("{start} missing"))? + start.len();
    let to = from + doc[from..].find(&end).ok_or(format!("{end} missing"))?;
    if doc[from..to] == *want {
        return Ok(());
    }
    if std::env::var_os("GSW_BLESS").is_some() {
        doc.replace_range(from..to, want);
        return Ok(());
    }
    Err(format!(
        "docs/规则.md's {name} block is not what the program says; \
         run GSW_BLESS=1 cargo test --test docs, or put this between the markers:\n{want}"
    ))
}

#[test]
fn the_rules_document_lists_the_programs_readings_and_keys() {
    let mut doc = std::fs::read_to_string(doc_path()).unwrap();
    let before = doc.clone();
    let results = [
        check_block(&mut doc, "readings", &readings_block()),
        check_block(&mut doc, "rules-keys", &keys_block()),
    ];
    if doc != before {
        std::fs::write(doc_path(), &doc).unwrap();
    }
    for r in results {
        r.unwrap();
    }
}

#[test]
fn the_readme_and_the_notes_sheet_point_to_the_rules_document() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("docs/规则.md"));
}
