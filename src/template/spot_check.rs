//! The 抽查清单 workbook (SPEC §9.3): the sheet 抽查清单 laid out like every table template
//! (its fields from [`schema::spot_check`], headers in row 1, a drop-down for 核查结果), one
//! row per item of the [`Checklist`], the columns the program fills locked (no password), and
//! a short 填表说明 for the checker with the stations drawn and how the list comes back.

use super::{
    display_width, table_sheet, Styles, AUTHOR, CREATED, FIRST_DATA_ROW, HEADER_ROW,
    LAST_VALIDATED_ROW,
};
use crate::print::{Orientation, PageSetup};
use crate::schema::{self, spot_check as s, Field, HELP_SHEET};
use crate::spotcheck::{self, Checklist};
use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError,
};

/// Widths of the long columns, in Excel's units: they wrap.
const CONTENT_WIDTH: f64 = 56.0;
const FILE_WIDTH: f64 = 34.0;
const NOTE_WIDTH: f64 = 30.0;

/// The columns the checker fills in, and their headers' fill (light yellow).
const CHECKER_FIELDS: [&Field; 2] = [&s::RESULT, &s::NOTE];
const CHECKER_FILL: u32 = 0xFFF2CC;

/// Points per line of a wrapped row.
const LINE_HEIGHT: f64 = 15.0;

/// Widths of the short columns, so that the long ones get the page when printed.
const SHORT_WIDTHS: [(&Field, f64); 6] = [
    (&s::STATION_ID, 13.0),
    (&s::ITEM_KIND, 8.0),
    (&s::SOURCE_SHEET, 11.0),
    (&s::CELL, 8.0),
    (&s::CHECK_VALUE, 13.0),
    (&s::RESULT, 10.0),
];

/// The grid of the list's rows, so that a printed list can be ticked off line by line.
const GRID: u32 = 0xBFBFBF;

/// The width of a column whose text wraps.
fn wrapped(field: &Field) -> Option<f64> {
    if field == &s::CONTENT {
        Some(CONTENT_WIDTH)
    } else if field == &s::SOURCE_FILE {
        Some(FILE_WIDTH)
    } else {
        None
    }
}

fn column(field: &Field) -> ColNum {
    super::position(&s::SHEET, field).expect("a field of the 抽查清单 sheet")
}

/// The 抽查清单 workbook of `checklist`. The same checklist gives the same bytes.
pub fn workbook(checklist: &Checklist) -> Result<Workbook, XlsxError> {
    let styles = Styles::default();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(schema::SPOT_CHECK.title)
            .set_author(AUTHOR)
            .set_company(AUTHOR)
            .set_comment(format!(
                "{}，随机种子 {}",
                spotcheck::date_note(checklist.as_of),
                checklist.draw.seed
            ))
            .set_creation_datetime(&created),
    );
    let ws = workbook.add_worksheet();
    ws.set_name(s::SHEET.name)?;
    list_sheet(ws, checklist, &styles)?;
    let ws = workbook.add_worksheet();
    help_sheet(ws, checklist, &styles)?;
    Ok(workbook)
}

fn list_sheet(ws: &mut Worksheet, checklist: &Checklist, styles: &Styles) -> Result<(), XlsxError> {
    table_sheet(ws, &s::SHEET, styles)?;
    let plain = Format::new()
        .set_num_format("@")
        .set_align(FormatAlign::Top);
    let open = plain.clone().set_unlocked();
    let grid = |f: Format| {
        f.set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(GRID))
    };
    let wrap = grid(plain.clone().set_text_wrap());
    let boxed = grid(plain.clone());
    let open_boxed = grid(open.clone());
    let open_wrap = grid(open.clone().set_text_wrap());
    for (field, width) in [
        (&s::CONTENT, CONTENT_WIDTH),
        (&s::SOURCE_FILE, FILE_WIDTH),
        (&s::NOTE, NOTE_WIDTH),
    ]
    .into_iter()
    .chain(SHORT_WIDTHS)
    {
        ws.set_column_width(column(field), width)?;
    }
    // The checker's two columns stand out; the program's carry no `*` (nothing to fill).
    let theirs = styles
        .header
        .clone()
        .set_background_color(Color::RGB(CHECKER_FILL));
    for field in s::SHEET.fields {
        let format = if CHECKER_FIELDS.contains(&field) {
            &theirs
        } else {
            &styles.header
        };
        ws.write_string_with_format(HEADER_ROW, column(field), field.label, format)?;
    }
    // What the checker types goes where the sheet is not locked.
    ws.set_column_format(column(&s::RESULT), &open)?;
    ws.set_column_format(column(&s::NOTE), &open.clone().set_text_wrap())?;
    let mut row = FIRST_DATA_ROW;
    for station in &checklist.stations {
        for item in &station.items {
            let cells: [(&Field, String, &Format); 7] = [
                (&s::STATION_ID, station.id.clone(), &boxed),
                (&s::ITEM_KIND, item.target.kind_label().to_string(), &boxed),
                (&s::CONTENT, spotcheck::content(item), &wrap),
                (&s::SOURCE_FILE, item.file.clone(), &wrap),
                (&s::SOURCE_SHEET, item.sheet.clone(), &boxed),
                (&s::CELL, spotcheck::cells(item), &boxed),
                (&s::CHECK_VALUE, item.target.check_value(), &boxed),
            ];
            // Rows keep the height they are given when opened: as many lines as wrap.
            let lines = (cells.iter())
                .filter_map(|(field, text, _)| {
                    let width = wrapped(field)?;
                    Some(display_width(text).div_ceil(width as usize - 2))
                })
                .max()
                .unwrap_or(1)
                .max(1);
            for (field, text, format) in cells {
                ws.write_string_with_format(row, column(field), text, format)?;
            }
            // The checker's cells, empty, in the grid and open.
            ws.write_blank(row, column(&s::RESULT), &open_boxed)?;
            ws.write_blank(row, column(&s::NOTE), &open_wrap)?;
            if lines > 1 {
                ws.set_row_height(row, LINE_HEIGHT * lines as f64)?;
            }
            row += 1;
        }
    }
    // The template's drop-down reaches row 1000; a longer list needs it further.
    let last = row.saturating_sub(1);
    if last > LAST_VALIDATED_ROW {
        let col = column(&s::RESULT);
        let rule = super::validation::for_field(&s::RESULT)?;
        ws.add_data_validation(LAST_VALIDATED_ROW + 1, col, last, col, &rule)?;
    }
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    PageSetup::new(Orientation::Landscape)
        .repeat(HEADER_ROW, HEADER_ROW)
        .note(spotcheck::date_note(checklist.as_of))
        .apply(ws)
}

