//! 汇总: one row per station, its verdict and totals.

use super::layout::{labelled, line, stack, PrintColumn};
use super::{int, money, plain, verdict, wide, Col, Rows, Sheet};
use super::{COLLEGE, ERRORS, FUNDS_RECEIVED, GRADE, HOST, NATIONAL, PROVINCIAL, STATION};
use super::{RECOGNISED_ON, STATION_NAME, STATUS, STUDENTS_COUNTED, TERM_END, WARNINGS};
use crate::evaluate::{Assessment, Grade};
use crate::output::Value;
use crate::problem::Severity;
use crate::schema::summary::SUMMARY;
use crate::summary::Summary;
use std::collections::HashMap;

pub const SHEET: Sheet = Sheet {
    name: SUMMARY,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::Layout {
        columns: PRINT,
        signature: true,
    },
};

/// A station's problems by severity.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

const COLUMNS: &[Col<Assessment, Tally>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain(STATION_NAME, |a, _| Value::opt_text(a.name.clone())),
    plain(HOST, |a, _| Value::opt_text(a.host.clone())),
    plain(COLLEGE, |a, _| Value::opt_text(a.college.clone())),
    plain(RECOGNISED_ON, |a, _| Value::opt_date(a.recognised_on)),
    plain(TERM_END, |a, _| Value::opt_date(a.term.map(|t| t.end))),
    verdict(STATUS, |a, _| Value::text(a.status.label())),
    verdict(GRADE, |a, _| Value::text(a.grade.label())),
    verdict("可升至", |a, _| {
        Value::opt_text(a.can_rise_to.map(Grade::label))
    }),
    wide("结论", |a, _| Value::text(a.conclusion.clone())),
    plain("应报年数", |a, _| int(a.counts.due_years)),
    plain("按时", |a, _| int(a.counts.on_time)),
    plain("迟交", |a, _| int(a.counts.late)),
    plain("未报", |a, _| int(a.counts.missing)),
    plain(STUDENTS_COUNTED, |a, _| int(a.counts.students)),
    plain("其中博士", |a, _| int(a.counts.doctors)),
    plain("其中硕士", |a, _| int(a.counts.masters)),
    plain(NATIONAL, |a, _| int(a.counts.national)),
    plain(PROVINCIAL, |a, _| int(a.counts.provincial)),
    plain("未达标项", |a, _| Value::text(a.unmet().join("、"))),
    plain("待评议项", |a, _| Value::text(a.pending().join("、"))),
    plain(ERRORS, |_, t| int(t.errors)),
    plain(WARNINGS, |_, t| int(t.warnings)),
    // SPEC §9.1: the four-year totals of funding and subsidies, after the columns of §8 so
    // that those keep their places.
    money(FUNDS_RECEIVED, |a, _| Value::Number(a.funds.received)),
    money("支出经费合计(元)", |a, _| {
        Value::Number(a.funds.spent)
    }),
    money("生活补助发放合计(元)", |a, _| {
        Value::Number(a.funds.students_paid)
    }),
    plain("联合承担科研项目合计", |a, _| {
        Value::Int(a.funds.joint_projects as i64)
    }),
    wide("预评", |a, _| Value::text(a.hints.join("；"))),
    wide("预警", |a, _| Value::text(a.alerts.join("；"))),
    plain("填报日期不明", |a, _| int(a.counts.date_unknown)),
    plain("认定日期来源", |a, _| {
        Value::text(a.recognised_from.label())
    }),
];

/// 汇总 on paper (SPEC §9.6): its columns stacked into eleven printed columns of 167 units
/// in all (twelve, 183, with the funding totals), so that A4 landscape holds them at 85–95 %
/// (9–10 pt). A labelled line (`应报：4`, `日期不明：0`) fits its column on one line
/// by the wrapped-line estimate, so that a row is as high as its longest text needs
/// (narrower, LibreOffice drew each row twice as high as its text). Identity and dates
/// as lines under a header that names them; counts labelled. The totals of SPEC §9.1 have
/// their place when the table has them; a column named nowhere here is printed in a last
/// column of its own (see [`super::layout::lay_out`]).
const PRINT: &[PrintColumn] = &[
    stack(17.0, &[line(STATION), line(STATION_NAME)]),
    stack(15.0, &[line("设站单位"), line("牵头学院/医院")]),
    stack(
        11.0,
        &[line("认定日期"), line("期满日期"), line("认定日期来源")],
    ),
    stack(
        11.0,
        &[line(GRADE), line(STATUS), labelled("可升至", "可升至")],
    ),
    stack(28.0, &[line("结论")]),
    stack(
        10.0,
        &[
            labelled("应报年数", "应报"),
            labelled("按时", "按时"),
            labelled("迟交", "迟交"),
            labelled("未报", "未报"),
        ],
    ),
    stack(
        14.0,
        &[
            labelled(STUDENTS_COUNTED, "半年以上"),
            labelled("其中博士", "博士"),
            labelled("其中硕士", "硕士"),
        ],
    ),
    stack(
        12.0,
        &[
            labelled("国家级成果", "国家级"),
            labelled("省部级成果", "省部级"),
        ],
    ),
    stack(
        16.0,
        &[
            labelled("到位经费合计(元)", "到位"),
            labelled("支出经费合计(元)", "支出"),
            labelled("生活补助发放合计(元)", "补助"),
            labelled("联合承担科研项目合计", "联合项目"),
        ],
    ),
    stack(
        13.0,
        &[
            labelled("未达标项", "未达标"),
            labelled("待评议项", "待评议"),
        ],
    ),
    stack(
        14.0,
        &[
            labelled(ERRORS, "错误"),
            labelled(WARNINGS, "警告"),
            labelled("填报日期不明", "日期不明"),
        ],
    ),
    stack(22.0, &[labelled("预评", "预评"), labelled("预警", "预警")]),
];

fn rows(summary: &Summary, stations: &[&Assessment]) -> Vec<Vec<Value>> {
    let tallies = tally(summary);
    (stations.iter())
        .map(|a| {
            let t = tallies.get(a.id.as_str()).copied().unwrap_or_default();
            super::row(COLUMNS, a, &t)
        })
        .collect()
}

/// Each station's problems by severity, by station id.
pub(super) fn tally(summary: &Summary) -> HashMap<&str, Tally> {
    let mut out: HashMap<&str, Tally> = HashMap::new();
    for p in &summary.problems {
        let Some(id) = p.station.as_deref() else {
            continue;
        };
        let t = out.entry(id).or_default();
        match p.severity {
            Severity::Error => t.errors += 1,
            Severity::Warning => t.warnings += 1,
            Severity::Info => {}
        }
    }
    out
}
