//! The summary's sheets as [`Table`]s (SPEC §8), built once and printed by every printer.
//!
//! One module per sheet. Each declares its columns as one list of [`Col`]s, and each `Col` is
//! a header, a [`ColumnStyle`] and the function that gives the column's value in one row: a
//! column's place in the header and in every row is one line, so the two cannot drift.
//! [`SHEETS`] lists the sheets in the order written, each with where its rows come from.
//! Rows are in a stable order: station id, then academic year, 学号, row…; problems in
//! [`crate::problem::Problem::sort_key`] order; files by path.
//!
//! # Adding a column
//!
//! One line in the sheet's `COLUMNS`, at the place it should stand, e.g. in `students.rs`:
//! `plain("导师", |_, s| Value::opt_text(s.supervisor.clone())),`. The closure gets the
//! row's owner (the station, for per-station sheets) and its item. A column name that other
//! modules look up (charts, links, 本月变化) or that stands on several sheets is a constant
//! below. Nothing else changes: the header, the CSV, the xlsx widths and formats follow.
//!
//! # Adding a sheet
//!
//! 1. Its name in [`crate::schema::summary`], beside the others.
//! 2. A module here with its `COLUMNS` and a `SHEET`: [`Rows::Now`] when its rows are made
//!    from the whole summary (few rows), [`Rows::PerStation`] when they are made from each
//!    station's details (the large tables, built when their turn comes and freed with the
//!    details; `years.rs` is the model).
//! 3. One line in [`SHEETS`], at its place in the workbook.
//! 4. How it prints: its `print` ([`Print`], see [`layout`]).
//! 5. Its name and first columns in the SPEC check of `tests.rs`
//!    (`sheets_and_their_first_columns_are_those_of_the_spec`), which also checks every
//!    sheet's row widths and that no column name stands twice.
//!
//! The xlsx and CSV printers take any table as it comes: a sheet needs nothing of its own
//! there.

mod colleges;
mod criteria;
mod files;
mod funding;
pub mod layout;
mod notes;
mod outcomes;
mod people;
mod problems;
mod students;
mod summary;
mod years;

#[cfg(test)]
pub(crate) mod tests;

pub use colleges::NO_COLLEGE;
pub use layout::Print;

use super::{Column, ColumnStyle, Table, Value};
use crate::evaluate::Assessment;
use crate::summary::Summary;

// Column names that other modules look up (charts, links, 本月变化) or that stand on
// several sheets.
pub const STATION: &str = "工作站编号";
pub const STATION_NAME: &str = "工作站名称";
pub const HOST: &str = "设站单位";
pub const COLLEGE: &str = "牵头学院/医院";
pub const RECOGNISED_ON: &str = "认定日期";
pub const TERM_END: &str = "期满日期";
pub const YEAR: &str = "学年";
pub const FILE: &str = "文件";
pub const STATUS: &str = "状态";
pub const GRADE: &str = "等级";
pub const STUDENTS_COUNTED: &str = "进站半年以上人数";
pub const NATIONAL: &str = "国家级成果";
pub const PROVINCIAL: &str = "省部级成果";
pub const FUNDS_RECEIVED: &str = "到位经费合计(元)";
pub const FILED_ON: &str = "填报日期";
pub const ERRORS: &str = "错误数";
pub const WARNINGS: &str = "警告数";
pub const NOTE: &str = "说明";
pub const COUNTED: &str = "计入";
pub const LEVEL: &str = "级别";
pub const CODE: &str = "代码";
pub const SHEET: &str = "工作表";
pub const CELL: &str = "单元格";
pub const SHA: &str = "SHA-256";

/// Every sheet of the summary, in SPEC §8 order (本月变化, when there is one, is made by
/// [`super::changes`] and stands after 汇总).
pub const SHEETS: &[Sheet] = &[
    summary::SHEET,
    colleges::SHEET,
    criteria::SHEET,
    years::SHEET,
    students::SHEET,
    outcomes::SHEET,
    funding::SHEET,
    people::SHEET,
    problems::SHEET,
    files::SHEET,
    notes::SHEET,
];

/// One sheet: its name, its columns, where its rows come from and how it prints.
pub struct Sheet {
    pub name: &'static str,
    /// The headers and styles of the sheet's `COLUMNS`.
    pub columns: fn() -> Vec<Column>,
    pub rows: Rows,
    pub print: Print,
}

/// How the sheet `sheet` of the summary prints: as its [`Sheet`] says, a [`Print::List`]
/// for a sheet made elsewhere (本月变化).
pub fn print_of(sheet: &str) -> Print {
    (SHEETS.iter())
        .find(|s| s.name == sheet)
        .map_or(Print::List, |s| s.print)
}

/// Where a sheet's rows come from.
pub enum Rows {
    /// Made by [`build_light`] from the whole summary, given its stations in id order.
    Now(fn(&Summary, &[&Assessment]) -> Vec<Vec<Value>>),
    /// Made from each station's details (years, students, outcomes): by far the largest
    /// sheets. [`build_light`] leaves them without rows and [`take_detail_rows`] builds each
    /// when its turn comes, freeing the details it is made from, so that they are never all
    /// in memory at once.
    PerStation {
        /// Appends the station's rows.
        rows: fn(&Assessment, &mut Vec<Vec<Value>>),
        /// How many rows the station has.
        count: fn(&Assessment) -> usize,
        /// Frees the details the rows are made from.
        free: fn(&mut Assessment),
    },
}

