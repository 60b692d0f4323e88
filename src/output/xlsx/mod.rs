//! The summary workbook, the product a person opens each month in Excel, WPS or LibreOffice.
//!
//! Every [`Table`] becomes one sheet, in order, with a frozen bold header row, a filter,
//! widths measured for Chinese text, real number and date cells, verdict words coloured by
//! plain cell formats, and links back to the source files. 汇总 has a title and the
//! evaluation date above its header; a 图表 sheet follows it (after 本月变化, when there is
//! one), then 汇总（打印）, 汇总 laid out for paper. Wrapped rows get an explicit height,
//! since only Excel grows them by itself. Each sheet prints as its table declares
//! ([`crate::output::tables::Print`], see `paper`). [`write_book`] writes a small workbook
//! of whole tables the same way (the feedback to each college).
//!
//! Table sheets are streamed row by row (rust_xlsxwriter's "constant memory" mode: one row in
//! memory, strings stored in their cells), so hundreds of thousands of rows stay fast and
//! bounded; it is faster than the shared-string "low memory" mode on our data, whose long
//! strings (names, messages) are mostly unique anyway (`benches/README.md`). The same tables
//! and summary give the same bytes: the document's creation time is the evaluation date, not
//! the clock.

mod atomic;
mod charts;
mod links;
mod paper;
mod public;
mod style;
#[cfg(test)]
mod tests;
mod width;

pub(crate) use atomic::{explain_write, write_atomically};
pub use paper::SIGNATURE;
pub use public::write_public;

use super::tables::{layout, Print};
use super::{ColumnStyle, Table, Value};
use crate::dates::chinese_date;
use crate::summary::Summary;
use crate::Error;
use links::{Archives, Links};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, RowNum, Url, Workbook, Worksheet, XlsxError,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use style::{Kind, Styles};

/// The sheet with the title rows, the chart sheet after it, and its station column.
pub use crate::schema::summary::SUMMARY as SUMMARY_SHEET;
pub const TITLE: &str = "产教融合研究生工作站期满验收汇总";
/// 0-based row of 汇总's header: row 1 is the title, row 2 the evaluation date, row 3 the
/// header (Excel numbering). Every other sheet has its header in row 1.
pub const SUMMARY_HEADER_ROW: u32 = 2;
/// The sheet each 汇总 工作站编号 links to (its first row there).
use super::tables::STATION;
use crate::schema::summary::CRITERIA as DETAIL_SHEET;
/// A key–value sheet, not a list: no filter.
use crate::schema::summary::NOTES as NOTES_SHEET;

/// Excel stores at most this many links per sheet; later cells are plain text.
const MAX_LINKS: usize = 65_530;
/// Excel's cell text limit, in UTF-16 units.
const MAX_TEXT: usize = 32_767;
/// Excel's last row (0-based 1,048,575).
const ROW_LIMIT: RowNum = 1_048_576;
/// 本月变化: placed right after 汇总, before 图表.
const CHANGES_SHEET: &str = crate::schema::summary::CHANGES;

/// Writes the summary workbook to `path`, replacing an earlier one only once complete.
pub fn write(tables: &[Table], summary: &Summary, path: &Path) -> Result<(), Error> {
    write_with_link_limit(tables, summary, path, MAX_LINKS)
}

/// [`write`], with at most `max_links` links per sheet (tests use a small limit).
fn write_with_link_limit(
    tables: &[Table],
    summary: &Summary,
    path: &Path,
    max_links: usize,
) -> Result<(), Error> {
    let mut writer = Writer::with_link_limit(tables, summary, path, max_links)?;
    for (sheet, table) in writer.sheets().into_iter().zip(tables) {
        sheet.write(table)?;
    }
    writer.save().map(drop)
}

/// The summary workbook written one sheet at a time, so that a caller can build each table
/// only when its turn comes and free it once written. Every sheet is added (named, in order,
/// with 图表 after 汇总) when the writer is made; the caller then fills each through
/// [`Writer::sheets`], in any order and on any thread, and nothing reaches `path` before
/// [`Writer::save`].
pub struct Writer {
    workbook: Workbook,
    cx: Context,
    /// Worksheet index of each table.
    at: Vec<usize>,
    path: PathBuf,
}

