//! `gsw check *.xlsx` on Windows. A Unix shell expands `*` before gsw starts; cmd and
//! PowerShell hand it over as typed, and opening `*.xlsx` fails ("Invalid name (os error
//! 123)"). So on Windows gsw expands the file arguments of `check` itself.
//!
//! Only `*` and `?` make an argument a pattern: Windows forbids both in file names, so an
//! argument holding one cannot name a file. `[` and `]` are allowed in names (`报表[1].xlsx`)
//! and stay literal. Matching ignores case, as Windows does, and `*` stays within a folder.

use crate::cli::CheckArgs;
use crate::Error;
use std::path::{Path, PathBuf};

/// `gsw check`, with its file arguments expanded where the shell did not (Windows).
/// A pattern that matches no file is named, and the exit status is then at least 2
/// (a file could not be read), as when a shell hands over an unmatched pattern.
pub fn run_check(mut args: CheckArgs) -> Result<u8, Error> {
    if !cfg!(windows) {
        return crate::cmd::check::run(&args);
    }
    let expanded = expand(&args.files);
    for pattern in &expanded.unmatched {
        eprintln!("{}", unmatched_message(pattern));
    }
    if expanded.files.is_empty() {
        return Ok(2);
    }
    args.files = expanded.files;
    let code = crate::cmd::check::run(&args)?;
    Ok(if expanded.unmatched.is_empty() {
        code
    } else {
        code.max(2)
    })
}

/// The arguments with each pattern replaced by the files it matches.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// In the order given; a pattern's matches in name order.
    pub files: Vec<PathBuf>,
    /// Patterns that matched no file.
    pub unmatched: Vec<PathBuf>,
}

/// Expands `*` and `?` in each argument; other arguments pass unchanged (a missing file
/// is then reported by `check` itself). Folders and Excel's lock files (`~$报表.xlsx`,
/// hidden on Windows, so `dir *.xlsx` does not show them either) are not matches.
pub fn expand(args: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    for arg in args {
        let Some(pattern) = arg.to_str().filter(|s| is_pattern(s)) else {
            out.files.push(arg.clone());
            continue;
        };
        let matches: Vec<PathBuf> = glob::glob_with(&literal_brackets(pattern), options())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|p| p.is_file() && !is_lock_file(p))
            .collect();
        if matches.is_empty() {
            out.unmatched.push(arg.clone());
        } else {
            out.files.extend(matches);
        }
    }
    out
}

/// Whether the argument holds a wildcard that Windows forbids in a file name.
fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?'])
}

/// `[` and `]` as themselves: the glob syntax reads them as a set of characters.
fn literal_brackets(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        match c {
            '[' => out.push_str("[[]"),
            ']' => out.push_str("[]]"),
            c => out.push(c),
        }
    }
    out
}

fn options() -> glob::MatchOptions {
    glob::MatchOptions {
        case_sensitive: false,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    }
}

fn is_lock_file(path: &Path) -> bool {
    (path.file_name().and_then(|n| n.to_str())).is_some_and(|n| n.starts_with("~$"))
}

fn unmatched_message(pattern: &Path) -> String {
    let here = std::env::current_dir()
        .map(|d| format!("（在 {} 中查找）", d.display()))
        .unwrap_or_default();
    format!(
        "错误: 没有与 {} 相符的文件{here}。请检查文件名，或先进入报表所在的文件夹再运行。",
        pattern.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn folder(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            let path = dir.path().join(name);
            if let Some(folder) = name.strip_suffix('/') {
                fs::create_dir_all(dir.path().join(folder)).unwrap();
            } else {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, b"x").unwrap();
            }
        }
        dir
    }

    fn names(dir: &Path, paths: &[PathBuf]) -> Vec<String> {
        let rel = |p: &PathBuf| p.strip_prefix(dir).unwrap_or(p).display().to_string();
        paths.iter().map(rel).collect()
    }

    #[test]
    fn patterns_become_the_files_they_match_in_name_order() {
        let dir = folder(&[
            "乙站.xlsx",
            "甲站.XLSX",
            "报表[1].xlsx",
            "~$甲站.xlsx",
            "说明.txt",
            "子文件夹.xlsx/",
            "子文件夹/丙站.xlsx",
        ]);
        let d = dir.path();
        let args = [
            d.join("*.xlsx"),
            d.join("说明.txt"),
            d.join("报表[1].xlsx"),
            d.join("?站.xlsx"),
        ];
        let got = expand(&args);
        assert_eq!(
            names(d, &got.files),
            [
                "乙站.xlsx",
                "报表[1].xlsx",
                "甲站.XLSX",
                "说明.txt",
                "报表[1].xlsx",
                "乙站.xlsx",
                "甲站.XLSX",
            ]
        );
        assert!(got.unmatched.is_empty());
    }

    #[test]
    fn brackets_are_literal_and_a_pattern_may_cross_no_folder() {
        let dir = folder(&["报表[1].xlsx", "报表1.xlsx", "子/丙站.xlsx"]);
        let d = dir.path();
        let got = expand(&[d.join("报表[1]*"), d.join("*丙站.xlsx"), d.join("*/丙*")]);
        assert_eq!(names(d, &got.files), ["报表[1].xlsx", "子/丙站.xlsx"]);
        assert_eq!(names(d, &got.unmatched), ["*丙站.xlsx"]);
    }

    #[test]
    fn a_pattern_matching_nothing_is_named_and_plain_names_pass_unchanged() {
        let dir = folder(&["甲站.xlsx"]);
        let d = dir.path();
        let got = expand(&[d.join("*.xls"), d.join("没有这个文件.xlsx")]);
        assert_eq!(names(d, &got.files), ["没有这个文件.xlsx"]);
        assert_eq!(names(d, &got.unmatched), ["*.xls"]);
        let message = unmatched_message(Path::new("*.xls"));
        assert!(
            message.starts_with("错误: 没有与 *.xls 相符的文件（在 ")
                && message.ends_with("中查找）。请检查文件名，或先进入报表所在的文件夹再运行。"),
            "{message}"
        );
    }
}
