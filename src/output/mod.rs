//! Writing the summary: the sheets are built once as [`Table`]s (see `tables`), and each
//! printer (xlsx, csv) renders the same tables, so the column names exist in one place.

pub mod changes;
pub mod csv;
pub mod tables;
pub mod xlsx;

use crate::summary::Summary;
use crate::Error;
use chrono::NaiveDate;
use std::path::Path;

/// Summary workbooks are named `工作站汇总_<evaluation date>.xlsx`.
pub const SUMMARY_FILE_PREFIX: &str = "工作站汇总_";
pub const SUMMARY_FILE_EXT: &str = ".xlsx";

pub fn summary_file_name(as_of: NaiveDate) -> String {
    format!(
        "{SUMMARY_FILE_PREFIX}{}{SUMMARY_FILE_EXT}",
        as_of.format("%Y-%m-%d")
    )
}

/// Writes the summary workbook to `xlsx` and, when `csv` is given, one CSV per sheet into
/// that folder, sheet by sheet. The [`tables::DEFERRED`] tables are built on a thread of
/// their own, one after the other, each freeing the stations' details it is made from (see
/// [`tables::take_detail_rows`]), while the sheets before them are written; every table's
/// rows but 本月变化's (the terminal lists them) are freed once written, so that the
/// largest tables are never in memory together. Each sheet's CSV is written on a thread
/// beside its sheet.
///
/// A CSV that cannot be written stops the CSVs, not the workbook; its error is returned once
/// the workbook is saved. What is left of the saved workbook is returned to be freed, or
/// not by a caller about to exit (see [`xlsx::Writer::save`]).
pub fn write(
    tables: &mut [Table],
    summary: &mut Summary,
    xlsx: &Path,
    csv: Option<&Path>,
) -> Result<xlsx::Spent, Error> {
    let mut book = xlsx::Writer::new(tables, summary, xlsx)?;
    let deferred: Vec<&'static str> = (tables.iter().map(|t| t.sheet))
        .filter(|sheet| tables::DEFERRED.contains(sheet))
        .collect();
    let mut csv_result = Ok(());
    std::thread::scope(|s| {
        let (send, built) = std::sync::mpsc::channel();
        s.spawn(move || {
            for sheet in deferred {
                // The receiver only goes early on an error, when nothing more is needed.
                if send.send(tables::take_detail_rows(summary, sheet)).is_err() {
                    break;
                }
            }
        });
        // The two largest sheets side by side, each with its CSV beside it: two cores kept busy.
        let mut start = 0;
        while start < tables.len() {
            let pair = tables[start].sheet == tables::SHEET_STUDENTS
                && tables.get(start + 1).map(|t| t.sheet) == Some(tables::SHEET_OUTCOMES);
            let end = start + if pair { 2 } else { 1 };
            let chunk = &mut tables[start..end];
            for table in chunk.iter_mut() {
                if tables::DEFERRED.contains(&table.sheet) {
                    // Empty only if the building thread panicked: the scope then panics too.
                    table.rows = built.recv().unwrap_or_default();
                }
            }
            let dir = csv.filter(|_| csv_result.is_ok());
            let shared: Vec<(usize, &Table)> = (chunk.iter().enumerate())
                .map(|(k, t)| (start + k, t))
                .collect();
            let (sheets, files) = std::thread::scope(|s| {
                let files: Vec<_> = match dir {
                    Some(dir) => (shared.iter())
                        .map(|&(_, t)| s.spawn(move || csv::write_one(t, dir)))
                        .collect(),
                    None => Vec::new(),
                };
                let sheets = book.sheets(&shared);
                let files: Vec<_> = (files.into_iter())
                    .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect();
                (sheets, files)
            });
            sheets?;
            if let Some(Err(e)) = files.into_iter().find(Result::is_err) {
                csv_result = Err(e);
            }
            for table in chunk.iter_mut() {
                if table.sheet != changes::SHEET {
                    table.rows = Vec::new();
                }
            }
            start = end;
        }
        Ok::<(), Error>(())
    })?;
    let spent = book.save()?;
    csv_result.map(|()| spent)
}

/// One cell of an output table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Int(i64),
    Number(f64),
    Date(NaiveDate),
    /// A file of the input folder, shown as its path and linked from the summary.
    /// Boxed: most cells are small, and tables hold hundreds of thousands of them.
    Link(Box<FileLink>),
}

/// A link to a file of the input folder (and optionally a cell in it).
#[derive(Debug, Clone, PartialEq)]
pub struct FileLink {
    /// Path relative to the input folder, `/`-separated; also the text shown.
    pub path: String,
    /// `Sheet!A1` inside the file, when known.
    pub location: Option<String>,
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Empty, Value::text)
    }

    pub fn link(path: impl Into<String>, location: Option<String>) -> Value {
        Value::Link(Box::new(FileLink {
            path: path.into(),
            location,
        }))
    }

    pub fn opt_date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Empty, Value::Date)
    }

    /// [`Value::display`], borrowing the text when the value holds it.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(s) => std::borrow::Cow::Borrowed(s),
            Value::Link(link) => std::borrow::Cow::Borrowed(&link.path),
            other => std::borrow::Cow::Owned(other.display()),
        }
    }

    /// The value as CSV and tests see it.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Number(f) => format_number(*f),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Link(link) => link.path.clone(),
        }
    }
}

/// A number without a needless `.0`, at most two decimals.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// How a column should look; the xlsx printer maps these to formats and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnStyle {
    Plain,
    /// Long free text: wider, wrapped.
    Wide,
    /// 优秀/合格/不合格/—, 达标/未达标/待评议, 错误/警告/提示, 按时/迟交/未报…: coloured by value.
    Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub style: ColumnStyle,
}

/// One sheet of the summary (and one CSV file).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub sheet: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}
