//! Hyperlinks from the summary to the files it was made from, relative to where the summary
//! is written (normally `<input>/汇总结果/`, so a link reads `../2023-2024/化工站.xlsx`), so
//! they keep working when the whole folder is copied or moved to another computer.

use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell};
use rust_xlsxwriter::{ColNum, RowNum};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Excel's limit on the length of a link and of its location.
const MAX_URL: usize = 2_080;

/// Where links to input files start from, decided once per workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Links {
    /// `../` steps (or nothing) from the summary's folder to the input folder, `/`-separated,
    /// ending in `/` when not empty.
    Relative(String),
    /// The input folder as an absolute path when no relative path exists (another drive).
    Absolute(String),
}

impl Links {
    pub fn new(input_dir: &Path, output: &Path) -> Links {
        let out_dir = output.parent().unwrap_or(Path::new("."));
        let (from, to) = (normalize(out_dir), normalize(input_dir));
        match relative(&from, &to) {
            Some(rel) => Links::Relative(rel),
            None => {
                let mut s = to.display().to_string();
                if !s.ends_with(std::path::MAIN_SEPARATOR) {
                    s.push(std::path::MAIN_SEPARATOR);
                }
                Links::Absolute(s)
            }
        }
    }

    /// The `file:///` link to `target` (relative to the input folder, `/`-separated), with
    /// `Sheet!A1` as its location; `None` when Excel could not store it (too long, or a `#` or
    /// `%` in the name, which the link syntax would misread): the cell is then plain text.
    pub fn file_url(
        &self,
        target: &str,
        location: Option<&str>,
        anchors: &Anchors,
    ) -> Option<String> {
        if target.is_empty() || target.contains(['#', '%']) {
            return None;
        }
        // One string, built in place: a summary has tens of thousands of links.
        let extra = location.map_or(0, |l| l.len() + 3);
        let mut url = String::with_capacity(8 + self.prefix().len() + target.len() + extra);
        url.push_str("file:///");
        let path = url.len();
        match self {
            Links::Relative(prefix) => {
                url.push_str(prefix);
                url.push_str(target);
            }
            Links::Absolute(prefix) => {
                url.push_str(prefix);
                url.extend(target.chars().map(|c| match c {
                    '/' => std::path::MAIN_SEPARATOR,
                    c => c,
                }));
            }
        }
        if too_long(&url[path..]) {
            return None;
        }
        if let Some(location) = location.filter(|l| !l.is_empty()) {
            url.push('#');
            let anchor = url.len();
            anchors.push(location, &mut url);
            if too_long(&url[anchor..]) {
                return None;
            }
        }
        Some(url)
    }

    fn prefix(&self) -> &str {
        match self {
            Links::Relative(prefix) | Links::Absolute(prefix) => prefix,
        }
    }
}

/// A link to a cell of this workbook: `internal:评估明细!A5`.
pub(super) fn internal_url(sheet: &str, row: RowNum, col: ColNum) -> String {
    format!(
        "internal:{}!{}",
        quote_sheet_name(sheet),
        row_col_to_cell(row, col)
    )
}

/// Link locations, `Sheet!A1` with the sheet quoted when Excel needs it (`'Sheet 1'!A1`).
/// Each sheet name is quoted once: thousands of links name the same few sheets.
#[derive(Default)]
pub(super) struct Anchors {
    quoted: Mutex<HashMap<String, String>>,
}

impl Anchors {
    /// Appends `location` to `out`, its sheet quoted when needed.
    fn push(&self, location: &str, out: &mut String) {
        let Some((sheet, cell)) = location.rsplit_once('!') else {
            out.push_str(location);
            return;
        };
        if sheet.starts_with('\'') {
            out.push_str(location);
            return;
        }
        match self.quoted.lock() {
            Ok(mut quoted) => match quoted.get(sheet) {
                Some(q) => out.push_str(q),
                None => {
                    let q = quote_sheet_name(sheet);
                    out.push_str(&q);
                    quoted.insert(sheet.to_string(), q);
                }
            },
            Err(_) => out.push_str(&quote_sheet_name(sheet)),
        }
        out.push('!');
        out.push_str(cell);
    }
}

/// Longer than Excel takes, in UTF-16 units (never more than the UTF-8 bytes).
fn too_long(s: &str) -> bool {
    s.len() > MAX_URL && s.encode_utf16().count() > MAX_URL
}

