//! Round trips: write a workbook from hand-built tables, read it back with calamine.

use super::*;
use crate::output::{Column, ColumnStyle, Table, Value};
use crate::rules::Rules;
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::path::PathBuf;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(crate) fn summary(input_dir: &Path) -> Summary {
    Summary {
        as_of: d(2026, 11, 30),
        input_dir: input_dir.display().to_string(),
        rules: Rules::default(),
        register_present: false,
        assessments: Vec::new(),
        files: Vec::new(),
        problems: Vec::new(),
    }
}

fn col(name: &'static str, style: ColumnStyle) -> Column {
    Column { name, style }
}

fn t(s: &str) -> Value {
    Value::text(s)
}

fn link(text: &str, location: Option<&str>) -> Value {
    Value::link(text, location.map(String::from))
}

/// A small summary shaped like the real one (a subset of its columns).
pub(crate) fn sample_tables() -> Vec<Table> {
    use ColumnStyle::*;
    vec![
        Table {
            sheet: "汇总",
            columns: vec![
                col("工作站编号", Plain),
                col("工作站名称", Plain),
                col("认定日期", Plain),
                col("状态", Verdict),
                col("等级", Verdict),
                col("可升至", Verdict),
                col("结论", Wide),
                col("进站半年以上人数", Plain),
            ],
            rows: vec![
                vec![
                    t("GZ001"),
                    t("化工研究生工作站"),
                    Value::Date(d(2020, 9, 1)),
                    t("期满"),
                    t("优秀"),
                    Value::Empty,
                    t("自动进入下一轮认定有效期（至2028年8月31日）"),
                    Value::Int(23),
                ],
                vec![
                    t("GZ002"),
                    t("医药研究生工作站"),
                    Value::Date(d(2022, 3, 1)),
                    t("在期"),
                    t("合格"),
                    t("优秀"),
                    t("预评：距优秀还差 5 人"),
                    Value::Int(15),
                ],
                vec![
                    t("GZ003"),
                    t("材料研究生工作站"),
                    Value::Date(d(2019, 9, 1)),
                    t("已撤销"),
                    t("—"),
                    Value::Empty,
                    t("2021-2022、2022-2023 学年连续未按时上报"),
                    Value::Int(2),
                ],
            ],
        },
        Table {
            sheet: "评估明细",
            columns: vec![
                col("工作站编号", Plain),
                col("标准", Plain),
                col("结果", Verdict),
                col("依据", Wide),
            ],
            rows: vec![
                vec![t("GZ001"), t("C1 按时上报"), t("达标"), t("4 年均按时")],
                vec![t("GZ001"), t("C5 进站人数"), t("达标"), t("23 人")],
                vec![t("GZ002"), t("C1 按时上报"), t("达标"), Value::Empty],
                vec![t("GZ002"), t("C7 特色机制"), t("待评议"), t("无专家评议表")],
                vec![t("GZ003"), t("C1 按时上报"), t("未达标"), t("连续两年迟交")],
            ],
        },
        Table {
            sheet: "问题清单",
            columns: vec![
                col("级别", Verdict),
                col("代码", Plain),
                col("文件", Plain),
                col("单元格", Plain),
                col("说明", Wide),
            ],
            rows: vec![vec![
                t("错误"),
                t("E101"),
                link("2023-2024/化工站.xlsx", Some("进站研究生!H7")),
                t("H7"),
                t("进站日期: 无法识别的日期 \"2023-13-45\""),
            ]],
        },
        Table {
            sheet: "文件清单",
            columns: vec![
                col("文件", Plain),
                col("填报日期", Plain),
                col("状态", Verdict),
                col("错误数", Plain),
                col("金额", Plain),
            ],
            rows: vec![
                vec![
                    link("2023-2024/化工站.xlsx", None),
                    Value::Date(d(2024, 7, 1)),
                    t("已采用"),
                    Value::Int(1),
                    Value::Number(1234.5),
                ],
                vec![
                    t("说明.docx"),
                    Value::Empty,
                    t("已忽略"),
                    Value::Int(0),
                    Value::Empty,
                ],
            ],
        },
        Table {
            sheet: "说明",
            columns: vec![col("项目", Plain), col("内容", Wide)],
            rows: vec![vec![t("评估日期"), Value::Date(d(2026, 11, 30))]],
        },
    ]
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn cell(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str, r: u32, c: u32) -> Data {
    let range = wb.worksheet_range(sheet).unwrap();
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn written(dir: &Path) -> PathBuf {
    let input = dir.join("报表");
    let path = input.join("汇总结果").join("工作站汇总_2026-11-30.xlsx");
    write(&sample_tables(), &summary(&input), &path).unwrap();
    path
}

#[test]
fn sheets_in_order_with_the_chart_sheet_after_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let wb = open(&written(tmp.path()));
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "图表",
            "汇总（打印）",
            "评估明细",
            "问题清单",
            "文件清单",
            "说明"
        ]
    );
}

