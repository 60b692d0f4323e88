//! Group stage: the validated submissions become one history per station (SPEC §5.2, §4).
//! Several reports for the same station and year: the latest 填报日期 gives the data, the
//! earliest decides whether the year was on time.

use crate::dates::AcademicYear;
use crate::model::{RegisterEntry, Report, ReviewEntry};
use crate::problem::{CellRef, Code, Problem};
use crate::schema;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// Everything known about one station, from every file.
#[derive(Debug, Clone, Default)]
pub struct StationHistory {
    pub id: String,
    pub register: Option<RegisterEntry>,
    pub review: Option<ReviewEntry>,
    /// One entry per academic year that has at least one report, in year order.
    pub years: Vec<YearReports>,
}

/// The reports received for one station and academic year.
#[derive(Debug, Clone)]
pub struct YearReports {
    pub year: AcademicYear,
    /// The report whose data are used: latest 填报日期, then modification time, then path.
    pub used: Report,
    /// Earliest valid 填报日期 among all reports of the year (decides 按时/迟交).
    pub earliest_filed: Option<NaiveDate>,
    /// The file that carried the earliest 填报日期.
    pub earliest_file: String,
    /// Files of the other reports of the year.
    pub superseded: Vec<String>,
}

/// All stations, plus whether a register was present to say which stations exist.
#[derive(Debug, Clone, Default)]
pub struct Stations {
    pub histories: Vec<StationHistory>,
    pub register_present: bool,
}

/// A report with the file facts that break ties between duplicates.
pub struct ReportInput {
    pub report: Report,
    pub modified: Option<SystemTime>,
}

/// Groups reports into stations, applies the register and the review form.
/// Returns the stations and, per superseded file, the file that replaced it.
pub fn group(
    reports: Vec<ReportInput>,
    registers: Vec<Vec<RegisterEntry>>,
    reviews: Vec<ReviewEntry>,
    problems: &mut Vec<Problem>,
) -> (Stations, Vec<(String, String)>) {
    let register_present = !registers.is_empty();
    let mut by_station: BTreeMap<String, StationHistory> = BTreeMap::new();

    apply_register(registers, &mut by_station, problems);
    apply_reviews(reviews, &mut by_station, problems);

    let mut by_year: BTreeMap<(String, AcademicYear), Vec<ReportInput>> = BTreeMap::new();
    for input in reports {
        let key = (input.report.info.station_id.clone(), input.report.info.year);
        by_year.entry(key).or_default().push(input);
    }
    let mut replaced = Vec::new();
    for ((id, year), mut inputs) in by_year {
        // Latest 填报日期, then latest modification, then last path: last after sorting.
        inputs.sort_by(|a, b| {
            (a.report.info.filed_on, a.modified, &a.report.file).cmp(&(
                b.report.info.filed_on,
                b.modified,
                &b.report.file,
            ))
        });
        let earliest = inputs
            .iter()
            .filter_map(|i| i.report.info.filed_on.map(|d| (d, i.report.file.clone())))
            .min();
        let earliest_filed = earliest.as_ref().map(|(d, _)| *d);
        let used = match inputs.pop() {
            Some(used) => used.report,
            None => continue,
        };
        let earliest_file = earliest.map_or_else(|| used.file.clone(), |(_, f)| f);
        let superseded: Vec<String> = inputs.into_iter().map(|i| i.report.file).collect();
        for file in &superseded {
            problems.push(
                Problem::new(
                    Code::Superseded,
                    format!("{year} 学年有多份报表，数据取自填报日期最晚的 {}，本文件被取代", used.file),
                )
                .in_file(file.clone())
                .for_station(Some(id.clone()), Some(year)),
            );
            replaced.push((file.clone(), used.file.clone()));
        }
        let history = by_station.entry(id.clone()).or_insert_with(|| StationHistory {
            id: id.clone(),
            ..Default::default()
        });
        if register_present && history.register.is_none() && history.years.is_empty() {
            problems.push(
                Problem::new(
                    Code::NotInRegister,
                    format!("工作站 {id} 不在工作站名册中，仍按报表数据评估"),
                )
                .in_file(used.file.clone())
                .for_station(Some(id.clone()), None),
            );
        }
        history.years.push(YearReports {
            year,
            used,
            earliest_filed,
            earliest_file,
            superseded,
        });
    }
    let histories = by_station
        .into_values()
        .filter(|h| {
            let orphan = h.register.is_none() && h.years.is_empty();
            if let (true, Some(review)) = (orphan, &h.review) {
                problems.push(
                    Problem::new(
                        Code::ReviewUnknownStation,
                        format!("专家评议中的工作站 {} 既不在名册中也没有报表，未采用", h.id),
                    )
                    .in_file(review.file.clone())
                    .at(review_sheet(), Some(CellRef::new(review.row, 0)))
                    .for_station(Some(h.id.clone()), None),
                );
            }
            !orphan
        })
        .collect();
    let stations = Stations {
        histories,
        register_present,
    };
    (stations, replaced)
}

fn apply_register(
    registers: Vec<Vec<RegisterEntry>>,
    by_station: &mut BTreeMap<String, StationHistory>,
    problems: &mut Vec<Problem>,
) {
    if registers.len() > 1 {
        for entry in registers.iter().filter_map(|r| r.first()) {
            problems.push(
                Problem::new(
                    Code::DuplicateRegister,
                    format!("文件夹中有 {} 份工作站名册，只能有一份；名册均未采用", registers.len()),
                )
                .in_file(entry.file.clone()),
            );
        }
        return;
    }
    let mut entries: BTreeMap<String, Vec<RegisterEntry>> = BTreeMap::new();
    for entry in registers.into_iter().flatten() {
        entries.entry(entry.station_id.clone()).or_default().push(entry);
    }
    for (id, mut list) in entries {
        let history = by_station.entry(id.clone()).or_insert_with(|| StationHistory {
            id: id.clone(),
            ..Default::default()
        });
        if list.len() > 1 {
            for e in &list {
                problems.push(
                    Problem::new(
                        Code::DuplicateRegister,
                        format!("工作站 {id} 在名册中出现 {} 次，均未采用", list.len()),
                    )
                    .in_file(e.file.clone())
                    .at(schema::register::SHEET.name, Some(CellRef::new(e.row, 0)))
                    .for_station(Some(id.clone()), None),
                );
            }
            continue;
        }
        history.register = list.pop();
    }
}

fn apply_reviews(
    reviews: Vec<ReviewEntry>,
    by_station: &mut BTreeMap<String, StationHistory>,
    problems: &mut Vec<Problem>,
) {
    let mut entries: BTreeMap<String, Vec<ReviewEntry>> = BTreeMap::new();
    for entry in reviews {
        entries.entry(entry.station_id.clone()).or_default().push(entry);
    }
    for (id, mut list) in entries {
        if list.len() > 1 {
            for e in &list {
                problems.push(
                    Problem::new(
                        Code::DuplicateReview,
                        format!("工作站 {id} 有 {} 行专家评议，均未采用", list.len()),
                    )
                    .in_file(e.file.clone())
                    .at(review_sheet(), Some(CellRef::new(e.row, 0)))
                    .for_station(Some(id.clone()), None),
                );
            }
            continue;
        }
        let history = by_station.entry(id.clone()).or_insert_with(|| StationHistory {
            id: id.clone(),
            ..Default::default()
        });
        history.review = list.pop();
    }
}

fn review_sheet() -> &'static str {
    schema::review::SHEET.name
}
