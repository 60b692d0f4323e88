//! A pass over an .xls file's records before calamine reads it. Found by fuzzing
//! (`fuzz/README.md`): calamine 0.38 builds each sheet as a dense rectangle spanning its
//! cells, and reserves room for the rectangle its DIMENSIONS record declares, before any
//! limit of ours applies. An 11 KB file with one cell at row 65 535, column 65 535 asks for
//! 137 GB; the allocation fails and the process aborts — no `catch_unwind` can stop that.
//!
//! So the cell positions and declared dimensions of each sheet are read here, the way
//! calamine walks them, and a sheet whose rectangle would exceed the cell limit is refused.
//! The workbook stream is read by a port of calamine's own compound-file reader ([`cfb`]),
//! which also refuses the sector-chain cycles on which calamine loops or runs out of memory.

mod cfb;

use super::ReadError;
use crate::rules::Limits;

/// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const FILE_PASS: u16 = 0x002F;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
/// Records whose data start with the cell's row and column (u16 each): Number, Label,
/// RString, BoolErr, Rk, LabelSst, Formula.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// calamine's .xlsx and .xlsb readers first open any compound file (an encrypted workbook is
/// one) with the same reader: a damaged one, say an .xls renamed .xlsx, can make it loop or
/// run out of memory (found by the long run of the mutation test: 24 GB in a minute). Such
/// a file is refused when that reader would not end; other failures are left to calamine.
pub(super) fn check_compound(bytes: &[u8], format: &'static str) -> Result<(), ReadError> {
    match cfb::open(bytes) {
        Err(detail) if detail == cfb::CYCLE => Err(ReadError::Corrupt { format, detail }),
        _ => Ok(()),
    }
}

/// `Err` when calamine would allocate beyond the limits for this .xls file.
pub(super) fn check(bytes: &[u8], limits: Limits) -> Result<(), ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt {
        format: "xls",
        detail,
    };
    let stream = cfb::workbook_stream(bytes).map_err(corrupt)?;

    // The globals: where each sheet starts.
    let mut sheets = Vec::new();
    for (typ, data) in records(&stream) {
        match typ {
            // Encrypted, or XOR-obfuscated (first field 0), which calamine reads on as if
            // plain, giving garbled sheet names and cells.
            FILE_PASS => return Err(ReadError::Encrypted),
            BOUND_SHEET if data.len() >= 4 => {
                let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                sheets.push((pos, sheet_name(data, sheets.len())));
            }
            EOF => break,
            _ => {}
        }
    }
    let limit = limits.max_cells.saturating_mul(4);
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else {
            continue; // calamine fails on it without allocating.
        };
        if sheet_cells(sheet) > limit {
            return Err(ReadError::TooManyCells {
                sheet: name,
                limit: limits.max_cells,
            });
        }
    }
    Ok(())
}

/// Records as calamine's iterator gives them: (type, data), until the data run out.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([stream[0], stream[1]]);
        let len = usize::from(u16::from_le_bytes([stream[2], stream[3]]));
        let (record, rest) = stream.split_at_checked(4 + len)?;
        stream = rest;
        Some((typ, &record[4..]))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

/// The most cells calamine would hold at once for the sheet starting at `sheet`: the
/// rectangle reserved for its DIMENSIONS, or the one spanning its cells.
fn sheet_cells(sheet: &[u8]) -> usize {
    let mut reserved = 0usize;
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut add = |row: u32, col: u32| {
        let s = span.get_or_insert((row, row, col, col));
        *s = (s.0.min(row), s.1.max(row), s.2.min(col), s.3.max(col));
    };
    let mut seen_bof = false;
    let mut nested = 0usize;
    for (typ, data) in records(sheet) {
        // Embedded substreams (charts) are skipped, as calamine does.
        if nested > 0 {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(declared(data)),
            MUL_RK => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len().saturating_sub(2)),
                ) {
                    add(row, first);
                    add(row, last);
                }
            }
            t if CELLS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    add(row, col);
                }
            }
            _ => {}
        }
    }
    let spanned = span.map_or(0, |(r0, r1, c0, c1)| {
        ((r1 - r0 + 1) as usize).saturating_mul((c1 - c0 + 1) as usize)
    });
    reserved.max(spanned)
}

/// The cells calamine reserves for a DIMENSIONS record (its arithmetic, wrapping as a
/// release build does).
fn declared(r: &[u8]) -> usize {
    let u32_at = |at: usize| {
        r.get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u16_at(r, 0).unwrap_or(0),
            u16_at(r, 2).unwrap_or(0),
            u16_at(r, 4).unwrap_or(0),
            u16_at(r, 6).unwrap_or(0),
        ),
        14 | 16 => (
            u32_at(0),
            u32_at(4),
            u16_at(r, 8).unwrap_or(0),
            u16_at(r, 10).unwrap_or(0),
        ),
        _ => return 0, // calamine refuses the record.
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as usize;
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as usize;
    rows.saturating_mul(cols)
}

