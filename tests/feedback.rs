//! 学院反馈 (SPEC §9.4): each college's workbook holds every 错误 and 警告 of its files and
//! none of another's, its 未报 and 迟交 years and the next due date, and its stations' rows of
//! 汇总; the folder is reproducible and replaced as a whole. The folder of reports is built in
//! code (`gsw::fill`) and the real binary consolidates it; everything is read back from the
//! workbooks with calamine and checked against the summary's own 问题清单, 文件清单,
//! 年度上报 and 汇总.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::ReportSpec;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-30";
const FOLDER: &str = "学院反馈_2026-11-30";
/// 待办's header is below the title, the date and the counts.
const TODO_HEADER_ROW: usize = 3;

fn small() -> Sizes {
    Sizes {
        long_stays: 3,
        short_stays: 1,
        people: 2,
        outcomes: 2,
        funding_sources: 1,
    }
}

/// A report of station `id` of `college` for the academic year starting in `year`, filed on
/// time unless `late`.
fn report(
    seed: u64,
    id: &str,
    college: &str,
    recognised: (i32, u32, u32),
    year: i32,
) -> ReportSpec {
    let mut s = synth::report(seed, AcademicYear::new(year), &small());
    s.station_id = id.to_string();
    s.station_name = format!("{id} 研究生工作站");
    s.college = college.to_string();
    s.recognised_on = ymd(recognised.0, recognised.1, recognised.2);
    s.filed_on = ymd(year + 1, 7, 1);
    s
}

fn save(dir: &Path, rel: &str, spec: &ReportSpec) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    spec.filled().save(&path).unwrap();
}

/// Four colleges and what belongs to none:
/// - 药学院: S-A1, its 2023-2024 report late, 2024-2025 missing, an error (出站 before 进站)
///   and a warning (subsidy totals) in its files, a byte-identical copy (提示), and an
///   unreadable file in its folder;
/// - 第二医院: S-B1, in its term (a report due 2027-07-10), a warning;
/// - `A/B` and `A_B`: one station each, names that are one file name once made safe;
/// - S-D1 without a 牵头学院/医院, and an unreadable file at the top.
fn folder(dir: &Path) {
    let a = (2022, 7, 1);
    save(
        dir,
        "药学院/A1-2022.xlsx",
        &report(1, "S-A1", "药学院", a, 2022),
    );
    let mut late = report(1, "S-A1", "药学院", a, 2023);
    late.filed_on = ymd(2024, 8, 1);
    late.students[0].left_on = Some(late.students[0].entered_on - chrono::Days::new(3));
    save(dir, "药学院/A1-2023.xlsx", &late);
    let mut totals = report(1, "S-A1", "药学院", a, 2025);
    totals.funding[0].subsidy_spent += 100.0;
    save(dir, "药学院/A1-2025.xlsx", &totals);
    std::fs::copy(
        dir.join("药学院/A1-2025.xlsx"),
        dir.join("药学院/A1-2025 副本.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.join("药学院/坏文件.xlsx"), b"not a workbook").unwrap();

    let b = (2024, 9, 1);
    let mut outside = report(2, "S-B1", "第二医院", b, 2024);
    outside.outcomes[0].obtained_on = ymd(2023, 3, 1);
    save(dir, "第二医院/B1-2024.xlsx", &outside);
    save(
        dir,
        "第二医院/B1-2025.xlsx",
        &report(2, "S-B1", "第二医院", b, 2025),
    );

    for (seed, id, college) in [(3, "S-C1", "A/B"), (4, "S-C2", "A_B")] {
        for year in 2022..=2025 {
            save(
                dir,
                &format!("{id}-{year}.xlsx"),
                &report(seed, id, college, a, year),
            );
        }
    }
    for year in 2022..=2025 {
        save(
            dir,
            &format!("D1-{year}.xlsx"),
            &report(5, "S-D1", "", a, year),
        );
    }
    std::fs::write(dir.join("杂项.xlsx"), b"not a workbook either").unwrap();
}

fn gsw(dir: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", AS_OF])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::DateTime(d) => (ymd(1899, 12, 30) + chrono::Days::new(d.as_f64() as u64)).to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A sheet's rows from its header (at `header_row`) on, as text, keyed by column name.
fn rows(path: &Path, sheet: &str, header_row: usize) -> Vec<BTreeMap<String, String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let all: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let header = &all[header_row];
    (all[header_row + 1..].iter())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn title(path: &Path, sheet: &str, row: usize) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.get((row, 0)).map(text).unwrap_or_default()
}

struct Run {
    summary: PathBuf,
    feedback: PathBuf,
}

fn run(dir: &Path) -> Run {
    let out = gsw(dir, &["-q"]);
    assert!(out.status.success(), "{out:?}");
    let results = dir.join("汇总结果");
    Run {
        summary: results.join(format!("工作站汇总_{AS_OF}.xlsx")),
        feedback: results.join(FOLDER),
    }
}

/// Each file's name and a digest of its bytes.
fn files_in(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out: Vec<(String, u64)> = (std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&p).unwrap_or_default().hash(&mut h);
            (name, h.finish())
        })
        .collect();
    out.sort();
    out
}