/// One table's sheet, to be filled once (see [`Writer::sheets`]).
pub struct Sheet<'w> {
    ws: &'w mut Worksheet,
    cx: &'w Context,
    path: &'w Path,
}

impl Sheet<'_> {
    /// Writes `table` into the sheet made for it.
    pub fn write(self, table: &Table) -> Result<(), Error> {
        let look = summary_look(table.sheet, self.cx.as_of);
        catching(self.path, || write_table(self.ws, table, self.cx, &look))
    }
}

/// What a sheet shows above its table, and how it prints.
#[derive(Debug, Clone)]
pub struct Look {
    /// Lines above the header: a title (large), then notes such as the evaluation date.
    pub title: Vec<String>,
    pub print: Print,
}

/// The look of the summary's sheet `sheet`: 汇总 under its title and evaluation date, each
/// printing as its table declares.
fn summary_look(sheet: &str, as_of: chrono::NaiveDate) -> Look {
    let title = match sheet == SUMMARY_SHEET {
        true => vec![
            TITLE.to_string(),
            format!("评估日期：{}", chinese_date(as_of)),
        ],
        false => Vec::new(),
    };
    Look {
        title,
        print: super::tables::print_of(sheet),
    }
}

impl Writer {
    /// `tables` are the sheets in order. Only 汇总's rows (for 图表) and 评估明细's (for the
    /// links from 汇总) are read here; the others may still be without rows.
    pub fn new(tables: &[Table], summary: &Summary, path: &Path) -> Result<Writer, Error> {
        Writer::with_link_limit(tables, summary, path, MAX_LINKS)
    }

    fn with_link_limit(
        tables: &[Table],
        summary: &Summary,
        path: &Path,
        max_links: usize,
    ) -> Result<Writer, Error> {
        let cx = Context {
            styles: Styles::new(),
            links: Links::new(Path::new(&summary.input_dir), path),
            archives: Archives::new(
                (summary.files.iter())
                    .filter(|f| f.kind == crate::model::FileKind::Archive)
                    .map(|f| f.source.path.as_str()),
            ),
            as_of: summary.as_of,
            detail_rows: first_rows(tables, DETAIL_SHEET, STATION),
            max_links,
        };
        let (workbook, at) = catching(path, || add_sheets(tables, summary, &cx.styles))?;
        Ok(Writer {
            workbook,
            cx,
            at,
            path: path.to_path_buf(),
        })
    }

    /// The sheet of each table given to [`Writer::new`], in that order. Each may be written
    /// on its own thread: the formats are registered beforehand, so the bytes do not depend
    /// on which sheet is written first.
    pub fn sheets(&mut self) -> Vec<Sheet<'_>> {
        let (cx, path, at) = (&self.cx, self.path.as_path(), &self.at);
        let mut worksheets: Vec<Option<&mut Worksheet>> = self
            .workbook
            .worksheets_mut()
            .iter_mut()
            .map(Some)
            .collect();
        (at.iter())
            .map(|&k| Sheet {
                ws: worksheets[k].take().expect("one worksheet per table"),
                cx,
                path,
            })
            .collect()
    }

    /// Saves the workbook to its path, replacing an earlier file only once complete. What is
    /// left of the workbook is handed back: freeing it takes a while for a large summary,
    /// which a caller about to exit can skip.
    pub fn save(mut self) -> Result<Spent, Error> {
        let path = self.path.clone();
        write_atomically(&path, |file| save_into(&mut self.workbook, file, &path))?;
        Ok(Spent {
            _workbook: self.workbook,
        })
    }
}

/// Saves `workbook` into `file`, the workbook of `path`.
fn save_into(workbook: &mut Workbook, file: &mut std::fs::File, path: &Path) -> Result<(), Error> {
    let xlsx = |source: XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        source,
    };
    let io = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: atomic::explain_write(source),
    };
    crate::unwind::quiet_catch_unwind(|| {
        let mut out = BufWriter::new(&mut *file);
        workbook.save_to_writer(&mut out).map_err(|e| match e {
            // A full disk is a write error, said in words, not a workbook error.
            XlsxError::IoError(e) => io(e),
            XlsxError::ZipError(zip::result::ZipError::Io(e)) => io(e),
            e => xlsx(e),
        })?;
        out.flush().map_err(io)
    })
    .unwrap_or_else(|panic| Err(io(io_error_in_panic(&panic))))
}

