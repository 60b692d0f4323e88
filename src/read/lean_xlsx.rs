//! gsw's own reader for plain .xlsx files. It reads only what gsw uses — sheet names and
//! order, shared strings, which cell styles are dates, and cell values — in one pass over
//! each part, and skips fonts, fills, borders and themes. The shapes Excel, WPS and
//! rust_xlsxwriter write for a cell and a shared string are read straight from the bytes;
//! any other shape goes through a general XML scanner. With it (and mimalloc, measured
//! together) the read step took half the CPU it took through calamine (`benches/README.md`).
//!
//! It gives exactly the cells calamine 0.38 gives. Parts are found whatever their case, as
//! calamine finds them; the shared strings and the styles are optional (Excel and WPS leave
//! the strings out of a workbook without text); a chart sheet is listed and holds no cells.
//! Whatever else it does not expect (a missing or doubled part, a cell without its reference, a comment or CDATA in
//! a value, an `_xHHHH_` escape, an unknown entity, a number it cannot read plainly, XML it
//! cannot follow) makes it step aside, and calamine reads the file or sheet as before. The
//! two are compared on every fixture and on mutated files (`tests/lean_reader.rs`,
//! `tests/fuzz.rs`).

use super::{Limits, RawSheet, ReadError};
use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};
use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// This file or sheet is left to calamine; the reason is for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StepAside(pub &'static str);

type Lean<T> = Result<T, StepAside>;

type Zip = zip::ZipArchive<Cursor<Arc<[u8]>>>;

/// An open workbook: its parts are inflated on demand from the archive.
pub(super) struct LeanXlsx {
    zip: Zip,
    /// Sheet names and their part paths, in workbook order; no path for a chart sheet.
    sheets: Vec<(String, Option<String>)>,
    strings: Vec<String>,
    /// For each cell style (`cellXfs` index): whether numbers in it are dates or durations.
    styles: Vec<Option<ExcelDateTimeType>>,
    is_1904: bool,
    /// A reused buffer for the inflated part (the thread's, see [`PART_BUFFER`]).
    part: Vec<u8>,
}

/// The largest part (unpacked) the lean reader inflates into memory: 64 MiB, tens of
/// thousands of rows of a report sheet; a whole report is about 100 KB unpacked.
const LARGEST_PART: u64 = 64 * 1024 * 1024;

