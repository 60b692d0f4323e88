//! Small constructors of reports and station histories for the evaluate tests.

use crate::dates::{ymd, AcademicYear};
use crate::group::{StationHistory, Stations, YearReports};
use crate::model::{
    BasicInfo, FileId, Funding, Outcome, RegisterEntry, Report, ReviewEntry, StudentRow,
};
use crate::problem::Problem;
use crate::rules::Rules;
use chrono::NaiveDate;

pub use crate::schema::{DOCTOR, MASTER};

/// A complete, good report of `id` for academic year `start_year`, filed on `filed`: rules
/// sound, conditions 优越, one joint project, 10 000 yuan received, no students or outcomes.
pub fn report(id: &str, start_year: i32, filed: NaiveDate) -> Report {
    Report {
        file: format!("{id}/{start_year}.xlsx"),
        info: BasicInfo {
            station_id: id.to_string(),
            station_name: Some("测试工作站".into()),
            host: Some("测试公司".into()),
            host_type: Some("企业"),
            college: Some("基础医学院".into()),
            recognised_on: None,
            year: AcademicYear::new(start_year),
            settlement_year: Some(start_year),
            filed_on: Some(filed),
            filer: Some("张三".into()),
            rules_sound: Some(true),
            conditions: Some("优越"),
            joint_projects: Some(1),
            ..Default::default()
        },
        funding: vec![Funding {
            row: 1,
            source: Some("设站单位"),
            received: Some(10_000.0),
            spent: Some(8_000.0),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A student paid the minimum of their level for 10 months, in full.
pub fn student(
    id: &str,
    level: &'static str,
    entered: NaiveDate,
    left: Option<NaiveDate>,
) -> StudentRow {
    let monthly = if level == DOCTOR { 1000.0 } else { 500.0 };
    StudentRow {
        row: 1,
        name: Some(format!("学生{id}")),
        student_id: Some(id.to_string()),
        level: Some(level),
        entered_on: Some(entered),
        left_on: left,
        monthly_subsidy: Some(monthly),
        months_paid: Some(10.0),
        amount_paid: Some(monthly * 10.0),
        paid_in_full: Some(true),
        ..Default::default()
    }
}

pub fn outcome(kind: &'static str, name: &str, level: &'static str, related: bool) -> Outcome {
    Outcome {
        row: 1,
        kind: Some(kind),
        name: Some(name.to_string()),
        level: Some(level),
        related: Some(related),
        ..Default::default()
    }
}

/// The report as the only one received for its year; its file id is its start year, so that
/// tests can name it.
pub fn year_reports(r: Report) -> YearReports {
    YearReports {
        file: FileId(r.info.year.start_year as usize),
        year: r.info.year,
        earliest_filed: r.info.filed_on,
        earliest_file: r.file.clone(),
        used: r,
        superseded: Vec::new(),
        on_time: None,
    }
}

pub fn history(id: &str, reports: Vec<Report>) -> StationHistory {
    let mut years: Vec<YearReports> = reports.into_iter().map(year_reports).collect();
    years.sort_by_key(|y| y.year);
    StationHistory {
        id: id.to_string(),
        register: None,
        review: None,
        years,
    }
}

pub fn register(id: &str, recognised: NaiveDate) -> RegisterEntry {
    RegisterEntry {
        file: "名册.xlsx".into(),
        row: 1,
        station_id: id.to_string(),
        station_name: Some("测试工作站".into()),
        host: Some("测试公司".into()),
        college: Some("基础医学院".into()),
        recognised_on: Some(recognised),
        ..Default::default()
    }
}

/// A review row with no opinion on anything.
pub fn review(id: &str) -> ReviewEntry {
    ReviewEntry {
        file: "评议.xlsx".into(),
        row: 1,
        station_id: id.to_string(),
        ..Default::default()
    }
}

/// A registered station recognised on `recognised` that reported every year of its term on
/// 1 July with `students` students (each in the station from the start to the term's end,
/// `doctors` of them 博士), one related 国家级 outcome in its first year, and a review that
/// confirms C7. Graded as of a date after the last due date, it is 优秀 when `students` ≥ 20.
pub fn good_station(id: &str, recognised: NaiveDate, students: usize) -> StationHistory {
    let term = crate::dates::Term::new(recognised, 4);
    let reports = term
        .academic_years()
        .into_iter()
        .enumerate()
        .map(|(i, y)| {
            let mut r = report(id, y.start_year, ymd(y.start_year + 1, 7, 1));
            r.info.recognised_on = Some(recognised);
            for k in 0..students {
                let level = if k % 2 == 0 { DOCTOR } else { MASTER };
                let mut s = student(&format!("S{k:03}"), level, recognised, None);
                s.row = k as u32 + 1;
                r.students.push(s);
            }
            if i == 0 {
                r.outcomes.push(outcome(
                    "论文",
                    "联合培养成果",
                    crate::schema::NATIONAL,
                    true,
                ));
            }
            r
        })
        .collect();
    let mut h = history(id, reports);
    h.register = Some(register(id, recognised));
    let mut rv = review(id);
    rv.mechanism = Some(true);
    h.review = Some(rv);
    h
}

/// Evaluates stations as of a date with the default rules.
pub fn run(
    histories: Vec<StationHistory>,
    as_of: NaiveDate,
) -> (Vec<super::Assessment>, Vec<Problem>) {
    run_with(histories, &Rules::default(), as_of)
}

/// Evaluates stations as of a date with `rules`.
pub fn run_with(
    histories: Vec<StationHistory>,
    rules: &Rules,
    as_of: NaiveDate,
) -> (Vec<super::Assessment>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut stations = Stations {
        histories,
        register_present: true,
    };
    let a = super::evaluate(&mut stations, rules, as_of, &mut problems);
    (a, problems)
}

/// Evaluates one station.
pub fn run_one(h: StationHistory, as_of: NaiveDate) -> super::Assessment {
    let (mut a, _) = run(vec![h], as_of);
    a.remove(0)
}
