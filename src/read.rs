//! Read stage: open one workbook (any format calamine reads) from its bytes and load the
//! sheets a kind needs. Positions stay absolute here: calamine's `Range` may start at an
//! offset, and [`RawSheet::rows`] is the one place that adds it.

pub mod archive;
mod lean_xlsx;
mod ods_guard;
mod xls_guard;
mod xlsx_guard;

use crate::model::Format;
use crate::rules::Limits;
use calamine::{Data, Ods, Range, Reader as _, Xls, Xlsb, Xlsx};
use lean_xlsx::{LeanXlsx, Opened};
use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

/// Why a workbook could not be opened or a sheet not read (shown to people, in Chinese,
/// with what to do; a library's own words follow in parentheses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("文件已加密：请学院取消密码后重新发送")]
    Encrypted,
    #[error("文件为空（0 字节）：请学院重新发送")]
    Empty,
    #[error("{}", corrupt_message(.format, .detail))]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error(
        "工作表 {sheet} 已损坏，无法读取：请学院用 Excel 或 WPS 打开后另存为 .xlsx 重新发送（{detail}）"
    )]
    Sheet { sheet: String, detail: String },
    #[error(
        "文件大小 {size} 字节，超过上限 {limit} 字节，未读取：如确是报表，可在规则文件 [limits] 中调高 max_file_mb"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "工作表 {sheet} 的单元格超过上限 {limit} 个（可能有远处的零星单元格或数据过多），未读取：\
         请删除多余的行和列后重新保存"
    )]
    TooManyCells { sheet: String, limit: usize },
    #[error(
        "压缩包内 {entry} 解压后 {size} 字节，超过上限 {limit} 字节，未读取：文件可能已损坏，请学院重新发送"
    )]
    ZipEntryTooLarge {
        entry: String,
        size: u64,
        limit: u64,
    },
    // Archives of the input folder (SPEC §9.5): see `archive`.
    #[error("文件已损坏或不完整，无法作为压缩包打开：请让学院重新发送（{detail}）")]
    ArchiveCorrupt { detail: String },
    #[error(
        "{format} 压缩包本程序不能读取：请解压后放入文件夹（保留其中的文件夹），或改用 .zip 格式压缩"
    )]
    OtherArchive { format: &'static str },
    #[error(
        "压缩包内有 {count} 个文件和文件夹，超过上限 {limit} 个，未读取：请解压后放入文件夹，\
         或在规则文件 [limits] 中调高 max_archive_members"
    )]
    TooManyMembers { count: u64, limit: usize },
    #[error(
        "压缩包内的文件解压后合计超过上限 {limit} 字节，这个文件未读取：请解压后放入文件夹，\
         或在规则文件 [limits] 中调高 max_archive_mb"
    )]
    ArchiveTotalTooLarge { limit: u64 },
    #[error(
        "解压后比压缩包中记录的 {declared} 字节更大，未读取：压缩包已损坏（或是恶意的“压缩炸弹”），\
         请学院重新压缩后发送"
    )]
    MemberLarger { declared: u64 },
    #[error("压缩包设置了密码，其中的文件无法读取：请学院去掉压缩密码后重新发送")]
    ArchiveEncrypted,
    #[error(
        "压缩包使用了本程序不支持的压缩方式（{method}），无法读取：请解压后放入文件夹，\
         或用 Windows 自带的“发送到 → 压缩(zipped)文件夹”重新压缩"
    )]
    UnsupportedMethod { method: String },
    #[error("这是压缩包里的压缩包里的压缩包，本程序只读一层：请把它解压后放入文件夹")]
    NestedTooDeep,
    #[error("压缩包内的这个文件已损坏，无法解压：请学院重新压缩后发送（{detail}）")]
    MemberCorrupt { detail: String },
}

