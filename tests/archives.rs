//! Archives as they arrive (SPEC §9.5): a .zip in the folder is read like a folder, whatever
//! wrote it, within the reading limits; what cannot be read is listed with what to do.
//!
//! The archives are made in code (tests/common/zips.rs says how: UTF-8 names flagged, GBK
//! names unflagged as Windows' own zip, 360压缩 and WinRAR write them). Where Debian's
//! Info-ZIP `zip` is installed, two more are made by it at run time from files on disk (none
//! is committed): UTF-8 names without the flag (what it writes on Linux, as macOS's Archive
//! Utility does) and raw GBK names (files whose names on disk are GBK bytes, zipped under
//! the C locale).

mod common;

use common::zips::{gbk_zip, member, report, report_with, utf8_flags, zip_bytes, Member};
use gsw::consolidate::{consolidate, Options};
use gsw::dates::ymd;
use gsw::model::{FileKind, FileStatus};
use gsw::problem::Code;
use gsw::rules::{Limits, Rules};
use gsw::summary::Summary;
use std::path::Path;
use std::process::Command;

fn run_with(dir: &Path, limits: Limits) -> Summary {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits,
        skip: Vec::new(),
    };
    consolidate(dir, &options, &|| {})
}

fn run(dir: &Path) -> Summary {
    run_with(dir, Limits::default())
}

/// Each file's (path, kind, status) and the first words of its reason.
fn rows(summary: &Summary) -> Vec<(String, FileKind, FileStatus)> {
    (summary.files.iter())
        .map(|f| (f.source.path.clone(), f.kind, f.status))
        .collect()
}

fn reason<'a>(summary: &'a Summary, path: &str) -> &'a str {
    let file = summary.files.iter().find(|f| f.source.path == path);
    &file.unwrap_or_else(|| panic!("{path} not listed")).reason
}

/// Every file under `dir` as a member named by its path from `dir`, in name order.
fn members_of(dir: &Path) -> Vec<Member> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let name = (rel.components())
                .map(|c| c.as_os_str().to_str().unwrap())
                .collect::<Vec<_>>()
                .join("/");
            out.push(Member {
                modified: entry.metadata().unwrap().modified().ok(),
                ..member(&name, std::fs::read(entry.path()).unwrap())
            });
        }
    }
    out
}

/// What a summary says about files and problems, with `prefix` taken off every path (and
/// out of every message), the archive's own row left out.
fn comparable(summary: &Summary, prefix: &str) -> (Vec<String>, Vec<String>) {
    let files = (summary.files.iter())
        .filter(|f| format!("{}/", f.source.path) != prefix)
        .map(|f| {
            format!(
                "{} {:?} {:?} {} {:?} {:?} {:?} {} {} {:?}",
                f.source.path.replacen(prefix, "", 1),
                f.kind,
                f.status,
                f.reason.replace(prefix, ""),
                f.station,
                f.year,
                f.filed_on,
                f.errors,
                f.warnings,
                f.source.sha256
            )
        })
        .collect();
    let problems = (summary.problems.iter())
        .map(|p| {
            let file = p.file.as_deref().map(|f| f.replacen(prefix, "", 1));
            let message = p.message.replace(prefix, "");
            format!(
                "{:?} {:?} {:?} {:?} {file:?} {:?} {:?} {message}",
                p.severity, p.code, p.station, p.year, p.sheet, p.cell
            )
        })
        .collect();
    (files, problems)
}

