//! The result of a run, before it is printed: every station's assessment, every file, every
//! problem, and the facts of the run that 说明 states.

use crate::dates::AcademicYear;
use crate::evaluate::Assessment;
use crate::model::SourceFile;
use crate::problem::Problem;
use crate::rules::Rules;
use chrono::NaiveDate;

/// What a file turned out to be (文件清单 类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Report,
    Register,
    Review,
    /// The program's own summary workbook.
    Summary,
    /// A spreadsheet of none of the known kinds.
    UnknownSpreadsheet,
    /// A spreadsheet that could not be opened.
    Unreadable,
    NotSpreadsheet,
}

impl FileKind {
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Report => crate::schema::REPORT.title,
            FileKind::Register => crate::schema::REGISTER.title,
            FileKind::Review => crate::schema::REVIEW.title,
            FileKind::Summary => "汇总结果",
            FileKind::UnknownSpreadsheet => "未知表格",
            FileKind::Unreadable => "无法读取",
            FileKind::NotSpreadsheet => "非表格文件",
        }
    }
}

/// 文件清单 状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileStatus {
    Used,
    Superseded,
    NotUsed,
    Ignored,
}

impl FileStatus {
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Used => "已采用",
            FileStatus::Superseded => "被取代",
            FileStatus::NotUsed => "未采用",
            FileStatus::Ignored => "已忽略",
        }
    }
}

/// One row of 文件清单.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEntry {
    pub source: SourceFile,
    pub kind: FileKind,
    pub status: FileStatus,
    /// Why it has that status, in Chinese; empty for a plainly used file.
    pub reason: String,
    pub station: Option<String>,
    pub year: Option<AcademicYear>,
    pub filed_on: Option<NaiveDate>,
    pub errors: usize,
    pub warnings: usize,
}

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
