//! Reading XML. The parts read for every file — the styles, the shared strings and the
//! sheets — go through [`Xml`], a forward-only scanner over a part held in memory; the
//! package's relationships and the workbook part go through quick-xml ([`Events`]), which
//! gives the same [`Tag`]s. On the parts [`Xml`] reads, quick-xml costs measurably more:
//! each of its events costs more than a tag of the scanner (it checks the UTF-8 of every
//! tag again and keeps a copy of every open tag's name), and those parts are mostly tags.
//! The figures are in `benches/README.md` ("The lean reader"). Both read attributes with
//! [`Attrs`] (from quick-xml's raw attribute text for [`Events`], as calamine does) and
//! decode entities with quick-xml's own function.

use super::{Lean, StepAside};
use quick_xml::events::Event;
use std::borrow::Cow;

/// Whether `b` starts with `p`. With `p`'s length known this compiles to a few compares, not
/// a call to `memcmp` as `starts_with` does.
pub(super) fn starts<const N: usize>(b: &[u8], p: &[u8; N]) -> bool {
    b.first_chunk::<N>() == Some(p)
}

/// Excel's `_xHHHH_` escapes are left to calamine.
pub(super) fn refuse_excel_escapes(s: &str) -> Lean<()> {
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

/// Entities (`&amp;`, `&#x4E2D;` …) decoded as quick-xml does; unknown ones step aside.
pub(super) fn decode(s: &str) -> Lean<Cow<'_, str>> {
    quick_xml::escape::unescape(s).map_err(|_| StepAside("unknown entity"))
}

/// A tag of the XML, with its local name (any `prefix:` removed).
#[derive(Debug)]
pub(super) enum Tag<'a> {
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
pub(super) struct Xml<'a> {
    s: &'a str,
    at: usize,
    /// The elements open, outermost first.
    open: Vec<&'a str>,
}

impl<'a> Xml<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Xml {
            s,
            at: 0,
            open: Vec::new(),
        }
    }

    /// What is left of the part: where a fast path reads a whole element from the bytes.
    pub(super) fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    /// Moves past the first `n` bytes of [`Self::rest`]: a whole element a fast path read.
    pub(super) fn skip(&mut self, n: usize) {
        self.at += n;
    }

    /// The elements open, outermost first.
    pub(super) fn open(&self) -> &[&'a str] {
        &self.open
    }

    pub(super) fn next_tag(&mut self) -> Lean<Option<Tag<'a>>> {
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
    pub(super) fn parent(&self, empty: bool) -> Option<&'a str> {
        let depth = self.open.len() - usize::from(!empty);
        depth.checked_sub(1).map(|i| self.open[i])
    }

    /// The next tag, or `None` at the end tag `root`, as calamine stops there; the end of
    /// the part before it steps aside (calamine refuses the part).
    pub(super) fn next_before_close(&mut self, root: &str) -> Lean<Option<Tag<'a>>> {
        match self.next_tag()?.ok_or(StepAside("unclosed root element"))? {
            // Only as the outermost element: a damaged part may open it again inside.
            Tag::Close(name) if name == root && self.open.is_empty() => Ok(None),
            Tag::Close(name) if name == root => Err(StepAside("root element opened twice")),
            tag => Ok(Some(tag)),
        }
    }

    /// The raw text up to the next tag, which must close `name` (no markup inside).
    pub(super) fn raw_text_until_close(&mut self, name: &str) -> Lean<&'a str> {
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
    pub(super) fn text_until_close(&mut self, name: &str) -> Lean<Cow<'a, str>> {
        xml_text(self.raw_text_until_close(name)?)
    }
}

/// quick-xml's reader over a part, giving the same [`Tag`]s as [`Xml`] (and stepping aside
/// where it does: tags that do not nest, CDATA, a DOCTYPE, XML quick-xml refuses). It reads
/// the package's relationships and the workbook part; [`Xml`] reads the styles, the shared
/// strings and the sheets, where quick-xml costs measurably more (`benches/README.md`).
pub(super) struct Events<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    /// The last tag read.
    event: Event<'a>,
    /// Elements open: start tags read whose end tags are not.
    depth: usize,
}

impl<'a> Events<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Events {
            // quick-xml's defaults: end tags must match their start tags.
            reader: quick_xml::Reader::from_str(s),
            event: Event::Eof,
            depth: 0,
        }
    }

    /// Reads on to the next tag, skipping text, comments and processing instructions;
    /// `false` at the end of the part.
    fn advance(&mut self) -> Lean<bool> {
        loop {
            let event =
                (self.reader.read_event()).map_err(|_| StepAside("XML it cannot follow"))?;
            match event {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => {
                    self.depth = (self.depth.checked_sub(1)).ok_or(StepAside("tags do not nest"))?
                }
                Event::Empty(_) => {}
                Event::Eof => return Ok(false),
                Event::CData(_) | Event::DocType(_) => return Err(StepAside("CDATA or DOCTYPE")),
                _ => continue,
            }
            self.event = event;
            return Ok(true);
        }
    }

    /// The tag [`Self::advance`] read.
    fn tag(&self) -> Tag<'_> {
        match &self.event {
            Event::End(e) => Tag::Close(local(e.name().0)),
            Event::Start(e) | Event::Empty(e) => Tag::Open {
                name: local(e.name().0),
                attrs: e.attributes_raw(),
                empty: matches!(self.event, Event::Empty(_)),
            },
            // `advance` keeps only tags; before the first, an empty name.
            _ => Tag::Close(""),
        }
    }

    pub(super) fn next_tag(&mut self) -> Lean<Option<Tag<'_>>> {
        Ok(self.advance()?.then(|| self.tag()))
    }

    /// Skips to the start tag `root`.
    pub(super) fn open_root(&mut self, root: &str) -> Lean<()> {
        loop {
            match self.next_tag()?.ok_or(StepAside("no root element"))? {
                Tag::Open { name, .. } if name == root => return Ok(()),
                _ => {}
            }
        }
    }

    /// As [`Xml::next_before_close`].
    pub(super) fn next_before_close(&mut self, root: &str) -> Lean<Option<Tag<'_>>> {
        if !self.advance()? {
            return Err(StepAside("unclosed root element"));
        }
        match self.tag() {
            Tag::Close(name) if name == root && self.depth == 0 => Ok(None),
            Tag::Close(name) if name == root => Err(StepAside("root element opened twice")),
            tag => Ok(Some(tag)),
        }
    }
}

/// Text as quick-xml gives it: line ends normalised as XML 1.0 says (`xml10_content`),
/// then entities decoded (so `&#13;` stays a carriage return).
pub(super) fn xml_text(raw: &str) -> Lean<Cow<'_, str>> {
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
pub(super) fn attr<'a>(attrs: &'a str, key: &str) -> Lean<Option<&'a str>> {
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
pub(super) struct Attrs<'a>(pub(super) &'a str);

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
