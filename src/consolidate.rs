//! The whole line from a folder to a [`Summary`]: ingest → group → evaluate.

use crate::evaluate;
use crate::group::{self, ReportInput};
use crate::ingest::{self, FileResult};
use crate::model::FileStatus;
use crate::model::Submission;
use crate::problem::{Code, Problem};
use crate::read::Limits;
use crate::rules::Rules;
use crate::summary::Summary;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a consolidation needs besides the folder.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: NaiveDate,
    pub rules: Rules,
    pub limits: Limits,
    /// Absolute paths neither read nor listed (the output file, the CSV folder).
    pub skip: Vec<PathBuf>,
}

/// Reads every workbook under `input` and evaluates every station.
pub fn consolidate(input: &Path, options: &Options, tick: &(dyn Fn() + Sync)) -> Summary {
    let results = ingest::ingest(input, &options.skip, options.limits, tick);
    summarize(input, results, options)
}

/// Everything after reading: group, evaluate, and assemble the summary.
pub fn summarize(input: &Path, results: Vec<FileResult>, options: &Options) -> Summary {
    let mut files = Vec::with_capacity(results.len());
    let mut problems: Vec<Problem> = Vec::new();
    let mut reports = Vec::new();
    let mut registers = Vec::new();
    let mut reviews = Vec::new();
    for r in results {
        problems.extend(r.problems);
        match r.submission {
            Some(Submission::Report(report)) => reports.push(ReportInput {
                report: *report,
                modified: r.entry.source.modified,
            }),
            Some(Submission::Register(entries)) => registers.push(entries),
            Some(Submission::Review(entries)) => reviews.extend(entries),
            None => {}
        }
        files.push(r.entry);
    }

    let register_files: Vec<String> = registers
        .iter()
        .filter_map(|r| r.first().map(|e| e.file.clone()))
        .collect();
    let due = options.rules.report_due;
    let (mut stations, replaced) = group::group(reports, registers, reviews, due, &mut problems);
    if register_files.len() > 1 {
        mark(
            &mut files,
            &register_files,
            FileStatus::NotUsed,
            "名册不止一份，均未采用",
        );
    }
    // SPEC §10: a report attributed to a register station by its name is listed under it.
    for (file, id) in &stations.renumbered {
        if let Some(f) = files.iter_mut().find(|f| &f.source.path == file) {
            f.station = Some(id.clone());
        }
    }
    let replaced: HashMap<&str, &group::Replaced> =
        replaced.iter().map(|r| (r.file.as_str(), r)).collect();
    for f in &mut files {
        if let Some(r) = replaced.get(f.source.path.as_str()) {
            f.status = FileStatus::Superseded;
            f.reason = format!("被 {} 取代（同一工作站同一学年，{}）", r.by, r.why);
        }
    }
    if !stations.register_present {
        problems.push(Problem::new(
            Code::NoRegister,
            "文件夹中没有工作站名册：从未报送过报表的工作站无法被发现和评估",
        ));
    }

    let assessments =
        evaluate::evaluate(&mut stations, &options.rules, options.as_of, &mut problems);
    // SPEC §5.3: a report for a year outside the term is not used (its 提示 says why).
    let outside: std::collections::HashSet<&str> = (assessments.iter())
        .flat_map(|a| a.files_outside_term.iter().map(String::as_str))
        .collect();
    for f in &mut files {
        if f.status == FileStatus::Used && outside.contains(f.source.path.as_str()) {
            f.status = FileStatus::NotUsed;
            f.reason = "报告学年不是认定有效期的报告学年，未用于评估".to_string();
        }
    }
    recount(&mut files, &problems);
    problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Summary {
        as_of: options.as_of,
        input_dir: input.display().to_string(),
        rules: options.rules.clone(),
        register_present: stations.register_present,
        assessments,
        files,
        problems,
    }
}

fn mark(files: &mut [crate::model::FileEntry], paths: &[String], status: FileStatus, reason: &str) {
    for f in files.iter_mut().filter(|f| paths.contains(&f.source.path)) {
        f.status = status;
        f.reason = reason.to_string();
    }
}

/// Errors and warnings per file, after the later stages added theirs.
fn recount(files: &mut [crate::model::FileEntry], problems: &[Problem]) {
    use crate::problem::Severity;
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
    for f in files {
        let (e, w) = counts
            .get(f.source.path.as_str())
            .copied()
            .unwrap_or_default();
        f.errors = e;
        f.warnings = w;
    }
}
