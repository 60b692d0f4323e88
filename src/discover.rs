//! Discover stage: every file under the input folder, each classified before it is opened
//! (SPEC §5.1). Nothing found is dropped: what is not read is listed with the reason.

use crate::model::Format;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use walkdir::WalkDir;

/// The folder, inside the input folder, where summaries are written: never read, not listed.
pub const OUTPUT_DIR: &str = "汇总结果";

/// What to do with a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    Spreadsheet(Format),
    /// A .zip: read like a folder, each member a file of its own (SPEC §9.5).
    Zip,
    /// An archive of a format gsw does not read (`RAR`, `7z`…): not used, to be unpacked.
    OtherArchive(&'static str),
    /// Not read; the reason, e.g. `Excel 临时锁定文件`.
    Ignored(&'static str),
    /// Could not even be looked at (permissions, a symlink loop…).
    Inaccessible(String),
}

#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Relative to the input folder, `/`-separated.
    pub rel: String,
    pub size: u64,
    pub modified: Option<SystemTime>,
    pub class: Class,
}

/// Lists every file under `root`, sorted by relative path. `skip` are absolute paths
/// (the output file or folder) that are neither read nor listed.
pub fn discover(root: &Path, skip: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    let skip: Vec<Skip> = skip.iter().map(|p| Skip::new(p)).collect();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let skipped = skip.iter().any(|s| s.is(e));
            let output_dir = e.depth() == 1
                && e.file_type().is_dir()
                && e.file_name().to_str() == Some(OUTPUT_DIR);
            !skipped && !output_dir
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {
                if e.depth() > 0 && is_hidden(e.file_name()) {
                    // Hidden folders (.git, .DS_Store folders…) are listed once, not walked.
                    found.push(listed(root, e.path(), Class::Ignored("隐藏文件夹")));
                }
            }
            Ok(e) => {
                let meta = e.metadata().ok();
                let class = classify(e.path());
                found.push(Found {
                    path: e.path().to_path_buf(),
                    rel: relative(root, e.path()),
                    size: meta.as_ref().map_or(0, |m| m.len()),
                    modified: meta.and_then(|m| m.modified().ok()),
                    class,
                });
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let reason = if err.loop_ancestor().is_some() {
                    "符号链接形成循环，未进入".to_string()
                } else {
                    match err.io_error() {
                        Some(e) => format!("无法访问：{}", crate::error::io_reason(e)),
                        None => format!("无法访问（{err}）"),
                    }
                };
                found.push(listed(root, &path, Class::Inaccessible(reason)));
            }
        }
    }
    // walkdir skips hidden folders' contents only through filter_entry; do it here.
    let hidden_dirs: Vec<String> = found
        .iter()
        .filter(|f| f.class == Class::Ignored("隐藏文件夹"))
        .map(|f| format!("{}/", f.rel))
        .collect();
    found.retain(|f| !hidden_dirs.iter().any(|d| f.rel.starts_with(d.as_str())));
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    found
}

/// Checks that `path` can be the input folder: an existing folder. The message is the same
/// wherever the folder comes from (the command line, a folder dropped on the program, or the
/// prompt when the program is started without one).
pub fn check_input_folder(path: &Path) -> Result<(), crate::Error> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(crate::Error::InputIsFile(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(crate::Error::NoInputDir(path.to_path_buf()))
        }
        Err(source) => Err(crate::Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn listed(root: &Path, path: &Path, class: Class) -> Found {
    Found {
        path: path.to_path_buf(),
        rel: relative(root, path),
        size: 0,
        modified: None,
        class,
    }
}

fn classify(path: &Path) -> Class {
    classify_name(&path.file_name().unwrap_or_default().to_string_lossy())
}

/// What to do with a file of this name, wherever it is: in a folder or in an archive.
pub fn classify_name(name: &str) -> Class {
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Class::Ignored("Excel/WPS 临时锁定文件");
    }
    if name.starts_with('.') {
        return Class::Ignored("隐藏文件");
    }
    if let Some(format) = Format::of_name(name) {
        return Class::Spreadsheet(format);
    }
    match archive_format(name) {
        Some("zip") => Class::Zip,
        Some(other) => Class::OtherArchive(other),
        None => Class::Ignored("非表格文件"),
    }
}

/// The archive format of a file by its extension: `zip`, or one gsw does not read, as
/// people call it.
fn archive_format(name: &str) -> Option<&'static str> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    Some(match ext.as_str() {
        "zip" => "zip",
        "rar" => "RAR",
        "7z" => "7z",
        "tar" | "gz" | "tgz" | "bz2" | "xz" | "zst" => "tar/gz",
        "cab" => "cab",
        "arj" | "lzh" | "z" => "旧式",
        _ => return None,
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// A path not to read, and where it really is when it exists already.
struct Skip<'a> {
    path: &'a Path,
    canonical: Option<PathBuf>,
}