thread_local! {
    /// Each reading thread keeps its part buffer from file to file: a fresh one per file
    /// cost the kernel zeroing new pages (8% of reading).
    static PART_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for LeanXlsx {
    fn drop(&mut self) {
        let part = std::mem::take(&mut self.part);
        // Not the buffer of a huge part: memory is not held for the rest of the run.
        if part.capacity() <= 4 * 1024 * 1024 {
            PART_BUFFER.set(part);
        }
    }
}

/// What opening gave: the workbook, a refusal that calamine would give too (a part over
/// the size limit), or a step aside.
pub(super) enum Opened {
    Workbook(Box<LeanXlsx>),
    Refused(ReadError),
    StepAside(StepAside),
}

impl LeanXlsx {
    pub(super) fn open(bytes: Arc<[u8]>, limits: Limits) -> Opened {
        let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(zip) => zip,
            Err(_) => return Opened::StepAside(StepAside("not a zip")),
        };
        if let Err(e) = super::check_zip_entries(&mut zip, limits) {
            return Opened::Refused(e);
        }
        let mut wb = LeanXlsx {
            zip,
            sheets: Vec::new(),
            strings: Vec::new(),
            styles: Vec::new(),
            is_1904: false,
            part: PART_BUFFER.take(),
        };
        match wb.read_structure() {
            Ok(()) => Opened::Workbook(Box::new(wb)),
            Err(step) => Opened::StepAside(step),
        }
    }

    pub(super) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(name, _)| name.clone()).collect()
    }

    /// Whether `name` is a chart sheet (no cells).
    pub(super) fn is_chart(&self, name: &str) -> bool {
        (self.sheets.iter()).any(|(n, path)| n == name && path.is_none())
    }

    fn read_structure(&mut self) -> Lean<()> {
        let (dir, workbook) = {
            let rels = read_part(&mut self.zip, &mut self.part, "_rels/.rels")?;
            let mut documents = (relationships(rels)?.into_iter())
                .filter(|(_, typ, _)| typ.ends_with("/relationships/officeDocument"));
            let target = (documents.next().map(|(_, _, target)| target))
                .ok_or(StepAside("no officeDocument relationship"))?;
            if documents.next().is_some() {
                return Err(StepAside("two officeDocument relationships"));
            }
            match target.rfind('/') {
                Some(i) => (target[..i + 1].to_string(), target[i + 1..].to_string()),
                None => (String::new(), target),
            }
        };
        let dir = dir.strip_prefix('/').unwrap_or(&dir).to_string();
        if workbook.is_empty() || dir.contains("..") {
            return Err(StepAside("unusual workbook path"));
        }
        let rels = relationships(read_part(
            &mut self.zip,
            &mut self.part,
            &format!("{dir}_rels/{workbook}.rels"),
        )?)?;
        // calamine keeps the last of two relationships with one id: left to it.
        let mut ids: Vec<&str> = rels.iter().map(|(id, _, _)| id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(StepAside("two relationships with one id"));
        }
        let listed = workbook_sheets(read_part(
            &mut self.zip,
            &mut self.part,
            &format!("{dir}{workbook}"),
        )?)?;
        self.is_1904 = listed.is_1904;
        for (name, id) in listed.sheets {
            let (typ, target) = (rels.iter())
                .find(|(rid, _, _)| *rid == id)
                .map(|(_, typ, target)| (typ, target))
                .ok_or(StepAside("sheet without relationship"))?;
            let chart = match typ.rsplit('/').next() {
                Some("worksheet") => false,
                Some("chartsheet") => true,
                _ => return Err(StepAside("not a worksheet")),
            };
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{dir}{target}"),
            };
            if path.contains("..") || path.contains('\\') {
                return Err(StepAside("unusual sheet path"));
            }
            self.sheets.push((name, (!chart).then_some(path)));
        }
        // Optional parts: no strings, and every number a plain number.
        let strings = format!("{dir}sharedStrings.xml");
        if let Some(text) = read_optional_part(&mut self.zip, &mut self.part, &strings)? {
            self.strings = shared_strings(text)?;
        }
        let styles = format!("{dir}styles.xml");
        if let Some(text) = read_optional_part(&mut self.zip, &mut self.part, &styles)? {
            self.styles = date_styles(text)?;
        }
        Ok(())
    }

    /// One sheet's cells (`Err(kept)` over the cell limit), or a step aside for calamine.
    pub(super) fn sheet(&mut self, name: &str, max_cells: usize) -> Lean<Result<RawSheet, usize>> {
        let path = (self.sheets.iter())
            .find(|(n, _)| n == name)
            .ok_or(StepAside("no such sheet"))?
            .1
            .as_deref()
            .ok_or(StepAside("chart sheet"))?;
        let text = read_part(&mut self.zip, &mut self.part, path)?;
        let context = CellContext {
            strings: &self.strings,
            styles: &self.styles,
            is_1904: self.is_1904,
        };
        let mut failed = None;
        let mut cells = Cells::new(text, context);
        let iter = std::iter::from_fn(|| match cells.next_cell() {
            Ok(cell) => cell,
            Err(step) => {
                failed = Some(step);
                None
            }
        });
        let sheet = RawSheet::from_cells(name, iter, max_cells);
        match failed {
            Some(step) => Err(step),
            None => Ok(sheet),
        }
    }
}

/// The text of a required part, inflated into `buf`; a missing one steps aside.
fn read_part<'b>(zip: &mut Zip, buf: &'b mut Vec<u8>, name: &str) -> Lean<&'b str> {
    read_optional_part(zip, buf, name)?.ok_or(StepAside("part missing"))
}

/// The text of a part, inflated into `buf`, or `None` when there is no such part.
fn read_optional_part<'b>(
    zip: &mut Zip,
    buf: &'b mut Vec<u8>,
    name: &str,
) -> Lean<Option<&'b str>> {
    let Some(index) = part_index(zip, name)? else {
        return Ok(None);
    };
    let mut file = zip
        .by_index(index)
        .map_err(|_| StepAside("part unreadable"))?;
    // The lean reader holds a whole part in memory; calamine streams a large one.
    if file.size() > LARGEST_PART {
        return Err(StepAside("part larger than the lean reader holds"));
    }
    buf.clear();
    buf.reserve(file.size() as usize);
    file.read_to_end(buf)
        .map_err(|_| StepAside("part does not inflate"))?;
    let text = std::str::from_utf8(buf).map_err(|_| StepAside("not UTF-8"))?;
    Ok(Some(text.strip_prefix('\u{feff}').unwrap_or(text)))
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

