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
    let mut good = good_station("S1", ymd(2020, 9, 1), 20);
    for (i, y) in good.years.iter_mut().enumerate() {
        y.used.people.push(crate::model::Person {
            row: 1,
            name: Some(format!("站长{i}")),
            role: Some(schema::HOST_CHIEF),
            title: Some("教授".into()),
            ..Default::default()
        });
    }
    let (assessments, mut problems) = run(vec![lonely, good], ymd(2025, 8, 1));
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

fn sheet<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| t.sheet == name).unwrap()
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
    let spec: [(&str, &[&str]); 11] = [
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
    let summary = sheet(&tables, "汇总");
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

    let criteria = sheet(&tables, "评估明细");
    assert_eq!(criteria.rows.len(), 16);
    assert_eq!(
        cell(criteria, 0, "标准"),
        &Value::text("C1 按时上报基本数据")
    );
    assert_eq!(cell(criteria, 0, "结果"), &Value::text("达标"));

    let years = sheet(&tables, "年度上报");
    assert_eq!(
        years.rows.len(),
        8,
        "two stations, four reporting years each"
    );
    assert_eq!(cell(years, 0, "学年"), &Value::text("2020-2021"));
    assert_eq!(cell(years, 0, "截止日期"), &Value::Date(ymd(2021, 7, 10)));
    assert!(matches!(cell(years, 0, "文件"), Value::Link(l) if l.path == "S1/2020.xlsx"));
    assert_eq!(cell(years, 5, "状态"), &Value::text("未报"));

    let students = sheet(&tables, "进站研究生");
    assert_eq!(students.rows.len(), 20);
    assert_eq!(cell(students, 0, "学号"), &Value::text("S000"));
    assert_eq!(cell(students, 0, "计入半年以上"), &Value::text("是"));

    // 成果's file is the path as text, not a link per row (see `outcomes.rs`).
    let outcomes = sheet(&tables, "成果");
    assert!(!outcomes.rows.is_empty());
    for r in 0..outcomes.rows.len() {
        assert!(matches!(cell(outcomes, r, "文件"), Value::Text(p) if p.starts_with("S1/")));
    }

    let problems = sheet(&tables, "问题清单");
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

    let files = sheet(&tables, "文件清单");
    assert_eq!(
        cell(files, 0, "文件").display(),
        "S1/2020.xlsx",
        "sorted by path"
    );
    assert_eq!(cell(files, 0, "状态"), &Value::text("已采用"));

    let notes = sheet(&tables, "说明");
    let text: Vec<String> = notes.rows.iter().map(|r| r[1].display()).collect();
    assert_eq!(notes.rows[0][1], Value::Date(ymd(2025, 8, 1)));
    assert!(text.iter().any(|t| t.contains("每次认定有效期为4年")));
    assert!(text.iter().any(|t| t.contains("未提供工作站名册")));
    assert!(
        text.iter().any(|t| t == "共 2 个：期满 1，已撤销 1"),
        "{text:#?}"
    );
    assert!(sheet(&build(&small_summary(true)), "说明")
        .rows
        .iter()
        .all(|r| !r[1].display().contains("未提供工作站名册")));
}

/// SPEC §9.1: the four-year totals on 汇总, one 经费 row per year with a used report, the
/// latest report's people, and the 学院 row summing its stations.
#[test]
fn funding_people_and_colleges() {
    let tables = build(&small_summary(true));
    let summary = sheet(&tables, "汇总");
    // S1: four reports, each 10 000 received, 8 000 spent, one joint project, and 10 doctors
    // paid 10 000 and 10 masters 5 000.
    assert_eq!(
        cell(summary, 0, "到位经费合计(元)"),
        &Value::Number(40_000.0)
    );
    assert_eq!(
        cell(summary, 0, "支出经费合计(元)"),
        &Value::Number(32_000.0)
    );
    assert_eq!(
        cell(summary, 0, "生活补助发放合计(元)"),
        &Value::Number(600_000.0)
    );
    assert_eq!(cell(summary, 0, "联合承担科研项目合计"), &Value::Int(4));
    assert_eq!(cell(summary, 1, "到位经费合计(元)"), &Value::Number(0.0));
    let money = column(summary, "到位经费合计(元)");
    assert_eq!(summary.columns[money].style, ColumnStyle::Money);

    let funding = sheet(&tables, "经费");
    assert_eq!(funding.rows.len(), 4, "S2 has no report");
    assert_eq!(cell(funding, 3, "学年"), &Value::text("2023-2024"));
    assert_eq!(cell(funding, 3, "经费结算年度"), &Value::Int(2023));
    assert_eq!(cell(funding, 3, "到位金额(元)"), &Value::Number(10_000.0));
    assert_eq!(cell(funding, 3, "其中研究生生活补助(元)"), &Value::Empty);
    assert_eq!(
        cell(funding, 3, "学生补助发放合计(元)"),
        &Value::Number(150_000.0)
    );
    assert_eq!(cell(funding, 3, "联合承担科研项目数"), &Value::Int(1));
    assert_eq!(cell(funding, 3, "文件"), &Value::text("S1/2023.xlsx"));

    let people = sheet(&tables, "站长及专家");
    assert_eq!(people.rows.len(), 1, "the latest report's only");
    assert_eq!(cell(people, 0, "学年"), &Value::text("2023-2024"));
    assert_eq!(cell(people, 0, "姓名"), &Value::text("站长3"));
    assert_eq!(cell(people, 0, "角色"), &Value::text("设站单位站长"));

    let colleges = sheet(&tables, "学院");
    assert_eq!(colleges.rows.len(), 1);
    let want = [
        ("牵头学院/医院", Value::text("基础医学院")),
        ("工作站数", Value::Int(2)),
        ("优秀", Value::Int(1)),
        ("已撤销", Value::Int(1)),
        ("在期", Value::Int(0)),
        ("进站半年以上人数", Value::Int(20)),
        ("国家级成果", Value::Int(1)),
        ("到位经费合计(元)", Value::Number(40_000.0)),
        ("错误数", Value::Int(1)),
    ];
    for (name, value) in want {
        assert_eq!(cell(colleges, 0, name), &value, "{name}");
    }
}
