//! Read stage: open one workbook (any format calamine reads) from its bytes and load the
//! sheets a kind needs. Positions stay absolute here: calamine's `Range` may start at an
//! offset, and [`RawSheet::rows`] is the one place that adds it.

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use std::io::Cursor;

/// The spreadsheet formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    /// By file extension, in any case (`.XLSX` too).
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Why a workbook could not be opened or a sheet not read (shown to people, in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("工作簿设有打开密码（已加密），无法读取；请去掉密码后重新报送")]
    Encrypted,
    #[error("文件为空（0 字节）")]
    Empty,
    #[error("文件已损坏或不是有效的 {format} 工作簿（{detail}）")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("工作表 {sheet} 无法读取（{detail}）")]
    Sheet { sheet: String, detail: String },
}

type Cur = Cursor<Vec<u8>>;

/// An open workbook: its sheet names are known, sheets are loaded on demand.
pub struct OpenWorkbook {
    inner: calamine::Sheets<Cur>,
    pub sheet_names: Vec<String>,
    /// Whether dates use the 1904 system (only known for xlsx/xlsb: calamine reports it per cell).
    pub format: Format,
}

/// One sheet's cells.
pub struct RawSheet {
    /// The name as written in the workbook.
    pub name: String,
    range: Range<Data>,
}

impl RawSheet {
    pub fn new(name: impl Into<String>, range: Range<Data>) -> Self {
        RawSheet {
            name: name.into(),
            range,
        }
    }

    /// Rows with their absolute 0-based row index; `cells[i]` is at absolute column
    /// `first_col() + i`.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Data])> {
        let first = self.range.start().map_or(0, |(r, _)| r);
        self.range
            .rows()
            .enumerate()
            .map(move |(i, cells)| (first + i as u32, cells))
    }

    pub fn first_col(&self) -> u32 {
        self.range.start().map_or(0, |(_, c)| c)
    }

    /// The cell at an absolute position, if inside the used range.
    pub fn get(&self, row: u32, col: u32) -> Option<&Data> {
        self.range.get_value((row, col))
    }

    pub fn cell_count(&self) -> usize {
        let (h, w) = self.range.get_size();
        h.saturating_mul(w)
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
pub fn open(bytes: Vec<u8>, format: Format) -> Result<OpenWorkbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let cursor = Cursor::new(bytes);
    let corrupt = |detail: String| ReadError::Corrupt {
        format: format_name(format),
        detail,
    };
    let inner = match format {
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
    };
    let sheet_names = inner.sheet_names();
    Ok(OpenWorkbook {
        inner,
        sheet_names,
        format,
    })
}

impl OpenWorkbook {
    /// Loads one sheet by its name as written in the workbook.
    pub fn sheet(&mut self, name: &str) -> Result<RawSheet, ReadError> {
        let range = self
            .inner
            .worksheet_range(name)
            .map_err(|e| ReadError::Sheet {
                sheet: name.to_string(),
                detail: e.to_string(),
            })?;
        Ok(RawSheet::new(name, range))
    }
}