/// `(Id, Type, Target)` of each relationship in a `.rels` part.
fn relationships(xml: &str) -> Lean<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    let mut x = Xml::new(xml);
    x.open_root("Relationships")?;
    loop {
        let tag = x.next_before_close("Relationships")?;
        let Some(tag) = tag else {
            return Ok(out);
        };
        if let Tag::Open { name, attrs, .. } = tag {
            if name == "Relationship" {
                let get = |key| -> Lean<String> {
                    Ok(attr(attrs, key)?
                        .map(decode)
                        .transpose()?
                        .unwrap_or_default()
                        .into_owned())
                };
                out.push((get("Id")?, get("Type")?, get("Target")?));
            }
        }
    }
}

struct ListedSheets {
    /// Name and relationship id, in order.
    sheets: Vec<(String, String)>,
    is_1904: bool,
}

fn workbook_sheets(xml: &str) -> Lean<ListedSheets> {
    let mut listed = ListedSheets {
        sheets: Vec::new(),
        is_1904: false,
    };
    let mut x = Xml::new(xml);
    while let Some(tag) = x.next_before_close("workbook")? {
        let Tag::Open { name, attrs, .. } = tag else {
            continue;
        };
        match name {
            "sheet" => {
                let mut sheet_name = String::new();
                let mut id = String::new();
                for (key, value) in Attrs(attrs) {
                    let (key, value) = (key?, value);
                    match key {
                        "name" => sheet_name = decode(value)?.into_owned(),
                        "state" if !matches!(value, "visible" | "hidden" | "veryHidden") => {
                            return Err(StepAside("unknown sheet state"));
                        }
                        _ if key == "id" || key.ends_with(":id") => id = value.to_string(),
                        _ => {}
                    }
                }
                listed.sheets.push((sheet_name, id));
            }
            "workbookPr" => {
                if let Some(v) = attr(attrs, "date1904")? {
                    listed.is_1904 = v == "1" || v == "true";
                }
            }
            _ => {}
        }
    }
    Ok(listed)
}

/// Every `<si>` of the shared-strings part, as calamine joins its runs.
fn shared_strings(xml: &str) -> Lean<Vec<String>> {
    let mut strings = Vec::new();
    let mut x = Xml::new(xml);
    loop {
        if let Some(text) = plain_string(&mut x)? {
            strings.push(text);
            continue;
        }
        let Some(tag) = x.next_tag()? else {
            break;
        };
        if let Tag::Open {
            name: "si", empty, ..
        } = tag
        {
            strings.push(if empty {
                String::new()
            } else {
                rich_text(&mut x, "si")?
            });
        }
    }
    Ok(strings)
}

/// A string item of one plain run, `<si><t>text</t></si>` (or `<t xml:space="preserve">`),
/// read straight from the bytes; `None`, with nothing read, for any other shape, which
/// [`rich_text`] reads alike.
fn plain_string(x: &mut Xml) -> Lean<Option<String>> {
    let b = &x.s.as_bytes()[x.at..];
    const PRESERVE: &[u8; 28] = br#"<si><t xml:space="preserve">"#;
    let (preserve, text) = if starts(b, b"<si><t>") {
        (false, 7)
    } else if starts(b, PRESERVE) {
        (true, PRESERVE.len())
    } else {
        return Ok(None);
    };
    let Some(len) = memchr::memchr2(b'<', b'&', &b[text..]) else {
        return Ok(None);
    };
    if !starts(&b[text + len..], b"</t></si>") {
        return Ok(None);
    }
    let raw = &x.s[x.at + text..x.at + text + len];
    if raw.contains('\r') {
        return Ok(None);
    }
    let raw = if preserve { raw } else { trim_xml_space(raw) };
    refuse_excel_escapes(raw)?;
    x.at += text + len + "</t></si>".len();
    Ok(Some(raw.to_string()))
}

