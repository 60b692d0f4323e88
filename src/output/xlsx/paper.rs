//! The sheets on paper (SPEC §9.6): each sheet's [`Print`] turned into page settings
//! ([`crate::print::PageSetup`]), the block to sign under the last row, and the sheet that
//! prints a [`Print::Layout`].
//!
//! Widths are in Excel's unit (the width of a `0`, about 7 pixels; a column takes 5 more).
//! With narrow margins A4 landscape is 1,074 pixels wide: a sheet of about [`PAGE_WIDTH`]
//! units prints at about 80 % (text of 9 pt, from the default 11), which reads well; the
//! old 汇总 of some 400 units printed at 7 pt over three pages.

use super::style::Styles;
use super::width;
use crate::dates::chinese_date;
use crate::output::tables::layout::{self, PrintColumn};
use crate::output::tables::Print;
use crate::output::{ColumnStyle, Table};
use crate::print::{Orientation, PageSetup};
use chrono::NaiveDate;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Workbook, XlsxError};

/// Units of column width that one landscape A4 page holds at a readable size.
pub(super) const PAGE_WIDTH: f64 = 175.0;
/// A list ([`Print::List`]) is printed in bands about this wide (about 60 %), each band a
/// page across: the large detail sheets, read on screen more than on paper.
const LIST_PAGE_WIDTH: f64 = 200.0;
/// A wrapped text column is not narrowed below this, to fit a page.
const MIN_WRAPPED: f64 = 16.0;
/// What the block under the last row says; the blanks are full-width low lines.
pub const SIGNATURE: &str =
    "经办人（签字）：＿＿＿＿＿＿＿＿　　　审核人（签字）：＿＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日";
/// Height of the signature row, in points: room to sign.
const SIGNATURE_HEIGHT: f64 = 42.0;

/// The footer's note: the evaluation date, on every page.
pub(super) fn footer_note(as_of: NaiveDate) -> String {
    format!("评估日期 {}", chinese_date(as_of))
}

/// Narrows the wrapped text columns ([`ColumnStyle::Wide`]) of a [`Print::Page`] sheet,
/// each in proportion to its width above [`MIN_WRAPPED`], until the sheet is
/// [`PAGE_WIDTH`] wide or they are all that narrow. Other sheets keep their widths.
pub(super) fn fit_to_page(print: Print, table: &Table, widths: &mut [f64]) {
    if !matches!(print, Print::Page { .. }) {
        return;
    }
    let total: f64 = widths.iter().sum();
    let wrapped: Vec<usize> = (table.columns.iter().enumerate())
        .filter(|(c, col)| col.style == ColumnStyle::Wide && widths[*c] > MIN_WRAPPED)
        .map(|(c, _)| c)
        .collect();
    let room: f64 = wrapped.iter().map(|&c| widths[c] - MIN_WRAPPED).sum();
    let excess = total - PAGE_WIDTH;
    if excess <= 0.0 || room <= 0.0 {
        return;
    }
    let keep = 1.0 - (excess / room).min(1.0);
    for c in wrapped {
        // Whole units, so the same table gives the same widths on every machine.
        widths[c] = (MIN_WRAPPED + (widths[c] - MIN_WRAPPED) * keep).floor();
    }
}

/// The page settings of a sheet printed as `print` says, its header in row `header_row`
/// (rows above it, a title, repeated too on a printed layout), `frozen_cols` its key
/// columns, repeated on each band of a list.
pub(super) fn page_setup(
    print: Print,
    widths: &[f64],
    header_row: RowNum,
    frozen_cols: ColNum,
    as_of: NaiveDate,
) -> PageSetup {
    let setup = PageSetup::new(Orientation::Landscape)
        .repeat(header_row, header_row)
        .note(footer_note(as_of))
        .with_sheet_name();
    match print {
        Print::Page { .. } => setup.with_narrow_margins(),
        Print::List | Print::Layout { .. } => {
            let pages = (widths.iter().sum::<f64>() / LIST_PAGE_WIDTH)
                .ceil()
                .max(1.0) as u16;
            setup.across(pages, Some((0, frozen_cols.saturating_sub(1))))
        }
    }
}

/// The block to sign (经办人、审核人、日期), one row across the sheet, after a blank row
/// below `last_row`.
pub(super) fn sign(
    ws: &mut rust_xlsxwriter::Worksheet,
    last_row: RowNum,
    last_col: ColNum,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let row = last_row + 2;
    ws.set_row_height(row, SIGNATURE_HEIGHT)?;
    if last_col == 0 {
        ws.write_string_with_format(row, 0, SIGNATURE, &styles.signature)?;
    } else {
        ws.merge_range(row, 0, row, last_col, SIGNATURE, &styles.signature)?;
    }
    Ok(())
}

