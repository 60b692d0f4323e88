//! Hostile archives (SPEC §9.5 with §10): the reading limits apply to the members of a .zip
//! (each member's size, declared and real; the number of members; the unpacked total), a
//! declared size is never trusted, and nothing runs out of memory. Each case is one
//! not-used row with its reason, and the run goes on. The archives are made in code and
//! patched where they lie (tests/common/zips.rs).

mod common;

use common::zips::{member, patch_declared_count, patch_entry, report, zip_bytes, Field};
use gsw::consolidate::{consolidate, Options};
use gsw::dates::ymd;
use gsw::model::{FileKind, FileStatus};
use gsw::problem::Code;
use gsw::rules::{Limits, Rules};
use gsw::summary::Summary;
use std::io::{Cursor, Write};
use std::path::Path;

fn run_with(dir: &Path, limits: Limits) -> Summary {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits,
        skip: Vec::new(),
    };
    consolidate(dir, &options, &|| {})
}

/// The file's status, its problem's code and its reason.
fn outcome(summary: &Summary, path: &str) -> (FileStatus, Option<Code>, String) {
    let f = (summary.files.iter())
        .find(|f| f.source.path == path)
        .unwrap_or_else(|| panic!("{path} not listed"));
    let code = (summary.problems.iter())
        .find(|p| p.file.as_deref() == Some(path))
        .map(|p| p.code);
    (f.status, code, f.reason.clone())
}

fn assert_refused(summary: &Summary, path: &str, code: Code, words: &str) {
    let (status, got, reason) = outcome(summary, path);
    assert_eq!(status, FileStatus::NotUsed, "{path}: {reason}");
    assert_eq!(got, Some(code), "{path}: {reason}");
    assert!(reason.contains(words), "{path}: {reason}");
}

/// A zip of one member `name` holding `size` zero bytes, deflated as it is written (a
/// gibibyte of zeros deflates to about a mebibyte).
fn zeros_zip(name: &str, size: u64) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size >= u32::MAX as u64);
    out.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_member_declared_larger_than_the_file_limit_is_not_inflated() {
    let tmp = tempfile::tempdir().unwrap();
    let honest = zip_bytes(&[member("大.xlsx", vec![b' '; 1000])]);
    let mut bytes = honest.clone();
    patch_entry(&mut bytes, "大.xlsx", Field::UnpackedSize, 0xF000_0000);
    std::fs::write(tmp.path().join("炸弹.zip"), bytes).unwrap();
    std::fs::write(tmp.path().join("大.zip"), honest).unwrap();
    let summary = run_with(tmp.path(), Limits::default());
    assert_refused(
        &summary,
        "炸弹.zip/大.xlsx",
        Code::FileTooLarge,
        "4026531840 字节",
    );
    // An honest member larger than max_file_mb once unpacked.
    let small = Limits {
        max_file_bytes: 500,
        ..Limits::default()
    };
    let summary = run_with(tmp.path(), small);
    assert_refused(
        &summary,
        "大.zip/大.xlsx",
        Code::FileTooLarge,
        "max_file_mb",
    );
}

#[test]
fn a_member_that_inflates_past_its_declared_size_is_stopped_there() {
    let tmp = tempfile::tempdir().unwrap();
    // 256 MiB of zeros that says it is 1,000 bytes.
    let mut bytes = zeros_zip("报表.xlsx", 256 << 20);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    patch_entry(&mut bytes, "报表.xlsx", Field::UnpackedSize, 1000);
    std::fs::write(tmp.path().join("炸弹.zip"), bytes).unwrap();
    let summary = run_with(tmp.path(), Limits::default());
    // The zip crate stops at the declared size too, before gsw's own bound does.
    let (status, code, reason) = outcome(&summary, "炸弹.zip/报表.xlsx");
    assert_eq!(
        (status, code),
        (FileStatus::NotUsed, Some(Code::FileUnreadable))
    );
    assert!(
        reason.contains("压缩包内的这个文件已损坏，无法解压") || reason.contains("1000 字节更大"),
        "{reason}"
    );
}

#[test]
fn too_many_members_are_refused_before_the_directory_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let many: Vec<_> = (0..60).map(|i| member(&format!("{i}.txt"), "x")).collect();
    std::fs::write(tmp.path().join("多.zip"), zip_bytes(&many)).unwrap();
    // Three members that say they are sixty thousand: refused by what the end record says.
    let mut lying = zip_bytes(&many[..3]);
    patch_declared_count(&mut lying, 60_000);
    std::fs::write(tmp.path().join("谎报.zip"), lying).unwrap();
    let limits = Limits {
        max_archive_members: 50,
        ..Limits::default()
    };
    let summary = run_with(tmp.path(), limits);
    assert_refused(
        &summary,
        "多.zip",
        Code::LimitExceeded,
        "有 60 个文件和文件夹，超过上限 50 个",
    );
    assert_refused(
        &summary,
        "谎报.zip",
        Code::LimitExceeded,
        "有 60000 个文件和文件夹",
    );
    assert!(outcome(&summary, "多.zip")
        .2
        .contains("max_archive_members"));
    assert_eq!(summary.files.len(), 2, "no member listed");
}