/// A file its reader refused, said by what people can do about it.
fn corrupt_message(format: &str, detail: &str) -> String {
    let zipped = matches!(format, "xlsx" | "xlsb" | "ods");
    let why = if zipped && detail.starts_with("Zip error") {
        format!("文件已损坏或不完整，无法作为 {format} 工作簿（压缩包）打开：请学院重新发送")
    } else if detail.contains("Codepage") {
        "文件使用了本程序不认识的字符编码，无法读取：请学院用 Excel 或 WPS 打开后另存为 .xlsx 重新发送"
            .to_string()
    } else {
        format!(
            "文件已损坏或不是有效的 {format} 工作簿，无法读取：请学院用 Excel 或 WPS 打开后另存为 .xlsx 重新发送"
        )
    };
    format!("{why}（{detail}）")
}

type Cur = Cursor<Arc<[u8]>>;

/// An open workbook: its sheet names are known, sheets are loaded on demand.
pub struct OpenWorkbook {
    inner: Engine,
    /// The file's bytes, for calamine when the lean reader steps aside.
    bytes: Arc<[u8]>,
    /// Why calamine rather than the lean reader reads this workbook, if it does.
    lean_step_aside: Option<&'static str>,
    pub sheet_names: Vec<String>,
    pub format: Format,
    limits: Limits,
}

enum Engine {
    Lean(Box<LeanXlsx>),
    Calamine(Box<calamine::Sheets<Cur>>),
}

/// Which reader opens a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// gsw's own lean reader for plain .xlsx files, calamine for everything else.
    Auto,
    /// calamine only (tests compare the two).
    Calamine,
}

/// One sheet's cells, stored by row: a far stray cell costs one row, not rows × columns.
pub struct RawSheet {
    /// The name as written in the workbook.
    pub name: String,
    /// Rows in order, each with its absolute row index and its cells from column A.
    rows: Vec<(u32, Vec<Data>)>,
}

impl RawSheet {
    pub fn new(name: impl Into<String>, range: Range<Data>) -> Self {
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| *c != Data::Empty))
            .map(|(i, cells)| {
                let mut row = vec![Data::Empty; first_col as usize];
                row.extend(cells.iter().cloned());
                (first_row + i as u32, row)
            })
            .collect();
        RawSheet {
            name: name.into(),
            rows,
        }
    }

    /// Builds a sheet from cells in any order; `Err` once more than `max_cells` would be kept.
    /// Cells in row order (as xlsx and xlsb store them) go straight to their row.
    pub fn from_cells(
        name: impl Into<String>,
        cells: impl IntoIterator<Item = ((u32, u32), Data)>,
        max_cells: usize,
    ) -> Result<Self, usize> {
        let mut rows: Vec<(u32, Vec<Data>)> = Vec::new();
        let mut sorted = true;
        let mut kept = 0usize;
        for ((row, col), value) in cells {
            if value == Data::Empty {
                continue;
            }
            let at = match rows.last() {
                Some((last, _)) if *last == row => rows.len() - 1,
                Some((last, _)) if sorted && *last < row => {
                    rows.push((row, Vec::new()));
                    rows.len() - 1
                }
                None => {
                    rows.push((row, Vec::new()));
                    0
                }
                // Out of order: find the row (rare; sorted at the end).
                _ => {
                    sorted = false;
                    match rows.iter().position(|(r, _)| *r == row) {
                        Some(i) => i,
                        None => {
                            rows.push((row, Vec::new()));
                            rows.len() - 1
                        }
                    }
                }
            };
            let cells = &mut rows[at].1;
            let col = col as usize;
            if cells.len() <= col {
                kept += col + 1 - cells.len();
                if kept > max_cells {
                    return Err(kept);
                }
                cells.resize(col + 1, Data::Empty);
            }
            cells[col] = value;
        }
        if !sorted {
            rows.sort_by_key(|(r, _)| *r);
        }
        Ok(RawSheet {
            name: name.into(),
            rows,
        })
    }

    /// Rows that hold at least one cell, with their absolute 0-based row index;
    /// `cells[i]` is in absolute column `i`.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Data])> {
        self.rows.iter().map(|(r, cells)| (*r, cells.as_slice()))
    }

    /// The first column of `rows()` slices: always column A.
    pub fn first_col(&self) -> u32 {
        0
    }

    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|(_, c)| c.len()).sum()
    }
}

