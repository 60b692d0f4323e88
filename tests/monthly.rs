//! Two months in a row, as the staff member runs them: `sample-data/` consolidated at the end
//! of October, then the folder changes (a corrected resend, a file re-sent under the same name
//! with a fix, a file deleted) and November's run in the same output folder lists exactly those
//! changes on 本月变化. And the same inputs give the same bytes, run after run.

mod common;

use common::{copy_dir, sample_data};

use calamine::{open_workbook, Reader, Xlsx};
use gsw::discover;
use gsw::fill::Filled;
use gsw::ingest;
use gsw::model::{Outcome, Report, Submission};
use gsw::schema::PROVINCIAL;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gsw(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .arg("consolidate")
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "gsw {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A report in the folder, read the way gsw reads it.
fn read_report(dir: &Path, rel: &str) -> Report {
    let found = discover::discover(dir, &[])
        .into_iter()
        .find(|f| f.rel == rel)
        .unwrap_or_else(|| panic!("{rel} not found"));
    match ingest::read_file(found, Default::default()).submission {
        Some(Submission::Report(r)) => *r,
        other => panic!("{rel} is not a report: {other:?}"),
    }
}

fn write_report(dir: &Path, rel: &str, report: &Report) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    Filled::report(report).save(&path).unwrap();
}

/// A sheet's rows as text.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

const BOHAI_2024: &str = "第二医院/2024-2025学年_渤海博远医学影像研究生工作站.xlsx";
const BOHAI_RESEND: &str = "第二医院/更正/2024-2025学年_渤海博远医学影像研究生工作站（更正）.xlsx";
const HAIHE_2023: &str = "第二医院/2023-2024学年_海河润泽心血管器械研究生工作站.xlsx";
const WUQING_2021: &str = "药学院/2021-2022学年_武清同创中药研究生工作站.xlsx";

/// November's folder: what came in and went out since October.
fn change_folder(dir: &Path) {
    // GZZ-2022-04 re-sends 2024-2025 with a second provincial outcome (C6 now met: 优秀)
    // instead of repeating the previous year's, but forgets the 填报人.
    let mut resend = read_report(dir, BOHAI_2024);
    resend.info.filed_on = Some(gsw::dates::ymd(2026, 11, 10));
    resend.info.filer = None;
    let repeated = Some(gsw::dates::ymd(2024, 3, 18));
    resend.outcomes.retain(|o| o.obtained_on != repeated);
    resend.outcomes.push(Outcome {
        kind: Some("标准"),
        name: Some("医学影像人工智能辅助诊断质量控制规范".to_string()),
        level: Some(PROVINCIAL),
        obtained_on: Some(gsw::dates::ymd(2025, 3, 1)),
        related: Some(true),
        ..Outcome::default()
    });
    write_report(dir, BOHAI_RESEND, &resend);

    // GZZ-2021-01 re-sends 2023-2024 under the same name, with the outcome date that fell
    // outside the year corrected.
    let mut fixed = read_report(dir, HAIHE_2023);
    let wrong = gsw::dates::ymd(2022, 10, 12);
    let outcome = (fixed.outcomes.iter_mut())
        .find(|o| o.obtained_on == Some(wrong))
        .expect("the outcome dated 2022-10-12");
    outcome.obtained_on = Some(gsw::dates::ymd(2023, 10, 12));
    write_report(dir, HAIHE_2023, &fixed);

    // A report withdrawn.
    std::fs::remove_file(dir.join(WUQING_2021)).unwrap();
}

