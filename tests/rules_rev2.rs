//! The rules of SPEC revision 2 end to end: workbooks built in code (or copies of
//! `sample-data/`), read by the real reader and graded by [`gsw::consolidate`]. Each test
//! names the clause it checks and sits at its boundary.

mod common;

use common::{clean_report_with, row};
use gsw::consolidate::{consolidate, Options};
use gsw::dates::ymd;
use gsw::problem::Code;
use gsw::rules::Rules;
use gsw::summary::Summary;
use std::path::Path;

fn run(dir: &Path) -> Summary {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits: Default::default(),
        skip: Vec::new(),
    };
    consolidate(dir, &options, &|| {})
}

/// Days of each 学号 of the only station.
fn days(summary: &Summary) -> Vec<(String, i64)> {
    summary.assessments[0]
        .students
        .iter()
        .map(|s| (s.student_id.clone(), s.days))
        .collect()
}

/// SPEC §5.4 (rev. 2): a row whose 出站日期 or 进站日期 cannot be read gives no days; only an
/// empty cell and the placeholders of §3.6 mean "still in the station". The clean report's
/// year is 2023-2024: still in from 2023-09-01 is 304 days.
#[test]
fn spec_5_4_an_unreadable_entry_or_exit_date_gives_no_days() {
    let dir = tempfile::tempdir().unwrap();
    clean_report_with(&dir.path().join("r.xlsx"), |wb| {
        let ws = wb.worksheet_from_name("进站研究生").unwrap();
        ws.write_string(0, 9, "出站日期").unwrap();
        let rows: [(&str, &str, &str); 6] = [
            ("A", "2023-09-01", "已出站"),
            ("B", "2023-09-01", "在站"),
            ("C", "2023-09-01", ""),
            ("D", "2023-09-01", "2023-13-45"),
            ("E", "2023-09-01", "2024-01-31"),
            ("F", "2023年9月", ""),
        ];
        for (i, (id, entered, left)) in rows.iter().enumerate() {
            let r = i as u32 + 2;
            row(
                ws,
                r,
                &[
                    "某生",
                    id,
                    "硕士",
                    "李老师",
                    entered,
                    "600",
                    "10",
                    "6000",
                    "是",
                    left,
                ],
            );
        }
    });
    let summary = run(dir.path());
    let got = days(&summary);
    let want: Vec<(String, i64)> = [
        ("2023001", 304),
        ("A", 0),
        ("B", 304),
        ("C", 304),
        ("D", 0),
        ("E", 153),
        ("F", 0),
    ]
    .iter()
    .map(|(id, d)| (id.to_string(), *d))
    .collect();
    assert_eq!(got, want);
    let at = |cell: &str| {
        summary
            .problems
            .iter()
            .find(|p| p.cell.map(|c| c.to_string()).as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("no problem at {cell}: {:#?}", summary.problems))
    };
    for cell in ["J3", "J6"] {
        let p = at(cell);
        assert_eq!(p.code, Code::BadDate);
        assert!(
            p.message.contains("本行不计在站天数") && p.message.contains("仍在站的请留空"),
            "{}",
            p.message
        );
    }
    assert!(at("E8")
        .message
        .contains("本行不计在站天数，请填写进站日期"));
}

/// SPEC §5.4: the same 学号 twice in one report is an error at the second row, and both rows
/// keep their days (the student is counted once, over the union).
#[test]
fn spec_5_4_a_student_twice_in_one_report_keeps_both_rows_days() {
    let dir = tempfile::tempdir().unwrap();
    clean_report_with(&dir.path().join("r.xlsx"), |wb| {
        let ws = wb.worksheet_from_name("进站研究生").unwrap();
        ws.write_string(0, 9, "出站日期").unwrap();
        // 2023001 is on row 2 from 2023-09-01, still in; again from 2023-07-01 to 2023-08-31.
        row(
            ws,
            2,
            &[
                "张三",
                "2023001",
                "硕士",
                "李老师",
                "2023-07-01",
                "600",
                "2",
                "1200",
                "是",
                "2023-08-31",
            ],
        );
    });
    let summary = run(dir.path());
    assert_eq!(days(&summary), [("2023001".to_string(), 366)]);
    let dup: Vec<_> = (summary.problems.iter())
        .filter(|p| p.code == Code::DuplicateStudent)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].cell.map(|c| c.to_string()).as_deref(), Some("B3"));
}