#[test]
fn a_gbk_zip_and_a_utf8_zip_of_the_sample_data_read_as_the_folder_does() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("folder");
    common::copy_dir(&common::sample_data(), &folder);
    let members = members_of(&folder);
    assert!(members.iter().any(|m| m.name.contains("（更正）")));
    let unpacked = run(&folder);
    let want = comparable(&unpacked, "");
    assert!(
        !want.1.is_empty(),
        "the sample data have problems to compare"
    );

    for (label, bytes, flagged) in [
        ("gbk", gbk_zip(&members), false),
        ("utf8", zip_bytes(&members), true),
    ] {
        let flags = utf8_flags(&bytes);
        assert!(
            !flags.is_empty() && flags.iter().all(|f| *f == flagged),
            "{label}"
        );
        let dir = tmp.path().join(label);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("药学院报表.zip"), &bytes).unwrap();
        let zipped = run(&dir);
        assert_eq!(
            common::verdicts(&zipped),
            common::verdicts(&unpacked),
            "{label}"
        );
        let got = comparable(&zipped, "药学院报表.zip/");
        assert_eq!(got.0, want.0, "{label}: 文件清单");
        assert_eq!(got.1, want.1, "{label}: 问题清单");
        // The archive itself is listed first, as read; its members after it, by their names.
        let row = &zipped.files[0];
        assert_eq!(row.source.path, "药学院报表.zip");
        assert_eq!(
            (row.kind, row.status),
            (FileKind::Archive, FileStatus::Ignored)
        );
        assert!(row.reason.contains("38 项"), "{}", row.reason);
        assert!(zipped.files[1..]
            .iter()
            .all(|f| f.source.path.starts_with("药学院报表.zip/")));
        let (used, unused) =
            (zipped.files.iter()).partition::<Vec<_>, _>(|f| f.status == FileStatus::Used);
        assert_eq!(
            used.len(),
            (unpacked.files.iter())
                .filter(|f| f.status == FileStatus::Used)
                .count()
        );
        assert!(unused.iter().any(|f| f
            .source
            .path
            .ends_with("/~$2024-2025学年_滨海康华生物医药研究生工作站.xlsx")));
    }
}

#[test]
fn members_are_listed_as_the_folder_walk_lists_files_and_one_zip_inside_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let innermost = zip_bytes(&[member("丙站.xlsx", report(3, "S3", 2023))]);
    let inner = zip_bytes(&[
        member("乙站.xlsx", report(2, "S2", 2023)),
        member("最内层.zip", innermost),
    ]);
    let outer = gbk_zip(&[
        member("甲站/", Vec::new()),
        member("甲站/报表.xlsx", report(1, "S1", 2023)),
        member("甲站/~$报表.xlsx", b"lock".to_vec()),
        member("__MACOSX/甲站/._报表.xlsx", b"resource fork".to_vec()),
        member(".git/config", b"[core]".to_vec()),
        member(".git/HEAD", b"ref".to_vec()),
        member("说明.docx", b"doc".to_vec()),
        member("备份.rar", b"Rar!\x1a\x07\x01\x00".to_vec()),
        member("内层.zip", inner),
    ]);
    std::fs::write(tmp.path().join("药学院.zip"), outer).unwrap();
    let summary = run(tmp.path());
    use FileKind::*;
    use FileStatus::*;
    let row = |p: &str, k, s| (p.to_string(), k, s);
    assert_eq!(
        rows(&summary),
        [
            row("药学院.zip", Archive, Ignored),
            row("药学院.zip/.git", NotSpreadsheet, Ignored),
            row(
                "药学院.zip/__MACOSX/甲站/._报表.xlsx",
                NotSpreadsheet,
                Ignored
            ),
            row("药学院.zip/内层.zip", Archive, Ignored),
            row("药学院.zip/内层.zip/乙站.xlsx", Report, Used),
            row("药学院.zip/内层.zip/最内层.zip", Archive, NotUsed),
            row("药学院.zip/备份.rar", Archive, NotUsed),
            row("药学院.zip/甲站/~$报表.xlsx", NotSpreadsheet, Ignored),
            row("药学院.zip/甲站/报表.xlsx", Report, Used),
            row("药学院.zip/说明.docx", NotSpreadsheet, Ignored),
        ]
    );
    assert_eq!(reason(&summary, "药学院.zip/.git"), "隐藏文件夹");
    assert_eq!(
        reason(&summary, "药学院.zip/__MACOSX/甲站/._报表.xlsx"),
        "隐藏文件"
    );
    assert_eq!(
        reason(&summary, "药学院.zip/甲站/~$报表.xlsx"),
        "Excel/WPS 临时锁定文件"
    );
    assert_eq!(reason(&summary, "药学院.zip/说明.docx"), "非表格文件");
    assert!(reason(&summary, "药学院.zip/内层.zip/最内层.zip").contains("只读一层"));
    assert!(reason(&summary, "药学院.zip/备份.rar").contains("请解压后放入文件夹"));
    // The stations of both levels are read; the problems name the members.
    let ids: Vec<&str> = summary.assessments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2"]);
    let unread: Vec<(&str, Code)> = (summary.problems.iter())
        .filter(|p| matches!(p.code, Code::FileUnreadable))
        .map(|p| (p.file.as_deref().unwrap(), p.code))
        .collect();
    assert_eq!(
        unread,
        [
            ("药学院.zip/内层.zip/最内层.zip", Code::FileUnreadable),
            ("药学院.zip/备份.rar", Code::FileUnreadable)
        ]
    );
}