/// Adds the sheet that prints `table` laid out by `columns`
/// ([`layout::print_sheet_name`]): `title` above the header, both repeated on every page,
/// one page wide, and the block to sign when `signature`.
pub(super) fn add_layout_sheet(
    workbook: &mut Workbook,
    table: &Table,
    columns: &[PrintColumn],
    title: &[String],
    signature: bool,
    as_of: NaiveDate,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let laid = layout::lay_out(columns, table);
    let ws = workbook.add_worksheet();
    ws.set_name(layout::print_sheet_name(table.sheet))?;
    let header_row = super::write_title(ws, title, styles)?;
    for (c, w) in laid.widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, *w)?;
    }
    let mut header_lines = 1;
    for (c, (header, w)) in laid.headers.iter().zip(&laid.widths).enumerate() {
        ws.write_string_with_format(header_row, c as ColNum, header, &styles.header)?;
        header_lines = header_lines.max(width::wrapped_lines(header, *w));
    }
    ws.set_row_height(header_row, header_height(header_lines))?;
    let cell: &Format = &styles.print_cell;
    let mut last_row = header_row;
    for (i, row) in laid.rows.iter().enumerate() {
        let r = header_row + 1 + i as RowNum;
        let mut lines = 1;
        for (c, (text, w)) in row.iter().zip(&laid.widths).enumerate() {
            if text.is_empty() {
                // Bordered all the same: a table on paper has no open cells.
                ws.write_blank(r, c as ColNum, cell)?;
            } else {
                ws.write_string_with_format(r, c as ColNum, super::clip(text), cell)?;
                lines = lines.max(width::wrapped_lines(text, *w));
            }
        }
        if let Some(height) = width::row_height(lines) {
            ws.set_row_height(r, height)?;
        }
        last_row = r;
    }
    let last_col = laid.widths.len().saturating_sub(1) as ColNum;
    if signature {
        sign(ws, last_row, last_col, styles)?;
    }
    PageSetup::new(Orientation::Landscape)
        .repeat(0, header_row)
        .note(footer_note(as_of))
        .with_sheet_name()
        .with_narrow_margins()
        .apply(ws)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// Height of a header of `lines` lines, in points.
pub(super) fn header_height(lines: usize) -> f64 {
    20.0 + (lines.saturating_sub(1)) as f64 * width::LINE_HEIGHT
}

/// Aligned and wrapped like a text cell, with a thin border: a table on paper.
pub(super) fn print_cell_format() -> Format {
    Format::new()
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_border_color(0xB4C6E7)
}

/// The signature row: a little larger, in the middle of its height.
pub(super) fn signature_format() -> Format {
    Format::new()
        .set_font_size(12)
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, Value};

    fn table(columns: &[(&'static str, ColumnStyle)]) -> Table {
        Table {
            sheet: "t",
            columns: (columns.iter())
                .map(|&(name, style)| Column { name, style })
                .collect(),
            rows: vec![vec![Value::Empty; columns.len()]],
        }
    }

    #[test]
    fn a_page_sheet_narrows_its_wrapped_columns_to_fit() {
        use ColumnStyle::*;
        let t = table(&[("编号", Plain), ("要求", Wide), ("依据", Wide)]);
        let page = Print::Page { signature: false };
        let mut widths = [20.0, 100.0, 120.0];
        fit_to_page(page, &t, &mut widths);
        assert_eq!(widths[0], 20.0, "plain columns keep their width");
        assert!(widths.iter().sum::<f64>() <= PAGE_WIDTH, "{widths:?}");
        assert!(widths[2] > widths[1], "in proportion: {widths:?}");

        // Never below the minimum; a narrow sheet and a list are left alone.
        let mut tight = [170.0, 60.0, 60.0];
        fit_to_page(page, &t, &mut tight);
        assert_eq!(tight, [170.0, MIN_WRAPPED, MIN_WRAPPED]);
        for (print, mut widths) in [
            (page, [20.0, 40.0, 40.0]),
            (Print::List, [20.0, 200.0, 200.0]),
        ] {
            let before = widths;
            fit_to_page(print, &t, &mut widths);
            assert_eq!(widths, before);
        }
    }

    #[test]
    fn lists_print_in_bands_and_pages_on_one_width() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let list = page_setup(Print::List, &[150.0, 150.0, 150.0], 0, 2, as_of);
        assert_eq!((list.pages_wide, list.repeat_columns), (3, Some((0, 1))));
        assert_eq!(
            list.footer(),
            "&L评估日期 2026年11月30日&C第 &P 页 共 &N 页&R&A"
        );
        let page = page_setup(Print::Page { signature: true }, &[300.0], 2, 0, as_of);
        assert_eq!((page.pages_wide, page.repeat_rows), (1, Some((2, 2))));
        assert!(page.narrow_margins);
    }
}
