//! What a person sees in the terminal: a progress bar while reading, then a short table.
//!
//! The report is built as text by [`render`] (so tests can read it) and printed by [`report`].
//! Columns are padded by display width, a Chinese character counting as two, and the grade
//! `—` is written `无等级`: a dash is one column in some consoles and two in a Chinese one.

use crate::evaluate::{Grade, Status};
use crate::output::Table;
use crate::problem::{Problem, Severity};
use crate::summary::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

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

/// A progress bar on stderr; hidden when quiet or when stderr is not a terminal (indicatif's
/// stderr target hides itself then, and when `TERM=dumb`), so a redirected run stays clean.
pub fn progress(total: u64, verbosity: Verbosity) -> ProgressBar {
    if verbosity == Verbosity::Quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("读取报表 [{bar:30}] {pos}/{len} 个文件，已用 {elapsed}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Everything the closing report shows.
pub struct Report<'a> {
    pub summary: &'a Summary,
    pub output: &'a Path,
    pub csv: Option<&'a Path>,
    /// The public workbook and page, when written (`--public`).
    pub public: &'a [PathBuf],
    /// The folder of the feedback to the colleges, and how many colleges have a workbook.
    pub feedback: Option<(&'a Path, usize)>,
    /// The earlier summary compared with, and the 本月变化 table.
    pub changes: Option<(&'a Path, &'a Table)>,
    /// Each stage and how long it took (shown with `-v`).
    pub timings: &'a [(&'static str, Duration)],
    pub total: Duration,
}

/// Prints the closing report to stdout; nothing when quiet.
pub fn report(r: &Report, verbosity: Verbosity) {
    if verbosity != Verbosity::Quiet {
        print!("{}", render(r, verbosity));
    }
}

const STATUSES: [Status; 3] = [Status::InTerm, Status::Expired, Status::Revoked];
const GRADES: [Grade; 4] = [
    Grade::Excellent,
    Grade::Qualified,
    Grade::Failed,
    Grade::None,
];

fn grade_label(g: Grade) -> &'static str {
    match g {
        Grade::None => "无等级",
        g => g.label(),
    }
}

/// The closing report as text.
pub fn render(r: &Report, verbosity: Verbosity) -> String {
    let s = r.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "评估日期 {}：{} 个文件，{} 个工作站",
        crate::dates::chinese_date(s.as_of),
        s.files.len(),
        s.assessments.len()
    );
    out.push('\n');
    out.push_str(&station_table(s));
    out.push('\n');

    let count = |sev| s.problems.iter().filter(|p| p.severity == sev).count();
    let _ = writeln!(
        out,
        "  问题：错误 {} 个，警告 {} 个，提示 {} 个",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    if !s.register_present {
        let _ = writeln!(
            out,
            "  注意：没有工作站名册，从未报送过报表的工作站无法发现，不在本汇总中"
        );
    }
    if let Some((previous, table)) = r.changes {
        let name = previous.file_name().unwrap_or_default().to_string_lossy();
        let _ = writeln!(
            out,
            "  本月变化：与 {name} 相比 {} 项{}",
            table.rows.len(),
            change_kinds(table)
        );
    }
    if verbosity == Verbosity::Verbose {
        out.push_str(&problems_by_file(&s.problems));
        if let Some((_, table)) = r.changes {
            out.push_str(&change_list(table));
        }
        out.push_str(&timings(r.timings, r.total));
    }
    out.push('\n');
    let _ = writeln!(out, "汇总工作簿：{}", r.output.display());
    if let Some((dir, colleges)) = r.feedback {
        let _ = writeln!(out, "学院反馈：{}（{colleges} 个学院）", dir.display());
    }
    if let Some(csv) = r.csv {
        let _ = writeln!(out, "CSV 文件夹：{}", csv.display());
    }
    if !r.public.is_empty() {
        let shown: Vec<String> = r.public.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(out, "公开版：{}", shown.join("、"));
    }
    out
}

/// Stations by status (rows) and grade (columns), with totals.
fn station_table(s: &Summary) -> String {
    let n = |status: Option<Status>, grade: Option<Grade>| {
        (s.assessments.iter())
            .filter(|a| status.is_none_or(|st| a.status == st))
            .filter(|a| grade.is_none_or(|g| a.grade == g))
            .count()
    };
    let mut header = vec!["状态".to_string()];
    header.extend(GRADES.iter().map(|g| grade_label(*g).to_string()));
    header.push("合计".to_string());
    let mut rows = vec![header];
    for status in STATUSES.map(Some).into_iter().chain([None]) {
        let mut row = vec![status.map_or("合计", |st| st.label()).to_string()];
        row.extend(GRADES.map(|g| n(status, Some(g)).to_string()));
        row.push(n(status, None).to_string());
        rows.push(row);
    }
    grid(&rows, "  ")
}