#[test]
fn rar_and_7z_archives_are_not_used_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("药学院.rar"), b"Rar!\x1a\x07\x01\x00").unwrap();
    std::fs::write(tmp.path().join("第二医院.7z"), b"7z\xbc\xaf\x27\x1c").unwrap();
    let summary = run(tmp.path());
    for (path, format) in [("第二医院.7z", "7z"), ("药学院.rar", "RAR")] {
        let f = summary
            .files
            .iter()
            .find(|f| f.source.path == path)
            .unwrap();
        assert_eq!((f.kind, f.status), (FileKind::Archive, FileStatus::NotUsed));
        assert_eq!(
            f.reason,
            format!("{format} 压缩包本程序不能读取：请解压后放入文件夹（保留其中的文件夹），或改用 .zip 格式压缩")
        );
        let p = summary
            .problems
            .iter()
            .find(|p| p.file.as_deref() == Some(path))
            .unwrap();
        assert_eq!(p.code, Code::FileUnreadable);
    }
}

#[test]
fn a_damaged_archive_or_member_is_not_used_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("好.xlsx"), report(1, "S1", 2023)).unwrap();
    let good = zip_bytes(&[
        member("a.xlsx", report(2, "S2", 2023)),
        member("b.xlsx", report(3, "S3", 2023)),
    ]);
    std::fs::write(d.join("截断.zip"), &good[..good.len() / 2]).unwrap();
    std::fs::write(d.join("乱码.zip"), b"PK\x03\x04 this is not really a zip").unwrap();
    std::fs::write(d.join("空.zip"), b"").unwrap();
    // A byte of b.xlsx's deflated data changed: its checksum, or the deflate stream, fails.
    let mut bent = good.clone();
    let b_at = memchr::memmem::find(&bent, b"b.xlsx").unwrap();
    bent[b_at + 300] ^= 0xFF;
    std::fs::write(d.join("坏成员.zip"), &bent).unwrap();
    let summary = run(d);
    use FileKind::*;
    use FileStatus::*;
    let row = |p: &str, k, s| (p.to_string(), k, s);
    assert_eq!(
        rows(&summary),
        [
            row("乱码.zip", Archive, NotUsed),
            row("坏成员.zip", Archive, Ignored),
            row("坏成员.zip/a.xlsx", Report, Used),
            row("坏成员.zip/b.xlsx", Unreadable, NotUsed),
            row("好.xlsx", Report, Used),
            row("截断.zip", Archive, NotUsed),
            row("空.zip", Archive, NotUsed),
        ]
    );
    assert_eq!(
        reason(&summary, "空.zip"),
        "文件为空（0 字节）：请学院重新发送"
    );
    for path in ["乱码.zip", "截断.zip"] {
        assert!(
            reason(&summary, path)
                .starts_with("文件已损坏或不完整，无法作为压缩包打开：请让学院重新发送（"),
            "{path}: {}",
            reason(&summary, path)
        );
    }
    assert!(
        reason(&summary, "坏成员.zip/b.xlsx").starts_with("压缩包内的这个文件已损坏，无法解压"),
        "{}",
        reason(&summary, "坏成员.zip/b.xlsx")
    );
    assert_eq!(summary.assessments.len(), 2, "S1 and S2 are read");
}

