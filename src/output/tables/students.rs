//! 进站研究生: one row per station and 学号.

use super::{opt_yes_no, plain, verdict, yes_no, Col, Rows, Sheet, STATION};
use crate::evaluate::{join_years, Assessment, StudentTime};
use crate::output::Value;
use crate::schema::summary::STUDENTS;

pub const SHEET: Sheet = Sheet {
    name: STUDENTS,
    columns: || super::headers(COLUMNS),
    rows: Rows::PerStation {
        rows: |a, out| super::station_rows(COLUMNS, a, &a.students, out),
        count: |a| a.students.len(),
        free: |a| a.students = Vec::new(),
    },
    print: super::Print::List,
};

const COLUMNS: &[Col<Assessment, StudentTime>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain("学号", |_, s| Value::text(s.student_id.clone())),
    plain("姓名", |_, s| Value::opt_text(s.name.clone())),
    plain("培养层次", |_, s| Value::opt_text(s.level)),
    plain("在站天数", |_, s| Value::Int(s.days)),
    verdict("计入半年以上", |_, s| yes_no(s.counted)),
    plain("出现学年", |_, s| {
        Value::text(join_years(s.years.iter().copied()))
    }),
    // Plain, not coloured: a verdict cell costs a format lookup each, and there is one
    // row per student.
    plain("意外伤害保险", |_, s| opt_yes_no(s.insured)),
    plain("安全教育", |_, s| opt_yes_no(s.safety_training)),
];
