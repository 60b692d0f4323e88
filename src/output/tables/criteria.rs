//! 评估明细: one row per station and criterion (C1–C8).

use super::{plain, verdict, wide, Col, Rows, Sheet, STATION};
use crate::evaluate::{Assessment, CriterionResult, Grade, Verdict};
use crate::output::Value;
use crate::schema::summary::CRITERIA;
use crate::summary::Summary;

pub const SHEET: Sheet = Sheet {
    name: CRITERIA,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::Page { signature: false },
};

const COLUMNS: &[Col<Assessment, CriterionResult>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain("标准", |_, c| Value::text(c.title())),
    wide("要求", |_, c| Value::text(c.requirement.clone())),
    wide("实际", |_, c| Value::text(c.actual.clone())),
    verdict("结果", |_, c| Value::text(c.result().label())),
    wide("依据", |_, c| Value::text(c.evidence.clone())),
    verdict("合格标准", |_, c| {
        Value::text(c.qualified.map_or(Grade::None.label(), Verdict::label))
    }),
    verdict("优秀标准", |_, c| Value::text(c.excellent.label())),
];

fn rows(_: &Summary, stations: &[&Assessment]) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for a in stations {
        super::station_rows(COLUMNS, a, &a.criteria, &mut out);
    }
    out
}
