//! Register, review form and rules file end to end (SPEC §4, §7) on a copy of `sample-data/`:
//! each change to an input the school controls moves exactly the grades it should.
//! Rules changes go through the real binary (`--rules`) and are read back with calamine;
//! register and review changes rewrite those workbooks with the fill helper and run
//! [`gsw::consolidate`].

mod common;

use common::copy_dir;

use calamine::{open_workbook_auto, Data, Reader};
use gsw::cmd::check::check_one;
use gsw::consolidate::{consolidate, Options};
use gsw::dates::ymd;
use gsw::evaluate::{Assessment, Grade, Status, Verdict, YearStatus};
use gsw::fill::Filled;
use gsw::model::{RegisterEntry, ReviewEntry, Submission};
use gsw::problem::{Code, Severity};
use gsw::rules::Rules;
use gsw::schema::{REGISTER, REVIEW};
use gsw::summary::Summary;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const AS_OF: &str = "2026-11-30";

/// A private copy of `sample-data/` (without any summary a run may have left in it).
struct Sample {
    _dir: tempfile::TempDir,
    input: PathBuf,
}

impl Sample {
    fn new() -> Sample {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("报表");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        copy_dir(&from, &input);
        Sample { _dir: dir, input }
    }

    fn register_path(&self) -> PathBuf {
        self.input.join(REGISTER.template_file)
    }

    fn review_path(&self) -> PathBuf {
        self.input.join(REVIEW.template_file)
    }

    /// Rewrites the review form after `edit` changed its rows (read with the real reader).
    fn edit_review(&self, edit: impl FnOnce(&mut Vec<ReviewEntry>)) {
        let mut rows = match check_one(&self.review_path()).submission {
            Some(Submission::Review(rows)) => rows,
            other => panic!("the sample review form reads: {other:?}"),
        };
        edit(&mut rows);
        Filled::review(&rows).save(&self.review_path()).unwrap();
    }

    /// Rewrites the register after `edit` changed its rows.
    fn edit_register(&self, edit: impl FnOnce(&mut Vec<RegisterEntry>)) {
        let mut rows = match check_one(&self.register_path()).submission {
            Some(Submission::Register(rows)) => rows,
            other => panic!("the sample register reads: {other:?}"),
        };
        edit(&mut rows);
        Filled::register(&rows).save(&self.register_path()).unwrap();
    }

    fn consolidate(&self) -> Summary {
        let options = Options {
            as_of: ymd(2026, 11, 30),
            rules: Rules::default(),
            limits: Default::default(),
            skip: Vec::new(),
        };
        consolidate(&self.input, &options, &|| {})
    }

    /// `gsw consolidate` on the copy, with more arguments; the summary goes to `out`.
    fn run(&self, out: &Path, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gsw"))
            .args(["consolidate", "--as-of", AS_OF, "-o"])
            .arg(out)
            .args(extra)
            .arg(&self.input)
            .output()
            .unwrap()
    }
}

fn station<'a>(summary: &'a Summary, id: &str) -> &'a Assessment {
    summary
        .assessments
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{id} not evaluated"))
}

fn criterion(a: &Assessment, id: &str) -> (Option<Verdict>, Verdict) {
    let c = a.criteria.iter().find(|c| c.id == id).unwrap();
    (c.qualified, c.excellent)
}

// ---- rules file, through the binary ----------------------------------------------------