/// Rows of cells padded into columns: the first column left-aligned, the others right-aligned.
fn grid(rows: &[Vec<String>], indent: &str) -> String {
    padded(rows, indent, true)
}

/// Rows of text cells padded into columns; with `numbers`, every column but the first is
/// right-aligned, else all are left-aligned. Widths count a CJK character as two columns.
fn padded(rows: &[Vec<String>], indent: &str, numbers: bool) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            (rows.iter())
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = indent.to_string();
        for (c, cell) in row.iter().enumerate() {
            let gap = " ".repeat(widths[c].saturating_sub(cell.width()));
            if c == 0 || !numbers {
                if c > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                line.push_str(&gap);
            } else {
                line.push_str("  ");
                line.push_str(&gap);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `（新文件 1，等级变化 2）`: the kinds of change in 本月变化, in its order.
fn change_kinds(table: &Table) -> String {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for row in &table.rows {
        let kind = row.first().map(|v| v.display()).unwrap_or_default();
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    if kinds.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!("（{}）", parts.join("，"))
}

/// `-v`: errors and warnings, grouped by file in the order of the 问题清单.
fn problems_by_file(problems: &[Problem]) -> String {
    let mut shown: Vec<&Problem> = (problems.iter())
        .filter(|p| p.severity != Severity::Info)
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    shown.sort_by(|a, b| {
        (
            a.file.is_none(),
            a.file.as_deref(),
            a.severity,
            a.sheet.as_deref(),
            a.cell,
        )
            .cmp(&(
                b.file.is_none(),
                b.file.as_deref(),
                b.severity,
                b.sheet.as_deref(),
                b.cell,
            ))
    });
    let mut out = String::from("\n错误和警告（按文件）：\n");
    let mut current: Option<Option<&str>> = None;
    for p in shown {
        if current != Some(p.file.as_deref()) {
            current = Some(p.file.as_deref());
            let _ = writeln!(
                out,
                "  {}",
                p.file.as_deref().unwrap_or("（不属于某个文件）")
            );
        }
        let place = match (&p.sheet, p.cell) {
            (Some(sheet), Some(cell)) => format!("{sheet}!{cell} "),
            (Some(sheet), None) => format!("{sheet} "),
            _ => String::new(),
        };
        let _ = writeln!(out, "    [{}] {place}{}", p.severity, p.message);
    }
    out
}

/// `-v`: the rows of 本月变化.
fn change_list(table: &Table) -> String {
    if table.rows.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = (table.rows.iter())
        .map(|r| {
            let cell = |i: usize| r.get(i).map(|v| v.display()).unwrap_or_default();
            let (before, after) = (cell(3), cell(4));
            let change = match (before.is_empty(), after.is_empty()) {
                (true, true) => String::new(),
                (false, true) => format!("{before} →"),
                (true, false) => format!("→ {after}"),
                (false, false) => format!("{before} → {after}"),
            };
            vec![cell(0), cell(1), cell(2), change]
        })
        .collect();
    let mut out = String::from("\n本月变化：\n");
    for line in padded(&rows, "", false).lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// `-v`: each stage's time.
fn timings(laps: &[(&'static str, Duration)], total: Duration) -> String {
    let mut rows: Vec<Vec<String>> = (laps.iter())
        .map(|(stage, d)| vec![stage.to_string(), seconds(*d)])
        .collect();
    rows.push(vec!["合计".to_string(), seconds(total)]);
    format!("\n用时：\n{}", grid(&rows, "  "))
}

fn seconds(d: Duration) -> String {
    format!("{:.2} 秒", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_by_display_width() {
        let rows = vec![
            vec!["状态".to_string(), "不合格".to_string(), "合计".to_string()],
            vec!["已撤销".to_string(), "3".to_string(), "12".to_string()],
            vec!["合计".to_string(), "10".to_string(), "7".to_string()],
        ];
        let text = grid(&rows, "  ");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "  状态    不合格  合计");
        assert_eq!(lines[1], "  已撤销       3    12");
        assert_eq!(lines[2], "  合计        10     7");
        let widths: Vec<usize> = lines.iter().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}");
    }

    #[test]
    fn the_bar_is_hidden_when_stderr_is_not_a_terminal() {
        use std::io::IsTerminal;
        let dumb = std::env::var("TERM").ok().as_deref() == Some("dumb");
        let tty = std::io::stderr().is_terminal() && !dumb;
        assert_eq!(progress(3, Verbosity::Normal).is_hidden(), !tty);
        assert!(progress(3, Verbosity::Quiet).is_hidden());
    }
}