// ---- the subsidy minimum and the review column (SPEC §4, §6, §7) ------------------------

use common::copy_dir;
use gsw::cmd::check::check_one;
use gsw::evaluate::{Assessment, Grade, Verdict};
use gsw::fill::Filled;
use gsw::model::Submission;
use gsw::schema::{review as rv, REVIEW};

fn copy_of_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报表");
    copy_dir(&common::sample_data(), &input);
    (dir, input)
}

fn run_with(dir: &Path, rules: Rules) -> Summary {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules,
        limits: Default::default(),
        skip: Vec::new(),
    };
    consolidate(dir, &options, &|| {})
}

fn station<'a>(s: &'a Summary, id: &str) -> &'a Assessment {
    s.assessments.iter().find(|a| a.id == id).unwrap()
}

fn c4(a: &Assessment) -> &gsw::evaluate::CriterionResult {
    a.criteria.iter().find(|c| c.id == "C4").unwrap()
}

/// The header row of a sheet of an .xlsx, as text.
fn headers(path: &Path, sheet: &str) -> Vec<String> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .find(|r| r.iter().any(|c| c.to_string().starts_with("工作站编号")))
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

/// SPEC §4 (rev. 2): the review form has 生活补助按时足额发放 {是,否} — in the blank template
/// and the pre-filled form — and the reader takes it: filled, it overrides C4 both ways.
#[test]
fn spec_4_the_review_column_for_the_subsidy_overrides_c4() {
    let (dir, input) = copy_of_sample();
    let blank = dir.path().join("模板");
    gsw::template::write_all(&blank).unwrap();
    let known = gsw::template::known_stations(&input).unwrap();
    let prefilled = dir.path().join("预填.xlsx");
    gsw::template::prefill::review(&known)
        .unwrap()
        .save(&prefilled)
        .unwrap();
    for path in [blank.join(REVIEW.template_file), prefilled] {
        assert!(
            headers(&path, rv::SHEET.name).contains(&rv::SUBSIDY.label.to_string()),
            "{path:?}: {:?}",
            headers(&path, rv::SHEET.name)
        );
    }

    let review = input.join(REVIEW.template_file);
    let Some(Submission::Review(mut rows)) = check_one(&review).submission else {
        panic!("the sample review form");
    };
    for r in &mut rows {
        match r.station_id.as_str() {
            "GZZ-2022-01" => r.subsidy = Some(false),
            "GZZ-2022-05" => r.subsidy = Some(true),
            _ => {}
        }
    }
    Filled::review(&rows).save(&review).unwrap();
    let summary = run(&input);
    let excellent = station(&summary, "GZZ-2022-01");
    assert_eq!(c4(excellent).result(), Verdict::NotMet);
    assert_eq!(c4(excellent).actual, "专家评议：否");
    assert_eq!(excellent.grade, Grade::Failed);
    let failed = station(&summary, "GZZ-2022-05");
    assert_eq!(c4(failed).result(), Verdict::Met);
    assert_eq!(failed.grade, Grade::Qualified);
}

/// SPEC §6–7 (rev. 2): the sample's 400 元 硕士 without the supervisor exemption is a warning
/// at its cell named in C4, and C4 fails on the unpaid months only; with
/// `subsidy_min_fails_c4 = true` the 400 fails C4 too, while GZZ-2022-01's 300 元 with the
/// exemption still does not.
#[test]
fn spec_6_the_subsidy_minimum_warns_and_fails_c4_only_by_the_rules_key() {
    let (_dir, input) = copy_of_sample();
    let summary = run(&input);
    let warned: Vec<_> = (summary.problems.iter())
        .filter(|p| p.code == Code::SubsidyBelowMinimum)
        .collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert_eq!(warned[0].station.as_deref(), Some("GZZ-2022-05"));
    assert_eq!(warned[0].sheet.as_deref(), Some("进站研究生"));
    assert!(warned[0].cell.is_some());
    let c = c4(station(&summary, "GZZ-2022-05"));
    assert_eq!(c.result(), Verdict::NotMet);
    assert!(c
        .actual
        .contains("不符合要求 1 人次；月补助标准低于最低标准 1 人次（仅警告"));
    assert!(c.evidence.contains("按时足额发放为“否”"), "{}", c.evidence);
    assert!(
        c.evidence.contains("；低于最低标准（仅警告）："),
        "{}",
        c.evidence
    );

    let strict = Rules::parse("subsidy_min_fails_c4 = true", "规则.toml").unwrap();
    let strict = run_with(&input, strict);
    let c = c4(station(&strict, "GZZ-2022-05"));
    assert!(
        c.actual
            .starts_with("进站研究生 33 人次，不符合要求 2 人次"),
        "{}",
        c.actual
    );
    assert!(!c.evidence.contains("仅警告"), "{}", c.evidence);
    assert_eq!(c4(station(&strict, "GZZ-2022-01")).result(), Verdict::Met);
    assert_eq!(common::verdicts(&strict), common::verdicts(&summary));
}