/// One column: its header and look, and its value in a row about `item` owned by `of` (the
/// station on per-station sheets; `()` where rows have no owner).
pub struct Col<O, T> {
    pub column: Column,
    pub value: fn(&O, &T) -> Value,
}

pub const fn plain<O, T>(name: &'static str, value: fn(&O, &T) -> Value) -> Col<O, T> {
    styled(name, ColumnStyle::Plain, value)
}

pub const fn wide<O, T>(name: &'static str, value: fn(&O, &T) -> Value) -> Col<O, T> {
    styled(name, ColumnStyle::Wide, value)
}

pub const fn money<O, T>(name: &'static str, value: fn(&O, &T) -> Value) -> Col<O, T> {
    styled(name, ColumnStyle::Money, value)
}

pub const fn verdict<O, T>(name: &'static str, value: fn(&O, &T) -> Value) -> Col<O, T> {
    styled(name, ColumnStyle::Verdict, value)
}

const fn styled<O, T>(
    name: &'static str,
    style: ColumnStyle,
    value: fn(&O, &T) -> Value,
) -> Col<O, T> {
    Col {
        column: Column { name, style },
        value,
    }
}

/// The headers and styles of `columns`.
pub fn headers<O, T>(columns: &[Col<O, T>]) -> Vec<Column> {
    columns.iter().map(|c| c.column).collect()
}

/// The row about `item` owned by `of`: one value per column.
pub fn row<O, T>(columns: &[Col<O, T>], of: &O, item: &T) -> Vec<Value> {
    columns.iter().map(|c| (c.value)(of, item)).collect()
}

/// Whether `sheet` is one of the [`Rows::PerStation`] sheets, whose rows
/// [`take_detail_rows`] builds.
pub fn is_deferred(sheet: &str) -> bool {
    (SHEETS.iter()).any(|s| s.name == sheet && matches!(s.rows, Rows::PerStation { .. }))
}

/// Every sheet of the summary, in SPEC §8 order.
pub fn build(summary: &Summary) -> Vec<Table> {
    let mut tables = build_light(summary);
    for t in tables.iter_mut().filter(|t| is_deferred(t.sheet)) {
        t.rows = detail_rows(summary, t.sheet);
    }
    tables
}

/// Every sheet of the summary, in SPEC §8 order, the [`Rows::PerStation`] ones without rows.
pub fn build_light(summary: &Summary) -> Vec<Table> {
    let stations = stations(summary);
    (SHEETS.iter())
        .map(|s| Table {
            sheet: s.name,
            columns: (s.columns)(),
            rows: match s.rows {
                Rows::Now(rows) => rows(summary, &stations),
                Rows::PerStation { .. } => Vec::new(),
            },
        })
        .collect()
}

/// The rows of the [`Rows::PerStation`] table `sheet`, once the stations' details they are
/// made from are freed (the terminal report needs only each station's verdict and counts).
pub fn take_detail_rows(summary: &mut Summary, sheet: &str) -> Vec<Vec<Value>> {
    let rows = detail_rows(summary, sheet);
    if let Some(Rows::PerStation { free, .. }) = rows_of(sheet) {
        summary.assessments.iter_mut().for_each(free);
    }
    rows
}

/// The rows of all `tables`, those of the [`Rows::PerStation`] ones counted from the
/// stations' details they are made from.
pub fn row_count(tables: &[Table], summary: &Summary) -> usize {
    let details = |sheet: &str| match rows_of(sheet) {
        Some(Rows::PerStation { count, .. }) => summary.assessments.iter().map(count).sum(),
        _ => 0,
    };
    (tables.iter())
        .map(|t| t.rows.len().max(details(t.sheet)))
        .sum()
}

fn rows_of(sheet: &str) -> Option<&'static Rows> {
    SHEETS.iter().find(|s| s.name == sheet).map(|s| &s.rows)
}

/// The stations in id order.
fn stations(summary: &Summary) -> Vec<&Assessment> {
    let mut stations: Vec<&Assessment> = summary.assessments.iter().collect();
    stations.sort_by(|a, b| a.id.cmp(&b.id));
    stations
}

/// The rows of a [`Rows::PerStation`] sheet, station by station in id order; none for
/// another sheet.
fn detail_rows(summary: &Summary, sheet: &str) -> Vec<Vec<Value>> {
    let Some(&Rows::PerStation { rows, count, .. }) = rows_of(sheet) else {
        return Vec::new();
    };
    let stations = stations(summary);
    let mut out = Vec::with_capacity(stations.iter().map(|a| count(a)).sum());
    for a in stations {
        rows(a, &mut out);
    }
    out
}

/// The rows of a per-station sheet for one station: one per item of its `items`.
pub fn station_rows<T>(
    columns: &[Col<Assessment, T>],
    a: &Assessment,
    items: &[T],
    out: &mut Vec<Vec<Value>>,
) {
    out.extend(items.iter().map(|item| row(columns, a, item)));
}

pub fn int(n: usize) -> Value {
    Value::Int(n as i64)
}

/// An amount of yuan; empty when unknown.
pub fn yuan(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, Value::Number)
}

/// 是, 否 or empty.
pub fn opt_yes_no(v: Option<bool>) -> Value {
    v.map_or(Value::Empty, yes_no)
}

pub fn yes_no(v: bool) -> Value {
    Value::text(if v {
        crate::schema::YES
    } else {
        crate::schema::NO
    })
}
