//! 学院: one row per 牵头学院/医院, its stations counted by grade and status, with their
//! students, outcomes, funding and problems (SPEC §9.1). Each number is the sum of the
//! college's rows of 汇总.

use super::summary::tally;
use super::{int, money, plain, Col, Rows, Sheet};
use super::{COLLEGE, ERRORS, FUNDS_RECEIVED, NATIONAL, PROVINCIAL, STUDENTS_COUNTED, WARNINGS};
use crate::evaluate::{Assessment, Grade, Status};
use crate::output::Value;
use crate::schema::summary::COLLEGES;
use crate::summary::Summary;
use std::collections::BTreeMap;

pub const SHEET: Sheet = Sheet {
    name: COLLEGES,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::Page { signature: true },
};

/// How a station without any 牵头学院/医院 (none in the register or its reports) is listed.
pub const NO_COLLEGE: &str = "（未填）";

/// One college's stations, summed.
#[derive(Debug, Default)]
struct College {
    name: String,
    stations: usize,
    excellent: usize,
    qualified: usize,
    failed: usize,
    revoked: usize,
    in_term: usize,
    students: usize,
    national: usize,
    provincial: usize,
    received: f64,
    errors: usize,
    warnings: usize,
}

const COLUMNS: &[Col<(), College>] = &[
    plain(COLLEGE, |_, c| Value::text(c.name.clone())),
    plain("工作站数", |_, c| int(c.stations)),
    plain("优秀", |_, c| int(c.excellent)),
    plain("合格", |_, c| int(c.qualified)),
    plain("不合格", |_, c| int(c.failed)),
    plain("已撤销", |_, c| int(c.revoked)),
    plain("在期", |_, c| int(c.in_term)),
    plain(STUDENTS_COUNTED, |_, c| int(c.students)),
    plain(NATIONAL, |_, c| int(c.national)),
    plain(PROVINCIAL, |_, c| int(c.provincial)),
    money(FUNDS_RECEIVED, |_, c| Value::Number(c.received)),
    plain(ERRORS, |_, c| int(c.errors)),
    plain(WARNINGS, |_, c| int(c.warnings)),
];

/// The colleges in name order, stations without one last.
fn rows(summary: &Summary, stations: &[&Assessment]) -> Vec<Vec<Value>> {
    let tallies = tally(summary);
    let mut colleges: BTreeMap<(bool, &str), College> = BTreeMap::new();
    for a in stations {
        let name = a.college.as_deref().filter(|n| !n.trim().is_empty());
        let name = name.unwrap_or(NO_COLLEGE);
        let c = colleges.entry((name == NO_COLLEGE, name)).or_default();
        c.name = name.to_string();
        c.stations += 1;
        match a.grade {
            Grade::Excellent => c.excellent += 1,
            Grade::Qualified => c.qualified += 1,
            Grade::Failed => c.failed += 1,
            Grade::None => {}
        }
        match a.status {
            Status::Revoked => c.revoked += 1,
            Status::InTerm => c.in_term += 1,
            Status::Expired => {}
        }
        c.students += a.counts.students;
        c.national += a.counts.national;
        c.provincial += a.counts.provincial;
        c.received += a.funds.received;
        if let Some(t) = tallies.get(a.id.as_str()) {
            c.errors += t.errors;
            c.warnings += t.warnings;
        }
    }
    (colleges.values())
        .map(|c| super::row(COLUMNS, &(), c))
        .collect()
}
