//! What every per-file result must satisfy, whatever the bytes, and the few steps both fuzzers
//! take to get there: the mutation test (`tests/fuzz.rs`) and the libFuzzer targets
//! (`fuzz/`, a crate of its own) call this one copy. Not part of the program: hidden from
//! the documentation.
//!
//! It lives in the library because its two callers are separate crates that can share code
//! only through it, and because it states the contract of [`crate::ingest::read_file`]
//! (every file used with its submission, or listed as not used with a problem and a reason),
//! which belongs with gsw, not with either fuzzer.

use crate::discover::{Class, Found};
use crate::ingest::FileResult;
use crate::model::Format;
use crate::model::{FileKind, FileStatus};
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// A zip's parts in order: (name, content).
pub type Parts = Vec<(String, Vec<u8>)>;

/// The file extension of `format`.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "xlsx",
        Format::Xlsb => "xlsb",
        Format::Xls => "xls",
        Format::Ods => "ods",
    }
}

/// The name a case is read under, relative to its folder: `case.<ext>`.
pub fn case_name(format: Format) -> String {
    format!("case.{}", extension(format))
}

/// Writes `bytes` as `dir/case.<ext>` and returns the file as [`crate::discover`] finds it,
/// ready for [`crate::ingest::read_file`].
pub fn case_file(dir: &Path, bytes: &[u8], format: Format) -> std::io::Result<Found> {
    let rel = case_name(format);
    let path = dir.join(&rel);
    std::fs::write(&path, bytes)?;
    Ok(Found {
        path,
        rel,
        size: bytes.len() as u64,
        modified: None,
        class: Class::Spreadsheet(format),
    })
}

/// The name an archive case is read under: `case.zip`.
pub const ARCHIVE_CASE: &str = "case.zip";

/// Writes `bytes` as `dir/case.zip` and returns the archive as [`crate::discover`] finds
/// it, ready for [`crate::ingest::read_entry`].
pub fn archive_file(dir: &Path, bytes: &[u8]) -> std::io::Result<Found> {
    let path = dir.join(ARCHIVE_CASE);
    std::fs::write(&path, bytes)?;
    Ok(Found {
        path,
        rel: ARCHIVE_CASE.to_string(),
        size: bytes.len() as u64,
        modified: None,
        class: Class::Zip,
    })
}

/// What the results of one file found must satisfy: the file's own result first, named
/// `rel`, as [`check`] says; after it only for an archive, its members', each named under
/// `rel/` and each as [`check`] says under its own name, except that a member the folder walk
/// would not read (by its name) is ignored with the reason and no problem.
pub fn check_entry(results: &[FileResult], rel: &str) -> Result<(), String> {
    let Some((first, members)) = results.split_first() else {
        return Err("no result".into());
    };
    check(first, rel)?;
    if !members.is_empty() && first.file.kind != FileKind::Archive {
        return Err(format!("members after {:?}", first.file.kind));
    }
    let inside = format!("{rel}/");
    for m in members {
        let (e, path) = (&m.file, m.file.source.path.as_str());
        if !path.starts_with(&inside) || path.len() == inside.len() {
            return Err(format!("member {path} not under {rel}"));
        }
        if e.status == FileStatus::Ignored && e.kind == FileKind::NotSpreadsheet {
            if e.reason.is_empty() || !m.problems.is_empty() || m.submission.is_some() {
                return Err(format!("{path}: ignored without a reason, or with more"));
            }
            continue;
        }
        check(m, path)?;
    }
    Ok(())
}

/// What every file result must satisfy: the entry names the file `rel`; a used file has its
/// submission and is of a kind that is used; a file not used has a problem and a reason;
/// only a summary (or a .zip, whose members are rows of their own) is ignored; every problem
/// names the file and says something, a cell only with its sheet. (Error and warning counts
/// are made later, once, by the summary.)
pub fn check(r: &FileResult, rel: &str) -> Result<(), String> {
    let e = &r.file;
    if e.source.path != rel {
        return Err(format!("entry names {} not {rel}", e.source.path));
    }
    match e.status {
        FileStatus::Used => {
            if r.submission.is_none() {
                return Err("used without a submission".into());
            }
            if !matches!(
                e.kind,
                FileKind::Report | FileKind::Register | FileKind::Review | FileKind::SpotCheck
            ) {
                return Err(format!("used as {:?}", e.kind));
            }
        }
        FileStatus::NotUsed => {
            if r.submission.is_some() {
                return Err("not used but has a submission".into());
            }
            if r.problems.is_empty() || e.reason.is_empty() {
                return Err("not used without a problem and a reason".into());
            }
        }
        FileStatus::Ignored if matches!(e.kind, FileKind::Summary | FileKind::Archive) => {}
        other => return Err(format!("status {other:?} for kind {:?}", e.kind)),
    }
    for p in &r.problems {
        if p.file.as_deref() != Some(rel) {
            return Err(format!("problem without its file: {p:?}"));
        }
        if p.message.trim().is_empty() {
            return Err(format!("problem without a message: {p:?}"));
        }
        if p.cell.is_some() && p.sheet.is_none() {
            return Err(format!("cell without a sheet: {p:?}"));
        }
    }
    Ok(())
}

/// The parts of a zip in order, or `None` when the bytes are not a readable zip.
pub fn unzip(bytes: &[u8]) -> Option<Parts> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        parts.push((f.name().ok()?.to_string(), data));
    }
    Some(parts)
}

/// A zip of `parts` in order, each stored, or deflated when `deflate` (but an .ods's
/// `mimetype`, which stays stored).
pub fn zip(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if deflate && name != "mimetype" {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default().compression_method(method);
        out.start_file(name, options).expect("a zip in memory");
        out.write_all(data).expect("a zip in memory");
    }
    out.finish().expect("a zip in memory").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::AcademicYear;
    use crate::fill::synth::{self, Sizes};

    #[test]
    fn a_good_report_passes_and_a_misnamed_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = (synth::report(1, AcademicYear::new(2023), &Sizes::default()).filled())
            .to_bytes()
            .unwrap();
        let zipped = zip(&unzip(&bytes).unwrap(), true);
        let found = case_file(dir.path(), &zipped, Format::Xlsx).unwrap();
        let mut r = crate::ingest::read_file(found, crate::rules::Limits::default());
        assert_eq!(r.file.status, FileStatus::Used);
        assert_eq!(check(&r, "case.xlsx"), Ok(()));
        assert!(check(&r, "other.xlsx").is_err());
        r.submission = None;
        assert_eq!(
            check(&r, "case.xlsx"),
            Err("used without a submission".into())
        );
    }
}
