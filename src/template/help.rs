//! The help sheet 填表说明, generated from the schema: per sheet its purpose, then one row
//! per field with whether it is required, its type and its allowed values.

use super::{display_width, Styles};
use crate::schema::{self, FieldType, KindSchema, HELP_SHEET};
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

/// Column headers of the field table.
const COLUMNS: [&str; 6] = ["表", "字段", "是否必填", "类型", "可选值", "说明"];
/// Widest a wrapped column may grow.
const MAX_WIDTH: usize = 60;
const TABLE_HEADER_ROW: RowNum = 3;

/// A type as the help sheet describes it.
pub fn type_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Text | FieldType::Key => "文本",
        FieldType::Date => "日期（如 2023-09-01）",
        FieldType::Integer => "整数",
        FieldType::Money => "金额（元）",
        FieldType::Months => "月数（0–12）",
        FieldType::Year => "年份",
        FieldType::AcademicYear => "学年（如 2023-2024）",
        FieldType::Choice(_) => "选项",
    }
}

/// Prints one page wide, the field table's header on every page.
pub fn page_setup() -> crate::print::PageSetup {
    use crate::print::{Orientation, PageSetup};
    PageSetup::new(Orientation::Landscape).repeat(TABLE_HEADER_ROW, TABLE_HEADER_ROW)
}

pub fn write(ws: &mut Worksheet, kind: &KindSchema, styles: &Styles) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let section = styles.label.clone();
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{}{}（模板版本 {}）",
            kind.title,
            HELP_SHEET,
            schema::TEMPLATE_VERSION
        ),
        &title,
    )?;
    ws.write_string(
        1,
        0,
        "表头带 * 的为必填项。请勿修改工作表名称和表头；日期请填写为日期，选项请从下拉列表中选择。",
    )?;
    ws.write_string(
        2,
        0,
        "可用 Excel、WPS 或 LibreOffice 填写；请保存为 .xlsx（保存为 .xls、WPS 的 .et 或 .ods 也能读取）。",
    )?;

    let mut rows: Vec<[String; 6]> = Vec::new();
    let mut section_rows = Vec::new();
    for sheet in kind.sheets {
        section_rows.push(rows.len());
        rows.push([
            sheet.name.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            sheet.help.to_string(),
        ]);
        for field in sheet.fields {
            let values = match field.ty {
                FieldType::Choice(c) => c.values.join("、"),
                _ => String::new(),
            };
            let required = if field.required {
                schema::YES
            } else {
                schema::NO
            };
            rows.push([
                sheet.name.to_string(),
                field.header(),
                required.to_string(),
                type_name(field.ty).to_string(),
                values,
                field.help.to_string(),
            ]);
        }
    }

    for (col, header) in COLUMNS.iter().enumerate() {
        let col = col as ColNum;
        ws.write_string_with_format(TABLE_HEADER_ROW, col, *header, &styles.header)?;
        let widest = rows.iter().map(|r| display_width(&r[col as usize])).max();
        let chars = widest
            .unwrap_or(0)
            .max(display_width(header))
            .min(MAX_WIDTH);
        ws.set_column_width(col, (chars + 2) as f64)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = TABLE_HEADER_ROW + 1 + i as RowNum;
        let format = if section_rows.contains(&i) {
            &section
        } else {
            &wrap
        };
        for (col, text) in row.iter().enumerate() {
            ws.write_string_with_format(r, col as ColNum, text, format)?;
        }
    }
    ws.set_freeze_panes(TABLE_HEADER_ROW + 1, 0)?;
    Ok(())
}

/// Column of the help sheet that holds a pre-filled template's list of choices, right of
/// the field table (H).
const CHOICES_COL: ColNum = COLUMNS.len() as ColNum + 1;

/// Writes `values` under `header` in the help sheet's choices column and returns the cells
/// as a reference for a drop-down list (`'填表说明'!$H$5:$H$7`): longer lists than the 255
/// characters Excel allows in a validation itself.
pub(super) fn write_choices(
    ws: &mut Worksheet,
    header: &str,
    values: &[String],
    styles: &Styles,
) -> Result<String, XlsxError> {
    ws.write_string_with_format(TABLE_HEADER_ROW, CHOICES_COL, header, &styles.header)?;
    let widest = values.iter().map(|v| display_width(v)).max().unwrap_or(0);
    let chars = widest.max(display_width(header)).min(MAX_WIDTH);
    ws.set_column_width(CHOICES_COL, (chars + 2) as f64)?;
    for (i, value) in values.iter().enumerate() {
        ws.write_string(TABLE_HEADER_ROW + 1 + i as RowNum, CHOICES_COL, value)?;
    }
    let first = TABLE_HEADER_ROW + 1;
    let last = first + values.len().max(1) as RowNum - 1;
    let col = rust_xlsxwriter::utility::column_number_to_name(CHOICES_COL);
    Ok(format!(
        "'{HELP_SHEET}'!${col}${}:${col}${}",
        first + 1,
        last + 1
    ))
}
