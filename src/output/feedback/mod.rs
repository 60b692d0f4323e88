//! 学院反馈 (SPEC §9.4): beside the summary workbook, a folder `学院反馈_<D>/` with one
//! workbook per 牵头学院/医院, for the staff member to send back as it is:
//!
//! - sheet **待办**: each of its stations' reporting years that is 未报 or 迟交 (with the due
//!   date), each 错误 and 警告 in its files (file, sheet, cell, what is wrong, 应如何修改 from
//!   [`advice`]), and each station's next report due (待报); above them the next due date.
//! - sheet **工作站**: its stations' rows of 汇总, the same columns, and 工作站（打印）
//!   laid out for paper like 汇总（打印）.
//!
//! Nothing of another college. A problem belongs to the college of the station whose
//! report it is in ([`Owner`]). 提示 are left out: they ask nothing of the college (an
//! ignored extra column, a duplicate copy) or are for the graduate school itself (a late
//! correction to check, no register). Problems of the school's own files (the register,
//! the review form) go to no college. A file with no station (unreadable, not a report,
//! a report without a 工作站编号) goes to the college whose name one of its folders bears
//! (staff keep each college's files in a folder of its name), else to `无法归属.xlsx`, with
//! the stations that have no 牵头学院/医院: the staff member sees there what no college
//! will.
//!
//! The folder is written like the summary (see `folder`): same inputs and date, same bytes;
//! a failed run leaves the previous folder as it was.

pub mod advice;
mod folder;
mod names;
mod todo;

use crate::dates::{chinese_date, AcademicYear};
use crate::evaluate::Assessment;
use crate::model::{FileEntry, FileKind};
use crate::output::tables::{self, Print};
use crate::output::xlsx::{self, Look};
use crate::output::{Table, Value};
use crate::problem::{Problem, Severity};
use crate::schema::normalize_name;
use crate::schema::summary::{FEEDBACK_MARKERS, FEEDBACK_STATIONS, FEEDBACK_TODO, SUMMARY};
use crate::summary::Summary;
use crate::Error;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use todo::{Item, Kind};

/// The folder is named `学院反馈_<evaluation date>`.
pub const DIR_PREFIX: &str = "学院反馈_";
/// The workbook of what belongs to no college.
pub const UNASSIGNED: &str = "无法归属";

pub fn dir_name(as_of: NaiveDate) -> String {
    format!("{DIR_PREFIX}{}", as_of.format("%Y-%m-%d"))
}

/// The feedback folder of the summary written to `output`: beside it.
pub fn dir_beside(output: &Path, as_of: NaiveDate) -> PathBuf {
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    dir.join(dir_name(as_of))
}

/// Every workbook of the feedback, built before it is written.
#[derive(Debug, Clone)]
pub struct Feedback {
    as_of: NaiveDate,
    books: Vec<Book>,
}

/// One workbook: a college's, or (`college` `None`) what belongs to no college.
#[derive(Debug, Clone)]
struct Book {
    college: Option<String>,
    /// The file name without `.xlsx`.
    stem: String,
    todo: Table,
    todo_title: Vec<String>,
    stations: Table,
}

impl Feedback {
    /// How many colleges have a workbook.
    pub fn colleges(&self) -> usize {
        self.books.iter().filter(|b| b.college.is_some()).count()
    }

    /// Whether there is a `无法归属.xlsx`.
    pub fn has_unassigned(&self) -> bool {
        self.books.iter().any(|b| b.college.is_none())
    }

    /// What 说明 and the terminal say about the feedback written into `dir`.
    pub fn note(&self, dir: &Path) -> String {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        let mut note = format!(
            "{name}（与本汇总在同一文件夹）：每个牵头学院/医院一个工作簿，共 {} 个，列出该学院未报、迟交的学年，下次报送截止日期，以及报表中的错误和警告及修改办法，可直接发给学院",
            self.colleges()
        );
        if self.has_unassigned() {
            note.push_str(&format!(
                "；{UNASSIGNED}.xlsx 列出无法确定学院的文件和工作站，请人工处理"
            ));
        }
        note
    }

    /// The tables of each workbook, by file name (tests).
    pub fn books(&self) -> Vec<(String, &Table, &Table)> {
        (self.books.iter())
            .map(|b| (format!("{}.xlsx", b.stem), &b.todo, &b.stations))
            .collect()
    }
}

/// Whose a problem, a station or a file is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Owner {
    /// A college, by its normalised name.
    College(String),
    /// No college can be told.
    Unassigned,
    /// The graduate school's own file (the register, the review form): no college's.
    School,
}

