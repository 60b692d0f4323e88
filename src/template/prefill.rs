//! Pre-filled templates (SPEC §4): what the school sends out once it has a register.
//!
//! - a report template per register station, with the station's facts from the register
//!   written into 基本信息 and locked, so a college cannot report under a mistyped 编号 or an
//!   outdated 认定日期; the sheet is protected without a password, so the school can unlock it;
//!   牵头学院/医院 offers the register's colleges as a drop-down (for a station whose register
//!   row leaves it blank), and `--year` fills and locks 报告学年 and names the file by it;
//! - the review form with one row per known station (编号 and 名称), every opinion blank
//!   (blank = no opinion, the data decide).
//!
//! The stations come from the register (a file, or the one register in a folder) and, for a
//! folder, also from the reports in it: read by the same [`crate::ingest`] as `consolidate`.

use super::{Styles, FIRST_DATA_ROW, VALUE_COL};
use crate::dates::AcademicYear;
use crate::ingest;
use crate::model::{RegisterEntry, Submission};
use crate::problem::{Problem, Severity};
use crate::rules::Limits;
use crate::schema::{self, report, review, Field, Kind};
use crate::Error;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ColNum, Color, ExcelDateTime, ProtectionOptions, RowNum, Workbook, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The fields of 基本信息 that the register fills in and the template locks.
pub const LOCKED: [&Field; 6] = [
    &report::STATION_ID,
    &report::STATION_NAME,
    &report::HOST,
    &report::HOST_TYPE,
    &report::COLLEGE,
    &report::RECOGNISED_ON,
];

/// Background of a locked, pre-filled cell: grey, so it reads as "not yours to change".
const LOCKED_FILL: u32 = 0xEDEDED;

/// Everything known about the stations, from the register and (for a folder) the reports.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The register file, as shown in messages.
    pub register_file: String,
    /// One row per register station, in 编号 order.
    pub register: Vec<RegisterEntry>,
    /// Every known station, 编号 → 名称 (the register's, else the latest report's), in 编号 order.
    pub stations: BTreeMap<String, Option<String>>,
    /// Errors found in the register (rows left out), for the caller to mention.
    pub register_errors: Vec<Problem>,
}

/// Finds the register at `path` (a register workbook, or a folder holding exactly one) and,
/// for a folder, the stations of its reports. A register that cannot be found, read or used
/// is an [`Error::BadArgument`] with the reason in Chinese.
pub fn known_stations(path: &Path) -> Result<Known, Error> {
    let (register_file, entries, problems, reports) = if path.is_dir() {
        from_folder(path)?
    } else if path.exists() {
        let (file, entries, problems) = from_file(path)?;
        (file, entries, problems, Vec::new())
    } else {
        return Err(Error::BadArgument(format!(
            "找不到工作站名册 {}",
            path.display()
        )));
    };

    let mut by_id: BTreeMap<String, Vec<RegisterEntry>> = BTreeMap::new();
    for e in entries {
        by_id.entry(e.station_id.clone()).or_default().push(e);
    }
    if by_id.is_empty() {
        return Err(Error::BadArgument(format!(
            "工作站名册 {register_file} 中没有可用的工作站（每行须填写工作站编号）"
        )));
    }
    if let Some((id, rows)) = by_id.iter().find(|(_, rows)| rows.len() > 1) {
        let lines: Vec<String> = rows.iter().map(|e| (e.row + 1).to_string()).collect();
        return Err(Error::BadArgument(format!(
            "工作站名册 {register_file} 中工作站 {id} 出现 {} 次（第 {} 行），请先更正名册",
            rows.len(),
            lines.join("、")
        )));
    }
    let register: Vec<RegisterEntry> = by_id.into_values().flatten().collect();
    let mut stations: BTreeMap<String, Option<String>> = register
        .iter()
        .map(|e| (e.station_id.clone(), e.station_name.clone()))
        .collect();
    // Reports in year order, then by 填报日期: a later one's name wins.
    let mut reports = reports;
    reports.sort_by_key(|(_, year, filed, _)| (*year, *filed));
    for (id, _, _, name) in reports {
        if register.iter().any(|e| e.station_id == id) {
            continue;
        }
        let slot = stations.entry(id).or_default();
        if name.is_some() {
            *slot = name;
        }
    }
    Ok(Known {
        register_file,
        register,
        stations,
        register_errors: problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect(),
    })
}

