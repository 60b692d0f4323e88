//! `gsw check FILE…`: the same reading and validation on single workbooks, for a college
//! to run before sending. Exit 0: no errors; 1: errors; 2: a file could not be checked (it
//! cannot be read, is no spreadsheet, or is no workbook of a kind gsw knows). A .zip is
//! checked as `consolidate` reads it: each member under its path in the archive, the files
//! the folder walk ignores (lock files, hidden files, documents) shown but not counted.

use crate::cli::CheckArgs;
use crate::ingest::{self, FileResult};
use crate::model::{FileKind, FileStatus};
use crate::model::{RegisterEntry, Report, Submission};
use crate::problem::{Problem, Severity};
use crate::rules::Limits;
use crate::Error;
use crate::{evaluate, group};
use serde::Serialize;
use std::path::Path;

pub fn run(args: &CheckArgs) -> Result<u8, Error> {
    let register = match &args.register {
        Some(path) => Some(crate::template::known_stations(path)?.register),
        None => None,
    };
    let mut results: Vec<FileResult> = args.files.iter().flat_map(|p| check_path(p)).collect();
    if let Some(register) = &register {
        for r in &mut results {
            if let Some(Submission::Report(report)) = &r.submission {
                let found = against_register(report, register);
                r.problems.extend(found);
            }
        }
    }
    let counted: Vec<&FileResult> = results.iter().filter(|r| counted(r, args)).collect();
    let unchecked = counted.iter().filter(|r| not_checked(r)).count();
    let with_errors = counted
        .iter()
        .filter(|r| !not_checked(r) && r.problems.iter().any(|p| p.severity == Severity::Error))
        .count();
    if args.json {
        print_json(&results);
    } else {
        for r in &results {
            print_human(r);
        }
        if results.len() > 1 {
            println!(
                "共检查 {} 个文件：{} 个没有错误，{with_errors} 个有错误，{unchecked} 个无法检查。",
                counted.len(),
                counted.len() - with_errors - unchecked
            );
        }
    }
    Ok(if unchecked > 0 {
        2
    } else if with_errors > 0 {
        1
    } else {
        0
    })
}

/// A file that could not be checked: unreadable, no spreadsheet, of no known kind, or an
/// archive that could not be opened.
fn not_checked(r: &FileResult) -> bool {
    matches!(
        r.file.kind,
        FileKind::Unreadable
            | FileKind::NotSpreadsheet
            | FileKind::UnknownSpreadsheet
            | FileKind::Archive
    )
}

/// Whether a result counts as a file checked: not an archive that was opened (its members
/// count), nor a member that the folder walk would ignore; a file named on the command line
/// always counts.
fn counted(r: &FileResult, args: &CheckArgs) -> bool {
    let named = (args.files.iter()).any(|p| p.display().to_string() == r.file.source.path);
    r.file.status != FileStatus::Ignored || (named && r.file.kind != FileKind::Archive)
}

/// SPEC §10: what `consolidate` would say of a report against the register: each register
/// field that differs; a 工作站编号 not in the register, attributed by the report's name to a
/// register station (then compared with that one) or warned with the nearest numbers.
pub fn against_register(report: &Report, register: &[RegisterEntry]) -> Vec<Problem> {
    let id = &report.info.station_id;
    if let Some(entry) = register.iter().find(|e| &e.station_id == id) {
        return evaluate::register_differences(report, entry);
    }
    let named = (report.info.station_name.as_deref())
        .and_then(|name| group::register_station_named(name, register));
    if let Some(entry) = named {
        let mut out = vec![group::station_id_typo(report, &entry.station_id)];
        out.extend(evaluate::register_differences(report, entry));
        return out;
    }
    let ids: Vec<&str> = register.iter().map(|e| e.station_id.as_str()).collect();
    vec![group::not_in_register(id, report, &ids)]
}

/// Reads one file as `consolidate` would, named as the user typed it.
pub fn check_one(path: &Path) -> FileResult {
    ingest::read_path(path, Limits::default())
}

/// [`check_one`], with a .zip's members after its own row.
pub fn check_path(path: &Path) -> Vec<FileResult> {
    ingest::read_path_all(path, Limits::default())
}

fn print_human(r: &FileResult) {
    let e = &r.file;
    let mut problems: Vec<_> = r.problems.iter().collect();
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let n = |s| problems.iter().filter(|p| p.severity == s).count();
    if e.kind == FileKind::NotSpreadsheet
        || (e.kind == FileKind::Archive && e.status == FileStatus::Ignored)
    {
        println!("{}: {}", e.source.path, e.reason);
        return;
    }
    if not_checked(r) {
        // The reason is the file's one problem: said once.
        println!("{}: 无法检查。{}", e.source.path, e.reason);
        return;
    }
    println!(
        "{}（{}）: {} 个错误，{} 个警告，{} 个提示",
        e.source.path,
        e.kind.label(),
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info)
    );
    for p in &problems {
        let place = match (&p.sheet, p.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => "（整个文件）".to_string(),
        };
        println!("  [{}] {place}  {}", p.severity, p.message);
    }
    let report = e.kind == FileKind::Report;
    match n(Severity::Error) {
        0 if report => println!("  没有错误，可以报送。"),
        0 => {}
        errors => {
            println!(
            "  有 {errors} 个错误：请按上列工作表和单元格逐一改正并保存，再运行 gsw check 检查{}。",
            if report { "，没有错误后再报送" } else { "" }
        )
        }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    kind: &'static str,
    status: &'static str,
    reason: &'a str,
    station: Option<&'a str>,
    year: Option<String>,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    level: &'static str,
    code: &'static str,
    sheet: Option<&'a str>,
    cell: Option<String>,
    message: &'a str,
}

fn print_json(results: &[FileResult]) {
    let files: Vec<JsonFile> = results
        .iter()
        .map(|r| {
            let mut problems: Vec<_> = r.problems.iter().collect();
            problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            JsonFile {
                file: &r.file.source.path,
                kind: r.file.kind.label(),
                status: r.file.status.label(),
                reason: &r.file.reason,
                station: r.file.station.as_deref(),
                year: r.file.year.map(|y| y.to_string()),
                errors: r
                    .problems
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count(),
                warnings: r
                    .problems
                    .iter()
                    .filter(|p| p.severity == Severity::Warning)
                    .count(),
                problems: problems
                    .into_iter()
                    .map(|p| JsonProblem {
                        level: p.severity.label(),
                        code: p.code.as_str(),
                        sheet: p.sheet.as_deref(),
                        cell: p.cell.map(|c| c.to_string()),
                        message: &p.message,
                    })
                    .collect(),
            }
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&files).unwrap_or_default()
    );
}
