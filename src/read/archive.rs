//! Archives read like folders (SPEC §9.5): a .zip of the input folder is read where it lies,
//! never unpacked to disk; its members are listed by name as the folder walk lists files
//! ([`crate::discover::classify_name`]), and each member to be read is inflated into memory.
//! A .zip inside a .zip is read the same way, one level deep.
//!
//! **Names.** A member's name is UTF-8 when its entry says so (general purpose bit 11, or an
//! Info-ZIP Unicode Path field, which the zip crate applies and marks with the same bit).
//! Otherwise it is in the code page of the computer that made the archive: GBK for Windows'
//! own zip, 360压缩 and WinRAR on a Chinese system, decoded with encoding_rs — unless the
//! bytes are valid UTF-8, which is how macOS's Archive Utility writes names without the flag
//! (a GBK name of Chinese characters is almost never valid UTF-8).
//!
//! **Limits.** Declared sizes decide what is tried, and are never trusted further: a member
//! declared larger than `max_file_mb`, or beyond what is left of the archive's
//! `max_archive_mb` (members taken in name order, a .zip inside counting its own members
//! too), is refused without being inflated; inflating stops one byte past the declared
//! size, and a member that would inflate to more is refused as damaged. So no member costs
//! more than it declared and no archive more than its total, whatever its headers say. An
//! archive of more than `max_archive_members` entries is refused before its directory is
//! parsed (the count its end record declares) and after (the count parsed).

use super::ReadError;
use crate::discover::{classify_name, Class};
use crate::model::Format;
use crate::rules::Limits;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::time::SystemTime;
use zip::CompressionMethod;

/// General purpose bit 11, the language encoding flag: the name is UTF-8.
const UTF8_NAMES: u16 = 1 << 11;

/// An open .zip: its directory, and its bytes on disk or in memory.
#[derive(Clone)]
pub struct Archive {
    zip: zip::ZipArchive<Source>,
}

/// One entry of an archive, as gsw lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The path inside the archive, decoded, `/`-separated.
    pub name: String,
    /// From the entry's date and time (local time, as zip tools write it).
    pub modified: Option<SystemTime>,
    pub what: What,
    /// Why it is not read, when it is not.
    pub refused: Option<ReadError>,
    pub at: At,
}

/// Where a member is in its archive, and the unpacked size it declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    index: usize,
    pub size: u64,
}

/// What a member is, by its name.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// Not read, as the folder walk would not read it (lock file, hidden, not a spreadsheet,
    /// a hidden folder): the reason.
    Ignored(&'static str),
    Spreadsheet(Format),
    /// A .zip inside, with its own members (none when it is refused).
    Zip(Vec<Member>),
    /// An archive of another format, never read.
    OtherArchive,
}

impl Archive {
    /// Opens a .zip on disk. Its bytes are read in place, by position, as members are
    /// inflated: the archive is never held in memory whole.
    pub fn open_file(file: File, limits: Limits) -> Result<Archive, ReadError> {
        let len = file.metadata().map_err(|e| corrupt(&e))?.len();
        if len == 0 {
            return Err(ReadError::Empty);
        }
        let source = Source::Disk(DiskAt {
            file: Arc::new(file),
            len,
            pos: 0,
        });
        Archive::open(source, limits)
    }

