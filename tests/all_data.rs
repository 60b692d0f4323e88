//! SPEC §9.1 end to end: all four kinds of basic data in the summary. Folders are generated in
//! code (the template writer and the fill helper), the real binary consolidates them with
//! `--csv`, and the CSVs and the workbook are read back: the four-year totals against sums
//! worked out by hand (an unreadable amount left out, a report outside the term and a
//! superseded one not counted), 经费 and 站长及专家, insurance and safety training per student,
//! 学院 against the rows of 汇总, and 图表 switching to colleges above 30 stations.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::{Filled, FundingSpec, Input, PersonSpec, ReportSpec};
use gsw::model::RegisterEntry;
use gsw::schema::report as rf;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `gsw consolidate DIR --as-of 2026-11-30 -o OUT/汇总.xlsx --csv OUT/csv -q`.
fn consolidate(input: &Path, out: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", "2026-11-30", "-q", "-o"])
        .arg(out.join("汇总.xlsx"))
        .arg("--csv")
        .arg(out.join("csv"))
        .arg(input)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
}

/// A CSV of the run as (header, rows of cells by column name).
fn csv(out: &Path, sheet: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(out.join("csv").join(format!("{sheet}.csv"))).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    (reader.records())
        .map(|r| {
            let r = r.unwrap();
            (headers.iter().cloned())
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The rows of `rows` whose `column` is `value`.
fn rows_of<'a>(
    rows: &'a [BTreeMap<String, String>],
    column: &str,
    value: &str,
) -> Vec<&'a BTreeMap<String, String>> {
    rows.iter().filter(|r| r[column] == value).collect()
}

/// A small report of station `id` for `year`: three students, two people, no outcomes, one
/// funding row (set by the caller).
fn report(id: &str, college: &str, recognised: chrono::NaiveDate, year: i32) -> ReportSpec {
    let sizes = Sizes {
        long_stays: 3,
        short_stays: 0,
        people: 2,
        outcomes: 0,
        funding_sources: 1,
    };
    let mut r = synth::report(year as u64, AcademicYear::new(year), &sizes);
    r.station_id = id.to_string();
    r.station_name = format!("{id}研究生工作站");
    r.college = college.to_string();
    r.recognised_on = recognised;
    r.filed_on = ymd(year + 1, 7, 1);
    for (k, s) in r.students.iter_mut().enumerate() {
        s.student_id = format!("{id}-{year}-{k}");
    }
    r
}

fn funding(received: f64, spent: f64, subsidy: f64) -> Vec<FundingSpec> {
    vec![FundingSpec {
        source: "设站单位",
        received,
        spent,
        subsidy_spent: subsidy,
        note: String::new(),
    }]
}

fn person(name: &str) -> PersonSpec {
    PersonSpec {
        name: name.to_string(),
        role: gsw::schema::HOST_CHIEF,
        title: "研究员".into(),
        position: "总经理".into(),
        employer: "天津某公司".into(),
        social_roles: String::new(),
    }
}

fn register(dir: &Path, rows: &[(&str, &str, chrono::NaiveDate)]) {
    let entries: Vec<RegisterEntry> = (rows.iter())
        .map(|(id, college, recognised)| RegisterEntry {
            station_id: id.to_string(),
            station_name: Some(format!("{id}研究生工作站")),
            host: Some("天津某公司".into()),
            college: Some(college.to_string()),
            recognised_on: Some(*recognised),
            ..RegisterEntry::default()
        })
        .collect();
    Filled::register(&entries)
        .save(&dir.join("工作站名册.xlsx"))
        .unwrap();
}

/// Station A (药学院, recognised 2022-07-01, reporting years 2022-2023 … 2025-2026): in year
/// k (0…3) 10 000·(k+1) + 0.5 received, 8 000 spent, 1 000·(k+1) of it subsidies, students
/// paid 6 000 + 5 000 + 4 000, k+1 joint projects. 2023-2024 has a second funding row whose
/// 到位金额 cannot be read (一千) and 700 spent. Not counted: a report for 2021-2022 (outside
/// the term) and an earlier report for 2024-2025 (superseded), each with 999 999 received.
/// Station B (口腔医院, recognised 2023-07-01): three years of 1 000 received, 800 spent, no
/// subsidies row, students paid 3 × 100; one student in two years, insured only in the
/// first. Station C (药学院): only in the register.
fn folder(dir: &Path) {
    let a_on = ymd(2022, 7, 1);
    for (k, year) in (2022..=2025).enumerate() {
        let k = k as f64;
        let mut r = report("GZZ-A", "药学院", a_on, year);
        r.funding = funding(10_000.0 * (k + 1.0) + 0.5, 8_000.0, 1_000.0 * (k + 1.0));
        for (s, paid) in r.students.iter_mut().zip([6_000.0, 5_000.0, 4_000.0]) {
            s.amount_paid = paid;
        }
        r.joint_projects = k as u32 + 1;
        r.people = vec![person(&format!("站长{year}")), person("专家甲")];
        let mut filled = r.filled();
        if year == 2023 {
            filled.push_row(
                &rf::FUNDING,
                [
                    (&rf::FUNDING_SOURCE, Input::text("学校")),
                    (&rf::RECEIVED, Input::text("一千")),
                    (&rf::SPENT, Input::Number(700.0)),
                ],
            );
        }
        filled.save(&dir.join(format!("A_{year}.xlsx"))).unwrap();
    }
    for (year, filed, name) in [
        (2021, ymd(2022, 7, 1), "A_2021_期外.xlsx"),
        (2024, ymd(2025, 6, 1), "A_2024_旧.xlsx"),
    ] {
        let mut r = report("GZZ-A", "药学院", a_on, year);
        r.filed_on = filed;
        r.funding = funding(999_999.0, 999_999.0, 999_999.0);
        r.joint_projects = 99;
        r.people = vec![person("不应出现")];
        r.filled().save(&dir.join(name)).unwrap();
    }

    let b_on = ymd(2023, 7, 1);
    let mut first_student = None;
    for year in 2023..=2025 {
        let mut r = report("GZZ-B", "口腔医院", b_on, year);
        r.funding = funding(1_000.0, 800.0, 0.0);
        r.funding[0].subsidy_spent = 0.0;
        for s in &mut r.students {
            s.amount_paid = 100.0;
        }
        r.joint_projects = 0;
        match (year, &first_student) {
            (2023, _) => first_student = Some(r.students[0].clone()),
            (2024, Some(first)) => {
                let s = &mut r.students[0];
                s.student_id = first.student_id.clone();
                s.name = first.name.clone();
                s.insured = false;
                s.safety_training = true;
            }
            _ => {}
        }
        r.filled()
            .save(&dir.join(format!("B_{year}.xlsx")))
            .unwrap();
    }
    register(
        dir,
        &[
            ("GZZ-A", "药学院", a_on),
            ("GZZ-B", "口腔医院", b_on),
            ("GZZ-C", "药学院", ymd(2023, 7, 1)),
        ],
    );
}

#[test]
fn spec_9_1_totals_funding_people_and_colleges() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("报表"), tmp.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    folder(&input);
    consolidate(&input, &out);

    // 汇总: A's totals by hand. Received: 10 000.5 + 20 000.5 + 30 000.5 + 40 000.5 (一千
    // left out); spent: 4 × 8 000 + 700; students paid: 4 × 15 000; projects 1+2+3+4.
    let summary = csv(&out, "汇总");
    let a = rows_of(&summary, "工作站编号", "GZZ-A")[0];
    assert_eq!(a["到位经费合计(元)"], "100002");
    assert_eq!(a["支出经费合计(元)"], "32700");
    assert_eq!(a["生活补助发放合计(元)"], "60000");
    assert_eq!(a["联合承担科研项目合计"], "10");
    let b = rows_of(&summary, "工作站编号", "GZZ-B")[0];
    assert_eq!(
        [
            &b["到位经费合计(元)"],
            &b["支出经费合计(元)"],
            &b["生活补助发放合计(元)"],
            &b["联合承担科研项目合计"]
        ],
        ["3000", "2400", "900", "0"]
    );
    let c = rows_of(&summary, "工作站编号", "GZZ-C")[0];
    assert_eq!(c["到位经费合计(元)"], "0");

    // The unreadable amount is a problem at its cell.
    let problems = csv(&out, "问题清单");
    assert!(
        problems.iter().any(|p| p["文件"] == "A_2023.xlsx"
            && p["工作表"] == "经费"
            && p["说明"].contains("一千")),
        "{problems:#?}"
    );

    // 经费: one row per year with a used report, as read.
    let funding = csv(&out, "经费");
    let a_years: Vec<[&str; 9]> = (rows_of(&funding, "工作站编号", "GZZ-A").iter())
        .map(|r| {
            [
                &r["学年"],
                &r["经费结算年度"],
                &r["到位金额(元)"],
                &r["支出金额(元)"],
                &r["其中研究生生活补助(元)"],
                &r["学生补助发放合计(元)"],
                &r["联合承担科研项目数"],
                &r["文件"],
                &r["工作站编号"],
            ]
            .map(String::as_str)
        })
        .collect();
    assert_eq!(
        a_years,
        [
            [
                "2022-2023",
                "2022",
                "10000.5",
                "8000",
                "1000",
                "15000",
                "1",
                "A_2022.xlsx",
                "GZZ-A"
            ],
            [
                "2023-2024",
                "2023",
                "20000.5",
                "8700",
                "2000",
                "15000",
                "2",
                "A_2023.xlsx",
                "GZZ-A"
            ],
            [
                "2024-2025",
                "2024",
                "30000.5",
                "8000",
                "3000",
                "15000",
                "3",
                "A_2024.xlsx",
                "GZZ-A"
            ],
            [
                "2025-2026",
                "2025",
                "40000.5",
                "8000",
                "4000",
                "15000",
                "4",
                "A_2025.xlsx",
                "GZZ-A"
            ],
        ]
    );
    assert_eq!(rows_of(&funding, "工作站编号", "GZZ-B").len(), 3);
    assert!(rows_of(&funding, "工作站编号", "GZZ-C").is_empty());

    // 站长及专家: the people of A's latest used report only.
    let people = csv(&out, "站长及专家");
    let a_people: Vec<[&str; 4]> = (rows_of(&people, "工作站编号", "GZZ-A").iter())
        .map(|r| [&r["学年"], &r["姓名"], &r["角色"], &r["工作单位"]].map(String::as_str))
        .collect();
    assert_eq!(
        a_people,
        [
            ["2025-2026", "站长2025", "设站单位站长", "天津某公司"],
            ["2025-2026", "专家甲", "设站单位站长", "天津某公司"],
        ]
    );
    assert!(people.iter().all(|p| p["姓名"] != "不应出现"));

    // 进站研究生: B's student of two years was insured only in the first: 否.
    let students = csv(&out, "进站研究生");
    let b_students = rows_of(&students, "工作站编号", "GZZ-B");
    let twice: Vec<_> = (b_students.iter())
        .filter(|s| s["出现学年"].contains('、'))
        .collect();
    assert_eq!(twice.len(), 1, "{b_students:#?}");
    assert_eq!(
        (
            twice[0]["意外伤害保险"].as_str(),
            twice[0]["安全教育"].as_str()
        ),
        ("否", "是")
    );
    assert!(b_students
        .iter()
        .filter(|s| !s["出现学年"].contains('、'))
        .all(|s| s["意外伤害保险"] == "是"));

    // 学院: each row sums its stations' rows of 汇总.
    let colleges = csv(&out, "学院");
    assert_eq!(colleges.len(), 2);
    for college in &colleges {
        let name = &college["牵头学院/医院"];
        let mine = rows_of(&summary, "牵头学院/医院", name);
        let count = |column: &str, value: &str| {
            mine.iter()
                .filter(|r| r[column] == value)
                .count()
                .to_string()
        };
        let sum = |column: &str| -> String {
            let total: f64 = mine.iter().map(|r| r[column].parse::<f64>().unwrap()).sum();
            gsw::format::number(total)
        };
        assert_eq!(college["工作站数"], mine.len().to_string(), "{name}");
        for grade in ["优秀", "合格", "不合格"] {
            assert_eq!(college[grade], count("等级", grade), "{name} {grade}");
        }
        for status in ["已撤销", "在期"] {
            assert_eq!(college[status], count("状态", status), "{name} {status}");
        }
        for column in [
            "进站半年以上人数",
            "国家级成果",
            "省部级成果",
            "到位经费合计(元)",
            "错误数",
            "警告数",
        ] {
            assert_eq!(college[column], sum(column), "{name} {column}");
        }
    }
    assert_eq!(colleges[0]["牵头学院/医院"], "口腔医院", "name order");
    assert_eq!(colleges[1]["到位经费合计(元)"], "100002");

    // The workbook: sheets in SPEC order, money as numbers.
    let mut wb = open_workbook_auto(out.join("汇总.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "图表",
            // The printed layout of 汇总 (SPEC §9.6), beside the sheet it prints.
            "汇总（打印）",
            "学院",
            "评估明细",
            "年度上报",
            "进站研究生",
            "成果",
            "经费",
            "站长及专家",
            "问题清单",
            "文件清单",
            "说明"
        ]
    );
    let range = wb.worksheet_range("经费").unwrap();
    assert_eq!(range.get_value((1, 3)), Some(&Data::Float(10_000.5)));
    // Every sheet but 图表 and 汇总（打印） (汇总 laid out for paper) has its CSV.
    let mut csvs: Vec<String> = std::fs::read_dir(out.join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().replace(".csv", ""))
        .collect();
    csvs.sort();
    let mut sheets: Vec<String> = wb
        .sheet_names()
        .into_iter()
        .filter(|s| s != "图表" && s != "汇总（打印）")
        .collect();
    sheets.sort();
    assert_eq!(csvs, sheets);
}

