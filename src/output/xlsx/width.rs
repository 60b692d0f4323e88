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
/// A header at least this wide (four Chinese characters) may wrap onto two lines when its
/// column's content is narrower, so `进站半年以上人数` does not make a column of small numbers
/// three times as wide as they are.
const WRAP_HEADER: usize = 8;
/// Row height, in points, per line of wrapped text: Excel's Chinese fonts need about 14.5,
/// LibreOffice's (Noto Sans CJK) a little more. Excel's limit for one row.
pub(super) const LINE_HEIGHT: f64 = 16.0;
const ROW_PAD: f64 = 2.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Display width of a value's text: the longest line, CJK counting double.
pub(super) fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Width of a cell's text as it is drawn, in the units [`wrapped_lines`] counts (a Chinese
/// character [`WIDE_CHAR`]): a column this wide (plus [`PAD`]) holds its longest text on one
/// line, so that row heights are not raised for text that fits.
fn drawn_width(s: &str) -> usize {
    (s.lines())
        .map(|l| {
            let units = (l.chars())
                .map(|c| match unicode_width::UnicodeWidthChar::width(c) {
                    Some(2) => WIDE_CHAR,
                    _ => 1.0,
                })
                .sum::<f64>();
            // Rounded up, but not for the float error of a sum of 2.1s.
            (units - 1e-9).ceil() as usize
        })
        .max()
        .unwrap_or(0)
}

fn value_width(v: &Value) -> usize {
    match v {
        Value::Empty => 0,
        Value::Date(_) => 10,
        Value::Text(s) => drawn_width(s),
        Value::Link(link) => drawn_width(&link.path),
        Value::Int(_) | Value::Number(_) => v.display().len(),
    }
}

/// A number as the money format shows it, `12,345.00`: its whole digits, a comma per three,
/// and three for the decimals.
fn money_width(v: &Value) -> usize {
    match v {
        Value::Int(_) | Value::Number(_) => {
            let whole = crate::format::number(match v {
                Value::Int(i) => *i as f64,
                Value::Number(f) => f.trunc(),
                _ => 0.0,
            });
            let digits = whole.trim_start_matches('-').len();
            whole.len() + (digits.saturating_sub(1)) / 3 + 3
        }
        other => value_width(other),
    }
}

/// Bold header text is a little wider than its measure.
fn header_width(chars: usize) -> f64 {
    chars as f64 * 1.1 + FILTER_BUTTON
}

/// Lines a header takes in a column `width` wide: 1 or, for a long header, 2.
pub(super) fn header_lines(name: &str, width: f64) -> usize {
    if width + 0.01 < header_width(text_width(name)) + PAD {
        2
    } else {
        1
    }
}

/// Lines a wrapped cell takes in a column `width` wide (an estimate erring on more lines).
pub(super) fn wrapped_lines(s: &str, width: f64) -> usize {
    let per_line = (width - PAD).max(1.0);
    // A byte is at least a column (a Chinese character is 3 bytes, 2 columns): short text fits.
    if s.len() as f64 <= per_line && !s.contains('\n') {
        return 1;
    }
    s.lines()
        .map(|l| paragraph_lines(l, per_line))
        .sum::<usize>()
        .max(1)
}

/// A Chinese character as Excel's and LibreOffice's Chinese fonts draw it at 11 pt, in
/// units of a `0`: a little more than two.
const WIDE_CHAR: f64 = 2.1;

/// Lines one paragraph takes `per_line` units wide, broken as spreadsheet programs break
/// it: between Chinese characters and at spaces, never inside a run of Latin letters or
/// digits (`20210302`), never before closing punctuation (`、`, `）`); a run longer than a
/// line is cut.
fn paragraph_lines(text: &str, per_line: f64) -> usize {
    let mut lines = 1;
    let mut used = 0.0;
    // A line holds what fits up to the float error of a sum of 2.1s.
    let full = per_line + 1e-9;
    let mut place = |piece: f64| {
        if used + piece > full && used > 0.0 {
            lines += 1;
            used = 0.0;
        }
        used += piece;
        while used > full {
            lines += 1;
            used -= per_line;
        }
    };
    // The piece that cannot be broken, not yet placed, and whether a break may follow the
    // last character.
    let mut piece = 0.0;
    let mut break_after = false;
    for c in text.chars() {
        let wide = unicode_width::UnicodeWidthChar::width(c) == Some(2);
        let break_before = !closes(c) && (wide || c == ' ' || break_after);
        if break_before && piece > 0.0 {
            place(piece);
            piece = 0.0;
        }
        piece += if wide { WIDE_CHAR } else { 1.0 };
        break_after = wide || c == ' ';
    }
    place(piece);
    lines
}

