//! Filled-in workbooks, made through the real template writer: for tests, the benchmark and
//! the sample data. Values go into the cells the schema gives them (see [`crate::template`]
//! for the layout), so a filled workbook is exactly what a person would send after typing
//! into the template.
//!
//! [`Filled`] takes any value in any field, including wrong ones (`一千` in a money cell) to
//! test the reader. [`spec`] builds a whole realistic report from plain structs, and
//! [`synth`] makes deterministic realistic data in bulk.

pub mod spec;
pub mod synth;

use crate::dates::AcademicYear;
use crate::schema::{Field, Kind, Layout, Sheet};
use crate::template::{self, Styles, FIRST_DATA_ROW, VALUE_COL};
use chrono::NaiveDate;
use rust_xlsxwriter::{ColNum, Formula, RowNum, Workbook, Worksheet, XlsxError};
use std::path::Path;

pub use spec::{FundingSpec, OutcomeSpec, PersonSpec, ReportSpec, StudentSpec};

/// What goes into one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Text(String),
    Number(f64),
    /// A real date cell (a serial number with a date format).
    Date(NaiveDate),
    /// A formula with the value Excel would have cached for it.
    Formula {
        formula: String,
        cached: String,
    },
    /// An empty cell; in 基本信息 it also clears the pre-filled 模板版本.
    Blank,
}

impl From<&str> for Input {
    fn from(s: &str) -> Self {
        Input::Text(s.to_string())
    }
}

impl From<String> for Input {
    fn from(s: String) -> Self {
        Input::Text(s)
    }
}

impl From<&String> for Input {
    fn from(s: &String) -> Self {
        Input::Text(s.clone())
    }
}

impl From<f64> for Input {
    fn from(n: f64) -> Self {
        Input::Number(n)
    }
}

impl From<u32> for Input {
    fn from(n: u32) -> Self {
        Input::Number(f64::from(n))
    }
}

impl From<i32> for Input {
    fn from(n: i32) -> Self {
        Input::Number(f64::from(n))
    }
}

impl From<NaiveDate> for Input {
    fn from(d: NaiveDate) -> Self {
        Input::Date(d)
    }
}

/// `是` or `否`.
impl From<bool> for Input {
    fn from(b: bool) -> Self {
        let word = if b {
            crate::schema::YES
        } else {
            crate::schema::NO
        };
        Input::Text(word.to_string())
    }
}

/// `2023-2024`.
impl From<AcademicYear> for Input {
    fn from(y: AcademicYear) -> Self {
        Input::Text(y.to_string())
    }
}

/// `None` is a blank cell.
impl<T: Into<Input>> From<Option<T>> for Input {
    fn from(v: Option<T>) -> Self {
        v.map_or(Input::Blank, Into::into)
    }
}

impl Input {
    /// Text, or a blank cell when empty.
    pub fn text(s: &str) -> Input {
        if s.is_empty() {
            Input::Blank
        } else {
            Input::Text(s.to_string())
        }
    }

    pub fn formula(formula: impl Into<String>, cached: impl Into<String>) -> Input {
        Input::Formula {
            formula: formula.into(),
            cached: cached.into(),
        }
    }
}

/// One record of a table sheet: (position of the field in its sheet, value).
type Row = Vec<(u16, Input)>;

/// A workbook of one kind with values in some of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    kind: Kind,
    /// Values of the label-value sheet, by field position (= row).
    info: Vec<(u16, Input)>,
    /// Records of each sheet, indexed like `kind.schema().sheets`.
    tables: Vec<Vec<Row>>,
}

