//! What of a station a spot check can look at (管理办法: “学校会对研究生工作站相关数据进行抽查”;
//! SPEC §9.3): every item that counts toward its grade, where it is written, and the value it
//! holds, so that a checker can find it and a filled 抽查清单 can be joined back to it
//! ([`crate::group::apply_spot_checks`]).
//!
//! The items are those the criteria count, as they count them:
//! - 研究生: each report row that gives days to a student counted for C5 (in the station
//!   `half_year_days` or more), one item per row;
//! - 成果: each outcome counted for C6 at 国家级 or 省部级, and each claim of 重要经济社会效益 C6
//!   accepts; an outcome that is both is one item (found untrue, neither counts);
//! - 经费: each counted year's 到位金额 total, when above 0 (C8).
//!
//! A revoked station has no grade, so nothing of it counts: it has no items.

use super::criteria::ranked;
use super::outcomes::claims_benefit;
use super::{assess, students, years, Grade, Status};
use crate::dates::{days_inclusive, AcademicYear};
use crate::group::StationHistory;
use crate::model::SpotTarget;
use crate::problem::CellRef;
use crate::rules::Rules;
use crate::schema::report as rf;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A station, what it is graded, and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct StationItems {
    pub id: String,
    pub name: Option<String>,
    /// 牵头学院/医院: the register's, else the latest report's.
    pub college: Option<String>,
    pub status: Status,
    pub grade: Grade,
    pub is_forecast: bool,
    pub items: Vec<SpotItem>,
}

/// One item that counts toward a station's grade.
#[derive(Debug, Clone, PartialEq)]
pub struct SpotItem {
    /// What it is and the value it holds (学号, 成果名称, total).
    pub target: SpotTarget,
    /// The report, relative to the input folder, and the sheet as written.
    pub file: String,
    pub sheet: String,
    /// 单元格: the cell, or for a year's funding the first and last 到位金额 cells.
    pub cells: Option<(CellRef, CellRef)>,
    pub detail: SpotDetail,
}

/// What the checker is shown of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum SpotDetail {
    Student {
        name: Option<String>,
        level: Option<&'static str>,
        year: AcademicYear,
        /// The days this row gives, and the student's days in all.
        start: NaiveDate,
        end: NaiveDate,
        total_days: i64,
    },
    Outcome {
        year: AcademicYear,
        kind: Option<&'static str>,
        level: Option<&'static str>,
        obtained_on: Option<NaiveDate>,
        /// Counted as a 国家级 or 省部级 outcome.
        ranked: bool,
        /// Its claim of 重要经济社会效益 is accepted, with the 效益说明.
        benefit: Option<Option<String>>,
    },
    Funding {
        year: AcademicYear,
        /// Rows of 经费 with a 到位金额.
        rows: usize,
    },
}

impl SpotDetail {
    /// The days a student row gives.
    pub fn days(&self) -> Option<i64> {
        match self {
            SpotDetail::Student { start, end, .. } => Some(days_inclusive(*start, *end)),
            _ => None,
        }
    }
}

/// The station assessed as of `as_of`, with every item that counts toward its grade, in the
/// order 研究生 (year and row), 成果 (year and row), 经费 (year).
pub fn spot_items(history: &StationHistory, rules: &Rules, as_of: NaiveDate) -> StationItems {
    let a = assess(history, rules, as_of, &mut Vec::new());
    let mut items = Vec::new();
    if a.status != Status::Revoked {
        let reporting = years::reporting_years(a.term, history);
        let used: Vec<_> = (history.years.iter())
            .filter(|y| reporting.contains(&y.year))
            .collect();
        let counted: HashMap<&str, i64> = (a.students.iter())
            .filter(|s| s.counted)
            .map(|s| (s.student_id.as_str(), s.days))
            .collect();
        for y in &used {
            for row in &y.used.students {
                let Some(&total_days) = row.student_id.as_deref().and_then(|id| counted.get(id))
                else {
                    continue;
                };
                let span = students::row_span(row, y.year, a.term, as_of);
                let (sheet, cell) = y.used.cell(&rf::STUDENTS, &rf::STUDENT_ID, row.row);
                let (Some((start, end)), Some(cell)) = (span, cell) else {
                    continue;
                };
                items.push(SpotItem {
                    target: SpotTarget::Student {
                        cell,
                        student_id: row.student_id.clone().unwrap_or_default(),
                    },
                    file: y.used.file.clone(),
                    sheet,
                    cells: Some((cell, cell)),
                    detail: SpotDetail::Student {
                        name: row.name.clone(),
                        level: row.level,
                        year: y.year,
                        start,
                        end,
                        total_days,
                    },
                });
            }
        }
        for o in (a.outcomes.iter()).filter(|o| ranked(o) || claims_benefit(o)) {
            let (Some(cell), Some(name)) = (o.cell, &o.name) else {
                continue;
            };
            let note = (used.iter())
                .find(|y| y.used.file == o.file)
                .and_then(|y| y.used.outcomes.iter().find(|r| r.row == cell.row))
                .and_then(|r| r.benefit_note.clone());
            items.push(SpotItem {
                target: SpotTarget::Outcome {
                    cell,
                    name: name.clone(),
                },
                file: o.file.clone(),
                sheet: o.sheet.clone(),
                cells: Some((cell, cell)),
                detail: SpotDetail::Outcome {
                    year: o.year,
                    kind: o.kind,
                    level: o.level,
                    obtained_on: o.obtained_on,
                    ranked: ranked(o),
                    benefit: claims_benefit(o).then_some(note),
                },
            });
        }
        for year in a.years.iter().filter(|y| y.counted) {
            let Some(y) = used.iter().find(|y| y.year == year.year) else {
                continue;
            };
            let total = y.used.funding_received();
            if total <= 0.0 {
                continue;
            }
            let rows: Vec<u32> = (y.used.funding.iter())
                .filter(|f| f.received.is_some())
                .map(|f| f.row)
                .collect();
            let cell = |row: u32| y.used.cell(&rf::FUNDING, &rf::RECEIVED, row);
            let (sheet, first) = cell(rows.first().copied().unwrap_or_default());
            let last = rows.last().and_then(|&r| cell(r).1);
            items.push(SpotItem {
                target: SpotTarget::Funding { total },
                file: y.used.file.clone(),
                sheet,
                cells: first.zip(last),
                detail: SpotDetail::Funding {
                    year: y.year,
                    rows: rows.len(),
                },
            });
        }
    }
    StationItems {
        id: a.id,
        name: a.name,
        college: a.college,
        status: a.status,
        grade: a.grade,
        is_forecast: a.is_forecast,
        items,
    }
}
