//! The shared strings: every `<si>` of `sharedStrings.xml`, its runs joined as calamine
//! joins them; and the text of an inline string (`<is>`), read alike.

use super::xml::{attr, refuse_excel_escapes, starts, Tag, Xml};
use super::{Lean, StepAside};
use std::borrow::Cow;

/// Every `<si>` of the shared-strings part, as calamine joins its runs.
pub(super) fn shared_strings(xml: &str) -> Lean<Vec<String>> {
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
    let rest = x.rest();
    let b = rest.as_bytes();
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
    let raw = &rest[text..text + len];
    if raw.contains('\r') {
        return Ok(None);
    }
    let raw = if preserve { raw } else { trim_xml_space(raw) };
    refuse_excel_escapes(raw)?;
    x.skip(text + len + "</t></si>".len());
    Ok(Some(raw.to_string()))
}

/// The text of a string item (`<si>` or `<is>`) up to its end tag: its `<t>` runs joined,
/// phonetic runs (`<rPh>`) left out, each run trimmed unless `xml:space="preserve"`.
pub(super) fn rich_text(x: &mut Xml, closing: &str) -> Lean<String> {
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

pub(super) fn trim_xml_space(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}
