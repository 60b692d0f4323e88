//! Who the station is and when its term began (SPEC §4, §5.3).
//!
//! The register is the authority: its 认定日期 and names win over the reports, and a report
//! that differs gets a warning. Without a register entry (or when the register's 认定日期 is
//! unreadable) the latest academic year's report that carries a 认定日期 gives it.
//!
//! When no 认定日期 is known at all, the term cannot be fixed. The station is then graded as
//! a forecast on the reports received: its reporting years are those from the first to the
//! last year received (a gap between them is 未报), it is never 期满, and the conclusion asks
//! for the date. Revocation can still follow from two consecutive late years among them.

use super::problem_at;
use crate::group::StationHistory;
use crate::model::{RegisterEntry, Report};
use crate::problem::{Code, Problem};
use crate::schema::{self, report as rf, Field};
use chrono::NaiveDate;

/// Where the 认定日期 came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecognitionSource {
    Register,
    /// The report (file) of the latest academic year that carries one.
    Report(String),
    Unknown,
}

impl RecognitionSource {
    pub fn label(&self) -> String {
        match self {
            RecognitionSource::Register => schema::REGISTER.title.to_string(),
            RecognitionSource::Report(file) => format!("报表 {file}"),
            RecognitionSource::Unknown => "不明".to_string(),
        }
    }
}

pub(crate) struct Identity {
    pub name: Option<String>,
    pub host: Option<String>,
    pub college: Option<String>,
    pub recognised_on: Option<NaiveDate>,
    pub source: RecognitionSource,
}

/// Names and 认定日期: the register's when it has them, else the latest report's.
pub(crate) fn identify(h: &StationHistory) -> Identity {
    let latest =
        |get: fn(&Report) -> Option<String>| h.years.iter().rev().find_map(|y| get(&y.used));
    let reg = h.register.as_ref();
    let name = reg
        .and_then(|r| r.station_name.clone())
        .or_else(|| latest(|r| r.info.station_name.clone()));
    let host = reg
        .and_then(|r| r.host.clone())
        .or_else(|| latest(|r| r.info.host.clone()));
    let college = reg
        .and_then(|r| r.college.clone())
        .or_else(|| latest(|r| r.info.college.clone()));
    let (recognised_on, source) = match reg.and_then(|r| r.recognised_on) {
        Some(d) => (Some(d), RecognitionSource::Register),
        None => h
            .years
            .iter()
            .rev()
            .find_map(|y| {
                y.used
                    .info
                    .recognised_on
                    .map(|d| (Some(d), RecognitionSource::Report(y.used.file.clone())))
            })
            .unwrap_or((None, RecognitionSource::Unknown)),
    };
    Identity {
        name,
        host,
        college,
        recognised_on,
        source,
    }
}

/// Every used report compared with the station's register row, field by field
/// ([`register_differences`]).
pub(crate) fn check_register(h: &StationHistory, problems: &mut Vec<Problem>) {
    let Some(reg) = &h.register else { return };
    for y in &h.years {
        problems.extend(register_differences(&y.used, reg));
    }
}

