//! Stages 1–3 over a folder: discover the files, then read and validate each workbook in
//! parallel. One file's failure, even a panic inside the reader, is that file's problem
//! and never the run's.

use crate::dates::AcademicYear;
use crate::discover::{self, Class, Found};
use crate::model::{FileKind, FileStatus};
use crate::model::{SourceFile, Submission};
use crate::problem::{Code, Problem};
use crate::read::archive::{Archive, Member, What};
use crate::read::{self, ReadError};
use crate::rules::Limits;
use crate::validate::{self, Recognised};
use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One file after reading: what reading found about it, what it held, and its problems.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub file: FileRead,
    pub submission: Option<Submission>,
    pub problems: Vec<Problem>,
}

/// What reading alone can say of a file: where it is, what it is, whether it could be used
/// and why not. Its 文件清单 row is built from this and what the later stages decided, once,
/// in the summary stage.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    pub source: SourceFile,
    pub kind: FileKind,
    /// `Used` when it gave a submission, else `NotUsed` or `Ignored`.
    pub status: FileStatus,
    /// Why it is not used or ignored, in Chinese; empty when used.
    pub reason: String,
    /// A report's 工作站编号, 学年 and 填报日期, as written.
    pub station: Option<String>,
    pub year: Option<AcademicYear>,
    pub filed_on: Option<NaiveDate>,
}

/// Reads every file under `root` (except `skip`), calling `tick` once per file done.
pub fn ingest(
    root: &Path,
    skip: &[PathBuf],
    limits: Limits,
    tick: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    read_all(discover::discover(root, skip), limits, tick)
}

/// Reads files already found, in parallel, keeping their order.
///
/// The binary's allocator (mimalloc, see `main.rs`) keeps the reading buffers of each
/// thread apart from the reports that outlive them; with glibc's, the kept reports pinned
/// the freed buffers and memory grew with every file (benches/README.md, "Behind the code").
pub fn read_all(found: Vec<Found>, limits: Limits, tick: &(dyn Fn() + Sync)) -> Vec<FileResult> {
    let read: Vec<Vec<FileResult>> = found
        .into_par_iter()
        .with_max_len(1)
        .map(|f| {
            let r = read_entry(f, limits);
            tick();
            r
        })
        .collect();
    let mut results: Vec<FileResult> = read.into_iter().flatten().collect();
    mark_identical_files(&mut results);
    results
}

/// Reads one file found: a workbook gives its result; a .zip its own row, then a row for
/// each member, in name order, read like the files of a folder (SPEC §9.5).
pub fn read_entry(found: Found, limits: Limits) -> Vec<FileResult> {
    match found.class {
        Class::Zip => read_archive(found, limits),
        _ => vec![read_file(found, limits)],
    }
}

/// Reads one file named by the user (`gsw check`, a register given on the command line),
/// as `consolidate` would read it, shown under the path as given. A .zip gives its own row
/// only: [`read_path_all`] gives its members too.
pub fn read_path(path: &Path, limits: Limits) -> FileResult {
    read_file(found_at(path), limits)
}

/// [`read_path`], with a .zip's members after its own row.
pub fn read_path_all(path: &Path, limits: Limits) -> Vec<FileResult> {
    read_entry(found_at(path), limits)
}

/// A file named by the user, as the folder walk would find it.
fn found_at(path: &Path) -> Found {
    let meta = std::fs::metadata(path);
    let class = match (&meta, crate::model::Format::of_path(path)) {
        (Err(e), _) => Class::Inaccessible(format!("无法打开：{}", crate::error::io_reason(e))),
        (Ok(m), _) if m.is_dir() => Class::Inaccessible(
            "这是文件夹，不是工作簿：要检查整个文件夹，请用 gsw consolidate 文件夹".into(),
        ),
        (Ok(_), Some(f)) => Class::Spreadsheet(f),
        (Ok(_), None) => {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            match discover::classify_name(&name) {
                archive @ (Class::Zip | Class::OtherArchive(_)) => archive,
                _ => Class::Ignored(
                    "不是表格文件（应为 .xlsx/.xlsm/.xlsb/.xls/.et/.ods，或装有这些文件的 .zip）",
                ),
            }
        }
    };
    Found {
        path: path.to_path_buf(),
        rel: path.display().to_string(),
        size: meta.as_ref().map_or(0, |m| m.len()),
        modified: meta.ok().and_then(|m| m.modified().ok()),
        class,
    }
}

