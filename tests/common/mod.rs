//! Shared by the integration tests: the messy workbook and what reading it must give.
#![allow(dead_code)]

pub mod zips;

use chrono::NaiveDate;
use gsw::ingest::FileResult;
use gsw::model::Submission;
use gsw::problem::Code;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn excel_date(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).unwrap()
}

/// Writes a row of strings, numbers (as f64) and blanks ("" = blank).
pub fn row(ws: &mut Worksheet, r: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
}

/// A report filled the way people really fill it — title rows, reordered and extra columns,
/// header variants, text dates and numbers, a formula, blank and 序号-only rows, a 合计 row —
/// with one of each defect.
pub fn messy_report(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy/m/d");

    let ws = wb.add_worksheet();
    ws.set_name("基本信息 ").unwrap();
    ws.write_string(0, 0, "年度基本数据报表").unwrap();
    let labels: [(&str, &str); 15] = [
        ("模板版本", "2024.1"),
        ("工作站编号*：", "#101"),
        ("工作站名称", "测试站"),
        ("设站单位", "天津某药业有限公司"),
        ("设站单位类型", " 企业 "),
        ("牵头学院/医院", "药学院"),
        ("认定日期", "2020年9月1日"),
        ("报告学年", "2023-24学年"),
        ("经费结算年度", "2023年"),
        ("填报日期", "#45481"),
        ("填报人", "张老师"),
        ("联系电话", "#13800000000"),
        ("管理规章制度健全", "Y"),
        ("工作生活条件", "良好"),
        ("联合承担科研项目数", "２项"),
    ];
    for (i, (label, value)) in labels.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *label).unwrap();
        match value.strip_prefix('#') {
            Some(n) => ws.write_number(r, 1, n.parse::<f64>().unwrap()).unwrap(),
            None => ws.write_string(r, 1, *value).unwrap(),
        };
    }

    let ws = wb.add_worksheet();
    ws.set_name("进站研究生").unwrap();
    ws.write_string(0, 0, "进站研究生名单（2023-2024学年）")
        .unwrap();
    row(
        ws,
        2,
        &[
            "序号",
            "学　号*",
            "姓名",
            "培养层次",
            "进站日期",
            "出站日期",
            "联系方式",
            "月生活补助标准（元）",
            "本学年发放月数",
            "本学年发放金额(元)",
            "按时足额发放",
            "校内导师",
            "导师在设站单位承担项目",
        ],
    );
    // Row 4: text forms everywhere, a formula for the amount.
    row(
        ws,
        3,
        &[
            "1",
            "2023001",
            "张三",
            "硕士研究生",
            "2023/9/1",
            "至今",
            "13800000001",
            "1,000元",
            "１２",
            "",
            "√",
            "李老师",
            "无",
        ],
    );
    ws.write_formula(3, 9, Formula::new("=1000*12").set_result("12000"))
        .unwrap();
    // Row 5: numbers and real date cells.
    ws.write_number(4, 0, 2).unwrap();
    ws.write_number(4, 1, 2023002).unwrap();
    row(
        ws,
        4,
        &[
            "",
            "",
            "李四",
            "博士",
            "",
            "",
            "",
            "",
            "",
            "",
            "是",
            "王老师",
            "N",
        ],
    );
    ws.write_datetime_with_format(4, 4, excel_date(2023, 9, 1), &date_format)
        .unwrap();
    ws.write_datetime_with_format(4, 5, excel_date(2024, 3, 31), &date_format)
        .unwrap();
    ws.write_number(4, 7, 1000).unwrap();
    ws.write_number(4, 8, 7).unwrap();
    ws.write_number(4, 9, 7000).unwrap();
    // Row 6 blank, row 7 only 序号.
    ws.write_number(6, 0, 3).unwrap();
    // Row 8: a bad choice and a bad date.
    row(
        ws,
        7,
        &[
            "4",
            "2023003",
            "王五",
            "BS",
            "2023-13-45",
            "",
            "",
            "500",
            "12",
            "6000",
            "是",
            "赵老师",
            "否",
        ],
    );
    // Row 9: a duplicate 学号, 出站 before 进站, a number in words.
    row(
        ws,
        8,
        &[
            "5",
            "2023001",
            "赵六",
            "硕士",
            "2024.3.1",
            "2024-02-01",
            "",
            "一千",
            "12",
            "6000",
            "是",
            "钱老师",
            "否",
        ],
    );
    // Row 10: the closing total.
    row(ws, 9, &["合计"]);
    ws.write_number(9, 9, 31000).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("站长及专家").unwrap();
    row(ws, 0, &["姓名", "角色", "职称", "工作单位"]);
    row(
        ws,
        1,
        &["周站长", "设站单位站长", "高级工程师", "天津某药业有限公司"],
    );

    let ws = wb.add_worksheet();
    ws.set_name("成果").unwrap();
    row(
        ws,
        0,
        &[
            "成果类型",
            "成果名称",
            "级别",
            "取得日期",
            "参与研究生学号",
            "与工作站相关",
            "重要经济社会效益",
            "效益说明",
        ],
    );
    row(
        ws,
        1,
        &[
            "论文",
            "某某研究",
            "省级",
            "2024-05-01",
            "2023001、2023002",
            "是",
            "否",
            "",
        ],
    );
    row(
        ws,
        2,
        &["专利", "某装置", "国家", "2022-01-01", "", "是", "是", ""],
    );

    let ws = wb.add_worksheet();
    ws.set_name("经费").unwrap();
    row(
        ws,
        0,
        &[
            "经费来源",
            "到位金额(元)",
            "支出金额(元)",
            "其中研究生生活补助(元)",
        ],
    );
    row(ws, 1, &["设站单位", "100,000", "80000", "30000"]);

    wb.save(path).unwrap();
}