/// (编号, 学年, 填报日期, 名称) of one report.
type ReportFacts = (
    String,
    crate::dates::AcademicYear,
    Option<NaiveDate>,
    Option<String>,
);

/// (register file, its rows, its problems, the reports' facts).
type Sources = (String, Vec<RegisterEntry>, Vec<Problem>, Vec<ReportFacts>);

fn from_folder(dir: &Path) -> Result<Sources, Error> {
    let results = ingest::ingest(dir, &[], Limits::default(), &|| {});
    let mut registers = Vec::new();
    let mut reports = Vec::new();
    for r in results {
        match r.submission {
            Some(Submission::Register(entries)) => {
                let shown = dir.join(&r.file.source.path).display().to_string();
                registers.push((shown, entries, r.problems))
            }
            Some(Submission::Report(report)) => reports.push((
                report.info.station_id.clone(),
                report.info.year,
                report.info.filed_on,
                report.info.station_name.clone(),
            )),
            _ => {}
        }
    }
    match registers.len() {
        0 => Err(Error::BadArgument(format!(
            "文件夹 {} 中没有找到可用的工作站名册（含“{}”工作表的工作簿）",
            dir.display(),
            schema::register::SHEET.name
        ))),
        1 => {
            let (file, entries, problems) = registers.remove(0);
            Ok((file, entries, problems, reports))
        }
        n => {
            let files: Vec<String> = registers.into_iter().map(|r| r.0).collect();
            Err(Error::BadArgument(format!(
                "文件夹 {} 中有 {n} 份工作站名册（{}），只能有一份",
                dir.display(),
                files.join("、")
            )))
        }
    }
}

fn from_file(path: &Path) -> Result<(String, Vec<RegisterEntry>, Vec<Problem>), Error> {
    let shown = path.display().to_string();
    let result = ingest::read_path(path, Limits::default());
    match result.submission {
        Some(Submission::Register(entries)) => Ok((shown, entries, result.problems)),
        Some(other) => Err(Error::BadArgument(format!(
            "{shown} 是{}，不是工作站名册",
            other.kind().title()
        ))),
        None => {
            let reason = if result.file.reason.is_empty() {
                result
                    .problems
                    .iter()
                    .find(|p| p.severity == Severity::Error)
                    .map(|p| p.message.clone())
                    .unwrap_or_default()
            } else {
                result.file.reason.clone()
            };
            Err(Error::BadArgument(format!(
                "无法使用工作站名册 {shown}：{reason}"
            )))
        }
    }
}

/// The value the register gives a locked field, if any.
enum Value<'a> {
    Text(&'a str),
    Date(NaiveDate),
}