/// Writes a small workbook of whole tables to a new file `path` (the feedback to a
/// college): each table a sheet with its [`Look`], a [`Print::Layout`] one followed by its
/// printed layout; `title` and the evaluation date in the document's properties, so the same
/// tables give the same bytes. Cells are text, never links (the workbook is sent away). The
/// file is written in place: the caller makes the whole folder atomic.
pub fn write_book(
    path: &Path,
    title: &str,
    as_of: chrono::NaiveDate,
    sheets: &[(&Table, Look)],
) -> Result<(), Error> {
    let cx = Context {
        styles: Styles::new(),
        links: Links::new(Path::new(""), path),
        archives: Archives::new([]),
        as_of,
        detail_rows: HashMap::new(),
        max_links: 0,
    };
    let mut workbook = catching(path, || {
        let mut workbook = Workbook::new();
        workbook.set_zip_compression_level(1);
        workbook.set_properties(&properties_of(title, as_of)?);
        for format in cx.styles.all() {
            workbook.register_format(format);
        }
        for (table, look) in sheets {
            let ws = workbook.add_worksheet();
            ws.set_name(table.sheet)?;
            write_table(ws, table, &cx, look)?;
            if let Print::Layout { columns, signature } = look.print {
                let styles = &cx.styles;
                let title = &look.title;
                paper::add_layout_sheet(
                    &mut workbook,
                    table,
                    columns,
                    title,
                    signature,
                    as_of,
                    styles,
                )?;
            }
        }
        Ok(workbook)
    })?;
    let mut file = std::fs::File::create(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: atomic::explain_write(e),
    })?;
    save_into(&mut workbook, &mut file, path)
}

/// A saved workbook, kept only to be freed (or not, see [`Writer::save`]).
pub struct Spent {
    _workbook: Workbook,
}

/// Runs a step that writes the workbook's temporary files. Constant-memory sheets spill to
/// temporary files and rust_xlsxwriter panics when it cannot write them (a full temporary
/// folder): that is a write error too.
fn catching<T>(path: &Path, step: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, Error> {
    crate::unwind::quiet_catch_unwind(step)
        .map(|r| {
            r.map_err(|source| Error::Xlsx {
                path: path.to_path_buf(),
                source,
            })
        })
        .unwrap_or_else(|panic| {
            Err(Error::Write {
                path: path.to_path_buf(),
                source: atomic::explain_write(io_error_in_panic(&panic)),
            })
        })
}

/// The I/O error a writer's panic message carries (`…: Os { code: 28, kind: StorageFull,
/// message: "No space left on device" }`), as an error of that kind with the OS's message.
fn io_error_in_panic(message: &str) -> std::io::Error {
    use std::io::ErrorKind;
    let field = |name: &str| {
        let start = message.find(name)? + name.len();
        let rest = &message[start..];
        Some(rest.split(['"', ',', '}']).next().unwrap_or(rest).trim())
    };
    let kind = match field("kind: ") {
        Some("StorageFull") => ErrorKind::StorageFull,
        Some("QuotaExceeded") => ErrorKind::QuotaExceeded,
        Some("FileTooLarge") => ErrorKind::FileTooLarge,
        Some("PermissionDenied") => ErrorKind::PermissionDenied,
        Some("ReadOnlyFilesystem") => ErrorKind::ReadOnlyFilesystem,
        _ => ErrorKind::Other,
    };
    let os_message = field("message: \"").unwrap_or(message);
    std::io::Error::new(kind, format!("写临时文件时出错：{os_message}"))
}

/// Index of the column named `name`, if the table has one.
pub(super) fn column_index(table: &Table, name: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == name)
}

