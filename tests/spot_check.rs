//! Spot checks (SPEC §9.3; 管理办法: 学校会对研究生工作站相关数据进行抽查) end to end, on
//! folders generated in code: the draw is reproducible and covers every college; a filled
//! 抽查清单 dropped back into the folder takes items out of the grade (a station at exactly
//! 8 students becomes 不合格, 优秀 drops to 合格, a year's funding fails C8); an item that no
//! longer matches the data is a warning and changes nothing; 属实 changes nothing.

use calamine::{open_workbook_auto, Data, Reader};
use gsw::consolidate::{self, consolidate, Options};
use gsw::dates::{ymd, AcademicYear};
use gsw::evaluate::{Assessment, Grade};
use gsw::fill::synth::{Sizes, StationPlan, Stay};
use gsw::fill::{Filled, Input, OutcomeSpec};
use gsw::model::{FileKind, ReviewEntry};
use gsw::problem::{Code, Problem, Severity};
use gsw::rules::Rules;
use gsw::schema::{self, spot_check as s, Kind};
use gsw::spotcheck::{Checklist, Draw};
use gsw::summary::Summary;
use std::path::Path;

fn options() -> Options {
    Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits: Default::default(),
        skip: Vec::new(),
    }
}

fn run(dir: &Path) -> Summary {
    consolidate(dir, &options(), &|| {})
}

fn draw(dir: &Path, count: usize, seed: u64) -> Checklist {
    consolidate::spot_check(dir, &options(), Draw { count, seed }, &|| {})
}

/// The evaluation date's academic years of a term from 2021-09-01: 2021-2022 … 2024-2025.
fn years() -> impl Iterator<Item = AcademicYear> {
    (2021..2025).map(AcademicYear::new)
}

/// A master's student in the station for the academic year starting in `year`, in its one
/// report: 1 September to 30 June, 303 days or so, enough for 进站半年以上.
fn stay(id: &str, year: i32) -> Stay {
    Stay {
        name: format!("学生{id}"),
        student_id: id.to_string(),
        level: schema::MASTER,
        degree_type: "专业学位",
        supervisor: "李老师".into(),
        station_supervisor: "王老师".into(),
        entered_on: ymd(year, 9, 1),
        left_on: ymd(year + 1, 6, 30),
        monthly_subsidy: 600.0,
        paid_in_full: true,
        supervisor_project: false,
    }
}

/// A station recognised on 2021-09-01 (期满 by 2026-11-30) with `students` students, each in
/// one report, and one funding source; every report on time.
fn plan(id: &str, college: &str, students: usize) -> StationPlan {
    let mut plan = StationPlan::new(
        id,
        &format!("{id} 研究生工作站"),
        "天津某医药有限公司",
        college,
        ymd(2021, 9, 1),
    );
    plan.stays = (0..students)
        .map(|i| stay(&format!("{id}-{i:02}"), 2021 + (i % 4) as i32))
        .collect();
    plan
}

/// Writes the station's four reports under `dir/<college>/`.
fn write(dir: &Path, plan: &StationPlan) {
    for year in years() {
        let path = dir
            .join(&plan.college)
            .join(format!("{year}学年_{}.xlsx", plan.id));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let report = plan.report(
            year,
            year.due_date(gsw::dates::MonthDay { month: 7, day: 1 }),
        );
        report.filled().save(&path).unwrap();
    }
}

fn assessment<'a>(summary: &'a Summary, id: &str) -> &'a Assessment {
    (summary.assessments.iter()).find(|a| a.id == id).unwrap()
}

fn spot_problems(summary: &Summary) -> Vec<&Problem> {
    (summary.problems.iter())
        .filter(|p| {
            matches!(
                p.code,
                Code::SpotCheckRefuted | Code::SpotCheckStale | Code::SpotCheckConflict
            )
        })
        .collect()
}

/// The rows of the 抽查清单 sheet of a written list, as text, without the header.
fn list_rows(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(s::SHEET.name).unwrap();
    let headers: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
    let labels: Vec<&str> = s::SHEET.fields.iter().map(|f| f.label).collect();
    assert_eq!(
        headers, labels,
        "the list's columns are the schema's, in order"
    );
    range
        .rows()
        .skip(1)
        .map(|r| r.iter().map(text).collect())
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn col(field: &schema::Field) -> usize {
    s::SHEET.fields.iter().position(|f| f == field).unwrap()
}

/// What a checker reads of a row: 工作站编号, 项目类型, 内容, 核对值.
struct Row<'a> {
    id: &'a str,
    kind: &'a str,
    content: &'a str,
    value: &'a str,
}