/// (file, sheet, cell, 说明) of a problem, as 问题清单 and 待办 both show it.
fn place(r: &BTreeMap<String, String>, message: &str) -> [String; 4] {
    [
        r["文件"].clone(),
        r["工作表"].clone(),
        r["单元格"].clone(),
        r[message].clone(),
    ]
}

#[test]
fn each_college_gets_its_own_problems_years_and_stations_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    folder(&dir);
    let run = run(&dir);

    // Whose each file and station is, by the summary itself.
    let college_of_station: BTreeMap<String, String> = rows(&run.summary, "汇总", 2)
        .into_iter()
        .map(|r| (r["工作站编号"].clone(), r["牵头学院/医院"].clone()))
        .collect();
    let station_of_file: BTreeMap<String, String> = rows(&run.summary, "文件清单", 0)
        .into_iter()
        .map(|r| (r["文件"].clone(), r["工作站编号"].clone()))
        .collect();
    let book_of_college = |college: &str| match college {
        "" => "无法归属.xlsx",
        "A/B" => "A_B.xlsx",
        "A_B" => "A_B（2）.xlsx",
        other => Box::leak(format!("{other}.xlsx").into_boxed_str()),
    };
    let book_of_file = |file: &str| -> &str {
        match station_of_file.get(file).filter(|s| !s.is_empty()) {
            Some(station) => book_of_college(&college_of_station[station]),
            // No station: the college its folder is named after, else none.
            None if file.starts_with("药学院/") => "药学院.xlsx",
            None => "无法归属.xlsx",
        }
    };

    let books = files_in(&run.feedback);
    let names: Vec<&str> = books.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "A_B.xlsx",
            "A_B（2）.xlsx",
            "无法归属.xlsx",
            "第二医院.xlsx",
            "药学院.xlsx"
        ]
    );

    // Every 错误 and 警告 of 问题清单 in the book of its file's college, and nowhere else;
    // no 提示.
    let problems = rows(&run.summary, "问题清单", 0);
    assert!(
        problems.iter().any(|p| p["级别"] == "提示"),
        "a 提示 to leave out"
    );
    let mut expected: BTreeMap<&str, Vec<[String; 4]>> = BTreeMap::new();
    for p in problems.iter().filter(|p| p["级别"] != "提示") {
        (expected.entry(book_of_file(&p["文件"])).or_default()).push(place(p, "说明"));
    }
    for (name, _) in &books {
        let path = run.feedback.join(name);
        let todo = rows(&path, "待办", TODO_HEADER_ROW);
        let mut got: Vec<[String; 4]> = (todo.iter())
            .filter(|r| r["类别"] == "错误" || r["类别"] == "警告")
            .map(|r| place(r, "问题"))
            .collect();
        let mut want = expected.remove(name.as_str()).unwrap_or_default();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
        assert!(todo.iter().all(|r| r["类别"] != "提示"), "{name}");
        assert!(
            (todo.iter()).all(|r| !r["应如何修改"].is_empty()),
            "{name}: every row says what to do"
        );
    }
    assert!(expected.is_empty(), "problems in no book: {expected:?}");

    // The 未报 and 迟交 years of 年度上报, with their due dates, in their college's book.
    let years = rows(&run.summary, "年度上报", 0);
    let mut expected: BTreeMap<&str, Vec<[String; 4]>> = BTreeMap::new();
    for y in years
        .iter()
        .filter(|y| y["状态"] == "未报" || y["状态"] == "迟交")
    {
        let station = &y["工作站编号"];
        (expected
            .entry(book_of_college(&college_of_station[station]))
            .or_default())
        .push([
            y["状态"].clone(),
            station.clone(),
            y["学年"].clone(),
            y["截止日期"].clone(),
        ]);
    }
    assert_eq!(
        expected["药学院.xlsx"],
        [
            [
                "迟交".to_string(),
                "S-A1".into(),
                "2023-2024".into(),
                "2024-07-10".into()
            ],
            [
                "未报".to_string(),
                "S-A1".into(),
                "2024-2025".into(),
                "2025-07-10".into()
            ],
        ]
    );
    for (name, _) in &books {
        let todo = rows(&run.feedback.join(name), "待办", TODO_HEADER_ROW);
        let mut got: Vec<[String; 4]> = (todo.iter())
            .filter(|r| r["类别"] == "未报" || r["类别"] == "迟交")
            .map(|r| {
                let cell = |c: &str| r[c].clone();
                [
                    cell("类别"),
                    cell("工作站编号"),
                    cell("学年"),
                    cell("截止日期"),
                ]
            })
            .collect();
        got.sort();
        let mut want = expected.remove(name.as_str()).unwrap_or_default();
        want.sort();
        assert_eq!(got, want, "{name}");
    }

    // The next due date: 第二医院's station is in its term, 药学院's is not.
    let next = |name: &str| title(&run.feedback.join(name), "待办", 1);
    assert!(
        next("第二医院.xlsx")
            .contains("下次报送截止日期：2027年7月10日（2026-2027 学年，1 个工作站待报）"),
        "{}",
        next("第二医院.xlsx")
    );
    let todo = rows(&run.feedback.join("第二医院.xlsx"), "待办", TODO_HEADER_ROW);
    let due: Vec<_> = todo.iter().filter(|r| r["类别"] == "待报").collect();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0]["学年"].as_str(), due[0]["截止日期"].as_str()),
        ("2026-2027", "2027-07-10")
    );
    assert!(
        next("药学院.xlsx").contains("下次报送截止日期：无"),
        "{}",
        next("药学院.xlsx")
    );

    // 工作站: the college's rows of 汇总, with its columns.
    let summary_rows = rows(&run.summary, "汇总", 2);
    for (name, _) in &books {
        let stations = rows(&run.feedback.join(name), "工作站", 2);
        let want: Vec<_> = (summary_rows.iter())
            .filter(|r| book_of_college(&r["牵头学院/医院"]) == name)
            .cloned()
            .collect();
        assert_eq!(stations, want, "{name}");
        assert!(!want.is_empty() || name == "无法归属.xlsx", "{name}");
    }
}

