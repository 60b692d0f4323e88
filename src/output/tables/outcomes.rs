//! 成果: one row per outcome of the station's used reports in its term.

use super::{plain, verdict, wide, yes_no, Col, Rows, Sheet};
use super::{COUNTED, FILE, LEVEL, NOTE, STATION, YEAR};
use crate::evaluate::{Assessment, OutcomeLine};
use crate::output::Value;
use crate::schema::summary::OUTCOMES;

pub const SHEET: Sheet = Sheet {
    name: OUTCOMES,
    columns: || super::headers(COLUMNS),
    rows: Rows::PerStation {
        rows: |a, out| super::station_rows(COLUMNS, a, &a.outcomes, out),
        count: |a| a.outcomes.len(),
        free: |a| a.outcomes = Vec::new(),
    },
    print: super::Print::List,
};

const COLUMNS: &[Col<Assessment, OutcomeLine>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain("成果类型", |_, o| Value::opt_text(o.kind)),
    plain("成果名称", |_, o| Value::opt_text(o.name.clone())),
    plain(LEVEL, |_, o| Value::opt_text(o.level)),
    plain("取得日期", |_, o| Value::opt_date(o.obtained_on)),
    plain(YEAR, |_, o| Value::text(o.year.to_string())),
    verdict(COUNTED, |_, o| yes_no(o.counted)),
    wide(NOTE, |_, o| Value::text(o.note.clone())),
    // The source file's path as text, not a link per row to the outcome's cell: such links
    // cost much of a large run's time and memory (`benches/README.md`), the row already
    // shows the outcome, and 文件清单 links each file.
    plain(FILE, |_, o| Value::text(o.file.clone())),
];
