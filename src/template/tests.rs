use super::*;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn read_back(kind: Kind) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = workbook(kind).unwrap().save_to_buffer().unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}): expected text, found {other:?}"),
    }
}

#[test]
fn every_sheet_is_written_in_schema_order_then_the_help_sheet() {
    for kind in schema::KINDS {
        let xlsx = read_back(kind.kind);
        let mut expected: Vec<&str> = kind.sheets.iter().map(|s| s.name).collect();
        expected.push(schema::HELP_SHEET);
        assert_eq!(xlsx.sheet_names(), expected, "{}", kind.title);
    }
}

#[test]
fn every_header_and_label_is_written_where_the_layout_says() {
    for kind in schema::KINDS {
        let mut xlsx = read_back(kind.kind);
        for sheet in kind.sheets {
            let range = xlsx.worksheet_range(sheet.name).unwrap();
            for field in sheet.fields {
                let pos = u32::from(position(sheet, field).unwrap());
                let (row, col) = match sheet.layout {
                    Layout::Table => (HEADER_ROW, pos),
                    Layout::LabelValue => (pos, u32::from(LABEL_COL)),
                };
                assert_eq!(text(&range, row, col), field.header(), "{}", sheet.name);
                assert_eq!(field.header().ends_with('*'), field.required);
            }
            if sheet.layout == Layout::Table {
                assert_eq!(range.height(), 1, "{}: only the header row", sheet.name);
            }
        }
    }
}

#[test]
fn template_version_is_prefilled() {
    let mut xlsx = read_back(Kind::Report);
    let basic = &schema::report::BASIC;
    let range = xlsx.worksheet_range(basic.name).unwrap();
    let row = u32::from(position(basic, &schema::report::TEMPLATE_VERSION).unwrap());
    assert_eq!(
        text(&range, row, u32::from(VALUE_COL)),
        schema::TEMPLATE_VERSION
    );
}

#[test]
fn help_sheet_lists_every_field_with_its_type_and_values() {
    for kind in schema::KINDS {
        let mut xlsx = read_back(kind.kind);
        let range = xlsx.worksheet_range(schema::HELP_SHEET).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        for sheet in kind.sheets {
            assert!(rows
                .iter()
                .any(|r| r[0] == sheet.name && r[5] == sheet.help));
            for field in sheet.fields {
                let row = rows
                    .iter()
                    .find(|r| r[0] == sheet.name && r[1] == field.header())
                    .unwrap_or_else(|| panic!("{} {} not in help", sheet.name, field.label));
                assert_eq!(row[3], type_name(field.ty));
                assert_eq!(row[5], field.help);
                if let FieldType::Choice(c) = field.ty {
                    assert_eq!(row[4], c.values.join("、"));
                }
            }
        }
    }
}

#[test]
fn the_same_call_writes_the_same_bytes() {
    for kind in schema::KINDS {
        let a = workbook(kind.kind).unwrap().save_to_buffer().unwrap();
        let b = workbook(kind.kind).unwrap().save_to_buffer().unwrap();
        assert!(a == b, "{} differs between two writes", kind.title);
    }
}

#[test]
fn chinese_headers_get_twice_the_width_of_their_characters() {
    assert_eq!(display_width("学号*"), 5);
    assert_eq!(display_width("月生活补助标准(元)"), 18);
    assert!(typical_width(FieldType::Choice(&schema::ROLE)) >= display_width("设站单位站长"));
}

/// A prompt never asks for what the cell's validation refuses: a date cell's help does not
/// suggest typing a word (it once asked for “在站” in 出站日期, a date cell).
#[test]
fn date_prompts_ask_only_for_dates_or_blanks() {
    for kind in schema::KINDS {
        for sheet in kind.sheets {
            for field in sheet.fields.iter().filter(|f| f.ty == FieldType::Date) {
                assert!(
                    !field.help.contains('“') && !field.help.contains('"'),
                    "{}: {}",
                    field.label,
                    field.help
                );
            }
        }
    }
}

/// 报告学年 is a drop-down of academic years; the help sheet says .et files are read.
#[test]
fn the_report_year_is_a_drop_down_and_the_help_names_every_format() {
    let bytes = workbook(Kind::Report).unwrap().save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut basic = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut basic,
    )
    .unwrap();
    let row = position(&schema::report::BASIC, &schema::report::ACADEMIC_YEAR).unwrap() + 1;
    let at = basic.find(&format!("sqref=\"B{row}\"")).unwrap();
    let validation = &basic[basic[..at].rfind("<dataValidation ").unwrap()..];
    assert!(
        validation.starts_with("<dataValidation type=\"list\""),
        "{validation}"
    );
    assert!(validation.contains("2023-2024,2024-2025"), "{validation}");

    let mut xlsx = read_back(Kind::Report);
    let help = xlsx.worksheet_range(schema::HELP_SHEET).unwrap();
    assert_eq!(
        text(&help, 2, 0),
        "可用 Excel、WPS 或 LibreOffice 填写；请保存为 .xlsx（保存为 .xls、WPS 的 .et 或 .ods 也能读取）。"
    );
}

/// The parts of a saved workbook, by name.
fn parts(kind: Kind) -> std::collections::HashMap<String, String> {
    let bytes = workbook(kind).unwrap().save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut part, &mut text).unwrap();
            (part.name().unwrap().to_string(), text)
        })
        .collect()
}

#[test]
fn every_sheet_prints_one_page_wide_on_a4_with_page_numbers() {
    for kind in schema::KINDS {
        let parts = parts(kind.kind);
        let workbook = &parts["xl/workbook.xml"];
        let mut sheets: Vec<(&str, Option<RowNum>)> = (kind.sheets.iter())
            .map(|s| (s.name, (s.layout == Layout::Table).then_some(HEADER_ROW)))
            .collect();
        sheets.push((schema::HELP_SHEET, Some(3)));
        for (i, (name, header_row)) in sheets.into_iter().enumerate() {
            let xml = &parts[&format!("xl/worksheets/sheet{}.xml", i + 1)];
            let setup = format!("{}/{name}", kind.title);
            assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{setup}");
            assert!(xml.contains(r#"paperSize="9" fitToHeight="0""#), "{setup}");
            assert!(xml.contains("&amp;C第 &amp;P 页 共 &amp;N 页"), "{setup}");
            let titles = header_row.map(|r| {
                format!(
                    r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{name}!${n}:${n}</definedName>"#,
                    n = r + 1
                )
            });
            match titles {
                Some(t) => {
                    assert!(workbook.contains(&t), "{setup}: {t}");
                    assert!(xml.contains(r#"orientation="landscape""#), "{setup}");
                }
                None => assert!(
                    !workbook.contains(&format!("localSheetId=\"{i}\">{name}!")),
                    "{setup}"
                ),
            }
        }
    }
}
