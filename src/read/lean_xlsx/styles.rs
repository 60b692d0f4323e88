//! The styles part, for the one thing gsw needs of it: which cell styles make a number a
//! date or a duration. Fonts, fills, borders and themes are not read.

use super::xml::{attr, decode, Tag, Xml};
use super::Lean;
use calamine::ExcelDateTimeType;

/// For each `<xf>` of `<cellXfs>`: whether its number format is a date or a duration,
/// by calamine's rules (built-in ids, or the custom format's code).
pub(super) fn date_styles(xml: &str) -> Lean<Vec<Option<ExcelDateTimeType>>> {
    let mut custom: Vec<(String, String)> = Vec::new();
    let mut styles = Vec::new();
    let mut x = Xml::new(xml);
    let mut section = "";
    while let Some(tag) = x.next_before_close("styleSheet")? {
        match tag {
            Tag::Open {
                name: name @ ("numFmts" | "cellXfs"),
                empty: false,
                ..
            } => section = name,
            Tag::Close(name @ ("numFmts" | "cellXfs")) if name == section => section = "",
            Tag::Open {
                name: "numFmt",
                attrs,
                ..
            } if section == "numFmts" => {
                if let (Some(id), Some(code)) =
                    (attr(attrs, "numFmtId")?, attr(attrs, "formatCode")?)
                {
                    let code = decode(code)?.into_owned();
                    match custom.iter_mut().find(|(i, _)| i == id) {
                        Some(entry) => entry.1 = code,
                        None => custom.push((id.to_string(), code)),
                    }
                }
            }
            // Only an `<xf>` right inside `<cellXfs>` is a cell style (as calamine reads).
            Tag::Open {
                name: "xf",
                attrs,
                empty,
            } if section == "cellXfs" && x.parent(empty) == Some("cellXfs") => {
                let kind = match attr(attrs, "numFmtId")? {
                    None => None,
                    Some(id) => match custom.iter().find(|(i, _)| i == id) {
                        Some((_, code)) => custom_format_kind(code),
                        None => builtin_format_kind(id),
                    },
                };
                styles.push(kind);
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// calamine's `builtin_format_by_id`.
fn builtin_format_kind(id: &str) -> Option<ExcelDateTimeType> {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => Some(ExcelDateTimeType::DateTime),
        "46" => Some(ExcelDateTimeType::TimeDelta),
        _ => None,
    }
}

/// calamine's `detect_custom_number_format` (calamine 0.38, MIT licence), unchanged.
fn custom_format_kind(format: &str) -> Option<ExcelDateTimeType> {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return None,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Some(ExcelDateTimeType::TimeDelta),
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => {
                return Some(ExcelDateTimeType::DateTime)
            }
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Some(ExcelDateTimeType::DateTime)
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    None
}