/// Checks that reading the messy workbook (in any format) gave exactly its defects, each at
/// its cell, and every tolerated value right.
pub fn assert_messy_read(result: FileResult) {
    let mut got: Vec<(Code, String, String)> = result
        .problems
        .iter()
        .map(|p| {
            (
                p.code,
                p.sheet.clone().unwrap_or_default(),
                p.cell.map(|c| c.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(Code, String, String)> = [
        (Code::ExtraColumn, "进站研究生", "G3"),
        (Code::BadChoice, "进站研究生", "D8"),
        (Code::BadDate, "进站研究生", "E8"),
        (Code::DuplicateStudent, "进站研究生", "B9"),
        (Code::LeftBeforeEntered, "进站研究生", "F9"),
        (Code::BadNumber, "进站研究生", "H9"),
        (Code::MissingChief, "站长及专家", ""),
        (Code::OutcomeOutsideYear, "成果", "D3"),
        (Code::BenefitUnexplained, "成果", "H3"),
        (Code::SubsidyTotal, "经费", ""),
    ]
    .iter()
    .map(|(c, s, a)| (*c, s.to_string(), a.to_string()))
    .collect();
    want.sort();
    let messages: Vec<String> = result.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(got, want, "{messages:#?}");
    let bad_date = result
        .problems
        .iter()
        .find(|p| p.code == Code::BadDate)
        .unwrap();
    assert!(
        bad_date.message.contains("\"2023-13-45\""),
        "{}",
        bad_date.message
    );
    let bad_choice = result
        .problems
        .iter()
        .find(|p| p.code == Code::BadChoice)
        .unwrap();
    assert!(
        bad_choice.message.contains("博士、硕士"),
        "{}",
        bad_choice.message
    );

    let Some(Submission::Report(report)) = result.submission else {
        panic!("not read as a report: {messages:#?}");
    };
    let info = &report.info;
    assert_eq!(info.station_id, "101");
    assert_eq!(info.year.start_year, 2023);
    assert_eq!(info.recognised_on, Some(date(2020, 9, 1)));
    assert_eq!(info.filed_on, Some(date(2024, 7, 8)));
    assert_eq!(info.settlement_year, Some(2023));
    assert_eq!(info.phone.as_deref(), Some("13800000000"));
    assert_eq!(info.host_type, Some("企业"));
    assert_eq!(info.rules_sound, Some(true));
    assert_eq!(info.conditions, Some("良好"));
    assert_eq!(info.joint_projects, Some(2));

    let s = &report.students;
    assert_eq!(s.len(), 4, "blank, 序号-only and 合计 rows are skipped");
    assert_eq!(s[0].student_id.as_deref(), Some("2023001"));
    assert_eq!(s[0].level, Some("硕士"));
    assert_eq!(s[0].entered_on, Some(date(2023, 9, 1)));
    assert_eq!((s[0].left_on, s[0].left_unknown), (None, false));
    assert_eq!(s[0].monthly_subsidy, Some(1000.0));
    assert_eq!(s[0].months_paid, Some(12.0));
    assert_eq!(
        s[0].amount_paid,
        Some(12000.0),
        "formula read by its cached value"
    );
    assert_eq!(s[0].paid_in_full, Some(true));
    assert_eq!(
        s[0].supervisor_project,
        Some(false),
        "无 in a 是/否 field means 否"
    );
    assert_eq!(s[1].student_id.as_deref(), Some("2023002"));
    assert_eq!(s[1].entered_on, Some(date(2023, 9, 1)));
    assert_eq!(s[1].left_on, Some(date(2024, 3, 31)));
    assert_eq!((s[2].level, s[2].entered_on), (None, None));
    assert_eq!(s[2].monthly_subsidy, Some(500.0));
    assert!(s[3].left_unknown);
    assert_eq!(s[3].monthly_subsidy, None);

    assert_eq!(report.outcomes[0].level, Some("省部级"));
    assert_eq!(report.outcomes[0].students, ["2023001", "2023002"]);
    assert_eq!(report.outcomes[1].level, Some("国家级"));
    assert_eq!(report.funding[0].received, Some(100_000.0));
}

/// A small report with nothing wrong in it.
pub fn clean_report(path: &std::path::Path) {
    clean_report_with(path, |_| {});
}

/// The clean report, changed by `edit` before it is saved.
pub fn clean_report_with(path: &std::path::Path, edit: impl FnOnce(&mut Workbook)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("基本信息").unwrap();
    let labels: [(&str, &str); 14] = [
        ("工作站编号", "S01"),
        ("工作站名称", "测试站"),
        ("设站单位", "天津某药业有限公司"),
        ("设站单位类型", "企业"),
        ("牵头学院/医院", "药学院"),
        ("认定日期", "2022-09-01"),
        ("报告学年", "2023-2024"),
        ("经费结算年度", "2023"),
        ("填报日期", "2024-07-01"),
        ("填报人", "张老师"),
        ("管理规章制度健全", "是"),
        ("工作生活条件", "良好"),
        ("联合承担科研项目数", "1"),
        ("模板版本", "2024.1"),
    ];
    for (i, (label, value)) in labels.iter().enumerate() {
        row(ws, i as u32, &[label, value]);
    }
    let ws = wb.add_worksheet();
    ws.set_name("进站研究生").unwrap();
    row(
        ws,
        0,
        &[
            "姓名",
            "学号",
            "培养层次",
            "校内导师",
            "进站日期",
            "月生活补助标准(元)",
            "本学年发放月数",
            "本学年发放金额(元)",
            "按时足额发放",
        ],
    );
    row(
        ws,
        1,
        &[
            "张三",
            "2023001",
            "硕士",
            "李老师",
            "2023-09-01",
            "600",
            "10",
            "6000",
            "是",
        ],
    );
    let ws = wb.add_worksheet();
    ws.set_name("站长及专家").unwrap();
    row(ws, 0, &["姓名", "角色", "职称", "工作单位"]);
    row(
        ws,
        1,
        &["周站长", "设站单位站长", "高级工程师", "天津某药业有限公司"],
    );
    row(ws, 2, &["吴教授", "培养单位站长", "教授", "天津医科大学"]);
    let ws = wb.add_worksheet();
    ws.set_name("成果").unwrap();
    row(
        ws,
        0,
        &["成果类型", "成果名称", "级别", "取得日期", "与工作站相关"],
    );
    let ws = wb.add_worksheet();
    ws.set_name("经费").unwrap();
    row(
        ws,
        0,
        &[
            "经费来源",
            "到位金额(元)",
            "支出金额(元)",
            "其中研究生生活补助(元)",
        ],
    );
    row(ws, 1, &["设站单位", "100000", "80000", "6000"]);
    edit(&mut wb);
    wb.save(path).unwrap();
}

/// The committed sample folder.
pub fn sample_data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// Copies a folder recursively, leaving out any earlier summaries (汇总结果) in it.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == gsw::discover::OUTPUT_DIR {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Each station's (编号, 状态, 等级, 可升至), as the README's table lists them.
pub fn verdicts(summary: &gsw::summary::Summary) -> Vec<[String; 4]> {
    summary
        .assessments
        .iter()
        .map(|a| {
            [
                a.id.clone(),
                a.status.label().to_string(),
                a.grade.label().to_string(),
                a.can_rise_to
                    .map(|g| g.label().to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// A sheet's rows, each with its 0-based row index.
pub type Rows = Vec<(u32, Vec<calamine::Data>)>;

/// Everything a reader gives for an .xlsx: sheet names and each sheet's cells or error.
#[derive(Debug, PartialEq)]
pub struct Reading {
    pub names: Vec<String>,
    pub sheets: Vec<Result<Rows, String>>,
}

/// Reads every sheet of `bytes` as an .xlsx with `reader`; with the reading, why the lean
/// reader stepped aside (`None`: it read everything).
pub fn read_xlsx(
    bytes: &[u8],
    reader: gsw::read::Reader,
) -> Result<(Reading, Option<&'static str>), String> {
    use gsw::model::Format;
    use gsw::rules::Limits;
    let mut wb = gsw::read::open_using(bytes.to_vec(), Format::Xlsx, Limits::default(), reader)
        .map_err(|e| e.to_string())?;
    let names = wb.sheet_names.clone();
    let sheets = (names.iter())
        .map(|n| {
            (wb.sheet(n))
                .map(|s| s.rows().map(|(r, c)| (r, c.to_vec())).collect())
                .map_err(|e| e.to_string())
        })
        .collect();
    Ok((Reading { names, sheets }, wb.lean_step_aside()))
}

/// Converts `src` with LibreOffice into `out_dir` as `filter` (e.g. "xls"); `None` with a
/// printed reason when LibreOffice is not installed.
pub fn soffice_convert(
    src: &std::path::Path,
    filter: &str,
    out_dir: &std::path::Path,
) -> Option<std::path::PathBuf> {
    // A profile of its own: LibreOffice refuses a second instance on a profile in use, and
    // tests run side by side.
    let profile = tempfile::tempdir().ok()?;
    let profile = format!("-env:UserInstallation=file://{}", profile.path().display());
    let status = std::process::Command::new("soffice")
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(src)
        .output();
    match status {
        Ok(out) if out.status.success() => {
            let ext = filter.split(':').next().unwrap_or(filter);
            let made = out_dir.join(src.file_stem()?).with_extension(ext);
            made.exists().then_some(made)
        }
        _ => {
            eprintln!("跳过：未安装 LibreOffice（soffice），无法转换 {filter}");
            None
        }
    }
}