/// `gsw rules` prints the new key with its clause, and the printed file reads back.
#[test]
fn gsw_rules_prints_subsidy_min_fails_c4() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gsw"))
        .arg("rules")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("原则上一般应提供不低于上述标准的生活补助")
            && text.contains("\nsubsidy_min_fails_c4 = false\n"),
        "{text}"
    );
    assert_eq!(Rules::parse(&text, "x").unwrap(), Rules::default());
}

// ---- the traps (SPEC §10) --------------------------------------------------------------

use gsw::model::FileStatus;
use gsw::schema::report as rf;

const RUIHE: &str = "基础医学院/2023-2024学年_津南瑞和基因检测研究生工作站.xlsx";

/// Saves a copy of the report at `rel` as `copy`, with `edit` applied to the workbook the
/// fill helper writes from the report as read, and modified a day after the original.
fn copy_report(
    input: &Path,
    rel: &str,
    copy: &str,
    edit: impl FnOnce(&mut rust_xlsxwriter::Workbook),
) {
    let Some(Submission::Report(report)) = check_one(&input.join(rel)).submission else {
        panic!("{rel} is a report");
    };
    let mut wb = Filled::report(&report).workbook().unwrap();
    edit(&mut wb);
    let path = input.join(copy);
    wb.save(&path).unwrap();
    let original = std::fs::metadata(input.join(rel))
        .unwrap()
        .modified()
        .unwrap();
    let newer = original + std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(newer)
        .unwrap();
}

fn file<'a>(s: &'a Summary, path: &str) -> &'a gsw::model::FileEntry {
    s.files.iter().find(|f| f.source.path == path).unwrap()
}

/// SPEC §10 (rev. 2) “A broken copy never replaces a good report”: a copy of GZZ-2022-02's
/// 2023-2024 report with the required header 进站日期 renamed, the same 填报日期 and a newer
/// modification time is superseded by the original, which says why truthfully; the grade and
/// the students stay. A whole copy with the same 填报日期 and a newer time is used, and the
/// original is told “填报日期相同”, not “更晚”.
#[test]
fn spec_10_a_broken_copy_never_replaces_a_good_report() {
    let (_dir, input) = copy_of_sample();
    let before = run(&input);
    let copy = "基础医学院/2023-2024学年_津南瑞和基因检测研究生工作站 - 副本.xlsx";
    copy_report(&input, RUIHE, copy, |wb| {
        let col = gsw::template::position(&rf::STUDENTS, &rf::ENTERED_ON).unwrap();
        let ws = wb.worksheet_from_name(rf::STUDENTS.name).unwrap();
        ws.write_string(gsw::template::HEADER_ROW, col, "入站日期")
            .unwrap();
    });
    let after = run(&input);
    assert_eq!(common::verdicts(&after), common::verdicts(&before));
    let (a, b) = (
        station(&before, "GZZ-2022-02"),
        station(&after, "GZZ-2022-02"),
    );
    assert_eq!(a.counts.students, 22);
    assert_eq!(b.counts, a.counts);
    assert_eq!(file(&after, RUIHE).status, FileStatus::Used);
    let broken = file(&after, copy);
    assert_eq!(broken.status, FileStatus::Superseded);
    assert!(
        broken
            .reason
            .contains("本文件有文件级错误：缺少必填列 \"进站日期\""),
        "{}",
        broken.reason
    );
    assert!(!broken.reason.contains("更晚"), "{}", broken.reason);
    let said: Vec<_> = (after.problems.iter())
        .filter(|p| p.code == Code::Superseded && p.file.as_deref() == Some(copy))
        .collect();
    assert_eq!(said.len(), 1);
    assert!(said[0]
        .message
        .contains(&format!("数据取自 {RUIHE}（本文件有文件级错误")));

    // A whole copy, same 填报日期, newer: used; the original is told the dates are equal.
    std::fs::remove_file(input.join(copy)).unwrap();
    copy_report(&input, RUIHE, copy, |_| {});
    let whole = run(&input);
    assert_eq!(file(&whole, copy).status, FileStatus::Used);
    let original = file(&whole, RUIHE);
    assert_eq!(original.status, FileStatus::Superseded);
    assert!(
        original
            .reason
            .ends_with("（同一工作站同一学年，填报日期相同，文件修改时间更晚）"),
        "{}",
        original.reason
    );
    assert_eq!(station(&whole, "GZZ-2022-02").counts, a.counts);
}

