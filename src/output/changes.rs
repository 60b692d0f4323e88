//! 本月变化: what changed since the previous summary in the output folder, so that the staff
//! member who runs the program each month sees at once which files came in or changed, which
//! stations moved, and which problems were fixed or appeared.
//!
//! The previous summary is read back by its header names (not positions), so a summary from an
//! older version with other columns still compares on the columns both have. Every value is
//! compared as text, the way [`Value::display`] shows it. It is read as every input is, through
//! [`crate::read`] with the run's limits and guards: one that cannot be read is said, and the
//! run goes on without 本月变化.

use super::{Column, ColumnStyle, Table, Value};
use crate::format::number as format_number;
use crate::model::Format;
use crate::read::{self, RawSheet, ReadError};
use crate::rules::Limits;
use calamine::Data;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{SUMMARY_FILE_EXT as EXT, SUMMARY_FILE_PREFIX as PREFIX};
pub use crate::schema::summary::CHANGES as SHEET;

use super::tables::{
    CELL, CODE, FILE, LEVEL, NOTE, SHA, SHEET as SHEET_COLUMN, STATION, STATION_NAME as NAME,
};
use crate::schema::summary::{FILES, PROBLEMS, SUMMARY};
/// What identifies a problem from one month to the next.
const PROBLEM_KEY: [&str; 5] = [CODE, FILE, SHEET_COLUMN, CELL, NOTE];

/// The kinds of change, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    NewFile,
    ChangedFile,
    RemovedFile,
    Status,
    Grade,
    Solved,
    NewProblem,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::NewFile => "新文件",
            Kind::ChangedFile => "文件变更",
            Kind::RemovedFile => "文件移除",
            Kind::Status => "状态变化",
            Kind::Grade => "等级变化",
            Kind::Solved => "问题已解决",
            Kind::NewProblem => "新问题",
        }
    }
}

/// The date in a summary's file name, when it is one.
fn summary_date(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix(PREFIX)?.strip_suffix(EXT)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date, "%Y%m%d"))
        .ok()
}

/// The newest earlier summary in `dir` (by the date in its name), other than `current`, the one
/// about to be written. When `current`'s name carries a date, only earlier dates count.
pub fn previous_summary(dir: &Path, current: &Path) -> Option<PathBuf> {
    let current_name = current.file_name()?.to_string_lossy().into_owned();
    let before = summary_date(&current_name);
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = summary_date(&name)?;
            let earlier = before.is_none_or(|b| date < b);
            (name != current_name && earlier).then(|| (date, name, e.path()))
        })
        .max()
        .map(|(_, _, path)| path)
}

/// A sheet as text: its header names and rows.
struct Sheet {
    columns: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn from_table(table: &Table) -> Sheet {
        Sheet {
            columns: (table.columns.iter().enumerate())
                .map(|(i, c)| (c.name.to_string(), i))
                .collect(),
            rows: (table.rows.iter())
                .map(|r| r.iter().map(Value::display).collect())
                .collect(),
        }
    }

    /// The sheet below its header row: the first row (of the first 20 that hold a cell)
    /// holding `key`. Rows without a cell are not rows of the table.
    fn from_raw(sheet: &RawSheet, key: &str) -> Option<Sheet> {
        let mut rows = sheet
            .rows()
            .map(|(_, r)| r.iter().map(text).collect::<Vec<_>>());
        for _ in 0..20 {
            let header = rows.next()?;
            if header.iter().any(|h| h == key) {
                let columns = (header.into_iter().enumerate())
                    .filter(|(_, h)| !h.is_empty())
                    .map(|(i, h)| (h, i))
                    .collect();
                return Some(Sheet {
                    columns,
                    rows: rows.collect(),
                });
            }
        }
        None
    }

    fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        (self.columns.get(column))
            .and_then(|&c| row.get(c))
            .map_or("", |s| s.trim())
    }

    /// Rows by the value of `key`, skipping rows without one; the first row wins.
    fn by<'a>(&'a self, key: &str) -> BTreeMap<&'a str, &'a [String]> {
        let mut map = BTreeMap::new();
        for row in &self.rows {
            let k = self.get(row, key);
            if !k.is_empty() {
                map.entry(k).or_insert(row.as_slice());
            }
        }
        map
    }
}

/// A cell read back as [`Value::display`] wrote it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format_number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            let days = dt.as_f64().floor() as i64;
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
                .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// The earlier summary's sheets that the comparison reads.
