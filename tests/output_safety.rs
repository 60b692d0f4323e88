//! The summary never destroys anything: an output path that is an input is refused, and a
//! target that cannot be written (a file in the way, a folder in the way, a read-only or full
//! disk, a device or pipe) fails with one Chinese line and exit status ≠ 0, leaving the earlier
//! summary as it was and no temporary file behind. The real binary, on a copy of sample-data.

mod common;

use common::copy_dir;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-30";
const REPORT: &str = "基础医学院/2022-2023学年_津南瑞和基因检测研究生工作站.xlsx";

fn sample_copy(tmp: &Path) -> PathBuf {
    let dir = tmp.join("报表");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &dir,
    );
    dir
}

fn gsw(dir: &Path, args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", AS_OF, "-q"])
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

fn consolidate_to(dir: &Path, output: &Path) -> Output {
    gsw(dir, &["-o".as_ref(), output.as_os_str()])
}

/// The run failed, said so in one line of Chinese on stderr, and printed nothing else.
fn failed(out: &Output, expect: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "should fail: {stderr}");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("错误: "), "{stderr}");
    assert!(stderr.contains(expect), "expected “{expect}” in: {stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// Temporary files the writer left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".gsw-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_input_is_never_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let report = dir.join(REPORT);
    let before = std::fs::read(&report).unwrap();
    // The report itself, the same report by a roundabout path, a non-spreadsheet input,
    // and the input folder.
    let roundabout = dir
        .join("药学院/../基础医学院")
        .join(Path::new(REPORT).file_name().unwrap());
    for target in [report.clone(), roundabout] {
        let out = consolidate_to(&dir, &target);
        let said = failed(&out, "");
        assert_eq!(
            said.trim_end(),
            format!(
                "错误: 输出文件 {} 是输入文件夹中已有的文件（不是本程序的汇总），为免覆盖，拒绝写入：\
                 请换一个文件名，或不加 -o 使用默认位置",
                target.display()
            )
        );
    }
    // Not a workbook name, and not a file at all: refused before anything is read.
    let notes = dir.join("说明.txt");
    let said = failed(&consolidate_to(&dir, &notes), "");
    assert_eq!(
        said.trim_end(),
        format!(
            "错误: -o {}：汇总工作簿的文件名须以 .xlsx 结尾，如 -o {}",
            notes.display(),
            dir.join("说明.xlsx").display()
        )
    );
    let said = failed(&consolidate_to(&dir, &dir), "");
    assert_eq!(
        said.trim_end(),
        format!(
            "错误: -o {} 是文件夹，不是文件：请给出汇总工作簿的文件名，如 -o {}",
            dir.display(),
            dir.join("工作站汇总_2026-11-30.xlsx").display()
        )
    );
    assert_eq!(std::fs::read(&report).unwrap(), before, "input untouched");
    assert!(leftovers(&dir.join("基础医学院")).is_empty());
    assert!(!dir.join("汇总结果").exists(), "nothing written");

    // Our own summary inside the input folder may be replaced.
    let own = dir.join("汇总.xlsx");
    assert!(consolidate_to(&dir, &own).status.success());
    assert!(consolidate_to(&dir, &own).status.success());
}

#[test]
fn a_target_that_cannot_be_written_keeps_the_previous_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let out_dir = tmp.path().join("输出");
    let previous = out_dir.join("工作站汇总_2026-10-31.xlsx");
    assert!(consolidate_to(&dir, &previous).status.success());
    let before = std::fs::read(&previous).unwrap();

    // A folder where the file should go.
    let folder = out_dir.join("工作站汇总_2026-11-30.xlsx");
    std::fs::create_dir(&folder).unwrap();
    failed(&consolidate_to(&dir, &folder), "已有同名文件夹");
    // A file where a folder should be.
    let note = tmp.path().join("备注.txt");
    std::fs::write(&note, "x").unwrap();
    failed(
        &consolidate_to(&dir, &note.join("汇总.xlsx")),
        "路径中有同名文件",
    );
    // A pipe (as `/dev/full` would be: a rename would replace the device).
    let pipe = out_dir.join("管道.xlsx");
    if Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success())
    {
        failed(&consolidate_to(&dir, &pipe), "不是普通文件");
        assert!(pipe.exists());
    } else {
        eprintln!("pipe case skipped: mkfifo is not available");
    }

    assert_eq!(std::fs::read(&previous).unwrap(), before);
    assert_eq!(std::fs::read_to_string(&note).unwrap(), "x");
    assert!(leftovers(&out_dir).is_empty(), "{:?}", leftovers(&out_dir));
    assert!(leftovers(tmp.path()).is_empty());
}

