//! Students' time in the station (验收标准: “四年进站培养半年以上研究生总人数”; SPEC §5.4).
//!
//! Each row of 进站研究生 stands for the days [max(进站日期, year start), min(出站日期 or year
//! end, year end)] of its own academic year, clipped to the term and to the evaluation date.
//! A student's time is the union of those days over the station's used reports, counted
//! inclusively, so a stay split over two reports adds up and a stay listed twice counts once.
//! Rows without 学号 are not students we can follow; rows without a readable 进站日期, or with
//! an unreadable 出站日期, add no days (the validator lists their problems), nor does a row a
//! spot check found 不属实 (SPEC §9.3; the error is listed where the check was joined).

use crate::dates::{days_inclusive, AcademicYear, Term};
use crate::group::YearReports;
use crate::model::{Report, StudentRow};
use crate::problem::{Code, Problem};
use crate::rules::Rules;
use crate::schema::report as rf;
use chrono::NaiveDate;
use rayon::slice::ParallelSliceMut;
use std::collections::{BTreeMap, HashSet};

/// One student of a station.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentTime {
    pub student_id: String,
    /// 姓名 and 培养层次 from the latest report that has them.
    pub name: Option<String>,
    pub level: Option<&'static str>,
    /// Days in the station within the term, up to the evaluation date.
    pub days: i64,
    /// `days` ≥ `half_year_days`.
    pub counted: bool,
    /// The academic years whose reports list the student, in order.
    pub years: Vec<AcademicYear>,
    /// 意外伤害保险 and 安全教育 over the student's rows (SPEC §9.1): see [`Answers`].
    pub insured: Option<bool>,
    pub safety_training: Option<bool>,
}

/// A yes/no question asked on each of a student's rows: `Some(true)` when every row says
/// 是, `Some(false)` when one says 否, `None` otherwise (no row says, or some say 是 and
/// others nothing: the silent years are not known to be covered).
#[derive(Debug, Default, Clone, Copy)]
struct Answers {
    rows: u32,
    yes: u32,
    no: bool,
}

impl Answers {
    fn add(&mut self, answer: Option<bool>) {
        self.rows += 1;
        match answer {
            Some(true) => self.yes += 1,
            Some(false) => self.no = true,
            None => {}
        }
    }

    fn answer(self) -> Option<bool> {
        if self.no {
            Some(false)
        } else {
            (self.yes > 0 && self.yes == self.rows).then_some(true)
        }
    }
}

/// One row's days, kept to find the same student in two stations. Borrowed: there is one
/// per student row of every station.
#[derive(Debug, Clone)]
pub(crate) struct RowSpan<'a> {
    pub station: &'a str,
    pub student_id: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub year: AcademicYear,
    pub report: &'a Report,
    /// The row of 进站研究生.
    pub row: u32,
}

/// The days a row stands for, or `None` when it stands for none.
pub(crate) fn row_span(
    row: &StudentRow,
    year: AcademicYear,
    term: Option<Term>,
    as_of: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let entered = row.entered_on?;
    // SPEC §9.3: a row a spot check found 不属实 gives no days.
    if row.left_unknown || row.refuted {
        return None;
    }
    let mut start = entered.max(year.first_day());
    let mut end = row.left_on.unwrap_or(year.last_day()).min(year.last_day());
    if let Some(term) = term {
        start = start.max(term.start);
        end = end.min(term.end);
    }
    end = end.min(as_of);
    (start <= end).then_some((start, end))
}