struct Previous {
    summary: Sheet,
    files: Option<Sheet>,
    problems: Option<Sheet>,
}

fn read_previous(path: &Path, limits: Limits) -> Result<Previous, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "无法读取上次的汇总 {shown}：{}",
            crate::error::io_reason(&e)
        )
    })?;
    let format = Format::of_path(path).unwrap_or(Format::Xlsx);
    let read = || -> Result<Result<Previous, String>, ReadError> {
        let mut wb = read::open(bytes, format, limits)?;
        let mut sheet = |name: &str, key: &str| -> Result<Option<Sheet>, ReadError> {
            if !wb.sheet_names.iter().any(|n| n == name) {
                return Ok(None);
            }
            Ok(Sheet::from_raw(&wb.sheet(name)?, key))
        };
        let Some(summary) = sheet(SUMMARY, STATION)? else {
            return Ok(Err(format!(
                "上次的汇总 {shown} 中没有带“{STATION}”列的工作表 {SUMMARY}"
            )));
        };
        Ok(Ok(Previous {
            summary,
            files: sheet(FILES, FILE)?,
            problems: sheet(PROBLEMS, PROBLEM_KEY[0])?,
        }))
    };
    match crate::unwind::quiet_catch_unwind(read) {
        Ok(Ok(previous)) => previous,
        Ok(Err(e)) => Err(unreadable(&shown.to_string(), &e)),
        Err(_) => Err(format!(
            "无法读取上次的汇总 {shown}：读取时出现内部错误，文件可能已损坏或被改动"
        )),
    }
}

/// Why the previous summary was not read, and what to do: it is the program's own output, so
/// the words are for whoever runs the program, not for the colleges.
fn unreadable(shown: &str, e: &ReadError) -> String {
    let raise = "可在规则文件 [limits] 中调高";
    match e {
        ReadError::TooLarge { size, limit } => format!(
            "上次的汇总 {shown} 大小 {size} 字节，超过上限 {limit} 字节，未读取：{raise} max_file_mb"
        ),
        ReadError::TooManyCells { sheet, limit } => format!(
            "上次的汇总 {shown} 的工作表 {sheet} 单元格超过上限 {limit} 个，未读取：{raise} max_cells"
        ),
        ReadError::ZipEntryTooLarge { entry, size, limit } => format!(
            "上次的汇总 {shown} 中 {entry} 解压后 {size} 字节，超过上限 {limit} 字节，未读取：\
             文件可能已损坏；{raise} max_zip_entry_mb"
        ),
        ReadError::Encrypted => {
            format!("上次的汇总 {shown} 已加密，无法读取：请取消密码后再运行")
        }
        ReadError::Empty => format!("上次的汇总 {shown} 为空（0 字节），无法读取：文件可能已损坏"),
        ReadError::Corrupt { detail, .. } | ReadError::Sheet { detail, .. } => format!(
            "无法读取上次的汇总 {shown}：文件可能已损坏、被改动或正被打开（{detail}）"
        ),
        // An archive's errors: reading a workbook does not give them.
        other => format!("无法读取上次的汇总 {shown}：{other}"),
    }
}

/// One row of 本月变化.
struct Change {
    kind: Kind,
    station: String,
    item: String,
    before: String,
    after: String,
}

/// What changed between the summary at `previous` and the tables about to be written, as the
/// 本月变化 table. A sheet or column missing on either side skips the changes it would show.
/// The previous summary is read within `limits`, as every input is.
pub fn compare(previous: &Path, tables: &[Table], limits: Limits) -> Result<Table, String> {
    let old = read_previous(previous, limits)?;
    let current = |name: &str| {
        tables
            .iter()
            .find(|t| t.sheet == name)
            .map(Sheet::from_table)
    };
    let mut changes = Vec::new();
    if let (Some(old), Some(new)) = (&old.files, current(FILES)) {
        files(old, &new, &mut changes);
    }
    if let Some(new) = current(SUMMARY) {
        stations(&old.summary, &new, &mut changes);
    }
    if let (Some(old), Some(new)) = (&old.problems, current(PROBLEMS)) {
        problems(old, &new, &mut changes);
    }
    changes.sort_by(|a, b| (a.kind, &a.station, &a.item).cmp(&(b.kind, &b.station, &b.item)));
    Ok(Table {
        sheet: SHEET,
        columns: vec![
            Column {
                name: "类别",
                style: ColumnStyle::Verdict,
            },
            Column {
                name: STATION,
                style: ColumnStyle::Plain,
            },
            Column {
                name: "项目",
                style: ColumnStyle::Plain,
            },
            Column {
                name: "上次",
                style: ColumnStyle::Wide,
            },
            Column {
                name: "本次",
                style: ColumnStyle::Wide,
            },
        ],
        rows: changes
            .into_iter()
            .map(|c| {
                vec![
                    Value::text(c.kind.label()),
                    Value::text(c.station),
                    Value::text(c.item),
                    Value::text(c.before),
                    Value::text(c.after),
                ]
            })
            .collect(),
    })
}

