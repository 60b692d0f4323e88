//! Column widths in Excel's unit (the width of a `0`), measured with `unicode-width` so that a
//! Chinese character counts as two. rust_xlsxwriter's autofit counts it as one narrow letter,
//! which leaves Chinese columns half as wide as their text.

use super::super::{ColumnStyle, Table, Value};
use unicode_width::UnicodeWidthStr;

/// Rows scanned per table: enough to see the data's shape, bounded for huge tables.
pub(super) const SCAN_ROWS: usize = 2_000;

const MIN: f64 = 6.0;
const MAX_PLAIN: f64 = 50.0;
/// A wide column wraps its text at this width.
const MAX_WIDE: f64 = 60.0;
/// Cell padding, and room for the filter button beside a header.
const PAD: f64 = 2.0;
const FILTER_BUTTON: f64 = 2.5;

/// Display width of a value's text: the longest line, CJK counting double.
pub(super) fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn value_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Date(_) => 10,
        Value::Text(s) | Value::Link { text: s, .. } => text_width(s),
        Value::Int(_) | Value::Number(_) => v.display().len(),
    }
}

/// One width per column, from the header and the first [`SCAN_ROWS`] rows.
pub(super) fn column_widths(table: &Table) -> Vec<f64> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            // Bold header text is a little wider than its measure.
            let header = text_width(column.name) as f64 * 1.1 + FILTER_BUTTON;
            let content = table
                .rows
                .iter()
                .take(SCAN_ROWS)
                .filter_map(|row| row.get(c))
                .map(value_width)
                .max()
                .unwrap_or(0) as f64;
            let cap = match column.style {
                ColumnStyle::Wide => MAX_WIDE,
                ColumnStyle::Plain | ColumnStyle::Verdict => MAX_PLAIN,
            };
            (content + PAD)
                .max(header + PAD)
                .max(MIN)
                .min(cap.max(header + PAD))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::Column;
    use super::*;

    fn table(style: ColumnStyle, name: &'static str, cells: &[&str]) -> Table {
        Table {
            sheet: "t",
            columns: vec![Column { name, style }],
            rows: cells.iter().map(|c| vec![Value::text(*c)]).collect(),
        }
    }

    #[test]
    fn chinese_counts_double() {
        assert_eq!(text_width("工作站"), 6);
        assert_eq!(text_width("A1"), 2);
        assert_eq!(text_width("第一行\n第二行更长"), 10);
    }

    #[test]
    fn widths_follow_content_within_bounds() {
        let plain = |cells: &[&str]| column_widths(&table(ColumnStyle::Plain, "编号", cells))[0];
        // The header decides for short content.
        assert!(plain(&["1"]) >= 4.0 * 1.1 + FILTER_BUTTON + PAD);
        // Chinese content: 10 characters → 20 columns + padding.
        assert_eq!(plain(&["化工研究生工作站甲乙"]), 22.0);
        // Long text is capped.
        assert_eq!(plain(&[&"长".repeat(100)]), MAX_PLAIN);

        let wide = |cells: &[&str]| column_widths(&table(ColumnStyle::Wide, "说明", cells))[0];
        assert_eq!(wide(&[&"长".repeat(100)]), MAX_WIDE);
        assert_eq!(wide(&[&"长".repeat(15)]), 32.0);
    }

    #[test]
    fn only_the_first_rows_are_scanned() {
        let mut cells = vec!["a"; SCAN_ROWS];
        let long = "x".repeat(40);
        cells.push(&long);
        assert!(column_widths(&table(ColumnStyle::Plain, "c", &cells))[0] < 10.0);
    }
}
