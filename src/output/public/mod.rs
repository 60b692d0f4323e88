//! The public version (公开, SPEC §9.2). The measures: 学校…对各研究生工作站的非涉密主要数据，
//! 在适当范围内予以公开. `gsw consolidate DIR --public` writes, beside the summary, a workbook
//! and a self-contained web page with one row per station of its main data.
//!
//! What is published is decided here, once, as one [`Table`] that both printers take: the
//! columns below and nothing else — no student, person, phone number, file path, problem or
//! 预评 — and no station the register marks 涉密 = 是. A grade is published only where it is
//! final: for a station 期满 or 已撤销 whose grade is not a forecast.

mod html;

use super::tables::{self, int, money, plain, verdict, Col};
use super::tables::{COLLEGE, FUNDS_RECEIVED, GRADE, HOST, NATIONAL, PROVINCIAL};
use super::tables::{RECOGNISED_ON, STATION, STATION_NAME, STATUS, STUDENTS_COUNTED, TERM_END};
use super::xlsx::{self, write_atomically};
use super::{Table, Value};
use crate::evaluate::{Assessment, Status};
use crate::summary::Summary;
use crate::Error;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The sheet of the public workbook.
pub const SHEET: &str = "公开数据";
pub const TITLE: &str = "产教融合研究生工作站主要数据（公开）";
/// What a reader of the public version is told about what it holds.
pub const NOTE: &str = "本表公开各产教融合研究生工作站的非涉密主要数据。等级只对认定期满并已完成评估的工作站和已撤销的工作站列出，\
    在期工作站尚未评定，不列等级；进站半年以上人数、成果数和到位经费为认定有效期内各报告学年的合计。";

const COLUMNS: &[Col<Assessment, ()>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain(STATION_NAME, |a, _| Value::opt_text(a.name.clone())),
    plain(HOST, |a, _| Value::opt_text(a.host.clone())),
    plain(COLLEGE, |a, _| Value::opt_text(a.college.clone())),
    plain(RECOGNISED_ON, |a, _| Value::opt_date(a.recognised_on)),
    plain(TERM_END, |a, _| Value::opt_date(a.term.map(|t| t.end))),
    verdict(STATUS, |a, _| Value::text(a.status.label())),
    verdict(GRADE, |a, _| match final_grade(a) {
        true => Value::text(a.grade.label()),
        false => Value::Empty,
    }),
    plain(STUDENTS_COUNTED, |a, _| int(a.counts.students)),
    plain(NATIONAL, |a, _| int(a.counts.national)),
    plain(PROVINCIAL, |a, _| int(a.counts.provincial)),
    money(FUNDS_RECEIVED, |a, _| Value::Number(a.funds.received)),
];

/// A grade is published only when it is final: 期满 or 已撤销, and not a forecast.
fn final_grade(a: &Assessment) -> bool {
    matches!(a.status, Status::Expired | Status::Revoked) && !a.is_forecast
}

/// `工作站汇总_<D>_公开.xlsx` and `.html`.
pub fn file_names(as_of: NaiveDate) -> [String; 2] {
    let stem = format!(
        "{}{}_公开",
        super::SUMMARY_FILE_PREFIX,
        as_of.format("%Y-%m-%d")
    );
    [format!("{stem}.xlsx"), format!("{stem}.html")]
}

/// The public workbook and page in `dir`.
pub fn paths(dir: &Path, as_of: NaiveDate) -> [PathBuf; 2] {
    file_names(as_of).map(|name| dir.join(name))
}

/// One row per station not marked 涉密, in id order.
pub fn table(summary: &Summary) -> Table {
    let mut stations: Vec<&Assessment> = (summary.assessments.iter())
        .filter(|a| !a.confidential)
        .collect();
    stations.sort_by(|a, b| a.id.cmp(&b.id));
    Table {
        sheet: SHEET,
        columns: tables::headers(COLUMNS),
        rows: (stations.iter())
            .map(|a| tables::row(COLUMNS, a, &()))
            .collect(),
    }
}

/// Writes the public workbook and page into `dir`, each atomically like the summary; returns
/// their paths.
pub fn write(summary: &Summary, dir: &Path) -> Result<[PathBuf; 2], Error> {
    let table = table(summary);
    let [book, page] = paths(dir, summary.as_of);
    xlsx::write_public(&table, TITLE, NOTE, summary.as_of, &book)?;
    let text = html::page(&table, TITLE, NOTE, summary.as_of);
    write_atomically(&page, |file| {
        file.write_all(text.as_bytes())
            .map_err(|source| Error::Write {
                path: page.clone(),
                source,
            })
    })?;
    Ok([book, page])
}