/// Why streaming a sheet's cells stopped.
enum StreamError {
    TooMany,
    Reader(String),
}

impl StreamError {
    fn into_read_error(self, sheet: &str, limit: usize) -> ReadError {
        match self {
            StreamError::TooMany => ReadError::TooManyCells {
                sheet: sheet.to_string(),
                limit,
            },
            StreamError::Reader(detail) => ReadError::Sheet {
                sheet: sheet.to_string(),
                detail,
            },
        }
    }
}

/// Builds a sheet from a cells reader (xlsx and xlsb have the same shape of reader),
/// stopping at the cell limit or at the reader's first error.
fn stream_cells<'a>(
    name: &str,
    max: usize,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, String>,
) -> Result<RawSheet, StreamError> {
    let mut failed = None;
    let cells = std::iter::from_fn(|| match next() {
        Ok(cell) => cell,
        Err(e) => {
            failed = Some(e);
            None
        }
    })
    .map(|c| (c.get_position(), Data::from(c.get_value().clone())));
    let sheet = RawSheet::from_cells(name, cells, max).map_err(|_| StreamError::TooMany)?;
    match failed {
        Some(detail) => Err(StreamError::Reader(detail)),
        None => Ok(sheet),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "xlsx",
        Format::Xlsb => "xlsb",
        Format::Xls => "xls",
        Format::Ods => "ods",
    }
}

/// Opens a workbook from its bytes. Never panics on its own; calamine might, so callers
/// run it under `catch_unwind` (see `ingest`).
pub fn open(bytes: Vec<u8>, format: Format, limits: Limits) -> Result<OpenWorkbook, ReadError> {
    open_using(bytes, format, limits, Reader::Auto)
}

/// [`open`] with a choice of reader.
pub fn open_using(
    bytes: Vec<u8>,
    format: Format,
    limits: Limits,
    reader: Reader,
) -> Result<OpenWorkbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let bytes: Arc<[u8]> = bytes.into();
    let mut lean_step_aside = Some("not an .xlsx file");
    if reader == Reader::Calamine {
        lean_step_aside = Some("calamine chosen");
    } else if format == Format::Xlsx {
        match LeanXlsx::open(bytes.clone(), limits) {
            Opened::Workbook(wb) => {
                return Ok(OpenWorkbook {
                    sheet_names: wb.sheet_names(),
                    inner: Engine::Lean(wb),
                    bytes,
                    lean_step_aside: None,
                    format,
                    limits,
                })
            }
            Opened::Refused(e) => return Err(e),
            Opened::StepAside(why) => lean_step_aside = Some(why.0),
        }
    }
    // A file its extension misnames (an .xls renamed .xlsx, an .ods saved as .xls) is read
    // as what it is; [`OpenWorkbook::format`] then differs from the extension's.
    let (inner, format) = match open_calamine(bytes.clone(), format, limits) {
        Ok(inner) => (inner, format),
        Err(e @ ReadError::Corrupt { .. }) => match sniff(&bytes).filter(|f| *f != format) {
            Some(actual) => (open_calamine(bytes.clone(), actual, limits)?, actual),
            None => return Err(e),
        },
        Err(e) => return Err(e),
    };
    let sheet_names = inner.sheet_names();
    Ok(OpenWorkbook {
        inner: Engine::Calamine(Box::new(inner)),
        bytes,
        lean_step_aside,
        sheet_names,
        format,
        limits,
    })
}

/// The format the bytes are in, whatever the file's name says: a compound file is an .xls
/// (or a password-protected OOXML package), a zip an .xlsb, .ods or .xlsx by its parts.
fn sniff(bytes: &[u8]) -> Option<Format> {
    const COMPOUND: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(COMPOUND) {
        let package: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = memchr::memmem::find(bytes, &package).is_some();
        return Some(if encrypted { Format::Xlsx } else { Format::Xls });
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has =
        |part: &str| (zip.file_names()).any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(part)));
    if has("xl/workbook.bin") {
        Some(Format::Xlsb)
    } else if has("content.xml") {
        Some(Format::Ods)
    } else if has("[Content_Types].xml") {
        Some(Format::Xlsx)
    } else {
        None
    }
}

