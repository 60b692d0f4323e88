//! One cell against one field: the tolerant reading of SPEC §3.6. Everything a person might
//! type for a value is accepted; anything else is an error that quotes the value and says
//! what was expected.

use crate::dates::AcademicYear;
use crate::problem::Code;
use crate::schema::{normalize_name, Choice, Field, FieldType};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use chrono::NaiveDate;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// A value that was read.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Date(NaiveDate),
    Number(f64),
    Choice(&'static str),
    Year(AcademicYear),
}

/// A cell that could not be read as its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub code: Code,
    pub message: String,
}

/// Texts that mean "nothing here" in an optional field.
const PLACEHOLDERS: &[&str] = &["-", "—", "–", "/", "无", "--", "——", "－", "／"];
/// Texts that mean "still in the station" in 出站日期.
const STILL_IN: &[&str] = &["至今", "在站", "未出站", "今"];

/// Reads `data` as `field`. `Ok(None)`: empty (or a placeholder in an optional field).
pub fn parse(field: &Field, data: &Data) -> Result<Option<CellValue>, CellError> {
    if let Data::Error(e) = data {
        return Err(CellError {
            code: Code::BadText,
            message: format!(
                "{}: 单元格是错误值 {e}，应填写{}",
                field.label,
                expected(field)
            ),
        });
    }
    // A number or date in a number or date field is read as it is: its text would only name
    // it in a message, and no number's text is a placeholder.
    if let Some(value) = typed_value(field.ty, data) {
        return Ok(Some(value));
    }
    let text = cell_text(data);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return required_or_empty(field);
    }
    if let FieldType::Choice(choice) = field.ty {
        if let Some(v) = match_choice(choice, trimmed) {
            return Ok(Some(CellValue::Choice(v)));
        }
    }
    // Placeholders are a few characters long: only short texts need normalising.
    if trimmed.chars().count() <= 4 {
        let squeezed = normalize_name(trimmed);
        if PLACEHOLDERS.contains(&&*squeezed)
            || (field.ty == FieldType::Date && STILL_IN.contains(&&*squeezed) && !field.required)
        {
            return required_or_empty(field);
        }
    }
    let value = match field.ty {
        FieldType::Text => Some(CellValue::Text(trimmed.to_string())),
        FieldType::Key => Some(CellValue::Text(normalize_key(trimmed))),
        FieldType::Date => parse_date(data).map(CellValue::Date),
        FieldType::Integer | FieldType::Money | FieldType::Months | FieldType::Year => {
            number_value(field.ty, data)
        }
        FieldType::AcademicYear => parse_academic_year(trimmed).map(CellValue::Year),
        FieldType::Choice(_) => None,
    };
    value.map(Some).ok_or_else(|| CellError {
        code: error_code(field.ty),
        message: format!(
            "{}: 无法识别{} \"{}\"，应为{}",
            field.label,
            noun(field.ty),
            shown(&text),
            expected(field)
        ),
    })
}

/// A date cell in a date field, a number cell in a number field, when valid.
fn typed_value(ty: FieldType, data: &Data) -> Option<CellValue> {
    match (ty, data) {
        (FieldType::Date, Data::DateTime(_)) => parse_date(data).map(CellValue::Date),
        (
            FieldType::Integer | FieldType::Money | FieldType::Months | FieldType::Year,
            Data::Float(_) | Data::Int(_),
        ) => number_value(ty, data),
        _ => None,
    }
}

/// `data` as the number a number field allows, if it is one.
fn number_value(ty: FieldType, data: &Data) -> Option<CellValue> {
    let n = parse_number(data)?;
    let allowed = match ty {
        FieldType::Integer => n >= 0.0 && n.fract() == 0.0,
        FieldType::Money => n >= 0.0,
        FieldType::Months => (0.0..=12.0).contains(&n),
        FieldType::Year => n.fract() == 0.0 && (1990.0..=2100.0).contains(&n),
        _ => false,
    };
    allowed.then_some(CellValue::Number(n))
}

fn required_or_empty(field: &Field) -> Result<Option<CellValue>, CellError> {
    if field.required {
        Err(CellError {
            code: Code::Required,
            message: format!("{}: 必填项为空，应填写{}", field.label, expected(field)),
        })
    } else {
        Ok(None)
    }
}

fn error_code(ty: FieldType) -> Code {
    match ty {
        FieldType::Date => Code::BadDate,
        FieldType::Integer | FieldType::Money | FieldType::Months | FieldType::Year => {
            Code::BadNumber
        }
        FieldType::AcademicYear => Code::BadAcademicYear,
        FieldType::Choice(_) => Code::BadChoice,
        FieldType::Text | FieldType::Key => Code::BadText,
    }
}

