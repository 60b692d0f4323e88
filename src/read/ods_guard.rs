//! A pass over an .ods file's `content.xml` before calamine reads it. Found by fuzzing
//! (`tests/fuzz.rs`, `fuzz/README.md`), calamine 0.38's ods reader:
//!
//! - loops forever when `content.xml` ends inside a `table:table` or an `office:annotation`
//!   (a truncated or damaged file): its loop ignores the end of the input;
//! - expands repeated columns and rows into memory before any limit of ours applies: a 30 KB
//!   file with `table:number-rows-repeated="6000"` over a row of 16 384 repeated numbers
//!   takes 6 GB; `text:s text:c="2000000000"` makes a 2 GB string.
//!
//! So the XML must be well formed and complete, and the cells calamine would build, counted
//! as it builds them (each row up to its last non-empty cell; a sheet's range as the dense
//! rectangle of its non-empty rows), must stay within the limits checked after reading.

use super::ReadError;
use crate::rules::Limits;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// calamine's caps: at most this many columns in a row and rows in a sheet.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;

/// One `table:table` being read.
#[derive(Default)]
struct SheetCount {
    name: String,
    /// Rows so far, repeats included.
    height: u64,
    /// `height` after the last row with a non-empty cell.
    filled_height: u64,
    /// The widest row, up to its last non-empty cell.
    width: u64,
    /// Cells stored, each row (times its repeats) up to its last non-empty cell.
    cells: u64,
}

/// One `table:table-row` being read.
struct RowCount {
    repeat: u64,
    col: u64,
    /// The column after the last non-empty cell.
    len: u64,
}

/// Whether the package's manifest says a part is encrypted (an .ods saved with a password:
/// calamine then fails on `content.xml`, which is no longer XML).
fn encrypted<R: std::io::Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> bool {
    use std::io::Read;
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    // A manifest lists the parts: a few kilobytes.
    let mut text = Vec::new();
    if manifest.take(1 << 22).read_to_end(&mut text).is_err() {
        return false;
    }
    memchr::memmem::find(&text, b"encryption-data").is_some()
}