impl Format {
    /// The usual extension: `.xlsx`, `.xlsb`, `.xls`, `.ods`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xlsb => ".xlsb",
            Format::Xls => ".xls",
            Format::Ods => ".ods",
        }
    }
}

fn open_calamine(
    bytes: Arc<[u8]>,
    format: Format,
    limits: Limits,
) -> Result<calamine::Sheets<Cur>, ReadError> {
    if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(&bytes[..])) {
        check_zip_entries(&mut zip, limits)?;
    }
    // calamine 0.38 hangs, or allocates until the process aborts, on some damaged files:
    // these passes refuse them first (see each guard for what it found).
    match format {
        Format::Ods => ods_guard::check(&bytes, limits)?,
        Format::Xls => xls_guard::check(&bytes, limits)?,
        Format::Xlsx => {
            xls_guard::check_compound(&bytes, "xlsx")?;
            xlsx_guard::check(&bytes, limits)?
        }
        Format::Xlsb => xls_guard::check_compound(&bytes, "xlsb")?,
    }
    let cursor = Cursor::new(bytes);
    let corrupt = |detail: String| ReadError::Corrupt {
        format: format_name(format),
        detail,
    };
    Ok(match format {
        Format::Xlsx => match Xlsx::new(cursor) {
            Ok(wb) => calamine::Sheets::Xlsx(wb),
            Err(calamine::XlsxError::Password) => return Err(ReadError::Encrypted),
            Err(e) => return Err(corrupt(e.to_string())),
        },
        Format::Xlsb => match Xlsb::new(cursor) {
            Ok(wb) => calamine::Sheets::Xlsb(wb),
            Err(calamine::XlsbError::Password) => return Err(ReadError::Encrypted),
            Err(e) => return Err(corrupt(e.to_string())),
        },
        Format::Xls => match Xls::new(cursor) {
            Ok(wb) => calamine::Sheets::Xls(wb),
            Err(calamine::XlsError::Password) => return Err(ReadError::Encrypted),
            Err(e) => return Err(corrupt(e.to_string())),
        },
        Format::Ods => match Ods::new(cursor) {
            Ok(wb) => calamine::Sheets::Ods(wb),
            Err(calamine::OdsError::Password) => return Err(ReadError::Encrypted),
            Err(e) => return Err(corrupt(e.to_string())),
        },
    })
}

/// A zip-based file (xlsx, xlsb, ods) whose parts would inflate beyond the limit is refused
/// before anything is decompressed. Files that are not zips are left to their reader.
fn check_zip_entries<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    limits: Limits,
) -> Result<(), ReadError> {
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            if entry.size() > limits.max_zip_entry_bytes {
                return Err(ReadError::ZipEntryTooLarge {
                    entry: entry.name().map(|n| n.to_string()).unwrap_or_default(),
                    size: entry.size(),
                    limit: limits.max_zip_entry_bytes,
                });
            }
        }
    }
    Ok(())
}

impl OpenWorkbook {
    /// Loads one sheet by its name as written in the workbook.
    /// xlsx and xlsb are streamed cell by cell and stop at the cell limit; xls and ods
    /// are loaded whole (their size is bounded by the file-size limit).
    pub fn sheet(&mut self, name: &str) -> Result<RawSheet, ReadError> {
        let max = self.limits.max_cells;
        if let Engine::Lean(wb) = &mut self.inner {
            match wb.sheet(name, max) {
                Ok(Ok(sheet)) => return Ok(sheet),
                Ok(Err(_)) => {
                    return Err(ReadError::TooManyCells {
                        sheet: name.to_string(),
                        limit: max,
                    })
                }
                // calamine reads this sheet, and any after it.
                Err(why) => {
                    self.lean_step_aside = Some(why.0);
                    let sheets = open_calamine(self.bytes.clone(), self.format, self.limits)?;
                    self.inner = Engine::Calamine(Box::new(sheets));
                }
            }
        }
        let Engine::Calamine(sheets) = &mut self.inner else {
            unreachable!("the lean reader returned or was replaced above")
        };
        calamine_sheet(sheets, name, max)
    }

