//! 说明: what the run was (date, folder, version), the rules in force with their clauses,
//! counts by status, grade and level, and the program's readings of the measures
//! ([`crate::rules::readings`]).

use super::{plain, wide, Col, Rows, Sheet};
use crate::evaluate::{Assessment, Grade, Status};
use crate::model::FileStatus;
use crate::output::Value;
use crate::problem::Severity;
use crate::rules::readings;
use crate::schema::summary::NOTES;
use crate::summary::Summary;
use std::collections::HashMap;

pub const SHEET: Sheet = Sheet {
    name: NOTES,
    columns: || super::headers(COLUMNS),
    rows: Rows::Now(rows),
    print: super::Print::List,
};

/// One line of 说明.
struct Note {
    item: String,
    content: Value,
}

const COLUMNS: &[Col<(), Note>] = &[
    plain("项目", |_, n| Value::text(n.item.clone())),
    wide("内容", |_, n| n.content.clone()),
];

fn note(item: impl Into<String>, content: Value) -> Note {
    Note {
        item: item.into(),
        content,
    }
}

fn rows(summary: &Summary, stations: &[&Assessment]) -> Vec<Vec<Value>> {
    (notes(summary, stations).iter())
        .map(|n| super::row(COLUMNS, &(), n))
        .collect()
}

fn notes(summary: &Summary, stations: &[&Assessment]) -> Vec<Note> {
    let r = &summary.rules;
    let mut notes = vec![
        note("评估日期", Value::Date(summary.as_of)),
        note("输入文件夹", Value::text(summary.input_dir.clone())),
        note(
            "程序版本",
            Value::text(format!("gsw {}", env!("CARGO_PKG_VERSION"))),
        ),
        note(
            "规则说明",
            Value::text(
                "各项标准、所依据的管理办法条文和程序的解释见 gsw 的《评定规则与解释》\
                 （Windows 程序包中的 规则说明.pdf；源代码中的 docs/规则.md）",
            ),
        ),
    ];
    for (key, value, clause) in r.entries() {
        notes.push(note(
            format!("{}（{key}）", crate::rules::chinese_name(key)),
            Value::text(format!("{value}（{clause}）")),
        ));
    }
    let statuses = [Status::InTerm, Status::Expired, Status::Revoked].map(Status::label);
    let grades = [
        Grade::Excellent,
        Grade::Qualified,
        Grade::Failed,
        Grade::None,
    ]
    .map(Grade::label);
    let file_statuses = [
        FileStatus::Used,
        FileStatus::Superseded,
        FileStatus::NotUsed,
        FileStatus::Ignored,
    ]
    .map(FileStatus::label);
    let levels = [Severity::Error, Severity::Warning, Severity::Info].map(Severity::label);
    let forecasts = stations.iter().filter(|a| a.is_forecast).count();
    notes.extend([
        note(
            "工作站（按状态）",
            Value::text(format!(
                "共 {} 个：{}",
                stations.len(),
                counts_by(&statuses, stations.iter().map(|a| a.status.label()))
            )),
        ),
        note(
            "工作站（按等级）",
            Value::text(format!(
                "{}；其中预评或暂评 {forecasts} 个",
                counts_by(&grades, stations.iter().map(|a| a.grade.label()))
            )),
        ),
        note(
            "文件（按状态）",
            Value::text(format!(
                "共 {} 个：{}",
                summary.files.len(),
                counts_by(
                    &file_statuses,
                    summary.files.iter().map(|f| f.status.label())
                )
            )),
        ),
        note(
            "问题（按级别）",
            Value::text(format!(
                "共 {} 条：{}",
                summary.problems.len(),
                counts_by(&levels, summary.problems.iter().map(|p| p.severity.label()))
            )),
        ),
    ]);
    let readings = readings::readings(r, summary.register_present);
    for (i, reading) in readings.into_iter().enumerate() {
        notes.push(note(format!("解释 {}", i + 1), Value::text(reading.text)));
    }
    notes.push(note(
        "结论中的日期",
        Value::text(readings::term_end(r).text),
    ));
    notes
}

/// `在期 3，期满 2，已撤销 1`: counts by label, in the given label order, zeros left out.
fn counts_by<'a>(labels: &[&'a str], items: impl Iterator<Item = &'a str>) -> String {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for i in items {
        *n.entry(i).or_default() += 1;
    }
    let parts: Vec<String> = labels
        .iter()
        .filter_map(|l| n.get(l).map(|k| format!("{l} {k}")))
        .collect();
    if parts.is_empty() {
        "无".to_string()
    } else {
        parts.join("，")
    }
}
