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
