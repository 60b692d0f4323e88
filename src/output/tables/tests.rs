//! Tests of the tables, and the small summary other output tests use.

use super::*;
use crate::dates::{ymd, AcademicYear};
use crate::evaluate::testkit::{good_station, history, register, run};
use crate::model::{FileEntry, FileKind, FileStatus, SourceFile};
use crate::problem::{CellRef, Code, Problem};
use crate::rules::Rules;
use crate::schema;

/// Two stations (one only in the register), a problem and two files.
pub(crate) fn small_summary(register_present: bool) -> Summary {
    let mut lonely = history("S2", vec![]);
    lonely.register = Some(register("S2", ymd(2020, 9, 1)));
    let (assessments, mut problems) = run(
        vec![lonely, good_station("S1", ymd(2020, 9, 1), 20)],
        ymd(2025, 8, 1),
    );
    problems.push(
        Problem::new(Code::BadDate, "进站日期: 无法识别的日期 \"2023-13-45\"")
            .in_file("S1/2021.xlsx")
            .at("进站研究生", Some(CellRef::new(6, 7)))
            .for_station(Some("S1".into()), Some(AcademicYear::new(2021))),
    );
    let file = |path: &str, status| FileEntry {
        source: SourceFile {
            path: path.into(),
            modified: None,
            size: 1,
            sha256: Some("ab".repeat(32)),
        },
        kind: FileKind::Report,
        status,
        reason: String::new(),
        station: Some("S1".into()),
        year: Some(AcademicYear::new(2021)),
        filed_on: Some(ymd(2022, 7, 1)),
        errors: 1,
        warnings: 0,
    };
    Summary {
        as_of: ymd(2025, 8, 1),
        input_dir: "年报".into(),
        rules: Rules::default(),
        register_present,
        assessments,
        files: vec![
            file("S1/2021.xlsx", FileStatus::Used),
            file("S1/2020.xlsx", FileStatus::Used),
        ],
        problems,
    }
}

#[test]
fn row_count_counts_the_deferred_tables_before_they_are_built() {
    let summary = small_summary(true);
    let built: usize = build(&summary).iter().map(|t| t.rows.len()).sum();
    assert!(built > 20, "{built}");
    assert_eq!(row_count(&build_light(&summary), &summary), built);
    assert_eq!(row_count(&build(&summary), &summary), built);
}

fn column(t: &Table, name: &str) -> usize {
    t.columns.iter().position(|c| c.name == name).unwrap()
}

fn cell<'a>(t: &'a Table, row: usize, name: &str) -> &'a Value {
    &t.rows[row][column(t, name)]
}

#[test]
fn sheets_and_their_first_columns_are_those_of_the_spec() {
    let tables = build(&small_summary(true));
    let spec: [(&str, &[&str]); 8] = [
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
        ("说明", &["项目", "内容"]),
    ];
    assert_eq!(tables.len(), spec.len());
    for (t, (sheet, first)) in tables.iter().zip(spec) {
        assert_eq!(t.sheet, sheet);
        assert_eq!(&t.column_names()[..first.len()], first, "{sheet}");
        let mut names = t.column_names();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), t.columns.len(), "{sheet}: a column name twice");
        for row in &t.rows {
            assert_eq!(row.len(), t.columns.len(), "{sheet}: row width");
        }
    }
    for marker in schema::summary::MARKERS {
        assert!(tables.iter().any(|t| t.sheet == *marker));
    }
}

#[test]
fn cells_carry_types_styles_and_links() {
    let tables = build(&small_summary(false));
    let summary = &tables[0];
    assert_eq!(summary.rows.len(), 2);
    assert_eq!(cell(summary, 0, "工作站编号"), &Value::text("S1"));
    assert_eq!(cell(summary, 0, "等级"), &Value::text("优秀"));
    assert_eq!(cell(summary, 0, "认定日期"), &Value::Date(ymd(2020, 9, 1)));
    assert_eq!(cell(summary, 0, "期满日期"), &Value::Date(ymd(2024, 8, 31)));
    assert_eq!(cell(summary, 0, "进站半年以上人数"), &Value::Int(20));
    assert_eq!(cell(summary, 0, "错误数"), &Value::Int(1));
    assert_eq!(cell(summary, 1, "状态"), &Value::text("已撤销"));
    assert_eq!(cell(summary, 1, "等级"), &Value::text("—"));
    assert_eq!(
        summary.columns[column(summary, "等级")].style,
        ColumnStyle::Verdict
    );
    assert_eq!(
        summary.columns[column(summary, "结论")].style,
        ColumnStyle::Wide
    );

    let criteria = &tables[1];
    assert_eq!(criteria.rows.len(), 16);
    assert_eq!(
        cell(criteria, 0, "标准"),
        &Value::text("C1 按时上报基本数据")
    );
    assert_eq!(cell(criteria, 0, "结果"), &Value::text("达标"));

    let years = &tables[2];
    assert_eq!(
        years.rows.len(),
        8,
        "two stations, four reporting years each"
    );
    assert_eq!(cell(years, 0, "学年"), &Value::text("2020-2021"));
    assert_eq!(cell(years, 0, "截止日期"), &Value::Date(ymd(2021, 7, 10)));
    assert!(matches!(cell(years, 0, "文件"), Value::Link(l) if l.path == "S1/2020.xlsx"));
    assert_eq!(cell(years, 5, "状态"), &Value::text("未报"));

    let students = &tables[3];
    assert_eq!(students.rows.len(), 20);
    assert_eq!(cell(students, 0, "学号"), &Value::text("S000"));
    assert_eq!(cell(students, 0, "计入半年以上"), &Value::text("是"));

    // 成果's file is the path as text, not a link per row (see `outcomes.rs`).
    let outcomes = &tables[4];
    assert!(!outcomes.rows.is_empty());
    for r in 0..outcomes.rows.len() {
        assert!(matches!(cell(outcomes, r, "文件"), Value::Text(p) if p.starts_with("S1/")));
    }

    let problems = &tables[5];
    let bad = problems
        .rows
        .iter()
        .find(|r| r[1] == Value::text("bad-date"))
        .unwrap();
    assert_eq!(bad[0], Value::text("错误"));
    assert_eq!(bad[6], Value::text("H7"));
    assert_eq!(
        bad[4],
        Value::link("S1/2021.xlsx", Some("进站研究生!H7".into()))
    );

    let files = &tables[6];
    assert_eq!(
        cell(files, 0, "文件").display(),
        "S1/2020.xlsx",
        "sorted by path"
    );
    assert_eq!(cell(files, 0, "状态"), &Value::text("已采用"));

    let notes = &tables[7];
    let text: Vec<String> = notes.rows.iter().map(|r| r[1].display()).collect();
    assert_eq!(notes.rows[0][1], Value::Date(ymd(2025, 8, 1)));
    assert!(text.iter().any(|t| t.contains("每次认定有效期为4年")));
    assert!(text.iter().any(|t| t.contains("未提供工作站名册")));
    assert!(
        text.iter().any(|t| t == "共 2 个：期满 1，已撤销 1"),
        "{text:#?}"
    );
    assert!(build(&small_summary(true))[7]
        .rows
        .iter()
        .all(|r| !r[1].display().contains("未提供工作站名册")));
}
