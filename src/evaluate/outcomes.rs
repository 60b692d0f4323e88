//! Outcomes (验收优秀标准 5: “至少获得 1 项与工作站相关的国家级成果或 2 项以上省部级成果，或
//! 成果产生重要的经济社会效益”; SPEC §5.5).
//!
//! Every outcome row of the used reports in the term is listed. It counts when 与工作站相关 =
//! 是 and it is not a repeat: the same (成果类型, 成果名称 after the header normalisation)
//! counts once, at its first listing (earliest year, then row); later listings say which
//! one they repeat. A claim of 重要经济社会效益 counts only on a related outcome.
//!
//! SPEC §9.3: an outcome a spot check found 不属实 is not counted, nor is its benefit claim,
//! nor any later listing that repeats it.
//!
//! SPEC §5.5 (rev. 2): an outcome whose 取得日期 lies outside the term (before R or after E)
//! was not achieved by this station's term: it is not counted (nor its benefit claim) and is
//! warned at the cell. One outside the report's academic year but inside the term still
//! counts (the validator warns, §3.4).

use super::problem_at;
use crate::dates::{chinese_date, AcademicYear, Term};
use crate::group::{StationHistory, YearReports};
use crate::problem::{CellRef, Code, Problem};
use crate::schema::{self, report as rf};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// One outcome row and whether it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeLine {
    pub year: AcademicYear,
    pub file: String,
    /// Sheet name as written and the 成果名称 cell: the place named in notes and evidence.
    pub sheet: String,
    pub cell: Option<CellRef>,
    pub kind: Option<&'static str>,
    pub name: Option<String>,
    pub level: Option<&'static str>,
    pub obtained_on: Option<NaiveDate>,
    pub related: Option<bool>,
    pub benefit: Option<bool>,
    /// Counted as an outcome of the station (related, identifiable, within the term, not a
    /// repeat).
    pub counted: bool,
    /// 取得日期 before R or after E.
    pub outside_term: bool,
    /// A spot check found it 不属实 (SPEC §9.3): neither it nor its benefit claim counts.
    pub refuted: bool,
    /// Why it is not counted; empty when it is.
    pub note: String,
}

impl OutcomeLine {
    /// `file 成果!B3`.
    pub fn place(&self) -> String {
        match self.cell {
            Some(c) => format!("{} {}!{c}", self.file, self.sheet),
            None => format!("{} {}", self.file, self.sheet),
        }
    }
}

/// A related outcome within the term, not found 不属实, that claims 重要经济社会效益.
pub(crate) fn claims_benefit(o: &OutcomeLine) -> bool {
    o.related == Some(true) && o.benefit == Some(true) && !o.outside_term && !o.refuted
}