#[test]
fn a_vanished_output_folder_is_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let target = tmp.path().join("输出/月度/汇总.xlsx");
    assert!(consolidate_to(&dir, &target).status.success());
    std::fs::remove_dir_all(tmp.path().join("输出")).unwrap();
    assert!(consolidate_to(&dir, &target).status.success());
    assert!(target.is_file());

    // The default folder too.
    assert!(gsw(&dir, &[]).status.success());
    std::fs::remove_dir_all(dir.join("汇总结果")).unwrap();
    assert!(gsw(&dir, &[]).status.success());
    assert!(dir.join("汇总结果/工作站汇总_2026-11-30.xlsx").is_file());
}

/// A write that stops part-way (here at a file size limit, as a full disk would stop it).
#[cfg(unix)]
#[test]
fn a_write_cut_short_keeps_the_previous_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let target = tmp.path().join("输出/汇总.xlsx");
    assert!(consolidate_to(&dir, &target).status.success());
    let before = std::fs::read(&target).unwrap();
    // 16 blocks: far less than a summary. SIGXFSZ ignored, so the write gets EFBIG.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 16 && trap '' XFSZ && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", AS_OF, "-q", "-o"])
        .arg(&target)
        .arg(&dir)
        .output()
        .unwrap();
    failed(&out, "无法写入");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(leftovers(target.parent().unwrap()).is_empty());
}

/// Runs `script` in a private mount namespace (`unshare -rm`), where a small tmpfs can be
/// mounted without touching the machine. `None` when that is not possible here.
#[cfg(target_os = "linux")]
fn in_mount_namespace(script: &str, args: &[&Path]) -> Option<String> {
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs tmpfs \"$1\"", "sh"])
        .arg(args[0])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args(args)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// A really full disk and a really read-only one: a tiny tmpfs holding the previous summary.
#[cfg(target_os = "linux")]
#[test]
fn a_full_or_read_only_disk_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let mnt = tmp.path().join("盘");
    std::fs::create_dir(&mnt).unwrap();
    let previous = tmp.path().join("上次.xlsx");
    std::fs::write(&previous, "上次的汇总").unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gsw"));
    // $1 mount point, $2 previous summary, $3 gsw, $4 input, $5 size, $6 rw or ro.
    let script = r#"
        mount -t tmpfs -o "size=$5" tmpfs "$1" || exit 90
        cp "$2" "$1/汇总.xlsx"
        [ "$6" = ro ] && { mount -o remount,ro "$1" || exit 91; }
        "$3" consolidate --as-of 2026-11-30 -q -o "$1/汇总.xlsx" "$4"
        echo "exit=$?"
        cmp -s "$2" "$1/汇总.xlsx" && echo "previous=intact"
        ls -A "$1" | grep -q '^\.gsw-' && echo "temp=left"
        exit 0
    "#;
    for (size, mode, expect) in [
        ("16k", "rw", "磁盘空间不足"),
        ("1m", "ro", "没有写入权限或文件夹只读"),
    ] {
        let options = format!("{size} {mode}");
        let args = [
            &mnt,
            &previous,
            &bin,
            &dir,
            Path::new(size),
            Path::new(mode),
        ];
        let Some(text) = in_mount_namespace(script, &args) else {
            eprintln!("skipped: cannot mount a tmpfs in a private namespace here (unshare -rm)");
            return;
        };
        assert!(text.contains("exit=2"), "{options}: {text}");
        assert!(text.contains(expect), "{options}: {text}");
        assert!(text.contains("previous=intact"), "{options}: {text}");
        assert!(!text.contains("temp=left"), "{options}: {text}");
    }
}

#[test]
fn the_csv_folder_is_never_read_as_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let csv = dir.join("导出");
    let target = tmp.path().join("汇总.xlsx");
    let with_csv = |csv: &Path| {
        gsw(
            &dir,
            &[
                "-o".as_ref(),
                target.as_os_str(),
                "--csv".as_ref(),
                csv.as_os_str(),
            ],
        )
    };
    assert!(with_csv(&csv).status.success());
    assert!(with_csv(&csv).status.success());
    assert!(csv.join("文件清单.csv").is_file());
    let files = std::fs::read_to_string(csv.join("文件清单.csv")).unwrap();
    assert!(
        !files.contains("导出/"),
        "CSV folder listed as input:\n{files}"
    );
    assert!(files.contains(REPORT));

    // A CSV folder that would hide the input: the input folder, a folder with reports in it.
    failed(&with_csv(&dir), "是输入文件夹或其上级");
    failed(&with_csv(&dir.join("基础医学院")), "含有工作簿");
    failed(&with_csv(&dir.join("说明.txt")), "是文件，不是文件夹");
}
