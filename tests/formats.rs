//! The same messy workbook in every format calamine reads, as saved by another program
//! (LibreOffice), must give the same values and the same defects at the same cells.
//!
//! The fixtures under `tests/fixtures/` were made from `common::messy_report` with
//! `GSW_MAKE_FIXTURES=1 cargo test --test formats make_fixtures -- --ignored`, which runs
//! `soffice --headless --convert-to xls|ods|xlsx` (LibreOffice 7.4, Debian 12).
//! LibreOffice cannot write .xlsb, so no .xlsb fixture from another writer is committed.
//! `encrypted-password-gsw.xlsx` is `messy-libreoffice.xlsx` encrypted with the password
//! `gsw` by `msoffcrypto-tool -e -p gsw` (PyPI msoffcrypto-tool 6.1), since LibreOffice's
//! headless export ignored the password option.

mod common;

use gsw::cmd::check::check_one;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn libreoffice_xls_is_read_with_every_cell_in_place() {
    common::assert_messy_read(check_one(&fixture("messy-libreoffice.xls")));
}

#[test]
fn libreoffice_ods_is_read_with_every_cell_in_place() {
    common::assert_messy_read(check_one(&fixture("messy-libreoffice.ods")));
}

#[test]
fn libreoffice_xlsx_is_read_with_every_cell_in_place() {
    common::assert_messy_read(check_one(&fixture("messy-libreoffice.xlsx")));
}

#[test]
fn a_password_protected_workbook_is_not_used_with_a_clear_reason() {
    use gsw::problem::Code;
    use gsw::summary::FileStatus;
    let r = check_one(&fixture("encrypted-password-gsw.xlsx"));
    assert_eq!(r.entry.status, FileStatus::NotUsed);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].code, Code::FileEncrypted);
    assert!(
        r.problems[0].message.contains("密码"),
        "{}",
        r.problems[0].message
    );
}

/// Converts `src` with LibreOffice into `out_dir` as `filter` (e.g. "xls"); `None` with a
/// printed reason when LibreOffice is not installed.
pub fn soffice_convert(src: &Path, filter: &str, out_dir: &Path) -> Option<PathBuf> {
    let status = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(src)
        .output();
    match status {
        Ok(out) if out.status.success() => {
            let ext = filter.split(':').next().unwrap_or(filter);
            let made = out_dir.join(src.file_stem()?).with_extension(ext);
            made.exists().then_some(made)
        }
        _ => {
            eprintln!("跳过：未安装 LibreOffice（soffice），无法转换 {filter}");
            None
        }
    }
}

#[test]
fn a_fresh_libreoffice_conversion_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("messy.xlsx");
    common::messy_report(&src);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for filter in ["xls", "ods"] {
        let Some(made) = soffice_convert(&src, filter, &out) else {
            return;
        };
        common::assert_messy_read(check_one(&made));
    }
}

#[test]
#[ignore = "regenerates the committed fixtures; needs LibreOffice"]
fn make_fixtures() {
    if std::env::var_os("GSW_MAKE_FIXTURES").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("messy.xlsx");
    common::messy_report(&src);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for filter in ["xls", "ods", "xlsx:Calc MS Excel 2007 XML"] {
        let made = soffice_convert(&src, filter, &out).expect("LibreOffice is needed");
        let ext = made.extension().unwrap().to_str().unwrap().to_string();
        std::fs::copy(&made, fixture(&format!("messy-libreoffice.{ext}"))).unwrap();
    }
}