#[test]
fn summary_has_title_and_date_above_its_header() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = open(&written(tmp.path()));
    assert_eq!(cell(&mut wb, "汇总", 0, 0), Data::String(TITLE.into()));
    assert_eq!(
        cell(&mut wb, "汇总", 1, 0),
        Data::String("评估日期：2026年11月30日".into())
    );
    let h = SUMMARY_HEADER_ROW;
    let header: Vec<String> = (0..8)
        .map(|c| cell(&mut wb, "汇总", h, c).to_string())
        .collect();
    assert_eq!(header, sample_tables()[0].column_names());
    assert_eq!(
        cell(&mut wb, "汇总", h + 1, 1),
        Data::String("化工研究生工作站".into())
    );
    assert_eq!(cell(&mut wb, "汇总", h + 2, 4), Data::String("合格".into()));
    assert_eq!(cell(&mut wb, "汇总", h + 1, 7), Data::Float(23.0));
    assert_eq!(cell(&mut wb, "汇总", h + 1, 5), Data::Empty);
}

#[test]
fn other_sheets_have_their_header_in_row_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = open(&written(tmp.path()));
    for table in sample_tables().iter().skip(1) {
        let range = wb.worksheet_range(table.sheet).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{}", table.sheet);
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, table.column_names(), "{}", table.sheet);
        assert_eq!(range.height(), table.rows.len() + 1, "{}", table.sheet);
    }
    assert_eq!(cell(&mut wb, "问题清单", 1, 1), Data::String("E101".into()));
    assert_eq!(cell(&mut wb, "文件清单", 1, 4), Data::Float(1234.5));
}

#[test]
fn dates_are_date_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = open(&written(tmp.path()));
    let expect_date = |data: Data, want: NaiveDate| match data {
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            let got = d(1899, 12, 30) + chrono::Duration::days(serial as i64);
            assert_eq!(got, want);
        }
        other => panic!("not a date: {other:?}"),
    };
    expect_date(
        cell(&mut wb, "汇总", SUMMARY_HEADER_ROW + 1, 2),
        d(2020, 9, 1),
    );
    expect_date(cell(&mut wb, "文件清单", 1, 1), d(2024, 7, 1));
    expect_date(cell(&mut wb, "说明", 1, 1), d(2026, 11, 30));
}

#[test]
fn links_go_to_source_files_and_station_details() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = open(&written(tmp.path()));
    let files = wb.hyperlinks_by_sheet_name("问题清单").unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].target.as_deref(), Some("../2023-2024/化工站.xlsx"));
    assert_eq!(files[0].location.as_deref(), Some("进站研究生!H7"));
    let files = wb.hyperlinks_by_sheet_name("文件清单").unwrap();
    assert_eq!(files.len(), 1, "a Text cell is not a link");
    assert_eq!(files[0].location, None);

    let stations = wb.hyperlinks_by_sheet_name("汇总").unwrap();
    let locations: Vec<_> = stations
        .iter()
        .map(|l| l.location.clone().unwrap())
        .collect();
    // 评估明细 rows: header 1, GZ001 from 2, GZ002 from 4, GZ003 at 6.
    assert_eq!(locations, ["评估明细!A2", "评估明细!A4", "评估明细!A6"]);
    assert!(stations.iter().all(|l| l.target.is_none()));
}

#[test]
fn chart_sheet_holds_the_chart_data() {
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = open(&written(tmp.path()));
    let range = wb.worksheet_range("图表").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let find = |label: &str| {
        rows.iter()
            .flat_map(|r| r.windows(2))
            .find(|w| w[0] == label)
            .map(|w| w[1].clone())
    };
    assert_eq!(find("优秀").as_deref(), Some("1"));
    assert_eq!(find("不合格").as_deref(), Some("0"));
    assert_eq!(find("—（无等级）").as_deref(), Some("1"));
    assert_eq!(find("已撤销").as_deref(), Some("1"));
    assert!(rows
        .iter()
        .any(|r| r.contains(&"合格线（8人）".to_string())));
}

