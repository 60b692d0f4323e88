//! The whole line from a folder to a [`Summary`]: discover and read (ingest) → group →
//! evaluate → summary. The binary and the tests run this same function; the binary watches
//! it through [`Progress`] (a progress bar while reading, each stage's time for `-v`).
//! [`spot_check`] runs the same line up to evaluation, then draws the stations to check.

use crate::evaluate;
use crate::group::{self, FileDecision, RegisterInput, ReportInput, Stations};
use crate::ingest::{self, FileRead, FileResult};
use crate::model::{FileId, Submission};
use crate::rules::Limits;
use crate::rules::Rules;
use crate::spotcheck::{self, Checklist};
use crate::summary::{self, Run, Summary};
use crate::{discover, problem::Problem};
use chrono::NaiveDate;
use rayon::prelude::*;
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

/// What a run tells its caller as it goes. A closure `Fn()` is one that only counts the
/// files read (tests pass `&|| {}`).
pub trait Progress: Sync {
    /// `files` files were found and are about to be read.
    fn found(&self, _files: usize) {}
    /// One more file was read; called from the reading threads.
    fn file_read(&self);
    /// A stage has just ended.
    fn stage_done(&self, _stage: Stage) {}
}

impl<F: Fn() + Sync> Progress for F {
    fn file_read(&self) {
        self()
    }
}

/// The stages a run reports the end of, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Every file under the folder found.
    Discover,
    /// Every file read and validated.
    Read,
    /// Grouped, evaluated and summarised.
    Evaluate,
}

impl Stage {
    /// As `-v` names it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Discover => "查找文件",
            Stage::Read => "读取报表",
            Stage::Evaluate => "评估",
        }
    }
}

/// Reads every workbook under `input` and evaluates every station.
pub fn consolidate(input: &Path, options: &Options, progress: &dyn Progress) -> Summary {
    let found = discover::discover(input, &options.skip);
    progress.stage_done(Stage::Discover);
    progress.found(found.len());
    let results = ingest::read_all(found, options.limits, &|| progress.file_read());
    progress.stage_done(Stage::Read);
    let summary = after_reading(input, results, options);
    progress.stage_done(Stage::Evaluate);
    summary
}

/// Group, evaluate, and assemble the summary. A file's [`FileId`] is its place in `results`.
fn after_reading(input: &Path, results: Vec<FileResult>, options: &Options) -> Summary {
    let Grouped {
        files,
        mut stations,
        decisions,
        mut problems,
    } = grouped(results, options);
    let assessments =
        evaluate::evaluate(&mut stations, &options.rules, options.as_of, &mut problems);
    let run = Run {
        as_of: options.as_of,
        input_dir: input.display().to_string(),
        rules: options.rules.clone(),
        register_present: stations.register_present,
    };
    summary::summarize(run, files, &decisions, assessments, problems)
}

/// What reading gave, joined per station.
struct Grouped {
    files: Vec<FileRead>,
    stations: Stations,
    decisions: Vec<FileDecision>,
    problems: Vec<Problem>,
}

/// Stage 4 over what reading gave: reports, register, review and filled 抽查清单s joined.
fn grouped(results: Vec<FileResult>, options: &Options) -> Grouped {
    let mut files = Vec::with_capacity(results.len());
    let mut problems: Vec<Problem> = Vec::new();
    let mut reports = Vec::new();
    let mut registers = Vec::new();
    let mut reviews = Vec::new();
    let mut spot_checks = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        let file = FileId(i);
        problems.extend(r.problems);
        match r.submission {
            Some(Submission::Report(report)) => reports.push(ReportInput {
                file,
                report: *report,
                modified: r.file.source.modified,
            }),
            Some(Submission::Register(entries)) => registers.push(RegisterInput { file, entries }),
            Some(Submission::Review(entries)) => reviews.extend(entries),
            Some(Submission::SpotCheck(entries)) => spot_checks.extend(entries),
            None => {}
        }
        files.push(r.file);
    }
    let due = options.rules.report_due;
    let (mut stations, decisions) = group::group(reports, registers, reviews, due, &mut problems);
    group::apply_spot_checks(&mut stations, spot_checks, &mut problems);
    Grouped {
        files,
        stations,
        decisions,
        problems,
    }
}

/// `gsw spot-check`: reads the folder as [`consolidate`] does (filled 抽查清单s included), finds
/// what counts toward each station's grade, and draws the stations to check.
pub fn spot_check(
    input: &Path,
    options: &Options,
    draw: spotcheck::Draw,
    progress: &dyn Progress,
) -> Checklist {
    let found = discover::discover(input, &options.skip);
    progress.stage_done(Stage::Discover);
    progress.found(found.len());
    let results = ingest::read_all(found, options.limits, &|| progress.file_read());
    progress.stage_done(Stage::Read);
    let stations = grouped(results, options).stations;
    let items = (stations.histories.par_iter())
        .map(|h| evaluate::spot_items(h, &options.rules, options.as_of))
        .collect();
    let checklist = spotcheck::draw(items, draw, options.as_of);
    progress.stage_done(Stage::Evaluate);
    checklist
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Everything a run reported, in order.
    struct Recorded(Mutex<Vec<String>>);

    impl Progress for Recorded {
        fn found(&self, files: usize) {
            self.0.lock().unwrap().push(format!("found {files}"));
        }
        fn file_read(&self) {
            self.0.lock().unwrap().push("read".into());
        }
        fn stage_done(&self, stage: Stage) {
            self.0.lock().unwrap().push(stage.label().into());
        }
    }

    /// The binary's progress bar and `-v` timings see each stage end once, in order, and
    /// each file read once.
    #[test]
    fn a_run_reports_its_stages_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("说明.txt"), "x").unwrap();
        std::fs::write(dir.path().join("空.xlsx"), "").unwrap();
        let options = Options {
            as_of: crate::dates::ymd(2026, 11, 30),
            rules: Rules::default(),
            limits: Limits::default(),
            skip: Vec::new(),
        };
        let recorded = Recorded(Mutex::new(Vec::new()));
        let summary = consolidate(dir.path(), &options, &recorded);
        assert_eq!(summary.files.len(), 2);
        assert_eq!(
            recorded.0.into_inner().unwrap(),
            ["查找文件", "found 2", "read", "read", "读取报表", "评估"]
        );
    }
}
