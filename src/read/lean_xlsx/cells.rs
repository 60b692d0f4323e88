//! A sheet's cells: the `<c>` elements of `<sheetData>` and their values, as calamine's
//! cells reader gives them.

use super::strings::rich_text;
use super::xml::{attr, refuse_excel_escapes, starts, xml_text, Attrs, Tag, Xml};
use super::{Lean, StepAside};
use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

/// What a cell's value needs from the workbook.
#[derive(Clone, Copy)]
pub(super) struct CellContext<'a> {
    pub(super) strings: &'a [String],
    pub(super) styles: &'a [Option<ExcelDateTimeType>],
    pub(super) is_1904: bool,
}

/// The cells of one sheet's `<sheetData>`, in the order written.
pub(super) struct Cells<'a> {
    x: Xml<'a>,
    cx: CellContext<'a>,
    started: bool,
}

impl<'a> Cells<'a> {
    pub(super) fn new(text: &'a str, cx: CellContext<'a>) -> Self {
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

    pub(super) fn next_cell(&mut self) -> Lean<Option<((u32, u32), Data)>> {
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
                Tag::Close("sheetData") if self.x.open() == ["worksheet"] => return Ok(None),
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
        let rest = self.x.rest();
        let b = rest.as_bytes();
        if !starts(b, b"<c r=\"") {
            return Ok(None);
        }
        let mut at = 6;
        // The value of the attribute at `at` (its `key="` already matched), `at` moved on.
        let value = |at: &mut usize| -> Option<&'a str> {
            let len = memchr::memchr(b'"', &b[*at..])?;
            let start = *at;
            *at += len + 1;
            Some(&rest[start..start + len])
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
        let tail = &b[at..];
        let data = if starts(tail, b"/>") {
            at += 2;
            Data::Empty
        } else if starts(tail, b"></c>") {
            at += 5;
            Data::Empty
        } else if starts(tail, b"><v>") {
            let v = at + 4;
            let Some(len) = memchr::memchr(b'<', &b[v..]) else {
                return Ok(None);
            };
            if !starts(&b[v + len..], b"</v></c>") {
                return Ok(None);
            }
            at = v + len + 8;
            self.v_value(&rest[v..v + len], s, t)?
        } else {
            return Ok(None);
        };
        self.x.skip(at);
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