/// One sheet of a summary workbook: its rows as text, keyed by the header row.
struct SheetRows {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl SheetRows {
    fn read(path: &Path, sheet: &str) -> SheetRows {
        let mut wb = open_workbook_auto(path).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        // The header row: the first holding 工作站编号 or 级别 (a title row may come first).
        let at = rows
            .iter()
            .position(|r| r.iter().any(|c| c == "工作站编号" || c == "级别"))
            .unwrap_or(0);
        let header = rows.get(at).cloned().unwrap_or_default();
        SheetRows {
            header,
            rows: rows.split_off((at + 1).min(rows.len())),
        }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The value of `column` in the rows whose first cells are `key`.
    fn get(&self, key: &[&str], column: &str) -> String {
        let col = self.col(column);
        let row = self
            .rows
            .iter()
            .find(|r| r.iter().zip(key).all(|(c, k)| c == k))
            .unwrap_or_else(|| panic!("no row {key:?}"));
        row[col].clone()
    }
}

/// A cell as text; a date cell as `2023-07-04`.
fn cell_text(cell: &Data) -> String {
    match cell {
        // Serial days since 1899-12-30 (dates here are all after 1900-03-01).
        Data::DateTime(d) => (ymd(1899, 12, 30) + chrono::Days::new(d.as_f64() as u64)).to_string(),
        other => other.to_string(),
    }
}

/// (状态, 等级, 可升至) per station, from a summary workbook's 汇总 sheet.
type Grades = BTreeMap<String, (String, String, String)>;

fn grades_of(path: &Path) -> Grades {
    let s = SheetRows::read(path, "汇总");
    let (status, grade, rise) = (s.col("状态"), s.col("等级"), s.col("可升至"));
    s.rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                (r[status].clone(), r[grade].clone(), r[rise].clone()),
            )
        })
        .collect()
}

fn graded(status: &str, grade: &str, rise: &str) -> (String, String, String) {
    (status.to_string(), grade.to_string(), rise.to_string())
}

/// The grades under the default rules, from the binary, computed once.
fn default_grades() -> &'static Grades {
    static GRADES: OnceLock<Grades> = OnceLock::new();
    GRADES.get_or_init(|| {
        let sample = Sample::new();
        let out = sample._dir.path().join("默认.xlsx");
        let run = sample.run(&out, &["-q"]);
        assert!(run.status.success(), "{run:?}");
        grades_of(&out)
    })
}

