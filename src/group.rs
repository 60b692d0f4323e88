//! Group stage: the validated submissions become one history per station (SPEC §5.2, §4).
//! Several reports for the same station and year: the latest 填报日期 gives the data, the
//! earliest decides whether the year was on time. A report with a file-level error (a
//! required sheet or column missing) gives the data only when no other is whole (SPEC §10),
//! and each superseded file is told truthfully why the other was chosen.
//!
//! Besides the stations, grouping returns what it decided about files ([`FileDecision`]):
//! superseded and why, listed under another station, a register not used.
//!
//! Filled 抽查清单s are joined to the data here too ([`apply_spot_checks`]): an item a checker
//! found 不属实 is marked on its report row, outcome or year, and the criteria leave it out.

use crate::dates::{AcademicYear, MonthDay};
use crate::model::{FileId, RegisterEntry, Report, ReviewEntry, SpotCheckEntry, SpotTarget};
use crate::problem::{CellRef, Code, Problem};
use crate::schema;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
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
    /// The used report's file.
    pub file: FileId,
    /// Earliest valid 填报日期 among all reports of the year (decides 按时/迟交).
    pub earliest_filed: Option<NaiveDate>,
    /// The file that carried the earliest 填报日期.
    pub earliest_file: String,
    /// Files of the other reports of the year.
    pub superseded: Vec<String>,
    /// When the used report came after the year's due date: the report that would have been
    /// used on the due date, if one was received by then (a late correction, SPEC §5.6).
    pub on_time: Option<Box<Report>>,
}

/// All stations, plus whether a register was present to say which stations exist.
#[derive(Debug, Clone, Default)]
pub struct Stations {
    pub histories: Vec<StationHistory>,
    pub register_present: bool,
}

/// A report with its file and the file facts that break ties between duplicates.
pub struct ReportInput {
    pub file: FileId,
    pub report: Report,
    pub modified: Option<SystemTime>,
}

/// The rows of one register file.
pub struct RegisterInput {
    pub file: FileId,
    pub entries: Vec<RegisterEntry>,
}

/// What grouping decided about one file it was given, for its 文件清单 row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileDecision {
    /// Another report of the same station and year gives the data (SPEC §5.2).
    Superseded {
        file: FileId,
        by: FileId,
        why: Preferred,
    },
    /// A report whose 工作站编号 is not in the register but whose name is that of exactly one
    /// register station: listed under that station's 编号 (SPEC §10).
    Renumbered { file: FileId, station: String },
    /// One of several registers in the folder: none is used.
    RegisterNotUnique { file: FileId },
}

/// Why the used report was preferred to a superseded one, as it is (SPEC §10 rev. 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preferred {
    /// The superseded report has this file-level error and the used one has none.
    Whole(String),
    /// The used report's 填报日期 is later.
    FiledLater,
    /// The superseded report has no readable 填报日期 and the used one has.
    OwnDateUnknown,
    /// The same 填报日期 (`dated`), or neither has a readable one; then the tie broken by:
    Tie { dated: bool, by: Tie },
}

/// What broke a tie of 填报日期 between two reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// The used file was modified later.
    Modified,
    /// The superseded file's modification time is unknown.
    OwnModifiedUnknown,
    /// Modified at the same time too: the used file's path sorts last.
    Path,
}

impl fmt::Display for Preferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Preferred::Whole(error) => {
                write!(f, "本文件有文件级错误：{error}；采用的文件没有此错误")
            }
            Preferred::FiledLater => f.write_str("填报日期更晚"),
            Preferred::OwnDateUnknown => f.write_str("本文件没有可识别的填报日期"),
            Preferred::Tie { dated, by } => {
                f.write_str(if *dated {
                    "填报日期相同"
                } else {
                    "均没有可识别的填报日期"
                })?;
                f.write_str(match by {
                    Tie::Modified => "，文件修改时间更晚",
                    Tie::OwnModifiedUnknown => "，本文件修改时间不明",
                    Tie::Path => "，文件修改时间也相同，按路径排序在后",
                })
            }
        }
    }
}