/// The list at `from` as a checker sends it back to `to`: every row kept, 核查结果 and 核查说明
/// from `mark`.
fn fill(from: &Path, to: &Path, mark: impl Fn(Row) -> Option<(&'static str, String)>) {
    let mut filled = Filled::new(Kind::SpotCheck);
    for row in list_rows(from) {
        let given = |f: &schema::Field| row[col(f)].clone();
        let verdict = mark(Row {
            id: &row[col(&s::STATION_ID)],
            kind: &row[col(&s::ITEM_KIND)],
            content: &row[col(&s::CONTENT)],
            value: &row[col(&s::CHECK_VALUE)],
        });
        let cells: Vec<(&schema::Field, Input)> = (s::SHEET.fields.iter())
            .map(|f| {
                let value = match (f, &verdict) {
                    (f, Some((result, _))) if *f == s::RESULT => Input::text(result),
                    (f, Some((_, note))) if *f == s::NOTE => Input::text(note),
                    _ => Input::text(&given(f)),
                };
                (f, value)
            })
            .collect();
        filled.push_row(&s::SHEET, cells);
    }
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    filled.save(to).unwrap();
}

/// The list `gsw spot-check` writes for `checklist`, saved at `path`.
fn save_list(checklist: &Checklist, path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut wb = gsw::template::spot_check::workbook(checklist).unwrap();
    wb.save(path).unwrap();
}

/// Same folder and seed → the same stations and rows, whatever the file names, folders and
/// number of threads; another seed → another draw; every college represented while the count
/// allows, and the colleges the count allows when it is smaller.
#[test]
fn the_draw_is_reproducible_and_covers_every_college() {
    let colleges = ["药学院", "基础医学院", "第一医院", "口腔医院"];
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let small = Sizes {
        long_stays: 2,
        short_stays: 1,
        people: 2,
        outcomes: 0,
        funding_sources: 1,
    };
    for i in 0..24 {
        let college = colleges[i % 4];
        let id = format!("GZZ-2021-{i:02}");
        let p = StationPlan::new(
            &id,
            &format!("工作站{i}"),
            "某公司",
            college,
            ymd(2021, 9, 1),
        )
        .populate(i as u64, ymd(2025, 6, 30), 100 * i as u32, &small);
        write(a.path(), &p);
        // The same reports under other names, all in one folder.
        for year in years() {
            let report = p.report(
                year,
                year.due_date(gsw::dates::MonthDay { month: 7, day: 1 }),
            );
            let name = format!("{:03}_{year}.xlsx", 97 - i);
            report.filled().save(&b.path().join(name)).unwrap();
        }
    }
    let first = draw(a.path(), 6, 7);
    assert_eq!((first.eligible, first.colleges), (24, 4));
    assert_eq!(first.stations.len(), 6);
    for college in colleges {
        assert!(
            first
                .stations
                .iter()
                .any(|s| s.college.as_deref() == Some(college)),
            "{college} not drawn"
        );
    }
    // Deterministic across runs and thread counts.
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        assert_eq!(pool.install(|| draw(a.path(), 6, 7)), first);
    }
    // The same reports elsewhere, under other names: the same stations, rows and items.
    let moved = draw(b.path(), 6, 7);
    let shape = |c: &Checklist| -> Vec<(String, Vec<String>)> {
        (c.stations.iter())
            .map(|st| {
                let items = (st.items.iter())
                    .map(|i| {
                        format!(
                            "{} {} {} {}",
                            gsw::spotcheck::content(i),
                            i.sheet,
                            gsw::spotcheck::cells(i),
                            i.target.check_value()
                        )
                    })
                    .collect();
                (st.id.clone(), items)
            })
            .collect()
    };
    assert_eq!(shape(&moved), shape(&first));
    assert!(first.item_count() > 0);
    // The bytes of the list too.
    let bytes = |c: &Checklist| {
        gsw::template::spot_check::workbook(c)
            .unwrap()
            .save_to_buffer()
            .unwrap()
    };
    assert_eq!(bytes(&first), bytes(&draw(a.path(), 6, 7)));

    let ids = |c: &Checklist| -> Vec<String> { c.stations.iter().map(|s| s.id.clone()).collect() };
    assert_ne!(ids(&draw(a.path(), 6, 8)), ids(&first), "another seed");
    // Three stations: three colleges.
    let three = draw(a.path(), 3, 7);
    let mut drawn: Vec<_> = three.stations.iter().map(|s| s.college.clone()).collect();
    drawn.sort();
    drawn.dedup();
    assert_eq!(drawn.len(), 3);
    // The default seed is the evaluation date.
    assert_eq!(Draw::default_seed(ymd(2026, 11, 30)), 20261130);
}