/// An absolute path with `.` and `..` folded away, without touching the disk (the output
/// folder may not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !matches!(
                    out.components().next_back(),
                    None | Some(Component::RootDir)
                ) {
                    out.pop();
                }
            }
            c => out.push(c),
        }
    }
    out
}

fn same(a: &Component, b: &Component) -> bool {
    if cfg!(windows) {
        a.as_os_str().eq_ignore_ascii_case(b.as_os_str())
    } else {
        a == b
    }
}

/// The `/`-separated way from folder `from` to folder `to`, ending in `/` unless empty;
/// `None` when they share no root (another drive or share).
fn relative(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let rooted =
        |c: &[Component]| matches!(c.first(), Some(Component::Prefix(_) | Component::RootDir));
    if !rooted(&from) || !rooted(&to) || !same(&from[0], &to[0]) {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| same(a, b)).count();
    let mut s = "../".repeat(from.len() - common);
    for c in &to[common..] {
        s.push_str(&c.as_os_str().to_string_lossy());
        s.push('/');
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_from_the_summary_folder_to_the_input_folder() {
        let cases = [
            (
                "/data/in",
                "/data/in/汇总结果/工作站汇总_2026-11-30.xlsx",
                "../",
            ),
            ("/data/in", "/data/in/x.xlsx", ""),
            ("/data/in/", "/data/out/a/s.xlsx", "../../in/"),
            ("/data/./in", "/data/in/sub/../汇总结果/s.xlsx", "../"),
            ("/", "/out/s.xlsx", "../"),
        ];
        for (input, output, want) in cases {
            assert_eq!(
                Links::new(Path::new(input), Path::new(output)),
                Links::Relative(want.to_string()),
                "{input} ← {output}"
            );
        }
    }

    #[test]
    fn relative_input_folders_resolve_against_the_working_folder() {
        let links = Links::new(Path::new("报表"), Path::new("报表/汇总结果/s.xlsx"));
        assert_eq!(links, Links::Relative("../".into()));
    }

    #[test]
    fn file_urls_carry_the_location_with_the_sheet_quoted_when_needed() {
        let links = Links::Relative("../".into());
        let cases = [
            (
                "2023-2024/化工站.xlsx",
                None,
                Some("file:///../2023-2024/化工站.xlsx"),
            ),
            (
                "a/b.xlsx",
                Some("进站研究生!H7"),
                Some("file:///../a/b.xlsx#进站研究生!H7"),
            ),
            (
                "b.xlsx",
                Some("Sheet 1!A1"),
                Some("file:///../b.xlsx#'Sheet 1'!A1"),
            ),
            ("b.xlsx", Some("'S'!A1"), Some("file:///../b.xlsx#'S'!A1")),
            ("b.xlsx", Some(""), Some("file:///../b.xlsx")),
            // The same sheets again, their quoting remembered.
            (
                "c.xlsx",
                Some("Sheet 1!B2"),
                Some("file:///../c.xlsx#'Sheet 1'!B2"),
            ),
            (
                "c.xlsx",
                Some("进站研究生!A9"),
                Some("file:///../c.xlsx#进站研究生!A9"),
            ),
            (
                "c.xlsx",
                Some("no sheet"),
                Some("file:///../c.xlsx#no sheet"),
            ),
            ("a#b.xlsx", None, None),
            ("100%.xlsx", None, None),
            ("", None, None),
        ];
        let anchors = Anchors::default();
        for (target, location, want) in cases {
            assert_eq!(
                links.file_url(target, location, &anchors).as_deref(),
                want,
                "{target}"
            );
        }
        // Excel's limit counts UTF-16 units: 1,000 Chinese characters (3,000 bytes) fit.
        let long = "长".repeat(2_100);
        assert_eq!(links.file_url(&long, None, &anchors), None);
        assert!(links
            .file_url(&"长".repeat(1_000), None, &anchors)
            .is_some());
        let far = format!("长!{}", "A".repeat(2_100));
        assert_eq!(links.file_url("b.xlsx", Some(&far), &anchors), None);
    }

    #[test]
    fn internal_urls_name_the_sheet_and_cell() {
        assert_eq!(internal_url("评估明细", 4, 0), "internal:评估明细!A5");
        assert_eq!(internal_url("Sheet 1", 0, 2), "internal:'Sheet 1'!C1");
    }
}
