//! The same messy workbook in every format calamine reads, as saved by another program
//! (LibreOffice), must give the same values and the same defects at the same cells.
//!
//! The fixtures under `tests/fixtures/` were made from `common::messy_report` with
//! `cargo run --example make_fixtures`, which runs
//! `soffice --headless --convert-to xls|ods|xlsx` (LibreOffice 7.4, Debian 12).
//! LibreOffice cannot write .xlsb, so no .xlsb fixture from another writer is committed;
//! `tests/xlsb.rs` builds one record by record instead.
//! `encrypted-password-gsw.xlsx` is `messy-libreoffice.xlsx` encrypted with the password
//! `gsw` by `msoffcrypto-tool -e -p gsw` (PyPI msoffcrypto-tool 6.1), since LibreOffice's
//! headless export ignored the password option.

mod common;

use gsw::cmd::check::check_one;
use std::path::{Path, PathBuf};

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
    use gsw::model::FileStatus;
    use gsw::problem::Code;
    let r = check_one(&fixture("encrypted-password-gsw.xlsx"));
    assert_eq!(r.file.status, FileStatus::NotUsed);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].code, Code::FileEncrypted);
    assert!(
        r.problems[0].message.contains("密码"),
        "{}",
        r.problems[0].message
    );
}

#[test]
fn a_fresh_libreoffice_conversion_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("messy.xlsx");
    common::messy_report(&src);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for filter in ["xls", "ods"] {
        let Some(made) = common::soffice_convert(&src, filter, &out) else {
            return;
        };
        common::assert_messy_read(check_one(&made));
    }
}

/// Rewrites an xlsx so that its dates use the 1904 system (as Excel for Mac once did).
fn switch_to_1904(src: &Path, dst: &Path) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            let xml = match xml.find("<workbookPr") {
                Some(i) => format!("{}<workbookPr date1904=\"1\" {}", &xml[..i], &xml[i + 12..]),
                None => xml.replace("<sheets>", "<workbookPr date1904=\"1\"/><sheets>"),
            };
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn dates_in_the_1904_system_are_read_as_the_same_days() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("1900.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("基本信息").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // 2024-07-08 is serial 45481 in the 1900 system and 44019 in the 1904 system.
    ws.write_string(0, 0, "填报日期").unwrap();
    ws.write_number_with_format(0, 1, 44019.0, &date).unwrap();
    ws.write_string(1, 0, "工作站编号").unwrap();
    ws.write_string(1, 1, "S01").unwrap();
    ws.write_string(2, 0, "报告学年").unwrap();
    ws.write_string(2, 1, "2023-2024").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("进站研究生").unwrap();
    wb.save(&src).unwrap();
    let dst = dir.path().join("1904.xlsx");
    switch_to_1904(&src, &dst);
    let r = check_one(&dst);
    let Some(gsw::model::Submission::Report(report)) = r.submission else {
        panic!("not a report");
    };
    assert_eq!(report.info.filed_on, Some(common::date(2024, 7, 8)));
}
