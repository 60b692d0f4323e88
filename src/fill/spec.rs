//! Whole workbooks from plain structs: a [`ReportSpec`] is one annual report as a college
//! would fill it in, without `Option`s; it converts to the typed [`model::Report`] the reader
//! should produce, and to a [`Filled`] workbook. Register and review forms are filled from
//! their typed rows ([`model::RegisterEntry`], [`model::ReviewEntry`]) directly.

use super::{Filled, Input};
use crate::dates::AcademicYear;
use crate::model::{
    self, BasicInfo, Funding, Outcome, Person, RegisterEntry, ReviewEntry, StudentRow,
};
use crate::schema::{self, Kind};
use crate::template::FIRST_DATA_ROW;
use chrono::NaiveDate;

/// One annual report. Empty strings are left blank.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSpec {
    pub station_id: String,
    pub station_name: String,
    pub host: String,
    /// One of `schema::HOST_TYPE.values`.
    pub host_type: &'static str,
    pub college: String,
    pub recognised_on: NaiveDate,
    pub year: AcademicYear,
    pub filed_on: NaiveDate,
    pub filer: String,
    pub phone: String,
    pub rules_sound: bool,
    /// One of `schema::CONDITIONS.values`.
    pub conditions: &'static str,
    pub joint_projects: u32,
    pub students: Vec<StudentSpec>,
    pub people: Vec<PersonSpec>,
    pub outcomes: Vec<OutcomeSpec>,
    pub funding: Vec<FundingSpec>,
}

/// A row of 进站研究生. `left_on: None` means still in the station at the end of the year.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentSpec {
    pub name: String,
    pub student_id: String,
    /// `schema::DOCTOR` or `schema::MASTER`.
    pub level: &'static str,
    /// One of `schema::DEGREE_TYPE.values`.
    pub degree_type: &'static str,
    pub supervisor: String,
    pub station_supervisor: String,
    pub entered_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub monthly_subsidy: f64,
    pub months_paid: f64,
    pub amount_paid: f64,
    pub paid_in_full: bool,
    pub supervisor_project: bool,
    pub insured: bool,
    pub safety_training: bool,
    pub remark: String,
}

/// A row of 站长及专家.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSpec {
    pub name: String,
    /// One of `schema::ROLE.values`.
    pub role: &'static str,
    pub title: String,
    pub position: String,
    pub employer: String,
    pub social_roles: String,
}

/// A row of 成果.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeSpec {
    /// One of `schema::OUTCOME_KIND.values`.
    pub kind: &'static str,
    pub name: String,
    /// One of `schema::OUTCOME_LEVEL.values`.
    pub level: &'static str,
    pub obtained_on: NaiveDate,
    pub students: Vec<String>,
    pub related: bool,
    pub benefit: bool,
    pub benefit_note: String,
}

/// A row of 经费.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingSpec {
    /// One of `schema::FUNDING_SOURCE.values`.
    pub source: &'static str,
    pub received: f64,
    pub spent: f64,
    pub subsidy_spent: f64,
    pub note: String,
}

