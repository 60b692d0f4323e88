//! The result of a run, before it is printed: every station's assessment, every file, every
//! problem, and the facts of the run that 说明 states.
//!
//! This stage owns the 文件清单 rows: each is built once, from what reading found about the
//! file ([`FileRead`]) and what grouping and evaluation decided about it
//! ([`FileDecision`], [`Assessment::files_outside_term`]), with its errors and warnings
//! counted once, from the final list of problems.

use crate::evaluate::Assessment;
use crate::group::FileDecision;
use crate::ingest::FileRead;
use crate::model::{FileEntry, FileId, FileStatus};
use crate::problem::{Problem, Severity};
use crate::rules::Rules;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Everything the printers need.
#[derive(Debug, Clone)]
pub struct Summary {
    pub as_of: NaiveDate,
    /// The input folder as given on the command line.
    pub input_dir: String,
    pub rules: Rules,
    pub register_present: bool,
    pub assessments: Vec<Assessment>,
    pub files: Vec<FileEntry>,
    /// Sorted by `Problem::sort_key`.
    pub problems: Vec<Problem>,
}

/// The facts of the run itself.
#[derive(Debug, Clone)]
pub struct Run {
    pub as_of: NaiveDate,
    /// The input folder as given on the command line.
    pub input_dir: String,
    pub rules: Rules,
    pub register_present: bool,
}

/// Assembles the summary: the files (`files[i]` is [`FileId`] `i`) with what the later
/// stages decided about them, the assessments, and every problem, sorted.
pub fn summarize(
    run: Run,
    files: Vec<FileRead>,
    grouped: &[FileDecision],
    assessments: Vec<Assessment>,
    mut problems: Vec<Problem>,
) -> Summary {
    let outside_term = assessments.iter().flat_map(|a| &a.files_outside_term);
    let files = file_entries(files, grouped, outside_term.copied(), &problems);
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Summary {
        as_of: run.as_of,
        input_dir: run.input_dir,
        rules: run.rules,
        register_present: run.register_present,
        assessments,
        files,
        problems,
    }
}

/// What the stages after reading decided about one file.
#[derive(Debug, Default)]
struct Later {
    /// Grouping: another report of its station and year is used (`被 … 取代（…）`).
    superseded: Option<String>,
    /// Grouping: listed under this register station's 编号 (SPEC §10).
    station: Option<String>,
    /// Grouping: one of several registers.
    register_not_unique: bool,
    /// Evaluation: a report for a year outside the term (SPEC §5.3).
    outside_term: bool,
}

/// One 文件清单 row per file, in the order found.
fn file_entries(
    files: Vec<FileRead>,
    grouped: &[FileDecision],
    outside_term: impl Iterator<Item = FileId>,
    problems: &[Problem],
) -> Vec<FileEntry> {
    let mut later: Vec<Later> = files.iter().map(|_| Later::default()).collect();
    for d in grouped {
        match d {
            FileDecision::Superseded { file, by, why } => {
                later[file.0].superseded = Some(format!(
                    "被 {} 取代（同一工作站同一学年，{why}）",
                    files[by.0].source.path
                ));
            }
            FileDecision::Renumbered { file, station } => {
                later[file.0].station = Some(station.clone());
            }
            FileDecision::RegisterNotUnique { file } => later[file.0].register_not_unique = true,
        }
    }
    for FileId(i) in outside_term {
        later[i].outside_term = true;
    }
    let counts = counts_by_file(problems);
    (files.into_iter().zip(later))
        .map(|(read, later)| entry(read, later, &counts))
        .collect()
}

fn entry(read: FileRead, later: Later, counts: &HashMap<&str, (usize, usize)>) -> FileEntry {
    let (status, reason) = if let Some(reason) = later.superseded {
        (FileStatus::Superseded, reason)
    } else if later.register_not_unique {
        (FileStatus::NotUsed, "名册不止一份，均未采用".to_string())
    } else if later.outside_term && read.status == FileStatus::Used {
        let reason = "报告学年不是认定有效期的报告学年，未用于评估";
        (FileStatus::NotUsed, reason.to_string())
    } else {
        (read.status, read.reason)
    };
    let (errors, warnings) = (counts.get(read.source.path.as_str()))
        .copied()
        .unwrap_or_default();
    FileEntry {
        source: read.source,
        kind: read.kind,
        status,
        reason,
        station: later.station.or(read.station),
        year: read.year,
        filed_on: read.filed_on,
        errors,
        warnings,
    }
}

