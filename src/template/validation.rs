//! The data validation of one field's input cells: a drop-down list for every choice, a
//! range for dates and numbers, and for every field an input message with its help text.

use crate::schema::{Field, FieldType};
use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime, Formula, XlsxError};

/// Excel's limits on a validation's title and message, in UTF-16 units.
const TITLE_MAX: usize = 32;
const MESSAGE_MAX: usize = 255;

/// Dates a template accepts.
const FIRST_DATE: (u16, u8, u8) = (2000, 1, 1);
const LAST_DATE: (u16, u8, u8) = (2099, 12, 31);
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2099;
const MAX_MONTHS: f64 = 12.0;
/// The academic years of the 报告学年 drop-down: 25 of them, the most Excel's 255 characters
/// of list hold (`2016-2017,…,2040-2041`).
const FIRST_ACADEMIC_YEAR: i32 = 2016;
const ACADEMIC_YEARS: i32 = 25;

/// `2016-2017` … `2040-2041`.
pub fn academic_years() -> Vec<String> {
    (FIRST_ACADEMIC_YEAR..FIRST_ACADEMIC_YEAR + ACADEMIC_YEARS)
        .map(|y| crate::dates::AcademicYear::new(y).to_string())
        .collect()
}

/// The longest prefix of `s` within `max` UTF-16 units, ending in `…` when cut.
fn clip(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in s.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The rule and the Chinese error message for a type; `None` for free text.
fn rule(ty: FieldType) -> Result<Option<(DataValidation, String)>, XlsxError> {
    let v = DataValidation::new();
    Ok(Some(match ty {
        FieldType::Text | FieldType::Key => return Ok(None),
        FieldType::AcademicYear => (
            v.allow_list_strings(&academic_years())?,
            "请从下拉列表中选择学年，如 2023-2024（2023年7月1日至2024年6月30日）。".to_string(),
        ),
        FieldType::Choice(choice) => (
            v.allow_list_strings(choice.values)?,
            format!("请从下拉列表中选择：{}。", choice.values.join("、")),
        ),
        FieldType::Date => {
            let (y, m, d) = FIRST_DATE;
            let first = ExcelDateTime::from_ymd(y, m, d)?;
            let (y, m, d) = LAST_DATE;
            let last = ExcelDateTime::from_ymd(y, m, d)?;
            (
                v.allow_date(DataValidationRule::Between(first, last)),
                "请输入 2000-01-01 至 2099-12-31 之间的日期，如 2023-09-01。".to_string(),
            )
        }
        FieldType::Integer => (
            v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            "请输入不小于 0 的整数。".to_string(),
        ),
        FieldType::Year => (
            v.allow_whole_number(DataValidationRule::Between(FIRST_YEAR, LAST_YEAR)),
            format!("请输入 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份，如 2023。"),
        ),
        FieldType::Money => (
            v.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "请输入不小于 0 的金额（元），只填数字。".to_string(),
        ),
        FieldType::Months => (
            v.allow_decimal_number(DataValidationRule::Between(0.0, MAX_MONTHS)),
            "请输入 0 至 12 之间的月数。".to_string(),
        ),
    }))
}

/// The validation of `field`'s input cells. Blank cells are always allowed: whether a
/// required field is filled in is the reader's business, not Excel's.
pub fn for_field(field: &Field) -> Result<DataValidation, XlsxError> {
    let title = clip(field.label, TITLE_MAX);
    let validation = match rule(field.ty)? {
        None => DataValidation::new().allow_any_value(),
        Some((v, error)) => v
            .set_error_title(clip(&format!("{}填写有误", field.label), TITLE_MAX))?
            .set_error_message(clip(&error, MESSAGE_MAX))?,
    };
    validation
        .ignore_blank(true)
        .set_input_title(title)?
        .set_input_message(clip(field.help, MESSAGE_MAX))
}

/// The validation of a field whose choices are the cells `range` (e.g. the register's
/// colleges listed on the help sheet): a drop-down list, with the field's help text.
pub fn for_listed(field: &Field, range: &str, what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("={range}")))
        .set_error_title(clip(&format!("{}填写有误", field.label), TITLE_MAX))?
        .set_error_message(clip(&format!("请从下拉列表中选择{what}。"), MESSAGE_MAX))?
        .ignore_blank(true)
        .set_input_title(clip(field.label, TITLE_MAX))?
        .set_input_message(clip(field.help, MESSAGE_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::KINDS;

    #[test]
    fn clip_respects_utf16_limits() {
        assert_eq!(clip("学号", 32), "学号");
        let long = "字".repeat(300);
        let clipped = clip(&long, MESSAGE_MAX);
        assert_eq!(clipped.encode_utf16().count(), MESSAGE_MAX);
        assert!(clipped.ends_with('…'));
        // A character outside the BMP takes two units and is never split.
        let astral = "𠀀".repeat(20);
        assert!(clip(&astral, TITLE_MAX).encode_utf16().count() <= TITLE_MAX);
    }

    #[test]
    fn the_academic_years_fit_in_a_list_and_read_back() {
        let years = academic_years();
        assert_eq!(years.first().map(String::as_str), Some("2016-2017"));
        assert_eq!(years.last().map(String::as_str), Some("2040-2041"));
        assert!(years.join(",").chars().count() <= 255);
        for y in &years {
            assert!(
                crate::validate::cell::parse_academic_year(y).is_some(),
                "{y}"
            );
        }
    }

    #[test]
    fn every_field_of_every_kind_gets_a_valid_validation() {
        for kind in KINDS {
            for sheet in kind.sheets {
                for field in sheet.fields {
                    for_field(field).unwrap_or_else(|e| panic!("{}: {e}", field.label));
                }
            }
        }
    }
}
