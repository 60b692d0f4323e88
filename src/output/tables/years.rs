//! 年度上报: one row per station and reporting year.

use super::{plain, verdict, wide, yes_no, Col, Rows, Sheet};
use super::{FILE, FILED_ON, NOTE, STATION, STATUS, YEAR};
use crate::evaluate::{Assessment, YearResult};
use crate::output::Value;
use crate::schema::summary::YEARS;

pub const SHEET: Sheet = Sheet {
    name: YEARS,
    columns: || super::headers(COLUMNS),
    rows: Rows::PerStation {
        rows: |a, out| super::station_rows(COLUMNS, a, &a.years, out),
        count: |a| a.years.len(),
        free: |a| a.years = Vec::new(),
    },
    print: super::Print::List,
};

const COLUMNS: &[Col<Assessment, YearResult>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain(YEAR, |_, y| Value::text(y.year.to_string())),
    plain("截止日期", |_, y| Value::Date(y.due)),
    plain(FILED_ON, |_, y| Value::opt_date(y.filed_on)),
    verdict(STATUS, |_, y| Value::text(y.status.label())),
    plain(FILE, |_, y| {
        (y.file.as_deref()).map_or(Value::Empty, |f| Value::link(f, y.filed_cell.clone()))
    }),
    verdict("计入应报年数", |_, y| yes_no(y.counted)),
    wide(NOTE, |_, y| Value::text(y.note())),
];