/// Punctuation that a line may not start with.
fn closes(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '！'
            | '？'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
            | '%'
    )
}

/// The height of a row whose tallest cell has `lines` lines; `None` for one line (the default).
pub(super) fn row_height(lines: usize) -> Option<f64> {
    (lines > 1).then(|| (lines as f64 * LINE_HEIGHT + ROW_PAD).min(MAX_ROW_HEIGHT))
}

/// One width per column, from the header and the first [`SCAN_ROWS`] rows.
pub(super) fn column_widths(table: &Table) -> Vec<f64> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let name = text_width(column.name);
            // A long header over narrow content takes two lines.
            let header = if name >= WRAP_HEADER {
                header_width(name.div_ceil(2))
            } else {
                header_width(name)
            };
            let width = match column.style {
                ColumnStyle::Money => money_width,
                _ => value_width,
            };
            let content = table
                .rows
                .iter()
                .take(SCAN_ROWS)
                .filter_map(|row| row.get(c))
                .map(width)
                .max()
                .unwrap_or(0) as f64;
            let cap = match column.style {
                ColumnStyle::Wide => MAX_WIDE,
                ColumnStyle::Plain | ColumnStyle::Verdict | ColumnStyle::Money => MAX_PLAIN,
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
        // Chinese content: 10 characters of 2.1 → 21 columns + padding, and one line there.
        assert_eq!(plain(&["化工研究生工作站甲乙"]), 23.0);
        assert_eq!(wrapped_lines("化工研究生工作站甲乙", 23.0), 1);
        let people = "中国医药生物技术协会会员";
        assert_eq!(wrapped_lines(people, plain(&[people])), 1);
        // Long text is capped.
        assert_eq!(plain(&[&"长".repeat(100)]), MAX_PLAIN);

        let wide = |cells: &[&str]| column_widths(&table(ColumnStyle::Wide, "说明", cells))[0];
        assert_eq!(wide(&[&"长".repeat(100)]), MAX_WIDE);
        assert_eq!(wide(&[&"长".repeat(15)]), 34.0);
    }

    #[test]
    fn a_long_header_over_small_numbers_takes_two_lines() {
        let t = Table {
            sheet: "t",
            columns: vec![Column {
                name: "进站半年以上人数",
                style: ColumnStyle::Plain,
            }],
            rows: vec![vec![Value::Int(26)]],
        };
        let w = column_widths(&t)[0];
        assert!(w < header_width(16), "{w}");
        assert_eq!(header_lines("进站半年以上人数", w), 2);
        assert_eq!(header_lines("状态", w), 1);
    }

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(wrapped_lines("短", 10.0), 1);
        assert_eq!(wrapped_lines("", 10.0), 1);
        // 20 Chinese characters = 40 columns in 18 (+ padding): 3 lines.
        assert_eq!(wrapped_lines(&"长".repeat(20), 20.0), 3);
        // 8 characters a line (of 18): a run of digits is not broken, nor is a line started
        // with closing punctuation.
        assert_eq!(wrapped_lines(&"长".repeat(16), 20.0), 2);
        assert_eq!(wrapped_lines("长长长长长长长长2021030220210302", 20.0), 2);
        assert_eq!(wrapped_lines("长长长长长长长长长20210302", 20.0), 2);
        assert_eq!(wrapped_lines("长长长长长长长长、长", 20.0), 2);
        assert_eq!(paragraph_lines(&"1".repeat(40), 18.0), 3);
        assert_eq!(wrapped_lines("甲\n乙\n丙", 60.0), 3);
        assert_eq!(row_height(1), None);
        assert_eq!(row_height(3), Some(3.0 * LINE_HEIGHT + ROW_PAD));
        assert_eq!(row_height(1_000), Some(MAX_ROW_HEIGHT));
    }

    #[test]
    fn only_the_first_rows_are_scanned() {
        let mut cells = vec!["a"; SCAN_ROWS];
        let long = "x".repeat(40);
        cells.push(&long);
        assert!(column_widths(&table(ColumnStyle::Plain, "c", &cells))[0] < 10.0);
    }
}
