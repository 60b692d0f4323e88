//! Writing the summary: the sheets are built once as [`Table`]s (see `tables`), and each
//! printer (xlsx, csv) renders the same tables, so the column names exist in one place.

pub mod changes;
pub mod csv;
pub mod feedback;
pub mod public;
pub mod tables;
pub mod xlsx;

use crate::summary::Summary;
use crate::Error;
use chrono::NaiveDate;
use std::path::Path;
use std::sync::{mpsc, Mutex};

/// Summary workbooks are named `工作站汇总_<evaluation date>.xlsx`.
pub const SUMMARY_FILE_PREFIX: &str = "工作站汇总_";
pub const SUMMARY_FILE_EXT: &str = ".xlsx";

pub fn summary_file_name(as_of: NaiveDate) -> String {
    format!(
        "{SUMMARY_FILE_PREFIX}{}{SUMMARY_FILE_EXT}",
        as_of.format("%Y-%m-%d")
    )
}

/// The sheets written in turn on a lane of their own, beside all the others in turn on the
/// calling thread: the largest (成果) first, with enough of the later ones that both lanes
/// end about together (by the size of their sheets at 10,000 reports: the calling thread
/// then saves the workbook alone, see `benches/README.md`).
const LANE: &[&str] = {
    use crate::schema::summary::{FILES, FUNDING, NOTES, OUTCOMES, PEOPLE, PROBLEMS};
    &[OUTCOMES, FUNDING, PEOPLE, PROBLEMS, FILES, NOTES]
};

fn on_lane(sheet: &str) -> bool {
    LANE.contains(&sheet)
}

/// Up to this many rows in all the tables, the CSVs are written while the workbook is saved:
/// rust_xlsxwriter saves on one thread, which leaves the other core free, and the rows are
/// kept until then (less wall time for about the same peak: `benches/README.md`). Above it,
/// each CSV is written beside its sheet and the rows are freed once written, so that the
/// largest tables are never all in memory together.
const CSVS_DURING_SAVE: usize = 100_000;

/// Writes the summary workbook to `xlsx` and, when `csv` is given, one CSV per sheet into
/// that folder. The [`LANE`] sheets (成果 first) are written in turn on a thread of their
/// own while the other sheets are written in turn on this one. The [`tables::Rows::PerStation`] tables are built on another thread, 成果's
/// first, each freeing the stations' details it is made from (see
/// [`tables::take_detail_rows`]). A small summary's CSVs are written
/// while the workbook is saved; a large one's each beside its sheet, every table's rows but
/// 本月变化's (the terminal lists them) freed once written (see [`CSVS_DURING_SAVE`]).
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
    write_with(tables, summary, xlsx, csv, CSVS_DURING_SAVE)
}

/// [`write`], the CSVs written during the save up to `csvs_during_save` rows.
fn write_with(
    tables: &mut [Table],
    summary: &mut Summary,
    xlsx: &Path,
    csv: Option<&Path>,
    csvs_during_save: usize,
) -> Result<xlsx::Spent, Error> {
    let during_save = csv.filter(|_| tables::row_count(tables, summary) <= csvs_during_save);
    let mut book = xlsx::Writer::new(tables, summary, xlsx)?;
    let mut deferred: Vec<&'static str> = (tables.iter().map(|t| t.sheet))
        .filter(|sheet| tables::is_deferred(sheet))
        .collect();
    // The lane's first table first: the lane starts on it.
    deferred.sort_by_key(|sheet| *sheet != LANE[0]);
    let csvs = Csvs {
        beside: csv.filter(|_| during_save.is_none()),
        keep_rows: during_save.is_some(),
        failed: Mutex::new(None),
    };
    std::thread::scope(|s| {
        let (to_lane, for_lane) = mpsc::channel();
        let (to_main, for_main) = mpsc::channel();
        s.spawn(move || {
            for sheet in deferred {
                let to = if on_lane(sheet) { &to_lane } else { &to_main };
                // A receiver goes early only on an error, when nothing more is needed.
                if to.send(tables::take_detail_rows(summary, sheet)).is_err() {
                    break;
                }
            }
        });
        let (lane, main): (Vec<_>, Vec<_>) = (book.sheets().into_iter())
            .zip(tables.iter_mut())
            .partition(|(_, t)| on_lane(t.sheet));
        let csvs = &csvs;
        let lane = s.spawn(move || {
            (lane.into_iter())
                .try_for_each(|(sheet, table)| write_sheet(sheet, table, &for_lane, csvs))
        });
        let main = (main.into_iter())
            .try_for_each(|(sheet, table)| write_sheet(sheet, table, &for_main, csvs));
        let lane = lane.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        main.and(lane)
    })?;
    let spent = match during_save {
        None => book.save()?,
        Some(dir) => {
            let tables = &*tables;
            let (saved, written) = std::thread::scope(|s| {
                let written = s.spawn(move || csv::write(tables, dir));
                let saved = book.save();
                let written = written.join();
                (
                    saved,
                    written.unwrap_or_else(|p| std::panic::resume_unwind(p)),
                )
            });
            if let Err(e) = written {
                csvs.fail(e);
            }
            saved?
        }
    };
    match csvs.failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(spent),
    }
}