#[test]
fn the_same_inputs_and_date_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("一"), tmp.path().join("二"));
    // Made alike, not copied: which of two identical reports is used depends on their
    // modification times, which a copy changes.
    folder(&one);
    folder(&two);
    let (a, b) = (run(&one), run(&two));
    let first = files_in(&a.feedback);
    assert_eq!(first.len(), 5);
    assert_eq!(first, files_in(&b.feedback), "two folders");
    run(&one);
    assert_eq!(first, files_in(&a.feedback), "the same folder again");
}

#[test]
fn a_failed_run_leaves_the_folder_and_the_next_removes_only_its_own_stale_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    folder(&dir);
    let first = run(&dir);
    std::fs::write(first.feedback.join("发送记录.txt"), "已发药学院").unwrap();
    let before = files_in(&first.feedback);

    // 第二医院 sends nothing more; the run fails (its CSV folder cannot be made).
    std::fs::remove_dir_all(dir.join("第二医院")).unwrap();
    let not_a_folder = tmp.path().join("文件");
    std::fs::write(&not_a_folder, "x").unwrap();
    let csv = not_a_folder.join("csv");
    let out = gsw(&dir, &["-q", "--csv", csv.to_str().unwrap()]);
    assert!(!out.status.success(), "{out:?}");
    assert_eq!(files_in(&first.feedback), before, "the folder as it was");
    let hidden: Vec<_> = (std::fs::read_dir(first.feedback.parent().unwrap()).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");

    // The next run: 第二医院's workbook goes, the staff member's note stays.
    run(&dir);
    let names: Vec<String> = files_in(&first.feedback)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "A_B.xlsx",
            "A_B（2）.xlsx",
            "发送记录.txt",
            "无法归属.xlsx",
            "药学院.xlsx"
        ]
    );
}

