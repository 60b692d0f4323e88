//! The summary's sheets as [`Table`]s (SPEC §8), built once and printed by every printer.
//!
//! Each sheet has one column list below; its rows are built in the same order, and a test
//! checks every row's width against it. Column names used on several sheets are constants.
//! Rows are in a stable order: station id, then academic year, 学号, row…; problems in
//! [`Problem::sort_key`] order; files by path.

use super::{Column, ColumnStyle, Table, Value};
use crate::dates::chinese_date;
use crate::evaluate::{Assessment, Grade, Status, Verdict};
use crate::model::{FileEntry, FileStatus};
use crate::problem::{Problem, Severity};
use crate::schema;
use crate::schema::summary::{
    CRITERIA as SHEET_CRITERIA, FILES as SHEET_FILES, NOTES as SHEET_NOTES,
    OUTCOMES as SHEET_OUTCOMES, PROBLEMS as SHEET_PROBLEMS, STUDENTS as SHEET_STUDENTS,
    SUMMARY as SHEET_SUMMARY, YEARS as SHEET_YEARS,
};
use crate::summary::Summary;
use std::collections::HashMap;

// Column names that other modules look up (charts, links, 本月变化) or that stand on
// several sheets.
pub const STATION: &str = "工作站编号";
pub const STATION_NAME: &str = "工作站名称";
pub const YEAR: &str = "学年";
pub const FILE: &str = "文件";
pub const STATUS: &str = "状态";
pub const GRADE: &str = "等级";
pub const STUDENTS_COUNTED: &str = "进站半年以上人数";
pub const FILED_ON: &str = "填报日期";
pub const ERRORS: &str = "错误数";
pub const WARNINGS: &str = "警告数";
pub const NOTE: &str = "说明";
pub const COUNTED: &str = "计入";
pub const LEVEL: &str = "级别";
pub const CODE: &str = "代码";
pub const SHEET: &str = "工作表";
pub const CELL: &str = "单元格";
pub const SHA: &str = "SHA-256";

const fn plain(name: &'static str) -> Column {
    Column {
        name,
        style: ColumnStyle::Plain,
    }
}

const fn wide(name: &'static str) -> Column {
    Column {
        name,
        style: ColumnStyle::Wide,
    }
}

const fn verdict(name: &'static str) -> Column {
    Column {
        name,
        style: ColumnStyle::Verdict,
    }
}

const SUMMARY_COLUMNS: &[Column] = &[
    plain(STATION),
    plain(STATION_NAME),
    plain("设站单位"),
    plain("牵头学院/医院"),
    plain("认定日期"),
    plain("期满日期"),
    verdict(STATUS),
    verdict(GRADE),
    verdict("可升至"),
    wide("结论"),
    plain("应报年数"),
    plain("按时"),
    plain("迟交"),
    plain("未报"),
    plain(STUDENTS_COUNTED),
    plain("其中博士"),
    plain("其中硕士"),
    plain("国家级成果"),
    plain("省部级成果"),
    plain("未达标项"),
    plain("待评议项"),
    plain(ERRORS),
    plain(WARNINGS),
    wide("预评"),
    wide("预警"),
    plain("填报日期不明"),
    plain("认定日期来源"),
];

const CRITERIA_COLUMNS: &[Column] = &[
    plain(STATION),
    plain("标准"),
    wide("要求"),
    wide("实际"),
    verdict("结果"),
    wide("依据"),
    verdict("合格标准"),
    verdict("优秀标准"),
];

const YEAR_COLUMNS: &[Column] = &[
    plain(STATION),
    plain(YEAR),
    plain("截止日期"),
    plain(FILED_ON),
    verdict(STATUS),
    plain(FILE),
    verdict("计入应报年数"),
    wide(NOTE),
];

const STUDENT_COLUMNS: &[Column] = &[
    plain(STATION),
    plain("学号"),
    plain("姓名"),
    plain("培养层次"),
    plain("在站天数"),
    verdict("计入半年以上"),
    plain("出现学年"),
];

const OUTCOME_COLUMNS: &[Column] = &[
    plain(STATION),
    plain("成果类型"),
    plain("成果名称"),
    plain(LEVEL),
    plain("取得日期"),
    plain(YEAR),
    verdict(COUNTED),
    wide(NOTE),
    // The source file's path as text. A link per row to the outcome's cell cost 15% of a
    // run at 1,000 reports (15,000 links, most of rust_xlsxwriter's save) and 40% of its
    // memory, and the row already shows the outcome; 文件清单 links each file.
    plain(FILE),
];

