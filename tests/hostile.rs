//! Hostile and broken files: each is a clear file-level problem (or is read, where it can
//! be), the run goes on, and nothing panics or hangs. Fixtures are made in code.

mod common;

use gsw::discover::{Class, Found};
use gsw::ingest::{read_file, FileResult};
use gsw::model::FileStatus;
use gsw::model::Format;
use gsw::problem::Code;
use gsw::rules::Limits;
use std::io::Write;
use std::path::Path;

fn found(path: &Path) -> Found {
    let meta = std::fs::metadata(path).ok();
    Found {
        path: path.to_path_buf(),
        rel: path.file_name().unwrap().to_string_lossy().into_owned(),
        size: meta.as_ref().map_or(0, |m| m.len()),
        modified: None,
        class: match Format::of_path(path) {
            Some(f) => Class::Spreadsheet(f),
            None => Class::Ignored("非表格文件"),
        },
    }
}

fn read(path: &Path, limits: Limits) -> FileResult {
    read_file(found(path), limits)
}

fn assert_not_used(r: &FileResult, code: Code, words: &str) {
    assert_eq!(r.file.status, FileStatus::NotUsed, "{:?}", r.problems);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].code, code, "{}", r.problems[0].message);
    assert!(
        r.problems[0].message.contains(words),
        "{}",
        r.problems[0].message
    );
}

/// A zip with the given parts, stored or deflated.
fn zip_file(path: &Path, parts: &[(&str, &[u8])]) {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in parts {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn truncated_empty_random_and_renamed_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::clean_report(&d.join("good.xlsx"));
    let bytes = std::fs::read(d.join("good.xlsx")).unwrap();
    std::fs::write(d.join("truncated.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(d.join("zero.xlsx"), b"").unwrap();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    for ext in ["xlsx", "xlsm", "xlsb", "xls", "ods"] {
        std::fs::write(d.join(format!("noise.{ext}")), &noise).unwrap();
    }
    zip_file(
        &d.join("letter.xlsx"),
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ],
    );

    let r = read(&d.join("truncated.xlsx"), Limits::default());
    assert_not_used(&r, Code::FileUnreadable, "损坏");
    assert_not_used(
        &read(&d.join("zero.xlsx"), Limits::default()),
        Code::FileEmpty,
        "0 字节",
    );
    for ext in ["xlsx", "xlsm", "xlsb", "xls", "ods"] {
        let r = read(&d.join(format!("noise.{ext}")), Limits::default());
        assert_eq!(r.file.status, FileStatus::NotUsed, "{ext}");
        assert!(
            matches!(r.problems[0].code, Code::FileUnreadable | Code::ReadPanic),
            "{ext}"
        );
    }
    assert_not_used(
        &read(&d.join("letter.xlsx"), Limits::default()),
        Code::FileUnreadable,
        "xlsx",
    );
    let r = read(&d.join("good.xlsx"), Limits::default());
    assert_eq!(r.file.status, FileStatus::Used);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    // 64 MiB of one repeated byte compresses to a few dozen KiB.
    let sheet = vec![b' '; 64 << 20];
    zip_file(&path, &[("xl/worksheets/sheet1.xml", &sheet)]);
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let limits = Limits {
        max_zip_entry_bytes: 16 << 20,
        ..Limits::default()
    };
    assert_not_used(&read(&path, limits), Code::LimitExceeded, "解压后");
}

#[test]
fn a_file_over_the_size_limit_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    common::clean_report(&path);
    let limits = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    assert_not_used(&read(&path, limits), Code::FileTooLarge, "超过上限");
}

#[test]
fn a_stray_far_cell_costs_one_row_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    common::clean_report_with(&path, |wb| {
        let ws = wb.worksheet_from_name("进站研究生").unwrap();
        ws.write_string(1_048_575, 16_383, "误输入").unwrap();
    });
    let r = read(&path, Limits::default());
    assert_eq!(r.file.status, FileStatus::Used);
    let stray: Vec<_> = r
        .problems
        .iter()
        .filter(|p| p.code == Code::ExtraColumn)
        .collect();
    assert_eq!(stray.len(), 1, "{:?}", r.problems);
    assert_eq!(stray[0].cell.unwrap().to_string(), "XFD1048576");
}

#[test]
fn a_million_rows_stop_at_the_cell_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.xlsx");
    common::clean_report_with(&path, |wb| {
        let ws = wb.worksheet_from_name("进站研究生").unwrap();
        for r in 2..1_000_002u32 {
            ws.write_number(r, 0, r as f64).unwrap();
            ws.write_number(r, 1, r as f64).unwrap();
        }
    });
    let r = read(&path, Limits::default());
    assert_not_used(&r, Code::LimitExceeded, "单元格超过上限");
}

#[test]
fn error_values_and_a_very_long_string_are_reported_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let long = "很长".repeat(16_000);
    common::clean_report_with(&path, |wb| {
        let ws = wb.worksheet_from_name("进站研究生").unwrap();
        for (c, f) in ["=1/0", "=#REF!", "=NA()", "=\"a\"+1"].iter().enumerate() {
            let result = ["#DIV/0!", "#REF!", "#N/A", "#VALUE!"][c];
            ws.write_formula(
                2,
                c as u16,
                rust_xlsxwriter::Formula::new(*f).set_result(result),
            )
            .unwrap();
        }
        ws.write_string(3, 4, &long).unwrap(); // 进站日期
        ws.write_string(3, 0, &long).unwrap(); // 姓名: long text is kept
    });
    let r = read(&path, Limits::default());
    assert_eq!(r.file.status, FileStatus::Used);
    let cells: Vec<String> = r
        .problems
        .iter()
        .filter(|p| p.sheet.as_deref() == Some("进站研究生") && p.cell.is_some_and(|c| c.row == 2))
        .map(|p| p.cell.unwrap().to_string())
        .collect();
    for a1 in ["A3", "B3", "C3", "D3"] {
        assert!(cells.contains(&a1.to_string()), "{a1} in {cells:?}");
    }
    assert!(r.problems.iter().all(|p| p.message.chars().count() < 400));
    let long_date = r
        .problems
        .iter()
        .find(|p| p.cell.is_some_and(|c| c.to_string() == "E4"))
        .expect("the long text in a date cell is reported");
    assert!(long_date.message.contains("很长很长") && long_date.message.contains('…'));
}

#[test]
fn a_file_that_vanishes_during_the_run_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.xlsx");
    common::clean_report(&path);
    let f = found(&path);
    std::fs::remove_file(&path).unwrap();
    assert_not_used(
        &read_file(f, Limits::default()),
        Code::FileUnreadable,
        "无法读取",
    );
}

#[cfg(unix)]
#[test]
fn a_folder_with_all_of_it_consolidates_and_lists_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::clean_report(&d.join("good.xlsx"));
    std::fs::write(d.join("zero.xlsx"), b"").unwrap();
    std::fs::write(d.join("~$good.xlsx"), b"lock").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    let results = gsw::ingest::ingest(d, &[], Limits::default(), &|| {});
    let listed: Vec<(&str, FileStatus)> = results
        .iter()
        .map(|r| (r.file.source.path.as_str(), r.file.status))
        .collect();
    assert_eq!(
        listed,
        [
            ("good.xlsx", FileStatus::Used),
            ("sub/loop", FileStatus::NotUsed),
            ("zero.xlsx", FileStatus::NotUsed),
            ("~$good.xlsx", FileStatus::Ignored),
        ]
    );
}