/// Rewrites the report at `rel` with `edit` applied to it as read.
fn rewrite_report(input: &Path, rel: &str, edit: impl FnOnce(&mut gsw::model::Report)) {
    let Some(Submission::Report(mut report)) = check_one(&input.join(rel)).submission else {
        panic!("{rel} is a report");
    };
    edit(&mut report);
    Filled::report(&report).save(&input.join(rel)).unwrap();
}

const RUIHE_2022: &str = "基础医学院/2022-2023学年_津南瑞和基因检测研究生工作站.xlsx";

/// SPEC §10 (rev. 2) “A station number typed wrong does not revoke the real station”: with
/// GZZ-2022-02 typed GZZ-2022-2 in two of its reports, the station keeps its four years and
/// its grade, no phantom station appears, and each file has an error at its 工作站编号 cell
/// naming both numbers.
#[test]
fn spec_10_a_mistyped_station_number_does_not_revoke_the_real_station() {
    let (_dir, input) = copy_of_sample();
    let before = run(&input);
    for rel in [RUIHE_2022, RUIHE] {
        rewrite_report(&input, rel, |r| r.info.station_id = "GZZ-2022-2".into());
    }
    let after = run(&input);
    assert_eq!(common::verdicts(&after), common::verdicts(&before));
    let (a, b) = (
        station(&before, "GZZ-2022-02"),
        station(&after, "GZZ-2022-02"),
    );
    assert_eq!(b.counts, a.counts);
    assert!(!after.assessments.iter().any(|a| a.id == "GZZ-2022-2"));
    for rel in [RUIHE_2022, RUIHE] {
        let errors: Vec<_> = (after.problems.iter())
            .filter(|p| p.code == Code::StationIdTypo && p.file.as_deref() == Some(rel))
            .collect();
        assert_eq!(errors.len(), 1, "{rel}");
        let p = errors[0];
        assert_eq!(p.severity, gsw::problem::Severity::Error);
        assert_eq!(p.station.as_deref(), Some("GZZ-2022-02"));
        assert_eq!(p.sheet.as_deref(), Some("基本信息"));
        assert!(p.cell.is_some());
        assert!(
            p.message.contains("“GZZ-2022-2”") && p.message.contains("改为 GZZ-2022-02"),
            "{}",
            p.message
        );
        let f = file(&after, rel);
        assert_eq!(f.station.as_deref(), Some("GZZ-2022-02"));
        assert_eq!((f.status, f.errors), (FileStatus::Used, 1));
    }
    assert!(!after.problems.iter().any(|p| p.code == Code::NotInRegister));
}

/// SPEC §4 (rev. 2): 工作站名称, 设站单位, 设站单位类型, 牵头学院/医院 and 认定日期 are compared
/// one by one: with the register's 设站单位 and 牵头学院/医院 changed for GZZ-2022-04, each of
/// its four reports gets two warnings, at its 设站单位 and 牵头学院/医院 cells.
#[test]
fn spec_4_register_fields_are_compared_one_by_one() {
    let (_dir, input) = copy_of_sample();
    let register = input.join(gsw::schema::REGISTER.template_file);
    let Some(Submission::Register(mut rows)) = check_one(&register).submission else {
        panic!("the sample register");
    };
    let row = rows
        .iter_mut()
        .find(|r| r.station_id == "GZZ-2022-04")
        .unwrap();
    row.host = Some("天津渤海博远医学影像有限公司".into());
    row.college = Some("医学影像学院".into());
    Filled::register(&rows).save(&register).unwrap();
    let summary = run(&input);
    let mut cells: Vec<(String, String)> = (summary.problems.iter())
        .filter(|p| p.code == Code::RegisterMismatch)
        .map(|p| {
            assert_eq!(p.station.as_deref(), Some("GZZ-2022-04"));
            assert_eq!(p.severity, gsw::problem::Severity::Warning);
            let field = p.message.split(' ').next().unwrap().to_string();
            (
                p.file.clone().unwrap(),
                format!("{field}@{}", p.cell.unwrap()),
            )
        })
        .collect();
    cells.sort();
    assert_eq!(cells.len(), 8, "{cells:#?}");
    for pair in cells.chunks(2) {
        assert_eq!(pair[0].0, pair[1].0, "two warnings per file");
        assert_eq!(pair[0].1, "牵头学院/医院@B6");
        assert_eq!(pair[1].1, "设站单位@B4");
    }
}