/// Runs the binary with `rules` as the rules file; returns the summary's path and the copy.
fn with_rules(rules: &str) -> (Sample, PathBuf) {
    let sample = Sample::new();
    let rules_path = sample._dir.path().join("规则.toml");
    std::fs::write(&rules_path, rules).unwrap();
    let out = sample._dir.path().join("汇总.xlsx");
    let run = sample.run(&out, &["-q", "--rules", rules_path.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    (sample, out)
}

/// Stations whose (状态, 等级, 可升至) differ from the defaults, with the new values.
fn changed(grades: &Grades) -> Grades {
    let defaults = default_grades();
    assert_eq!(grades.len(), defaults.len());
    grades
        .iter()
        .filter(|(id, g)| defaults.get(*id) != Some(g))
        .map(|(id, g)| (id.clone(), g.clone()))
        .collect()
}

#[test]
fn more_students_to_qualify_fails_the_station_with_ten() {
    let (_sample, out) = with_rules("qualified_students = 11\n");
    assert_eq!(
        default_grades()["GZZ-2021-01"],
        graded("期满", "合格", ""),
        "README's grade under the default rules"
    );
    let summary = SheetRows::read(&out, "汇总");
    assert_eq!(summary.get(&["GZZ-2021-01"], "进站半年以上人数"), "10");
    // Only it: GZZ-2024-01 has 12, GZZ-2021-02 (7) failed already.
    let expected: Grades = [("GZZ-2021-01".to_string(), graded("期满", "不合格", ""))].into();
    assert_eq!(changed(&grades_of(&out)), expected);
}

#[test]
fn more_students_for_excellence_takes_it_from_the_station_with_twenty_six() {
    let (_sample, out) = with_rules("excellent_students = 27\n");
    assert_eq!(default_grades()["GZZ-2022-01"], graded("期满", "优秀", ""));
    let summary = SheetRows::read(&out, "汇总");
    assert_eq!(summary.get(&["GZZ-2022-01"], "进站半年以上人数"), "26");
    // GZZ-2022-02 (22 students) can no longer rise to 优秀 by the experts' C7 alone.
    let expected: Grades = [
        ("GZZ-2022-01".to_string(), graded("期满", "合格", "")),
        ("GZZ-2022-02".to_string(), graded("期满", "合格", "")),
    ]
    .into();
    assert_eq!(changed(&grades_of(&out)), expected);
    let details = SheetRows::read(&out, "评估明细");
    let c5 = details.get(&["GZZ-2022-01", "C5 进站培养半年以上研究生人数"], "要求");
    assert!(
        c5.contains("27"),
        "the requirement shows the rule in force: {c5}"
    );
}

#[test]
fn an_earlier_due_date_makes_on_time_years_late() {
    let (_sample, out) = with_rules("report_due = \"07-04\"\n");
    let years = SheetRows::read(&out, "年度上报");
    let status = |id, year| years.get(&[id, year], "状态");
    // Filed 07-06: on time by 07-10, late by 07-04.
    assert_eq!(status("GZZ-2022-02", "2022-2023"), "迟交");
    assert_eq!(
        years.get(&["GZZ-2022-02", "2022-2023"], "截止日期"),
        "2023-07-04"
    );
    // Filed 07-02: still on time.
    assert_eq!(status("GZZ-2022-02", "2023-2024"), "按时");
    // Filed on 07-04 itself: on time (the due day counts).
    assert_eq!(status("GZZ-2022-05", "2024-2025"), "按时");
    // Filed 07-08, 07-06, 07-09, 07-01: three late years in a row.
    assert_eq!(status("GZZ-2021-01", "2023-2024"), "迟交");
    let grades = grades_of(&out);
    assert_eq!(grades["GZZ-2021-01"], graded("已撤销", "—", ""));
    assert_eq!(default_grades()["GZZ-2021-01"], graded("期满", "合格", ""));
    // Filed 07-03, 07-09, 07-04, 07-10: late twice but never in a row, so not revoked;
    // C1 fails.
    assert_eq!(status("GZZ-2022-05", "2022-2023"), "按时");
    assert_eq!(status("GZZ-2022-05", "2023-2024"), "迟交");
    assert_eq!(status("GZZ-2022-05", "2025-2026"), "迟交");
    assert_eq!(grades["GZZ-2022-05"], graded("期满", "不合格", ""));
    let details = SheetRows::read(&out, "评估明细");
    assert_eq!(
        details.get(&["GZZ-2022-05", "C1 按时上报基本数据"], "结果"),
        "未达标"
    );
    assert_eq!(
        details.get(&["GZZ-2022-04", "C1 按时上报基本数据"], "结果"),
        "未达标",
        "07-05, 07-08, 07-03, 07-09"
    );
    assert_eq!(grades["GZZ-2022-04"], graded("已撤销", "—", ""));
}

#[test]
fn a_bad_rules_file_names_the_key_and_writes_nothing() {
    let sample = Sample::new();
    let cases = [
        ("excelent_students = 20\n", "excelent_students"),
        ("qualified_students = \"八\"\n", "qualified_students"),
        ("[limits]\nmax_cells = \"很多\"\n", "max_cells"),
        ("qualified_students = 21\n", "qualified_students"),
        ("excellent_students = 5\n", "qualified_students"),
    ];
    for (i, (rules, key)) in cases.iter().enumerate() {
        let rules_path = sample._dir.path().join(format!("规则{i}.toml"));
        std::fs::write(&rules_path, rules).unwrap();
        // The default output, inside the input folder.
        let run = Command::new(env!("CARGO_BIN_EXE_gsw"))
            .args(["consolidate", "--as-of", AS_OF, "--rules"])
            .arg(&rules_path)
            .arg(&sample.input)
            .output()
            .unwrap();
        assert!(!run.status.success(), "{rules}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(key), "{rules}: {stderr}");
        assert!(stderr.contains("规则文件"), "{stderr}");
        assert!(
            !sample.input.join(gsw::discover::OUTPUT_DIR).exists(),
            "{rules}: nothing written"
        );
    }
    let rules = sample._dir.path().join("规则0.toml");
    let out = sample._dir.path().join("汇总.xlsx");
    let run = sample.run(&out, &["--rules", rules.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(!out.exists(), "-o: nothing written");
}

// ---- review form -------------------------------------------------------------------------

fn review_row(rows: &mut Vec<ReviewEntry>, id: &str) -> usize {
    match rows.iter().position(|r| r.station_id == id) {
        Some(i) => i,
        None => {
            rows.push(ReviewEntry {
                station_id: id.to_string(),
                ..Default::default()
            });
            rows.len() - 1
        }
    }
}

#[test]
fn the_experts_confirming_c7_make_a_station_excellent() {
    let sample = Sample::new();
    let before = sample.consolidate();
    let a = station(&before, "GZZ-2022-02");
    assert_eq!(
        (a.grade, a.can_rise_to),
        (Grade::Qualified, Some(Grade::Excellent))
    );
    assert_eq!(criterion(a, "C7"), (None, Verdict::Pending));

    sample.edit_review(|rows| {
        let i = review_row(rows, "GZZ-2022-02");
        rows[i].mechanism = Some(true);
    });
    let after = sample.consolidate();
    let a = station(&after, "GZZ-2022-02");
    assert_eq!(criterion(a, "C7"), (None, Verdict::Met));
    assert_eq!((a.grade, a.can_rise_to), (Grade::Excellent, None));
    assert!(!after
        .problems
        .iter()
        .any(|p| p.code == Code::DuplicateReview));
}

#[test]
fn poor_conditions_in_the_review_fail_an_excellent_station() {
    let sample = Sample::new();
    assert_eq!(
        station(&sample.consolidate(), "GZZ-2022-01").grade,
        Grade::Excellent
    );
    sample.edit_review(|rows| {
        let i = review_row(rows, "GZZ-2022-01");
        rows[i].conditions = Some("一般");
    });
    let a = station(&sample.consolidate(), "GZZ-2022-01").clone();
    assert_eq!(
        criterion(&a, "C3"),
        (Some(Verdict::NotMet), Verdict::NotMet)
    );
    assert_eq!(a.grade, Grade::Failed);
    assert!(a.unmet().contains(&"C3".to_string()), "{:?}", a.unmet());
}

#[test]
fn not_applying_for_acceptance_fails_an_expired_station_only() {
    let sample = Sample::new();
    let before = sample.consolidate();
    assert_eq!(station(&before, "GZZ-2024-01").status, Status::InTerm);
    let in_term_before = station(&before, "GZZ-2024-01").grade;
    sample.edit_review(|rows| {
        for id in ["GZZ-2022-01", "GZZ-2024-01"] {
            let i = review_row(rows, id);
            rows[i].applied = Some(false);
        }
    });
    let after = sample.consolidate();
    let a = station(&after, "GZZ-2022-01");
    assert_eq!((a.status, a.grade), (Status::Expired, Grade::Failed));
    assert!(
        a.conclusion.contains("未及时申请期满验收"),
        "{}",
        a.conclusion
    );
    // The rule is for stations whose term is over: an 在期 station's forecast is unchanged.
    assert_eq!(station(&after, "GZZ-2024-01").grade, in_term_before);
}

#[test]
fn two_review_rows_for_one_station_are_an_error_and_neither_is_used() {
    let sample = Sample::new();
    sample.edit_review(|rows| {
        let i = review_row(rows, "GZZ-2022-01");
        assert_eq!(rows[i].mechanism, Some(true), "the sample confirms C7");
        let mut second = rows[i].clone();
        second.conditions = Some("一般");
        rows.push(second);
    });
    let summary = sample.consolidate();
    let duplicates: Vec<_> = summary
        .problems
        .iter()
        .filter(|p| p.code == Code::DuplicateReview)
        .collect();
    assert_eq!(duplicates.len(), 2, "both rows listed");
    for p in &duplicates {
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.station.as_deref(), Some("GZZ-2022-01"));
        assert!(p.cell.is_some(), "{}", p.message);
    }
    let a = station(&summary, "GZZ-2022-01");
    // With the first row C7 would be met (优秀); with the second C3 would fail (不合格).
    assert_eq!(criterion(a, "C7"), (None, Verdict::Pending));
    assert_eq!(a.grade, Grade::Qualified);
    // Other stations' rows are still used.
    assert_eq!(station(&summary, "GZZ-2022-04").grade, Grade::Qualified);
    assert_eq!(
        criterion(station(&summary, "GZZ-2022-04"), "C7"),
        (None, Verdict::Met)
    );
}

// ---- register ----------------------------------------------------------------------------

#[test]
fn a_register_station_without_reports_is_evaluated_and_revoked() {
    let sample = Sample::new();
    sample.edit_register(|rows| {
        rows.push(RegisterEntry {
            station_id: "GZZ-2023-09".into(),
            station_name: Some("名册新增从未报送研究生工作站".into()),
            host: Some("天津某某有限公司".into()),
            host_type: Some("企业"),
            college: Some("药学院".into()),
            recognised_on: Some(ymd(2023, 3, 1)),
            ..Default::default()
        });
    });
    let summary = sample.consolidate();
    assert_eq!(summary.assessments.len(), 11);
    for id in ["GZZ-2023-09", "GZZ-2023-01"] {
        let a = station(&summary, id);
        assert_eq!((a.status, a.grade), (Status::Revoked, Grade::None), "{id}");
        let counted: Vec<_> = a.years.iter().filter(|y| y.counted).collect();
        assert!(counted.len() >= 2, "{id}");
        assert!(
            counted.iter().all(|y| y.status == YearStatus::Missing),
            "{id}: every counted year 未报"
        );
        assert_eq!(a.counts.students, 0);
    }
    let a = station(&summary, "GZZ-2023-09");
    assert_eq!(a.recognised_on, Some(ymd(2023, 3, 1)));
    assert_eq!(a.name.as_deref(), Some("名册新增从未报送研究生工作站"));
}

#[test]
fn a_report_for_a_station_not_in_the_register_is_a_warning_and_still_evaluated() {
    let sample = Sample::new();
    let before = sample.consolidate();
    assert!(!before
        .problems
        .iter()
        .any(|p| p.code == Code::NotInRegister));
    sample.edit_register(|rows| rows.retain(|r| r.station_id != "GZZ-2022-02"));
    let after = sample.consolidate();
    let warnings: Vec<_> = after
        .problems
        .iter()
        .filter(|p| p.code == Code::NotInRegister)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert_eq!(warnings[0].station.as_deref(), Some("GZZ-2022-02"));
    let (b, a) = (
        station(&before, "GZZ-2022-02"),
        station(&after, "GZZ-2022-02"),
    );
    assert_eq!(
        (a.status, a.grade, a.can_rise_to),
        (b.status, b.grade, b.can_rise_to)
    );
    assert_eq!(a.recognised_on, b.recognised_on, "from the reports now");
    assert_eq!(after.assessments.len(), 10);
}

#[test]
fn without_a_register_the_summary_and_the_terminal_say_what_cannot_be_seen() {
    const CANNOT_SEE: &str = "从未报送过报表的工作站无法发现";
    let sample = Sample::new();
    let out = sample._dir.path().join("有名册.xlsx");
    let with = sample.run(&out, &[]);
    assert!(with.status.success(), "{with:?}");
    assert!(!String::from_utf8_lossy(&with.stdout).contains(CANNOT_SEE));

    std::fs::remove_file(sample.register_path()).unwrap();
    let out = sample._dir.path().join("无名册.xlsx");
    let without = sample.run(&out, &[]);
    assert!(without.status.success(), "{without:?}");
    let stdout = String::from_utf8_lossy(&without.stdout);
    assert!(
        stdout.lines().any(|l| l.contains(CANNOT_SEE)),
        "terminal: {stdout}"
    );

    let notes = SheetRows::read(&out, "说明");
    let text: Vec<String> = std::iter::once(notes.header.join(" "))
        .chain(notes.rows.iter().map(|r| r.join(" ")))
        .collect();
    assert!(
        text.iter().any(|l| l.contains(CANNOT_SEE)),
        "说明: {text:#?}"
    );
    // The station known only from the register is gone; the others are still graded.
    let grades = grades_of(&out);
    assert!(!grades.contains_key("GZZ-2023-01"));
    assert_eq!(grades.len(), 9);
    let problems = SheetRows::read(&out, "问题清单");
    let code = problems.col("代码");
    assert!(
        problems
            .rows
            .iter()
            .any(|r| r[code] == Code::NoRegister.as_str()),
        "问题清单 lists the missing register"
    );
}
