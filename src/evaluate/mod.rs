//! Evaluate stage: from each station's history to its [`Assessment`] under the measures
//! (SPEC §5.3–5.5, §6). The steps, one module each:
//!
//! - [`term`]: who the station is and its recognition term (register wins over reports);
//! - [`years`]: the reporting years and whether each was 按时 / 迟交 / 未报 / 未到期;
//! - [`students`]: each student's days in the station as a union of day intervals;
//! - [`outcomes`]: related outcomes, deduplicated and counted by level;
//! - [`funds`]: each year's funding and the four-year totals (shown, not graded);
//! - [`criteria`]: C1–C8, each a small function quoting its clause, deciding on data;
//! - [`render`]: their 要求/实际/依据, written from what they found;
//! - [`grade`]: status, grade, 可升至, 结论, forecast hints and early warnings;
//! - [`spot`]: for a spot check, every item that counts toward a station's grade.
//!
//! Interpretations beyond the letter of SPEC are stated where they are made; the main ones:
//! a year counts once its due date is *before* the evaluation date (on the due date itself the
//! report may still arrive on time); a received report whose 填报日期 is unreadable fails C1 but
//! is not a step towards revocation; data of a report already received for a year not yet due
//! are used (students are clipped to the evaluation date anyway); a station without any known
//! 认定日期 is graded as a forecast on the reports received (see [`term`]).

mod criteria;
mod funds;
mod grade;
mod outcomes;
mod render;
mod spot;
mod students;
mod term;
mod years;

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

pub use criteria::{Criterion, CriterionResult, Verdict};
pub use funds::{FundTotals, FundingYear};
pub use grade::{Grade, Status};
pub use outcomes::OutcomeLine;
pub use spot::{spot_items, SpotDetail, SpotItem, StationItems};
pub use students::StudentTime;
pub use term::{register_differences, RecognitionSource};
pub use years::{YearResult, YearStatus};

use crate::dates::{AcademicYear, Term};
use crate::format::yuan;
use crate::group::{StationHistory, Stations, YearReports};
use crate::model::{FileId, Person, Report, ReviewEntry};
use crate::problem::{Code, Problem};
use crate::rules::Rules;
use crate::schema::{self, Field, Sheet};
use chrono::NaiveDate;

/// The evaluation of one station as of one date: everything the summary shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: String,
    /// 工作站名称, 设站单位, 牵头学院/医院: the register's, else the latest report's.
    pub name: Option<String>,
    pub host: Option<String>,
    pub college: Option<String>,
    /// 认定日期 R and where it came from.
    pub recognised_on: Option<NaiveDate>,
    pub recognised_from: RecognitionSource,
    /// R … E; `None` when no 认定日期 is known (then the grade is a forecast on the reports
    /// received, and the conclusion says the term is unknown).
    pub term: Option<Term>,
    pub status: Status,
    pub grade: Grade,
    /// `Some(Grade::Excellent)` when confirming the 待评议 criteria would make it 优秀.
    pub can_rise_to: Option<Grade>,
    /// 结论, in Chinese, with dates.
    pub conclusion: String,
    /// The grade is not final: 在期 (预评), 期满 with the last year not yet due, or term unknown.
    pub is_forecast: bool,
    /// One per reporting year, in year order.
    pub years: Vec<YearResult>,
    /// One per 学号, in 学号 order.
    pub students: Vec<StudentTime>,
    /// Every outcome row of the used reports in the term, in year and row order.
    pub outcomes: Vec<OutcomeLine>,
    /// One per reporting year with a used report, in year order (经费; freed once written).
    pub funding: Vec<FundingYear>,
    /// The four-year totals of `funding`, kept when it is freed.
    pub funds: FundTotals,
    /// 站长及专家 of the latest used report of a reporting year, and its year (freed once
    /// written).
    pub people: Vec<Person>,
    pub people_year: Option<AcademicYear>,
    /// The register marks the station 涉密: it is left out of the public version.
    pub confidential: bool,
    pub counts: Counts,
    /// C1 … C8, in order.
    pub criteria: Vec<CriterionResult>,
    /// 预评: what is still missing for a better grade (forecast stations only).
    pub hints: Vec<String>,
    /// 预警: one more late year means revocation, students behind pace, a report due soon.
    pub alerts: Vec<String>,
    /// Reports of this station for academic years outside the term: not used (SPEC §5.3).
    pub files_outside_term: Vec<FileId>,
}

/// The station's totals over its term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Reporting years whose due date has passed (应报年数).
    pub due_years: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    /// Received, but no readable 填报日期 on any of its reports.
    pub date_unknown: usize,
    /// Students in the station at least `half_year_days`.
    pub students: usize,
    pub doctors: usize,
    pub masters: usize,
    /// Counted (related, deduplicated) outcomes by level.
    pub national: usize,
    pub provincial: usize,
    /// A related outcome claims 重要经济社会效益 (before the review's override).
    pub benefit_claimed: bool,
}

