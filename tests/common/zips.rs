//! Archives made in code for the tests of SPEC §9.5 (tests/archives.rs, tests/archive_limits.rs).
//!
//! - [`zip_bytes`]: the zip crate's writer; a name that is not ASCII gets the UTF-8 flag
//!   (general purpose bit 11), as zip tools that write UTF-8 names and say so do.
//! - [`gbk_zip`]: GBK names without the flag, as Windows' built-in zip, 360压缩 and WinRAR
//!   write them on a Chinese system: written under ASCII stand-ins of the same byte length,
//!   whose bytes are then replaced by the GBK bytes of the real names.
//! - [`patch_entry`]: a header field changed in the written bytes, in the local header and in
//!   the central directory alike (what a damaged or hostile archive declares).

use gsw::dates::AcademicYear;
use gsw::fill::synth::{self, Sizes};
use std::io::{Cursor, Write};
use std::time::SystemTime;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// A file to put in an archive: its name inside, its bytes, when it was last changed.
#[derive(Clone)]
pub struct Member {
    pub name: String,
    pub bytes: Vec<u8>,
    pub modified: Option<SystemTime>,
    pub method: CompressionMethod,
}

pub fn member(name: &str, bytes: impl Into<Vec<u8>>) -> Member {
    Member {
        name: name.to_string(),
        bytes: bytes.into(),
        modified: None,
        method: CompressionMethod::Deflated,
    }
}

/// A small valid report of station `id` for the academic year starting in `year`.
pub fn report(seed: u64, id: &str, year: i32) -> Vec<u8> {
    report_with(seed, id, year, |_| {})
}

/// [`report`], changed by `edit` before it is written.
pub fn report_with(
    seed: u64,
    id: &str,
    year: i32,
    edit: impl FnOnce(&mut gsw::fill::ReportSpec),
) -> Vec<u8> {
    let sizes = Sizes {
        long_stays: 3,
        short_stays: 1,
        people: 2,
        outcomes: 2,
        funding_sources: 1,
    };
    let mut spec = synth::report(seed, AcademicYear::new(year), &sizes);
    spec.station_id = id.to_string();
    spec.recognised_on = gsw::dates::ymd(2022, 9, 1);
    edit(&mut spec);
    spec.filled().to_bytes().unwrap()
}

/// A zip time from a moment, in local time as zip tools write it.
pub fn zip_time(t: SystemTime) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let t: chrono::DateTime<chrono::Local> = t.into();
    zip::DateTime::from_date_and_time(
        t.year() as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap()
}

/// A zip of `members` under their names (UTF-8, flagged when not ASCII). A name ending in
/// `/` is a folder entry.
pub fn zip_bytes(members: &[Member]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for m in members {
        let mut options = SimpleFileOptions::default().compression_method(m.method);
        if let Some(t) = m.modified {
            options = options.last_modified_time(zip_time(t));
        }
        if m.name.ends_with('/') {
            out.add_directory(m.name.as_str(), options).unwrap();
            continue;
        }
        out.start_file(m.name.as_str(), options).unwrap();
        out.write_all(&m.bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A zip of `members` whose names are stored as GBK bytes without the UTF-8 flag.
pub fn gbk_zip(members: &[Member]) -> Vec<u8> {
    let mut swaps = Vec::new();
    let stand_ins: Vec<Member> = (members.iter().enumerate())
        .map(|(i, m)| {
            let (gbk, _, unmappable) = encoding_rs::GBK.encode(&m.name);
            assert!(!unmappable, "{} has no GBK form", m.name);
            // `Z` + the number + `~`s: as long as the GBK name, and nowhere else in the zip.
            let mut stand_in = format!("Z{i}");
            assert!(stand_in.len() <= gbk.len(), "{}", m.name);
            stand_in.extend(std::iter::repeat_n('~', gbk.len() - stand_in.len()));
            swaps.push((stand_in.clone().into_bytes(), gbk.into_owned()));
            Member {
                name: stand_in,
                ..m.clone()
            }
        })
        .collect();
    let mut bytes = zip_bytes(&stand_ins);
    for (from, to) in swaps {
        let at: Vec<usize> = memchr::memmem::find_iter(&bytes, &from).collect();
        // Once in the local header, once in the central directory.
        assert_eq!(at.len(), 2, "{}", String::from_utf8_lossy(&from));
        for a in at {
            bytes[a..a + to.len()].copy_from_slice(&to);
        }
    }
    bytes
}

/// The bit-11 flag of each member whose name is not ASCII.
pub fn utf8_flags(bytes: &[u8]) -> Vec<bool> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let f = zip.by_index_raw(i).unwrap();
            (!f.name_raw().is_ascii()).then(|| f.flags().as_u16() & (1 << 11) != 0)
        })
        .collect()
}

/// A header field of an entry: where it is in the local header and in the central
/// directory header, and how wide.
#[derive(Clone, Copy)]
pub enum Field {
    Flags,
    Method,
    UnpackedSize,
}

impl Field {
    /// (offset in the local header, offset in the central header, bytes).
    fn at(self) -> (usize, usize, usize) {
        match self {
            Field::Flags => (6, 8, 2),
            Field::Method => (8, 10, 2),
            Field::UnpackedSize => (22, 24, 4),
        }
    }
}

/// Sets `field` of the entry named `name` to `value` (little-endian) in both its headers.
pub fn patch_entry(bytes: &mut [u8], name: &str, field: Field, value: u32) {
    let (local, central, width) = field.at();
    let mut patched = 0;
    // (signature, offset of the field, of the name's length, of the name)
    let headers = [
        (b"PK\x03\x04", local, 26, 30),
        (b"PK\x01\x02", central, 28, 46),
    ];
    for (signature, offset, length_at, name_at) in headers {
        let starts: Vec<usize> = memchr::memmem::find_iter(bytes, signature).collect();
        for start in starts {
            let length = bytes.get(start + length_at..start + length_at + 2);
            let named = bytes.get(start + name_at..start + name_at + name.len());
            let own_length = (name.len() as u16).to_le_bytes();
            if length == Some(&own_length[..]) && named == Some(name.as_bytes()) {
                let le = value.to_le_bytes();
                bytes[start + offset..start + offset + width].copy_from_slice(&le[..width]);
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2, "{name}: both headers");
}

/// Sets the entry count that the end of central directory record declares.
pub fn patch_declared_count(bytes: &mut [u8], count: u16) {
    let at = memchr::memmem::rfind(bytes, b"PK\x05\x06").unwrap();
    bytes[at + 8..at + 10].copy_from_slice(&count.to_le_bytes());
    bytes[at + 10..at + 12].copy_from_slice(&count.to_le_bytes());
}
