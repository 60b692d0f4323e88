//! Hyperlinks from the summary to the files it was made from, relative to where the summary
//! is written (normally `<input>/汇总结果/`, so a link reads `../2023-2024/化工站.xlsx`), so
//! they keep working when the whole folder is copied or moved to another computer.

use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell};
use rust_xlsxwriter::{ColNum, RowNum};
use std::path::{Component, Path, PathBuf};

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
    pub fn file_url(&self, target: &str, location: Option<&str>) -> Option<String> {
        if target.is_empty() || target.contains(['#', '%']) {
            return None;
        }
        let path = match self {
            Links::Relative(prefix) => format!("{prefix}{target}"),
            Links::Absolute(prefix) => {
                format!(
                    "{prefix}{}",
                    target.replace('/', std::path::MAIN_SEPARATOR_STR)
                )
            }
        };
        if utf16_len(&path) > MAX_URL {
            return None;
        }
        let mut url = format!("file:///{path}");
        if let Some(location) = location.filter(|l| !l.is_empty()) {
            let anchor = anchor(location);
            if utf16_len(&anchor) > MAX_URL {
                return None;
            }
            url.push('#');
            url.push_str(&anchor);
        }
        Some(url)
    }
}

/// The archives of the input folder (SPEC §9.5), by path: a link to one of their members
/// opens the archive itself, the outermost one, as no link can open a file inside a .zip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Archives(std::collections::HashSet<String>);

impl Archives {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Archives {
        Archives(paths.into_iter().map(String::from).collect())
    }

    /// What a link to `target` (and a place in it) opens: the archive that holds it, with
    /// no place, or the file itself.
    pub fn openable<'t>(
        &self,
        target: &'t str,
        location: Option<&'t str>,
    ) -> (&'t str, Option<&'t str>) {
        if !self.0.is_empty() {
            let mut folders = target.match_indices('/').map(|(at, _)| &target[..at]);
            if let Some(archive) = folders.find(|f| self.0.contains(*f)) {
                return (archive, None);
            }
        }
        (target, location)
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

/// `Sheet!A1` with the sheet quoted when Excel needs it (`'Sheet 1'!A1`).
fn anchor(location: &str) -> String {
    match location.rsplit_once('!') {
        Some((sheet, cell)) if !sheet.starts_with('\'') => {
            format!("{}!{cell}", quote_sheet_name(sheet))
        }
        _ => location.to_string(),
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
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
            ("a#b.xlsx", None, None),
            ("100%.xlsx", None, None),
            ("", None, None),
        ];
        for (target, location, want) in cases {
            assert_eq!(
                links.file_url(target, location).as_deref(),
                want,
                "{target}"
            );
        }
        // Excel's limit counts UTF-16 units: 1,000 Chinese characters (3,000 bytes) fit.
        let long = "长".repeat(2_100);
        assert_eq!(links.file_url(&long, None), None);
        assert!(links.file_url(&"长".repeat(1_000), None).is_some());
        let far = format!("长!{}", "A".repeat(2_100));
        assert_eq!(links.file_url("b.xlsx", Some(&far)), None);
    }

    #[test]
    fn a_member_of_an_archive_opens_the_outermost_archive() {
        let archives = Archives::new(["药学院.zip", "药学院.zip/甲站.zip", "b/c.zip"]);
        let cases = [
            ("药学院.zip", Some("S!A1"), ("药学院.zip", Some("S!A1"))),
            ("药学院.zip/a/报表.xlsx", Some("S!A1"), ("药学院.zip", None)),
            ("药学院.zip/甲站.zip", None, ("药学院.zip", None)),
            (
                "药学院.zip/甲站.zip/报表.xlsx",
                Some("S!A1"),
                ("药学院.zip", None),
            ),
            ("b/c.zip/报表.xlsx", None, ("b/c.zip", None)),
            ("b/报表.xlsx", Some("S!A1"), ("b/报表.xlsx", Some("S!A1"))),
            (
                "药学院.zipx/报表.xlsx",
                None,
                ("药学院.zipx/报表.xlsx", None),
            ),
        ];
        for (target, location, want) in cases {
            assert_eq!(archives.openable(target, location), want, "{target}");
        }
        let none = Archives::default();
        assert_eq!(none.openable("a.zip/b.xlsx", None), ("a.zip/b.xlsx", None));
    }

    #[test]
    fn internal_urls_name_the_sheet_and_cell() {
        assert_eq!(internal_url("评估明细", 4, 0), "internal:评估明细!A5");
        assert_eq!(internal_url("Sheet 1", 0, 2), "internal:'Sheet 1'!C1");
    }
}
