//! Reporting years and their timeliness (管理办法 四(一): “每年7月10日之前，各培养单位向学校
//! 报送上一学年度（上年度7月1日至当年度6月30日）的基本数据”; SPEC §5.3).
//!
//! - The reporting years are `term_years` academic years, the first starting on 1 July of
//!   R's calendar year ([`Term::academic_years`]); another year's report is outside the term.
//! - A year *counts* once its due date is before the evaluation date. On the due date itself
//!   the report may still arrive on time, so that year is 未到期 until the day after.
//! - 按时 iff the earliest 填报日期 among the year's reports ≤ the due date; 迟交 if later;
//!   未报 if no report was received.
//! - A received year whose reports all lack a readable 填报日期 is 填报日期不明: C1 is not met
//!   (timeliness cannot be confirmed), but it is not a step towards revocation, since the
//!   report was received and its lateness is not established.
//! - A report already received for a year not yet due is 未到期 too; its data are used.

use crate::dates::{chinese_date, AcademicYear, Term};
use crate::group::{StationHistory, YearReports};
use crate::problem::{Code, Problem};
use crate::rules::Rules;
use crate::schema::report as rf;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    OnTime,
    Late,
    /// Received, but no report of the year has a readable 填报日期.
    DateUnknown,
    Missing,
    /// Due date not yet passed (received or not).
    NotDue,
}

impl YearStatus {
    pub fn label(self) -> &'static str {
        match self {
            YearStatus::OnTime => "按时",
            YearStatus::Late => "迟交",
            YearStatus::DateUnknown => "填报日期不明",
            YearStatus::Missing => "未报",
            YearStatus::NotDue => "未到期",
        }
    }

    /// 迟交 or 未报: a step towards revocation.
    pub fn is_late(self) -> bool {
        matches!(self, YearStatus::Late | YearStatus::Missing)
    }
}

/// One reporting year of a station.
#[derive(Debug, Clone, PartialEq)]
pub struct YearResult {
    pub year: AcademicYear,
    pub due: NaiveDate,
    /// The due date is before the evaluation date: the year counts for C1 and revocation.
    pub counted: bool,
    pub status: YearStatus,
    /// Earliest 填报日期 among the year's reports.
    pub filed_on: Option<NaiveDate>,
    /// The report whose data are used.
    pub file: Option<String>,
    /// `基本信息!B10`: the used report's 填报日期 cell, when known.
    pub filed_cell: Option<String>,
    /// The file that carried the earliest 填报日期, when not the used one.
    pub earliest_file: Option<String>,
    /// Other reports of the year, replaced by the used one.
    pub superseded: Vec<String>,
}

impl YearResult {
    /// What a person should know about the year beyond its status (年度上报 说明).
    pub fn note(&self) -> String {
        let mut parts = Vec::new();
        match (self.status, &self.file) {
            (YearStatus::Missing, _) => parts.push("截止日期已过，未收到报表".to_string()),
            (YearStatus::DateUnknown, _) => {
                parts.push("各份报表均无可识别的填报日期，无法确认是否按时".to_string())
            }
            (YearStatus::NotDue, Some(_)) => parts.push("已收到，尚未到截止日期".to_string()),
            (YearStatus::NotDue, None) => parts.push("尚未到截止日期".to_string()),
            _ => {}
        }
        if let Some(f) = &self.earliest_file {
            parts.push(format!("是否按时依据最早填报的 {f}"));
        }
        if !self.superseded.is_empty() {
            parts.push(format!("被取代：{}", self.superseded.join("、")));
        }
        parts.join("；")
    }

    /// `2022-2023 迟交（填报日期 2023-07-15，文件 基础医学院/xx.xlsx 基本信息!B10）`.
    pub fn evidence(&self) -> String {
        let mut out = format!("{} {}", self.year, self.status.label());
        let file = self.earliest_file.as_ref().or(self.file.as_ref());
        if let Some(file) = file {
            let cell = match (&self.earliest_file, &self.filed_cell) {
                (None, Some(c)) => format!(" {c}"),
                _ => String::new(),
            };
            match self.filed_on {
                Some(d) => out.push_str(&format!("（填报日期 {d}，文件 {file}{cell}）")),
                None => out.push_str(&format!("（文件 {file}{cell} 无可识别的填报日期）")),
            }
        } else {
            out.push_str(&format!("（截止 {}）", self.due));
        }
        out
    }
}

/// The academic years the station must report: the term's reporting years, or (term
/// unknown) those from the first to the last year received.
pub(crate) fn reporting_years(term: Option<Term>, h: &StationHistory) -> Vec<AcademicYear> {
    match term {
        Some(term) => term.academic_years(),
        None => {
            let (Some(first), Some(last)) = (h.years.first(), h.years.last()) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            let mut y = first.year;
            while y <= last.year {
                out.push(y);
                y = y.next();
            }
            out
        }
    }
}