fn noun(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Date => "的日期",
        FieldType::Integer | FieldType::Money | FieldType::Months | FieldType::Year => "的数值",
        FieldType::AcademicYear => "的学年",
        FieldType::Choice(_) => "的选项",
        FieldType::Text | FieldType::Key => "的内容",
    }
}

/// What a field expects, as a person reads it.
pub fn expected(field: &Field) -> String {
    match field.ty {
        FieldType::Text | FieldType::Key => "文本".to_string(),
        FieldType::Date => "日期，如 2023-09-01".to_string(),
        FieldType::Integer => "不小于 0 的整数".to_string(),
        FieldType::Money => "不小于 0 的金额（元）".to_string(),
        FieldType::Months => "0 到 12 之间的月数".to_string(),
        FieldType::Year => "四位年份，如 2023".to_string(),
        FieldType::AcademicYear => "学年，如 2023-2024".to_string(),
        FieldType::Choice(c) => format!("以下之一：{}", c.values.join("、")),
    }
}

/// A long value cut for a message.
fn shown(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

/// The cell as text: numbers as their digits (学号 2021001, not 2021001.0).
pub fn cell_text(data: &Data) -> Cow<'_, str> {
    Cow::Owned(match data {
        Data::Empty => String::new(),
        Data::String(s) => return Cow::Borrowed(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => crate::format::number(*f),
        Data::Bool(true) => "是".to_string(),
        Data::Bool(false) => "否".to_string(),
        Data::DateTime(dt) => excel_date(dt)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => return Cow::Borrowed(s),
        Data::Error(e) => e.to_string(),
    })
}

/// Keys (工作站编号, 学号): NFKC, no whitespace at all.
pub fn normalize_key(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_graphic()) {
        return s.to_string(); // already in normal form
    }
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// The allowed value `text` stands for. Values and aliases are stored in normal form
/// (a schema test checks it), so only the cell's text is normalised.
fn match_choice(choice: &'static Choice, text: &str) -> Option<&'static str> {
    if let Some(v) = choice.values.iter().find(|v| **v == text) {
        return Some(v);
    }
    let key = normalize_name(text).to_lowercase();
    let value = choice.values.iter().find(|v| **v == key).copied();
    value.or_else(|| {
        (choice.aliases.iter())
            .find(|(variant, _)| *variant == key)
            .map(|(_, v)| *v)
    })
}

/// Dates: date cells (1900 and 1904 systems), Excel serials, ISO text (ods), and the text
/// forms `2023-09-01`, `2023/9/1`, `2023.9.1`, `2023年9月1日`, `20230901`.
pub fn parse_date(data: &Data) -> Option<NaiveDate> {
    match data {
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt),
        Data::DateTimeIso(s) => parse_date_text(s.get(..10).unwrap_or(s)),
        Data::Int(i) => date_from_number(*i as f64),
        Data::Float(f) => date_from_number(*f),
        Data::String(s) => parse_date_text(s),
        _ => None,
    }
}

fn excel_date(dt: &ExcelDateTime) -> Option<NaiveDate> {
    let serial = dt.as_f64();
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
}

/// A number in a date column: `20230901`, or an Excel serial of a plausible date.
fn date_from_number(n: f64) -> Option<NaiveDate> {
    if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&n) {
        return parse_date_text(&format!("{}", n as i64));
    }
    // Plain numbers carry no epoch flag; the 1900 system is Excel's and WPS's default.
    let dt = ExcelDateTime::new(n, ExcelDateTimeType::DateTime, false);
    excel_date(&dt).filter(|d| (plausible_years()).contains(&chrono::Datelike::year(d)))
}

fn plausible_years() -> std::ops::RangeInclusive<i32> {
    1950..=2100
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s: String = s.nfkc().collect();
    // A date-time text (`2023/9/1 0:00`, `2023-09-01T00:00:00`): keep the date.
    let s = match s.trim().split_once([' ', 'T']) {
        Some((date, time)) if time.contains(':') => date.to_string(),
        _ => s,
    };
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.as_str();
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
        return ymd_text(y, m, d);
    }
    let unified: String = s
        .trim_end_matches('日')
        .trim_end_matches('号')
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '-' | '—' | '–' => '-',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = unified.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd_text(y, m, d),
        _ => None,
    }
}

fn ymd_text(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
}

/// Numbers: numeric cells, and text such as `1,000`, `１０００`, ` 1000 `, `1000元`, `￥800`.
pub fn parse_number(data: &Data) -> Option<f64> {
    match data {
        Data::Int(i) => Some(*i as f64),
        Data::Float(f) if f.is_finite() => Some(*f),
        Data::String(s) => parse_number_text(s),
        _ => None,
    }
}