/// SPEC §10 (rev. 2): `gsw check FILE --register REGISTER` checks the number and the names
/// before a college sends: the mistyped number is an error naming both numbers (exit 1),
/// whether the register is given as its file or as a folder holding it; a number that
/// matches nothing names the nearest; a differing 设站单位 is a warning at its cell.
#[test]
fn spec_10_check_with_the_register_catches_a_mistyped_number() {
    let (dir, input) = copy_of_sample();
    rewrite_report(&input, RUIHE, |r| r.info.station_id = "GZZ-2022-2".into());
    let unknown = "基础医学院/2022-2023学年_滨海康华生物医药研究生工作站.xlsx";
    rewrite_report(&input, unknown, |r| {
        r.info.station_id = "GZZ-2022-1".into();
        r.info.station_name = Some("滨海康华研究生工作站".into());
    });
    let hosted = "第二医院/2022-2023学年_渤海博远医学影像研究生工作站.xlsx";
    rewrite_report(&input, hosted, |r| r.info.host = Some("别的公司".into()));
    let register = input.join(gsw::schema::REGISTER.template_file);
    let check = |files: &[&str], register: &Path, json: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gsw"));
        cmd.arg("check").current_dir(&input);
        cmd.args(files).arg("--register").arg(register);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    for reg in [register.as_path(), input.as_path()] {
        let (code, text) = check(&[RUIHE], reg, false);
        assert_eq!(code, Some(1), "{text}");
        assert!(
            text.contains("[错误] 基本信息!B2  工作站编号 “GZZ-2022-2” 不在工作站名册中")
                && text.contains("请把工作站编号改为 GZZ-2022-02"),
            "{text}"
        );
    }
    let (code, text) = check(&[unknown, hosted], &register, false);
    assert_eq!(code, Some(0), "warnings only: {text}");
    assert!(
        text.contains("工作站 GZZ-2022-1 不在工作站名册中（名册中最接近的编号：GZZ-2022-01"),
        "{text}"
    );
    assert!(
        text.contains("[警告] 基本信息!B4  设站单位 “别的公司” 与工作站名册"),
        "{text}"
    );
    let (_, json) = check(&[RUIHE], &register, true);
    assert!(json.contains("\"code\": \"station-id-typo\""), "{json}");
    // Without --register nothing of the register is said.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["check", RUIHE])
        .current_dir(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // A register that cannot be found: a Chinese reason, nothing checked.
    let (code, _) = check(&[RUIHE], &dir.path().join("没有.xlsx"), false);
    assert_ne!(code, Some(0));
}

/// SPEC §5.6 (rev. 2): the sample's GZZ-2022-01 sent 2023-2024 on time with a typo in one
/// amount and corrected it after the due date: 提示 at the correction, saying what changed.
#[test]
fn spec_5_6_a_late_correction_says_what_changed() {
    let summary = run(&common::sample_data());
    let late: Vec<_> = (summary.problems.iter())
        .filter(|p| p.code == Code::LateCorrection)
        .collect();
    assert_eq!(late.len(), 1, "{late:#?}");
    let p = late[0];
    assert_eq!(p.severity, gsw::problem::Severity::Info);
    assert_eq!(
        p.file.as_deref(),
        Some("基础医学院/更正/2023-2024学年_滨海康华生物医药研究生工作站（更正）.xlsx")
    );
    assert!(
        p.message.contains("按时报送的是 基础医学院/2023-2024学年_滨海康华生物医药研究生工作站.xlsx（填报日期 2024-07-08），该学年仍为按时")
            && p.message.contains("与按时报送的相比：C4 未达标 → 达标；等级 不合格 → 优秀"),
        "{}",
        p.message
    );
    assert_eq!(station(&summary, "GZZ-2022-01").grade, Grade::Excellent);
}