fn some_text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl ReportSpec {
    /// The workbook a college would send.
    pub fn filled(&self) -> Filled {
        Filled::report(&self.to_model())
    }

    /// The typed report a reader should make of [`ReportSpec::filled`]: rows numbered as
    /// written, `file` and `layouts` left empty, 经费结算年度 the report year's first year.
    pub fn to_model(&self) -> model::Report {
        let row = |i: usize| FIRST_DATA_ROW + i as u32;
        model::Report {
            info: BasicInfo {
                template_version: Some(schema::TEMPLATE_VERSION.to_string()),
                station_id: self.station_id.clone(),
                station_name: some_text(&self.station_name),
                host: some_text(&self.host),
                host_type: Some(self.host_type),
                college: some_text(&self.college),
                recognised_on: Some(self.recognised_on),
                year: self.year,
                settlement_year: Some(self.year.start_year),
                filed_on: Some(self.filed_on),
                filer: some_text(&self.filer),
                phone: some_text(&self.phone),
                rules_sound: Some(self.rules_sound),
                conditions: Some(self.conditions),
                joint_projects: Some(self.joint_projects),
            },
            students: (self.students.iter().enumerate())
                .map(|(i, s)| StudentRow {
                    row: row(i),
                    name: some_text(&s.name),
                    student_id: some_text(&s.student_id),
                    level: Some(s.level),
                    degree_type: Some(s.degree_type),
                    supervisor: some_text(&s.supervisor),
                    station_supervisor: some_text(&s.station_supervisor),
                    entered_on: Some(s.entered_on),
                    left_on: s.left_on,
                    left_unknown: false,
                    monthly_subsidy: Some(s.monthly_subsidy),
                    months_paid: Some(s.months_paid),
                    amount_paid: Some(s.amount_paid),
                    paid_in_full: Some(s.paid_in_full),
                    supervisor_project: Some(s.supervisor_project),
                    insured: Some(s.insured),
                    safety_training: Some(s.safety_training),
                    remark: some_text(&s.remark),
                    refuted: false,
                })
                .collect(),
            people: (self.people.iter().enumerate())
                .map(|(i, p)| Person {
                    row: row(i),
                    name: some_text(&p.name),
                    role: Some(p.role),
                    title: some_text(&p.title),
                    position: some_text(&p.position),
                    employer: some_text(&p.employer),
                    social_roles: some_text(&p.social_roles),
                })
                .collect(),
            outcomes: (self.outcomes.iter().enumerate())
                .map(|(i, o)| Outcome {
                    row: row(i),
                    kind: Some(o.kind),
                    name: some_text(&o.name),
                    level: Some(o.level),
                    obtained_on: Some(o.obtained_on),
                    students: o.students.clone(),
                    related: Some(o.related),
                    benefit: Some(o.benefit),
                    benefit_note: some_text(&o.benefit_note),
                    refuted: false,
                })
                .collect(),
            funding: (self.funding.iter().enumerate())
                .map(|(i, f)| Funding {
                    row: row(i),
                    source: Some(f.source),
                    received: Some(f.received),
                    spent: Some(f.spent),
                    subsidy_spent: Some(f.subsidy_spent),
                    note: some_text(&f.note),
                })
                .collect(),
            ..model::Report::default()
        }
    }
}

