//! A look at an .xlsx file's shared strings before calamine reads them. Found by fuzzing
//! (`tests/fuzz.rs`, long run): calamine 0.38 reserves room for as many strings as
//! `<sst uniqueCount="…">` declares; `uniqueCount="4294967295"` asks for 103 GB, the
//! allocation fails and the process aborts — no `catch_unwind` can stop that.
//!
//! Each string item takes at least 5 bytes of XML (`<si/>`), so a count above a fifth of the
//! part's unpacked size cannot be true: such a file is refused as damaged.

use super::ReadError;
use crate::rules::Limits;
use quick_xml::events::Event;
use std::io::{BufReader, Cursor};

/// Bytes of XML each declared string needs at least.
const MIN_ITEM_BYTES: u64 = 5;

/// `Err` when a shared-strings part declares more strings than it can hold. Bytes that are
/// not a zip are left to calamine to refuse.
pub(super) fn check(bytes: &[u8], _limits: Limits) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let name = part
            .name()
            .map(|n| n.replace('\\', "/"))
            .unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let size = part.size();
        if let Some(declared) = declared_count(BufReader::new(part)) {
            if declared > size / MIN_ITEM_BYTES {
                return Err(ReadError::Corrupt {
                    format: "xlsx",
                    detail: format!(
                        "{name} 声明有 {declared} 个共享字符串，而其内容只有 {size} 字节"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` of the first `sst` element, as calamine reads it.
fn declared_count(part: impl std::io::BufRead) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                return (e.attributes().with_checks(false).flatten())
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .and_then(|a| a.value.trim().parse().ok());
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn xlsx(shared: &str) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file(
            "xl/sharedStrings.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(shared.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn an_honest_count_passes_and_an_impossible_one_is_damage() {
        let honest = "<sst xmlns=\"x\" count=\"2\" uniqueCount=\"2\"><si><t>a</t></si><si/></sst>";
        assert_eq!(check(&xlsx(honest), Limits::default()), Ok(()));
        let lie = honest.replace("uniqueCount=\"2\"", "uniqueCount=\"4294967295\"");
        let r = check(&xlsx(&lie), Limits::default());
        assert!(
            matches!(&r, Err(ReadError::Corrupt { detail, .. }) if detail.contains("4294967295")),
            "{r:?}"
        );
    }
}