/// The text of a string item (`<si>` or `<is>`) up to its end tag: its `<t>` runs joined,
/// phonetic runs (`<rPh>`) left out, each run trimmed unless `xml:space="preserve"`.
fn rich_text(x: &mut Xml, closing: &str) -> Lean<String> {
    let mut out = String::new();
    let mut phonetic = false;
    loop {
        match x.next_tag()?.ok_or(StepAside("unclosed string"))? {
            Tag::Close(name) if name == closing => return Ok(out),
            Tag::Close("rPh") => phonetic = false,
            Tag::Open {
                name: "rPh", empty, ..
            } => phonetic = !empty,
            Tag::Open {
                name: "t",
                attrs,
                empty,
            } if !phonetic => {
                if empty {
                    continue;
                }
                let preserve = attr(attrs, "xml:space")? == Some("preserve");
                let text = x.text_until_close("t")?;
                // calamine trims after decoding and unescapes `_xHHHH_` last.
                let text = if preserve {
                    text
                } else {
                    match text {
                        Cow::Borrowed(t) => Cow::Borrowed(trim_xml_space(t)),
                        Cow::Owned(t) => Cow::Owned(trim_xml_space(&t).to_string()),
                    }
                };
                refuse_excel_escapes(&text)?;
                out.push_str(&text);
            }
            _ => {}
        }
    }
}