#[test]
fn same_input_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = written(tmp.path());
    let first = std::fs::read(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write(&sample_tables(), &summary(&tmp.path().join("报表")), &path).unwrap();
    assert!(
        first == std::fs::read(&path).unwrap(),
        "bytes differ between runs"
    );
}

#[test]
fn tables_without_the_known_columns_still_write() {
    let tables = vec![
        Table {
            sheet: "汇总",
            columns: vec![col("名称", ColumnStyle::Plain)],
            rows: vec![vec![t("x"), t("extra cell ignored")]],
        },
        Table {
            sheet: "空表",
            columns: vec![],
            rows: vec![],
        },
        Table {
            sheet: "评估明细",
            columns: vec![col("工作站编号", ColumnStyle::Plain)],
            rows: vec![],
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.xlsx");
    write(&tables, &summary(tmp.path()), &path).unwrap();
    let mut wb = open(&path);
    assert_eq!(
        wb.sheet_names(),
        ["汇总", "汇总（打印）", "空表", "评估明细"]
    );
    assert_eq!(
        cell(&mut wb, "汇总", SUMMARY_HEADER_ROW + 1, 0),
        Data::String("x".into())
    );
}

#[test]
fn an_empty_summary_still_gets_its_charts_sheet() {
    let mut tables = sample_tables();
    for table in &mut tables {
        table.rows.clear();
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.xlsx");
    write(&tables, &summary(tmp.path()), &path).unwrap();
    assert_eq!(open(&path).sheet_names()[1], "图表");
}

#[test]
fn long_text_is_clipped_to_excels_limit() {
    assert_eq!(clip("短"), "短");
    let long = "长".repeat(40_000);
    let clipped = clip(&long);
    assert_eq!(clipped.encode_utf16().count(), MAX_TEXT);
    assert!(clipped.ends_with('…'));
    let mut tables = sample_tables();
    tables[3].rows[0][0] = link(&"x".repeat(3_000), None);
    tables[2].rows[0][4] = Value::Text(long);
    let tmp = tempfile::tempdir().unwrap();
    write(&tables, &summary(tmp.path()), &tmp.path().join("s.xlsx")).unwrap();
}

#[test]
fn a_folder_in_the_way_is_an_error_and_the_previous_summary_survives() {
    let tmp = tempfile::tempdir().unwrap();
    let path = written(tmp.path());
    let before = std::fs::read(&path).unwrap();
    // The target is an existing folder.
    let folder = path.with_file_name("是文件夹.xlsx");
    std::fs::create_dir(&folder).unwrap();
    let err = write(&sample_tables(), &summary(tmp.path()), &folder).unwrap_err();
    assert!(matches!(err, Error::Write { .. }), "{err}");
    // The target's folder is a file.
    let under_file = path.join("x.xlsx");
    let err = write(&sample_tables(), &summary(tmp.path()), &under_file).unwrap_err();
    assert!(matches!(err, Error::Write { .. }), "{err}");
    assert!(err.to_string().contains("无法写入"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

/// LibreOffice opens the workbook and prints it (to PDF). Skipped without `soffice`.
/// With `GSW_RENDER_DIR` set, the workbook and PDF are kept there for a look.
#[test]
fn libreoffice_converts_the_summary_to_pdf() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: soffice (LibreOffice) is not installed");
        return;
    };
    if !status.status.success() {
        eprintln!("skipped: soffice --version failed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("GSW_RENDER_DIR").map(PathBuf::from);
    let out = keep.clone().unwrap_or_else(|| tmp.path().join("pdf"));
    std::fs::create_dir_all(&out).unwrap();
    let path = written(tmp.path());
    if let Some(keep) = &keep {
        std::fs::copy(&path, keep.join("summary.xlsx")).unwrap();
    }
    let profile = format!("file://{}", tmp.path().join("profile").display());
    let run = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    let pdf = out.join(path.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.exists(),
        "no PDF: {}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 1_000);
}

#[test]
fn links_stop_at_excels_limit_per_sheet_and_the_rest_stay_text() {
    const LIMIT: usize = 5;
    let rows = (0..LIMIT + 3)
        .map(|i| vec![link(&format!("f{i}.xlsx"), None)])
        .collect();
    let tables = vec![Table {
        sheet: "文件清单",
        columns: vec![col("文件", ColumnStyle::Plain)],
        rows,
    }];
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("s.xlsx");
    write_with_link_limit(&tables, &summary(tmp.path()), &path, LIMIT).unwrap();
    let mut wb = open(&path);
    assert_eq!(
        wb.hyperlinks_by_sheet_name("文件清单").unwrap().len(),
        LIMIT
    );
    let last = LIMIT as u32 + 3;
    let want = format!("f{}.xlsx", LIMIT + 2);
    assert_eq!(cell(&mut wb, "文件清单", last, 0), Data::String(want));
}

#[test]
fn a_writer_panic_reads_as_its_io_error() {
    let e = io_error_in_panic(
        "Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: \"No space left on device\" }",
    );
    assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
    assert_eq!(e.to_string(), "写临时文件时出错：No space left on device");
    let e = io_error_in_panic("something else");
    assert_eq!(e.kind(), std::io::ErrorKind::Other);
    assert!(e.to_string().ends_with("something else"));
}

/// The 图表 sheet's cells, as text.
fn chart_cells(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open(path);
    let range = wb.worksheet_range("图表").unwrap();
    (range.rows())
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// SPEC §9.1: up to 30 stations 图表 shows each station's students; above, each college's
/// stations by grade.
#[test]
fn above_thirty_stations_the_chart_shows_colleges() {
    use ColumnStyle::*;
    let table = |n: usize| Table {
        sheet: "汇总",
        columns: vec![
            col("工作站编号", Plain),
            col("牵头学院/医院", Plain),
            col("等级", Verdict),
            col("进站半年以上人数", Plain),
        ],
        rows: (0..n)
            .map(|i| {
                let college = ["药学院", "口腔医院", ""][i % 3];
                let grade = ["优秀", "合格", "不合格"][i % 2];
                vec![
                    t(&format!("GZ{i:03}")),
                    t(college),
                    t(grade),
                    Value::Int(i as i64),
                ]
            })
            .collect(),
    };
    let tmp = tempfile::tempdir().unwrap();
    for (n, colleges) in [(30, false), (31, true)] {
        let path = tmp.path().join(format!("{n}.xlsx"));
        write(&[table(n)], &summary(tmp.path()), &path).unwrap();
        let rows = chart_cells(&path);
        let has = |s: &str| rows.iter().any(|r| r.iter().any(|c| c == s));
        assert_eq!(has("GZ000"), !colleges, "{n} stations");
        assert_eq!(has("合格线（8人）"), !colleges, "{n} stations");
        assert_eq!(has("牵头学院/医院"), colleges, "{n} stations");
        if colleges {
            // 31 stations: 11 of 药学院 (6 优秀, 5 合格), 10 of 口腔医院, 10 without one.
            let row = |name: &str| rows.iter().find(|r| r.contains(&name.to_string())).cloned();
            let at = rows
                .iter()
                .flatten()
                .position(|c| c == "牵头学院/医院")
                .unwrap();
            let width = rows[0].len();
            let c = at % width;
            let line = |name: &str| row(name).map(|r| r[c..c + 5].to_vec()).unwrap();
            assert_eq!(line("药学院"), ["药学院", "6", "5", "0", "0"]);
            assert_eq!(line("口腔医院"), ["口腔医院", "5", "5", "0", "0"]);
            assert_eq!(line("（未填）"), ["（未填）", "5", "5", "0", "0"]);
            let order: Vec<&str> = (rows.iter())
                .filter_map(|r| r.get(c).map(String::as_str))
                .filter(|s| ["药学院", "口腔医院", "（未填）"].contains(s))
                .collect();
            assert_eq!(
                order,
                ["口腔医院", "药学院", "（未填）"],
                "name order, none last"
            );
        }
    }
}

/// Money columns are numbers shown with thousands separators and two decimals.
#[test]
fn money_is_a_number_with_the_money_format() {
    let table = Table {
        sheet: "经费",
        columns: vec![col("到位金额(元)", ColumnStyle::Money)],
        rows: vec![vec![Value::Number(12_345.5)], vec![Value::Empty]],
    };
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("m.xlsx");
    write(&[table], &summary(tmp.path()), &path).unwrap();
    let mut wb = open(&path);
    let range = wb.worksheet_range("经费").unwrap();
    assert_eq!(range.get_value((1, 0)), Some(&Data::Float(12_345.5)));
    let styles = read_zip_member(&path, "xl/styles.xml");
    assert!(styles.contains("#,##0.00"), "{styles}");
}

fn read_zip_member(path: &Path, member: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(member)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}
