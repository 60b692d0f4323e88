//! One CSV file per summary sheet (`<dir>/<sheet>.csv`), for people and programs that want the
//! data without Excel: UTF-8 with a byte-order mark (so Excel on a Chinese Windows reads it as
//! UTF-8, not GBK), CRLF line ends, the sheet's column names as header, and each value as
//! [`Value::display`] shows it (a link as its text). Each file is written to a temporary file
//! and renamed, like the workbook.

use super::{Table, Value};
use crate::output::xlsx::write_atomically;
use crate::Error;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes every table to `<dir>/<sheet>.csv`, creating `dir` when missing.
pub fn write(tables: &[Table], dir: &Path) -> Result<(), Error> {
    tables.iter().try_for_each(|table| write_one(table, dir))
}

/// Writes one table to `<dir>/<sheet>.csv`, creating `dir` when missing.
pub fn write_one(table: &Table, dir: &Path) -> Result<(), Error> {
    let path = path_for(dir, table);
    write_atomically(&path, |file| {
        write_table(table, BufWriter::new(file)).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })
    })
}

/// Where a table's CSV goes.
pub fn path_for(dir: &Path, table: &Table) -> PathBuf {
    dir.join(format!("{}.csv", table.sheet))
}

fn write_table<W: Write>(table: &Table, mut out: W) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(table.columns.iter().map(|c| c.name))?;
    let width = table.columns.len();
    for row in &table.rows {
        // Exactly one field per column: a short row is padded, extra cells are not columns.
        for c in 0..width {
            csv.write_field(row.get(c).map(Value::shown).unwrap_or_default().as_bytes())?;
        }
        csv.write_record(None::<&[u8]>)?;
    }
    csv.flush()?;
    let mut out = csv.into_inner().map_err(|e| e.into_error())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, ColumnStyle};

    fn table() -> Table {
        Table {
            sheet: "问题清单",
            columns: vec![
                Column {
                    name: "级别",
                    style: ColumnStyle::Verdict,
                },
                Column {
                    name: "文件",
                    style: ColumnStyle::Plain,
                },
                Column {
                    name: "说明",
                    style: ColumnStyle::Wide,
                },
                Column {
                    name: "数",
                    style: ColumnStyle::Plain,
                },
            ],
            rows: vec![
                vec![
                    Value::text("错误"),
                    Value::link("2023-2024/化工站.xlsx", Some("进站研究生!H7".into())),
                    Value::text("无法识别的日期 \"2023-13-45\", 第二行\n续"),
                    Value::Number(2.5),
                ],
                vec![Value::text("提示"), Value::Empty],
                vec![
                    Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()),
                    Value::Int(3),
                    Value::Empty,
                    Value::Int(-1),
                    Value::text("多余"),
                ],
            ],
        }
    }

    #[test]
    fn bom_header_and_values_as_displayed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("csv");
        write(&[table()], &dir).unwrap();
        let bytes = std::fs::read(dir.join("问题清单.csv")).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        let want = "级别,文件,说明,数\r\n\
            错误,2023-2024/化工站.xlsx,\"无法识别的日期 \"\"2023-13-45\"\", 第二行\n续\",2.5\r\n\
            提示,,,\r\n\
            2024-07-01,3,,-1\r\n";
        assert_eq!(text, want);
    }

    #[test]
    fn one_file_per_table_and_a_rewrite_replaces_it() {
        let tmp = tempfile::tempdir().unwrap();
        let mut other = table();
        other.sheet = "汇总";
        other.rows.clear();
        write(&[table(), other.clone()], tmp.path()).unwrap();
        write(&[other], tmp.path()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["汇总.csv", "问题清单.csv"]);
        let summary = std::fs::read(tmp.path().join("汇总.csv")).unwrap();
        assert_eq!(&summary[BOM.len()..], "级别,文件,说明,数\r\n".as_bytes());
    }

    #[test]
    fn a_folder_that_is_a_file_is_a_write_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let err = write(&[table()], &file).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
    }
}
