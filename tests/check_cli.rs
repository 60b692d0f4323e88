//! `gsw check` as a college runs it: readable Chinese list, errors first, exit status
//! 0 (no errors), 1 (errors), 2 (could not be checked); `--json` for machines.

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

#[test]
fn errors_end_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报表.xlsx");
    common::messy_report(&path);
    let (_, out) = check(&path, false);
    assert_eq!(
        out.lines().last(),
        Some(
            "  有 6 个错误：请按上列工作表和单元格逐一改正并保存，再运行 gsw check 检查，没有错误后再报送。"
        ),
        "{out}"
    );
}

/// Exit 2 is "could not be checked": unreadable, no spreadsheet, or a workbook of no known
/// kind (README: 退出码); the reason is said once, and several files end with a count.
#[test]
fn a_workbook_of_no_known_kind_could_not_be_checked_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("通讯录.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("通讯录").unwrap();
    wb.save(&other).unwrap();
    let (code, out) = check(&other, false);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        out,
        format!(
            "{}: 无法检查。不是可识别的报表（工作表: 通讯录）。年度基本数据报表缺少工作表 基本信息、进站研究生；\
             工作站名册缺少工作表 工作站名册；专家评议表缺少工作表 专家评议；若工作表被改名，请人工核对\n",
            other.display()
        )
    );

    let clean = dir.path().join("好.xlsx");
    common::clean_report(&clean);
    let messy = dir.path().join("报表.xlsx");
    common::messy_report(&messy);
    let out = gsw(&[
        "check".as_ref(),
        clean.as_os_str(),
        messy.as_os_str(),
        other.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some("共检查 3 个文件：1 个没有错误，1 个有错误，1 个无法检查。"),
        "{stdout}"
    );
}

/// SPEC §9.5: a .zip is checked as `consolidate` reads it, each member under its path in
/// the archive; what the folder walk ignores is shown, not counted.
#[test]
fn a_zip_is_checked_member_by_member() {
    use common::zips::{member, zip_bytes};
    let dir = tempfile::tempdir().unwrap();
    let (clean, messy) = (dir.path().join("甲.xlsx"), dir.path().join("乙.xlsx"));
    common::clean_report(&clean);
    common::messy_report(&messy);
    let zip = dir.path().join("学院.zip");
    let members = [
        member("甲站.xlsx", std::fs::read(&clean).unwrap()),
        member("乙站/报表.xlsx", std::fs::read(&messy).unwrap()),
        member("乙站/~$报表.xlsx", "lock"),
        member("说明.txt", "见附件"),
    ];
    std::fs::write(&zip, zip_bytes(&members)).unwrap();
    let (code, out) = check(&zip, false);
    assert_eq!(code, 1, "{out}");
    let shown = zip.display().to_string();
    for line in [
        format!("{shown}/乙站/报表.xlsx（年度基本数据报表）: 6 个错误，3 个警告"),
        format!("{shown}/甲站.xlsx（年度基本数据报表）: 0 个错误"),
        format!("{shown}/说明.txt: 非表格文件"),
        format!("{shown}/乙站/~$报表.xlsx: Excel/WPS 临时锁定文件"),
        "共检查 2 个文件：1 个没有错误，1 个有错误，0 个无法检查。".to_string(),
    ] {
        assert!(out.contains(&line), "{line}\n{out}");
    }
    assert!(out.contains("进站研究生!E8  进站日期"), "{out}");

    let (code, out) = check(&zip, true);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = (v.as_array().unwrap().iter())
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    assert_eq!(v[0]["kind"], "压缩包");
    let messy = (v.as_array().unwrap().iter())
        .find(|f| f["file"].as_str().unwrap().ends_with("/乙站/报表.xlsx"))
        .unwrap();
    assert_eq!(messy["errors"], 6);

    // A damaged archive cannot be checked.
    let broken = dir.path().join("坏.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let (code, out) = check(&broken, false);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("无法检查。文件已损坏或不完整，无法作为压缩包打开"),
        "{out}"
    );
}