/// A value as a chart number, when it is one.
pub(super) fn excel_number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Number(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// What every sheet needs besides its own table.
struct Context {
    styles: Styles,
    links: Links,
    /// Links to a member of an archive open the archive.
    archives: Archives,
    as_of: chrono::NaiveDate,
    /// 工作站编号 → its first row (0-based) in 评估明细.
    detail_rows: HashMap<String, RowNum>,
    max_links: usize,
}

/// A workbook with one (empty) sheet per table, named, and 图表 after 汇总; the worksheet
/// index of each table.
fn add_sheets(
    tables: &[Table],
    summary: &Summary,
    styles: &Styles,
) -> Result<(Workbook, Vec<usize>), XlsxError> {
    let mut workbook = Workbook::new();
    // Deflate level 1 instead of 6: much less time writing, for a larger file
    // (`benches/README.md`).
    workbook.set_zip_compression_level(1);
    workbook.set_properties(&properties(summary)?);
    for format in styles.all() {
        workbook.register_format(format);
    }
    // 图表 follows 汇总, or 本月变化 when that comes right after 汇总.
    let chart_sheet_free = !tables.iter().any(|t| t.sheet == charts::SHEET);
    let summary_at = tables.iter().position(|t| t.sheet == SUMMARY_SHEET);
    let charts_after = summary_at
        .filter(|_| chart_sheet_free)
        .map(|i| match tables.get(i + 1) {
            Some(next) if next.sheet == CHANGES_SHEET => i + 1,
            _ => i,
        });
    let mut at = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        at.push(workbook.worksheets_mut().len());
        workbook
            .add_worksheet_with_constant_memory()?
            .set_name(table.sheet)?;
        if let (Some(after), Some(s)) = (charts_after, summary_at) {
            if after == i {
                charts::add(&mut workbook, &tables[s], &summary.rules, styles)?;
                let summary_table = &tables[s];
                let look = summary_look(summary_table.sheet, summary.as_of);
                if let Print::Layout { columns, signature } = look.print {
                    paper::add_layout_sheet(
                        &mut workbook,
                        summary_table,
                        columns,
                        &look.title,
                        signature,
                        summary.as_of,
                        styles,
                    )?;
                }
            }
        }
    }
    Ok((workbook, at))
}

/// Title, subject and a creation time fixed to the evaluation date, so that two runs on the
/// same data give the same bytes.
fn properties(summary: &Summary) -> Result<DocProperties, XlsxError> {
    properties_of(TITLE, summary.as_of)
}

/// Title, subject and a creation time fixed to the evaluation date `d`.
fn properties_of(title: &str, d: chrono::NaiveDate) -> Result<DocProperties, XlsxError> {
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(format!("评估日期 {}", chinese_date(d)))
        .set_author("gsw")
        .set_comment(format!("gsw {}", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&created))
}

/// For each value of `column` in sheet `sheet`, the 0-based row of its first occurrence.
fn first_rows(tables: &[Table], sheet: &str, column: &str) -> HashMap<String, RowNum> {
    let mut rows = HashMap::new();
    let Some(table) = tables.iter().find(|t| t.sheet == sheet) else {
        return rows;
    };
    let Some(c) = column_index(table, column) else {
        return rows;
    };
    for (i, row) in table.rows.iter().enumerate().take(max_rows(0)) {
        if let Some(v) = row.get(c).map(Value::display).filter(|s| !s.is_empty()) {
            rows.entry(v).or_insert(i as RowNum + 1);
        }
    }
    rows
}

/// How many data rows fit below a header at `header_row`, keeping one for a note.
fn max_rows(header_row: RowNum) -> usize {
    (ROW_LIMIT - header_row - 2) as usize
}

/// Writes the lines of `title` from the first row, the first as a title; returns the row
/// below them (the header's).
fn write_title(ws: &mut Worksheet, title: &[String], styles: &Styles) -> Result<RowNum, XlsxError> {
    for (r, line) in title.iter().enumerate() {
        let format = if r == 0 {
            &styles.title
        } else {
            &styles.subtitle
        };
        ws.write_string_with_format(r as RowNum, 0, line, format)?;
        if r == 0 {
            ws.set_row_height(0, 24)?;
        }
    }
    Ok(title.len() as RowNum)
}

