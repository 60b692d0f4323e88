//! A report in .xlsb is read with every cell in place.
//!
//! No program here can write .xlsb (LibreOffice cannot), so the workbook is built record by
//! record (MS-XLSB): a zip holding `xl/workbook.bin` (one BrtBundleSh per sheet) and one
//! `xl/worksheets/sheetN.bin` per sheet, with inline strings (BrtCellSt) and numbers
//! (BrtCellReal). There is no styles.bin or sharedStrings.bin: calamine reads without them.

mod common;

use gsw::cmd::check::check_one;
use gsw::model::FileKind;
use gsw::model::Submission;
use gsw::problem::Code;
use std::io::Write;
use std::path::Path;

/// Appends one record: its type and size as 7-bit varints, then its payload.
fn record(out: &mut Vec<u8>, typ: u16, payload: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.extend([(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]);
    }
    let mut size = payload.len();
    loop {
        let byte = (size & 0x7F) as u8;
        size >>= 7;
        if size == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(payload);
}

/// An XLWideString: a u32 count of UTF-16 units, then the units little-endian.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A worksheet part; "" is a blank and "#…" is a number (BrtCellReal), the rest is text.
fn sheet_bin(rows: &[&[&str]]) -> Vec<u8> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(1) as u32;
    let mut out = Vec::new();
    record(&mut out, 0x81, &[]); // BrtBeginSheet
    let last_row = rows.len().max(1) as u32 - 1;
    record(&mut out, 0x94, &u32s(&[0, last_row, 0, width - 1])); // BrtWsDim
    record(&mut out, 0x91, &[]); // BrtBeginSheetData
    for (r, cells) in rows.iter().enumerate() {
        // BrtRowHdr: rw, ixfe, miyRw (15pt), flags, no column spans.
        let mut hdr = u32s(&[r as u32, 0]);
        hdr.extend([0x2C, 0x01, 0, 0, 0]);
        hdr.extend(0u32.to_le_bytes());
        record(&mut out, 0x00, &hdr);
        for (c, value) in cells.iter().enumerate() {
            let mut cell = u32s(&[c as u32, 0]); // column, style 0
            match value.strip_prefix('#') {
                _ if value.is_empty() => continue,
                Some(n) => {
                    cell.extend(n.parse::<f64>().unwrap().to_le_bytes());
                    record(&mut out, 0x05, &cell); // BrtCellReal
                }
                None => {
                    cell.extend(wide(value));
                    record(&mut out, 0x06, &cell); // BrtCellSt
                }
            }
        }
    }
    record(&mut out, 0x92, &[]); // BrtEndSheetData
    record(&mut out, 0x82, &[]); // BrtEndSheet
    out
}

/// Writes an .xlsb with the given sheets, in order.
fn write_xlsb(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    write_xlsb_with_charts(path, sheets, &[]);
}

