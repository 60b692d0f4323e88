//! What a person sees in the terminal: a progress bar while reading, then a short table.

use crate::problem::Severity;
use crate::summary::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Verbosity {
    pub fn from_flags(quiet: bool, verbose: bool) -> Self {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// A progress bar on stderr; hidden when quiet or when stderr is not a terminal.
pub fn progress(total: u64, verbosity: Verbosity) -> ProgressBar {
    if verbosity == Verbosity::Quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("读取报表 {bar:30} {pos}/{len} 个文件 {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The closing report: stations by status and grade, problems by level, where it went.
pub fn report(summary: &Summary, output: &Path, csv: Option<&Path>, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    let mut grades: BTreeMap<(String, String), usize> = BTreeMap::new();
    for a in &summary.assessments {
        *grades
            .entry((a.status.label().to_string(), a.grade.label().to_string()))
            .or_default() += 1;
    }
    println!(
        "评估日期 {}，共 {} 个文件，{} 个工作站",
        summary.as_of,
        summary.files.len(),
        summary.assessments.len()
    );
    println!("  {:<8}{:<8}{:>6}", "状态", "等级", "工作站");
    for ((status, grade), n) in &grades {
        println!("  {}{}{n:>6}", pad(status, 8), pad(grade, 8));
    }
    let count = |s| summary.problems.iter().filter(|p| p.severity == s).count();
    println!(
        "问题: {} 个错误，{} 个警告，{} 个提示",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    if !summary.register_present {
        println!("注意: 没有工作站名册，从未报送过报表的工作站无法发现，不在本汇总中");
    }
    if verbosity == Verbosity::Verbose {
        for p in summary
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
        {
            println!("  {p}");
        }
    }
    println!("汇总工作簿: {}", output.display());
    if let Some(csv) = csv {
        println!("CSV 文件夹: {}", csv.display());
    }
}

/// Pads to a display width, counting a CJK character as two columns.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