#[test]
fn a_members_time_in_the_zip_breaks_a_tie_of_filing_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let older = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_720_000_000);
    let newer = older + std::time::Duration::from_secs(3_600);
    let first = report(1, "S1", 2023);
    // The same report saved again with another 填报人: not byte-identical, same 填报日期.
    let second = report_with(1, "S1", 2023, |s| s.filer = "另一位老师".into());
    let members = [
        Member {
            modified: Some(newer),
            ..member("a.xlsx", first)
        },
        Member {
            modified: Some(older),
            ..member("b.xlsx", second)
        },
    ];
    std::fs::write(tmp.path().join("报表.zip"), zip_bytes(&members)).unwrap();
    let summary = run(tmp.path());
    let status = |p: &str| {
        summary
            .files
            .iter()
            .find(|f| f.source.path == p)
            .unwrap()
            .status
    };
    assert_eq!(status("报表.zip/a.xlsx"), FileStatus::Used);
    assert_eq!(status("报表.zip/b.xlsx"), FileStatus::Superseded);
    assert!(
        reason(&summary, "报表.zip/b.xlsx").contains("文件修改时间更晚"),
        "{}",
        reason(&summary, "报表.zip/b.xlsx")
    );
}

/// Info-ZIP's `zip`, or `None` with a printed reason.
#[cfg(unix)]
fn info_zip() -> Option<()> {
    match Command::new("zip").arg("-v").output() {
        Ok(out) if out.status.success() => Some(()),
        _ => {
            eprintln!("skipped: Info-ZIP zip is not installed (apt-get install zip)");
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn zips_written_by_info_zip_are_read_by_their_names() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    if info_zip().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("药学院")).unwrap();
    std::fs::write(src.join("药学院/甲站.xlsx"), report(1, "S1", 2023)).unwrap();
    // A name whose bytes on disk are GBK, as a file copied from a Chinese Windows system.
    let (gbk, _, _) = encoding_rs::GBK.encode("乙站.xlsx");
    std::fs::write(src.join(OsStr::from_bytes(&gbk)), report(2, "S2", 2023)).unwrap();
    let input = tmp.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let zip_up = |zip: &str, locale: &str, what: &OsStr| {
        let status = (Command::new("zip").current_dir(&src).env("LC_ALL", locale))
            .arg("-qr")
            .arg(input.join(zip))
            .arg(what)
            .status()
            .unwrap();
        assert!(status.success(), "{zip}");
    };
    zip_up("utf8.zip", "C.UTF-8", OsStr::new("药学院"));
    zip_up("gbk.zip", "C", OsStr::from_bytes(&gbk));
    // As written: no UTF-8 flag in either; the first's names are UTF-8, the second's GBK.
    for (zip, utf8) in [("utf8.zip", true), ("gbk.zip", false)] {
        let bytes = std::fs::read(input.join(zip)).unwrap();
        assert!(utf8_flags(&bytes).iter().all(|f| !f), "{zip}");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let raw = archive
            .by_index_raw(archive.len() - 1)
            .unwrap()
            .name_raw()
            .to_vec();
        assert_eq!(std::str::from_utf8(&raw).is_ok(), utf8, "{zip}");
    }
    let summary = run(&input);
    let used: Vec<&str> = (summary.files.iter())
        .filter(|f| f.status == FileStatus::Used)
        .map(|f| f.source.path.as_str())
        .collect();
    assert_eq!(used, ["gbk.zip/乙站.xlsx", "utf8.zip/药学院/甲站.xlsx"]);
}

/// The binary on `input` as of `as_of`, writing the CSVs into `csv`.
fn consolidate_cli(input: &Path, as_of: &str, csv: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .arg("consolidate")
        .arg(input)
        .args(["--as-of", as_of, "-q", "--csv"])
        .arg(csv)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn links_to_a_member_open_its_archive_and_a_resent_archive_shows_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let messy = tmp.path().join("messy.xlsx");
    common::messy_report(&messy);
    let messy = std::fs::read(&messy).unwrap();
    let zip = input.join("学院.zip");
    let sent = |members: &[Member]| std::fs::write(&zip, zip_bytes(members)).unwrap();
    sent(&[
        member("甲站.xlsx", messy),
        member("乙站/报表.xlsx", report(2, "S2", 2023)),
    ]);
    std::fs::write(input.join("丙站.xlsx"), report(3, "S3", 2023)).unwrap();
    consolidate_cli(&input, "2026-10-31", &tmp.path().join("csv1"));

    // Every link from the summary opens a file that is there: a member's, its archive.
    let out_dir = input.join("汇总结果");
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out_dir.join("工作站汇总_2026-10-31.xlsx")).unwrap();
    let mut to_archive = 0;
    for sheet in ["文件清单", "问题清单", "年度上报"] {
        for link in wb.hyperlinks_by_sheet_name(sheet).unwrap() {
            let Some(target) = link.target else { continue };
            let target = target.trim_start_matches("file:///");
            assert!(out_dir.join(target).is_file(), "{sheet}: {target}");
            if target == "../学院.zip" {
                assert_eq!(link.location, None, "{sheet}: no place inside an archive");
                to_archive += 1;
            }
        }
    }
    // 文件清单: the archive and its two members; 问题清单: 甲站's problems; 年度上报: 乙站.
    assert!(to_archive >= 5, "{to_archive}");

    // Next month the archive comes again: 甲站 corrected, 乙站 the same, 丁站 new.
    sent(&[
        member("甲站.xlsx", report(1, "S1", 2023)),
        member("丁站.xlsx", report(4, "S4", 2023)),
        member("乙站/报表.xlsx", report(2, "S2", 2023)),
    ]);
    let csv = tmp.path().join("csv2");
    consolidate_cli(&input, "2026-11-30", &csv);
    let changes = std::fs::read_to_string(csv.join("本月变化.csv")).unwrap();
    let files: Vec<(&str, &str)> = (changes.lines())
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            cells[0].contains("文件").then(|| (cells[0], cells[2]))
        })
        .collect();
    assert_eq!(
        files,
        [
            ("新文件", "学院.zip/丁站.xlsx"),
            ("文件变更", "学院.zip/甲站.xlsx")
        ],
        "{changes}"
    );
}

