//! The summary workbook's writer alone on sheets of the size 10,000 reports make: two
//! sheets of 300,000 rows each (one shaped like 进站研究生, one like 问题清单 with a link per
//! row), written with `gsw::output::xlsx::write` and read back. Prints the time, the file's
//! size and the process's peak memory (tables included).
//!
//! `cargo bench --bench big_tables` (see benches/README.md).

use gsw::output::{xlsx, Column, ColumnStyle, Table, Value};
use gsw::rules::Rules;
use gsw::summary::Summary;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 300_000;

fn col(name: &'static str, style: ColumnStyle) -> Column {
    Column { name, style }
}

fn t(s: &str) -> Value {
    Value::text(s)
}

fn tables() -> Vec<Table> {
    use ColumnStyle::*;
    let students = Table {
        sheet: "进站研究生",
        columns: vec![
            col("工作站编号", Plain),
            col("学号", Plain),
            col("姓名", Plain),
            col("培养层次", Plain),
            col("在站天数", Plain),
            col("计入半年以上", Verdict),
            col("出现学年", Plain),
        ],
        rows: (0..ROWS)
            .map(|i| {
                vec![
                    t(&format!("GZ{:04}", i % 2_500)),
                    t(&format!("2023{i:08}")),
                    t(&format!("学生{i}")),
                    t(if i % 3 == 0 { "博士" } else { "硕士" }),
                    Value::Int((i % 700) as i64),
                    t(if i % 2 == 0 { "是" } else { "否" }),
                    t("2023-2024、2024-2025"),
                ]
            })
            .collect(),
    };
    let problems = Table {
        sheet: "问题清单",
        columns: vec![
            col("级别", Verdict),
            col("代码", Plain),
            col("文件", Plain),
            col("单元格", Plain),
            col("说明", Wide),
        ],
        rows: (0..ROWS)
            .map(|i| {
                let file = format!("2023-2024/学院{}/工作站{}.xlsx", i % 40, i % 10_000);
                vec![
                    t(["错误", "警告", "提示"][i % 3]),
                    t("E101"),
                    Value::link(file, Some(format!("进站研究生!H{}", i % 50 + 2))),
                    t(&format!("H{}", i % 50 + 2)),
                    t(&format!("进站日期: 无法识别的日期 \"2023-13-{i}\"")),
                ]
            })
            .collect(),
    };
    vec![students, problems]
}

fn main() {
    gsw::allocator::tune();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let summary = Summary {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date"),
        input_dir: tmp.path().display().to_string(),
        rules: Rules::default(),
        register_present: false,
        assessments: Vec::new(),
        files: Vec::new(),
        problems: Vec::new(),
    };
    let tables = tables();
    let path = tmp.path().join("big.xlsx");
    let start = Instant::now();
    xlsx::write(&tables, &summary, &path).expect("the workbook is written");
    let took = start.elapsed();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM")).map(String::from))
        .unwrap_or_default();
    println!(
        "{ROWS} + {ROWS} rows: {took:.2?}, {:.1} MB, {peak} (tables themselves included)",
        size as f64 / 1e6
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("read back");
    let range = wb.worksheet_range("问题清单").expect("问题清单 read back");
    assert_eq!(range.height(), ROWS + 1, "every row read back");
}