fn trim_xml_space(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

/// Whether `b` starts with `p`. With `p`'s length known this compiles to a few compares, not
/// a call to `memcmp` (which took 4% of reading as `starts_with`).
fn starts<const N: usize>(b: &[u8], p: &[u8; N]) -> bool {
    b.first_chunk::<N>() == Some(p)
}

/// Excel's `_xHHHH_` escapes are left to calamine.
fn refuse_excel_escapes(s: &str) -> Lean<()> {
    let bytes = s.as_bytes();
    for i in memchr::memchr_iter(b'_', bytes) {
        if let Some(rest) = bytes.get(i + 1..i + 7) {
            if rest[0] == b'x' && rest[1..5].iter().all(u8::is_ascii_hexdigit) && rest[5] == b'_' {
                return Err(StepAside("_xHHHH_ escape"));
            }
        }
    }
    Ok(())
}

/// For each `<xf>` of `<cellXfs>`: whether its number format is a date or a duration,
/// by calamine's rules (built-in ids, or the custom format's code).
fn date_styles(xml: &str) -> Lean<Vec<Option<ExcelDateTimeType>>> {
    let mut custom: Vec<(String, String)> = Vec::new();
    let mut styles = Vec::new();
    let mut x = Xml::new(xml);
    let mut section = "";
    while let Some(tag) = x.next_before_close("styleSheet")? {
        match tag {
            Tag::Open {
                name: name @ ("numFmts" | "cellXfs"),
                empty: false,
                ..
            } => section = name,
            Tag::Close(name @ ("numFmts" | "cellXfs")) if name == section => section = "",
            Tag::Open {
                name: "numFmt",
                attrs,
                ..
            } if section == "numFmts" => {
                if let (Some(id), Some(code)) =
                    (attr(attrs, "numFmtId")?, attr(attrs, "formatCode")?)
                {
                    let code = decode(code)?.into_owned();
                    match custom.iter_mut().find(|(i, _)| i == id) {
                        Some(entry) => entry.1 = code,
                        None => custom.push((id.to_string(), code)),
                    }
                }
            }
            // Only an `<xf>` right inside `<cellXfs>` is a cell style (as calamine reads).
            Tag::Open {
                name: "xf",
                attrs,
                empty,
            } if section == "cellXfs" && x.parent(empty) == Some("cellXfs") => {
                let kind = match attr(attrs, "numFmtId")? {
                    None => None,
                    Some(id) => match custom.iter().find(|(i, _)| i == id) {
                        Some((_, code)) => custom_format_kind(code),
                        None => builtin_format_kind(id),
                    },
                };
                styles.push(kind);
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// calamine's `builtin_format_by_id`.
fn builtin_format_kind(id: &str) -> Option<ExcelDateTimeType> {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => Some(ExcelDateTimeType::DateTime),
        "46" => Some(ExcelDateTimeType::TimeDelta),
        _ => None,
    }
}

/// calamine's `detect_custom_number_format` (calamine 0.38, MIT licence), unchanged.
fn custom_format_kind(format: &str) -> Option<ExcelDateTimeType> {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return None,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Some(ExcelDateTimeType::TimeDelta),
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => {
                return Some(ExcelDateTimeType::DateTime)
            }
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Some(ExcelDateTimeType::DateTime)
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    None
}

/// What a cell's value needs from the workbook.
#[derive(Clone, Copy)]
struct CellContext<'a> {
    strings: &'a [String],
    styles: &'a [Option<ExcelDateTimeType>],
    is_1904: bool,
}

/// The cells of one sheet's `<sheetData>`, in the order written.
struct Cells<'a> {
    x: Xml<'a>,
    cx: CellContext<'a>,
    started: bool,
}

impl<'a> Cells<'a> {
    fn new(text: &'a str, cx: CellContext<'a>) -> Self {
        Cells {
            x: Xml::new(text),
            cx,
            started: false,
        }
    }

    /// Skips to `<sheetData>`; `false` when it is empty (`<sheetData/>`).
    fn start(&mut self) -> Lean<bool> {
        loop {
            match self.x.next_tag()?.ok_or(StepAside("no sheetData"))? {
                Tag::Open {
                    name: "sheetData",
                    empty,
                    ..
                } => return Ok(!empty),
                Tag::Open {
                    name: "dimension",
                    attrs,
                    ..
                } => match attr(attrs, "ref")? {
                    Some(r) if r.split(':').all(|c| cell_ref(c).is_some()) => {}
                    _ => return Err(StepAside("unusual dimension")),
                },
                _ => {}
            }
        }
    }

    fn next_cell(&mut self) -> Lean<Option<((u32, u32), Data)>> {
        if !self.started {
            self.started = true;
            if !self.start()? {
                return Ok(None);
            }
        }
        loop {
            if let Some(cell) = self.plain_cell()? {
                return Ok(Some(cell));
            }
            match self.x.next_tag()?.ok_or(StepAside("unclosed sheetData"))? {
                Tag::Close("sheetData") if self.x.open == ["worksheet"] => return Ok(None),
                Tag::Close("sheetData") => return Err(StepAside("sheetData out of place")),
                Tag::Open {
                    name: "c",
                    attrs,
                    empty,
                } => {
                    let (mut r, mut s, mut t) = (None, None, None);
                    for (key, value) in Attrs(attrs) {
                        let slot = match key? {
                            "r" => &mut r,
                            "s" => &mut s,
                            "t" => &mut t,
                            _ => continue,
                        };
                        if slot.replace(value).is_some() {
                            return Err(StepAside("attribute given twice"));
                        }
                    }
                    let pos = r
                        .and_then(cell_ref)
                        .ok_or(StepAside("cell without a plain reference"))?;
                    let value = if empty {
                        Data::Empty
                    } else {
                        self.cell_value(s, t)?
                    };
                    return Ok(Some((pos, value)));
                }
                _ => {}
            }
        }
    }

    /// A cell in the shape Excel, WPS and rust_xlsxwriter write, `<c r="B2" s="3" t="s">`
    /// then `<v>12</v></c>`, `</c>` or just `/>`, read straight from the bytes: most cells
    /// of most files. Anything else gives `None` with nothing read, for [`Self::next_cell`]'s
    /// general path, which reads this shape alike (the tests compare both with calamine).
    fn plain_cell(&mut self) -> Lean<Option<((u32, u32), Data)>> {
        let (text, from) = (self.x.s, self.x.at);
        let b = &text.as_bytes()[from..];
        if !starts(b, b"<c r=\"") {
            return Ok(None);
        }
        let mut at = 6;
        // The value of the attribute at `at` (its `key="` already matched), `at` moved on.
        let value = |at: &mut usize| -> Option<&'a str> {
            let len = memchr::memchr(b'"', &b[*at..])?;
            let start = from + *at;
            *at += len + 1;
            Some(&text[start..start + len])
        };
        let Some(r) = value(&mut at) else {
            return Ok(None);
        };
        let pos = cell_ref(r).ok_or(StepAside("cell without a plain reference"))?;
        let attr = |at: &mut usize, key: &[u8; 4]| match starts(&b[*at..], key) {
            true => {
                *at += 4;
                value(at)
            }
            false => None,
        };
        let s = attr(&mut at, b" s=\"");
        let t = attr(&mut at, b" t=\"");
        let rest = &b[at..];
        let data = if starts(rest, b"/>") {
            at += 2;
            Data::Empty
        } else if starts(rest, b"></c>") {
            at += 5;
            Data::Empty
        } else if starts(rest, b"><v>") {
            let v = at + 4;
            let Some(len) = memchr::memchr(b'<', &b[v..]) else {
                return Ok(None);
            };
            if !starts(&b[v + len..], b"</v></c>") {
                return Ok(None);
            }
            at = v + len + 8;
            self.v_value(&text[from + v..from + v + len], s, t)?
        } else {
            return Ok(None);
        };
        self.x.at = from + at;
        Ok(Some((pos, data)))
    }

    /// The children of `<c>` up to `</c>`; as in calamine, the last child gives the value.
    fn cell_value(&mut self, s: Option<&str>, t: Option<&str>) -> Lean<Data> {
        let mut value = Data::Empty;
        loop {
            match self.x.next_tag()?.ok_or(StepAside("unclosed cell"))? {
                Tag::Close("c") => return Ok(value),
                Tag::Close(_) => {}
                Tag::Open { name, empty, .. } => {
                    value = match (name, empty) {
                        ("is", true) => Data::String(String::new()),
                        ("is", false) => Data::String(rich_text(&mut self.x, "is")?),
                        // calamine reads `<v/>` as `<v></v>`: empty text.
                        ("v", true) => match t {
                            Some("str") => Data::String(String::new()),
                            Some("d") => Data::DateTimeIso(String::new()),
                            _ => Data::Empty,
                        },
                        ("f", true) => Data::Empty,
                        ("f", false) => {
                            self.x.raw_text_until_close("f")?;
                            Data::Empty
                        }
                        ("v", false) => {
                            let raw = self.x.raw_text_until_close("v")?;
                            self.v_value(raw, s, t)?
                        }
                        _ => return Err(StepAside("unexpected element in a cell")),
                    };
                }
            }
        }
    }

    /// The value a `<v>` gives: none in an inline-string cell, whose text is in `<is>`.
    fn v_value(&self, raw: &str, s: Option<&str>, t: Option<&str>) -> Lean<Data> {
        match t {
            Some("inlineStr" | "is") => Ok(Data::Empty),
            _ => self.value(raw, s, t),
        }
    }

    /// calamine's `read_v`, for the plain cases: `raw` is the text of `<v>` as written.
    fn value(&self, raw: &str, s: Option<&str>, t: Option<&str>) -> Lean<Data> {
        if let Some("str" | "d") = t {
            let v = xml_text(raw)?;
            refuse_excel_escapes(&v)?;
            return Ok(match t {
                Some("d") => Data::DateTimeIso(v.into_owned()),
                _ => Data::String(v.into_owned()),
            });
        }
        // calamine reads these types from the raw text, before any entity.
        if raw.contains('&') {
            return Err(StepAside("entity in a plain value"));
        }
        let v = raw;
        match t {
            Some("s") => {
                if v.is_empty() {
                    return Ok(Data::Empty);
                }
                let i: usize = plain_digits(v)?;
                let s = self.cx.strings.get(i).ok_or(StepAside("no such string"))?;
                Ok(Data::String(s.clone()))
            }
            Some("b") => match v {
                "0" | "false" => Ok(Data::Bool(false)),
                "1" | "true" => Ok(Data::Bool(true)),
                _ => Err(StepAside("unusual boolean")),
            },
            Some("e") => v
                .parse::<CellErrorType>()
                .map(Data::Error)
                .map_err(|_| StepAside("unknown error value")),
            Some("n") | None => {
                if v.is_empty() {
                    return Ok(Data::Empty);
                }
                if v.starts_with('+')
                    || !v.bytes().all(|b| {
                        b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')
                    })
                {
                    return Err(StepAside("unusual number"));
                }
                let n: f64 = v.parse().map_err(|_| StepAside("unusual number"))?;
                let kind = match s {
                    None => None,
                    Some(s) => match plain_digits::<usize>(s) {
                        Ok(i) => self.cx.styles.get(i).copied().flatten(),
                        Err(_) => return Err(StepAside("unusual style index")),
                    },
                };
                Ok(match kind {
                    Some(kind) => Data::DateTime(ExcelDateTime::new(n, kind, self.cx.is_1904)),
                    None => Data::Float(n),
                })
            }
            Some(_) => Err(StepAside("unknown cell type")),
        }
    }
}

fn plain_digits<T: std::str::FromStr>(s: &str) -> Lean<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StepAside("not plain digits"));
    }
    s.parse().map_err(|_| StepAside("not plain digits"))
}