/// Every outcome row of the reports, in year and row order, with its verdict; an outcome
/// dated outside the term (when it is known) is warned in `problems`.
pub(crate) fn collect(
    reports: &[&YearReports],
    term: Option<Term>,
    problems: &mut Vec<Problem>,
) -> Vec<OutcomeLine> {
    let mut first: HashMap<(&'static str, String), String> = HashMap::new();
    let mut out = Vec::new();
    for y in reports {
        let report = &y.used;
        for o in &report.outcomes {
            let (sheet, cell) = report.cell(&rf::OUTCOMES, &rf::OUTCOME_NAME, o.row);
            let mut line = OutcomeLine {
                year: y.year,
                file: report.file.clone(),
                sheet,
                cell,
                kind: o.kind,
                name: o.name.clone(),
                level: o.level,
                obtained_on: o.obtained_on,
                related: o.related,
                benefit: o.benefit,
                counted: false,
                outside_term: false,
                refuted: o.refuted,
                note: String::new(),
            };
            let outside = term.zip(o.obtained_on).filter(|(t, d)| !t.contains(*d));
            if let Some((t, d)) = outside {
                line.outside_term = true;
                problems.push(problem_at(
                    Code::OutcomeOutsideTerm,
                    format!(
                        "取得日期 {d} 不在认定有效期（{} 至 {}）内，不是本工作站本期的成果，不计入验收；如日期填错请更正",
                        chinese_date(t.start),
                        chinese_date(t.end)
                    ),
                    report,
                    &rf::OUTCOMES,
                    &rf::OBTAINED_ON,
                    o.row,
                ));
            }
            const REFUTED: &str = "抽查核查为不属实";
            match (o.related, o.kind, &o.name) {
                (Some(true), Some(kind), Some(name)) if !line.outside_term => {
                    let key = (kind, schema::normalize_name(name).into_owned());
                    match first.get(&key) {
                        Some(earlier) => line.note = format!("与 {earlier} 重复，只计一次"),
                        // Found untrue, it is still the outcome its repeats repeat.
                        None if o.refuted => {
                            let place = format!("{} 学年 {}（{REFUTED}）", y.year, line.place());
                            first.insert(key, place);
                            line.note = REFUTED.to_string();
                        }
                        None => {
                            first.insert(key, format!("{} 学年 {}", y.year, line.place()));
                            line.counted = true;
                        }
                    }
                }
                _ if o.refuted => line.note = REFUTED.to_string(),
                (Some(false), _, _) => line.note = format!("{}为否", rf::STATION_RELATED.label),
                (None, _, _) => line.note = format!("{}未能识别", rf::STATION_RELATED.label),
                (Some(true), _, _) if line.outside_term => {
                    line.note = format!("{}不在认定有效期内", rf::OBTAINED_ON.label)
                }
                (Some(true), _, _) => {
                    line.note = format!(
                        "{}或{}未能识别",
                        rf::OUTCOME_KIND.label,
                        rf::OUTCOME_NAME.label
                    )
                }
            }
            out.push(line);
        }
    }
    out
}

/// 参与研究生学号 not in 进站研究生 of any report of the station: a warning at that cell,
/// one per outcome row, naming the unknown 学号.
pub(crate) fn check_students(h: &StationHistory, problems: &mut Vec<Problem>) {
    let known: HashSet<&str> = h
        .years
        .iter()
        .flat_map(|y| y.used.students.iter())
        .filter_map(|s| s.student_id.as_deref())
        .collect();
    for y in &h.years {
        for o in &y.used.outcomes {
            let unknown: Vec<&str> = o
                .students
                .iter()
                .map(String::as_str)
                .filter(|s| !known.contains(s))
                .collect();
            if unknown.is_empty() {
                continue;
            }
            problems.push(problem_at(
                Code::OutcomeUnknownStudent,
                format!(
                    "{} {} 不在本工作站任何一年的进站研究生名单中",
                    rf::OUTCOME_STUDENTS.label,
                    unknown.join("、")
                ),
                &y.used,
                &rf::OUTCOMES,
                &rf::OUTCOME_STUDENTS,
                o.row,
            ));
        }
    }
}

/// `《name》（国家级，file 成果!B3）` for evidence.
pub(crate) fn describe(o: &OutcomeLine) -> String {
    format!(
        "《{}》（{}，{}）",
        o.name.as_deref().unwrap_or("?"),
        o.level.unwrap_or("级别不明"),
        o.place()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::*;

    /// 同一成果不要在以后学年重复填写（重复的只计一次）; only 与工作站相关 = 是 counts.
    #[test]
    fn the_same_outcome_in_two_years_counts_once() {
        let mut a = report("S1", 2021, ymd(2022, 7, 1));
        a.outcomes
            .push(outcome("论文", "肝癌 早筛研究", schema::NATIONAL, true));
        a.outcomes
            .push(outcome("专利", "无关专利", schema::NATIONAL, false));
        let mut b = report("S1", 2022, ymd(2023, 7, 1));
        b.outcomes
            .push(outcome("论文", "肝癌早筛研究", schema::NATIONAL, true));
        b.outcomes
            .push(outcome("专利", "肝癌早筛研究", schema::PROVINCIAL, true));
        let (a, b) = (year_reports(a), year_reports(b));
        let lines = collect(&[&a, &b], None, &mut Vec::new());
        let counted: Vec<bool> = lines.iter().map(|l| l.counted).collect();
        assert_eq!(counted, [true, false, false, true]);
        assert!(lines[1].note.contains("为否"));
        assert!(
            lines[2].note.contains("2021-2022 学年"),
            "{}",
            lines[2].note
        );
    }

    /// 参与研究生学号 must be a student of the station (any report of it).
    #[test]
    fn an_outcome_student_unknown_to_the_station_is_warned() {
        let mut a = report("S1", 2021, ymd(2022, 7, 1));
        a.students
            .push(student("2021001", DOCTOR, ymd(2021, 9, 1), None));
        let mut b = report("S1", 2022, ymd(2023, 7, 1));
        let mut o = outcome("论文", "x", schema::NATIONAL, true);
        o.students = vec!["2021001".into(), "2099999".into()];
        b.outcomes.push(o);
        let mut problems = Vec::new();
        check_students(&history("S1", vec![a, b]), &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("2099999"));
        assert!(!problems[0].message.contains("2021001"));
    }
}