    /// Opens a .zip held in memory (a member of another).
    pub fn open_bytes(bytes: Vec<u8>, limits: Limits) -> Result<Archive, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty);
        }
        Archive::open(Source::Memory(Cursor::new(bytes.into())), limits)
    }

    fn open(mut source: Source, limits: Limits) -> Result<Archive, ReadError> {
        let too_many = |count: u64| ReadError::TooManyMembers {
            count,
            limit: limits.max_archive_members,
        };
        if let Some(count) = declared_entries(&mut source) {
            if count > limits.max_archive_members as u64 {
                return Err(too_many(count));
            }
        }
        source.seek(SeekFrom::Start(0)).map_err(|e| corrupt(&e))?;
        let zip = zip::ZipArchive::new(source).map_err(|e| corrupt(&e))?;
        if zip.len() > limits.max_archive_members {
            return Err(too_many(zip.len() as u64));
        }
        Ok(Archive { zip })
    }

    /// Every member in name order, each with what it is and whether it is read, within
    /// the archive's `max_archive_mb`. Folders are not members; a hidden folder is one
    /// member (ignored), its contents none, as in the folder walk.
    pub fn members(&self, limits: Limits) -> Vec<Member> {
        let mut left = limits.max_archive_bytes;
        self.plan(limits, &mut left, 0)
    }

    fn plan(&self, limits: Limits, left: &mut u64, depth: u8) -> Vec<Member> {
        let mut members = Vec::new();
        let mut hidden_folders = BTreeSet::new();
        for index in 0..self.zip.len() {
            let Ok(entry) = self.zip.by_index_data(index) else {
                continue;
            };
            let utf8 = entry.flags().as_u16() & UTF8_NAMES != 0;
            let name = decode_name(entry.name_raw(), utf8);
            let parts: Vec<&str> = name
                .split(['/', '\\'])
                .filter(|p| !p.is_empty() && *p != ".")
                .collect();
            let is_dir = entry.is_dir() || name.ends_with(['/', '\\']);
            let Some((last, folders)) = parts.split_last() else {
                continue;
            };
            let searched = if is_dir { &parts[..] } else { folders };
            if let Some(at) = searched.iter().position(|p| p.starts_with('.')) {
                hidden_folders.insert(parts[..=at].join("/"));
                continue;
            }
            if is_dir {
                continue;
            }
            let (what, refused) = match classify_name(last) {
                Class::Spreadsheet(format) => (What::Spreadsheet(format), None),
                Class::Zip => (What::Zip(Vec::new()), None),
                Class::OtherArchive(format) => {
                    (What::OtherArchive, Some(ReadError::OtherArchive { format }))
                }
                Class::Ignored(reason) => (What::Ignored(reason), None),
                // Not given by a name alone.
                Class::Inaccessible(_) => (What::Ignored("非表格文件"), None),
            };
            members.push(Member {
                name: parts.join("/"),
                modified: entry.last_modified().and_then(system_time),
                what,
                refused,
                at: At {
                    index,
                    size: entry.size(),
                },
            });
        }
        members.extend(hidden_folders.into_iter().map(|name| Member {
            name,
            modified: None,
            what: What::Ignored("隐藏文件夹"),
            refused: None,
            at: At {
                index: usize::MAX,
                size: 0,
            },
        }));
        members.sort_by(|a, b| a.name.cmp(&b.name));
        for m in &mut members {
            if m.refused.is_some() || !matches!(m.what, What::Spreadsheet(_) | What::Zip(_)) {
                continue;
            }
            m.refused = self.admit(m, limits, left, depth).err();
        }
        members
    }

    /// Whether a member is read: it is not encrypted, is compressed in a way gsw inflates,
    /// fits the limits, and (a .zip) is not one level too deep. Charges its declared size,
    /// and plans a .zip's own members.
    fn admit(
        &self,
        m: &mut Member,
        limits: Limits,
        left: &mut u64,
        depth: u8,
    ) -> Result<(), ReadError> {
        let (index, size) = (m.at.index, m.at.size);
        let entry = self.zip.by_index_data(index).map_err(|e| corrupt(&e))?;
        if matches!(m.what, What::Zip(_)) && depth > 0 {
            return Err(ReadError::NestedTooDeep);
        }
        if entry.encrypted() {
            return Err(ReadError::ArchiveEncrypted);
        }
        let method = entry.compression();
        if !matches!(
            method,
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            return Err(ReadError::UnsupportedMethod {
                method: method.to_string(),
            });
        }
        if size > limits.max_file_bytes {
            return Err(ReadError::TooLarge {
                size,
                limit: limits.max_file_bytes,
            });
        }
        if size > *left {
            return Err(ReadError::ArchiveTotalTooLarge {
                limit: limits.max_archive_bytes,
            });
        }
        *left -= size;
        if let What::Zip(inner) = &mut m.what {
            let nested = Archive::open_bytes(self.read(m.at)?, limits)?;
            *inner = nested.plan(limits, left, depth + 1);
        }
        Ok(())
    }

    /// A member's bytes, inflated up to its declared size and no further.
    pub fn read(&self, at: At) -> Result<Vec<u8>, ReadError> {
        let (index, declared) = (at.index, at.size);
        let mut zip = self.zip.clone();
        let entry = zip.by_index(index).map_err(|e| damaged_member(&e))?;
        // Room for what it declares, within reason: a declared size is only a promise.
        let mut out = Vec::with_capacity(declared.min(16 << 20) as usize);
        entry
            .take(declared.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| damaged_member(&e))?;
        if out.len() as u64 > declared {
            return Err(ReadError::MemberLarger { declared });
        }
        Ok(out)
    }
}