/// What is known of a file before it is read.
fn file_read(path: String, modified: Option<std::time::SystemTime>, size: u64) -> FileRead {
    FileRead {
        source: SourceFile {
            path,
            modified,
            size,
            sha256: None,
        },
        kind: FileKind::NotSpreadsheet,
        status: FileStatus::Ignored,
        reason: String::new(),
        station: None,
        year: None,
        filed_on: None,
    }
}

/// Reads and validates one file. Never panics: a panic inside becomes a problem. A .zip
/// gives its own row only ([`read_entry`] gives its members too).
pub fn read_file(found: Found, limits: Limits) -> FileResult {
    let mut file = file_read(found.rel.clone(), found.modified, found.size);
    let format = match found.class {
        Class::Ignored(reason) => return ignored(file, reason),
        Class::Inaccessible(reason) => {
            file.kind = FileKind::Unreadable;
            return not_used(file, Code::FileUnreadable, reason);
        }
        Class::OtherArchive(format) => {
            return refused(file, FileKind::Archive, ReadError::OtherArchive { format })
        }
        Class::Zip => return open_archive(found, limits).0,
        Class::Spreadsheet(format) => format,
    };
    if found.size > limits.max_file_bytes {
        file.kind = FileKind::Unreadable;
        let e = ReadError::TooLarge {
            size: found.size,
            limit: limits.max_file_bytes,
        };
        return not_used(file, Code::FileTooLarge, e.to_string());
    }
    let bytes = match std::fs::read(&found.path) {
        Ok(b) => b,
        Err(e) => {
            file.kind = FileKind::Unreadable;
            let reason = format!("无法读取文件：{}", crate::error::io_reason(&e));
            return not_used(file, Code::FileUnreadable, reason);
        }
    };
    read_bytes(file, bytes, format, limits)
}

/// Reads and validates a workbook's bytes, read from disk or from an archive.
fn read_bytes(
    mut file: FileRead,
    bytes: Vec<u8>,
    format: crate::model::Format,
    limits: Limits,
) -> FileResult {
    file.source.size = bytes.len() as u64;
    file.source.sha256 = Some(hex(&Sha256::digest(&bytes)));

    let rel = file.source.path.clone();
    let outcome =
        crate::unwind::quiet_catch_unwind(move || read_workbook(bytes, format, limits, &rel));
    match outcome {
        Ok(Ok(Opened(done, misnamed))) => {
            let path = file.source.path.clone();
            let mut result = apply(file, done);
            if let Some(actual) = misnamed {
                let note = misnamed_note(&path, actual)
                    .for_station(result.file.station.clone(), result.file.year);
                result.problems.push(note);
            }
            result
        }
        Ok(Err(e)) => refused(file, FileKind::Unreadable, e),
        Err(_) => {
            file.kind = FileKind::Unreadable;
            not_used(
                file,
                Code::ReadPanic,
                "读取时出现内部错误（文件可能已损坏），已跳过；请用 Excel 打开后另存为 .xlsx 再试"
                    .to_string(),
            )
        }
    }
}

/// What reading one workbook gave, before it is turned into a [`FileResult`].
enum Read {
    Summary,
    Unknown(String, Vec<String>),
    Validated(FileKind, validate::Validated),
}

/// A workbook read, and the format it was read as when its extension names another.
struct Opened(Read, Option<crate::model::Format>);

fn read_workbook(
    bytes: Vec<u8>,
    format: crate::model::Format,
    limits: Limits,
    rel: &str,
) -> Result<Opened, ReadError> {
    let mut wb = read::open(bytes, format, limits)?;
    let misnamed = (wb.format != format).then_some(wb.format);
    let read = match validate::recognise(&wb.sheet_names) {
        Recognised::Summary => Read::Summary,
        Recognised::Unknown(lacking) => Read::Unknown(lacking, wb.sheet_names.clone()),
        Recognised::Kind(kind) => {
            Read::Validated(FileKind::of(kind), validate::validate(&mut wb, kind, rel)?)
        }
    };
    Ok(Opened(read, misnamed))
}

