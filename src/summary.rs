//! The result of a run, before it is printed: every station's assessment, every file, every
//! problem, and the facts of the run that 说明 states.

use crate::evaluate::Assessment;
use crate::model::FileEntry;
use crate::problem::Problem;
use crate::rules::Rules;
use chrono::NaiveDate;

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