/// 填表说明: what the list is, how to fill it in, how it comes back; the stations drawn.
fn help_sheet(ws: &mut Worksheet, checklist: &Checklist, styles: &Styles) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let draw = checklist.draw;
    let lines = [
        format!(
            "本清单由 gsw spot-check 于 {} 生成：按随机种子 {} 从 {} 个可抽查的工作站（{} 个牵头学院/医院）中抽取 {} 个，学院数允许时每个学院至少一个。同样的报表和种子抽到同样的工作站。",
            crate::dates::chinese_date(checklist.as_of),
            draw.seed,
            checklist.eligible,
            checklist.colleges,
            checklist.stations.len()
        ),
        format!(
            "“{}”表每行是一个计入该工作站验收等级的项目：研究生（进站半年以上的研究生，每份报表中的一行为一项）、成果（计入的国家级、省部级成果，以及称有重要经济社会效益的成果）、经费（每个学年的到位金额合计）。",
            s::SHEET.name
        ),
        format!(
            "请对照来源文件的单元格和原始材料逐项核查，在“{}”中选择“{}”或“{}”；不属实的请在“{}”中写明实际情况。未核查的留空。其余各列由程序填写并锁定，请勿改动。",
            s::RESULT.label,
            schema::TRUE_FINDING,
            schema::FALSE_FINDING,
            s::NOTE.label
        ),
        "核查完毕后，把本文件放进报表文件夹（“汇总结果”文件夹以外的任何位置），再运行 gsw consolidate：不属实的项目不再计入（该行研究生不计在站天数；该成果及其经济社会效益不计；该学年到位金额按 0 计），等级随之改变，问题清单中列为错误并附核查说明；抽查后报表已改动、对不上的项目列为警告，不采用。".to_string(),
    ];
    ws.set_column_width(0, 14.0)?;
    ws.write_string_with_format(
        0,
        0,
        format!("{}{HELP_SHEET}", schema::SPOT_CHECK.title),
        &title,
    )?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut row: RowNum = 1;
    for line in &lines {
        ws.merge_range(row, 0, row, 7, line, &wrap)?;
        ws.set_row_height(row, 45.0)?;
        row += 1;
    }
    row += 1;
    let header = [
        "工作站编号",
        "工作站名称",
        "牵头学院/医院",
        "状态",
        "等级",
        "研究生",
        "成果",
        "经费",
    ];
    let table_header = row;
    for (col, text) in header.iter().enumerate() {
        ws.write_string_with_format(row, col as ColNum, *text, &styles.header)?;
    }
    for (col, width) in [(1, 36.0), (2, 18.0), (4, 12.0)] {
        ws.set_column_width(col, width)?;
    }
    for station in &checklist.stations {
        row += 1;
        let count = |kind: &str| {
            let n = (station.items.iter())
                .filter(|i| i.target.kind_label() == kind)
                .count();
            n as f64
        };
        let grade = if station.is_forecast {
            format!("{}（预评）", station.grade.label())
        } else {
            station.grade.label().to_string()
        };
        let texts = [
            station.id.as_str(),
            station.name.as_deref().unwrap_or_default(),
            station.college.as_deref().unwrap_or_default(),
            station.status.label(),
            &grade,
        ];
        for (col, text) in texts.into_iter().enumerate() {
            ws.write_string(row, col as ColNum, text)?;
        }
        for (i, kind) in [
            schema::SPOT_STUDENT,
            schema::SPOT_OUTCOME,
            schema::SPOT_FUNDING,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number(row, 5 + i as ColNum, count(kind))?;
        }
    }
    PageSetup::new(Orientation::Landscape)
        .repeat(table_header, table_header)
        .note(spotcheck::date_note(checklist.as_of))
        .apply(ws)
}