fn register_value<'a>(entry: &'a RegisterEntry, field: &Field) -> Option<Value<'a>> {
    let text = |s: &'a Option<String>| s.as_deref().map(Value::Text);
    if *field == report::STATION_ID {
        Some(Value::Text(&entry.station_id))
    } else if *field == report::STATION_NAME {
        text(&entry.station_name)
    } else if *field == report::HOST {
        text(&entry.host)
    } else if *field == report::HOST_TYPE {
        entry.host_type.map(Value::Text)
    } else if *field == report::COLLEGE {
        text(&entry.college)
    } else if *field == report::RECOGNISED_ON {
        entry.recognised_on.map(Value::Date)
    } else {
        None
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // A year outside u16 becomes 0, which rust_xlsxwriter refuses with a range error.
    let year = u16::try_from(d.year()).unwrap_or(0);
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// The report template pre-filled for one register station: the [`LOCKED`] fields the
/// register gives are written and locked, every other value cell of 基本信息 is unlocked, and
/// 基本信息 is protected without a password. A field the register leaves blank stays open.
/// The other sheets are not protected.
pub fn report(entry: &RegisterEntry) -> Result<Workbook, XlsxError> {
    report_for(entry, &[], None)
}

/// [`report`], with `colleges` (the register's) as the drop-down of 牵头学院/医院 and, when
/// given, `year` written into 报告学年 and locked.
pub fn report_for(
    entry: &RegisterEntry,
    colleges: &[String],
    year: Option<AcademicYear>,
) -> Result<Workbook, XlsxError> {
    let mut workbook = super::workbook(Kind::Report)?;
    let styles = Styles::default();
    if !colleges.is_empty() {
        let help = workbook.worksheet_from_name(schema::HELP_SHEET)?;
        let range = super::help::write_choices(help, "名册中的牵头学院/医院", colleges, &styles)?;
        let row = super::position(&report::BASIC, &report::COLLEGE).expect("a 基本信息 field");
        let rule =
            super::validation::for_listed(&report::COLLEGE, &range, "名册中的牵头学院/医院")?;
        let ws = workbook.worksheet_from_name(report::BASIC.name)?;
        ws.add_data_validation(
            RowNum::from(row),
            VALUE_COL,
            RowNum::from(row),
            VALUE_COL,
            &rule,
        )?;
    }
    let ws = workbook.worksheet_from_name(report::BASIC.name)?;
    for (row, field) in report::BASIC.fields.iter().enumerate() {
        let row = row as RowNum;
        let format = styles.value(field.ty);
        let year_text = year.map(|y| y.to_string());
        let value = if *field == report::ACADEMIC_YEAR {
            year_text.as_deref().map(Value::Text)
        } else {
            LOCKED
                .contains(&field)
                .then(|| register_value(entry, field))
                .flatten()
        };
        match value {
            Some(Value::Text(s)) => {
                let locked = format.clone().set_background_color(Color::RGB(LOCKED_FILL));
                ws.write_string_with_format(row, VALUE_COL, s, &locked)?;
            }
            Some(Value::Date(d)) => {
                let locked = styles
                    .date
                    .clone()
                    .set_background_color(Color::RGB(LOCKED_FILL));
                ws.write_datetime_with_format(row, VALUE_COL, excel_date(d)?, &locked)?;
            }
            // 模板版本 is the template's, not the college's: it stays locked as written.
            None if *field == report::TEMPLATE_VERSION => {}
            None => {
                ws.set_cell_format(row, VALUE_COL, &format.clone().set_unlocked())?;
            }
        }
    }
    let options = ProtectionOptions {
        // Chinese names may need wider columns or taller rows.
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
    Ok(workbook)
}

/// The file name of a station's pre-filled report template: `<编号>_<名称>_年度基本数据报表.xlsx`,
/// with characters Windows does not allow in names replaced by `_`.
pub fn report_file_name(entry: &RegisterEntry) -> String {
    report_file_name_for(entry, None)
}

/// [`report_file_name`], for one year: `2025-2026学年_<编号>_<名称>_年度基本数据报表.xlsx`, so
/// that each year's templates have their own names (as reports are named in the folder).
pub fn report_file_name_for(entry: &RegisterEntry, year: Option<AcademicYear>) -> String {
    let year = year.map(|y| format!("{y}学年"));
    let mut parts: Vec<&str> = year.as_deref().into_iter().collect();
    parts.push(entry.station_id.as_str());
    if let Some(name) = entry.station_name.as_deref() {
        parts.push(name);
    }
    parts.push(schema::REPORT.template_file);
    safe_file_name(&parts.join("_"))
}

fn safe_file_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The review form with one row per known station in 编号 order: 编号 and 名称 filled in,
/// every opinion blank.
pub fn review(known: &Known) -> Result<Workbook, XlsxError> {
    let mut workbook = super::workbook(Kind::Review)?;
    let sheet = &review::SHEET;
    let column = |field: &Field| -> ColNum {
        super::position(sheet, field).expect("the review sheet has its own fields")
    };
    let ws = workbook.worksheet_from_name(sheet.name)?;
    for (i, (id, name)) in known.stations.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as RowNum;
        ws.write_string(row, column(&review::STATION_ID), id)?;
        if let Some(name) = name {
            ws.write_string(row, column(&review::STATION_NAME), name)?;
        }
    }
    Ok(workbook)
}

/// The pre-filled report templates of every register station, for `year` if given:
/// (file name, bytes), built in memory so that nothing is written when one of them fails.
pub fn reports(
    known: &Known,
    year: Option<AcademicYear>,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let colleges = colleges(known);
    known
        .register
        .iter()
        .map(|e| {
            let bytes = report_for(e, &colleges, year)?.save_to_buffer()?;
            Ok((report_file_name_for(e, year), bytes))
        })
        .collect()
}

/// The register's colleges (牵头学院/医院), each once, in order.
pub fn colleges(known: &Known) -> Vec<String> {
    let mut colleges: Vec<String> = (known.register.iter())
        .filter_map(|e| e.college.clone())
        .filter(|c| !c.trim().is_empty())
        .collect();
    colleges.sort();
    colleges.dedup();
    colleges
}

/// The blank report template with 报告学年 filled in (not locked: nothing else is).
pub fn blank_report(year: AcademicYear) -> Result<Workbook, XlsxError> {
    let mut workbook = super::workbook(Kind::Report)?;
    let styles = Styles::default();
    let row = super::position(&report::BASIC, &report::ACADEMIC_YEAR).expect("a 基本信息 field");
    let ws = workbook.worksheet_from_name(report::BASIC.name)?;
    let text = styles.value(report::ACADEMIC_YEAR.ty);
    ws.write_string_with_format(RowNum::from(row), VALUE_COL, year.to_string(), text)?;
    Ok(workbook)
}

/// The file name of the blank report template for `year`: `2025-2026学年_年度基本数据报表.xlsx`.
pub fn blank_report_file_name(year: AcademicYear) -> String {
    format!("{year}学年_{}", schema::REPORT.template_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_chinese_and_drop_what_windows_refuses() {
        let entry = RegisterEntry {
            station_id: "GZZ-2022-01".into(),
            station_name: Some("滨海/康华:研究生工作站".into()),
            ..Default::default()
        };
        assert_eq!(
            report_file_name(&entry),
            "GZZ-2022-01_滨海_康华_研究生工作站_年度基本数据报表.xlsx"
        );
        let unnamed = RegisterEntry {
            station_id: "GZZ-1".into(),
            ..Default::default()
        };
        assert_eq!(report_file_name(&unnamed), "GZZ-1_年度基本数据报表.xlsx");
        assert_eq!(
            report_file_name_for(&unnamed, Some(AcademicYear::new(2025))),
            "2025-2026学年_GZZ-1_年度基本数据报表.xlsx"
        );
        assert_eq!(
            blank_report_file_name(AcademicYear::new(2025)),
            "2025-2026学年_年度基本数据报表.xlsx"
        );
    }

    #[test]
    fn every_locked_field_is_on_the_basic_sheet_and_filled_by_the_register() {
        let entry = RegisterEntry {
            station_id: "X".into(),
            station_name: Some("n".into()),
            host: Some("h".into()),
            host_type: Some("企业"),
            college: Some("c".into()),
            recognised_on: Some(crate::dates::ymd(2022, 9, 1)),
            ..Default::default()
        };
        for field in LOCKED {
            assert!(
                report::BASIC.field(field.label).is_some(),
                "{}",
                field.label
            );
            assert!(register_value(&entry, field).is_some(), "{}", field.label);
        }
        assert!(register_value(&entry, &report::FILED_ON).is_none());
    }
}