/// The round trip: the list is written, a checker fills it, it goes back into the folder.
#[test]
fn items_found_untrue_leave_the_grade_and_the_rest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A: exactly 8 students (合格). B: 20 students, conditions 优越, one 国家级 outcome and
    // the experts' 是 for C7 (优秀). C: 8 students (合格), its funding to be found untrue.
    // D: 10 students, its list row to be stale. E: 10 students, everything 属实.
    let a = plan("GZZ-A", "药学院", 8);
    let mut b = plan("GZZ-B", "第一医院", 20);
    b.conditions = "优越";
    b.outcomes.push(OutcomeSpec {
        kind: "论文",
        name: "肝癌早筛的多中心研究".into(),
        level: schema::NATIONAL,
        obtained_on: ymd(2023, 3, 1),
        students: Vec::new(),
        related: true,
        benefit: false,
        benefit_note: String::new(),
    });
    let c = plan("GZZ-C", "基础医学院", 8);
    let d = plan("GZZ-D", "药学院", 10);
    let e = plan("GZZ-E", "口腔医院", 10);
    for p in [&a, &b, &c, &d, &e] {
        write(root, p);
    }
    let review = ReviewEntry {
        station_id: "GZZ-B".into(),
        mechanism: Some(true),
        ..Default::default()
    };
    Filled::review(&[review])
        .save(&root.join("专家评议表.xlsx"))
        .unwrap();

    let before = run(root);
    let grade = |s: &Summary, id: &str| assessment(s, id).grade;
    assert_eq!(grade(&before, "GZZ-A"), Grade::Qualified);
    assert_eq!(grade(&before, "GZZ-B"), Grade::Excellent);
    assert_eq!(grade(&before, "GZZ-C"), Grade::Qualified);
    assert_eq!(assessment(&before, "GZZ-A").counts.students, 8);

    // Every station drawn; the list written where `gsw spot-check` puts it.
    let checklist = draw(root, 10, 1);
    assert_eq!(checklist.stations.len(), 5);
    let written = root.join("汇总结果/抽查清单_2026-11-30.xlsx");
    save_list(&checklist, &written);
    let rows = list_rows(&written);
    let of = |id: &str, kind: &str| {
        (rows.iter())
            .filter(|r| r[col(&s::STATION_ID)] == id && r[col(&s::ITEM_KIND)] == kind)
            .count()
    };
    assert_eq!(of("GZZ-A", schema::SPOT_STUDENT), 8);
    assert_eq!(of("GZZ-A", schema::SPOT_FUNDING), 4);
    assert_eq!(of("GZZ-B", schema::SPOT_OUTCOME), 1);
    assert!(rows.iter().all(|r| r[col(&s::RESULT)].is_empty()));
    // Unfilled in 汇总结果, the list is not even read.
    assert_eq!(run(root).assessments, before.assessments);

    // D's report is changed after the draw: its row of D-01 now holds another 学号.
    let d_year = AcademicYear::new(2022);
    let mut changed = d.clone();
    changed.stays[1].student_id = "GZZ-D-99".into();
    let d_file = root.join("药学院").join(format!("{d_year}学年_GZZ-D.xlsx"));
    let report = changed.report(
        d_year,
        d_year.due_date(gsw::dates::MonthDay { month: 7, day: 1 }),
    );
    report.filled().save(&d_file).unwrap();
    let changed_only = run(root);

    let c_year = "2022-2023 学年";
    fill(
        &written,
        &root.join("抽查/抽查清单_已核查.xlsx"),
        |r| {
            let untrue = |note: &str| Some((schema::FALSE_FINDING, note.to_string()));
            match (r.id, r.kind) {
                ("GZZ-A", schema::SPOT_STUDENT) if r.value == "GZZ-A-03" => {
                    untrue("该生未到站，系虚报")
                }
                ("GZZ-B", schema::SPOT_OUTCOME) => untrue("论文第一单位不是工作站"),
                ("GZZ-C", schema::SPOT_FUNDING) if r.content.starts_with(c_year) => {
                    untrue("经费未到账")
                }
                ("GZZ-D", schema::SPOT_STUDENT) if r.value == "GZZ-D-01" => untrue("与学号对不上"),
                ("GZZ-E", _) => Some((schema::TRUE_FINDING, String::new())),
                _ => None,
            }
        },
    );
    let after = run(root);

    // A: one student fewer, 不合格; the error at the 学号 cell carries the note.
    let a_after = assessment(&after, "GZZ-A");
    assert_eq!(a_after.counts.students, 7);
    assert_eq!(a_after.grade, Grade::Failed);
    let problems = spot_problems(&after);
    let refuted: Vec<&&Problem> = (problems.iter())
        .filter(|p| p.code == Code::SpotCheckRefuted)
        .collect();
    assert_eq!(refuted.len(), 3, "{refuted:#?}");
    let on = |id: &str| {
        (refuted.iter())
            .find(|p| p.station.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no error for {id}: {refuted:#?}"))
    };
    let pa = on("GZZ-A");
    assert_eq!(pa.severity, Severity::Error);
    assert!(pa.message.contains("该生未到站，系虚报"), "{}", pa.message);
    assert!(
        pa.message.contains("抽查/抽查清单_已核查.xlsx 抽查清单!H"),
        "{}",
        pa.message
    );
    assert!(pa.file.as_deref().unwrap().ends_with("GZZ-A.xlsx"));
    assert_eq!(pa.sheet.as_deref(), Some("进站研究生"));
    let a_row = (checklist.stations[0].items.iter())
        .find(|i| i.target.check_value() == "GZZ-A-03")
        .unwrap();
    assert_eq!(pa.cell, a_row.cells.map(|c| c.0));

    // B: its 国家级 outcome no longer counts: 合格; 成果 says why.
    let b_after = assessment(&after, "GZZ-B");
    assert_eq!(b_after.counts.national, 0);
    assert_eq!(b_after.grade, Grade::Qualified);
    assert!(b_after.outcomes[0].note.contains("抽查核查为不属实"));
    assert!(on("GZZ-B").message.contains("论文第一单位不是工作站"));

    // C: the year's 到位金额 counts as 0: C8 fails, 不合格.
    let c_after = assessment(&after, "GZZ-C");
    let c8 = c_after.criteria.iter().find(|x| x.id == "C8").unwrap();
    assert_eq!(c8.qualified, Some(gsw::evaluate::Verdict::NotMet));
    assert!(
        c8.evidence
            .contains("2022-2023 经费到位金额合计 0 元（抽查核查不属实，按 0 计"),
        "{}",
        c8.evidence
    );
    assert_eq!(c_after.grade, Grade::Failed);
    assert!(on("GZZ-C").message.contains("经费未到账"));

    // D: the row no longer holds the 学号 drawn: a warning at the list's row, nothing changes.
    let stale: Vec<&&Problem> = (problems.iter())
        .filter(|p| p.code == Code::SpotCheckStale)
        .collect();
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert_eq!(stale[0].severity, Severity::Warning);
    assert_eq!(stale[0].file.as_deref(), Some("抽查/抽查清单_已核查.xlsx"));
    assert!(
        stale[0].message.contains("GZZ-D-99"),
        "{}",
        stale[0].message
    );
    assert_eq!(
        assessment(&after, "GZZ-D"),
        assessment(&changed_only, "GZZ-D")
    );
    // E: all 属实, nothing changes and nothing is said.
    assert_eq!(assessment(&after, "GZZ-E"), assessment(&before, "GZZ-E"));
    assert!(problems
        .iter()
        .all(|p| p.station.as_deref() != Some("GZZ-E")));
    // The list is listed as what it is.
    let listed = (after.files.iter())
        .find(|f| f.source.path == "抽查/抽查清单_已核查.xlsx")
        .unwrap();
    assert_eq!(listed.kind, FileKind::SpotCheck);
    assert_eq!(listed.kind.label(), "抽查清单");
    assert_eq!(listed.warnings, 1);

    // A second list calling A's student 属实: the two conflict, neither applies.
    fill(&written, &root.join("抽查/复核.xlsx"), |r| {
        (r.id == "GZZ-A" && r.kind == schema::SPOT_STUDENT && r.value == "GZZ-A-03")
            .then(|| (schema::TRUE_FINDING, "复核属实".to_string()))
    });
    let twice = run(root);
    let conflicts: Vec<&Problem> = (twice.problems.iter())
        .filter(|p| p.code == Code::SpotCheckConflict)
        .collect();
    assert_eq!(conflicts.len(), 2);
    assert!(conflicts.iter().all(|p| p.severity == Severity::Error));
    assert_eq!(assessment(&twice, "GZZ-A").counts.students, 8);
    assert_eq!(assessment(&twice, "GZZ-A").grade, Grade::Qualified);
}

/// The command itself: the list where SPEC §9.3 puts it, in Chinese, and never written over a
/// filled one or any other file.
#[test]
fn the_command_writes_the_list_and_keeps_filled_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, &plan("GZZ-A", "药学院", 8));
    let gsw = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gsw"))
            .args(args)
            .output()
            .unwrap()
    };
    let folder = root.to_str().unwrap();
    let out = gsw(&["spot-check", folder, "--as-of", "2026-11-30"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("随机种子 20261130"), "{stdout}");
    assert!(stdout.contains("GZZ-A"), "{stdout}");
    let list = root.join("汇总结果/抽查清单_2026-11-30.xlsx");
    assert_eq!(list_rows(&list).len(), 12);
    let wb = open_workbook_auto(&list).unwrap();
    assert_eq!(wb.sheet_names(), [s::SHEET.name, schema::HELP_SHEET]);
    // An unfilled list of its own is replaced; a filled one or another file is not.
    assert!(gsw(&["spot-check", folder, "--as-of", "2026-11-30"])
        .status
        .success());
    fill(&list.clone(), &list, |_| {
        Some((schema::TRUE_FINDING, String::new()))
    });
    let refused = gsw(&["spot-check", folder, "--as-of", "2026-11-30"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("已填写核查结果的抽查清单"), "{stderr}");
    let report = root.join("药学院/2021-2022学年_GZZ-A.xlsx");
    let before = std::fs::read(&report).unwrap();
    let out = gsw(&["spot-check", folder, "-o", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&report).unwrap(), before);
    let help = gsw(&["spot-check", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("--count <个数>") && help.contains("随机种子"),
        "{help}"
    );
}

/// A filled list is validated like the other inputs: a 单元格 or 核对值 that cannot be what
/// its 项目类型 needs is an error at that cell and the row is not used; a row pointing at a
/// file or station the data no longer have is a warning; a row without a 核查结果 says nothing.
#[test]
fn a_list_is_validated_and_rows_that_match_nothing_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, &plan("GZZ-A", "药学院", 8));
    let before = run(root);
    let file = "药学院/2021-2022学年_GZZ-A.xlsx";
    let rows: [[&str; 9]; 6] = [
        [
            "GZZ-A",
            "研究生",
            "x",
            file,
            "进站研究生",
            "第2行",
            "GZZ-A-00",
            "不属实",
            "格式不对",
        ],
        [
            "GZZ-A",
            "经费",
            "x",
            file,
            "经费",
            "C2",
            "很多",
            "不属实",
            "",
        ],
        [
            "GZZ-A",
            "研究生",
            "x",
            "药学院/已删除.xlsx",
            "进站研究生",
            "C2",
            "GZZ-A-00",
            "不属实",
            "",
        ],
        [
            "GZZ-Z",
            "研究生",
            "x",
            file,
            "进站研究生",
            "C2",
            "GZZ-A-00",
            "属实",
            "",
        ],
        [
            "GZZ-A",
            "研究生",
            "x",
            file,
            "进站研究生",
            "C2",
            "GZZ-A-00",
            "",
            "",
        ],
        [
            "",
            "研究生",
            "x",
            file,
            "进站研究生",
            "C2",
            "GZZ-A-00",
            "不属实",
            "",
        ],
    ];
    let mut list = Filled::new(Kind::SpotCheck);
    for row in rows {
        let cells: Vec<(&schema::Field, Input)> = (s::SHEET.fields.iter())
            .zip(row)
            .map(|(f, v)| (f, Input::text(v)))
            .collect();
        list.push_row(&s::SHEET, cells);
    }
    list.save(&root.join("抽查清单.xlsx")).unwrap();
    let after = run(root);
    assert_eq!(after.assessments, before.assessments);
    let found: Vec<(Code, String)> = (after.problems.iter())
        .filter(|p| p.file.as_deref() == Some("抽查清单.xlsx"))
        .map(|p| (p.code, p.cell.map(|c| c.to_string()).unwrap_or_default()))
        .collect();
    let want = [
        (Code::Required, "A7"),
        (Code::BadText, "F2"),
        (Code::BadNumber, "G3"),
        (Code::SpotCheckStale, "H4"),
        (Code::SpotCheckStale, "H5"),
    ];
    let mut found = found;
    found.sort();
    let mut want: Vec<(Code, String)> = want.iter().map(|(c, a)| (*c, a.to_string())).collect();
    want.sort();
    assert_eq!(found, want, "{:#?}", after.problems);
    let gone = (after.problems.iter())
        .find(|p| p.cell.map(|c| c.to_string()).as_deref() == Some("H4"))
        .unwrap();
    assert!(
        gone.message
            .contains("药学院/已删除.xlsx 不是工作站 GZZ-A 现在采用的报表"),
        "{}",
        gone.message
    );
}