/// Enough of a SHA-256 to tell two versions apart.
fn short(sha: &str) -> String {
    sha.chars().take(12).collect()
}

fn files(old: &Sheet, new: &Sheet, out: &mut Vec<Change>) {
    if !old.has(FILE) || !new.has(FILE) {
        return;
    }
    let (before, after) = (old.by(FILE), new.by(FILE));
    let status = |sheet: &Sheet, row: &[String]| sheet.get(row, "状态").to_string();
    for (&path, row) in &after {
        let station = new.get(row, STATION).to_string();
        match before.get(path) {
            None => out.push(Change {
                kind: Kind::NewFile,
                station,
                item: path.to_string(),
                before: String::new(),
                after: status(new, row),
            }),
            Some(old_row) => {
                let (was, is) = (old.get(old_row, SHA), new.get(row, SHA));
                if !was.is_empty() && !is.is_empty() && was != is {
                    out.push(Change {
                        kind: Kind::ChangedFile,
                        station,
                        item: path.to_string(),
                        before: short(was),
                        after: short(is),
                    });
                }
            }
        }
    }
    for (&path, row) in &before {
        if !after.contains_key(path) {
            out.push(Change {
                kind: Kind::RemovedFile,
                station: old.get(row, STATION).to_string(),
                item: path.to_string(),
                before: status(old, row),
                after: String::new(),
            });
        }
    }
}

fn stations(old: &Sheet, new: &Sheet, out: &mut Vec<Change>) {
    if !new.has(STATION) {
        return;
    }
    let (before, after) = (old.by(STATION), new.by(STATION));
    let codes: std::collections::BTreeSet<&str> =
        before.keys().chain(after.keys()).copied().collect();
    for code in codes {
        let (was, is) = (before.get(code), after.get(code));
        let name = is
            .map(|r| new.get(r, NAME))
            .or_else(|| was.map(|r| old.get(r, NAME)))
            .unwrap_or("");
        for (kind, column) in [(Kind::Status, "状态"), (Kind::Grade, "等级")] {
            if !old.has(column) || !new.has(column) {
                continue;
            }
            let a = was.map_or("", |r| old.get(r, column));
            let b = is.map_or("", |r| new.get(r, column));
            if a != b {
                out.push(Change {
                    kind,
                    station: code.to_string(),
                    item: name.to_string(),
                    before: a.to_string(),
                    after: b.to_string(),
                });
            }
        }
    }
}