/// Status of every reporting year, in year order.
pub(crate) fn assess(
    reporting: &[AcademicYear],
    h: &StationHistory,
    rules: &Rules,
    as_of: NaiveDate,
) -> Vec<YearResult> {
    reporting
        .iter()
        .map(|&year| {
            let due = year.due_date(rules.report_due);
            let counted = due < as_of;
            let received = h.years.iter().find(|y| y.year == year);
            let status = match (counted, received) {
                (false, _) => YearStatus::NotDue,
                (true, None) => YearStatus::Missing,
                (true, Some(r)) => match r.earliest_filed {
                    None => YearStatus::DateUnknown,
                    Some(d) if d <= due => YearStatus::OnTime,
                    Some(_) => YearStatus::Late,
                },
            };
            YearResult {
                year,
                due,
                counted,
                status,
                filed_on: received.and_then(|r| r.earliest_filed),
                file: received.map(|r| r.used.file.clone()),
                filed_cell: received.and_then(filed_cell),
                earliest_file: received
                    .filter(|r| r.earliest_filed.is_some() && r.earliest_file != r.used.file)
                    .map(|r| r.earliest_file.clone()),
                superseded: received.map(|r| r.superseded.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

fn filed_cell(r: &YearReports) -> Option<String> {
    let (sheet, cell) = r.used.info_cell(&rf::FILED_ON);
    cell.map(|c| format!("{sheet}!{c}"))
}

/// The first run of `revoke_after_late_years` consecutive counted years each 迟交 or 未报
/// (连续两年未按时上报的研究生工作站将予以撤销).
pub(crate) fn revoking_run<'a>(years: &'a [YearResult], rules: &Rules) -> Option<&'a [YearResult]> {
    let n = rules.revoke_after_late_years as usize;
    let counted = years.iter().take_while(|y| y.counted).count();
    years[..counted]
        .windows(n)
        .find(|w| w.iter().all(|y| y.status.is_late()))
}

/// How many of the last counted years in a row are 迟交 or 未报.
pub(crate) fn trailing_late(years: &[YearResult]) -> usize {
    years
        .iter()
        .filter(|y| y.counted)
        .rev()
        .take_while(|y| y.status.is_late())
        .count()
}

/// A report for an academic year that is not one of the term's reporting years: 提示, not
/// used.
pub(crate) fn outside_term_problem(id: &str, y: &YearReports, term: Term) -> Problem {
    let (sheet, cell) = y.used.info_cell(&rf::ACADEMIC_YEAR);
    let reporting = term.academic_years();
    let span = match (reporting.first(), reporting.last()) {
        (Some(first), Some(last)) => format!("报告学年为 {first} 至 {last}"),
        _ => String::new(),
    };
    Problem::new(
        Code::YearOutsideTerm,
        format!(
            "报告学年 {} 不是认定有效期（{} 至 {}，{span}）的报告学年，本报表未用于评估",
            y.year,
            chinese_date(term.start),
            chinese_date(term.end)
        ),
    )
    .in_file(y.used.file.clone())
    .at(sheet, cell)
    .for_station(Some(id.to_string()), Some(y.year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::*;

    fn status_of(filed: Option<NaiveDate>, as_of: NaiveDate) -> YearStatus {
        let mut r = report("S1", 2022, ymd(2023, 7, 1));
        r.info.filed_on = filed;
        let h = history("S1", vec![r]);
        assess(&[AcademicYear::new(2022)], &h, &Rules::default(), as_of)[0].status
    }

    /// 每年7月10日之前报送: 10 July is on time, 11 July late; a year counts from the day
    /// after its due date; no readable 填报日期 is its own status.
    #[test]
    fn timeliness_of_a_year() {
        let later = ymd(2024, 1, 1);
        let cases = [
            (Some(ymd(2023, 7, 10)), later, YearStatus::OnTime),
            (Some(ymd(2023, 7, 11)), later, YearStatus::Late),
            (Some(ymd(2023, 3, 1)), later, YearStatus::OnTime),
            (None, later, YearStatus::DateUnknown),
            (Some(ymd(2023, 7, 1)), ymd(2023, 7, 10), YearStatus::NotDue),
            (Some(ymd(2023, 7, 1)), ymd(2023, 7, 11), YearStatus::OnTime),
        ];
        for (filed, as_of, want) in cases {
            assert_eq!(
                status_of(filed, as_of),
                want,
                "filed {filed:?} as of {as_of}"
            );
        }
    }

    /// 未报 only once due: on the due date the year is 未到期, the day after 未报.
    #[test]
    fn missing_year_on_and_after_its_due_date() {
        let h = history("S1", vec![]);
        let years = [AcademicYear::new(2022)];
        let on = assess(&years, &h, &Rules::default(), ymd(2023, 7, 10));
        assert_eq!((on[0].status, on[0].counted), (YearStatus::NotDue, false));
        let after = assess(&years, &h, &Rules::default(), ymd(2023, 7, 11));
        assert_eq!(
            (after[0].status, after[0].counted),
            (YearStatus::Missing, true)
        );
    }

    fn result(start_year: i32, status: YearStatus) -> YearResult {
        YearResult {
            year: AcademicYear::new(start_year),
            due: ymd(start_year + 1, 7, 10),
            counted: status != YearStatus::NotDue,
            status,
            filed_on: None,
            file: None,
            filed_cell: None,
            earliest_file: None,
            superseded: Vec::new(),
        }
    }

    /// 连续两年未按时上报 → 撤销: consecutive only; 填报日期不明 breaks a run.
    #[test]
    fn revocation_needs_consecutive_late_years() {
        use YearStatus::*;
        let cases: [(&[YearStatus], Option<i32>); 6] = [
            (&[OnTime, Late, Missing, OnTime], Some(2021)),
            (&[Late, OnTime, Late, OnTime], None),
            (&[Missing, Missing, NotDue], Some(2020)),
            (&[OnTime, Late, NotDue, NotDue], None),
            (&[Late, DateUnknown, Late], None),
            (&[OnTime, OnTime, Late, Late, Late], Some(2022)),
        ];
        for (statuses, want) in cases {
            let years: Vec<_> = statuses
                .iter()
                .enumerate()
                .map(|(i, s)| result(2020 + i as i32, *s))
                .collect();
            let run = revoking_run(&years, &Rules::default());
            assert_eq!(run.map(|r| r[0].year.start_year), want, "{statuses:?}");
        }
        let years = [
            result(2020, OnTime),
            result(2021, Late),
            result(2022, NotDue),
        ];
        assert_eq!(trailing_late(&years), 1);
    }
}