impl<'a> Skip<'a> {
    fn new(path: &'a Path) -> Self {
        Skip {
            path,
            canonical: path.canonicalize().ok(),
        }
    }

    /// Whether `e` is this path, under its own name or through a symbolic link.
    fn is(&self, e: &walkdir::DirEntry) -> bool {
        if e.path() == self.path {
            return true;
        }
        let Some(canonical) = &self.canonical else {
            return false;
        };
        // Resolving links keeps an entry's own name unless the entry is a link itself, so
        // only those two kinds of entries can be the skipped path (no system call per file).
        let may_be = e.path_is_symlink() || canonical.file_name() == Some(e.file_name());
        may_be && e.path().canonicalize().is_ok_and(|c| &c == canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_classified_and_the_output_folder_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a/报表.XLSX",
            "a/~$报表.xlsx",
            "b/说明.docx",
            ".hidden.xlsx",
            "c.ods",
            "d/药学院.ZIP",
            "d/药学院.rar",
            "d/药学院.7z",
            "汇总结果/工作站汇总_2026-11-30.xlsx",
            ".git/config",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let found = discover(root, &[]);
        let got: Vec<(&str, &Class)> = found.iter().map(|f| (f.rel.as_str(), &f.class)).collect();
        assert_eq!(
            got,
            [
                (".git", &Class::Ignored("隐藏文件夹")),
                (".hidden.xlsx", &Class::Ignored("隐藏文件")),
                ("a/~$报表.xlsx", &Class::Ignored("Excel/WPS 临时锁定文件")),
                ("a/报表.XLSX", &Class::Spreadsheet(Format::Xlsx)),
                ("b/说明.docx", &Class::Ignored("非表格文件")),
                ("c.ods", &Class::Spreadsheet(Format::Ods)),
                ("d/药学院.7z", &Class::OtherArchive("7z")),
                ("d/药学院.ZIP", &Class::Zip),
                ("d/药学院.rar", &Class::OtherArchive("RAR")),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_output_is_skipped_under_any_name_that_leads_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(elsewhere.join("csv")).unwrap();
        std::fs::write(root.join("a/汇总.xlsx"), b"x").unwrap();
        std::fs::write(elsewhere.join("汇总.xlsx"), b"x").unwrap();
        std::fs::write(root.join("a/报表.xlsx"), b"x").unwrap();
        use std::os::unix::fs::symlink;
        symlink(&elsewhere, root.join("linked")).unwrap();
        symlink(elsewhere.join("汇总.xlsx"), root.join("a/别名.xlsx")).unwrap();
        let skip = [
            root.join("a/汇总.xlsx"),
            elsewhere.join("汇总.xlsx"),
            elsewhere.join("csv"),
        ];
        let found = discover(&root, &skip);
        let got: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        // Not listed: the first output by its name, the second by a folder link and by a
        // link of another name, the CSV folder by the folder link.
        assert_eq!(got, ["a/报表.xlsx"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_listed_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let found = discover(root, &[]);
        assert!(found
            .iter()
            .any(|f| matches!(&f.class, Class::Inaccessible(r) if r.contains("循环"))));
    }
}