fn parse_number_text(s: &str) -> Option<f64> {
    let s: String = s
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .collect();
    let s = s.trim_start_matches(['￥', '¥']);
    let s = s
        .strip_suffix("元/月")
        .or_else(|| s.strip_suffix("元"))
        .or_else(|| s.strip_suffix("个月"))
        .or_else(|| s.strip_suffix('月'))
        .or_else(|| s.strip_suffix('个'))
        .or_else(|| s.strip_suffix('项'))
        .or_else(|| s.strip_suffix('年'))
        .unwrap_or(s);
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `2023-2024`, `2023—2024`, `2023~2024`, `2023-24`, `2023-2024学年`, `2023至2024学年`.
pub fn parse_academic_year(s: &str) -> Option<AcademicYear> {
    let s: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    let s = s
        .trim_end_matches("学年度")
        .trim_end_matches("学年")
        .trim_end_matches("年度");
    let mut parts = s
        .split(['-', '—', '–', '~', '～', '至', '到', '/', '－'])
        .filter(|p| !p.is_empty());
    let (a, b) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let a = a.trim_end_matches('年');
    let b = b.trim_end_matches('年');
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if a.len() != 4 || !digits(a) || !digits(b) {
        return None;
    }
    let start: i32 = a.parse().ok()?;
    let end: i32 = match b.len() {
        4 => b.parse().ok()?,
        2 => start / 100 * 100 + b.parse::<i32>().ok()?,
        _ => return None,
    };
    (end == start + 1 && (1990..=2100).contains(&start)).then_some(AcademicYear::new(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::schema::report::*;

    fn s(x: &str) -> Data {
        Data::String(x.to_string())
    }

    /// Number and date cells skip the text path (`typed_value`): their text is never empty
    /// nor a placeholder, so the text path could only have read them the same way; dates
    /// read as their text reads.
    #[test]
    fn numbers_and_dates_never_need_their_text() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let never_text_path = |data: &Data| {
            let text = cell_text(data);
            let squeezed = normalize_name(text.trim());
            assert!(!squeezed.is_empty(), "{data:?}");
            assert!(!PLACEHOLDERS.contains(&&*squeezed), "{data:?}");
            assert!(!STILL_IN.contains(&&*squeezed), "{data:?}");
        };
        let numbers = [
            0.0,
            -0.0,
            1.0,
            2.5,
            12.0,
            -1.0,
            2023.0,
            1e9,
            1e-9,
            -1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for n in numbers {
            never_text_path(&Data::Float(n));
        }
        let number = |field, n| parse(field, &Data::Float(n)).ok().flatten();
        assert_eq!(number(&MONTHS_PAID, 12.0), Some(CellValue::Number(12.0)));
        assert_eq!(number(&MONTHS_PAID, 13.0), None);
        assert_eq!(number(&JOINT_PROJECTS, 2.5), None);
        assert_eq!(
            number(&SETTLEMENT_YEAR, 2023.0),
            Some(CellValue::Number(2023.0))
        );
        let date = |serial| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        for serial in [1.0, 45170.0, 2958465.0, 3e6, -3.0, f64::NAN] {
            never_text_path(&date(serial));
        }
        // Within the years a date text may give (a date cell may give any year Excel has).
        for serial in [18264.0, 45170.0, 45170.75, 73050.0] {
            let as_text = parse(&ENTERED_ON, &s(&cell_text(&date(serial)))).ok();
            assert_eq!(parse(&ENTERED_ON, &date(serial)).ok(), as_text, "{serial}");
            assert!(
                matches!(as_text, Some(Some(CellValue::Date(_)))),
                "{serial}"
            );
        }
    }

    #[test]
    fn dates_in_every_tolerated_form() {
        let d = ymd(2023, 9, 1);
        let cases = [
            s("2023-09-01"),
            s("2023/9/1"),
            s("2023.9.1"),
            s("2023年9月1日"),
            s("20230901"),
            s(" ２０２３-09-01 "),
            s("2023-09-01 00:00:00"),
            s("2023/9/1 0:00"),
            Data::Float(45170.0),
            Data::Int(20230901),
            Data::DateTime(ExcelDateTime::new(
                45170.0,
                ExcelDateTimeType::DateTime,
                false,
            )),
            Data::DateTime(ExcelDateTime::new(
                43708.0,
                ExcelDateTimeType::DateTime,
                true,
            )),
            Data::DateTimeIso("2023-09-01T00:00:00".into()),
        ];
        for c in cases {
            assert_eq!(
                parse(&ENTERED_ON, &c),
                Ok(Some(CellValue::Date(d))),
                "{c:?}"
            );
        }
    }

    #[test]
    fn bad_dates_quote_the_value() {
        for bad in ["2023-13-45", "去年九月", "2023-02-30", "9/1/2023"] {
            let err = parse(&ENTERED_ON, &s(bad)).unwrap_err();
            assert_eq!(err.code, Code::BadDate);
            assert!(err.message.contains(bad), "{}", err.message);
            assert!(err.message.starts_with("进站日期: "), "{}", err.message);
        }
        // A small number is not a plausible serial date.
        assert!(parse(&ENTERED_ON, &Data::Float(5.0)).is_err());
    }

    #[test]
    fn numbers_as_text() {
        for (text, v) in [
            ("1,000", 1000.0),
            ("１０００", 1000.0),
            (" 1000 ", 1000.0),
            ("1000元", 1000.0),
            ("￥800.5", 800.5),
            ("¥1,200元", 1200.0),
        ] {
            assert_eq!(
                parse(&MONTHLY_SUBSIDY, &s(text)),
                Ok(Some(CellValue::Number(v))),
                "{text}"
            );
        }
        let err = parse(&MONTHLY_SUBSIDY, &s("一千")).unwrap_err();
        assert_eq!(err.code, Code::BadNumber);
        assert!(err.message.contains("\"一千\""));
        assert!(parse(&MONTHS_PAID, &Data::Float(13.0)).is_err());
        assert!(parse(&MONTHLY_SUBSIDY, &Data::Float(-1.0)).is_err());
        assert!(parse(&JOINT_PROJECTS, &Data::Float(1.5)).is_err());
    }

    #[test]
    fn choices_and_their_variants() {
        let yes = Ok(Some(CellValue::Choice("是")));
        let no = Ok(Some(CellValue::Choice("否")));
        for t in ["是", " 是 ", "Y", "yes", "YES", "√", "1", "有"] {
            assert_eq!(parse(&PAID_IN_FULL, &s(t)), yes, "{t}");
        }
        for t in ["否", "N", "no", "×", "0", "无"] {
            assert_eq!(parse(&PAID_IN_FULL, &s(t)), no, "{t}");
        }
        assert_eq!(parse(&PAID_IN_FULL, &Data::Float(1.0)), yes);
        assert_eq!(parse(&PAID_IN_FULL, &Data::Bool(false)), no);
        assert_eq!(parse(&INSURED, &s("无")), no);
        for (t, v) in [("博士研究生", "博士"), ("硕士生", "硕士"), ("ＢＳ", "")] {
            let got = parse(&LEVEL, &s(t));
            if v.is_empty() {
                let err = got.unwrap_err();
                assert_eq!(err.code, Code::BadChoice);
                assert!(err.message.contains("博士、硕士"), "{}", err.message);
            } else {
                assert_eq!(got, Ok(Some(CellValue::Choice(v))));
            }
        }
        assert_eq!(
            parse(&OUTCOME_LEVEL, &s("省级")),
            Ok(Some(CellValue::Choice("省部级")))
        );
        assert_eq!(
            parse(&OUTCOME_LEVEL, &s("国家")),
            Ok(Some(CellValue::Choice("国家级")))
        );
    }

    #[test]
    fn academic_years() {
        for t in [
            "2023-2024",
            "2023—2024",
            "2023~2024",
            "2023-24",
            "2023-2024学年",
            "2023至2024学年",
            " 2023 - 2024 ",
        ] {
            assert_eq!(parse_academic_year(t), Some(AcademicYear::new(2023)), "{t}");
        }
        for t in ["2023-2025", "2023", "23-24", "2024-2023"] {
            assert_eq!(parse_academic_year(t), None, "{t}");
        }
    }

    #[test]
    fn placeholders_and_required_fields() {
        assert_eq!(parse(&LEFT_ON, &s("至今")), Ok(None));
        assert_eq!(parse(&LEFT_ON, &s("在站")), Ok(None));
        assert_eq!(parse(&REMARK, &s("—")), Ok(None));
        assert_eq!(parse(&REMARK, &s("/")), Ok(None));
        let err = parse(&STUDENT_ID, &s("-")).unwrap_err();
        assert_eq!(err.code, Code::Required);
        assert_eq!(parse(&NAME, &Data::Empty).unwrap_err().code, Code::Required);
        assert!(parse(&ENTERED_ON, &s("至今")).is_err());
    }

    #[test]
    fn text_fields_given_as_numbers_read_as_digits() {
        assert_eq!(
            parse(&STUDENT_ID, &Data::Float(2021001.0)),
            Ok(Some(CellValue::Text("2021001".into())))
        );
        assert_eq!(
            parse(&STUDENT_ID, &s(" 2021 001 ")),
            Ok(Some(CellValue::Text("2021001".into())))
        );
        let err = parse(&NAME, &Data::Error(calamine::CellErrorType::Ref)).unwrap_err();
        assert!(err.message.contains("#REF!"), "{}", err.message);
    }
}