impl Assessment {
    /// 未达标项: ids of the criteria not met; `C5(优秀)` when only the 优秀 standard is missed.
    pub fn unmet(&self) -> Vec<String> {
        self.criteria
            .iter()
            .filter(|c| c.result() == Verdict::NotMet)
            .map(|c| {
                if c.qualified == Some(Verdict::NotMet) {
                    c.id.to_string()
                } else {
                    format!("{}(优秀)", c.id)
                }
            })
            .collect()
    }

    /// 待评议项: ids of the criteria waiting for the experts.
    pub fn pending(&self) -> Vec<&'static str> {
        self.criteria
            .iter()
            .filter(|c| c.result() == Verdict::Pending)
            .map(|c| c.id)
            .collect()
    }
}

/// What the criteria and the grade are computed from, for one station.
pub(crate) struct Facts<'a> {
    pub rules: &'a Rules,
    pub as_of: NaiveDate,
    pub term: Option<Term>,
    pub review: Option<&'a ReviewEntry>,
    /// Used reports of the reporting years, in year order.
    pub reports: Vec<&'a YearReports>,
    pub years: Vec<YearResult>,
    pub students: Vec<StudentTime>,
    pub outcomes: Vec<OutcomeLine>,
    pub counts: Counts,
}

/// Evaluates every station, in id order (the histories are sorted so). Cross-file findings
/// (register mismatches, reports outside the term, unknown outcome students, a student in two
/// stations) go to `problems`. Once a station is assessed, the rows of its reports that no
/// later step reads (people but the latest report's, outcomes, funding) are freed: the
/// stations' reports are the largest thing in memory at this point.
pub fn evaluate(
    stations: &mut Stations,
    rules: &Rules,
    as_of: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Vec<Assessment> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    evaluate_on(stations, rules, as_of, problems, cores)
}

