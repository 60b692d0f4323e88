//! 待办: what one college has to do, one row per item — a reporting year 未报 or 迟交, an
//! 错误 or 警告 in one of its files, and each station's next report due (待报).

use super::advice::advice;
use crate::dates::{chinese_date, AcademicYear, MonthDay};
use crate::evaluate::{Assessment, Status, YearResult, YearStatus};
use crate::output::tables::{plain, verdict, wide, Col};
use crate::output::Value;
use crate::problem::Problem;
use chrono::NaiveDate;

/// What kind of item a row is: its 类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Missing,
    Late,
    Problem,
    Due,
}

/// One row of 待办.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    /// 未报, 迟交, 错误, 警告, 待报.
    pub label: &'static str,
    pub station: Option<String>,
    pub station_name: Option<String>,
    pub year: Option<AcademicYear>,
    pub due: Option<NaiveDate>,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub problem: String,
    pub advice: String,
}

pub const COLUMNS: &[Col<(), Item>] = &[
    verdict("类别", |_, i| Value::text(i.label)),
    plain("工作站编号", |_, i| Value::opt_text(i.station.clone())),
    wide("工作站名称", |_, i| {
        Value::opt_text(i.station_name.clone())
    }),
    plain("学年", |_, i| {
        Value::opt_text(i.year.map(|y| y.to_string()))
    }),
    plain("截止日期", |_, i| Value::opt_date(i.due)),
    wide("文件", |_, i| Value::opt_text(i.file.clone())),
    plain("工作表", |_, i| Value::opt_text(i.sheet.clone())),
    plain("单元格", |_, i| Value::opt_text(i.cell.clone())),
    wide("问题", |_, i| Value::text(i.problem.clone())),
    wide("应如何修改", |_, i| Value::text(i.advice.clone())),
];

/// A year of station `a` that is 未报 or 迟交, as an item; `None` for another year.
pub fn year_item(a: &Assessment, y: &YearResult, due: MonthDay) -> Option<Item> {
    let (kind, label, problem, advice) = match y.status {
        YearStatus::Missing => (
            Kind::Missing,
            "未报",
            format!(
                "{} 学年的年度基本数据报表未收到，截止日期 {} 已过",
                y.year,
                chinese_date(y.due)
            ),
            if a.status == Status::Revoked {
                "该工作站已因连续两年未按时上报被撤销；如有异议，请与研究生院联系".to_string()
            } else {
                "请尽快补报该学年的报表；迟交、未报都计为未按时上报，连续两年未按时上报的工作站将被撤销"
                    .to_string()
            },
        ),
        YearStatus::Late => (
            Kind::Late,
            "迟交",
            match y.filed_on {
                Some(d) => format!(
                    "{} 学年的报表填报日期为 {}，晚于截止日期 {}",
                    y.year,
                    chinese_date(d),
                    chinese_date(y.due)
                ),
                None => format!(
                    "{} 学年的报表晚于截止日期 {} 报送",
                    y.year,
                    chinese_date(y.due)
                ),
            },
            format!(
                "已计为未按时上报，报表无需重报；今后请在每年 {}月{}日（含当天）前报送",
                due.month, due.day
            ),
        ),
        _ => return None,
    };
    // The file that made the year late, with its 填报日期 cell when that is the used one.
    let file = y.earliest_file.clone().or_else(|| y.file.clone());
    let (sheet, cell) = match (&y.earliest_file, &y.filed_cell) {
        (None, Some(at)) if kind == Kind::Late => match at.split_once('!') {
            Some((sheet, cell)) => (Some(sheet.to_string()), Some(cell.to_string())),
            None => (None, None),
        },
        _ => (None, None),
    };
    Some(Item {
        kind,
        label,
        station: Some(a.id.clone()),
        station_name: a.name.clone(),
        year: Some(y.year),
        due: Some(y.due),
        file: file.filter(|_| kind == Kind::Late),
        sheet,
        cell,
        problem,
        advice,
    })
}

/// The station's next report due, not yet received: the first such year of its term, when
/// the station is not revoked.
pub fn next_due(a: &Assessment) -> Option<&YearResult> {
    if a.status == Status::Revoked {
        return None;
    }
    (a.years.iter()).find(|y| y.status == YearStatus::NotDue && y.file.is_none())
}

/// The station's next report due (see [`next_due`]), as an item.
pub fn due_item(a: &Assessment, y: &YearResult) -> Item {
    Item {
        kind: Kind::Due,
        label: "待报",
        station: Some(a.id.clone()),
        station_name: a.name.clone(),
        year: Some(y.year),
        due: Some(y.due),
        file: None,
        sheet: None,
        cell: None,
        problem: format!("{} 学年的报表尚未收到（截止日期未到）", y.year),
        advice: format!("请于 {} 前报送（当天报送算按时）", chinese_date(y.due)),
    }
}

/// A problem of one of the college's files, as an item; `station` the station it is about.
pub fn problem_item(p: &Problem, station: Option<&Assessment>) -> Item {
    Item {
        kind: Kind::Problem,
        label: p.severity.label(),
        station: station.map(|a| a.id.clone()).or_else(|| p.station.clone()),
        station_name: station.and_then(|a| a.name.clone()),
        year: p.year,
        due: None,
        file: p.file.clone(),
        sheet: p.sheet.clone(),
        cell: p.cell.map(|c| c.to_string()),
        problem: p.message.clone(),
        advice: advice(p.code).to_string(),
    }
}