fn problems(old: &Sheet, new: &Sheet, out: &mut Vec<Change>) {
    let key = |sheet: &Sheet, row: &[String]| -> String {
        PROBLEM_KEY.map(|c| sheet.get(row, c)).join("\u{1f}")
    };
    // How a problem reads in one line: where, and what.
    let describe = |sheet: &Sheet, row: &[String]| -> (String, String) {
        let place = match (sheet.get(row, SHEET_COLUMN), sheet.get(row, CELL)) {
            ("", _) => String::new(),
            (s, "") => format!(" {s}"),
            (s, c) => format!(" {s}!{c}"),
        };
        let item = format!("{}{place} [{}]", sheet.get(row, FILE), sheet.get(row, CODE));
        let what = format!("{}：{}", sheet.get(row, LEVEL), sheet.get(row, NOTE));
        (item.trim().to_string(), what)
    };
    let keys =
        |sheet: &Sheet| -> HashSet<String> { sheet.rows.iter().map(|r| key(sheet, r)).collect() };
    let (before, after) = (keys(old), keys(new));
    let mut seen = HashSet::new();
    for (sheet, others, kind) in [
        (old, &after, Kind::Solved),
        (new, &before, Kind::NewProblem),
    ] {
        for row in &sheet.rows {
            let k = key(sheet, row);
            if others.contains(&k) || !seen.insert((kind, k)) {
                continue;
            }
            let (item, what) = describe(sheet, row);
            let (before, after) = match kind {
                Kind::Solved => (what, String::new()),
                _ => (String::new(), what),
            };
            out.push(Change {
                kind,
                station: sheet.get(row, STATION).to_string(),
                item,
                before,
                after,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;
    use crate::summary::Summary;

    fn t(s: &str) -> Value {
        Value::text(s)
    }

    fn cols(names: &[&'static str]) -> Vec<Column> {
        names
            .iter()
            .map(|&name| Column {
                name,
                style: ColumnStyle::Plain,
            })
            .collect()
    }

    /// 汇总, 问题清单 and 文件清单 with the real columns; `month` 1 or 2.
    fn tables(month: u8) -> Vec<Table> {
        let one = month == 1;
        let station = |code: &str, name: &str, status: &str, grade: &str| {
            vec![t(code), t(name), t(status), t(grade), Value::Int(12)]
        };
        let mut summary_rows = vec![
            station("GZ001", "化工站", "在期", if one { "合格" } else { "优秀" }),
            station("GZ002", "医药站", if one { "在期" } else { "期满" }, "合格"),
        ];
        if one {
            summary_rows.push(station("GZ003", "材料站", "在期", "不合格"));
        } else {
            summary_rows.push(station("GZ004", "新站", "在期", "合格"));
        }
        let problem = |code: &str, file: &str, cell: &str, what: &str| {
            vec![
                t("错误"),
                t(code),
                t("GZ001"),
                t("2023-2024"),
                Value::link(file, None),
                t("进站研究生"),
                t(cell),
                t(what),
            ]
        };
        let mut problem_rows = vec![problem("E101", "a.xlsx", "H7", "日期无法识别")];
        problem_rows.push(if one {
            problem("E102", "a.xlsx", "C3", "缺少学号")
        } else {
            problem("E103", "b.xlsx", "D4", "金额为负")
        });
        let file = |path: &str, station: &str, sha: &str| {
            vec![
                Value::link(path, None),
                t("年度基本数据报表"),
                t(station),
                t("2023-2024"),
                Value::Date(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()),
                t("已采用"),
                Value::Int(0),
                Value::Int(0),
                t(sha),
            ]
        };
        let mut file_rows = vec![
            file("a.xlsx", "GZ001", "aaaa1111aaaa1111"),
            file(
                "b.xlsx",
                "GZ002",
                if one { "bbbb1111bbbb" } else { "bbbb2222bbbb" },
            ),
        ];
        file_rows.push(if one {
            file("c.xlsx", "GZ003", "cccc")
        } else {
            file("d.xlsx", "GZ004", "dddd")
        });
        vec![
            Table {
                sheet: SUMMARY,
                columns: cols(&[
                    "工作站编号",
                    "工作站名称",
                    "状态",
                    "等级",
                    "进站半年以上人数",
                ]),
                rows: summary_rows,
            },
            Table {
                sheet: PROBLEMS,
                columns: cols(&[
                    "级别",
                    "代码",
                    "工作站编号",
                    "学年",
                    "文件",
                    "工作表",
                    "单元格",
                    "说明",
                ]),
                rows: problem_rows,
            },
            Table {
                sheet: FILES,
                columns: cols(&[
                    "文件",
                    "类型",
                    "工作站编号",
                    "学年",
                    "填报日期",
                    "状态",
                    "错误数",
                    "警告数",
                    "SHA-256",
                ]),
                rows: file_rows,
            },
        ]
    }

    fn summary(dir: &Path) -> Summary {
        Summary {
            as_of: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            input_dir: dir.display().to_string(),
            rules: Rules::default(),
            register_present: false,
            assessments: Vec::new(),
            files: Vec::new(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn compares_a_written_summary_with_the_next_months_tables() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("汇总结果/工作站汇总_2026-10-31.xlsx");
        crate::output::xlsx::write(&tables(1), &summary(tmp.path()), &first).unwrap();

        let changes = compare(&first, &tables(2), Limits::default()).unwrap();
        assert_eq!(changes.sheet, SHEET);
        assert_eq!(
            changes.column_names(),
            ["类别", "工作站编号", "项目", "上次", "本次"]
        );
        let got: Vec<String> = changes
            .rows
            .iter()
            .map(|r| r.iter().map(Value::display).collect::<Vec<_>>().join(" | "))
            .collect();
        let want = [
            "新文件 | GZ004 | d.xlsx |  | 已采用",
            "文件变更 | GZ002 | b.xlsx | bbbb1111bbbb | bbbb2222bbbb",
            "文件移除 | GZ003 | c.xlsx | 已采用 | ",
            "状态变化 | GZ002 | 医药站 | 在期 | 期满",
            "状态变化 | GZ003 | 材料站 | 在期 | ",
            "状态变化 | GZ004 | 新站 |  | 在期",
            "等级变化 | GZ001 | 化工站 | 合格 | 优秀",
            "等级变化 | GZ003 | 材料站 | 不合格 | ",
            "等级变化 | GZ004 | 新站 |  | 合格",
            "问题已解决 | GZ001 | a.xlsx 进站研究生!C3 [E102] | 错误：缺少学号 | ",
            "新问题 | GZ001 | b.xlsx 进站研究生!D4 [E103] |  | 错误：金额为负",
        ];
        assert_eq!(got, want);

        // Nothing changed: nothing listed.
        let same = compare(&first, &tables(1), Limits::default()).unwrap();
        assert!(same.rows.is_empty(), "{:?}", same.rows);
    }

    #[test]
    fn a_workbook_that_is_not_a_summary_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.xlsx");
        let other = vec![Table {
            sheet: "别的",
            columns: cols(&["甲"]),
            rows: vec![],
        }];
        crate::output::xlsx::write(&other, &summary(tmp.path()), &path).unwrap();
        let err = compare(&path, &tables(1), Limits::default()).unwrap_err();
        assert!(err.contains("汇总"), "{err}");
        let err = compare(
            &tmp.path().join("missing.xlsx"),
            &tables(1),
            Limits::default(),
        )
        .unwrap_err();
        assert!(err.contains("无法读取"), "{err}");
    }

    /// The previous summary is read with the run's limits, as every input is: one beyond them
    /// is refused with what to change, not read.
    #[test]
    fn a_previous_summary_beyond_a_limit_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("工作站汇总_2026-10-31.xlsx");
        crate::output::xlsx::write(&tables(1), &summary(tmp.path()), &first).unwrap();
        let size = std::fs::metadata(&first).unwrap().len();
        let cases = [
            (
                Limits {
                    max_cells: 10,
                    ..Limits::default()
                },
                "max_cells",
            ),
            (
                Limits {
                    max_file_bytes: size - 1,
                    ..Limits::default()
                },
                "max_file_mb",
            ),
            (
                Limits {
                    max_zip_entry_bytes: 100,
                    ..Limits::default()
                },
                "max_zip_entry_mb",
            ),
        ];
        for (limits, key) in cases {
            let err = compare(&first, &tables(2), limits).unwrap_err();
            assert!(err.contains("超过上限") && err.contains(key), "{err}");
        }
        // Within the limits it compares as before.
        assert!(compare(&first, &tables(2), Limits::default()).is_ok());
    }

    #[test]
    fn the_previous_summary_is_the_newest_earlier_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for name in [
            "工作站汇总_2026-08-31.xlsx",
            "工作站汇总_2026-10-31.xlsx",
            "工作站汇总_20260930.xlsx",
            "工作站汇总_2026-12-31.xlsx",
            "工作站汇总_2026-11-30.xlsx",
            "~$工作站汇总_2026-11-15.xlsx",
            "工作站汇总_备份.xlsx",
            "工作站汇总_2026-11-01.csv",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        std::fs::create_dir(dir.join("工作站汇总_2026-11-20.xlsx")).unwrap();
        let current = dir.join("工作站汇总_2026-11-30.xlsx");
        let name =
            |p: Option<PathBuf>| p.map(|p| p.file_name().unwrap().to_string_lossy().into_owned());
        assert_eq!(
            name(previous_summary(dir, &current)).as_deref(),
            Some("工作站汇总_2026-10-31.xlsx")
        );
        // A current name without a date: the newest other one.
        assert_eq!(
            name(previous_summary(dir, &dir.join("自定义.xlsx"))).as_deref(),
            Some("工作站汇总_2026-12-31.xlsx")
        );
        assert_eq!(
            previous_summary(dir, &dir.join("工作站汇总_2026-01-01.xlsx")),
            None
        );
        assert_eq!(previous_summary(&dir.join("无"), &current), None);
    }
}