impl ReportInput {
    /// The order of preference among reports of one station and year, best last: a whole
    /// report before a broken one, then the latest 填报日期, the latest modification, the
    /// last path.
    fn rank(&self) -> (bool, Option<NaiveDate>, Option<SystemTime>, &str) {
        (
            self.report.broken.is_none(),
            self.report.info.filed_on,
            self.modified,
            &self.report.file,
        )
    }
}

/// Why `used` was preferred to `other` (which ranks below it), as it is.
fn why_preferred(used: &ReportInput, other: &ReportInput) -> Preferred {
    if let (Some(error), None) = (&other.report.broken, &used.report.broken) {
        return Preferred::Whole(error.clone());
    }
    let (mine, theirs) = (other.report.info.filed_on, used.report.info.filed_on);
    if theirs > mine {
        return match mine {
            Some(_) => Preferred::FiledLater,
            None => Preferred::OwnDateUnknown,
        };
    }
    let by = match (other.modified, used.modified) {
        (Some(a), Some(b)) if b > a => Tie::Modified,
        (None, Some(_)) => Tie::OwnModifiedUnknown,
        _ => Tie::Path,
    };
    Preferred::Tie {
        dated: theirs.is_some(),
        by,
    }
}

/// Groups reports into stations, applies the register and the review form; `due` is the
/// reports' due date (month and day), to keep the on-time report a late correction replaced.
/// Returns the stations and what it decided about files.
pub fn group(
    reports: Vec<ReportInput>,
    registers: Vec<RegisterInput>,
    reviews: Vec<ReviewEntry>,
    due: MonthDay,
    problems: &mut Vec<Problem>,
) -> (Stations, Vec<FileDecision>) {
    let register_present = !registers.is_empty();
    let mut by_station: BTreeMap<String, StationHistory> = BTreeMap::new();
    let mut decisions = Vec::new();

    apply_register(registers, &mut by_station, &mut decisions, problems);
    apply_reviews(reviews, &mut by_station, problems);
    let mut reports = reports;
    if register_present {
        renumber(&mut reports, &by_station, &mut decisions, problems);
    }

    // Owned: `by_station` gains stations below.
    let registered: Vec<String> = (by_station.iter())
        .filter(|(_, h)| h.register.is_some())
        .map(|(id, _)| id.clone())
        .collect();
    let register_ids: Vec<&str> = registered.iter().map(String::as_str).collect();
    let mut by_year: BTreeMap<(String, AcademicYear), Vec<ReportInput>> = BTreeMap::new();
    for input in reports {
        let key = (input.report.info.station_id.clone(), input.report.info.year);
        by_year.entry(key).or_default().push(input);
    }
    for ((id, year), mut inputs) in by_year {
        // The preferred report is last after sorting.
        inputs.sort_by(|a, b| a.rank().cmp(&b.rank()));
        let earliest = inputs
            .iter()
            .filter_map(|i| i.report.info.filed_on.map(|d| (d, i.report.file.clone())))
            .min();
        let earliest_filed = earliest.as_ref().map(|(d, _)| *d);
        let Some(used) = inputs.pop() else {
            continue;
        };
        let latest = (inputs.iter()).all(|i| i.report.info.filed_on <= used.report.info.filed_on);
        let mut superseded = Vec::with_capacity(inputs.len());
        for other in &inputs {
            let why = why_preferred(&used, other);
            let message = if latest && why == Preferred::FiledLater {
                format!(
                    "{year} 学年有多份报表，数据取自填报日期最晚的 {}，本文件被取代",
                    used.report.file
                )
            } else {
                format!(
                    "{year} 学年有多份报表，数据取自 {}（{why}），本文件被取代",
                    used.report.file
                )
            };
            problems.push(
                Problem::new(Code::Superseded, message)
                    .in_file(other.report.file.clone())
                    .for_station(Some(id.clone()), Some(year)),
            );
            decisions.push(FileDecision::Superseded {
                file: other.file,
                by: used.file,
                why,
            });
            superseded.push(other.report.file.clone());
        }
        let due_date = year.due_date(due);
        let on_time = (used.report.info.filed_on > Some(due_date))
            .then(|| {
                (inputs.iter().rev())
                    .find(|i| i.report.info.filed_on.is_some_and(|d| d <= due_date))
                    .map(|i| Box::new(i.report.clone()))
            })
            .flatten();
        drop(inputs);
        let file = used.file;
        let used = used.report;
        let earliest_file = earliest.map_or_else(|| used.file.clone(), |(_, f)| f);
        let history = by_station
            .entry(id.clone())
            .or_insert_with(|| StationHistory {
                id: id.clone(),
                ..Default::default()
            });
        if register_present && history.register.is_none() && history.years.is_empty() {
            problems.push(not_in_register(&id, &used, &register_ids));
        }
        history.years.push(YearReports {
            year,
            used,
            file,
            earliest_filed,
            earliest_file,
            superseded,
            on_time,
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
    if !register_present {
        problems.push(Problem::new(
            Code::NoRegister,
            "文件夹中没有工作站名册：从未报送过报表的工作站无法被发现和评估",
        ));
    }
    let stations = Stations {
        histories,
        register_present,
    };
    (stations, decisions)
}

/// SPEC §10: a report whose 工作站编号 is not in the register but whose 工作站名称 (normalised)
/// is that of exactly one register station belongs to that station: its 编号 is changed to
/// the register's, with an error at the 工作站编号 cell naming both, and the problems already
/// found in the file are moved to that station; the file is listed under it.
fn renumber(
    reports: &mut [ReportInput],
    by_station: &BTreeMap<String, StationHistory>,
    decisions: &mut Vec<FileDecision>,
    problems: &mut Vec<Problem>,
) {
    let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
    for (id, h) in by_station {
        if let Some(name) = h.register.as_ref().and_then(|r| r.station_name.as_deref()) {
            let key = schema::normalize_name(name).into_owned();
            by_name.entry(key).or_default().push(id);
        }
    }
    let registered = |id: &str| by_station.get(id).is_some_and(|h| h.register.is_some());
    let mut moved: HashMap<String, String> = HashMap::new();
    let mut found = Vec::new();
    for input in reports.iter_mut() {
        let info = &input.report.info;
        if registered(&info.station_id) {
            continue;
        }
        let Some(name) = info.station_name.as_deref() else {
            continue;
        };
        let Some([real]) = by_name
            .get(&*schema::normalize_name(name))
            .map(Vec::as_slice)
        else {
            continue;
        };
        found.push(station_id_typo(&input.report, real));
        moved.insert(input.report.file.clone(), real.to_string());
        decisions.push(FileDecision::Renumbered {
            file: input.file,
            station: real.to_string(),
        });
        input.report.info.station_id = real.to_string();
    }
    if moved.is_empty() {
        return;
    }
    // Problems name their file by path.
    for p in problems.iter_mut() {
        if let Some(id) = p.file.as_deref().and_then(|f| moved.get(f)) {
            p.station = Some(id.clone());
        }
    }
    problems.extend(found);
}

/// The register station whose normalised 工作站名称 is `name`, when exactly one is.
pub fn register_station_named<'a>(
    name: &str,
    register: &'a [RegisterEntry],
) -> Option<&'a RegisterEntry> {
    let key = schema::normalize_name(name);
    let mut named = (register.iter()).filter(|e| {
        e.station_name
            .as_deref()
            .is_some_and(|n| schema::normalize_name(n) == key)
    });
    match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The error for a report attributed by its name to register station `real`, at its
/// 工作站编号 cell, naming both numbers.
pub fn station_id_typo(report: &Report, real: &str) -> Problem {
    let info = &report.info;
    let (sheet, cell) = report.info_cell(&schema::report::STATION_ID);
    Problem::new(
        Code::StationIdTypo,
        format!(
            "工作站编号 “{}” 不在工作站名册中，而工作站名称“{}”是名册中 {real} 的名称：本表按 {real} 计入。请把工作站编号改为 {real} 后重新报送",
            info.station_id,
            info.station_name.as_deref().unwrap_or_default()
        ),
    )
    .in_file(report.file.clone())
    .at(sheet, cell)
    .for_station(Some(real.to_string()), Some(info.year))
}

/// The warning for a report of a station not in the register, at its 工作站编号 cell, naming
/// the register's nearest numbers (a typo is the likeliest cause).
pub fn not_in_register(id: &str, used: &Report, register_ids: &[&str]) -> Problem {
    let nearest = nearest(id, register_ids);
    let hint = if nearest.is_empty() {
        String::new()
    } else {
        format!("（名册中最接近的编号：{}）", nearest.join("、"))
    };
    let (sheet, cell) = used.info_cell(&schema::report::STATION_ID);
    Problem::new(
        Code::NotInRegister,
        format!("工作站 {id} 不在工作站名册中{hint}，仍按报表数据评估；若编号填错，请学院更正后重新报送"),
    )
    .in_file(used.file.clone())
    .at(sheet, cell)
    .for_station(Some(id.to_string()), None)
}

/// The register numbers at the least edit distance from `id` (at most three, in order).
pub fn nearest<'a>(id: &str, register_ids: &[&'a str]) -> Vec<&'a str> {
    let wanted: Vec<char> = id.chars().collect();
    let scored: Vec<(usize, &str)> = (register_ids.iter())
        .map(|r| (edit_distance(&wanted, &r.chars().collect::<Vec<_>>()), *r))
        .collect();
    let Some(best) = scored.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    let mut out: Vec<&str> = (scored.into_iter())
        .filter(|(d, _)| *d == best)
        .map(|(_, r)| r)
        .collect();
    out.sort_unstable();
    out.truncate(3);
    out
}

