//! Validate stage: a raw workbook is recognised by its sheets (SPEC §2) and every field of the
//! schema is read and checked; the result is a typed [`Submission`] plus the problems found,
//! each at its sheet and cell.

pub mod cell;
mod lists;
mod report;
pub mod sheet;

use crate::dates::AcademicYear;
use crate::model::Submission;
use crate::problem::{CellRef, Code, Problem};
use crate::read::{OpenWorkbook, RawSheet, ReadError};
use crate::schema::{self, normalize_name, Kind, KindSchema, Sheet};

/// Collects the problems of one workbook.
#[derive(Debug, Default)]
pub struct Context {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl Context {
    pub fn new(file: impl Into<String>) -> Self {
        Context {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    pub fn problem(
        &mut self,
        code: Code,
        sheet: &str,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) {
        self.problems.push(
            Problem::new(code, message)
                .in_file(self.file.clone())
                .at(sheet, cell),
        );
    }

    pub fn file_problem(&mut self, code: Code, message: impl Into<String>) {
        self.problems
            .push(Problem::new(code, message).in_file(self.file.clone()));
    }

    /// Tags every problem so far with the station and year once they are known.
    fn tag(&mut self, station: &str, year: Option<AcademicYear>) {
        for p in &mut self.problems {
            p.station.get_or_insert_with(|| station.to_string());
            if p.year.is_none() {
                p.year = year;
            }
        }
    }
}

/// What the sheets say a workbook is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognised {
    Kind(Kind),
    /// The program's own summary workbook.
    Summary,
    /// None of the known kinds; the sheets each kind would need, that it lacks.
    Unknown(String),
}

/// Recognises a workbook by its sheet names, compared after normalisation.
pub fn recognise(sheet_names: &[String]) -> Recognised {
    let names: Vec<String> = sheet_names
        .iter()
        .map(|n| normalize_name(n).into_owned())
        .collect();
    let has = |s: &str| names.iter().any(|n| *n == normalize_name(s));
    if schema::summary::MARKERS.iter().all(|s| has(s))
        || schema::summary::FEEDBACK_MARKERS.iter().all(|s| has(s))
    {
        return Recognised::Summary;
    }
    for kind in schema::READ_KINDS {
        if kind.recognised_by.iter().all(|s| has(s)) {
            return Recognised::Kind(kind.kind);
        }
    }
    // The kinds people fill from a template: a 抽查清单 is the program's own, never made by hand.
    let lacking = schema::KINDS
        .iter()
        .map(|k| {
            let missing: Vec<&str> = k
                .recognised_by
                .iter()
                .copied()
                .filter(|s| !has(s))
                .collect();
            format!("{}缺少工作表 {}", k.title, missing.join("、"))
        })
        .collect::<Vec<_>>()
        .join("；");
    Recognised::Unknown(lacking)
}

/// The outcome of validating one readable workbook.
#[derive(Debug)]
pub struct Validated {
    pub submission: Option<Submission>,
    /// Why the workbook is not used, when `submission` is `None`.
    pub reason: String,
    pub problems: Vec<Problem>,
}

/// Loads the sheets of `kind` from an open workbook; a sheet of the schema that is absent
/// is `None`. A sheet that exists but cannot be read fails the whole workbook: using the
/// rest would count it as empty.
fn load_sheets(
    wb: &mut OpenWorkbook,
    kind: &KindSchema,
) -> Result<Vec<(&'static Sheet, Option<RawSheet>)>, ReadError> {
    let names = wb.sheet_names.clone();
    kind.sheets
        .iter()
        .map(|schema_sheet| {
            let wanted = normalize_name(schema_sheet.name);
            let raw = match names.iter().find(|n| normalize_name(n) == wanted) {
                Some(name) => Some(wb.sheet(name)?),
                None => None,
            };
            Ok((*schema_sheet, raw))
        })
        .collect()
}

/// Sheets that are not read — not in the template, or a second sheet whose name matches one
/// already read — but hold something: each listed (提示) with how many cells it holds, so
/// that rows typed into, say, a continuation sheet are not lost without a word.
fn list_unread_sheets(wb: &mut OpenWorkbook, kind: &KindSchema, ctx: &mut Context) {
    let names = wb.sheet_names.clone();
    let read: Vec<&String> = (kind.sheets.iter())
        .filter_map(|s| {
            let wanted = normalize_name(s.name);
            names.iter().find(|n| normalize_name(n) == wanted)
        })
        .collect();
    let help = normalize_name(schema::HELP_SHEET);
    for name in names.iter().filter(|n| !read.contains(n)) {
        // A chart sheet holds a chart, not cells anyone typed.
        if normalize_name(name) == help || wb.is_chart_sheet(name) {
            continue;
        }
        let message = match wb.sheet(name) {
            Ok(raw) => {
                let filled = (raw.rows())
                    .flat_map(|(_, cells)| cells.iter())
                    .filter(|c| !sheet::is_blank(c))
                    .count();
                if filled == 0 {
                    continue;
                }
                format!("工作表 \"{name}\" 不是模板中的工作表，其中 {filled} 个单元格的内容未读取")
            }
            Err(e) => format!("工作表 \"{name}\" 不是模板中的工作表，未读取（{e}）"),
        };
        ctx.problem(Code::ExtraSheet, name, None, message);
    }
}

/// Validates a workbook already recognised as `kind`.
pub fn validate(wb: &mut OpenWorkbook, kind: Kind, file: &str) -> Result<Validated, ReadError> {
    let mut ctx = Context::new(file);
    let sheets = load_sheets(wb, kind.schema())?;
    list_unread_sheets(wb, kind.schema(), &mut ctx);
    let (submission, reason) = match kind {
        Kind::Report => match report::build(&sheets, &mut ctx) {
            Some(r) => (Some(Submission::Report(Box::new(r))), String::new()),
            None => (None, "缺少工作站编号或报告学年，无法归入工作站".to_string()),
        },
        Kind::Register => (
            Some(Submission::Register(lists::register(&sheets, &mut ctx))),
            String::new(),
        ),
        Kind::Review => (
            Some(Submission::Review(lists::review(&sheets, &mut ctx))),
            String::new(),
        ),
        Kind::SpotCheck => (
            Some(Submission::SpotCheck(lists::spot_check(&sheets, &mut ctx))),
            String::new(),
        ),
    };
    let mut submission = submission;
    if let Some(Submission::Report(r)) = &mut submission {
        r.broken = (ctx.problems.iter())
            .find(|p| matches!(p.code, Code::MissingSheet | Code::MissingHeader))
            .map(|p| p.message.clone());
    }
    Ok(Validated {
        submission,
        reason,
        problems: ctx.problems,
    })
}
