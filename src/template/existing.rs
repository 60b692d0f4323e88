//! A file already where `gsw template` would write (SPEC §10: nothing that exists is ever
//! overwritten but the program's own summary; `--force` may replace the program's own
//! templates, never a filled-in workbook).
//!
//! A workbook is the program's own, untouched, when both hold:
//! - no program has saved it since gsw wrote it: its `docProps/core.xml` still carries the
//!   modification time gsw writes into every template ([`super::CREATED`]); Excel, WPS and
//!   LibreOffice set it to the time of saving;
//! - it holds no value but those gsw writes itself: 模板版本; in 基本信息 of a pre-filled
//!   report, the fields the register fills and 报告学年; in the pre-filled review form,
//!   工作站编号 and 工作站名称; in every other sheet of the kind, nothing below the headers.
//!
//! The second check alone keeps out a filled register written by [`crate::fill`] (which
//! uses the template writer and its time), the first a template someone opened and saved.

use super::{prefill, HEADER_ROW, LABEL_COL, VALUE_COL};
use crate::read::{self, RawSheet};
use crate::rules::Limits;
use crate::schema::{self, normalize_name, report, review, Field, Kind, Layout};
use crate::validate::{self, sheet::is_blank, Recognised};
use std::io::Read;
use std::path::Path;

/// What is already at a template's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// The program's own template of this kind, as written, blank or pre-filled.
    Untouched,
    /// A workbook of this kind with something typed into it.
    Filled,
    /// Something else: another kind, another program's file, saved since, unreadable.
    Other,
}

/// The modification time gsw writes into a template's document properties.
fn stamp() -> String {
    let (y, m, d) = super::CREATED;
    format!("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{y:04}-{m:02}-{d:02}T00:00:00Z</dcterms:modified>")
}

/// What the file at `path` is, for a template of `kind` about to be written there.
pub fn existing(path: &Path, kind: Kind) -> Existing {
    let Ok(bytes) = std::fs::read(path) else {
        return Existing::Other;
    };
    let Some(format) = crate::model::Format::of_path(path) else {
        return Existing::Other;
    };
    let unsaved =
        format == crate::model::Format::Xlsx && core_properties(&bytes).contains(&stamp());
    let Ok(mut wb) = read::open(bytes, format, Limits::default()) else {
        return Existing::Other;
    };
    if validate::recognise(&wb.sheet_names) != Recognised::Kind(kind) {
        return Existing::Other;
    }
    let help = normalize_name(schema::HELP_SHEET);
    for name in wb.sheet_names.clone() {
        let wanted = normalize_name(&name);
        if wanted == help {
            continue;
        }
        if wb.is_chart_sheet(&name) {
            return Existing::Filled;
        }
        let Ok(raw) = wb.sheet(&name) else {
            return Existing::Other;
        };
        let sheet = kind
            .schema()
            .sheets
            .iter()
            .find(|s| normalize_name(s.name) == wanted);
        let typed = match sheet {
            None => !only_blank(&raw, |_, _| true),
            Some(s) if s.layout == Layout::Table => !only_blank(&raw, |row, col| {
                row == HEADER_ROW || (kind == Kind::Review && prefilled_column(s, col))
            }),
            Some(s) => !only_blank(&raw, |row, col| {
                col == LABEL_COL || (col == VALUE_COL && prefilled_row(s, &raw, row))
            }),
        };
        if typed {
            return Existing::Filled;
        }
    }
    if unsaved {
        Existing::Untouched
    } else {
        Existing::Other
    }
}

/// Whether every cell that `ours(row, col)` does not cover is blank.
fn only_blank(raw: &RawSheet, ours: impl Fn(u32, u16) -> bool) -> bool {
    raw.rows().all(|(row, cells)| {
        (cells.iter().enumerate()).all(|(col, c)| is_blank(c) || ours(row, col as u16))
    })
}

/// A column of the pre-filled review form that gsw fills: 工作站编号, 工作站名称.
fn prefilled_column(sheet: &schema::Sheet, col: u16) -> bool {
    [&review::STATION_ID, &review::STATION_NAME]
        .iter()
        .any(|f| super::position(sheet, f) == Some(col))
}

/// A row of 基本信息 whose value gsw writes: 模板版本, the register's fields, 报告学年.
fn prefilled_row(sheet: &schema::Sheet, raw: &RawSheet, row: u32) -> bool {
    let Some((_, cells)) = raw.rows().find(|(r, _)| *r == row) else {
        return true;
    };
    let label = match cells.get(usize::from(LABEL_COL)) {
        Some(calamine::Data::String(s)) => normalize_name(s).into_owned(),
        _ => return false,
    };
    let ours: Vec<&Field> = (prefill::LOCKED.iter().copied())
        .chain([&report::TEMPLATE_VERSION, &report::ACADEMIC_YEAR])
        .collect();
    (sheet.fields.iter())
        .find(|f| normalize_name(f.label) == label)
        .is_some_and(|f| ours.contains(&f))
}

/// The text of `docProps/core.xml`, or "" when there is none.
fn core_properties(bytes: &[u8]) -> String {
    let mut text = String::new();
    if let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        if let Ok(part) = zip.by_name("docProps/core.xml") {
            let _ = part.take(1 << 20).read_to_string(&mut text);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegisterEntry;

    fn saved(dir: &Path, name: &str, bytes: Vec<u8>) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn the_programs_own_templates_are_untouched_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        for kind in schema::KINDS {
            let bytes = super::super::workbook(kind.kind)
                .unwrap()
                .save_to_buffer()
                .unwrap();
            let path = saved(dir.path(), kind.template_file, bytes);
            assert_eq!(
                existing(&path, kind.kind),
                Existing::Untouched,
                "{}",
                kind.title
            );
            // Under another kind's name: not that kind's template.
            let other = if kind.kind == Kind::Report {
                Kind::Register
            } else {
                Kind::Report
            };
            assert_eq!(existing(&path, other), Existing::Other, "{}", kind.title);
        }
        let entry = RegisterEntry {
            station_id: "GZZ-1".into(),
            station_name: Some("测试站".into()),
            college: Some("药学院".into()),
            ..Default::default()
        };
        let known = prefill::Known {
            register: vec![entry.clone()],
            stations: [("GZZ-1".to_string(), Some("测试站".to_string()))].into(),
            ..Default::default()
        };
        let year = Some(crate::dates::AcademicYear::new(2025));
        for (name, kind, workbook) in [
            (
                "r.xlsx",
                Kind::Report,
                prefill::report_for(&entry, &["药学院".into()], year),
            ),
            ("v.xlsx", Kind::Review, prefill::review(&known)),
        ] {
            let path = saved(
                dir.path(),
                name,
                workbook.unwrap().save_to_buffer().unwrap(),
            );
            assert_eq!(existing(&path, kind), Existing::Untouched, "{name}");
        }
        // Filled in: a register with a row.
        let filled = crate::fill::Filled::register(&[entry]).to_bytes().unwrap();
        let path = saved(dir.path(), "名册.xlsx", filled);
        assert_eq!(existing(&path, Kind::Register), Existing::Filled);
        // Not a workbook at all.
        let path = saved(dir.path(), "x.xlsx", b"not a zip".to_vec());
        assert_eq!(existing(&path, Kind::Register), Existing::Other);
    }
}
