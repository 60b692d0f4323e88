//! The workbook part and the relationships that lead to it and from it to the sheets:
//! which sheets there are, in which order, where each one's part is, and whether dates
//! count from 1904.

use super::parts::Parts;
use super::xml::{attr, decode, Attrs, Events, Tag};
use super::{Lean, StepAside};

/// What the workbook lists.
pub(super) struct Listing {
    /// The folder of the workbook part (`xl/`), where the shared strings and styles are.
    pub dir: String,
    /// Sheet names and their part paths, in workbook order; no path for a chart sheet.
    pub sheets: Vec<(String, Option<String>)>,
    pub is_1904: bool,
}

/// The workbook's sheets, found from the package's relationships.
pub(super) fn listing(parts: &mut Parts) -> Lean<Listing> {
    let (dir, workbook) = {
        let rels = parts.read("_rels/.rels")?;
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
    let rels = relationships(parts.read(&format!("{dir}_rels/{workbook}.rels"))?)?;
    // calamine keeps the last of two relationships with one id: left to it.
    let mut ids: Vec<&str> = rels.iter().map(|(id, _, _)| id.as_str()).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(StepAside("two relationships with one id"));
    }
    let listed = workbook_sheets(parts.read(&format!("{dir}{workbook}"))?)?;
    let mut sheets = Vec::new();
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
        sheets.push((name, (!chart).then_some(path)));
    }
    Ok(Listing {
        dir,
        sheets,
        is_1904: listed.is_1904,
    })
}

/// `(Id, Type, Target)` of each relationship in a `.rels` part.
fn relationships(xml: &str) -> Lean<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    let mut x = Events::new(xml);
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
    let mut x = Events::new(xml);
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
