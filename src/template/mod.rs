//! The blank templates people fill in (SPEC §2–4), written by walking [`crate::schema`]:
//! every sheet, header, drop-down list and help text comes from there, so the templates and
//! the reader cannot drift apart. Pre-filled ones too: per station from the register
//! ([`prefill`]) and the 抽查清单 of a spot check ([`spot_check`]).
//!
//! Layout, shared with [`crate::fill`] and anyone who needs a cell's position:
//! - a table sheet has its headers in row 1 ([`HEADER_ROW`]) in schema order, data from row 2;
//! - 基本信息 has one field per row in schema order, label in column A, value in column B;
//! - the help sheet [`schema::HELP_SHEET`] comes last, after the data sheets.
//!
//! The bytes are reproducible: the document's creation time is fixed, so the same program
//! writes the same file, and `templates/` can be compared with what the writer writes.

pub mod existing;
mod help;
pub mod prefill;
pub mod spot_check;
mod validation;

use crate::print::{Orientation, PageSetup};
use crate::schema::{self, Field, FieldType, Kind, Layout, Sheet};
use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum,
    Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

pub use help::type_name;
pub use prefill::{known_stations, Known};

/// Row of the headers in a table sheet (0-based, as rust_xlsxwriter and calamine count).
pub const HEADER_ROW: RowNum = 0;
/// First data row of a table sheet.
pub const FIRST_DATA_ROW: RowNum = 1;
/// Last row of a table sheet that carries the data validations (Excel row 1000).
pub const LAST_VALIDATED_ROW: RowNum = 999;
/// Column of the labels in 基本信息.
pub const LABEL_COL: ColNum = 0;
/// Column of the values in 基本信息.
pub const VALUE_COL: ColNum = 1;

/// The creation time written into every template (the date of the measures), so that the
/// same call writes the same bytes.
const CREATED: (u16, u8, u8) = (2024, 1, 8);
const AUTHOR: &str = "天津医科大学研究生院";

/// Position of a field in its sheet: its column in a table sheet, its row in 基本信息.
pub fn position(sheet: &Sheet, field: &Field) -> Option<u16> {
    sheet
        .fields
        .iter()
        .position(|f| f.label == field.label)
        .map(|i| i as u16)
}

/// The cell formats of the templates, built once per workbook.
#[derive(Debug, Clone)]
pub struct Styles {
    pub header: Format,
    pub header_required: Format,
    pub label: Format,
    pub label_required: Format,
    pub text: Format,
    pub date: Format,
    pub money: Format,
    pub integer: Format,
    pub general: Format,
}

impl Default for Styles {
    fn default() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x9BC2E6))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let label = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x9BC2E6));
        // Required fields: the `*` and a dark red font.
        let required = Color::RGB(0xC00000);
        Styles {
            header_required: header.clone().set_font_color(required),
            header,
            label_required: label.clone().set_font_color(required),
            label,
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            money: Format::new().set_num_format("#,##0.00"),
            integer: Format::new().set_num_format("0"),
            general: Format::new(),
        }
    }
}

impl Styles {
    /// The format of a value cell of this type: text stays text (学号 keeps its leading
    /// zeros), dates show as dates.
    pub fn value(&self, ty: FieldType) -> &Format {
        match ty {
            FieldType::Text | FieldType::Key | FieldType::AcademicYear | FieldType::Choice(_) => {
                &self.text
            }
            FieldType::Date => &self.date,
            FieldType::Money => &self.money,
            FieldType::Integer | FieldType::Year => &self.integer,
            FieldType::Months => &self.general,
        }
    }

    fn header(&self, field: &Field) -> &Format {
        if field.required {
            &self.header_required
        } else {
            &self.header
        }
    }

    fn label(&self, field: &Field) -> &Format {
        if field.required {
            &self.label_required
        } else {
            &self.label
        }
    }
}

/// Display width in Excel's column units: a CJK character counts 2 (rust_xlsxwriter's
/// autofit counts it 1, which cuts Chinese headers in half).
pub fn display_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// What a typical value of a type looks like, for column widths.
fn typical_width(ty: FieldType) -> usize {
    match ty {
        FieldType::Text => 16,
        FieldType::Key => 12,
        FieldType::Date => display_width("2023-09-01"),
        FieldType::Integer | FieldType::Months | FieldType::Year => 6,
        FieldType::Money => display_width("12,000.00"),
        FieldType::AcademicYear => display_width("2023-2024"),
        FieldType::Choice(c) => c.values.iter().map(|v| display_width(v)).max().unwrap_or(4),
    }
}