/// A member's name as text: see the module's doc.
pub fn decode_name(raw: &[u8], utf8: bool) -> String {
    if utf8 {
        return String::from_utf8_lossy(raw).into_owned();
    }
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_string(),
        Err(_) => {
            let (name, _) = encoding_rs::GBK.decode_without_bom_handling(raw);
            name.into_owned()
        }
    }
}

/// A zip entry's date and time (local time, no zone) as a moment on this computer.
fn system_time(t: zip::DateTime) -> Option<SystemTime> {
    use chrono::TimeZone;
    let date = chrono::NaiveDate::from_ymd_opt(t.year().into(), t.month().into(), t.day().into())?;
    let time = date.and_hms_opt(t.hour().into(), t.minute().into(), t.second().into())?;
    let local = chrono::Local.from_local_datetime(&time).earliest()?;
    Some(local.into())
}

/// The number of entries the end of central directory record declares, zip64 included;
/// `None` when there is no such record to be found (the zip reader then decides).
fn declared_entries<R: Read + Seek>(r: &mut R) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let len = r.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + u16::MAX as u64);
    r.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0; tail_len as usize];
    r.read_exact(&mut tail).ok()?;
    let at = memchr::memmem::rfind(&tail, EOCD)?;
    let record = tail.get(at..at + 22)?;
    let entries = u16::from_le_bytes([record[10], record[11]]);
    if entries != u16::MAX {
        return Some(entries.into());
    }
    // Zip64: a locator just before the record says where the zip64 record is.
    let locator = tail.get(at.checked_sub(20)?..at)?;
    if !locator.starts_with(b"PK\x06\x07") {
        return None;
    }
    let offset = u64::from_le_bytes(locator[8..16].try_into().ok()?);
    r.seek(SeekFrom::Start(offset)).ok()?;
    let mut record = [0u8; 56];
    r.read_exact(&mut record).ok()?;
    if !record.starts_with(b"PK\x06\x06") {
        return None;
    }
    Some(u64::from_le_bytes(record[32..40].try_into().ok()?))
}

fn corrupt(e: &dyn std::fmt::Display) -> ReadError {
    ReadError::ArchiveCorrupt {
        detail: e.to_string(),
    }
}

fn damaged_member(e: &dyn std::fmt::Display) -> ReadError {
    ReadError::MemberCorrupt {
        detail: e.to_string(),
    }
}

/// Where an archive's bytes are.
#[derive(Clone)]
enum Source {
    Disk(DiskAt),
    Memory(Cursor<Arc<[u8]>>),
}

/// A file on disk read by position: each clone (one per thread inflating a member) has its
/// own place in it, and none moves another's.
#[derive(Clone)]
struct DiskAt {
    file: Arc<File>,
    len: u64,
    pos: u64,
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Disk(d) => {
                let n = read_at(&d.file, buf, d.pos)?;
                d.pos += n as u64;
                Ok(n)
            }
            Source::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let d = match self {
            Source::Disk(d) => d,
            Source::Memory(m) => return m.seek(to),
        };
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(delta) => d.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => d.pos.checked_add_signed(delta),
        };
        match pos {
            Some(pos) => {
                d.pos = pos;
                Ok(pos)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}