const PROBLEM_COLUMNS: &[Column] = &[
    verdict(LEVEL),
    plain(CODE),
    plain(STATION),
    plain(YEAR),
    plain(FILE),
    plain(SHEET),
    plain(CELL),
    wide(NOTE),
];

const FILE_COLUMNS: &[Column] = &[
    plain(FILE),
    plain("类型"),
    plain(STATION),
    plain(YEAR),
    plain(FILED_ON),
    verdict(STATUS),
    plain(ERRORS),
    plain(WARNINGS),
    plain(SHA),
    wide(NOTE),
];

const NOTE_COLUMNS: &[Column] = &[plain("项目"), wide("内容")];

/// The sheets made from each station's details (years, students, outcomes): by far the
/// largest. [`build_light`] leaves them without rows and [`take_detail_rows`] builds each
/// when its turn comes, so that they are never all in memory at once.
pub const DEFERRED: [&str; 3] = [SHEET_YEARS, SHEET_STUDENTS, SHEET_OUTCOMES];

/// Every sheet of the summary, in SPEC §8 order.
pub fn build(summary: &Summary) -> Vec<Table> {
    let mut tables = build_light(summary);
    for t in tables.iter_mut().filter(|t| DEFERRED.contains(&t.sheet)) {
        t.rows = detail_rows(summary, t.sheet);
    }
    tables
}

/// Every sheet of the summary, in SPEC §8 order, the [`DEFERRED`] ones without rows.
pub fn build_light(summary: &Summary) -> Vec<Table> {
    let stations = stations(summary);
    let mut problems: Vec<&Problem> = summary.problems.iter().collect();
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut files: Vec<&FileEntry> = summary.files.iter().collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let tallies = tally(&problems);

    vec![
        table(
            SHEET_SUMMARY,
            SUMMARY_COLUMNS,
            stations.iter().map(|a| summary_row(a, &tallies)).collect(),
        ),
        table(
            SHEET_CRITERIA,
            CRITERIA_COLUMNS,
            stations.iter().flat_map(|a| criteria_rows(a)).collect(),
        ),
        table(SHEET_YEARS, YEAR_COLUMNS, Vec::new()),
        table(SHEET_STUDENTS, STUDENT_COLUMNS, Vec::new()),
        table(SHEET_OUTCOMES, OUTCOME_COLUMNS, Vec::new()),
        table(
            SHEET_PROBLEMS,
            PROBLEM_COLUMNS,
            problems.iter().map(|p| problem_row(p)).collect(),
        ),
        table(
            SHEET_FILES,
            FILE_COLUMNS,
            files.iter().map(|f| file_row(f)).collect(),
        ),
        table(SHEET_NOTES, NOTE_COLUMNS, note_rows(summary, &stations)),
    ]
}

/// The rows of the [`DEFERRED`] table `sheet`, once the stations' details they are made
/// from are freed (the terminal report needs only each station's verdict and counts).
pub fn take_detail_rows(summary: &mut Summary, sheet: &str) -> Vec<Vec<Value>> {
    let rows = detail_rows(summary, sheet);
    for a in &mut summary.assessments {
        match sheet {
            SHEET_YEARS => a.years = Vec::new(),
            SHEET_STUDENTS => a.students = Vec::new(),
            SHEET_OUTCOMES => a.outcomes = Vec::new(),
            _ => {}
        }
    }
    rows
}

/// The rows of all `tables`, those of the [`DEFERRED`] ones counted from the stations'
/// details they are made from.
pub fn row_count(tables: &[Table], summary: &Summary) -> usize {
    let details = |sheet: &str| -> usize {
        let per_station = |a: &Assessment| match sheet {
            SHEET_YEARS => a.years.len(),
            SHEET_STUDENTS => a.students.len(),
            SHEET_OUTCOMES => a.outcomes.len(),
            _ => 0,
        };
        summary.assessments.iter().map(per_station).sum()
    };
    (tables.iter())
        .map(|t| t.rows.len().max(details(t.sheet)))
        .sum()
}

fn stations(summary: &Summary) -> Vec<&Assessment> {
    let mut stations: Vec<&Assessment> = summary.assessments.iter().collect();
    stations.sort_by(|a, b| a.id.cmp(&b.id));
    stations
}

/// The rows of a [`DEFERRED`] sheet.
fn detail_rows(summary: &Summary, sheet: &str) -> Vec<Vec<Value>> {
    let stations = stations(summary);
    let rows = stations.iter();
    match sheet {
        SHEET_YEARS => rows.flat_map(|a| year_rows(a)).collect(),
        SHEET_STUDENTS => rows.flat_map(|a| student_rows(a)).collect(),
        SHEET_OUTCOMES => rows.flat_map(|a| outcome_rows(a)).collect(),
        _ => Vec::new(),
    }
}