/// The 图表 sheet's cells as text.
fn chart_cells(path: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("图表").unwrap();
    range.rows().flatten().map(|c| c.to_string()).collect()
}

/// SPEC §9.1: with more than 30 stations, 图表 shows colleges, not single stations.
#[test]
fn spec_9_1_above_thirty_stations_the_chart_shows_colleges() {
    let tmp = tempfile::tempdir().unwrap();
    for n in [30, 31] {
        let input = tmp.path().join(format!("报表{n}"));
        std::fs::create_dir_all(&input).unwrap();
        let ids: Vec<String> = (0..n).map(|i| format!("GZZ-{i:03}")).collect();
        let rows: Vec<(&str, &str, chrono::NaiveDate)> = (ids.iter().enumerate())
            .map(|(i, id)| {
                let college = ["药学院", "口腔医院", "基础医学院"][i % 3];
                (id.as_str(), college, ymd(2023, 7, 1))
            })
            .collect();
        register(&input, &rows);
        let out = tmp.path().join(format!("out{n}"));
        consolidate(&input, &out);
        let cells = chart_cells(&out.join("汇总.xlsx"));
        let has = |s: &str| cells.iter().any(|c| c == s);
        if n == 30 {
            assert!(has("GZZ-029") && has("合格线（8人）"), "{cells:?}");
            assert!(!has("牵头学院/医院"));
        } else {
            assert!(!has("GZZ-000") && !has("合格线（8人）"), "{cells:?}");
            assert!(has("牵头学院/医院") && has("药学院") && has("口腔医院"));
        }
    }
}
