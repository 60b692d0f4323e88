//! 问题清单: every problem, in [`Problem::sort_key`] order (severity, then place).

use super::{plain, verdict, wide, Col, Rows, Sheet};
use super::{CELL, CODE, FILE, LEVEL, NOTE, SHEET as SHEET_COLUMN, STATION, YEAR};
use crate::evaluate::Assessment;
use crate::output::Value;
use crate::problem::Problem;
use crate::schema::summary::PROBLEMS;
use crate::summary::Summary;

pub const SHEET: Sheet = Sheet {
    name: PROBLEMS,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::List,
};

const COLUMNS: &[Col<(), Problem>] = &[
    verdict(LEVEL, |_, p| Value::text(p.severity.label())),
    plain(CODE, |_, p| Value::text(p.code.as_str())),
    plain(STATION, |_, p| Value::opt_text(p.station.clone())),
    plain(YEAR, |_, p| Value::opt_text(p.year.map(|y| y.to_string()))),
    plain(FILE, |_, p| {
        let location = p.sheet.as_ref().map(|s| match p.cell {
            Some(c) => format!("{s}!{c}"),
            None => format!("{s}!A1"),
        });
        (p.file.as_deref()).map_or(Value::Empty, |f| Value::link(f, location))
    }),
    plain(SHEET_COLUMN, |_, p| Value::opt_text(p.sheet.clone())),
    plain(CELL, |_, p| Value::opt_text(p.cell.map(|c| c.to_string()))),
    wide(NOTE, |_, p| Value::text(p.message.clone())),
];

fn rows(summary: &Summary, _: &[&Assessment]) -> Vec<Vec<Value>> {
    let mut problems: Vec<&Problem> = summary.problems.iter().collect();
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (problems.iter())
        .map(|p| super::row(COLUMNS, &(), p))
        .collect()
}
