//! `sample-data/` end to end: every station gets the grade the README lists, and the summary
//! workbook read back with calamine has every sheet and column of SPEC §8.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use gsw::consolidate::{consolidate, Options};
use gsw::dates::ymd;
use gsw::rules::Rules;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// (编号, 状态, 等级, 可升至) from the README's table.
fn readme_expectations() -> Vec<[String; 4]> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("<!-- expected-grades:start -->").unwrap();
    let end = readme.find("<!-- expected-grades:end -->").unwrap();
    readme[start..end]
        .lines()
        .filter(|l| l.starts_with("| GZZ"))
        .map(|l| {
            let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
            [
                cells[1].clone(),
                cells[3].clone(),
                cells[4].clone(),
                cells[5].clone(),
            ]
        })
        .collect()
}

#[test]
fn every_sample_station_gets_the_readme_grade() {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits: Default::default(),
        skip: Vec::new(),
    };
    let summary = consolidate(&root().join("sample-data"), &options, &|| {});
    let expected = readme_expectations();
    assert_eq!(expected.len(), 10);
    let got = common::verdicts(&summary);
    for e in &expected {
        let g = got
            .iter()
            .find(|g| g[0] == e[0])
            .unwrap_or_else(|| panic!("{} missing", e[0]));
        assert_eq!(g, e, "station {}", e[0]);
    }
    assert_eq!(got.len(), expected.len());
    // Every status and every grade occurs.
    for label in ["已撤销", "期满", "在期"] {
        assert!(got.iter().any(|g| g[1] == label), "{label}");
    }
    for label in ["优秀", "合格", "不合格", "—"] {
        assert!(got.iter().any(|g| g[2] == label), "{label}");
    }
}

/// The sheets and columns SPEC §8 names, in its order.
const SPEC_SHEETS: &[(&str, &[&str])] = &[
    (
        "汇总",
        &[
            "工作站编号",
            "工作站名称",
            "设站单位",
            "牵头学院/医院",
            "认定日期",
            "期满日期",
            "状态",
            "等级",
            "可升至",
            "结论",
            "应报年数",
            "按时",
            "迟交",
            "未报",
            "进站半年以上人数",
            "其中博士",
            "其中硕士",
            "国家级成果",
            "省部级成果",
            "未达标项",
            "待评议项",
            "错误数",
            "警告数",
            "到位经费合计(元)",
            "支出经费合计(元)",
            "生活补助发放合计(元)",
            "联合承担科研项目合计",
        ],
    ),
    (
        "学院",
        &[
            "牵头学院/医院",
            "工作站数",
            "优秀",
            "合格",
            "不合格",
            "已撤销",
            "在期",
            "进站半年以上人数",
            "国家级成果",
            "省部级成果",
            "到位经费合计(元)",
            "错误数",
            "警告数",
        ],
    ),
    (
        "评估明细",
        &["工作站编号", "标准", "要求", "实际", "结果", "依据"],
    ),
    (
        "年度上报",
        &["工作站编号", "学年", "截止日期", "填报日期", "状态", "文件"],
    ),
    (
        "进站研究生",
        &[
            "工作站编号",
            "学号",
            "姓名",
            "培养层次",
            "在站天数",
            "计入半年以上",
            "出现学年",
            "意外伤害保险",
            "安全教育",
        ],
    ),
    (
        "成果",
        &[
            "工作站编号",
            "成果类型",
            "成果名称",
            "级别",
            "取得日期",
            "学年",
            "计入",
        ],
    ),
    (
        "经费",
        &[
            "工作站编号",
            "学年",
            "经费结算年度",
            "到位金额(元)",
            "支出金额(元)",
            "其中研究生生活补助(元)",
            "学生补助发放合计(元)",
            "联合承担科研项目数",
            "文件",
        ],
    ),
    (
        "站长及专家",
        &[
            "工作站编号",
            "学年",
            "姓名",
            "角色",
            "职称",
            "职务",
            "工作单位",
            "社会任职",
        ],
    ),
    (
        "问题清单",
        &[
            "级别",
            "代码",
            "工作站编号",
            "学年",
            "文件",
            "工作表",
            "单元格",
            "说明",
        ],
    ),
    (
        "文件清单",
        &[
            "文件",
            "类型",
            "工作站编号",
            "学年",
            "填报日期",
            "状态",
            "错误数",
            "警告数",
            "SHA-256",
        ],
    ),
    ("说明", &[]),
];

/// The header row of a sheet: the first row whose first cell is the first column's name.
fn header(rows: &[Vec<Data>], first: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| *c == first))
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn the_summary_workbook_has_every_sheet_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总.xlsx");
    let csv = dir.path().join("csv");
    let status = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", "2026-11-30", "-q", "-o"])
        .arg(&out)
        .arg("--csv")
        .arg(&csv)
        .arg(root().join("sample-data"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut wb = open_workbook_auto(&out).unwrap();
    let names = wb.sheet_names();
    let mut last = 0;
    for (sheet, columns) in SPEC_SHEETS {
        let pos = names
            .iter()
            .position(|n| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet} in {names:?}"));
        assert!(pos >= last, "{sheet} out of order in {names:?}");
        last = pos;
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        if let Some(first) = columns.first() {
            let got = header(&rows, first);
            assert_eq!(&got[..columns.len()], *columns, "{sheet}");
            let csv_text = std::fs::read_to_string(csv.join(format!("{sheet}.csv"))).unwrap();
            assert!(csv_text.starts_with('\u{feff}'), "{sheet}.csv has a BOM");
            let csv_header = csv_text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap();
            assert!(
                csv_header.starts_with(&columns.join(",")),
                "{sheet}.csv: {csv_header}"
            );
        }
    }
    // A known cell: the revoked station's grade on 汇总.
    let range = wb.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let head = header(&rows, "工作站编号");
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[0] == "GZZ-2022-03")
        .expect("GZZ-2022-03 on 汇总");
    assert_eq!(row[col("状态")].to_string(), "已撤销");
    assert_eq!(row[col("等级")].to_string(), "—");
    assert!(
        matches!(row[col("认定日期")], Data::DateTime(_)),
        "dates are date cells"
    );
}
