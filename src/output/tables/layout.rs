//! How a sheet prints (SPEC §9.6), declared by the sheet itself beside its columns: a
//! [`Print`] on its [`super::Sheet`] (or given with the table, for the sheets of other
//! workbooks). The xlsx printer turns it into page settings: A4 landscape, the header rows
//! repeated on every page, a footer 第 N 页 共 M 页 with the evaluation date and the sheet's
//! name, and a block to sign under the last row where the sheet asks for one.
//!
//! A table with more columns than one page width holds at a readable size (汇总: some 27
//! columns, text among them) is printed through a layout of its own: a sheet
//! `<name>（打印）` with the same rows, several of the table's columns stacked in one
//! printed column, one line each ([`PrintColumn`]). The table itself stays as it is on
//! screen, one value per cell to filter and sort.

use crate::output::{Table, Value};

/// How a sheet prints.
#[derive(Debug, Clone, Copy)]
pub enum Print {
    /// A list to read and filter on screen (the large detail sheets): printed in bands as
    /// many pages wide as keep it readable, its first column repeated on each.
    List,
    /// Every column on one page width at a readable size: its wrapped text columns are
    /// narrowed to fit (on screen too); `signature`: a block to sign under the last row.
    Page { signature: bool },
    /// Too many columns for one page width: the table stays as it is (printing as a
    /// [`Print::List`]), and a sheet of its own, [`print_sheet_name`], prints its rows one
    /// page wide with its columns stacked as `columns` say.
    Layout {
        columns: &'static [PrintColumn],
        signature: bool,
    },
}

impl Print {
    /// A block to sign (经办人、审核人、日期) under the last row of the printed sheet.
    pub fn signature(self) -> bool {
        match self {
            Print::List => false,
            Print::Page { signature } | Print::Layout { signature, .. } => signature,
        }
    }
}

/// One printed column of a [`Print::Layout`]: some of the table's columns, each on a line
/// of the cell, `width` in Excel's units (the width of a `0`; a Chinese character is two).
#[derive(Debug, Clone, Copy)]
pub struct PrintColumn {
    pub width: f64,
    pub lines: &'static [PrintLine],
}

/// One line of a printed cell: the value of the table's column `column`, after `label` and
/// a colon when there is a label. An empty value leaves its line out.
#[derive(Debug, Clone, Copy)]
pub struct PrintLine {
    pub column: &'static str,
    pub label: Option<&'static str>,
}

pub const fn stack(width: f64, lines: &'static [PrintLine]) -> PrintColumn {
    PrintColumn { width, lines }
}

/// The value alone (the header says what it is).
pub const fn line(column: &'static str) -> PrintLine {
    PrintLine {
        column,
        label: None,
    }
}

/// `label：value`.
pub const fn labelled(column: &'static str, label: &'static str) -> PrintLine {
    PrintLine {
        column,
        label: Some(label),
    }
}

/// Width of the printed column that holds the table's columns no layout line names (a
/// column added to the table later): printed, labelled with their names, rather than lost.
const OTHERS_WIDTH: f64 = 14.0;

/// The name of the sheet that prints `sheet`'s layout.
pub fn print_sheet_name(sheet: &str) -> String {
    format!("{sheet}（打印）")
}

/// A table laid out for print: one header and one cell text per printed column.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    /// The names of the table's columns in each printed column, one per line.
    pub headers: Vec<String>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<String>>,
}

/// A line of a printed column: the table's column index and its label.
type Line<'a> = (usize, Option<&'a str>);

/// `table` laid out by `columns`: printed columns whose lines name none of the table's
/// columns are left out, and the table's columns that no line names are added, labelled,
/// in a last printed column, so that every column of the table is printed.
pub fn lay_out(columns: &[PrintColumn], table: &Table) -> Laid {
    let index = |name: &str| table.columns.iter().position(|c| c.name == name);
    let mut printed: Vec<(f64, Vec<Line>)> = (columns.iter())
        .map(|p| {
            let lines = (p.lines.iter())
                .filter_map(|l| Some((index(l.column)?, l.label)))
                .collect();
            (p.width, lines)
        })
        .filter(|(_, lines): &(f64, Vec<_>)| !lines.is_empty())
        .collect();
    let named: Vec<usize> = (printed.iter())
        .flat_map(|(_, lines)| lines.iter().map(|(i, _)| *i))
        .collect();
    let others: Vec<Line> = (0..table.columns.len())
        .filter(|i| !named.contains(i))
        .map(|i| (i, Some(table.columns[i].name)))
        .collect();
    if !others.is_empty() {
        printed.push((OTHERS_WIDTH, others));
    }
    let headers = (printed.iter())
        .map(|(_, lines)| {
            (lines.iter())
                .map(|(i, _)| table.columns[*i].name)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    let rows = (table.rows.iter())
        .map(|row| {
            (printed.iter())
                .map(|(_, lines)| cell(row, lines))
                .collect()
        })
        .collect();
    Laid {
        headers,
        widths: printed.iter().map(|(w, _)| *w).collect(),
        rows,
    }
}

/// One printed cell: the lines of its values that are not empty.
fn cell(row: &[Value], lines: &[(usize, Option<&str>)]) -> String {
    let mut out = String::new();
    for (i, label) in lines {
        let value = row.get(*i).map(Value::display).unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        if let Some(label) = label {
            out.push_str(label);
            out.push('：');
        }
        out.push_str(&value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, ColumnStyle};

    fn table() -> Table {
        let col = |name| Column {
            name,
            style: ColumnStyle::Plain,
        };
        Table {
            sheet: "汇总",
            columns: vec![
                col("编号"),
                col("名称"),
                col("按时"),
                col("迟交"),
                col("新列"),
            ],
            rows: vec![vec![
                Value::text("S1"),
                Value::text("化工站"),
                Value::Int(3),
                Value::Int(0),
                Value::Empty,
            ]],
        }
    }

    #[test]
    fn columns_are_stacked_labelled_and_none_is_lost() {
        const LAYOUT: &[PrintColumn] = &[
            stack(12.0, &[line("编号"), line("名称")]),
            stack(8.0, &[labelled("按时", "按时"), labelled("迟交", "迟")]),
            stack(9.0, &[line("不在表中")]),
        ];
        let laid = lay_out(LAYOUT, &table());
        assert_eq!(laid.headers, ["编号\n名称", "按时\n迟交", "新列"]);
        assert_eq!(laid.widths, [12.0, 8.0, OTHERS_WIDTH]);
        // 0 is a value; an empty cell leaves its line out.
        assert_eq!(laid.rows, [["S1\n化工站", "按时：3\n迟：0", ""]]);
    }
}