/// `A1` → `(0, 0)`, as calamine reads references (letters in either case, then a row ≥ 1),
/// within Excel's sheet.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (cols, rows) = r.split_at(letters);
    if letters == 0 || letters > 3 || rows.is_empty() || rows.len() > 7 {
        return None;
    }
    let col = (cols.bytes()).fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() - b'A') as u32 + 1
    });
    let row: u32 = plain_digits(rows).ok()?;
    if row == 0 || row > 1_048_576 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1))
}

/// Entities (`&amp;`, `&#x4E2D;` …) decoded as quick-xml does; unknown ones step aside.
fn decode(s: &str) -> Lean<Cow<'_, str>> {
    quick_xml::escape::unescape(s).map_err(|_| StepAside("unknown entity"))
}

/// A tag of the XML, with its local name (any `prefix:` removed).
#[derive(Debug)]
enum Tag<'a> {
    Open {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    Close(&'a str),
}

/// A forward-only scanner over an XML part. Comments and processing instructions between
/// tags are skipped; CDATA and DOCTYPE step aside, and so do tags that do not nest (calamine's
/// reading of a damaged part depends on where the damage falls: it is left to calamine).
struct Xml<'a> {
    s: &'a str,
    at: usize,
    open: Vec<&'a str>,
}

impl<'a> Xml<'a> {
    fn new(s: &'a str) -> Self {
        Xml {
            s,
            at: 0,
            open: Vec::new(),
        }
    }

