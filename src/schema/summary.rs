//! The program's own summary workbook: its sheet names, in the order written (SPEC §8). Below
//! the pipeline, so that the reader can recognise a summary (never read as input) and the
//! printers and the monthly comparison name the same sheets.

pub const SUMMARY: &str = "汇总";
/// Written only when the output folder holds an earlier summary to compare with.
pub const CHANGES: &str = "本月变化";
/// One row per 牵头学院/医院 (SPEC §9.1).
pub const COLLEGES: &str = "学院";
pub const CRITERIA: &str = "评估明细";
pub const YEARS: &str = "年度上报";
pub const STUDENTS: &str = "进站研究生";
pub const OUTCOMES: &str = "成果";
pub const FUNDING: &str = "经费";
pub const PEOPLE: &str = "站长及专家";
pub const PROBLEMS: &str = "问题清单";
pub const FILES: &str = "文件清单";
pub const NOTES: &str = "说明";

/// Sheets that mark the program's own summary workbook.
pub const MARKERS: &[&str] = &[SUMMARY, FILES];

/// The sheets of a college's feedback workbook (学院反馈, SPEC §9.4): what to do, and its
/// stations' rows of 汇总. They mark it as the program's own too.
pub const FEEDBACK_TODO: &str = "待办";
pub const FEEDBACK_STATIONS: &str = "工作站";
pub const FEEDBACK_MARKERS: &[&str] = &[FEEDBACK_TODO, FEEDBACK_STATIONS];
