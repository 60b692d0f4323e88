//! The package: the zip archive of an .xlsx and its parts, found by name as calamine finds
//! them and inflated one at a time into a buffer the reading thread keeps.

use super::{Lean, StepAside};
use crate::read::{check_zip_entries, ReadError};
use crate::rules::Limits;
use std::io::{Cursor, Read};
use std::sync::Arc;

type Zip = zip::ZipArchive<Cursor<Arc<[u8]>>>;

/// The largest part (unpacked) the lean reader inflates into memory: 64 MiB, tens of
/// thousands of rows of a report sheet; a whole report is about 100 KB unpacked.
const LARGEST_PART: u64 = 64 * 1024 * 1024;

/// The largest buffer a thread keeps for the next file: the buffer of a huge part is
/// freed rather than held for the rest of the run.
const KEPT_BUFFER: usize = 4 * 1024 * 1024;

thread_local! {
    /// Each reading thread keeps its part buffer from file to file: a fresh one per file
    /// would have the kernel zero new pages for every file.
    static PART_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An open archive and the buffer its parts are inflated into, one at a time.
pub(super) struct Parts {
    zip: Zip,
    buf: Vec<u8>,
}

impl Drop for Parts {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        if buf.capacity() <= KEPT_BUFFER {
            PART_BUFFER.set(buf);
        }
    }
}

impl Parts {
    /// The archive, a refusal calamine would give too (a part over the size limit), or a
    /// step aside when the bytes are no zip.
    pub(super) fn open(bytes: Arc<[u8]>, limits: Limits) -> Lean<Result<Parts, ReadError>> {
        let mut zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| StepAside("not a zip"))?;
        if let Err(e) = check_zip_entries(&mut zip, limits) {
            return Ok(Err(e));
        }
        Ok(Ok(Parts {
            zip,
            buf: PART_BUFFER.take(),
        }))
    }

    /// The text of a required part; a missing one steps aside.
    pub(super) fn read(&mut self, name: &str) -> Lean<&str> {
        self.read_optional(name)?.ok_or(StepAside("part missing"))
    }

    /// The text of a part, or `None` when there is no such part.
    pub(super) fn read_optional(&mut self, name: &str) -> Lean<Option<&str>> {
        let Some(index) = part_index(&self.zip, name)? else {
            return Ok(None);
        };
        let mut file = (self.zip.by_index(index)).map_err(|_| StepAside("part unreadable"))?;
        // The lean reader holds a whole part in memory; calamine streams a large one.
        if file.size() > LARGEST_PART {
            return Err(StepAside("part larger than the lean reader holds"));
        }
        let buf = &mut self.buf;
        buf.clear();
        buf.reserve(file.size() as usize);
        file.read_to_end(buf)
            .map_err(|_| StepAside("part does not inflate"))?;
        let text = std::str::from_utf8(buf).map_err(|_| StepAside("not UTF-8"))?;
        Ok(Some(text.strip_prefix('\u{feff}').unwrap_or(text)))
    }
}

/// The part named `name` as calamine finds it: the names compared in any ASCII case and
/// with `\\` read as `/`, the last of several alike winning. A name that cannot be decoded
/// steps aside (calamine refuses the file).
fn part_index(zip: &Zip, name: &str) -> Lean<Option<usize>> {
    let same = |a: &str| {
        a.len() == name.len()
            && (a.bytes().zip(name.bytes())).all(|(x, y)| {
                let x = if x == b'\\' { b'/' } else { x };
                x.eq_ignore_ascii_case(&y)
            })
    };
    let mut found = None;
    for (i, n) in zip.file_names().enumerate() {
        if same(&n.map_err(|_| StepAside("undecodable part name"))?) {
            found = Some(i);
        }
    }
    Ok(found)
}
