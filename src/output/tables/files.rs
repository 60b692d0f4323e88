//! 文件清单: every file of the input folder, by path.

use super::{int, plain, verdict, wide, Col, Rows, Sheet};
use super::{ERRORS, FILE, FILED_ON, NOTE, SHA, STATION, STATUS, WARNINGS, YEAR};
use crate::evaluate::Assessment;
use crate::model::FileEntry;
use crate::output::Value;
use crate::schema::summary::FILES;
use crate::summary::Summary;

pub const SHEET: Sheet = Sheet {
    name: FILES,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::List,
};

const COLUMNS: &[Col<(), FileEntry>] = &[
    plain(FILE, |_, f| Value::link(&f.source.path, None)),
    plain("类型", |_, f| Value::text(f.kind.label())),
    plain(STATION, |_, f| Value::opt_text(f.station.clone())),
    plain(YEAR, |_, f| Value::opt_text(f.year.map(|y| y.to_string()))),
    plain(FILED_ON, |_, f| Value::opt_date(f.filed_on)),
    verdict(STATUS, |_, f| Value::text(f.status.label())),
    plain(ERRORS, |_, f| int(f.errors)),
    plain(WARNINGS, |_, f| int(f.warnings)),
    plain(SHA, |_, f| Value::opt_text(f.source.sha256.clone())),
    wide(NOTE, |_, f| Value::text(f.reason.clone())),
];

fn rows(summary: &Summary, _: &[&Assessment]) -> Vec<Vec<Value>> {
    let mut files: Vec<&FileEntry> = summary.files.iter().collect();
    files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    (files.iter())
        .map(|f| super::row(COLUMNS, &(), f))
        .collect()
}
