//! Evaluate stage (stub: being written).

use crate::group::Stations;
use crate::problem::Problem;
use crate::rules::Rules;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Assessment {
    pub id: String,
}

pub fn evaluate(
    stations: &Stations,
    _rules: &Rules,
    _as_of: NaiveDate,
    _problems: &mut Vec<Problem>,
) -> Vec<Assessment> {
    stations
        .histories
        .iter()
        .map(|h| Assessment { id: h.id.clone() })
        .collect()
}

impl Assessment {
    pub fn status_label(&self) -> &'static str {
        "—"
    }
    pub fn grade_label(&self) -> &'static str {
        "—"
    }
}