fn table(sheet: &'static str, columns: &[Column], rows: Vec<Vec<Value>>) -> Table {
    Table {
        sheet,
        columns: columns.to_vec(),
        rows,
    }
}

/// (errors, warnings) per station id.
fn tally<'a>(problems: &[&'a Problem]) -> HashMap<&'a str, (usize, usize)> {
    let mut out: HashMap<&str, (usize, usize)> = HashMap::new();
    for p in problems {
        let Some(id) = p.station.as_deref() else {
            continue;
        };
        let e = out.entry(id).or_default();
        match p.severity {
            Severity::Error => e.0 += 1,
            Severity::Warning => e.1 += 1,
            Severity::Info => {}
        }
    }
    out
}

fn int(n: usize) -> Value {
    Value::Int(n as i64)
}

fn yes_no(v: bool) -> Value {
    Value::text(if v { schema::YES } else { schema::NO })
}

fn summary_row(a: &Assessment, tallies: &HashMap<&str, (usize, usize)>) -> Vec<Value> {
    let c = &a.counts;
    let (errors, warnings) = tallies.get(a.id.as_str()).copied().unwrap_or_default();
    vec![
        Value::text(a.id.clone()),
        Value::opt_text(a.name.clone()),
        Value::opt_text(a.host.clone()),
        Value::opt_text(a.college.clone()),
        Value::opt_date(a.recognised_on),
        Value::opt_date(a.term.map(|t| t.end)),
        Value::text(a.status.label()),
        Value::text(a.grade.label()),
        Value::opt_text(a.can_rise_to.map(Grade::label)),
        Value::text(a.conclusion.clone()),
        int(c.due_years),
        int(c.on_time),
        int(c.late),
        int(c.missing),
        int(c.students),
        int(c.doctors),
        int(c.masters),
        int(c.national),
        int(c.provincial),
        Value::text(a.unmet().join("、")),
        Value::text(a.pending().join("、")),
        int(errors),
        int(warnings),
        Value::text(a.hints.join("；")),
        Value::text(a.alerts.join("；")),
        int(c.date_unknown),
        Value::text(a.recognised_from.label()),
    ]
}

fn criteria_rows(a: &Assessment) -> Vec<Vec<Value>> {
    a.criteria
        .iter()
        .map(|c| {
            vec![
                Value::text(a.id.clone()),
                Value::text(c.title()),
                Value::text(c.requirement.clone()),
                Value::text(c.actual.clone()),
                Value::text(c.result().label()),
                Value::text(c.evidence.clone()),
                Value::text(c.qualified.map_or(Grade::None.label(), Verdict::label)),
                Value::text(c.excellent.label()),
            ]
        })
        .collect()
}

fn year_rows(a: &Assessment) -> Vec<Vec<Value>> {
    a.years
        .iter()
        .map(|y| {
            vec![
                Value::text(a.id.clone()),
                Value::text(y.year.to_string()),
                Value::Date(y.due),
                Value::opt_date(y.filed_on),
                Value::text(y.status.label()),
                y.file
                    .as_deref()
                    .map_or(Value::Empty, |f| Value::link(f, y.filed_cell.clone())),
                yes_no(y.counted),
                Value::text(y.note()),
            ]
        })
        .collect()
}

fn student_rows(a: &Assessment) -> Vec<Vec<Value>> {
    a.students
        .iter()
        .map(|s| {
            vec![
                Value::text(a.id.clone()),
                Value::text(s.student_id.clone()),
                Value::opt_text(s.name.clone()),
                Value::opt_text(s.level),
                Value::Int(s.days),
                yes_no(s.counted),
                Value::text(crate::evaluate::join_years(s.years.iter().copied())),
            ]
        })
        .collect()
}

fn outcome_rows(a: &Assessment) -> Vec<Vec<Value>> {
    a.outcomes
        .iter()
        .map(|o| {
            vec![
                Value::text(a.id.clone()),
                Value::opt_text(o.kind),
                Value::opt_text(o.name.clone()),
                Value::opt_text(o.level),
                Value::opt_date(o.obtained_on),
                Value::text(o.year.to_string()),
                yes_no(o.counted),
                Value::text(o.note.clone()),
                // The path, not a link: see `OUTCOME_COLUMNS`.
                Value::text(o.file.clone()),
            ]
        })
        .collect()
}