/// The CSVs of a run, by file name, with `prefix` taken out of every line.
fn csvs(dir: &Path, prefix: &str) -> std::collections::BTreeMap<String, String> {
    (std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                std::fs::read_to_string(&p).unwrap().replace(prefix, ""),
            )
        })
        .collect()
}

/// As a person sends it: one college's folder (with its subfolder 更正 and an Excel lock
/// file) zipped on a Chinese Windows (GBK names, no UTF-8 flag, the folder's name inside),
/// beside the other colleges' folders, the register and the review form. Every CSV of the
/// binary's run is the unzipped run's, once the archive's name is taken out of the paths;
/// 文件清单 has the archive's own row more, 说明 counts it.
#[test]
fn a_colleges_gbk_zip_gives_the_csvs_of_its_unzipped_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let unzipped = tmp.path().join("unzipped");
    common::copy_dir(&common::sample_data(), &unzipped);
    let zipped = tmp.path().join("zipped");
    common::copy_dir(&common::sample_data(), &zipped);
    let college = zipped.join("基础医学院");
    let members: Vec<Member> = (members_of(&college).into_iter())
        .map(|m| Member {
            name: format!("基础医学院/{}", m.name),
            ..m
        })
        .collect();
    assert!(members
        .iter()
        .any(|m| m.name.starts_with("基础医学院/更正/")));
    assert!(members.iter().any(|m| m.name.contains("/~$")));
    let bytes = gbk_zip(&members);
    assert!(utf8_flags(&bytes).iter().all(|flagged| !flagged));
    std::fs::remove_dir_all(&college).unwrap();
    std::fs::write(zipped.join("基础医学院.zip"), bytes).unwrap();

    let (want_dir, got_dir) = (
        tmp.path().join("csv-unzipped"),
        tmp.path().join("csv-zipped"),
    );
    consolidate_cli(&unzipped, "2026-11-30", &want_dir);
    consolidate_cli(&zipped, "2026-11-30", &got_dir);
    let want = csvs(&want_dir, "");
    let mut got = csvs(&got_dir, "基础医学院.zip/");
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    assert!(want["汇总.csv"].contains("基础医学院/2023-2024学年_西青安泰医学检验研究生工作站.xlsx"));
    // 文件清单: the archive's own row is the only line more.
    let files = got.remove("文件清单.csv").unwrap();
    let (archive, rest): (Vec<&str>, Vec<&str>) = files
        .lines()
        .partition(|l| l.starts_with("基础医学院.zip,压缩包,"));
    assert_eq!(archive.len(), 1, "{files}");
    assert!(archive[0].contains("已展开：其中 13 项"), "{}", archive[0]);
    assert_eq!(rest, want["文件清单.csv"].lines().collect::<Vec<_>>());
    for (name, csv) in &got {
        if name == "说明.csv" {
            continue;
        }
        assert_eq!(csv, &want[name], "{name}");
    }
    let counts = |csv: &str| {
        (csv.lines())
            .find(|l| l.starts_with("文件（按状态）"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        counts(&got["说明.csv"]),
        "文件（按状态）,共 39 个：已采用 35，被取代 1，已忽略 3"
    );
    assert_eq!(
        counts(&want["说明.csv"]),
        "文件（按状态）,共 38 个：已采用 35，被取代 1，已忽略 2"
    );
}

/// A college that sends its folder as a .zip gets the same feedback (SPEC §9.4) as when the
/// folder was unpacked: a member that names no station (a damaged file) is the college's by
/// the archive's name, as by its folder's.
#[test]
fn a_colleges_zip_gets_the_feedback_its_folder_gets() {
    let tmp = tempfile::tempdir().unwrap();
    let unzipped = tmp.path().join("unzipped");
    common::copy_dir(&common::sample_data(), &unzipped);
    std::fs::write(
        unzipped.join("基础医学院/损坏的报表.xlsx"),
        b"not a workbook",
    )
    .unwrap();
    let zipped = tmp.path().join("zipped");
    common::copy_dir(&unzipped, &zipped);
    let college = zipped.join("基础医学院");
    // The files themselves selected and zipped, not their folder: only the archive's name
    // says whose they are.
    let members = members_of(&college);
    std::fs::remove_dir_all(&college).unwrap();
    std::fs::write(zipped.join("基础医学院.zip"), gbk_zip(&members)).unwrap();

    let feedback = |input: &Path| {
        consolidate_cli(input, "2026-11-30", &tmp.path().join("csv"));
        input.join("汇总结果/学院反馈_2026-11-30")
    };
    let (want_dir, got_dir) = (feedback(&unzipped), feedback(&zipped));
    let names = |dir: &Path| {
        let mut names: Vec<String> = (std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&got_dir), names(&want_dir));
    let todo = |dir: &Path, zipped: bool| -> Vec<String> {
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook(dir.join("基础医学院.xlsx")).unwrap();
        let range = calamine::Reader::worksheet_range(&mut wb, "待办").unwrap();
        (range.rows())
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
                let line = cells.join("|");
                match zipped {
                    true => line.replace("基础医学院.zip/", "基础医学院/"),
                    false => line,
                }
            })
            .collect()
    };
    let want = todo(&want_dir, false);
    assert!(
        want.iter()
            .any(|l| l.contains("基础医学院/损坏的报表.xlsx")),
        "{want:#?}"
    );
    assert_eq!(todo(&got_dir, true), want);
}