/// [`write_xlsb`], then chart sheets of the given names: `xl/chartsheets/sheetN.bin`, two
/// records (BrtBeginChartSheet, BrtEndChartSheet) that nothing reads.
fn write_xlsb_with_charts(path: &Path, sheets: &[(&str, &[&[&str]])], charts: &[&str]) {
    let mut book = Vec::new();
    record(&mut book, 0x83, &[]); // BrtBeginBook
    let mut prop = u32s(&[0, 0]); // BrtWbProp: flags (1900 dates), theme version, no name
    prop.extend(wide(""));
    record(&mut book, 0x99, &prop);
    record(&mut book, 0x8F, &[]); // BrtBeginBundleShs
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>"#,
    );
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        // BrtBundleSh: visible, tab id, relationship id, name.
        let mut bundle = u32s(&[0, n as u32]);
        bundle.extend(wide(&format!("rId{n}")));
        bundle.extend(wide(name));
        record(&mut book, 0x9C, &bundle);
        rels += &format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>"#
        );
        types += &format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.bin" ContentType="application/vnd.ms-excel.worksheet"/>"#
        );
        parts.push((format!("xl/worksheets/sheet{n}.bin"), sheet_bin(rows)));
    }
    for (i, name) in charts.iter().enumerate() {
        let n = sheets.len() + i + 1;
        let mut bundle = u32s(&[0, n as u32]);
        bundle.extend(wide(&format!("rId{n}")));
        bundle.extend(wide(name));
        record(&mut book, 0x9C, &bundle);
        rels += &format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet{}.bin"/>"#,
            i + 1
        );
        types += &format!(
            r#"<Override PartName="/xl/chartsheets/sheet{}.bin" ContentType="application/vnd.ms-excel.chartsheet"/>"#,
            i + 1
        );
        let mut part = Vec::new();
        record(&mut part, 0x1AB, &[]); // BrtBeginChartSheet
        record(&mut part, 0x1AC, &[]); // BrtEndChartSheet
        parts.push((format!("xl/chartsheets/sheet{}.bin", i + 1), part));
    }
    record(&mut book, 0x90, &[]); // BrtEndBundleShs
    record(&mut book, 0x84, &[]); // BrtEndBook
    rels += "</Relationships>";
    types += "</Types>";
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    parts.splice(
        0..0,
        [
            ("[Content_Types].xml".to_string(), types.into_bytes()),
            ("_rels/.rels".to_string(), root_rels.as_bytes().to_vec()),
            ("xl/workbook.bin".to_string(), book),
            ("xl/_rels/workbook.bin.rels".to_string(), rels.into_bytes()),
        ],
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, data) in &parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_report_in_xlsb_is_read_with_every_cell_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("药学院 测试站.xlsb");
    let info: &[&[&str]] = &[
        &["工作站编号", "S01"],
        &["工作站名称", "测试站"],
        &["设站单位", "天津某药业有限公司"],
        &["设站单位类型", "企业"],
        &["牵头学院/医院", "药学院"],
        &["认定日期", "#44805"],
        &["报告学年", "2023-2024"],
        &["经费结算年度", "#2023"],
        &["填报日期", "2024-07-01"],
        &["填报人", "张老师"],
        &["管理规章制度健全", "是"],
        &["工作生活条件", "良好"],
        &["联合承担科研项目数", "#1"],
    ];
    let students: &[&[&str]] = &[
        &[
            "姓名",
            "学号",
            "培养层次",
            "校内导师",
            "进站日期",
            "月生活补助标准(元)",
            "本学年发放月数",
            "本学年发放金额(元)",
            "按时足额发放",
        ],
        &[
            "张三",
            "#2023001",
            "硕士",
            "李老师",
            "2023-09-01",
            "#600",
            "#10",
            "#6000",
            "是",
        ],
        &[
            "李四",
            "2023002",
            "博士",
            "王老师",
            "2023-13-45",
            "#800",
            "#10",
            "#8000",
            "是",
        ],
    ];
    let chiefs: &[&[&str]] = &[
        &["姓名", "角色", "职称", "工作单位"],
        &["周站长", "设站单位站长", "高级工程师", "天津某药业有限公司"],
        &["吴教授", "培养单位站长", "教授", "天津医科大学"],
    ];
    let outcomes: &[&[&str]] = &[&["成果类型", "成果名称", "级别", "取得日期", "与工作站相关"]];
    let funding: &[&[&str]] = &[
        &[
            "经费来源",
            "到位金额(元)",
            "支出金额(元)",
            "其中研究生生活补助(元)",
        ],
        &["设站单位", "#100000", "#80000", "#14000"],
    ];
    write_xlsb(
        &path,
        &[
            ("基本信息", info),
            ("进站研究生", students),
            ("站长及专家", chiefs),
            ("成果", outcomes),
            ("经费", funding),
        ],
    );

    let result = check_one(&path);
    let messages: Vec<String> = result.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(result.file.kind, FileKind::Report, "{messages:#?}");
    let bad: Vec<_> = result
        .problems
        .iter()
        .map(|p| (p.code, p.sheet.as_deref(), p.cell.map(|c| c.to_string())))
        .collect();
    assert_eq!(
        bad,
        [(Code::BadDate, Some("进站研究生"), Some("E3".to_string()))],
        "{messages:#?}"
    );

    let Some(Submission::Report(report)) = result.submission else {
        panic!("not read as a report: {messages:#?}");
    };
    let info = &report.info;
    assert_eq!(info.station_id, "S01");
    assert_eq!(info.year.start_year, 2023);
    assert_eq!(info.recognised_on, Some(common::date(2022, 9, 1)));
    assert_eq!(info.filed_on, Some(common::date(2024, 7, 1)));
    assert_eq!(info.settlement_year, Some(2023));
    assert_eq!(info.host_type, Some("企业"));
    assert_eq!(info.joint_projects, Some(1));
    let s = &report.students;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].student_id.as_deref(), Some("2023001"));
    assert_eq!(s[0].entered_on, Some(common::date(2023, 9, 1)));
    assert_eq!(s[0].monthly_subsidy, Some(600.0));
    assert_eq!(s[0].paid_in_full, Some(true));
    assert_eq!(s[1].student_id.as_deref(), Some("2023002"));
    assert_eq!((s[1].level, s[1].entered_on), (Some("博士"), None));
}

#[test]
fn a_chart_sheet_in_an_xlsb_is_skipped_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let info: &[&[&str]] = &[&["工作站编号", "S01"], &["报告学年", "2023-2024"]];
    let students: &[&[&str]] = &[&["姓名", "学号"]];
    let sheets = [("基本信息", info), ("进站研究生", students)];
    let plain = dir.path().join("plain.xlsb");
    write_xlsb(&plain, &sheets);
    let charted = dir.path().join("chart.xlsb");
    write_xlsb_with_charts(&charted, &sheets, &["图表1"]);
    let bytes = std::fs::read(&charted).unwrap();
    let wb = gsw::read::open(bytes, gsw::model::Format::Xlsb, Default::default()).unwrap();
    assert_eq!(wb.sheet_names, ["基本信息", "进站研究生", "图表1"]);
    assert!(wb.is_chart_sheet("图表1"));
    let messages = |path: &Path| -> Vec<String> {
        check_one(path)
            .problems
            .iter()
            .map(|p| p.message.clone())
            .collect()
    };
    assert_eq!(messages(&charted), messages(&plain));
}