/// 提示 for a file whose extension names another format than its bytes.
fn misnamed_note(path: &str, actual: crate::model::Format) -> Problem {
    let ext = Path::new(path)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let actual = actual.extension();
    Problem::new(
        Code::MisnamedFile,
        format!(
            "文件扩展名是 {ext}，内容却是 {actual} 格式，已按 {actual} 读取；建议把扩展名改为 {actual}，或用 Excel 或 WPS 打开后另存为 .xlsx"
        ),
    )
    .in_file(path.to_string())
}

fn apply(mut file: FileRead, read: Read) -> FileResult {
    match read {
        Read::Summary => {
            file.kind = FileKind::Summary;
            file.status = FileStatus::Ignored;
            file.reason = "本程序生成的汇总结果".to_string();
            FileResult {
                file,
                submission: None,
                problems: Vec::new(),
            }
        }
        Read::Unknown(lacking, sheets) => {
            file.kind = FileKind::UnknownSpreadsheet;
            let message = format!(
                "不是可识别的报表（工作表: {}）。{lacking}；若工作表被改名，请人工核对",
                sheets.join("、")
            );
            not_used(file, Code::UnknownKind, message)
        }
        Read::Validated(kind, v) => {
            file.kind = kind;
            if let Some(Submission::Report(r)) = &v.submission {
                file.station = Some(r.info.station_id.clone());
                file.year = Some(r.info.year);
                file.filed_on = r.info.filed_on;
            }
            file.status = if v.submission.is_some() {
                FileStatus::Used
            } else {
                FileStatus::NotUsed
            };
            file.reason = v.reason;
            FileResult {
                file,
                submission: v.submission,
                problems: v.problems,
            }
        }
    }
}

/// A .zip of the folder: its own row, then its members' (SPEC §9.5).
fn read_archive(found: Found, limits: Limits) -> Vec<FileResult> {
    let (row, contents) = open_archive(found, limits);
    with_members(row, contents, limits)
}

/// What an archive holds, when it could be opened: the archive and its members, planned.
type Contents = Option<(Archive, Vec<Member>)>;

/// An archive of the folder opened: its own row, and what it holds.
fn open_archive(found: Found, limits: Limits) -> (FileResult, Contents) {
    let mut row = file_read(found.rel, found.modified, found.size);
    row.kind = FileKind::Archive;
    match std::fs::File::open(&found.path) {
        Ok(file) => archive_row(row, || {
            let archive = Archive::open_file(file, limits)?;
            let members = archive.members(limits);
            Ok((archive, members))
        }),
        Err(e) => {
            let reason = format!("无法读取文件：{}", crate::error::io_reason(&e));
            (not_used(row, Code::FileUnreadable, reason), None)
        }
    }
}

/// An archive's own row, from opening it and planning its members (a panic inside is its
/// problem), and what it holds.
fn archive_row(
    mut row: FileRead,
    open: impl FnOnce() -> Result<(Archive, Vec<Member>), ReadError>,
) -> (FileResult, Contents) {
    match crate::unwind::quiet_catch_unwind(open) {
        Ok(Ok((archive, members))) => {
            row.reason = match members.len() {
                0 => "空压缩包：其中没有文件".to_string(),
                n => {
                    let prefix = &row.source.path;
                    format!("已展开：其中 {n} 项逐个列在下面（以“{prefix}/”开头）")
                }
            };
            (ignored(row, ""), Some((archive, members)))
        }
        Ok(Err(e)) => (refused(row, FileKind::Archive, e), None),
        Err(_) => {
            let reason =
                "读取压缩包时出现内部错误（压缩包可能已损坏），已跳过：请解压后放入文件夹再试";
            (not_used(row, Code::ReadPanic, reason.to_string()), None)
        }
    }
}

/// An archive's row, then its members' rows, the members read in parallel.
fn with_members(row: FileResult, contents: Contents, limits: Limits) -> Vec<FileResult> {
    let Some((archive, members)) = contents else {
        return vec![row];
    };
    let prefix = row.file.source.path.clone();
    let read: Vec<Vec<FileResult>> = members
        .into_par_iter()
        .with_max_len(1)
        .map(|m| read_member(&archive, &prefix, m, limits))
        .collect();
    let mut rows = vec![row];
    rows.extend(read.into_iter().flatten());
    rows
}

