//! The public workbook (SPEC §9.2): one sheet, the title, the evaluation date and what it
//! holds above the header, the same cell looks as the summary, and printed on A4 landscape
//! one page wide with the header repeated and a footer of page numbers and the date.

use super::style::{Kind, Styles};
use super::{catching, clip, excel_date, width, write_atomically};
use crate::dates::chinese_date;
use crate::output::{ColumnStyle, Table, Value};
use crate::print::{Orientation, PageSetup};
use crate::Error;
use chrono::NaiveDate;
use rust_xlsxwriter::{ColNum, DocProperties, ExcelDateTime, RowNum, Workbook, XlsxError};
use std::io::{BufWriter, Write};
use std::path::Path;

/// The header's row (0-based): below the title, the date and the note.
const HEADER_ROW: RowNum = 3;

/// Writes `table` as a printable one-sheet workbook to `path`, replacing an earlier one only
/// once complete.
pub fn write_public(
    table: &Table,
    title: &str,
    note: &str,
    as_of: NaiveDate,
    path: &Path,
) -> Result<(), Error> {
    let mut workbook = catching(path, || workbook(table, title, note, as_of))?;
    write_atomically(path, |file| {
        let mut out = BufWriter::new(&mut *file);
        (workbook.save_to_writer(&mut out)).map_err(|source| Error::Xlsx {
            path: path.to_path_buf(),
            source,
        })?;
        out.flush().map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

fn workbook(
    table: &Table,
    title: &str,
    note: &str,
    as_of: NaiveDate,
) -> Result<Workbook, XlsxError> {
    use chrono::Datelike;
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)
            .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    let date = format!("评估日期：{}", chinese_date(as_of));
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_subject(&date)
            .set_author("gsw")
            .set_creation_datetime(&created),
    );
    let ws = workbook.add_worksheet();
    ws.set_name(table.sheet)?;
    ws.write_string_with_format(0, 0, title, &styles.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, &date, &styles.subtitle)?;
    if table.columns.is_empty() {
        return Ok(workbook);
    }
    let last_col = (table.columns.len() - 1) as ColNum;
    let widths = width::column_widths(table);
    for (c, &w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, w)?;
    }
    // The note across the table's width, wrapped.
    let total: f64 = widths.iter().sum();
    let lines = width::wrapped_lines(note, total).max(1);
    let wrapped = styles.subtitle.clone().set_text_wrap();
    if last_col > 0 {
        ws.merge_range(2, 0, 2, last_col, note, &wrapped)?;
    } else {
        ws.write_string_with_format(2, 0, note, &wrapped)?;
    }
    ws.set_row_height(2, lines as f64 * width::LINE_HEIGHT + 4.0)?;

    let mut header_lines = 1;
    for (c, column) in table.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as ColNum, column.name, &styles.header)?;
        header_lines = header_lines.max(width::header_lines(column.name, widths[c]));
    }
    ws.set_row_height(
        HEADER_ROW,
        20.0 + (header_lines - 1) as f64 * width::LINE_HEIGHT,
    )?;
    for (i, row) in table.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as RowNum;
        for (c, (column, value)) in table.columns.iter().zip(row).enumerate() {
            let c = c as ColNum;
            let style = column.style;
            match value {
                Value::Empty => {}
                Value::Int(n) => {
                    ws.write_number_with_format(
                        r,
                        c,
                        *n as f64,
                        styles.cell(style, Kind::Int, ""),
                    )?;
                }
                Value::Number(f) if f.is_finite() => {
                    ws.write_number_with_format(r, c, *f, styles.cell(style, Kind::Number, ""))?;
                }
                Value::Date(d) if excel_date(*d).is_some() => {
                    let serial = excel_date(*d).map_or(0.0, |d| d.to_excel());
                    ws.write_number_with_format(r, c, serial, styles.cell(style, Kind::Date, ""))?;
                }
                other => {
                    let text = other.display();
                    let format = styles.cell(style, Kind::Text, &text);
                    ws.write_string_with_format(r, c, clip(&text), format)?;
                }
            }
        }
        let lines = (table.columns.iter().zip(row).zip(&widths))
            .filter(|((column, _), _)| column.style == ColumnStyle::Wide)
            .filter_map(|((_, v), &w)| match v {
                Value::Text(s) => Some(width::wrapped_lines(s, w)),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if let Some(height) = width::row_height(lines) {
            ws.set_row_height(r, height)?;
        }
    }
    let last_row = HEADER_ROW + table.rows.len() as RowNum;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    PageSetup::new(Orientation::Landscape)
        .repeat(HEADER_ROW, HEADER_ROW)
        .note(format!("评估日期 {}", chinese_date(as_of)))
        .apply(ws)?;
    Ok(workbook)
}