/// Levenshtein distance between two strings of characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn apply_register(
    registers: Vec<RegisterInput>,
    by_station: &mut BTreeMap<String, StationHistory>,
    decisions: &mut Vec<FileDecision>,
    problems: &mut Vec<Problem>,
) {
    if registers.len() > 1 {
        for r in &registers {
            decisions.push(FileDecision::RegisterNotUnique { file: r.file });
        }
        for entry in registers.iter().filter_map(|r| r.entries.first()) {
            problems.push(
                Problem::new(
                    Code::DuplicateRegister,
                    format!(
                        "文件夹中有 {} 份工作站名册，只能有一份；名册均未采用",
                        registers.len()
                    ),
                )
                .in_file(entry.file.clone()),
            );
        }
        return;
    }
    let mut entries: BTreeMap<String, Vec<RegisterEntry>> = BTreeMap::new();
    for entry in registers.into_iter().flat_map(|r| r.entries) {
        entries
            .entry(entry.station_id.clone())
            .or_default()
            .push(entry);
    }
    for (id, mut list) in entries {
        let history = by_station
            .entry(id.clone())
            .or_insert_with(|| StationHistory {
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
        entries
            .entry(entry.station_id.clone())
            .or_default()
            .push(entry);
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
        let history = by_station
            .entry(id.clone())
            .or_insert_with(|| StationHistory {
                id: id.clone(),
                ..Default::default()
            });
        history.review = list.pop();
    }
}

/// SPEC §9.3: the rows of the filled 抽查清单s, joined to the used reports. Each item (a
/// station's report row, outcome row or year's funding, by 来源文件 and 单元格) takes the verdict
/// of every list that gives one:
///
/// - 不属实, and the data still hold the 核对值: the item is marked (the row gives no days, the
///   outcome and its claim do not count, the year's 到位金额 counts as 0) and an error at the
///   item's source cell carries the checker's note and the list's place;
/// - the data no longer hold it (the file was replaced, changed or is gone): a warning at the
///   list's row, not applied;
/// - 属实 in one list and 不属实 in another: an error at each, not applied;
/// - 属实: nothing.
///
/// Without any 抽查清单 this returns at once.
pub fn apply_spot_checks(
    stations: &mut Stations,
    entries: Vec<SpotCheckEntry>,
    problems: &mut Vec<Problem>,
) {
    if entries.is_empty() {
        return;
    }
    type Key = (String, String, &'static str, Option<u32>);
    let mut by_item: BTreeMap<Key, Vec<SpotCheckEntry>> = BTreeMap::new();
    for e in entries {
        let key = (
            e.station_id.clone(),
            e.source_file.clone(),
            e.target.kind_label(),
            e.target.row(),
        );
        by_item.entry(key).or_default().push(e);
    }
    for (_, checks) in by_item {
        if checks.iter().any(|c| c.verdict != checks[0].verdict) {
            problems.extend(spot_conflict(&checks));
            continue;
        }
        // The histories are in 编号 order (from the map above).
        let found = (stations.histories).binary_search_by(|h| h.id.cmp(&checks[0].station_id));
        let year = found.ok().and_then(|i| {
            let h = &mut stations.histories[i];
            (h.years.iter_mut()).find(|y| y.used.file == checks[0].source_file)
        });
        match year.map(|y| mark(&mut y.used, &checks[0].target, checks[0].verdict)) {
            Some(Ok(None)) => {}
            Some(Ok(Some(at))) => problems.push(spot_refuted(&checks, at)),
            Some(Err(why)) => problems.extend(checks.iter().map(|c| spot_stale(c, &why))),
            None => {
                let why = format!(
                    "{} 不是工作站 {} 现在采用的报表（文件已不在文件夹中、已被取代或已改名）",
                    checks[0].source_file, checks[0].station_id
                );
                problems.extend(checks.iter().map(|c| spot_stale(c, &why)));
            }
        }
    }
}

/// Where a refuted item is, for its error: the report and the source cell.
struct Refuted {
    file: String,
    station: String,
    year: AcademicYear,
    sheet: String,
    cell: Option<CellRef>,
    /// What no longer counts.
    effect: &'static str,
}

/// Finds the item in the report. `Err`: why it no longer matches the data. `Ok(None)`: it
/// matches and is 属实; `Ok(Some)`: it matches, is 不属实 and is now marked.
fn mark(
    report: &mut Report,
    target: &SpotTarget,
    verdict: bool,
) -> Result<Option<Refuted>, String> {
    use schema::report as rf;
    let same = |a: &str, b: &str| schema::normalize_name(a) == schema::normalize_name(b);
    let quoted = |v: Option<&str>| v.map_or("空白".to_string(), |v| format!("“{v}”"));
    let (sheet, field, effect) = match target {
        SpotTarget::Student { cell, student_id } => {
            let (sheet, at) = report.cell(&rf::STUDENTS, &rf::STUDENT_ID, cell.row);
            let Some(row) = report.students.iter_mut().find(|s| s.row == cell.row) else {
                return Err(format!(
                    "{} {sheet} 第 {} 行现在没有研究生",
                    report.file,
                    cell.row + 1
                ));
            };
            if !row
                .student_id
                .as_deref()
                .is_some_and(|id| same(id, student_id))
            {
                return Err(format!(
                    "{} {sheet}!{} 的学号现在是{}，不是抽取时的“{student_id}”",
                    report.file,
                    at.unwrap_or(*cell),
                    quoted(row.student_id.as_deref())
                ));
            }
            row.refuted |= !verdict;
            (&rf::STUDENTS, &rf::STUDENT_ID, "本行不再计入在站天数")
        }
        SpotTarget::Outcome { cell, name } => {
            let (sheet, at) = report.cell(&rf::OUTCOMES, &rf::OUTCOME_NAME, cell.row);
            let Some(row) = report.outcomes.iter_mut().find(|o| o.row == cell.row) else {
                return Err(format!(
                    "{} {sheet} 第 {} 行现在没有成果",
                    report.file,
                    cell.row + 1
                ));
            };
            if !row.name.as_deref().is_some_and(|n| same(n, name)) {
                return Err(format!(
                    "{} {sheet}!{} 的成果名称现在是{}，不是抽取时的“{name}”",
                    report.file,
                    at.unwrap_or(*cell),
                    quoted(row.name.as_deref())
                ));
            }
            row.refuted |= !verdict;
            (
                &rf::OUTCOMES,
                &rf::OUTCOME_NAME,
                "该成果不再计入（其重要经济社会效益亦不计）",
            )
        }
        SpotTarget::Funding { total } => {
            let now = report.funding_written();
            if (now - total).abs() >= 0.005 {
                return Err(format!(
                    "{} 的到位金额合计现在是 {} 元，不是抽取时的 {} 元",
                    report.file,
                    crate::format::yuan(now),
                    crate::format::yuan(*total)
                ));
            }
            report.funding_refuted |= !verdict;
            (&rf::FUNDING, &rf::RECEIVED, "该学年到位金额按 0 计")
        }
    };
    if verdict {
        return Ok(None);
    }
    let row = target
        .row()
        .or_else(|| report.funding.first().map(|f| f.row));
    let (sheet, cell) = match row {
        Some(row) => report.cell(sheet, field, row),
        None => (sheet.name.to_string(), None),
    };
    Ok(Some(Refuted {
        file: report.file.clone(),
        station: report.info.station_id.clone(),
        year: report.info.year,
        sheet,
        cell,
        effect,
    }))
}

/// The error of an item found 不属实: at its source cell, with the checkers' notes and places.
fn spot_refuted(checks: &[SpotCheckEntry], at: Refuted) -> Problem {
    let notes: Vec<&str> = (checks.iter()).filter_map(|c| c.note.as_deref()).collect();
    let notes = if notes.is_empty() {
        "（未填写核查说明）".to_string()
    } else {
        notes.join("；")
    };
    let places: Vec<String> = checks.iter().map(SpotCheckEntry::place).collect();
    Problem::new(
        Code::SpotCheckRefuted,
        format!(
            "抽查核查为不属实：{notes}（抽查清单 {}）。{}；如核查有误，请在抽查清单中改正核查结果",
            places.join("、"),
            at.effect
        ),
    )
    .in_file(at.file)
    .at(at.sheet, at.cell)
    .for_station(Some(at.station), Some(at.year))
}

/// The warning of a list's row that no longer matches the data, at that row.
fn spot_stale(c: &SpotCheckEntry, why: &str) -> Problem {
    Problem::new(
        Code::SpotCheckStale,
        format!(
            "抽查清单中的此项与现在的数据不符：{why}。核查结果（{}）未采用；报表在抽查后已改动，请重新抽查或核查",
            verdict_label(c.verdict)
        ),
    )
    .in_file(c.file.clone())
    .at(c.sheet.clone(), c.result_cell)
    .for_station(Some(c.station_id.clone()), None)
}

/// The errors of an item 属实 in one list and 不属实 in another, at each list's row.
fn spot_conflict(checks: &[SpotCheckEntry]) -> Vec<Problem> {
    let all: Vec<String> = (checks.iter())
        .map(|c| format!("{} 为{}", c.place(), verdict_label(c.verdict)))
        .collect();
    checks
        .iter()
        .map(|c| {
            Problem::new(
                Code::SpotCheckConflict,
                format!(
                    "同一项的核查结果相互矛盾（{}），均未采用；请核实后只保留一个结果",
                    all.join("，")
                ),
            )
            .in_file(c.file.clone())
            .at(c.sheet.clone(), c.result_cell)
            .for_station(Some(c.station_id.clone()), None)
        })
        .collect()
}

fn verdict_label(verdict: bool) -> &'static str {
    if verdict {
        schema::TRUE_FINDING
    } else {
        schema::FALSE_FINDING
    }
}

fn review_sheet() -> &'static str {
    schema::review::SHEET.name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use std::time::Duration;

    fn input(file: &str, filed: Option<NaiveDate>, modified: u64, broken: bool) -> ReportInput {
        let mut report = Report {
            file: file.to_string(),
            ..Default::default()
        };
        report.info.station_id = "S1".into();
        report.info.year = AcademicYear::new(2023);
        report.info.filed_on = filed;
        report.broken = broken.then(|| "缺少必填列 \"学号\"".to_string());
        ReportInput {
            file: FileId::default(),
            report,
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(modified)),
        }
    }

    /// Numbers the inputs' files in order; returns their paths.
    fn numbered(inputs: &mut [ReportInput]) -> Vec<String> {
        for (k, i) in inputs.iter_mut().enumerate() {
            i.file = FileId(k);
        }
        inputs.iter().map(|i| i.report.file.clone()).collect()
    }

    /// Superseded file, the file used instead (paths), and why.
    type Superseded = (String, String, Preferred);

    fn grouped(mut inputs: Vec<ReportInput>) -> (String, Vec<Superseded>, Vec<Problem>) {
        let paths = numbered(&mut inputs);
        let mut problems = Vec::new();
        let due = MonthDay { month: 7, day: 10 };
        let (stations, decisions) = group(inputs, Vec::new(), Vec::new(), due, &mut problems);
        let year = &stations.histories[0].years[0];
        assert_eq!(paths[year.file.0], year.used.file);
        let superseded = (decisions.into_iter())
            .map(|d| match d {
                FileDecision::Superseded { file, by, why } => {
                    (paths[file.0].clone(), paths[by.0].clone(), why)
                }
                other => panic!("{other:?}"),
            })
            .collect();
        (year.used.file.clone(), superseded, problems)
    }

    /// SPEC §5.2 and §10 (rev. 2): among reports of one station and year, a whole one before
    /// a broken one, then the latest 填报日期, modification time, path; the superseded file is
    /// told which of these decided, truthfully.
    #[test]
    fn the_preferred_report_and_the_true_reason() {
        let d = |day| Some(ymd(2024, 7, day));
        let cases: [(Vec<ReportInput>, &str, &str); 6] = [
            (
                vec![input("a", d(1), 1, false), input("b", d(2), 0, false)],
                "b",
                "填报日期更晚",
            ),
            (
                vec![input("a", d(1), 1, false), input("b", d(1), 2, false)],
                "b",
                "填报日期相同，文件修改时间更晚",
            ),
            (
                vec![input("a", d(1), 1, false), input("b", d(1), 1, false)],
                "b",
                "填报日期相同，文件修改时间也相同，按路径排序在后",
            ),
            // The broken copy: same date, newer, and still not used.
            (
                vec![input("a", d(1), 1, false), input("b", d(1), 2, true)],
                "a",
                "本文件有文件级错误：缺少必填列 \"学号\"；采用的文件没有此错误",
            ),
            // Broken and later filed: the whole report still wins.
            (
                vec![input("a", d(1), 1, false), input("b", d(5), 2, true)],
                "a",
                "本文件有文件级错误",
            ),
            (
                vec![input("a", None, 5, false), input("b", d(1), 1, false)],
                "b",
                "本文件没有可识别的填报日期",
            ),
        ];
        for (inputs, used, why) in cases {
            let (got, superseded, problems) = grouped(inputs);
            assert_eq!(got, used);
            assert_eq!(superseded.len(), 1);
            let (file, by, preferred) = &superseded[0];
            let shown = preferred.to_string();
            assert!(shown.starts_with(why), "{shown}");
            assert_eq!(
                (file.as_str(), by.as_str()),
                (if used == "a" { "b" } else { "a" }, used)
            );
            assert!(problems[0].message.contains(&shown) || *preferred == Preferred::FiledLater);
        }
        // Only broken reports: the best of them is used.
        let (got, _, _) = grouped(vec![input("a", d(1), 1, true), input("b", d(2), 0, true)]);
        assert_eq!(got, "b");
    }

    fn entry(id: &str, name: &str) -> RegisterEntry {
        RegisterEntry {
            file: "名册.xlsx".into(),
            station_id: id.into(),
            station_name: Some(name.into()),
            ..Default::default()
        }
    }

    fn named(file: &str, id: &str, name: &str) -> ReportInput {
        let mut i = input(file, Some(ymd(2024, 7, 1)), 0, false);
        i.report.info.station_id = id.into();
        i.report.info.station_name = Some(name.into());
        i
    }

    /// SPEC §10 (rev. 2) “A station number typed wrong does not revoke the real station”: a
    /// 编号 not in the register whose normalised name is that of exactly one register station
    /// goes to that station, with an error naming both numbers; the file's earlier problems
    /// move with it. Otherwise the warning names the nearest register numbers.
    #[test]
    fn a_mistyped_number_goes_to_the_station_of_its_name() {
        let register = vec![
            entry("GZZ-2022-02", "津南瑞和研究生工作站"),
            entry("GZZ-2022-03", "西青 安泰研究生工作站"),
            entry("GZZ-2022-04", "同名工作站"),
            entry("GZZ-2022-05", "同名工作站"),
        ];
        let mut reports = vec![
            named("typo.xlsx", "GZZ-2022-2", "津南瑞和研究生工作站"),
            named("spaced.xlsx", "GZZ2022-03", "西青安泰研究生工作站"),
            named("twice.xlsx", "GZZ-2022-004", "同名工作站"),
            named("new.xlsx", "GZZ-2099-01", "新工作站"),
        ];
        numbered(&mut reports);
        let register = RegisterInput {
            file: FileId(4),
            entries: register,
        };
        let mut problems = vec![Problem::new(Code::BadDate, "x")
            .in_file("typo.xlsx")
            .for_station(Some("GZZ-2022-2".into()), None)];
        let due = MonthDay { month: 7, day: 10 };
        let (stations, decisions) = group(reports, vec![register], Vec::new(), due, &mut problems);
        let ids: Vec<&str> = stations.histories.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "GZZ-2022-004",
                "GZZ-2022-02",
                "GZZ-2022-03",
                "GZZ-2022-04",
                "GZZ-2022-05",
                "GZZ-2099-01"
            ]
        );
        let renumbered = |k, station: &str| FileDecision::Renumbered {
            file: FileId(k),
            station: station.to_string(),
        };
        assert_eq!(
            decisions,
            [renumbered(0, "GZZ-2022-02"), renumbered(1, "GZZ-2022-03")]
        );
        assert_eq!(problems[0].station.as_deref(), Some("GZZ-2022-02"));
        let typo: Vec<&Problem> = (problems.iter())
            .filter(|p| p.code == Code::StationIdTypo)
            .collect();
        assert_eq!(typo.len(), 2);
        assert_eq!(typo[0].severity, crate::problem::Severity::Error);
        assert!(
            typo[0].message.contains("“GZZ-2022-2”")
                && typo[0].message.contains("改为 GZZ-2022-02")
        );
        let message = |id: &str| {
            (problems.iter())
                .find(|p| p.code == Code::NotInRegister && p.station.as_deref() == Some(id))
                .map(|p| p.message.clone())
                .unwrap()
        };
        assert!(
            message("GZZ-2022-004").contains("最接近的编号：GZZ-2022-04）"),
            "{}",
            message("GZZ-2022-004")
        );
        assert!(message("GZZ-2099-01").contains("最接近的编号："));
    }

    /// Two register files: neither is used, each is told so, even one without rows.
    #[test]
    fn several_registers_are_none_used() {
        let registers = vec![
            RegisterInput {
                file: FileId(3),
                entries: vec![entry("GZZ-2022-02", "津南瑞和研究生工作站")],
            },
            RegisterInput {
                file: FileId(5),
                entries: Vec::new(),
            },
        ];
        let mut problems = Vec::new();
        let due = MonthDay { month: 7, day: 10 };
        let (stations, decisions) = group(Vec::new(), registers, Vec::new(), due, &mut problems);
        assert!(stations.histories.is_empty());
        assert_eq!(
            decisions,
            [
                FileDecision::RegisterNotUnique { file: FileId(3) },
                FileDecision::RegisterNotUnique { file: FileId(5) }
            ]
        );
        let codes: Vec<Code> = problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::DuplicateRegister]);
    }

    #[test]
    fn edit_distances() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("GZZ-2022-2", "GZZ-2022-02"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("工作站", "工作站"), 0);
        assert_eq!(
            nearest("GZZ-2022-2", &["GZZ-2022-02", "GZZ-2021-02", "X"]),
            ["GZZ-2022-02"]
        );
        assert!(nearest("a", &[]).is_empty());
    }

    /// SPEC §5.6 (rev. 2): the report that was on time is kept beside a used report received
    /// after the due date (10 July itself is on time), and only then.
    #[test]
    fn the_on_time_report_is_kept_beside_a_late_correction() {
        let d = |m, day| Some(ymd(2024, m, day));
        let cases = [
            (vec![(d(7, 1), "a"), (d(7, 10), "b")], None),
            (vec![(d(7, 1), "a"), (d(7, 11), "b")], Some("a")),
            (
                vec![(d(7, 1), "a"), (d(7, 5), "b"), (d(8, 1), "c")],
                Some("b"),
            ),
            (vec![(d(7, 11), "a"), (d(8, 1), "b")], None),
        ];
        for (filings, want) in cases {
            let inputs = (filings.iter())
                .map(|(on, f)| input(f, *on, 0, false))
                .collect();
            let mut problems = Vec::new();
            let due = MonthDay { month: 7, day: 10 };
            let (stations, _) = group(inputs, Vec::new(), Vec::new(), due, &mut problems);
            let y = &stations.histories[0].years[0];
            assert_eq!(
                y.on_time.as_ref().map(|r| r.file.as_str()),
                want,
                "{filings:?}"
            );
        }
    }
}