/// One member of an archive, read like a file of a folder.
fn read_member(archive: &Archive, prefix: &str, m: Member, limits: Limits) -> Vec<FileResult> {
    let mut file = file_read(format!("{prefix}/{}", m.name), m.modified, m.at.size);
    let kind = match m.what {
        What::Zip(_) | What::OtherArchive => FileKind::Archive,
        _ => FileKind::Unreadable,
    };
    if let Some(e) = m.refused {
        return vec![refused(file, kind, e)];
    }
    let at = m.at;
    match m.what {
        What::Ignored(reason) => vec![ignored(file, reason)],
        What::Spreadsheet(format) => match crate::unwind::quiet_catch_unwind(|| archive.read(at)) {
            Ok(Ok(bytes)) => vec![read_bytes(file, bytes, format, limits)],
            Ok(Err(e)) => vec![refused(file, kind, e)],
            Err(_) => {
                file.kind = kind;
                let reason = "解压时出现内部错误（压缩包可能已损坏），已跳过：请学院重新压缩后发送";
                vec![not_used(file, Code::ReadPanic, reason.to_string())]
            }
        },
        What::Zip(members) => {
            file.kind = FileKind::Archive;
            // Its members were planned with the outer archive, within its total.
            let (row, contents) = archive_row(file, || {
                Ok((Archive::open_bytes(archive.read(at)?, limits)?, members))
            });
            with_members(row, contents, limits)
        }
        // Always refused above.
        What::OtherArchive => vec![ignored(file, "压缩包")],
    }
}

/// A file not read, as the folder walk would not read it; `reason` unless it has one.
fn ignored(mut file: FileRead, reason: &str) -> FileResult {
    file.status = FileStatus::Ignored;
    if file.reason.is_empty() {
        file.reason = reason.to_string();
    }
    FileResult {
        file,
        submission: None,
        problems: Vec::new(),
    }
}

/// A file of this kind that reading refused: not used, with the error's code and words.
fn refused(mut file: FileRead, kind: FileKind, e: ReadError) -> FileResult {
    file.kind = kind;
    let code = match e {
        ReadError::Encrypted | ReadError::ArchiveEncrypted => Code::FileEncrypted,
        ReadError::Empty => Code::FileEmpty,
        ReadError::TooLarge { .. } => Code::FileTooLarge,
        ReadError::TooManyCells { .. }
        | ReadError::ZipEntryTooLarge { .. }
        | ReadError::TooManyMembers { .. }
        | ReadError::ArchiveTotalTooLarge { .. } => Code::LimitExceeded,
        _ => Code::FileUnreadable,
    };
    not_used(file, code, e.to_string())
}

fn not_used(mut file: FileRead, code: Code, reason: String) -> FileResult {
    file.status = FileStatus::NotUsed;
    let problem = Problem::new(code, reason.clone()).in_file(file.source.path.clone());
    file.reason = reason;
    FileResult {
        file,
        submission: None,
        problems: vec![problem],
    }
}

/// Byte-identical files: 提示 on each later copy, naming the first.
fn mark_identical_files(results: &mut [FileResult]) {
    let mut first: HashMap<String, String> = HashMap::new();
    for r in results.iter_mut() {
        let Some(sha) = r.file.source.sha256.clone() else {
            continue;
        };
        match first.get(&sha) {
            Some(original) => r.problems.push(
                Problem::new(Code::DuplicateFile, format!("与 {original} 内容完全相同"))
                    .in_file(r.file.source.path.clone())
                    .for_station(r.file.station.clone(), r.file.year),
            ),
            None => {
                first.insert(sha, r.file.source.path.clone());
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_bytes_are_a_file_problem_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], Code); 4] = [
            ("empty.xlsx", b"", Code::FileEmpty),
            ("random.xlsx", b"\x00\x01garbage\xff", Code::FileUnreadable),
            ("random.xls", b"not an ole file", Code::FileUnreadable),
            ("random.ods", b"PK\x03\x04truncated", Code::FileUnreadable),
        ];
        for (name, bytes, _) in cases {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let results = ingest(dir.path(), &[], Limits::default(), &|| {});
        assert_eq!(results.len(), 4);
        for r in results {
            let (_, _, code) = cases.iter().find(|c| c.0 == r.file.source.path).unwrap();
            assert_eq!(r.file.status, FileStatus::NotUsed, "{}", r.file.source.path);
            assert_eq!(r.problems.len(), 1);
            assert_eq!(
                r.problems[0].code, *code,
                "{}: {}",
                r.file.source.path, r.problems[0].message
            );
        }
    }
}
