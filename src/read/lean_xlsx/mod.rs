//! gsw's own reader for plain .xlsx files. It reads only what gsw uses — sheet names and
//! order, shared strings, which cell styles are dates, and cell values — in one pass over
//! each part, and skips fonts, fills, borders and themes. The shapes Excel, WPS and
//! rust_xlsxwriter write for a cell and a shared string are read straight from the bytes;
//! any other shape goes through a general XML scanner. It exists for speed: what it saves
//! is in `benches/README.md`.
//!
//! It gives exactly the cells calamine 0.38 gives. Parts are found whatever their case, as
//! calamine finds them; the shared strings and the styles are optional (Excel and WPS leave
//! the strings out of a workbook without text); a chart sheet is listed and holds no cells.
//! Whatever else it does not expect (a missing or doubled part, a cell without its
//! reference, a comment or CDATA in a value, an `_xHHHH_` escape, an unknown entity, a
//! number it cannot read plainly, XML it cannot follow) makes it step aside, and calamine
//! reads the file or sheet as before. The two are compared on every fixture and on mutated
//! files (`tests/lean_reader.rs`, `tests/fuzz.rs`).
//!
//! Laid out as calamine lays out its xlsx reader, one concept a module: the package's parts
//! ([`parts`]), the workbook and its relationships ([`workbook`]), the shared strings
//! ([`strings`]), the styles that make a number a date ([`styles`]), a sheet's cells
//! ([`cells`]), and what all of them use to read XML ([`xml`]).

mod cells;
mod parts;
mod strings;
mod styles;
mod workbook;
mod xml;

use super::{RawSheet, ReadError};
use crate::rules::Limits;
use calamine::ExcelDateTimeType;
use cells::{CellContext, Cells};
use parts::Parts;
use std::sync::Arc;

/// This file or sheet is left to calamine; the reason is for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StepAside(pub &'static str);

type Lean<T> = Result<T, StepAside>;

/// An open workbook: its parts are inflated on demand from the archive.
pub(super) struct LeanXlsx {
    parts: Parts,
    /// Sheet names and their part paths, in workbook order; no path for a chart sheet.
    sheets: Vec<(String, Option<String>)>,
    strings: Vec<String>,
    /// For each cell style (`cellXfs` index): whether numbers in it are dates or durations.
    styles: Vec<Option<ExcelDateTimeType>>,
    is_1904: bool,
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
        let parts = match Parts::open(bytes, limits) {
            Ok(Ok(parts)) => parts,
            Ok(Err(refused)) => return Opened::Refused(refused),
            Err(step) => return Opened::StepAside(step),
        };
        match Self::read_structure(parts) {
            Ok(wb) => Opened::Workbook(Box::new(wb)),
            Err(step) => Opened::StepAside(step),
        }
    }

    /// The sheets, the shared strings and the date styles: all but the sheets' cells.
    fn read_structure(mut parts: Parts) -> Lean<LeanXlsx> {
        let listing = workbook::listing(&mut parts)?;
        // Optional parts: no strings, and every number a plain number.
        let dir = &listing.dir;
        let mut strings = Vec::new();
        if let Some(text) = parts.read_optional(&format!("{dir}sharedStrings.xml"))? {
            strings = strings::shared_strings(text)?;
        }
        let mut styles = Vec::new();
        if let Some(text) = parts.read_optional(&format!("{dir}styles.xml"))? {
            styles = styles::date_styles(text)?;
        }
        Ok(LeanXlsx {
            parts,
            sheets: listing.sheets,
            strings,
            styles,
            is_1904: listing.is_1904,
        })
    }

    pub(super) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(name, _)| name.clone()).collect()
    }

    /// Whether `name` is a chart sheet (no cells).
    pub(super) fn is_chart(&self, name: &str) -> bool {
        (self.sheets.iter()).any(|(n, path)| n == name && path.is_none())
    }

    /// One sheet's cells (`Err(kept)` over the cell limit), or a step aside for calamine.
    pub(super) fn sheet(&mut self, name: &str, max_cells: usize) -> Lean<Result<RawSheet, usize>> {
        let path = (self.sheets.iter())
            .find(|(n, _)| n == name)
            .ok_or(StepAside("no such sheet"))?
            .1
            .as_deref()
            .ok_or(StepAside("chart sheet"))?;
        let text = self.parts.read(path)?;
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