fn problem_row(p: &Problem) -> Vec<Value> {
    let location = p.sheet.as_ref().map(|s| match p.cell {
        Some(c) => format!("{s}!{c}"),
        None => format!("{s}!A1"),
    });
    vec![
        Value::text(p.severity.label()),
        Value::text(p.code.as_str()),
        Value::opt_text(p.station.clone()),
        Value::opt_text(p.year.map(|y| y.to_string())),
        p.file
            .as_deref()
            .map_or(Value::Empty, |f| Value::link(f, location)),
        Value::opt_text(p.sheet.clone()),
        Value::opt_text(p.cell.map(|c| c.to_string())),
        Value::text(p.message.clone()),
    ]
}

fn file_row(f: &FileEntry) -> Vec<Value> {
    vec![
        Value::link(&f.source.path, None),
        Value::text(f.kind.label()),
        Value::opt_text(f.station.clone()),
        Value::opt_text(f.year.map(|y| y.to_string())),
        Value::opt_date(f.filed_on),
        Value::text(f.status.label()),
        int(f.errors),
        int(f.warnings),
        Value::opt_text(f.source.sha256.clone()),
        Value::text(f.reason.clone()),
    ]
}

/// `在期 3，期满 2，已撤销 1`: counts by label, in the given label order, zeros left out.
fn counts_by<'a>(labels: &[&'a str], items: impl Iterator<Item = &'a str>) -> String {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for i in items {
        *n.entry(i).or_default() += 1;
    }
    let parts: Vec<String> = labels
        .iter()
        .filter_map(|l| n.get(l).map(|k| format!("{l} {k}")))
        .collect();
    if parts.is_empty() {
        "无".to_string()
    } else {
        parts.join("，")
    }
}