/// A BoundSheet8's name (BIFF8: length, flags, Latin-1 or UTF-16LE); else its number.
fn sheet_name(data: &[u8], index: usize) -> String {
    let fallback = || format!("第 {} 个工作表", index + 1);
    let (Some(&len), Some(&flags)) = (data.get(6), data.get(7)) else {
        return fallback();
    };
    let chars = data.get(8..).unwrap_or_default();
    let len = usize::from(len);
    let name = if flags & 1 == 1 {
        let units: Vec<u16> = (chars.chunks_exact(2).take(len))
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&b| char::from(b)).collect()
    };
    if name.is_empty() {
        fallback()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 10]); // xf + f64
        record(0x0203, &data)
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut data = rf.to_le_bytes().to_vec();
        data.extend(rl.to_le_bytes());
        data.extend(cf.to_le_bytes());
        data.extend(cl.to_le_bytes());
        data.extend([0, 0]);
        record(DIMENSIONS, &data)
    }

    fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(BOF, &[0; 16]);
        records.iter().for_each(|r| s.extend(r));
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn the_rectangle_spans_the_cells() {
        assert_eq!(sheet_cells(&sheet(&[cell(0, 0), cell(9, 2)])), 30);
        assert_eq!(
            sheet_cells(&sheet(&[cell(65_535, 65_535), cell(0, 0)])),
            1 << 32
        );
        assert_eq!(sheet_cells(&sheet(&[])), 0);
    }

    #[test]
    fn declared_dimensions_count_even_when_inverted() {
        assert_eq!(sheet_cells(&sheet(&[dimensions(0, 10, 0, 3)])), 30);
        // rl - 1 < rf wraps in calamine's release build: a reservation of ~4e9 rows.
        assert!(sheet_cells(&sheet(&[dimensions(5, 1, 0, 1)])) > 1 << 31);
    }

    #[test]
    fn cells_of_an_embedded_chart_are_skipped() {
        let mut chart = record(BOF, &[0; 16]);
        chart.extend(cell(60_000, 200));
        chart.extend(record(EOF, &[]));
        assert_eq!(sheet_cells(&sheet(&[cell(1, 1), chart, cell(2, 1)])), 2);
    }

    #[test]
    fn bytes_that_are_not_a_compound_file_are_damaged() {
        let r = check(b"not an ole file", Limits::default());
        assert!(matches!(r, Err(ReadError::Corrupt { .. })), "{r:?}");
    }

    /// A minimal compound file: header, one FAT sector, one directory sector, and the
    /// workbook stream (≥ 4096 bytes, so in regular sectors) from sector 2 on, chained by
    /// `next`.
    fn compound(stream: &[u8], next: impl Fn(u32) -> u32) -> Vec<u8> {
        let mut stream = stream.to_vec();
        stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
        let n = (stream.len() / 512) as u32;
        let mut header = vec![0u8; 512];
        let mut put = |at: usize, v: &[u8]| header[at..at + v.len()].copy_from_slice(v);
        put(0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        put(26, &3u16.to_le_bytes());
        put(30, &9u16.to_le_bytes());
        put(32, &6u16.to_le_bytes());
        put(44, &1u32.to_le_bytes());
        put(48, &1u32.to_le_bytes()); // directory in sector 1
        put(60, &ENDOFCHAIN.to_le_bytes());
        put(68, &ENDOFCHAIN.to_le_bytes());
        put(76, &0u32.to_le_bytes()); // the FAT in sector 0
        for i in 1..109 {
            put(76 + 4 * i, &u32::MAX.to_le_bytes());
        }
        let mut fat = vec![0xFFFF_FFFD, ENDOFCHAIN];
        fat.extend((2..2 + n).map(|s| if s + 1 == 2 + n { ENDOFCHAIN } else { next(s) }));
        fat.resize(128, u32::MAX);
        let mut dir = vec![0u8; 512];
        let mut name = |at: usize, text: &str| {
            for (i, u) in text.encode_utf16().enumerate() {
                dir[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
        };
        name(0, "Root Entry");
        name(128, "Workbook");
        dir[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        dir[128 + 116..128 + 120].copy_from_slice(&2u32.to_le_bytes());
        dir[128 + 120..128 + 124].copy_from_slice(&(stream.len() as u32).to_le_bytes());
        let mut out = header;
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        out.extend(dir);
        out.extend(stream);
        out
    }

    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

    /// Globals (BOF, one BoundSheet "A", EOF) followed by the sheet.
    fn workbook(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        // BoundSheet8: position, state, type, name length, flags (Latin-1), name.
        let sheet_at = (4 + 16) + (4 + 9) + 4;
        let mut bound = (sheet_at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'A']);
        let mut out = record(BOF, &[0; 16]);
        out.extend(record(BOUND_SHEET, &bound));
        out.extend(record(EOF, &[]));
        out.extend(sheet(sheet_records));
        out
    }

    #[test]
    fn a_far_cell_in_a_compound_file_is_refused() {
        let ok = compound(&workbook(&[cell(0, 0), cell(9, 2)]), |s| s + 1);
        assert_eq!(check(&ok, Limits::default()), Ok(()));
        let far = compound(&workbook(&[cell(0, 0), cell(65_535, 65_535)]), |s| s + 1);
        let r = check(&far, Limits::default());
        assert!(
            matches!(&r, Err(ReadError::TooManyCells { sheet, .. }) if sheet == "A"),
            "{r:?}"
        );
    }

    #[test]
    fn a_sector_chain_cycle_is_damage_not_a_hang() {
        // The directory's sector points at itself: calamine reads that chain with no length
        // bound and grows its buffer until memory runs out.
        let mut cycle = compound(&workbook(&[cell(0, 0)]), |s| s + 1);
        cycle[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        let r = check(&cycle, Limits::default());
        assert!(
            matches!(&r, Err(ReadError::Corrupt { detail, .. }) if detail.contains("循环")),
            "{r:?}"
        );
    }
}