/// [`evaluate`] on `threads` threads: one stretch of stations each, on threads that end with
/// this stage. Not on rayon's threads: they live on and keep the memory they freed (figures
/// in benches/README.md, "Behind the code"). The result does not depend on `threads`.
fn evaluate_on(
    stations: &mut Stations,
    rules: &Rules,
    as_of: NaiveDate,
    problems: &mut Vec<Problem>,
    threads: usize,
) -> Vec<Assessment> {
    stations.histories.sort_by(|a, b| a.id.cmp(&b.id));
    let per_thread = stations.histories.len().div_ceil(threads.max(1)).max(1);
    let assessed: Vec<Vec<Assessed>> = std::thread::scope(|s| {
        let mut stretches = stations.histories.chunks_mut(per_thread);
        let mine = stretches.next().unwrap_or_default();
        let helpers: Vec<_> = (stretches.enumerate())
            .map(|(k, stretch)| {
                let first = (k + 1) * per_thread;
                s.spawn(move || assess_all(stretch, first, rules, as_of))
            })
            .collect();
        let mut all = vec![assess_all(mine, 0, rules, as_of)];
        all.extend(
            (helpers.into_iter())
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        all
    });
    let mut assessments = Vec::with_capacity(stations.histories.len());
    let mut kept = Vec::new();
    for done in assessed.into_iter().flatten() {
        assessments.push(done.assessment);
        problems.extend(done.problems);
        kept.extend(done.kept);
    }
    let spans = (kept.iter())
        .map(|k| {
            let h = &stations.histories[k.history];
            let report = &h.years[k.year].used;
            students::RowSpan {
                station: &h.id,
                student_id: &k.student_id,
                start: k.start,
                end: k.end,
                year: report.info.year,
                report,
                row: k.row,
            }
        })
        .collect();
    students::check_two_stations(spans, problems);
    assessments
}

/// A station assessed, with its cross-file findings and what the two-stations check keeps
/// of its students.
struct Assessed {
    assessment: Assessment,
    problems: Vec<Problem>,
    kept: Vec<students::KeptSpan>,
}

/// Assesses a stretch of stations, the first being history `first`; each station's rows are
/// freed once it is assessed, but for what the two-stations check needs of its students: the
/// reports are the largest thing in memory at this point.
fn assess_all(
    stretch: &mut [StationHistory],
    first: usize,
    rules: &Rules,
    as_of: NaiveDate,
) -> Vec<Assessed> {
    (stretch.iter_mut().enumerate())
        .map(|(i, h)| {
            let mut problems = Vec::new();
            let mut assessment = assess(h, rules, as_of, &mut problems);
            let reporting = years::reporting_years(assessment.term, h);
            // The latest report's people move to the assessment rather than being freed.
            let latest = (h.years.iter_mut())
                .filter(|y| reporting.contains(&y.year))
                .max_by_key(|y| y.year);
            if let Some(y) = latest {
                assessment.people_year = Some(y.year);
                assessment.people = std::mem::take(&mut y.used.people);
            }
            let mut kept = Vec::new();
            for (j, y) in h.years.iter_mut().enumerate() {
                if reporting.contains(&y.year) {
                    kept.extend(students::take_spans(
                        first + i,
                        j,
                        y,
                        assessment.term,
                        as_of,
                    ));
                }
                y.on_time = None;
                y.used.students = Vec::new();
                y.used.people = Vec::new();
                y.used.outcomes = Vec::new();
                y.used.funding = Vec::new();
            }
            Assessed {
                assessment,
                problems,
                kept,
            }
        })
        .collect()
}

fn assess(
    history: &StationHistory,
    rules: &Rules,
    as_of: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Assessment {
    let identity = term::identify(history);
    term::check_register(history, problems);
    let term = identity
        .recognised_on
        .map(|r| Term::new(r, rules.term_years));

    let reporting = years::reporting_years(term, history);
    let mut reports = Vec::new();
    let mut files_outside_term = Vec::new();
    for y in &history.years {
        if reporting.contains(&y.year) {
            reports.push(y);
        } else if let Some(term) = term {
            problems.push(years::outside_term_problem(&history.id, y, term));
            files_outside_term.push(y.file);
        }
    }
    let year_results = years::assess(&reporting, history, rules, as_of);
    criteria::subsidy_problems(&reports, rules, problems);
    let student_times = students::collect(&reports, term, as_of, rules);
    outcomes::check_students(history, problems);
    let outcome_lines = outcomes::collect(&reports, term, problems);

    let counts = count(&year_results, &student_times, &outcome_lines);
    let funding = funds::collect(&reports);
    let facts = Facts {
        rules,
        as_of,
        term,
        review: history.review.as_ref(),
        reports,
        years: year_results,
        students: student_times,
        outcomes: outcome_lines,
        counts,
    };
    let decided = criteria::decide_all(&facts);
    let judgement = grade::judge(&facts, &decided);
    for (i, y) in facts.reports.iter().enumerate() {
        if let Some(on_time) = &y.on_time {
            problems.push(late_correction(
                &facts,
                &decided,
                judgement.grade,
                i,
                on_time,
            ));
        }
    }
    let criteria = (decided.iter())
        .map(|d| render::criterion(&facts, d))
        .collect();
    drop(decided);
    Assessment {
        id: history.id.clone(),
        name: identity.name,
        host: identity.host,
        college: identity.college,
        recognised_on: identity.recognised_on,
        recognised_from: identity.source,
        term,
        status: judgement.status,
        grade: judgement.grade,
        can_rise_to: judgement.can_rise_to,
        conclusion: judgement.conclusion,
        is_forecast: judgement.is_forecast,
        years: facts.years,
        students: facts.students,
        outcomes: facts.outcomes,
        funds: funds::totals(&funding),
        funding,
        people: Vec::new(),
        people_year: None,
        confidential: (history.register.as_ref()).is_some_and(|r| r.confidential == Some(true)),
        counts: facts.counts,
        criteria,
        hints: judgement.hints,
        alerts: judgement.alerts,
        files_outside_term,
    }
}

/// SPEC §5.6 (rev. 2): the data of report `i`'s year came after its due date while an
/// earlier report was on time (so the year stays 按时): 提示 at the later file, saying what
/// the correction changed — the station evaluated with the on-time report instead, compared:
/// students and outcomes counted, each criterion, the grade; when none of these moved, the
/// report's own totals.
fn late_correction(
    f: &Facts,
    criteria: &[criteria::Decided],
    grade: Grade,
    i: usize,
    on_time: &Report,
) -> Problem {
    let y = f.reports[i];
    let before = YearReports {
        year: y.year,
        used: on_time.clone(),
        file: y.file,
        earliest_filed: y.earliest_filed,
        earliest_file: y.earliest_file.clone(),
        superseded: Vec::new(),
        on_time: None,
    };
    let mut reports = f.reports.clone();
    reports[i] = &before;
    let students = students::collect(&reports, f.term, f.as_of, f.rules);
    let outcomes = outcomes::collect(&reports, f.term, &mut Vec::new());
    let counts = count(&f.years, &students, &outcomes);
    let then = Facts {
        rules: f.rules,
        as_of: f.as_of,
        term: f.term,
        review: f.review,
        reports,
        years: f.years.clone(),
        students,
        outcomes,
        counts,
    };
    let then_criteria = criteria::decide_all(&then);
    let then_grade = grade::grade(&then, &then_criteria);

    // Decided on the numbers and verdicts; only what moved is written.
    let mut changes = Vec::new();
    let (a, b) = (&then.counts, &f.counts);
    let counts = [
        ("进站半年以上人数", a.students, b.students),
        ("国家级成果", a.national, b.national),
        ("省部级成果", a.provincial, b.provincial),
    ];
    for (what, a, b) in counts.into_iter().filter(|(_, a, b)| a != b) {
        changes.push(format!("{what} {a} → {b}"));
    }
    for (a, b) in then_criteria.iter().zip(criteria) {
        if a.result() != b.result() {
            changes.push(format!(
                "{} {} → {}",
                a.criterion.id(),
                a.result().label(),
                b.result().label()
            ));
        }
    }
    if then_grade != grade {
        changes.push(format!("等级 {} → {}", then_grade.label(), grade.label()));
    }
    if changes.is_empty() {
        let totals = |r: &Report| {
            let paid: f64 = r.students.iter().filter_map(|s| s.amount_paid).sum();
            let received: f64 = r.funding.iter().filter_map(|x| x.received).sum();
            (r.students.len(), r.outcomes.len(), paid, received)
        };
        let (a, b) = (totals(on_time), totals(&y.used));
        if a.0 != b.0 {
            changes.push(format!("进站研究生行数 {} → {}", a.0, b.0));
        }
        if a.1 != b.1 {
            changes.push(format!("成果行数 {} → {}", a.1, b.1));
        }
        // Money is compared as shown (to the cent), as a person would read it.
        for (what, a, b) in [
            ("生活补助发放合计（元）", a.2, b.2),
            ("经费到位合计（元）", a.3, b.3),
        ] {
            let (a, b) = (yuan(a), yuan(b));
            if a != b {
                changes.push(format!("{what} {a} → {b}"));
            }
        }
    }
    let changed = if changes.is_empty() {
        "计入评估的数据没有变化".to_string()
    } else {
        changes.join("；")
    };
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let (sheet, cell) = y.used.info_cell(&schema::report::FILED_ON);
    Problem::new(
        Code::LateCorrection,
        format!(
            "{} 学年的数据取自截止日期 {} 之后收到的本文件（填报日期 {}）；按时报送的是 {}（填报日期 {}），该学年仍为按时。与按时报送的相比：{changed}。请核对更正是否属实",
            y.year,
            y.year.due_date(f.rules.report_due),
            date(y.used.info.filed_on),
            on_time.file,
            date(on_time.info.filed_on),
        ),
    )
    .in_file(y.used.file.clone())
    .at(sheet, cell)
    .for_station(Some(y.used.info.station_id.clone()), Some(y.year))
}

fn count(years: &[YearResult], students: &[StudentTime], outcomes: &[OutcomeLine]) -> Counts {
    let mut c = Counts::default();
    for y in years.iter().filter(|y| y.counted) {
        c.due_years += 1;
        match y.status {
            YearStatus::OnTime => c.on_time += 1,
            YearStatus::Late => c.late += 1,
            YearStatus::Missing => c.missing += 1,
            YearStatus::DateUnknown => c.date_unknown += 1,
            YearStatus::NotDue => {}
        }
    }
    for s in students.iter().filter(|s| s.counted) {
        c.students += 1;
        match s.level {
            Some(schema::DOCTOR) => c.doctors += 1,
            Some(schema::MASTER) => c.masters += 1,
            _ => {}
        }
    }
    for o in outcomes.iter().filter(|o| o.counted) {
        match o.level {
            Some(schema::NATIONAL) => c.national += 1,
            Some(schema::PROVINCIAL) => c.provincial += 1,
            _ => {}
        }
    }
    c.benefit_claimed = outcomes.iter().any(outcomes::claims_benefit);
    c
}

/// `file sheet!A1` (or `file sheet` when the cell is unknown): the place of a field of a
/// record of a report, as evidence and messages name it.
pub(crate) fn place(report: &Report, sheet: &Sheet, field: &Field, row: u32) -> String {
    let (name, cell) = report.cell(sheet, field, row);
    match cell {
        Some(cell) => format!("{} {name}!{cell}", report.file),
        None => format!("{} {name}", report.file),
    }
}

/// A problem at a field of a record of a report of the station.
pub(crate) fn problem_at(
    code: Code,
    message: String,
    report: &Report,
    sheet: &Sheet,
    field: &Field,
    row: u32,
) -> Problem {
    let (name, cell) = report.cell(sheet, field, row);
    Problem::new(code, message)
        .in_file(report.file.clone())
        .at(name, cell)
        .for_station(Some(report.info.station_id.clone()), Some(report.info.year))
}

/// `2021-2022、2022-2023`.
pub(crate) fn join_years(years: impl IntoIterator<Item = AcademicYear>) -> String {
    years
        .into_iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join("、")
}
