//! The Compound File Binary reader of calamine 0.38 (`src/cfb.rs`, MIT, © Johann Tuffe),
//! ported so that the guard sees exactly the workbook stream calamine will parse: the same
//! header checks, the same sequential sector reads (a sector past the end comes back short,
//! later zero-padded), the same chain walks. Two things differ, on purpose: a chain longer
//! than the file has sectors is a cycle and an error (calamine loops forever or grows its
//! buffer until memory runs out), and a FAT index out of range is an error (calamine panics).

use std::io::{Cursor, Read};

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

type Reader<'a> = Cursor<&'a [u8]>;

/// The error of a chain that would never end.
pub(super) const CYCLE: &str = "扇区链形成循环";

/// Why the compound file cannot be read (shown as the detail of a damaged-file message).
pub(super) type Error = String;

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Opens the compound file as calamine's `Xlsx::new` and `Xlsb::new` do first (to look for
/// an encrypted package): only whether that ends.
pub(super) fn open(bytes: &[u8]) -> Result<(), Error> {
    Cfb::new(&mut Cursor::new(bytes), bytes.len()).map(|_| ())
}

/// The stream calamine's `Xls` parses: `Workbook`, else `Book`.
pub(super) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut r = Cursor::new(bytes);
    let mut cfb = Cfb::new(&mut r, bytes.len())?;
    match cfb.get_stream("Workbook", &mut r) {
        Err(_) => cfb.get_stream("Book", &mut r),
        found => found,
    }
}

struct Directory {
    name: String,
    start: u32,
    len: usize,
}

struct Cfb {
    directories: Vec<Directory>,
    sectors: Sectors,
    fats: Vec<u32>,
    mini_sectors: Sectors,
    mini_fats: Vec<u32>,
}

impl Cfb {
    fn new(r: &mut Reader<'_>, len: usize) -> Result<Cfb, Error> {
        let mut header = [0u8; 512];
        let n = r.read(&mut header).map_err(|e| e.to_string())?;
        if n < header.len() || &header[..8] != SIGNATURE {
            return Err("不是 OLE 复合文档".to_string());
        }
        let version = u16_at(&header, 26);
        let sector_size = match u16_at(&header, 30) {
            0x0009 => 512,
            0x000C => {
                let mut rest = [0u8; 4096 - 512];
                r.read_exact(&mut rest).map_err(|e| e.to_string())?;
                4096
            }
            s => return Err(format!("扇区大小标志无效（{s:#x}）")),
        };
        if u16_at(&header, 32) != 0x0006 {
            return Err("迷你扇区大小标志无效".to_string());
        }
        let dir_start = u32_at(&header, 48);
        let mini_fat_start = u32_at(&header, 60);
        let mini_fat_len = u32_at(&header, 64) as usize;
        let difat_start = u32_at(&header, 68);
        let mut difat: Vec<u32> = u32s(&header[76..512]).collect();

        let maxid = len / sector_size;
        let mut sectors = Sectors::new(sector_size, Vec::new(), maxid as u32);
        let mut sector_id = difat_start;
        let mut difat_sectors = 0usize;
        while sector_id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > maxid.saturating_add(1) {
                return Err(format!("扇区 {sector_id} 超出文件"));
            }
            difat.extend(u32s(sectors.get(sector_id, r)?));
            sector_id = difat.pop().ok_or(format!("扇区 {sector_id} 超出文件"))?;
        }
        let mut fats = Vec::new();
        for id in difat.into_iter().filter(|id| *id < DIFSECT) {
            fats.extend(u32s(sectors.get(id, r)?));
        }
        let dirs = sectors.get_chain(dir_start, &fats, r, usize::MAX)?;
        let directories: Vec<Directory> = dirs
            .chunks(128)
            .filter(|c| c.len() == 128)
            .map(|c| directory(c, sector_size))
            .collect();
        if directories.is_empty() || (version != 3 && directories[0].start == ENDOFCHAIN) {
            return Err("根目录为空".to_string());
        }
        let (mini_fats, ministream) = if mini_fat_len > 0 {
            let root = &directories[0];
            let ministream = sectors.get_chain(root.start, &fats, r, root.len)?;
            let minifat = sectors.get_chain(
                mini_fat_start,
                &fats,
                r,
                mini_fat_len.saturating_mul(sector_size),
            )?;
            (u32s(&minifat).collect(), ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Cfb {
            directories,
            sectors,
            fats,
            mini_sectors: Sectors::new(64, ministream, (maxid * 8) as u32),
            mini_fats,
        })
    }

    fn get_stream(&mut self, name: &str, r: &mut Reader<'_>) -> Result<Vec<u8>, Error> {
        let d = (self.directories.iter())
            .find(|d| d.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
            .ok_or_else(|| format!("找不到 {name} 数据流"))?;
        if d.len < 4096 {
            (self.mini_sectors).get_chain(d.start, &self.mini_fats, r, d.len)
        } else {
            self.sectors.get_chain(d.start, &self.fats, r, d.len)
        }
    }
}

fn directory(buf: &[u8], sector_size: usize) -> Directory {
    let units: Vec<u16> = buf[..64]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let mut name = String::from_utf16_lossy(&units);
    if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
        name.truncate(l);
    }
    let len = if sector_size == 512 {
        u32_at(buf, 120) as usize
    } else {
        u64::from_le_bytes(buf[120..128].try_into().unwrap_or_default()) as usize
    };
    Directory {
        name,
        start: u32_at(buf, 116),
        len,
    }
}

/// Sectors read in order from the reader and kept, as calamine keeps them.
struct Sectors {
    data: Vec<u8>,
    size: usize,
    maxid: u32,
}

impl Sectors {
    fn new(size: usize, data: Vec<u8>, maxid: u32) -> Sectors {
        Sectors { data, size, maxid }
    }

    fn get(&mut self, id: u32, r: &mut Reader<'_>) -> Result<&[u8], Error> {
        if self.maxid < id {
            return Err(format!("扇区 {id} 超出文件"));
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            let mut len = self.data.len();
            self.data.resize(end, 0);
            while len < end {
                let read = r
                    .read(&mut self.data[len..end])
                    .map_err(|e| e.to_string())?;
                if read == 0 {
                    return Ok(&self.data[start.min(len)..len]);
                }
                len += read;
            }
        }
        Ok(&self.data[start..end])
    }

    fn get_chain(
        &mut self,
        mut id: u32,
        fats: &[u32],
        r: &mut Reader<'_>,
        len: usize,
    ) -> Result<Vec<u8>, Error> {
        let mut chain = Vec::new();
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.maxid) + 1 {
                return Err(CYCLE.to_string());
            }
            let sector = self.get(id, r)?;
            let to_copy = sector.len().min(len - chain.len());
            chain.extend_from_slice(&sector[..to_copy]);
            if chain.len() >= len {
                break;
            }
            id = *fats
                .get(id as usize)
                .ok_or_else(|| format!("扇区 {id} 不在分配表中"))?;
        }
        Ok(chain)
    }
}
