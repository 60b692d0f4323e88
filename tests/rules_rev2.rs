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