/// Builds every workbook from the summary and its tables (汇总's rows are copied to the
/// colleges' 工作站). Call before the per-station details are freed: the 未报 and 迟交 years
/// are read from them.
pub fn build(summary: &Summary, tables: &[Table]) -> Feedback {
    let mut stations: Vec<&Assessment> = summary.assessments.iter().collect();
    stations.sort_by(|a, b| a.id.cmp(&b.id));
    let by_id: HashMap<&str, &Assessment> = stations.iter().map(|a| (a.id.as_str(), *a)).collect();
    let owner_of_station = |a: &Assessment| match college_key(a) {
        Some(key) => Owner::College(key),
        None => Owner::Unassigned,
    };
    // Colleges in the order of their normalised names, each shown as its first station
    // (by id) writes it.
    let mut colleges: BTreeMap<Owner, (Option<String>, Vec<&Assessment>)> = BTreeMap::new();
    for a in &stations {
        let owner = owner_of_station(a);
        let shown = a.college.clone().filter(|_| owner != Owner::Unassigned);
        (colleges.entry(owner))
            .or_insert_with(|| (shown, Vec::new()))
            .1
            .push(a);
    }
    let keys: Vec<String> = (colleges.keys())
        .filter_map(|o| match o {
            Owner::College(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let files: HashMap<&str, &FileEntry> = (summary.files.iter())
        .map(|f| (f.source.path.as_str(), f))
        .collect();
    // A college's .zip (SPEC §9.5) is one of its folders: `药学院.zip/…`, or the archive itself.
    let by_folder = |path: &str| {
        let mut parts: Vec<&str> = path.split('/').collect();
        if parts.last().is_none_or(|name| zip_stem(name).is_none()) {
            parts.pop();
        }
        (parts.into_iter())
            .map(|f| normalize_name(zip_stem(f).unwrap_or(f)).into_owned())
            .find(|f| keys.contains(f))
            .map_or(Owner::Unassigned, Owner::College)
    };
    let owner_of_station_id = |id: Option<&str>, path: &str| match id.and_then(|id| by_id.get(id)) {
        Some(a) => owner_of_station(a),
        None => by_folder(path),
    };
    let owner = |p: &Problem| -> (Owner, Option<&Assessment>) {
        let station = |id: Option<&str>| id.and_then(|id| by_id.get(id).copied());
        match p.file.as_deref() {
            Some(path) => match files.get(path).map(|f| (f.kind, f.station.as_deref())) {
                Some((FileKind::Report, id)) => {
                    let id = id.or(p.station.as_deref());
                    (owner_of_station_id(id, path), station(id))
                }
                Some((
                    FileKind::UnknownSpreadsheet | FileKind::Unreadable | FileKind::NotSpreadsheet,
                    _,
                ))
                | None => (by_folder(path), None),
                Some(_) => (Owner::School, None),
            },
            None => match station(p.station.as_deref()) {
                Some(a) => (owner_of_station(a), Some(a)),
                None => (Owner::School, None),
            },
        }
    };
    let mut problems: HashMap<Owner, Vec<Item>> = HashMap::new();
    for p in &summary.problems {
        if p.severity == Severity::Info {
            continue;
        }
        let (owner, station) = owner(p);
        if owner != Owner::School {
            (problems.entry(owner).or_default()).push(todo::problem_item(p, station));
        }
    }

    let summary_table = tables.iter().find(|t| t.sheet == SUMMARY);
    let rows_by_id: HashMap<String, &Vec<Value>> = summary_table
        .and_then(|t| {
            let c = t.columns.iter().position(|c| c.name == tables::STATION)?;
            Some((t.rows.iter()).map(|r| (r[c].display(), r)).collect())
        })
        .unwrap_or_default();
    if problems.contains_key(&Owner::Unassigned) {
        colleges
            .entry(Owner::Unassigned)
            .or_insert((None, Vec::new()));
    }
    let stems = names::unique_stems(
        (colleges.iter())
            .filter(|(o, _)| **o != Owner::Unassigned)
            .map(|(_, (shown, _))| shown.as_deref().unwrap_or_default()),
        &[UNASSIGNED],
    );
    let mut stems = stems.into_iter();
    let mut books = Vec::new();
    for (owner, (shown, members)) in colleges {
        let stem = match owner {
            Owner::Unassigned => UNASSIGNED.to_string(),
            _ => stems.next().unwrap_or_default(),
        };
        let items = problems.remove(&owner).unwrap_or_default();
        books.push(book(
            summary,
            shown,
            stem,
            &members,
            items,
            summary_table,
            &rows_by_id,
        ));
    }
    // 无法归属 last.
    books.sort_by_key(|b| b.college.is_none());
    Feedback {
        as_of: summary.as_of,
        books,
    }
}

/// A station's college as a key: its normalised 牵头学院/医院, `None` when it has none.
fn college_key(a: &Assessment) -> Option<String> {
    let name = a.college.as_deref()?;
    Some(normalize_name(name).into_owned()).filter(|k| !k.is_empty())
}

/// One workbook: the years of `members` and `problems` in 待办, their 汇总 rows.
fn book(
    summary: &Summary,
    college: Option<String>,
    stem: String,
    members: &[&Assessment],
    problems: Vec<Item>,
    summary_table: Option<&Table>,
    rows_by_id: &HashMap<String, &Vec<Value>>,
) -> Book {
    let due = summary.rules.report_due;
    let mut items: Vec<Item> = (members.iter())
        .flat_map(|a| a.years.iter().filter_map(|y| todo::year_item(a, y, due)))
        .collect();
    // 未报 before 迟交, each by station and year.
    items.sort_by_key(|i| i.kind != Kind::Missing);
    let count = |items: &[Item], label: &str| items.iter().filter(|i| i.label == label).count();
    let (missing, late) = (count(&items, "未报"), count(&items, "迟交"));
    let (errors, warnings) = (count(&problems, "错误"), count(&problems, "警告"));
    items.extend(problems);
    let next: Vec<(NaiveDate, AcademicYear, &Assessment)> = (members.iter())
        .filter_map(|a| todo::next_due(a).map(|y| (y.due, y.year, *a)))
        .collect();
    items.extend(next.iter().map(|(_, _, a)| {
        let y = todo::next_due(a).expect("filtered above");
        todo::due_item(a, y)
    }));
    let first_due = next.iter().map(|(d, y, _)| (*d, *y)).min();
    let rows = (items.iter())
        .map(|i| tables::row(todo::COLUMNS, &(), i))
        .collect();
    let todo = Table {
        sheet: FEEDBACK_TODO,
        columns: tables::headers(todo::COLUMNS),
        rows,
    };
    let who = (college.clone()).unwrap_or_else(|| "无法确定学院的文件和工作站".to_string());
    let next_line = match first_due {
        Some((d, y)) => {
            let n = next
                .iter()
                .filter(|(nd, ny, _)| (*nd, *ny) == (d, y))
                .count();
            format!(
                "下次报送截止日期：{}（{y} 学年，{n} 个工作站待报）",
                chinese_date(d)
            )
        }
        None => "下次报送截止日期：无（各工作站目前都没有待报的学年）".to_string(),
    };
    let todo_title = vec![
        format!("{who}：产教融合研究生工作站待办事项"),
        format!("评估日期：{}；{next_line}", chinese_date(summary.as_of)),
        match college {
            Some(_) => format!(
                "未报 {missing} 个学年，迟交 {late} 个学年；报表中错误 {errors} 个，警告 {warnings} 个。请按“应如何修改”一栏逐项处理，改好的报表整份重新报送研究生院。"
            ),
            None => format!(
                "以下文件或工作站无法确定属于哪个牵头学院/医院（文件无法读取或不是报表，或工作站没有填写牵头学院/医院）：请研究生院人工处理或转交有关学院。错误 {errors} 个，警告 {warnings} 个。"
            ),
        },
    ];
    let stations = Table {
        sheet: FEEDBACK_STATIONS,
        columns: summary_table.map(|t| t.columns.clone()).unwrap_or_default(),
        rows: (members.iter())
            .filter_map(|a| rows_by_id.get(&a.id).map(|r| (*r).clone()))
            .collect(),
    };
    Book {
        college,
        stem,
        todo,
        todo_title,
        stations,
    }
}

/// Every workbook of the feedback written, not yet in its folder (see [`Written::commit`]).
pub struct Written(folder::Staged);

impl Written {
    /// Puts the workbooks into the feedback folder, replacing the earlier ones (and those of
    /// colleges no longer present); other files there stay.
    pub fn commit(self) -> Result<(), Error> {
        self.0.commit(is_feedback_workbook)
    }
}

/// Writes every workbook of `feedback` for the folder `dir`, beside it: nothing in `dir`
/// changes before [`Written::commit`] (see `folder`).
pub fn write(feedback: &Feedback, dir: &Path) -> Result<Written, Error> {
    let as_of = feedback.as_of;
    let date = format!("评估日期：{}", chinese_date(as_of));
    let staged = folder::stage(dir, |staging| {
        let mut names = Vec::with_capacity(feedback.books.len());
        for b in &feedback.books {
            let name = format!("{}.xlsx", b.stem);
            let who = b.college.as_deref().unwrap_or(UNASSIGNED);
            let print = match tables::print_of(SUMMARY) {
                Print::Layout { columns, .. } => Print::Layout {
                    columns,
                    signature: false,
                },
                other => other,
            };
            let sheets = [
                (
                    &b.todo,
                    Look {
                        title: b.todo_title.clone(),
                        print: Print::Page { signature: false },
                    },
                ),
                (
                    &b.stations,
                    Look {
                        title: vec![format!("{who}：工作站汇总"), date.clone()],
                        print,
                    },
                ),
            ];
            let title = format!("学院反馈：{who}");
            xlsx::write_book(&staging.join(&name), &title, as_of, &sheets)?;
            names.push(name);
        }
        Ok(names)
    })?;
    Ok(Written(staged))
}

/// Whether `path` is a feedback workbook the program wrote: an .xlsx with its sheets.
fn is_feedback_workbook(path: &Path) -> bool {
    let xlsx =
        (path.extension().and_then(|e| e.to_str())).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return false;
    }
    let limits = crate::rules::Limits::default();
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    match crate::read::open(bytes, crate::model::Format::Xlsx, limits) {
        Ok(wb) => (FEEDBACK_MARKERS.iter()).all(|m| wb.sheet_names.iter().any(|s| s == m)),
        Err(_) => false,
    }
}

/// `name` without its `.zip` (any case), when it has one.
fn zip_stem(name: &str) -> Option<&str> {
    let at = name.len().checked_sub(4)?;
    (name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(".zip")).then(|| &name[..at])
}