#[test]
fn members_beyond_the_archives_unpacked_total_are_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        report(1, "S1", 2023),
        report(2, "S2", 2023),
        report(3, "S3", 2023),
    );
    let inner = zip_bytes(&[member("b.xlsx", b.clone()), member("c.xlsx", c.clone())]);
    // In name order: a.xlsx, then 内.zip (its own bytes, then its members b and c).
    let outer = zip_bytes(&[member("内.zip", inner.clone()), member("a.xlsx", a.clone())]);
    std::fs::write(tmp.path().join("外.zip"), outer).unwrap();
    let total = (a.len() + inner.len() + b.len() + c.len() / 2) as u64;
    let limits = Limits {
        max_archive_bytes: total,
        ..Limits::default()
    };
    let summary = run_with(tmp.path(), limits);
    for read in ["外.zip/a.xlsx", "外.zip/内.zip/b.xlsx"] {
        assert_eq!(outcome(&summary, read).0, FileStatus::Used, "{read}");
    }
    assert_refused(
        &summary,
        "外.zip/内.zip/c.xlsx",
        Code::LimitExceeded,
        "max_archive_mb",
    );
    // The same archive twice: each on disk has a total of its own.
    std::fs::copy(tmp.path().join("外.zip"), tmp.path().join("外2.zip")).unwrap();
    let summary = run_with(tmp.path(), limits);
    assert_eq!(outcome(&summary, "外2.zip/a.xlsx").0, FileStatus::Used);
}

#[test]
fn encrypted_members_and_unknown_compression_are_not_used_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = zip_bytes(&[
        member("加密.xlsx", report(1, "S1", 2023)),
        member("压缩方式.xlsx", report(2, "S2", 2023)),
        member("好.xlsx", report(3, "S3", 2023)),
    ]);
    patch_entry(&mut bytes, "加密.xlsx", Field::Flags, 1);
    patch_entry(&mut bytes, "压缩方式.xlsx", Field::Method, 12); // bzip2
    std::fs::write(tmp.path().join("学院.zip"), bytes).unwrap();
    let summary = run_with(tmp.path(), Limits::default());
    assert_refused(
        &summary,
        "学院.zip/加密.xlsx",
        Code::FileEncrypted,
        "压缩包设置了密码",
    );
    assert_refused(
        &summary,
        "学院.zip/压缩方式.xlsx",
        Code::FileUnreadable,
        "不支持的压缩方式",
    );
    assert_eq!(outcome(&summary, "学院.zip/好.xlsx").0, FileStatus::Used);
    let kinds: Vec<FileKind> = summary.files.iter().map(|f| f.kind).collect();
    assert_eq!(kinds[0], FileKind::Archive);
}

/// `gsw check FILE`'s exit status and peak resident memory (kibibytes), as GNU time reports
/// it; `None` with a printed reason where GNU time is not installed. (Not `wait4` on the
/// child: Linux counts in a child's `ru_maxrss` the resident size of the process that
/// spawned it, here the test binary.)
fn check_peak_kib(file: &Path) -> Option<(i32, u64)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipped: the memory check needs GNU time (apt-get install time)");
        return None;
    }
    let out = std::process::Command::new(time)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_gsw"))
        .arg("check")
        .arg(file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak = stderr.lines().last().and_then(|l| l.trim().parse().ok());
    Some((
        out.status.code().unwrap_or(-1),
        peak.expect("GNU time's %M"),
    ))
}

/// A gibibyte of zeros that says it is a kilobyte, and thirty thousand members (the default
/// limit is 20,000): `gsw check` refuses both without growing past 100 MiB.
#[test]
fn hostile_archives_do_not_take_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bomb = zeros_zip("报表.xlsx", 1 << 30);
    patch_entry(&mut bomb, "报表.xlsx", Field::UnpackedSize, 1024);
    std::fs::write(tmp.path().join("炸弹.zip"), bomb).unwrap();
    let many: Vec<_> = (0..30_000)
        .map(|i| member(&format!("{i}.txt"), ""))
        .collect();
    std::fs::write(tmp.path().join("多.zip"), zip_bytes(&many)).unwrap();
    for name in ["炸弹.zip", "多.zip"] {
        let Some((code, peak_kib)) = check_peak_kib(&tmp.path().join(name)) else {
            return;
        };
        assert_eq!(code, 2, "{name}: could not be checked");
        assert!(peak_kib < 100 << 10, "{name}: peak {peak_kib} KiB");
    }
}