    fn next_tag(&mut self) -> Lean<Option<Tag<'a>>> {
        let tag = self.scan_tag()?;
        match tag {
            Some(Tag::Open {
                name, empty: false, ..
            }) => self.open.push(name),
            // The guard pops the element the end tag closes.
            Some(Tag::Close(name)) if self.open.pop() != Some(name) => {
                return Err(StepAside("tags do not nest"));
            }
            _ => {}
        }
        Ok(tag)
    }

    fn scan_tag(&mut self) -> Lean<Option<Tag<'a>>> {
        let bytes = self.s.as_bytes();
        loop {
            let Some(lt) = memchr::memchr(b'<', &bytes[self.at..]) else {
                self.at = bytes.len();
                return Ok(None);
            };
            let start = self.at + lt;
            let after = |n: usize| bytes.get(start + n).copied();
            match after(1) {
                Some(b'?') => {
                    let end = memchr::memmem::find(&bytes[start..], b"?>")
                        .ok_or(StepAside("unclosed instruction"))?;
                    self.at = start + end + 2;
                    continue;
                }
                Some(b'!') if bytes[start..].starts_with(b"<!--") => {
                    let end = memchr::memmem::find(&bytes[start..], b"-->")
                        .ok_or(StepAside("unclosed comment"))?;
                    self.at = start + end + 3;
                    continue;
                }
                Some(b'!') => return Err(StepAside("CDATA or DOCTYPE")),
                Some(b'/') => {
                    let end = memchr::memchr(b'>', &bytes[start + 2..])
                        .ok_or(StepAside("unclosed tag"))?;
                    self.at = start + 2 + end + 1;
                    let name = self.s[start + 2..start + 2 + end].trim_end();
                    return Ok(Some(Tag::Close(local(name))));
                }
                _ => {}
            }
            let end = tag_end(&bytes[start + 1..]).ok_or(StepAside("unclosed tag"))?;
            let inner = &bytes[start + 1..start + 1 + end];
            self.at = start + 1 + end + 1;
            let empty = inner.last() == Some(&b'/');
            let inner_len = inner.len() - empty as usize;
            let name_len = (inner[..inner_len].iter())
                .position(|b| b.is_ascii_whitespace())
                .unwrap_or(inner_len);
            if name_len == 0 {
                return Err(StepAside("tag without a name"));
            }
            // Slicing at ASCII bytes keeps to character boundaries.
            let name = &self.s[start + 1..start + 1 + name_len];
            let attrs = &self.s[start + 1 + name_len..start + 1 + inner_len];
            return Ok(Some(Tag::Open {
                name: local(name),
                attrs,
                empty,
            }));
        }
    }

    /// The element around the tag just read (`empty`: whether it was `<…/>`).
    fn parent(&self, empty: bool) -> Option<&'a str> {
        let depth = self.open.len() - usize::from(!empty);
        depth.checked_sub(1).map(|i| self.open[i])
    }

    /// Skips to the start tag `root`; `false` when it is empty (`<root/>`).
    fn open_root(&mut self, root: &str) -> Lean<bool> {
        loop {
            match self.next_tag()?.ok_or(StepAside("no root element"))? {
                Tag::Open { name, empty, .. } if name == root => return Ok(!empty),
                _ => {}
            }
        }
    }

    /// The next tag, or `None` at the end tag `root`, as calamine stops there; the end of
    /// the part before it steps aside (calamine refuses the part).
    fn next_before_close(&mut self, root: &str) -> Lean<Option<Tag<'a>>> {
        match self.next_tag()?.ok_or(StepAside("unclosed root element"))? {
            // Only as the outermost element: a damaged part may open it again inside.
            Tag::Close(name) if name == root && self.open.is_empty() => Ok(None),
            Tag::Close(name) if name == root => Err(StepAside("root element opened twice")),
            tag => Ok(Some(tag)),
        }
    }

    /// The raw text up to the next tag, which must close `name` (no markup inside).
    fn raw_text_until_close(&mut self, name: &str) -> Lean<&'a str> {
        let from = self.at;
        let lt =
            memchr::memchr(b'<', &self.s.as_bytes()[from..]).ok_or(StepAside("unclosed text"))?;
        let raw = &self.s[from..from + lt];
        self.at = from + lt;
        if !self.s[self.at..].starts_with("</") {
            return Err(StepAside("markup inside a value"));
        }
        match self.next_tag()? {
            Some(Tag::Close(n)) if n == name => Ok(raw),
            _ => Err(StepAside("markup inside a value")),
        }
    }

    /// [`Self::raw_text_until_close`] as [`xml_text`].
    fn text_until_close(&mut self, name: &str) -> Lean<Cow<'a, str>> {
        xml_text(self.raw_text_until_close(name)?)
    }
}