impl Filled {
    /// An annual report holding exactly the values of a typed report (`None` is a blank
    /// cell). Records are written in order from row 2 (their `row` is not used); 序号 is
    /// numbered 1, 2, …
    pub fn report(r: &model::Report) -> Filled {
        use schema::report::*;
        let i = &r.info;
        let mut f = Filled::new(Kind::Report);
        f.set(&TEMPLATE_VERSION, i.template_version.as_deref())
            .set(&STATION_ID, Input::text(&i.station_id))
            .set(&STATION_NAME, i.station_name.as_deref())
            .set(&HOST, i.host.as_deref())
            .set(&HOST_TYPE, i.host_type)
            .set(&COLLEGE, i.college.as_deref())
            .set(&RECOGNISED_ON, i.recognised_on)
            .set(&ACADEMIC_YEAR, i.year)
            .set(&SETTLEMENT_YEAR, i.settlement_year)
            .set(&FILED_ON, i.filed_on)
            .set(&FILER, i.filer.as_deref())
            .set(&PHONE, i.phone.as_deref())
            .set(&RULES_SOUND, i.rules_sound)
            .set(&CONDITIONS, i.conditions)
            .set(&JOINT_PROJECTS, i.joint_projects);
        for (n, s) in r.students.iter().enumerate() {
            f.push_row(
                &STUDENTS,
                [
                    (&SEQ, Input::from(n as u32 + 1)),
                    (&NAME, s.name.as_deref().into()),
                    (&STUDENT_ID, s.student_id.as_deref().into()),
                    (&LEVEL, s.level.into()),
                    (&DEGREE_TYPE, s.degree_type.into()),
                    (&SUPERVISOR, s.supervisor.as_deref().into()),
                    (&STATION_SUPERVISOR, s.station_supervisor.as_deref().into()),
                    (&ENTERED_ON, s.entered_on.into()),
                    (&LEFT_ON, s.left_on.into()),
                    (&MONTHLY_SUBSIDY, s.monthly_subsidy.into()),
                    (&MONTHS_PAID, s.months_paid.into()),
                    (&AMOUNT_PAID, s.amount_paid.into()),
                    (&PAID_IN_FULL, s.paid_in_full.into()),
                    (&SUPERVISOR_PROJECT, s.supervisor_project.into()),
                    (&INSURED, s.insured.into()),
                    (&SAFETY_TRAINING, s.safety_training.into()),
                    (&REMARK, s.remark.as_deref().into()),
                ],
            );
        }
        for p in &r.people {
            f.push_row(
                &PEOPLE,
                [
                    (&PERSON_NAME, p.name.as_deref().into()),
                    (&ROLE, p.role.into()),
                    (&TITLE, p.title.as_deref().into()),
                    (&POSITION, p.position.as_deref().into()),
                    (&EMPLOYER, p.employer.as_deref().into()),
                    (&SOCIAL_ROLES, p.social_roles.as_deref().into()),
                ],
            );
        }
        for o in &r.outcomes {
            f.push_row(
                &OUTCOMES,
                [
                    (&OUTCOME_KIND, o.kind.into()),
                    (&OUTCOME_NAME, o.name.as_deref().into()),
                    (&OUTCOME_LEVEL, o.level.into()),
                    (&OBTAINED_ON, o.obtained_on.into()),
                    (&OUTCOME_STUDENTS, Input::text(&o.students.join("、"))),
                    (&STATION_RELATED, o.related.into()),
                    (&BENEFIT, o.benefit.into()),
                    (&BENEFIT_NOTE, o.benefit_note.as_deref().into()),
                ],
            );
        }
        for m in &r.funding {
            f.push_row(
                &FUNDING,
                [
                    (&FUNDING_SOURCE, m.source.into()),
                    (&RECEIVED, m.received.into()),
                    (&SPENT, m.spent.into()),
                    (&SUBSIDY_SPENT, m.subsidy_spent.into()),
                    (&FUNDING_NOTE, m.note.as_deref().into()),
                ],
            );
        }
        f
    }

    /// A station register with these rows.
    pub fn register(entries: &[RegisterEntry]) -> Filled {
        use schema::register::*;
        let mut f = Filled::new(Kind::Register);
        for e in entries {
            f.push_row(
                &SHEET,
                [
                    (&STATION_ID, Input::text(&e.station_id)),
                    (&STATION_NAME, e.station_name.as_deref().into()),
                    (&HOST, e.host.as_deref().into()),
                    (&HOST_TYPE, e.host_type.into()),
                    (&COLLEGE, e.college.as_deref().into()),
                    (&RECOGNISED_ON, e.recognised_on.into()),
                    (&REMARK, e.remark.as_deref().into()),
                    (&CONFIDENTIAL, e.confidential.into()),
                ],
            );
        }
        f
    }

    /// A review form with these rows (`None`: no opinion, a blank cell).
    pub fn review(entries: &[ReviewEntry]) -> Filled {
        use schema::review::*;
        let mut f = Filled::new(Kind::Review);
        for e in entries {
            f.push_row(
                &SHEET,
                [
                    (&STATION_ID, Input::text(&e.station_id)),
                    (&STATION_NAME, e.station_name.as_deref().into()),
                    (&APPLIED, e.applied.into()),
                    (&CONDITIONS, e.conditions.into()),
                    (&RULES_SOUND, e.rules_sound.into()),
                    (&MECHANISM, e.mechanism.into()),
                    (&COOPERATION, e.cooperation.into()),
                    (&BENEFIT, e.benefit.into()),
                    (&SUBSIDY, e.subsidy.into()),
                    (&OPINION, e.opinion.as_deref().into()),
                    (&REVIEWED_ON, e.reviewed_on.into()),
                ],
            );
        }
        f
    }
}