#[test]
fn the_next_month_lists_exactly_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    copy_dir(&sample_data(), &dir);
    let out_dir = dir.join("汇总结果");

    let october = gsw(&["--as-of", "2026-10-31"], &dir);
    let first = out_dir.join("工作站汇总_2026-10-31.xlsx");
    assert!(first.is_file());
    let names = open_workbook::<Xlsx<_>, _>(&first).unwrap().sheet_names();
    assert!(
        !names.iter().any(|n| n == "本月变化"),
        "no earlier summary, no 本月变化: {names:?}"
    );
    assert!(!String::from_utf8_lossy(&october.stdout).contains("本月变化"));

    change_folder(&dir);
    let csv = tmp.path().join("csv");
    let november = gsw(
        &["--as-of", "2026-11-30", "--csv", csv.to_str().unwrap()],
        &dir,
    );
    let second = out_dir.join("工作站汇总_2026-11-30.xlsx");
    let names = open_workbook::<Xlsx<_>, _>(&second).unwrap().sheet_names();
    assert_eq!(&names[..3], ["汇总", "本月变化", "图表"]);

    let rows = sheet(&second, "本月变化");
    assert_eq!(rows[0], ["类别", "工作站编号", "项目", "上次", "本次"]);
    let changes: Vec<[&str; 3]> = rows[1..]
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    let required = "基本信息!B11 [required]";
    let resend_problem = format!("{BOHAI_RESEND} {required}");
    let superseded = format!("{BOHAI_2024} [superseded]");
    let solved = format!("{HAIHE_2023} 成果!D8 [outcome-outside-year]");
    // SPEC §5.6: the re-send came after the due date; 2024-2025 stays on time.
    let late = format!("{BOHAI_RESEND} 基本信息!B10 [late-correction]");
    let want: Vec<[&str; 3]> = vec![
        ["新文件", "GZZ-2022-04", BOHAI_RESEND],
        ["文件变更", "GZZ-2021-01", HAIHE_2023],
        ["文件移除", "GZZ-2021-03", WUQING_2021],
        ["等级变化", "GZZ-2022-04", "渤海博远医学影像研究生工作站"],
        ["问题已解决", "GZZ-2021-01", &solved],
        ["新问题", "GZZ-2022-04", &superseded],
        ["新问题", "GZZ-2022-04", &late],
        ["新问题", "GZZ-2022-04", &resend_problem],
    ];
    assert_eq!(changes, want, "{rows:#?}");

    let row = |kind: &str| rows.iter().find(|r| r[0] == kind).unwrap();
    assert_eq!(row("新文件")[4], "已采用");
    assert_eq!(row("文件移除")[3], "已采用");
    assert_eq!(&row("等级变化")[3..5], ["合格", "优秀"]);
    let changed = row("文件变更");
    assert!(
        changed[3] != changed[4] && changed[3].len() == 12,
        "{changed:?}"
    );
    assert!(row("新问题")[4].starts_with("警告："));
    let said = rows.iter().find(|r| r[2] == late).unwrap();
    assert!(
        said[4].contains("与按时报送的相比：省部级成果 1 → 2；C6 未达标 → 达标；等级 合格 → 优秀"),
        "{said:?}"
    );

    // The same table as CSV, 说明 names the summary compared with, the terminal counts them.
    let text = std::fs::read_to_string(csv.join("本月变化.csv")).unwrap();
    assert_eq!(text.trim_end().lines().count(), rows.len());
    let notes = sheet(&second, "说明");
    assert!(
        notes.iter().any(|r| r[0] == "本月变化"
            && r[1] == "与上次的汇总 工作站汇总_2026-10-31.xlsx 相比：8 项变化"),
        "{notes:?}"
    );
    let stdout = String::from_utf8_lossy(&november.stdout);
    assert!(
        stdout.contains("本月变化：与 工作站汇总_2026-10-31.xlsx 相比 8 项"),
        "{stdout}"
    );

    // Run again for the same month: still compared with October, not with itself.
    gsw(&["--as-of", "2026-11-30", "-q"], &dir);
    assert_eq!(sheet(&second, "本月变化"), rows);
}

#[test]
fn nothing_changed_is_said_on_the_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    copy_dir(&sample_data(), &dir);
    gsw(&["--as-of", "2026-10-31", "-q"], &dir);
    gsw(&["--as-of", "2026-11-30", "-q"], &dir);
    let rows = sheet(&dir.join("汇总结果/工作站汇总_2026-11-30.xlsx"), "本月变化");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], "与上次汇总相比没有变化");
}

/// An earlier summary that cannot be read — damaged, or encrypted — is read as every input is
/// (through `gsw::read`, with its limits and guards): the terminal says why, and the run goes
/// on without 本月变化.
#[test]
fn an_unreadable_earlier_summary_is_said_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    copy_dir(&sample_data(), &dir);
    let out = dir.join("汇总结果");
    std::fs::create_dir_all(&out).unwrap();
    let encrypted =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encrypted-password-gsw.xlsx");
    let cases = [
        (b"not a workbook".to_vec(), "无法读取上次的汇总"),
        (std::fs::read(encrypted).unwrap(), "已加密"),
    ];
    for (bytes, words) in cases {
        std::fs::write(out.join("工作站汇总_2026-10-31.xlsx"), bytes).unwrap();
        let run = gsw(&["--as-of", "2026-11-30"], &dir);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains(words) && stderr.contains("本次不列出本月变化"),
            "{stderr}"
        );
        let november = out.join("工作站汇总_2026-11-30.xlsx");
        let names = open_workbook::<Xlsx<_>, _>(&november)
            .unwrap()
            .sheet_names();
        assert!(!names.iter().any(|n| n == "本月变化"), "{names:?}");
    }
}

/// Same folder and evaluation date: the same bytes, workbook and CSVs, whatever the clock,
/// the output path or the files' modification times.
#[test]
fn same_inputs_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    copy_dir(&sample_data(), &dir);
    let run = |n: &str| {
        let out = tmp.path().join(n);
        gsw(
            &[
                "--as-of",
                "2026-11-30",
                "-q",
                "-o",
                out.join("汇总.xlsx").to_str().unwrap(),
                "--csv",
                out.join("csv").to_str().unwrap(),
            ],
            &dir,
        );
        out
    };
    let a = run("一");
    // Other modification times: the files are the same, so is the summary.
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    let later = std::time::SystemTime::now();
    for f in discover::discover(&dir, &[]) {
        let file = std::fs::File::options().write(true).open(&f.path).unwrap();
        file.set_modified(later).unwrap();
    }
    let b = run("二");
    let bytes = |p: PathBuf| std::fs::read(p).unwrap();
    assert!(
        bytes(a.join("汇总.xlsx")) == bytes(b.join("汇总.xlsx")),
        "workbooks differ"
    );
    let mut names: Vec<_> = std::fs::read_dir(a.join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), gsw::output::tables::SHEETS.len(), "{names:?}");
    for name in names {
        assert!(
            bytes(a.join("csv").join(&name)) == bytes(b.join("csv").join(&name)),
            "{name:?} differs"
        );
    }
}