/// `Err` when calamine would hang on, or blow up with, this ods file. Bytes that are not a
/// zip, or a zip without `content.xml`, are left to calamine to refuse.
pub(super) fn check(bytes: &[u8], limits: Limits) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if encrypted(&mut zip) {
        return Err(ReadError::Encrypted);
    }
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let corrupt = |detail: String| ReadError::Corrupt {
        format: "ods",
        detail: format!("content.xml: {detail}"),
    };
    let cell_limit = limits.max_cells as u64;
    let too_many = |sheet: &SheetCount| ReadError::TooManyCells {
        sheet: sheet.name.clone(),
        limit: limits.max_cells,
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut sheets: Vec<SheetCount> = Vec::new();
    let mut rows: Vec<RowCount> = Vec::new();
    let mut spaces = 0u64;
    loop {
        // Mismatched or unmatched end tags are errors here (quick-xml's default).
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(e.to_string()))?;
        let (e, empty) = match event {
            Event::Start(e) => {
                depth += 1;
                (e, false)
            }
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table" => {
                        sheets.pop();
                    }
                    "table:table-row" => {
                        if let (Some(row), Some(sheet)) = (rows.pop(), sheets.last_mut()) {
                            end_row(sheet, row);
                            if sheet.cells > cell_limit
                                || sheet.filled_height.saturating_mul(sheet.width)
                                    > cell_limit.saturating_mul(4)
                            {
                                return Err(too_many(sheet));
                            }
                        }
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" if !empty => sheets.push(SheetCount {
                name: attr(&e, "table:name").unwrap_or_default(),
                ..SheetCount::default()
            }),
            "table:table-row" => {
                let row = RowCount {
                    repeat: number(&e, "table:number-rows-repeated").min(MAX_ROWS),
                    col: 0,
                    len: 0,
                };
                match (empty, sheets.last_mut()) {
                    (true, Some(sheet)) => end_row(sheet, row),
                    (false, _) => rows.push(row),
                    (true, None) => {}
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(row) = rows.last_mut() {
                    let repeat = number(&e, "table:number-columns-repeated").min(MAX_COLUMNS);
                    row.col = row.col.saturating_add(repeat).min(MAX_COLUMNS);
                    if !empty || has_value(&e) {
                        row.len = row.col;
                    }
                }
            }
            "text:s" => {
                spaces = spaces.saturating_add(number(&e, "text:c"));
                if spaces > limits.max_zip_entry_bytes {
                    return Err(ReadError::ZipEntryTooLarge {
                        entry: "content.xml（text:s 空格展开后）".to_string(),
                        size: spaces,
                        limit: limits.max_zip_entry_bytes,
                    });
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if depth > 0 {
        return Err(corrupt(
            "内容在元素结束前中断（文件可能被截断）".to_string(),
        ));
    }
    Ok(())
}

fn end_row(sheet: &mut SheetCount, row: RowCount) {
    sheet.height = sheet.height.saturating_add(row.repeat);
    if row.len > 0 {
        sheet.filled_height = sheet.height;
        sheet.width = sheet.width.max(row.len);
        sheet.cells = sheet
            .cells
            .saturating_add(row.repeat.saturating_mul(row.len));
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A count attribute, 1 when absent; an unreadable one is left to calamine to refuse.
fn number(e: &BytesStart<'_>, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// An empty-element cell that still holds a value (`office:value="1"`, a formula…).
fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes().with_checks(false).flatten().any(|a| {
        let k = a.key.as_ref();
        k.starts_with("office:") || k == "table:formula" || k == "calcext:value-type"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(content: &str) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(content.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    fn table(rows: &str) -> String {
        format!(
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"表1\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        )
    }

    const CELL: &str = "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>";

    #[test]
    fn a_complete_small_sheet_passes() {
        let rows = format!(
            "<table:table-row>{CELL}<table:table-cell table:number-columns-repeated=\"16383\"/>\
             </table:table-row><table:table-row table:number-rows-repeated=\"1048575\">\
             <table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
        );
        assert_eq!(check(&ods(&table(&rows)), Limits::default()), Ok(()));
    }

    #[test]
    fn content_cut_inside_a_table_or_annotation_is_corrupt() {
        for cut in [
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"表1\"><table:table-row>"
                .to_string(),
            table(&format!("<table:table-row>{CELL}</table:table-row>"))
                .replace("</table:table>", "</x>"),
            "<office:document-content><office:body><office:spreadsheet>\
             <table:table table:name=\"a\"><table:table-row>\
             <table:table-cell office:value-type=\"string\"><office:annotation><text:p>x</text:p>"
                .to_string(),
        ] {
            let r = check(&ods(&cut), Limits::default());
            assert!(matches!(r, Err(ReadError::Corrupt { .. })), "{cut}: {r:?}");
        }
    }

    #[test]
    fn repeated_cells_beyond_the_limit_are_refused_before_calamine_expands_them() {
        let wide = "<table:table-cell office:value=\"1\" table:number-columns-repeated=\"16384\"/>";
        let rows = format!(
            "<table:table-row table:number-rows-repeated=\"6000\">{wide}</table:table-row>"
        );
        let r = check(&ods(&table(&rows)), Limits::default());
        assert!(
            matches!(&r, Err(ReadError::TooManyCells { sheet, .. }) if sheet == "表1"),
            "{r:?}"
        );
        // A far cell makes a large dense range even when few cells are stored.
        let rows = format!(
            "<table:table-row>{CELL}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell/>\
             </table:table-row><table:table-row>\
             <table:table-cell table:number-columns-repeated=\"100\"/>{CELL}</table:table-row>"
        );
        let r = check(&ods(&table(&rows)), Limits::default());
        assert!(matches!(r, Err(ReadError::TooManyCells { .. })), "{r:?}");
    }

    #[test]
    fn huge_space_runs_are_refused() {
        let rows = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>\
                    <text:s text:c=\"2000000000\"/></text:p></table:table-cell></table:table-row>";
        let r = check(&ods(&table(rows)), Limits::default());
        assert!(
            matches!(r, Err(ReadError::ZipEntryTooLarge { .. })),
            "{r:?}"
        );
    }
}