    /// Whether `name` is a chart sheet: a chart, no cells to read.
    pub fn is_chart_sheet(&self, name: &str) -> bool {
        match &self.inner {
            Engine::Lean(wb) => wb.is_chart(name),
            Engine::Calamine(sheets) => (sheets.sheets_metadata().iter())
                .any(|s| s.name == name && s.typ == calamine::SheetType::ChartSheet),
        }
    }

    /// `None` while gsw's lean reader reads this workbook; otherwise why calamine does.
    pub fn lean_step_aside(&self) -> Option<&'static str> {
        self.lean_step_aside
    }
}

/// One sheet by calamine: xlsx and xlsb streamed cell by cell, stopping at the cell limit;
/// xls and ods loaded whole (their size is bounded by the file-size limit).
fn calamine_sheet(
    sheets: &mut calamine::Sheets<Cur>,
    name: &str,
    max: usize,
) -> Result<RawSheet, ReadError> {
    let sheet_error = |detail: String| ReadError::Sheet {
        sheet: name.to_string(),
        detail,
    };
    let too_many = || ReadError::TooManyCells {
        sheet: name.to_string(),
        limit: max,
    };
    match sheets {
        calamine::Sheets::Xlsx(wb) => {
            let mut reader = wb
                .worksheet_cells_reader(name)
                .map_err(|e| sheet_error(e.to_string()))?;
            stream_cells(name, max, || reader.next_cell().map_err(|e| e.to_string()))
                .map_err(|e| e.into_read_error(name, max))
        }
        calamine::Sheets::Xlsb(wb) => {
            let mut reader = wb
                .worksheet_cells_reader(name)
                .map_err(|e| sheet_error(e.to_string()))?;
            stream_cells(name, max, || reader.next_cell().map_err(|e| e.to_string()))
                .map_err(|e| e.into_read_error(name, max))
        }
        other => {
            let range = other
                .worksheet_range(name)
                .map_err(|e| sheet_error(e.to_string()))?;
            let (h, w) = range.get_size();
            if h.saturating_mul(w) > max.saturating_mul(4) {
                return Err(too_many());
            }
            let sheet = RawSheet::new(name, range);
            if sheet.cell_count() > max {
                return Err(too_many());
            }
            Ok(sheet)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(sheet: &RawSheet) -> Vec<(u32, Vec<Data>)> {
        sheet.rows().map(|(r, c)| (r, c.to_vec())).collect()
    }

    #[test]
    fn cells_in_any_order_make_the_same_rows() {
        let s = |t: &str| Data::String(t.to_string());
        let in_order = vec![
            ((0, 0), s("a")),
            ((0, 2), s("b")),
            ((3, 1), s("c")),
            ((3, 2), Data::Empty),
            ((7, 0), s("d")),
        ];
        let mut shuffled = in_order.clone();
        shuffled.swap(0, 4);
        shuffled.swap(1, 3);
        let want = vec![
            (0, vec![s("a"), Data::Empty, s("b")]),
            (3, vec![Data::Empty, s("c")]),
            (7, vec![s("d")]),
        ];
        for cells in [in_order, shuffled] {
            let sheet = RawSheet::from_cells("x", cells, 100).unwrap();
            assert_eq!(rows(&sheet), want);
            assert_eq!(sheet.cell_count(), 6);
        }
    }

    #[test]
    fn too_many_cells_stop_the_sheet() {
        let cells = (0..10).map(|r| ((r, 9), Data::Int(1)));
        assert!(RawSheet::from_cells("x", cells, 50).is_err());
    }
}