/// SPEC §4 (rev. 2): each field that the report and the register both hold (工作站名称, 设站单位,
/// 设站单位类型, 牵头学院/医院, 认定日期) is compared, names after the header normalisation (so
/// spacing and full-width forms do not count); each difference is its own warning at the
/// report's cell for that field. A field either side leaves empty is not compared.
pub fn register_differences(report: &Report, reg: &RegisterEntry) -> Vec<Problem> {
    let info = &report.info;
    let texts: [(&Field, Option<&str>, Option<&str>); 4] = [
        (
            &rf::STATION_NAME,
            info.station_name.as_deref(),
            reg.station_name.as_deref(),
        ),
        (&rf::HOST, info.host.as_deref(), reg.host.as_deref()),
        (&rf::HOST_TYPE, info.host_type, reg.host_type),
        (
            &rf::COLLEGE,
            info.college.as_deref(),
            reg.college.as_deref(),
        ),
    ];
    let mut out = Vec::new();
    for (field, ours, theirs) in texts {
        let (Some(ours), Some(theirs)) = (ours, theirs) else {
            continue;
        };
        if schema::normalize_name(ours) != schema::normalize_name(theirs) {
            out.push(problem_at(
                Code::RegisterMismatch,
                format!(
                    "{} “{ours}” 与{} “{theirs}” 不一致；以名册为准，请学院按名册更正",
                    field.label,
                    schema::REGISTER.title
                ),
                report,
                &rf::BASIC,
                field,
                0,
            ));
        }
    }
    if let (Some(ours), Some(theirs)) = (info.recognised_on, reg.recognised_on) {
        if ours != theirs {
            out.push(problem_at(
                Code::RegisterMismatch,
                format!(
                    "{} {ours} 与{} {theirs} 不一致；以名册为准（认定有效期按名册计算），请学院按名册更正",
                    rf::RECOGNISED_ON.label,
                    schema::REGISTER.title
                ),
                report,
                &rf::BASIC,
                &rf::RECOGNISED_ON,
                0,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::*;

    /// 名册 “认定日期和名称以名册为准”: the register wins. SPEC §4 (rev. 2): each field that
    /// differs is its own warning at the report's cell for it; spacing and full-width forms
    /// do not count, and a field left empty on either side is not compared.
    #[test]
    fn register_wins_and_each_differing_field_is_warned_at_its_cell() {
        use crate::model::SheetLayout;
        use crate::problem::CellRef;
        let mut r = report("S1", 2021, ymd(2022, 7, 1));
        r.info.station_name = Some("旧名称".into());
        r.info.recognised_on = Some(ymd(2020, 10, 1));
        r.info.host = Some("测试 公司".into());
        r.info.host_type = Some("事业单位");
        r.info.college = Some("药学院".into());
        let cells = [
            (rf::STATION_NAME.label, CellRef::new(2, 1)),
            (rf::HOST.label, CellRef::new(3, 1)),
            (rf::HOST_TYPE.label, CellRef::new(4, 1)),
            (rf::COLLEGE.label, CellRef::new(5, 1)),
            (rf::RECOGNISED_ON.label, CellRef::new(6, 1)),
        ];
        let basic = SheetLayout {
            name: "基本信息".into(),
            columns: Default::default(),
            cells: cells.into(),
        };
        r.layouts.0.insert(rf::BASIC.name, basic);
        let mut h = history("S1", vec![r]);
        let mut reg = register("S1", ymd(2020, 9, 1));
        reg.host_type = None;
        h.register = Some(reg);
        let id = identify(&h);
        assert_eq!(id.recognised_on, Some(ymd(2020, 9, 1)));
        assert_eq!(id.source, RecognitionSource::Register);
        assert_eq!(id.name.as_deref(), Some("测试工作站"));
        let mut problems = Vec::new();
        check_register(&h, &mut problems);
        let got: Vec<(String, String)> = problems
            .iter()
            .map(|p| {
                assert_eq!(p.code, Code::RegisterMismatch);
                let cell = p.cell.map(|c| c.to_string()).unwrap_or_default();
                (cell, p.message.split(' ').next().unwrap_or("").to_string())
            })
            .collect();
        let want = [
            ("B3", "工作站名称"),
            ("B6", "牵头学院/医院"),
            ("B7", "认定日期"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect();
        assert_eq!(got, want, "{problems:#?}");
        assert!(problems[0]
            .message
            .contains("“旧名称” 与工作站名册 “测试工作站”"));
        assert!(problems[2]
            .message
            .contains("2020-10-01 与工作站名册 2020-09-01"));
        // The same report agreeing on every field: nothing.
        let mut same = report("S1", 2021, ymd(2022, 7, 1));
        same.info.recognised_on = Some(ymd(2020, 9, 1));
        assert!(register_differences(&same, &register("S1", ymd(2020, 9, 1))).is_empty());
    }

    /// SPEC §5.3: without a register, the latest report carrying a 认定日期 gives it.
    #[test]
    fn without_register_the_latest_report_gives_the_date() {
        let mut a = report("S1", 2020, ymd(2021, 7, 1));
        a.info.recognised_on = Some(ymd(2016, 9, 1));
        let mut b = report("S1", 2021, ymd(2022, 7, 1));
        b.info.recognised_on = Some(ymd(2020, 9, 1));
        let mut c = report("S1", 2022, ymd(2023, 7, 1));
        c.info.recognised_on = None;
        let id = identify(&history("S1", vec![a, b, c]));
        assert_eq!(id.recognised_on, Some(ymd(2020, 9, 1)));
        assert!(matches!(id.source, RecognitionSource::Report(_)));
        let none = identify(&history("S2", vec![]));
        assert_eq!(none.recognised_on, None);
        assert_eq!(none.source, RecognitionSource::Unknown);
    }
}
