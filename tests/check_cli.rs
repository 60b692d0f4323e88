//! `gsw check` as a college runs it: readable Chinese list, errors first, exit status
//! 0 (no errors), 1 (errors), 2 (cannot be read at all); `--json` for machines.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn gsw(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(args)
        .output()
        .unwrap()
}

fn check(path: &Path, json: bool) -> (i32, String) {
    let mut args = vec![std::ffi::OsStr::new("check"), path.as_os_str()];
    if json {
        args.push(std::ffi::OsStr::new("--json"));
    }
    let out = gsw(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn errors_first_with_sheet_and_cell_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报表.xlsx");
    common::messy_report(&path);
    let (code, out) = check(&path, false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("进站研究生!E8  进站日期: 无法识别的日期 \"2023-13-45\""),
        "{out}"
    );
    let first_warning = out.find("[警告]").unwrap();
    let last_error = out.rfind("[错误]").unwrap();
    assert!(last_error < first_warning, "errors come first:\n{out}");
}

#[test]
fn json_lists_every_problem_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报表.xlsx");
    common::messy_report(&path);
    let (code, out) = check(&path, true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problems = v[0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 10);
    assert_eq!(problems[0]["level"], "错误");
    assert!(problems
        .iter()
        .any(|p| p["sheet"] == "进站研究生" && p["cell"] == "H9" && p["code"] == "bad-number"));
}

#[test]
fn an_unreadable_file_exits_2_and_a_clean_one_0() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("坏文件.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let (code, out) = check(&broken, false);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("坏文件.xlsx"), "{out}");

    let clean = dir.path().join("好.xlsx");
    common::clean_report(&clean);
    let (code, out) = check(&clean, false);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("没有错误"), "{out}");
}