/// Text as quick-xml gives it: line ends normalised as XML 1.0 says (`xml10_content`),
/// then entities decoded (so `&#13;` stays a carriage return).
fn xml_text(raw: &str) -> Lean<Cow<'_, str>> {
    if !raw.contains('\r') {
        return decode(raw);
    }
    let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
    Ok(Cow::Owned(decode(&normalised)?.into_owned()))
}

/// The index of the `>` that ends a tag, skipping any inside quoted attribute values.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let found = i + memchr::memchr3(b'>', b'"', b'\'', &bytes[i..])?;
        match bytes[found] {
            b'>' => return Some(found),
            quote => i = found + 1 + memchr::memchr(quote, &bytes[found + 1..])? + 1,
        }
    }
}

fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The raw value of attribute `key` (full name, `prefix:` included). An attribute given
/// twice steps aside: quick-xml refuses it, and calamine then reads on in its own way.
fn attr<'a>(attrs: &'a str, key: &str) -> Lean<Option<&'a str>> {
    let mut found = None;
    for (k, value) in Attrs(attrs) {
        if k? == key {
            if found.is_some() {
                return Err(StepAside("attribute given twice"));
            }
            found = Some(value);
        }
    }
    Ok(found)
}

/// `key="value"` pairs; a malformed pair gives `Err` once, then ends.
struct Attrs<'a>(&'a str);

impl<'a> Iterator for Attrs<'a> {
    type Item = (Lean<&'a str>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.0.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if s.is_empty() {
            return None;
        }
        self.0 = "";
        let malformed = Some((Err(StepAside("malformed attribute")), ""));
        let bytes = s.as_bytes();
        let Some(eq) = memchr::memchr(b'=', bytes) else {
            return malformed;
        };
        let key = s[..eq].trim_end_matches(|c: char| c.is_ascii_whitespace());
        let Some(gap) = bytes[eq + 1..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
        else {
            return malformed;
        };
        let open = eq + 1 + gap;
        let quote = bytes[open];
        if !matches!(quote, b'"' | b'\'') {
            return malformed;
        }
        let Some(len) = memchr::memchr(quote, &bytes[open + 1..]) else {
            return malformed;
        };
        if key.is_empty() || key.bytes().any(|b| b.is_ascii_whitespace()) {
            return malformed;
        }
        // Slicing at ASCII bytes keeps to character boundaries.
        self.0 = &s[open + 1 + len + 1..];
        Some((Ok(key), &s[open + 1..open + 1 + len]))
    }
}