fn write_table(
    ws: &mut Worksheet,
    table: &Table,
    cx: &Context,
    look: &Look,
) -> Result<(), XlsxError> {
    let is_summary = table.sheet == SUMMARY_SHEET;
    let styles = &cx.styles;
    let header_row = write_title(ws, &look.title, styles)?;
    // Beside the date: where to print from.
    if let (Print::Layout { signature, .. }, true) = (look.print, header_row >= 2) {
        if table.columns.len() > 2 {
            let sheet = layout::print_sheet_name(table.sheet);
            let hint = match signature {
                true => format!("打印、签字请用“{sheet}”表：一页宽，末页有签字栏"),
                false => format!("打印请用“{sheet}”表：一页宽"),
            };
            ws.write_string_with_format(header_row - 1, 2, hint, &styles.subtitle)?;
        }
    }
    if table.columns.is_empty() {
        return Ok(());
    }
    let last_col = (table.columns.len() - 1) as ColNum;
    let mut widths = width::column_widths(table);
    paper::fit_to_page(look.print, table, &mut widths);
    for (c, &w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, w)?;
    }
    let mut header_lines = 1;
    for (c, column) in table.columns.iter().enumerate() {
        ws.write_string_with_format(header_row, c as ColNum, column.name, &styles.header)?;
        header_lines = header_lines.max(width::header_lines(column.name, widths[c]));
    }
    ws.set_row_height(header_row, paper::header_height(header_lines))?;
    // Wrapped columns: each row as tall as its longest text, so every program shows it all
    // (LibreOffice and WPS do not grow rows on their own).
    let wrapped: Vec<(usize, f64)> = (table.columns.iter().enumerate())
        .filter(|(_, col)| col.style == ColumnStyle::Wide)
        .map(|(c, _)| (c, widths[c]))
        .collect();

    let column_formats = column_formats(table, styles);
    for (c, format) in column_formats.iter().enumerate() {
        if let Some(format) = format {
            ws.set_column_format(c as ColNum, format)?;
        }
    }
    let station_col = column_index(table, STATION).filter(|_| is_summary);
    let fit = max_rows(header_row);
    let mut links_left = cx.max_links;
    for (i, row) in table.rows.iter().take(fit).enumerate() {
        let r = header_row + 1 + i as RowNum;
        for (c, (column, value)) in table.columns.iter().zip(row).enumerate() {
            let c = c as ColNum;
            let detail = station_col
                .filter(|&s| s == c as usize)
                .filter(|_| matches!(value, Value::Text(_) | Value::Int(_)))
                .and_then(|_| cx.detail_rows.get(&value.display()));
            match detail {
                Some(&target) if links_left > 0 => {
                    links_left -= 1;
                    let url = links::internal_url(DETAIL_SHEET, target, 0);
                    let text = value.display();
                    let format = styles.cell(ColumnStyle::Plain, Kind::Link, "");
                    ws.write_url_with_options(r, c, Url::new(url), text, "", Some(format))?;
                }
                _ => {
                    let cell = Cell {
                        r,
                        c,
                        style: column.style,
                        column_format: column_formats[c as usize],
                    };
                    write_value(ws, &cell, value, &mut links_left, cx)?
                }
            }
        }
        let lines = (wrapped.iter())
            .filter_map(|&(c, w)| match row.get(c) {
                Some(Value::Text(s)) => Some(width::wrapped_lines(s, w)),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if let Some(height) = width::row_height(lines) {
            ws.set_row_height(r, height)?;
        }
    }
    if table.rows.is_empty() && table.sheet == CHANGES_SHEET {
        let note = "与上次汇总相比没有变化";
        ws.write_string_with_format(header_row + 1, 0, note, &styles.subtitle)?;
    }
    let mut last_row = header_row + table.rows.len().min(fit) as RowNum;
    if table.rows.len() > fit {
        last_row += 1;
        let note = format!(
            "……其余 {} 行超出 Excel 的行数上限（1048576 行），未列出；用 --csv 可输出完整数据",
            table.rows.len() - fit
        );
        ws.write_string_with_format(last_row, 0, note, &styles.note)?;
    }

    // 汇总 and the sheets like it (a title above the header): code and name stay in view.
    let frozen_cols = if header_row > 0 && table.columns.len() > 3 {
        2
    } else {
        0
    };
    ws.set_freeze_panes(header_row + 1, frozen_cols)?;
    if table.sheet != NOTES_SHEET {
        ws.autofilter(header_row, 0, last_row.max(header_row), last_col)?;
    }
    if look.print.signature() && matches!(look.print, Print::Page { .. }) {
        paper::sign(ws, last_row, last_col, styles)?;
    }
    paper::page_setup(look.print, &widths, header_row, frozen_cols, cx.as_of).apply(ws)?;
    Ok(())
}

/// Text Excel can hold: at most [`MAX_TEXT`] UTF-16 units.
fn clip(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_TEXT || s.encode_utf16().count() <= MAX_TEXT {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut out = String::new();
    for ch in s.chars() {
        units += ch.len_utf16();
        if units > MAX_TEXT - 1 {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    Cow::Owned(out)
}

fn excel_date(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// Where a value goes and how its column looks.
struct Cell<'s> {
    r: RowNum,
    c: ColNum,
    style: ColumnStyle,
    /// The column's own format: a cell in it is written without one.
    column_format: Option<&'s Format>,
}

/// Each column's format, taken from its first value, except verdict columns (coloured by
/// value). rust_xlsxwriter hashes a cell's whole format on every write, so the cells of a
/// column with a format are written without one and take the column's (faster: see
/// `benches/README.md`). Its empty cells take it too, which shows nothing: the data formats
/// only align, wrap and format numbers.
fn column_formats<'s>(table: &Table, styles: &'s Styles) -> Vec<Option<&'s Format>> {
    (table.columns.iter().enumerate())
        .map(|(c, column)| {
            if column.style == ColumnStyle::Verdict {
                return None;
            }
            let first = (table.rows.iter()).find_map(|row| match row.get(c) {
                Some(Value::Empty) | None => None,
                Some(v) => Some(v),
            })?;
            let kind = match first {
                Value::Int(_) => Kind::Int,
                Value::Number(f) if f.is_finite() => Kind::Number,
                Value::Date(d) if excel_date(*d).is_some() => Kind::Date,
                Value::Link(_) => return None,
                _ => Kind::Text,
            };
            Some(styles.cell(column.style, kind, ""))
        })
        .collect()
}

fn write_value(
    ws: &mut Worksheet,
    at: &Cell,
    value: &Value,
    links_left: &mut usize,
    cx: &Context,
) -> Result<(), XlsxError> {
    let (r, c, style) = (at.r, at.c, at.style);
    let styles = &cx.styles;
    let own = |format: &Format| at.column_format.is_some_and(|f| std::ptr::eq(f, format));
    let text = |ws: &mut Worksheet, s: &str| -> Result<(), XlsxError> {
        let format = styles.cell(style, Kind::Text, s);
        match own(format) {
            true => ws.write_string(r, c, clip(s))?,
            false => ws.write_string_with_format(r, c, clip(s), format)?,
        };
        Ok(())
    };
    let number = |ws: &mut Worksheet, n: f64, kind: Kind| -> Result<(), XlsxError> {
        let format = styles.cell(style, kind, "");
        match own(format) {
            true => ws.write_number(r, c, n)?,
            false => ws.write_number_with_format(r, c, n, format)?,
        };
        Ok(())
    };
    match value {
        Value::Empty => {}
        Value::Text(s) => text(ws, s)?,
        Value::Int(i) => number(ws, *i as f64, Kind::Int)?,
        Value::Number(f) if f.is_finite() => number(ws, *f, Kind::Number)?,
        Value::Number(_) => text(ws, &value.display())?,
        Value::Date(d) => match excel_date(*d) {
            Some(dt) => number(ws, dt.to_excel(), Kind::Date)?,
            None => text(ws, &value.display())?,
        },
        Value::Link(link) => {
            let shown = &link.path;
            if shown.is_empty() {
                return Ok(());
            }
            let (target, location) = cx.archives.openable(shown, link.location.as_deref());
            let url = (*links_left > 0)
                .then(|| cx.links.file_url(target, location))
                .flatten();
            match url {
                Some(url) => {
                    *links_left -= 1;
                    let format = styles.cell(style, Kind::Link, "");
                    ws.write_url_with_options(r, c, Url::new(url), clip(shown), "", Some(format))?;
                }
                None => text(ws, shown)?,
            }
        }
    }
    Ok(())
}
