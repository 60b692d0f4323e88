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
use crate::model::Report;
use crate::problem::{Code, Problem};
use crate::schema::{self, report as rf};
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

/// A used report whose 工作站名称 or 认定日期 differs from the register: one warning per
/// report file, at the first differing cell, naming every difference (names are compared
/// after the header normalisation, so spacing and full-width forms do not count).
pub(crate) fn check_register(h: &StationHistory, problems: &mut Vec<Problem>) {
    let Some(reg) = &h.register else { return };
    for y in &h.years {
        let info = &y.used.info;
        let mut diffs = Vec::new();
        if let (Some(ours), Some(theirs)) = (&info.station_name, &reg.station_name) {
            if schema::normalize_name(ours) != schema::normalize_name(theirs) {
                diffs.push((
                    &rf::STATION_NAME,
                    format!(
                        "{} “{ours}” 与名册 “{theirs}” 不一致",
                        rf::STATION_NAME.label
                    ),
                ));
            }
        }
        if let (Some(ours), Some(theirs)) = (info.recognised_on, reg.recognised_on) {
            if ours != theirs {
                diffs.push((
                    &rf::RECOGNISED_ON,
                    format!("{} {ours} 与名册 {theirs} 不一致", rf::RECOGNISED_ON.label),
                ));
            }
        }
        let Some((field, _)) = diffs.first() else {
            continue;
        };
        let text: Vec<&str> = diffs.iter().map(|(_, t)| t.as_str()).collect();
        problems.push(problem_at(
            Code::RegisterMismatch,
            format!("{}；以名册为准", text.join("；")),
            &y.used,
            &rf::BASIC,
            field,
            0,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::*;

    /// 名册 “认定日期和名称以名册为准”: the register wins, a differing report is warned once.
    #[test]
    fn register_wins_and_a_differing_report_is_warned_once() {
        let mut r = report("S1", 2021, ymd(2022, 7, 1));
        r.info.station_name = Some("旧名称".into());
        r.info.recognised_on = Some(ymd(2020, 10, 1));
        let mut h = history("S1", vec![r]);
        h.register = Some(register("S1", ymd(2020, 9, 1)));
        let id = identify(&h);
        assert_eq!(id.recognised_on, Some(ymd(2020, 9, 1)));
        assert_eq!(id.source, RecognitionSource::Register);
        assert_eq!(id.name.as_deref(), Some("测试工作站"));
        let mut problems = Vec::new();
        check_register(&h, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::RegisterMismatch);
        assert!(problems[0].message.contains("旧名称"));
        assert!(problems[0].message.contains("2020-10-01"));
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
