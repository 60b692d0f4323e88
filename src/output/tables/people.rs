//! 站长及专家: one row per person of the station's latest used report (SPEC §9.1).

use super::{plain, wide, Col, Rows, Sheet, STATION, YEAR};
use crate::evaluate::Assessment;
use crate::model::Person;
use crate::output::Value;
use crate::schema::summary::PEOPLE;

pub const SHEET: Sheet = Sheet {
    name: PEOPLE,
    columns: || super::headers(COLUMNS),
    rows: Rows::PerStation {
        rows: |a, out| super::station_rows(COLUMNS, a, &a.people, out),
        count: |a| a.people.len(),
        free: |a| a.people = Vec::new(),
    },
    print: super::Print::List,
};

const COLUMNS: &[Col<Assessment, Person>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain(YEAR, |a, _| {
        Value::opt_text(a.people_year.map(|y| y.to_string()))
    }),
    plain("姓名", |_, p| Value::opt_text(p.name.clone())),
    plain("角色", |_, p| Value::opt_text(p.role)),
    plain("职称", |_, p| Value::opt_text(p.title.clone())),
    plain("职务", |_, p| Value::opt_text(p.position.clone())),
    plain("工作单位", |_, p| Value::opt_text(p.employer.clone())),
    wide("社会任职", |_, p| {
        Value::opt_text(p.social_roles.clone())
    }),
];