/// Days covered by the union of inclusive intervals.
pub(crate) fn union_days(spans: &mut [(NaiveDate, NaiveDate)]) -> i64 {
    spans.sort_unstable();
    let mut total = 0;
    let mut current: Option<(NaiveDate, NaiveDate)> = None;
    for &(s, e) in spans.iter() {
        current = match current {
            Some((cs, ce)) if s <= ce.succ_opt().unwrap_or(ce) => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += days_inclusive(cs, ce);
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        total += days_inclusive(cs, ce);
    }
    total
}

#[derive(Default)]
struct Acc {
    name: Option<String>,
    level: Option<&'static str>,
    spans: Vec<(NaiveDate, NaiveDate)>,
    years: Vec<AcademicYear>,
    insured: Answers,
    safety_training: Answers,
}

/// Every student of the station (by 学号) with their days.
pub(crate) fn collect(
    reports: &[&YearReports],
    term: Option<Term>,
    as_of: NaiveDate,
    rules: &Rules,
) -> Vec<StudentTime> {
    let mut by_id: BTreeMap<&str, Acc> = BTreeMap::new();
    for y in reports {
        for row in &y.used.students {
            let Some(id) = row.student_id.as_deref() else {
                continue;
            };
            let acc = by_id.entry(id).or_default();
            // Reports come in year order: the last value seen is the latest report's.
            if row.name.is_some() {
                acc.name = row.name.clone();
            }
            if row.level.is_some() {
                acc.level = row.level;
            }
            acc.insured.add(row.insured);
            acc.safety_training.add(row.safety_training);
            if acc.years.last() != Some(&y.year) {
                acc.years.push(y.year);
            }
            if let Some(span) = row_span(row, y.year, term, as_of) {
                acc.spans.push(span);
            }
        }
    }
    let half_year = i64::from(rules.half_year_days);
    by_id
        .into_iter()
        .map(|(id, mut acc)| {
            let days = union_days(&mut acc.spans);
            StudentTime {
                student_id: id.to_string(),
                name: acc.name,
                level: acc.level,
                days,
                counted: days >= half_year,
                years: acc.years,
                insured: acc.insured.answer(),
                safety_training: acc.safety_training.answer(),
            }
        })
        .collect()
}

/// A row span kept once its rows are freed: the 学号 moved out of the row, and which
/// station (`history`) and year report (`year`) it came from, as indices.
pub(crate) struct KeptSpan {
    pub history: usize,
    pub year: usize,
    pub student_id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub row: u32,
}

/// The row spans of one year report's students (rows with a 学号 and days), in row order, as
/// [`collect`] counts them; each 学号 is moved out of its row, which is freed after this.
pub(crate) fn take_spans(
    history: usize,
    year: usize,
    y: &mut YearReports,
    term: Option<Term>,
    as_of: NaiveDate,
) -> Vec<KeptSpan> {
    let mut out = Vec::new();
    for row in &mut y.used.students {
        if row.student_id.is_none() {
            continue;
        }
        if let Some((start, end)) = row_span(row, y.year, term, as_of) {
            out.push(KeptSpan {
                history,
                year,
                student_id: row.student_id.take().unwrap_or_default(),
                start,
                end,
                row: row.row,
            });
        }
    }
    out
}

/// The same 学号 in two stations on overlapping days: a warning to each station, at the first
/// overlapping row, once per student and pair of stations.
///
/// One sort, then one sweep per student that keeps the latest-ending span overall and the
/// latest-ending span of any *other* station: O(n log n) in the number of rows.
pub(crate) fn check_two_stations(mut spans: Vec<RowSpan>, problems: &mut Vec<Problem>) {
    // Stable, so equal spans keep their order; on both cores: one span per student row.
    spans.par_sort_by(|a, b| {
        (a.student_id, a.start, a.station, a.end).cmp(&(b.student_id, b.start, b.station, b.end))
    });
    let mut seen: HashSet<(&str, &str, &str)> = HashSet::new();
    let mut i = 0;
    while i < spans.len() {
        let mut j = i + 1;
        while j < spans.len() && spans[j].student_id == spans[i].student_id {
            j += 1;
        }
        let group = &spans[i..j];
        if group.iter().any(|s| s.station != group[0].station) {
            sweep(group, &mut seen, problems);
        }
        i = j;
    }
}

fn sweep<'a>(
    group: &[RowSpan<'a>],
    seen: &mut HashSet<(&'a str, &'a str, &'a str)>,
    problems: &mut Vec<Problem>,
) {
    // Indices into `group`: the span ending last, and the one ending last among spans of a
    // station other than best's.
    let mut best: Option<usize> = None;
    let mut other: Option<usize> = None;
    for (k, s) in group.iter().enumerate() {
        let partner = match best {
            Some(b) if group[b].station != s.station => Some(b),
            _ => other,
        };
        if let Some(p) = partner.filter(|&p| group[p].end >= s.start) {
            let p = &group[p];
            for (here, there) in [(s, p), (p, s)] {
                let key = (s.student_id, here.station, there.station);
                if seen.insert(key) {
                    problems.push(overlap_problem(here, there));
                }
            }
        }
        match best {
            None => best = Some(k),
            Some(b) if group[b].station == s.station => {
                if s.end > group[b].end {
                    best = Some(k);
                }
            }
            Some(b) => {
                if s.end > group[b].end {
                    other = Some(b);
                    best = Some(k);
                } else if other.is_none_or(|o| s.end > group[o].end) {
                    other = Some(k);
                }
            }
        }
    }
}

fn overlap_problem(here: &RowSpan, there: &RowSpan) -> Problem {
    let from = here.start.max(there.start);
    let to = here.end.min(there.end);
    let (sheet, cell) = here.report.cell(&rf::STUDENTS, &rf::STUDENT_ID, here.row);
    let (there_sheet, _) = there.report.cell(&rf::STUDENTS, &rf::STUDENT_ID, there.row);
    Problem::new(
        Code::StudentInTwoStations,
        format!(
            "学号 {} 在 {from} 至 {to} 期间同时在工作站 {} 的名单中（{} {there_sheet}）",
            here.student_id, there.station, there.report.file
        ),
    )
    .in_file(here.report.file.clone())
    .at(sheet, cell)
    .for_station(Some(here.station.to_string()), Some(here.year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::*;

    /// (academic year, 进站日期, 出站日期) of one student's rows.
    type Rows<'a> = &'a [(i32, NaiveDate, Option<NaiveDate>)];

    fn days(rows: Rows) -> (i64, bool) {
        let reports: Vec<_> = rows
            .iter()
            .map(|&(y, entered, left)| {
                let mut r = report("S1", y, ymd(y + 1, 7, 1));
                r.students.push(student("2021001", DOCTOR, entered, left));
                year_reports(r)
            })
            .collect();
        let refs: Vec<_> = reports.iter().collect();
        // A 5-year term (2020-09-01 … 2025-08-31) so that every row below is inside it.
        let term = Some(Term::new(ymd(2020, 9, 1), 5));
        let s = collect(&refs, term, ymd(2030, 1, 1), &Rules::default());
        (s[0].days, s[0].counted)
    }

    /// SPEC §9.1: 意外伤害保险 and 安全教育 are 是 when every row of the student says 是, 否
    /// when one says 否, empty when none says; 是 on some rows and nothing on others is
    /// empty (the silent years are not known to be covered).
    #[test]
    fn insurance_and_safety_training_over_a_students_rows() {
        let cases: [(&[Option<bool>], Option<bool>); 6] = [
            (&[Some(true), Some(true)], Some(true)),
            (&[Some(true), Some(false)], Some(false)),
            (&[None, Some(false)], Some(false)),
            (&[None, None], None),
            (&[Some(true), None], None),
            (&[Some(true)], Some(true)),
        ];
        for (answers, want) in cases {
            let reports: Vec<_> = (answers.iter().enumerate())
                .map(|(i, &answer)| {
                    let y = 2021 + i as i32;
                    let mut r = report("S1", y, ymd(y + 1, 7, 1));
                    let mut row = student("2021001", DOCTOR, ymd(2021, 9, 1), None);
                    row.insured = answer;
                    row.safety_training = answer.map(|a| !a);
                    r.students.push(row);
                    year_reports(r)
                })
                .collect();
            let refs: Vec<_> = reports.iter().collect();
            let s = collect(&refs, None, ymd(2030, 1, 1), &Rules::default());
            assert_eq!(s[0].insured, want, "{answers:?}");
            let flipped: Vec<_> = answers.iter().map(|a| a.map(|a| !a)).collect();
            let want_flipped = if flipped.contains(&Some(false)) {
                Some(false)
            } else if flipped.iter().all(|a| *a == Some(true)) {
                Some(true)
            } else {
                None
            };
            assert_eq!(s[0].safety_training, want_flipped, "{flipped:?}");
        }
    }

    /// 进站培养半年以上 = at least 183 days (SPEC §5.4).
    #[test]
    fn half_a_year_is_183_days_over_the_union_of_rows() {
        let d = ymd;
        let cases: [(Rows, i64, bool); 5] = [
            // 2023-09-01 … 2024-02-29: 182 days (leap year), not half a year.
            (&[(2023, d(2023, 9, 1), Some(d(2024, 2, 29)))], 182, false),
            (&[(2023, d(2023, 9, 1), Some(d(2024, 4, 30)))], 243, true),
            // Split over two academic years: 91 + 92 = 183 days.
            (
                &[
                    (2023, d(2024, 4, 1), None),
                    (2024, d(2024, 4, 1), Some(d(2024, 9, 30))),
                ],
                183,
                true,
            ),
            // The same stay listed twice counts once.
            (
                &[
                    (2022, d(2023, 1, 1), Some(d(2023, 3, 1))),
                    (2022, d(2023, 1, 1), Some(d(2023, 3, 1))),
                ],
                60,
                false,
            ),
            // Clipped to the term (starts 2020-09-01).
            (&[(2020, d(2020, 7, 1), Some(d(2020, 12, 31)))], 122, false),
        ];
        for (rows, want_days, want_counted) in cases {
            assert_eq!(days(rows), (want_days, want_counted), "{rows:?}");
        }
    }

    #[test]
    fn a_row_without_entry_date_or_with_unreadable_exit_adds_nothing() {
        let y = AcademicYear::new(2023);
        let mut row = student("1", DOCTOR, ymd(2023, 9, 1), None);
        assert!(row_span(&row, y, None, ymd(2030, 1, 1)).is_some());
        assert_eq!(
            row_span(&row, y, None, ymd(2023, 9, 10)),
            Some((ymd(2023, 9, 1), ymd(2023, 9, 10)))
        );
        row.left_unknown = true;
        assert_eq!(row_span(&row, y, None, ymd(2030, 1, 1)), None);
        row.left_unknown = false;
        row.entered_on = None;
        assert_eq!(row_span(&row, y, None, ymd(2030, 1, 1)), None);
    }

    /// A report of `station` without layouts: its rows are at sheet 进站研究生, cell unknown.
    fn file_of(station: &str) -> Report {
        Report {
            file: format!("{station}.xlsx"),
            ..Default::default()
        }
    }

    fn rs<'a>(
        station: &'a str,
        id: &'a str,
        start: NaiveDate,
        end: NaiveDate,
        report: &'a Report,
    ) -> RowSpan<'a> {
        RowSpan {
            station,
            student_id: id,
            start,
            end,
            year: AcademicYear::containing(start),
            report,
            row: 0,
        }
    }

    /// SPEC §5.4: the same 学号 in two stations with overlapping days is a warning.
    #[test]
    fn the_same_student_in_two_stations() {
        let d = ymd;
        let reports: Vec<Report> = ["A", "B", "C", "D", "E", "F", "G"]
            .into_iter()
            .map(file_of)
            .collect();
        let of = |station: &str| &reports[usize::from(station.as_bytes()[0] - b'A')];
        let spans = vec![
            rs("A", "1", d(2023, 9, 1), d(2024, 6, 30), of("A")),
            rs("A", "1", d(2024, 7, 1), d(2024, 9, 30), of("A")),
            rs("B", "1", d(2024, 9, 1), d(2025, 1, 1), of("B")),
            // Not overlapping: after A's stay.
            rs("C", "2", d(2023, 9, 1), d(2023, 12, 31), of("C")),
            rs("D", "2", d(2024, 1, 1), d(2024, 3, 1), of("D")),
            // Overlap hidden behind a longer span of the same station.
            rs("E", "3", d(2023, 1, 1), d(2023, 12, 31), of("E")),
            rs("F", "3", d(2023, 2, 1), d(2023, 2, 10), of("F")),
            rs("E", "3", d(2023, 3, 1), d(2023, 3, 2), of("E")),
            rs("G", "3", d(2023, 11, 1), d(2024, 1, 1), of("G")),
        ];
        let mut problems = Vec::new();
        check_two_stations(spans, &mut problems);
        let mut got: Vec<_> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}",
                    p.station.as_deref().unwrap_or(""),
                    p.message.split('（').next().unwrap_or("")
                )
            })
            .collect();
        got.sort();
        assert!(problems
            .iter()
            .all(|p| p.code == Code::StudentInTwoStations));
        assert_eq!(got.len(), 6, "{got:#?}");
        assert!(got
            .iter()
            .any(|g| g.starts_with("A:学号 1 在 2024-09-01 至 2024-09-30")
                && g.ends_with("B 的名单中")));
        assert!(got.iter().any(|g| g.starts_with("B:")));
        assert!(!got
            .iter()
            .any(|g| g.starts_with("C:") || g.starts_with("D:")));
        assert!(got.iter().any(|g| g.starts_with("F:")) && got.iter().any(|g| g.starts_with("G:")));
    }
}