fn note_rows(summary: &Summary, stations: &[&Assessment]) -> Vec<Vec<Value>> {
    let r = &summary.rules;
    let mut rows: Vec<(String, Value)> = vec![
        ("评估日期".into(), Value::Date(summary.as_of)),
        ("输入文件夹".into(), Value::text(summary.input_dir.clone())),
        (
            "程序版本".into(),
            Value::text(format!("gsw {}", env!("CARGO_PKG_VERSION"))),
        ),
    ];
    for (key, value, clause) in r.entries() {
        rows.push((
            format!("{}（{key}）", crate::rules::chinese_name(key)),
            Value::text(format!("{value}（{clause}）")),
        ));
    }
    let statuses = [Status::InTerm, Status::Expired, Status::Revoked].map(Status::label);
    let grades = [
        Grade::Excellent,
        Grade::Qualified,
        Grade::Failed,
        Grade::None,
    ]
    .map(Grade::label);
    let file_statuses = [
        FileStatus::Used,
        FileStatus::Superseded,
        FileStatus::NotUsed,
        FileStatus::Ignored,
    ]
    .map(FileStatus::label);
    let levels = [Severity::Error, Severity::Warning, Severity::Info].map(Severity::label);
    let forecasts = stations.iter().filter(|a| a.is_forecast).count();
    rows.extend([
        (
            "工作站（按状态）".into(),
            Value::text(format!(
                "共 {} 个：{}",
                stations.len(),
                counts_by(&statuses, stations.iter().map(|a| a.status.label()))
            )),
        ),
        (
            "工作站（按等级）".into(),
            Value::text(format!(
                "{}；其中预评或暂评 {forecasts} 个",
                counts_by(&grades, stations.iter().map(|a| a.grade.label()))
            )),
        ),
        (
            "文件（按状态）".into(),
            Value::text(format!(
                "共 {} 个：{}",
                summary.files.len(),
                counts_by(
                    &file_statuses,
                    summary.files.iter().map(|f| f.status.label())
                )
            )),
        ),
        (
            "问题（按级别）".into(),
            Value::text(format!(
                "共 {} 条：{}",
                summary.problems.len(),
                counts_by(&levels, summary.problems.iter().map(|p| p.severity.label()))
            )),
        ),
    ]);
    let due = r.report_due;
    let mut readings = vec![
        "优秀标准包含合格标准：合格标准 4（经费来源稳定、合作紧密、联合承担科研项目，即 C8）也是评为优秀的条件。".to_string(),
        format!(
            "“以上”“不少于”均含本数：{} 人以上含 {} 人，不少于 {} 人含 {} 人。",
            r.excellent_students, r.excellent_students, r.qualified_students, r.qualified_students
        ),
        format!(
            "“每年{}月{}日之前报送”含当日：{}月{}日当天报送为按时。截止日期早于评估日期的学年才计入应报年数，评估日当天截止的学年尚未到期。",
            due.month, due.day, due.month, due.day
        ),
        "同一学年有多份报表时，数据取自填报日期最晚的一份（填报日期相同时取文件修改时间较晚的），有文件级错误（缺少必填工作表或列）的报表只在没有其他报表时采用；是否按时以最早的填报日期判断；一学年的报表均无可识别的填报日期时，C1 未达标，但不作为撤销所依据的“未按时上报”年份。".to_string(),
        format!(
            "进站培养半年以上按有效期内、截至评估日期在站 {} 天及以上计；同一学号各学年的在站日期合并去重计算。",
            r.half_year_days
        ),
        "成果仅计与工作站相关者；成果类型和名称相同的只计一次；重要经济社会效益仅在相关成果上认可。专家评议表中填写的项目以评议为准，空白则以报表数据为准。".to_string(),
        "待评议项按未达标计；“可升至”为专家评议确认后可达到的等级。期满工作站未在专家评议表填写“已申请期满验收”的，按已申请处理。".to_string(),
        "在期工作站的等级为按现有数据的预评；期满但最后一学年年报尚未到截止日期的为暂评；认定日期不明的工作站按已收到的报表预评。".to_string(),
        format!(
            "报告学年：认定有效期 {n} 年对应 {n} 个报告学年，第一个为认定日期所在年份 7月1日开始的学年（如认定于 2021年12月1日，报告 2021-2022 至 {last} 学年）；与有效期仅部分重叠的其他学年不是报告学年，其报表为“有效期外”（提示），不用于评估。",
            n = r.term_years,
            last = crate::dates::AcademicYear::new(2020 + r.term_years as i32),
        ),
        "进站日期或出站日期无法识别（如出站日期填“已出站”）的行不计在站天数，问题清单指出该单元格；只有出站日期留空或填“至今”“在站”“未出站”表示学年结束时仍在站。同一报表中学号重复的列为错误，两行的在站日期仍合并计算。".to_string(),
        format!(
            "C4 按时、足额发放：按时足额发放为“否”或发放金额少于 标准×月数 的行不达标。月生活补助标准低于博士 {} 元、硕士 {} 元且导师未在设站单位承担项目的，管理办法的措辞是“原则上一般应”（设站单位职责），{}；专家评议表“{}”栏填写时以评议为准。",
            crate::format::number(r.subsidy_min_doctor),
            crate::format::number(r.subsidy_min_master),
            if r.subsidy_min_fails_c4 {
                "本次按规则 subsidy_min_fails_c4 = true 计为 C4 不达标"
            } else {
                "在问题清单中警告并在 C4 中列出，不影响 C4（规则 subsidy_min_fails_c4 = true 时计为不达标）"
            },
            schema::review::SUBSIDY.label
        ),
        format!(
            "有{}时：报表的工作站编号不在名册中、但工作站名称（去除空格等差异后）与名册中恰好一个工作站相同的，按名册中的该工作站计入，并在工作站编号单元格列为错误（请学院更正编号）；名称也对不上的仍按报表编号评估，警告中列出名册中最接近的编号。",
            schema::REGISTER.title
        ),
        "某学年按时报送后又在截止日期之后收到更正件的，数据取自更正件、该学年仍为按时；问题清单在更正件上提示，并说明与按时报送的报表相比变化了什么（如进站半年以上人数、各项标准的结果、等级）。".to_string(),
        "成果的取得日期在认定有效期之外（早于认定日期或晚于期满日期）的，不是本期成果，不计入（计入为“否”，问题清单警告）；在有效期内但不在所报学年内的仍计入（警告）。".to_string(),
    ];
    if !summary.register_present {
        readings.push(format!(
            "未提供{}：从未报送过报表的工作站无法发现，不在本汇总中。",
            schema::REGISTER.title
        ));
    }
    for (i, text) in readings.into_iter().enumerate() {
        rows.push((format!("解释 {}", i + 1), Value::text(text)));
    }
    rows.push((
        "结论中的日期".into(),
        Value::text(format!(
            "期满日期为认定日期 {} 周年的前一日，如认定于 {} 则期满于 {}。",
            r.term_years,
            chinese_date(crate::dates::ymd(2020, 9, 1)),
            chinese_date(crate::dates::Term::new(crate::dates::ymd(2020, 9, 1), r.term_years).end)
        )),
    ));
    rows.into_iter()
        .map(|(k, v)| vec![Value::text(k), v])
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::dates::{ymd, AcademicYear};
    use crate::evaluate::testkit::{good_station, history, register, run};
    use crate::model::FileKind;
    use crate::model::SourceFile;
    use crate::problem::{CellRef, Code};
    use crate::rules::Rules;

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

        // 成果's file is the path as text, not a link per row (see `OUTCOME_COLUMNS`).
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
}