/// Width of the value column of 基本信息: station and host names are long.
const VALUE_COL_WIDTH: f64 = 40.0;
/// Room for the drop-down arrow and cell padding.
const PADDING: usize = 3;

fn width(chars: usize) -> f64 {
    (chars + PADDING) as f64
}

/// The blank template of a kind.
pub fn workbook(kind: Kind) -> Result<Workbook, XlsxError> {
    let schema = kind.schema();
    let styles = Styles::default();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(schema.title)
            .set_author(AUTHOR)
            .set_company(AUTHOR)
            .set_comment(format!("模板版本 {}", schema::TEMPLATE_VERSION))
            .set_creation_datetime(&created),
    );
    for sheet in schema.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        match sheet.layout {
            Layout::LabelValue => label_value_sheet(worksheet, sheet, &styles)?,
            Layout::Table => table_sheet(worksheet, sheet, &styles)?,
        }
        page_setup(sheet.layout).apply(worksheet)?;
    }
    let worksheet = workbook.add_worksheet();
    help::write(worksheet, schema, &styles)?;
    help::page_setup().apply(worksheet)?;
    Ok(workbook)
}

/// SPEC §9.6: each sheet prints one page wide; a table's header row on every page.
fn page_setup(layout: Layout) -> PageSetup {
    match layout {
        Layout::LabelValue => PageSetup::new(Orientation::Portrait),
        Layout::Table => PageSetup::new(Orientation::Landscape).repeat(HEADER_ROW, HEADER_ROW),
    }
}

fn label_value_sheet(ws: &mut Worksheet, sheet: &Sheet, styles: &Styles) -> Result<(), XlsxError> {
    let label_width = sheet
        .fields
        .iter()
        .map(|f| display_width(&f.header()))
        .max();
    ws.set_column_width(LABEL_COL, width(label_width.unwrap_or(8)))?;
    ws.set_column_width(VALUE_COL, VALUE_COL_WIDTH)?;
    for (row, field) in sheet.fields.iter().enumerate() {
        let row = row as RowNum;
        ws.write_string_with_format(row, LABEL_COL, field.header(), styles.label(field))?;
        if *field == schema::report::TEMPLATE_VERSION {
            ws.write_string_with_format(row, VALUE_COL, schema::TEMPLATE_VERSION, &styles.text)?;
        } else {
            ws.write_blank(row, VALUE_COL, styles.value(field.ty))?;
        }
        ws.add_data_validation(
            row,
            VALUE_COL,
            row,
            VALUE_COL,
            &validation::for_field(field)?,
        )?;
    }
    Ok(())
}

/// A header wider than this wraps (the header format wraps), so that a table of long
/// headers still fits one printed page at a readable size.
const HEADER_WRAP: usize = 12;
/// Points per line of a header row.
const LINE_HEIGHT: f64 = 15.0;

fn table_sheet(ws: &mut Worksheet, sheet: &Sheet, styles: &Styles) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (col, field) in sheet.fields.iter().enumerate() {
        let col = col as ColNum;
        let header = field.header();
        let header_width = display_width(&header);
        let chars = header_width.min(HEADER_WRAP).max(typical_width(field.ty));
        lines = lines.max(header_width.div_ceil(chars));
        ws.set_column_width(col, width(chars))?;
        ws.set_column_format(col, styles.value(field.ty))?;
        ws.write_string_with_format(HEADER_ROW, col, header, styles.header(field))?;
        let rule = validation::for_field(field)?;
        ws.add_data_validation(FIRST_DATA_ROW, col, LAST_VALIDATED_ROW, col, &rule)?;
    }
    if lines > 1 {
        ws.set_row_height(HEADER_ROW, LINE_HEIGHT * lines as f64)?;
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    Ok(())
}

/// Writes the blank template of `kind` to `path`.
pub fn write_blank(kind: Kind, path: &Path) -> Result<(), crate::Error> {
    let xlsx = |source| crate::Error::Xlsx {
        path: path.to_path_buf(),
        source,
    };
    workbook(kind).map_err(xlsx)?.save(path).map_err(xlsx)
}

/// Writes the three templates into `dir` (created if missing) under their default names.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, crate::Error> {
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    schema::KINDS
        .iter()
        .map(|k| {
            let path = dir.join(k.template_file);
            write_blank(k.kind, &path).map(|()| path)
        })
        .collect()
}

#[cfg(test)]
mod tests;