#[test]
fn the_summary_and_the_terminal_say_where_the_feedback_went() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    folder(&dir);
    let out = gsw(&dir, &[]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stdout).unwrap();
    let folder = dir.join("汇总结果").join(FOLDER);
    assert!(
        said.contains(&format!("学院反馈：{}（4 个学院）", folder.display())),
        "{said}"
    );
    let summary = dir
        .join("汇总结果")
        .join(format!("工作站汇总_{AS_OF}.xlsx"));
    let notes = rows(&summary, "说明", 0);
    let note = notes.iter().find(|r| r["项目"] == "学院反馈").unwrap();
    assert!(note["内容"].starts_with(FOLDER), "{}", note["内容"]);
    assert!(note["内容"].contains("共 4 个"), "{}", note["内容"]);
    assert!(note["内容"].contains("无法归属.xlsx"), "{}", note["内容"]);
    // The feedback folder is never read as input.
    let second = gsw(&dir, &["-q"]);
    assert!(second.status.success());
    let files = rows(&summary, "文件清单", 0);
    assert!(
        files.iter().all(|f| !f["文件"].contains(FOLDER)),
        "{:?}",
        files.iter().map(|f| &f["文件"]).collect::<Vec<_>>()
    );
}

/// With `-o` elsewhere the feedback folder stands beside that summary; a feedback
/// workbook that finds its way into the input folder is known as the program's own.
#[test]
fn the_folder_follows_the_summary_and_is_never_taken_for_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报表");
    folder(&dir);
    let out_dir = tmp.path().join("别处");
    let summary = out_dir.join("本月汇总.xlsx");
    let out = gsw(&dir, &["-q", "-o", summary.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let feedback = out_dir.join(FOLDER);
    assert!(feedback.join("药学院.xlsx").is_file());
    assert!(!dir.join("汇总结果").exists());

    std::fs::copy(feedback.join("药学院.xlsx"), dir.join("药学院/反馈.xlsx")).unwrap();
    let out = gsw(&dir, &["-q", "-o", summary.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let files = rows(&summary, "文件清单", 0);
    let copy = files
        .iter()
        .find(|f| f["文件"] == "药学院/反馈.xlsx")
        .unwrap();
    assert_eq!(
        (
            copy["状态"].as_str(),
            copy["错误数"].as_str(),
            copy["警告数"].as_str()
        ),
        ("已忽略", "0", "0")
    );
}