/// Where the CSVs written beside their sheets go, and the first error writing one (after
/// which no more are written).
struct Csvs<'a> {
    beside: Option<&'a Path>,
    /// The rows are kept for the CSVs written during the save.
    keep_rows: bool,
    failed: Mutex<Option<Error>>,
}

impl Csvs<'_> {
    fn fail(&self, e: Error) {
        if let Ok(mut first) = self.failed.lock() {
            first.get_or_insert(e);
        }
    }
}

/// Writes `table` into its sheet with its CSV beside it, its rows first received from
/// `built` when it is a [`tables::Rows::PerStation`] table, and freed once written unless kept for
/// the CSVs.
fn write_sheet(
    sheet: xlsx::Sheet,
    table: &mut Table,
    built: &mpsc::Receiver<Vec<Vec<Value>>>,
    csvs: &Csvs,
) -> Result<(), Error> {
    if tables::is_deferred(table.sheet) {
        // Empty only if the building thread panicked: the scope then panics too.
        table.rows = built.recv().unwrap_or_default();
    }
    let failed = csvs.failed.lock().map_or(true, |f| f.is_some());
    let dir = csvs.beside.filter(|_| !failed);
    let shared = &*table;
    let (written, csv) = std::thread::scope(|s| {
        let csv = dir.map(|dir| s.spawn(move || csv::write_one(shared, dir)));
        let written = sheet.write(shared);
        let csv = csv.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (written, csv)
    });
    if let Some(Err(e)) = csv {
        csvs.fail(e);
    }
    if table.sheet != changes::SHEET && !csvs.keep_rows {
        table.rows = Vec::new();
    }
    written
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
            Value::Number(f) => crate::format::number(*f),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Link(link) => link.path.clone(),
        }
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
    /// An amount of yuan: a number shown with thousands separators and two decimals.
    Money,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tables::tests::small_summary;

    /// Writes the small summary into `dir` with the CSVs in `dir/csv`, written during the
    /// save up to `csvs_during_save` rows.
    fn write_into(dir: &Path, csv: &Path, csvs_during_save: usize) -> Result<(), Error> {
        let mut summary = small_summary(true);
        let mut tables = tables::build_light(&summary);
        let xlsx = dir.join("s.xlsx");
        write_with(
            &mut tables,
            &mut summary,
            &xlsx,
            Some(csv),
            csvs_during_save,
        )
        .map(drop)
    }

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = (std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn csvs_written_during_the_save_or_beside_their_sheets_are_the_same() {
        let (during, beside) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let rows = tables::row_count(
            &tables::build_light(&small_summary(true)),
            &small_summary(true),
        );
        write_into(during.path(), &during.path().join("csv"), rows).unwrap();
        write_into(beside.path(), &beside.path().join("csv"), rows - 1).unwrap();
        let csvs = files(&during.path().join("csv"));
        assert_eq!(csvs.len(), tables::SHEETS.len(), "one per sheet");
        assert_eq!(csvs, files(&beside.path().join("csv")));
        assert_eq!(files(during.path()), files(beside.path()), "the workbooks");
    }

    #[test]
    fn a_csv_that_cannot_be_written_is_an_error_after_the_workbook_is_saved() {
        for csvs_during_save in [0, usize::MAX] {
            let tmp = tempfile::tempdir().unwrap();
            let not_a_folder = tmp.path().join("f");
            std::fs::write(&not_a_folder, "x").unwrap();
            let e = write_into(tmp.path(), &not_a_folder.join("csv"), csvs_during_save);
            assert!(matches!(e, Err(Error::Write { .. })), "{e:?}");
            assert!(tmp.path().join("s.xlsx").is_file(), "{csvs_during_save}");
        }
    }
}