impl Filled {
    pub fn new(kind: Kind) -> Filled {
        Filled {
            kind,
            info: Vec::new(),
            tables: vec![Vec::new(); kind.schema().sheets.len()],
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The index of `sheet` in this kind's schema. Panics on a sheet of another kind: that
    /// is a mistake in the calling code, not in data.
    fn sheet_index(&self, sheet: &Sheet) -> usize {
        let sheets = self.kind.schema().sheets;
        sheets
            .iter()
            .position(|s| s.name == sheet.name)
            .unwrap_or_else(|| panic!("{} has no sheet {}", self.kind.title(), sheet.name))
    }

    fn info_sheet(&self) -> &'static Sheet {
        let sheets = self.kind.schema().sheets;
        sheets
            .iter()
            .find(|s| s.layout == Layout::LabelValue)
            .unwrap_or_else(|| panic!("{} has no label-value sheet", self.kind.title()))
    }

    /// Sets a field of the label-value sheet (基本信息); a later call for the same field wins.
    /// Panics if this kind has no such sheet or the field is not on it (a mistake in the
    /// calling code).
    pub fn set(&mut self, field: &Field, value: impl Into<Input>) -> &mut Self {
        let sheet = self.info_sheet();
        let pos = field_position(sheet, field);
        let value = value.into();
        match self.info.iter_mut().find(|(p, _)| *p == pos) {
            Some(slot) => slot.1 = value,
            None => self.info.push((pos, value)),
        }
        self
    }

    /// Leaves a field of the label-value sheet untouched (not even blank), e.g. one that a
    /// pre-filled template already holds.
    pub fn unset(&mut self, field: &Field) -> &mut Self {
        let pos = field_position(self.info_sheet(), field);
        self.info.retain(|(p, _)| *p != pos);
        self
    }

    /// [`Filled::set`], builder style.
    pub fn with(mut self, field: &Field, value: impl Into<Input>) -> Self {
        self.set(field, value);
        self
    }

    /// Appends a record to a table sheet. Fields not given stay blank. Panics if the sheet
    /// is not of this kind or a field is not on it.
    pub fn push_row<'f>(
        &mut self,
        sheet: &Sheet,
        row: impl IntoIterator<Item = (&'f Field, Input)>,
    ) -> &mut Self {
        let index = self.sheet_index(sheet);
        let row = row
            .into_iter()
            .map(|(field, value)| (field_position(sheet, field), value))
            .collect();
        self.tables[index].push(row);
        self
    }

    /// The number of records pushed to `sheet`.
    pub fn row_count(&self, sheet: &Sheet) -> usize {
        self.tables[self.sheet_index(sheet)].len()
    }

    /// The template of this kind with the values written in. Returned unsaved so a caller
    /// can change it further (rename a sheet, add a column, or for bulk data call
    /// `set_zip_compression_level(1)`, faster to save).
    pub fn workbook(&self) -> Result<Workbook, XlsxError> {
        self.write_into(template::workbook(self.kind)?)
    }

    /// Writes the values into a workbook of this kind made by the template writer, e.g. a
    /// pre-filled template ([`template::prefill`]), as a person typing into it would.
    pub fn write_into(&self, mut workbook: Workbook) -> Result<Workbook, XlsxError> {
        let styles = Styles::default();
        for (sheet, rows) in self.kind.schema().sheets.iter().zip(&self.tables) {
            let ws = workbook.worksheet_from_name(sheet.name)?;
            if sheet.layout == Layout::LabelValue {
                for (pos, value) in &self.info {
                    let format = styles.value(sheet.fields[usize::from(*pos)].ty);
                    write_info(ws, RowNum::from(*pos), value, format, &styles)?;
                }
            }
            for (i, row) in rows.iter().enumerate() {
                let r = FIRST_DATA_ROW + i as RowNum;
                for (col, value) in row {
                    write_cell(ws, r, ColNum::from(*col), value, &styles)?;
                }
            }
        }
        Ok(workbook)
    }

    /// The workbook as .xlsx bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, XlsxError> {
        self.workbook()?.save_to_buffer()
    }

    /// Writes the workbook to `path`.
    pub fn save(&self, path: &Path) -> Result<(), crate::Error> {
        let xlsx = |source| crate::Error::Xlsx {
            path: path.to_path_buf(),
            source,
        };
        self.workbook().map_err(xlsx)?.save(path).map_err(xlsx)
    }
}

fn field_position(sheet: &Sheet, field: &Field) -> u16 {
    template::position(sheet, field)
        .unwrap_or_else(|| panic!("sheet {} has no field {}", sheet.name, field.label))
}

/// Excel's 1900-system serial number of a date (day 60 is the phantom 1900-02-29).
pub fn excel_serial(date: NaiveDate) -> f64 {
    let epoch = crate::dates::ymd(1899, 12, 30);
    let mut days = (date - epoch).num_days();
    if date < crate::dates::ymd(1900, 3, 1) {
        days -= 1;
    }
    days as f64
}

/// A table cell: the column format set by the template applies to text and numbers.
fn write_cell(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &Input,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match value {
        Input::Text(s) => ws.write_string(row, col, s)?,
        Input::Number(n) => ws.write_number(row, col, *n)?,
        Input::Date(d) => ws.write_number_with_format(row, col, excel_serial(*d), &styles.date)?,
        Input::Formula { formula, cached } => {
            ws.write_formula(row, col, Formula::new(formula).set_result(cached))?
        }
        Input::Blank => ws,
    };
    Ok(())
}

/// A value cell of 基本信息: no column format there, so each cell carries its own.
fn write_info(
    ws: &mut Worksheet,
    row: RowNum,
    value: &Input,
    format: &rust_xlsxwriter::Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let col = VALUE_COL;
    match value {
        Input::Text(s) => ws.write_string_with_format(row, col, s, format)?,
        Input::Number(n) => ws.write_number_with_format(row, col, *n, format)?,
        Input::Date(d) => ws.write_number_with_format(row, col, excel_serial(*d), &styles.date)?,
        Input::Formula { formula, cached } => {
            let formula = Formula::new(formula).set_result(cached);
            ws.write_formula_with_format(row, col, formula, format)?
        }
        Input::Blank => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests;