/// (errors, warnings) per file path, from the final list of problems.
fn counts_by_file(problems: &[Problem]) -> HashMap<&str, (usize, usize)> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for p in problems {
        if let Some(file) = p.file.as_deref() {
            let c = counts.entry(file).or_default();
            match p.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => {}
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::AcademicYear;
    use crate::group::Preferred;
    use crate::model::{FileKind, SourceFile};
    use crate::problem::Code;

    /// Path, status, reason, station, errors, warnings.
    type Row<'a> = (&'a str, FileStatus, &'a str, Option<&'a str>, usize, usize);

    fn read(path: &str, kind: FileKind, status: FileStatus) -> FileRead {
        FileRead {
            source: SourceFile {
                path: path.to_string(),
                modified: None,
                size: 1,
                sha256: None,
            },
            kind,
            status,
            reason: String::new(),
            station: (kind == FileKind::Report).then(|| "S1".to_string()),
            year: (kind == FileKind::Report).then(|| AcademicYear::new(2023)),
            filed_on: None,
        }
    }

    /// Each row is what reading found, changed only by what a later stage decided about that
    /// file; errors and warnings are those of the final problem list that name the file.
    #[test]
    fn each_row_from_reading_and_the_later_decisions() {
        use FileKind::*;
        use FileStatus::*;
        let mut ignored = read("说明.txt", NotSpreadsheet, Ignored);
        ignored.reason = "非表格文件".into();
        let files = vec![
            read("a.xlsx", Report, Used),
            read("b.xlsx", Report, Used),
            read("名册1.xlsx", Register, Used),
            read("名册2.xlsx", Register, Used),
            read("old.xlsx", Report, Used),
            ignored,
            read("typo.xlsx", Report, Used),
        ];
        let grouped = [
            FileDecision::Superseded {
                file: FileId(1),
                by: FileId(0),
                why: Preferred::FiledLater,
            },
            FileDecision::RegisterNotUnique { file: FileId(2) },
            FileDecision::RegisterNotUnique { file: FileId(3) },
            FileDecision::Renumbered {
                file: FileId(6),
                station: "S2".into(),
            },
        ];
        let problems = [
            Problem::new(Code::BadDate, "x").in_file("b.xlsx"),
            Problem::new(Code::SubsidyBelowMinimum, "x").in_file("b.xlsx"),
            Problem::new(Code::StudentOutsideYear, "x").in_file("b.xlsx"),
            Problem::new(Code::DuplicateFile, "x").in_file("b.xlsx"),
            Problem::new(Code::DuplicateRegister, "x").in_file("名册1.xlsx"),
            Problem::new(Code::NoRegister, "x"),
        ];
        let severities: Vec<Severity> = problems.iter().map(|p| p.severity).collect();
        use Severity::{Error, Info, Warning};
        assert_eq!(severities, [Error, Warning, Warning, Info, Error, Info]);
        let rows = file_entries(files, &grouped, [FileId(4)].into_iter(), &problems);
        let got: Vec<Row> = (rows.iter())
            .map(|f| {
                let (path, reason) = (f.source.path.as_str(), f.reason.as_str());
                let station = f.station.as_deref();
                (path, f.status, reason, station, f.errors, f.warnings)
            })
            .collect();
        let superseded = "被 a.xlsx 取代（同一工作站同一学年，填报日期更晚）";
        let not_unique = "名册不止一份，均未采用";
        let outside = "报告学年不是认定有效期的报告学年，未用于评估";
        assert_eq!(
            got,
            [
                ("a.xlsx", Used, "", Some("S1"), 0, 0),
                ("b.xlsx", Superseded, superseded, Some("S1"), 1, 2),
                ("名册1.xlsx", NotUsed, not_unique, None, 1, 0),
                ("名册2.xlsx", NotUsed, not_unique, None, 0, 0),
                ("old.xlsx", NotUsed, outside, Some("S1"), 0, 0),
                ("说明.txt", Ignored, "非表格文件", None, 0, 0),
                ("typo.xlsx", Used, "", Some("S2"), 0, 0),
            ]
        );
    }
}
