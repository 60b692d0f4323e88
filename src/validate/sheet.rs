//! One sheet against its schema: find the header row (or the labels), map columns by
//! normalised name, skip rows that carry no record, and read every cell of every record.

use super::cell::{self, CellValue};
use super::Context;
use crate::dates::AcademicYear;
use crate::model::SheetLayout;
use crate::problem::{CellRef, Code};
use crate::read::RawSheet;
use crate::schema::{normalize_name, Field, Sheet};
use calamine::Data;
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many rows from the top may hold the header row (SPEC §3.6).
const HEADER_SEARCH_ROWS: usize = 10;

/// One record (a table row, or all of 基本信息) with the values that could be read.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 0-based absolute row of a table record; 0 for 基本信息.
    pub row: u32,
    /// The sheet's fields, and the value of each that was read (`None` otherwise).
    fields: &'static [Field],
    values: Vec<Option<CellValue>>,
    /// Bit `i`: the cell of field `i` was filled but could not be read (its error is listed).
    unreadable: u64,
}

impl Record {
    fn new(row: u32, schema: &Sheet) -> Self {
        Record {
            row,
            fields: schema.fields,
            values: vec![None; schema.fields.len()],
            unreadable: 0,
        }
    }

    fn set_unreadable(&mut self, field: &Field) {
        if let Some(i) = self.position(field).filter(|&i| i < 64) {
            self.unreadable |= 1 << i;
        }
    }

    /// Whether the field's cell was filled but could not be read: not the same as empty
    /// (an unreadable 出站日期 is not "still in the station", SPEC §5.4).
    pub fn unreadable(&self, field: &Field) -> bool {
        self.position(field)
            .is_some_and(|i| i < 64 && self.unreadable & (1 << i) != 0)
    }

    fn set(&mut self, field: &Field, value: CellValue) {
        if let Some(i) = self.position(field) {
            self.values[i] = Some(value);
        }
    }

    fn position(&self, field: &Field) -> Option<usize> {
        self.fields.iter().position(|f| f.label == field.label)
    }

    fn get(&self, field: &Field) -> Option<&CellValue> {
        self.values.get(self.position(field)?)?.as_ref()
    }

    pub fn text(&self, field: &Field) -> Option<String> {
        match self.get(field)? {
            CellValue::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// [`Self::text`], taken out of the record rather than copied.
    pub fn take_text(&mut self, field: &Field) -> Option<String> {
        let i = self.position(field)?;
        match self.values.get_mut(i)? {
            Some(CellValue::Text(s)) => Some(std::mem::take(s)),
            _ => None,
        }
    }

    pub fn date(&self, field: &Field) -> Option<NaiveDate> {
        match self.get(field)? {
            CellValue::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn number(&self, field: &Field) -> Option<f64> {
        match self.get(field)? {
            CellValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn count(&self, field: &Field) -> Option<u32> {
        self.number(field)
            .map(|n| n.clamp(0.0, u32::MAX as f64) as u32)
    }

    pub fn choice(&self, field: &Field) -> Option<&'static str> {
        match self.get(field)? {
            CellValue::Choice(c) => Some(c),
            _ => None,
        }
    }

    pub fn yes(&self, field: &Field) -> Option<bool> {
        self.choice(field).map(|c| c == crate::schema::YES)
    }

    pub fn year(&self, field: &Field) -> Option<AcademicYear> {
        match self.get(field)? {
            CellValue::Year(y) => Some(*y),
            _ => None,
        }
    }

    /// Whether a value was read for the field.
    pub fn has(&self, field: &Field) -> bool {
        self.get(field).is_some()
    }
}

/// A sheet read against its schema.
#[derive(Debug, Clone, Default)]
pub struct SheetRead {
    pub layout: SheetLayout,
    pub records: Vec<Record>,
}

/// Reads a table sheet. `None` when its header row cannot be found (an error is listed).
pub fn read_table(raw: &RawSheet, schema: &Sheet, ctx: &mut Context) -> Option<SheetRead> {
    let by_name = labels(schema);

    // The header row: among the first rows, the one that names the most fields.
    let mut best: Option<(u32, usize)> = None;
    for (row, cells) in raw.rows().take(HEADER_SEARCH_ROWS) {
        // Only text names a field: numbers and dates need no normalising.
        let hits = cells
            .iter()
            .filter(|c| matches!(c, Data::String(s) if by_name.contains_key(&*normalize_name(s))))
            .count();
        if hits > 0 && best.is_none_or(|(_, b)| hits > b) {
            best = Some((row, hits));
        }
    }
    let Some((header_row, _)) = best else {
        ctx.problem(
            Code::MissingHeader,
            &raw.name,
            None,
            format!(
                "前 {HEADER_SEARCH_ROWS} 行中找不到表头（应有 {} 等列）",
                schema
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.label)
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
        return None;
    };

    let mut layout = SheetLayout {
        name: raw.name.clone(),
        ..Default::default()
    };
    let first_col = raw.first_col();
    let header_cells = raw
        .rows()
        .find(|(r, _)| *r == header_row)
        .map(|(_, c)| c)
        .unwrap_or_default();
    for (i, c) in header_cells.iter().enumerate() {
        let col = first_col + i as u32;
        let text = cell::cell_text(c);
        if text.trim().is_empty() {
            continue;
        }
        match by_name.get(&*normalize_name(&text)) {
            Some(field) => {
                layout.columns.insert_if_absent(field.label, col);
            }
            None => ctx.problem(
                Code::ExtraColumn,
                &raw.name,
                Some(CellRef::new(header_row, col)),
                format!("多出的列 \"{}\" 不在模板中，已忽略", text.trim()),
            ),
        }
    }
    for field in schema.fields.iter().filter(|f| f.required) {
        if !layout.columns.contains_key(field.label) {
            ctx.problem(
                Code::MissingHeader,
                &raw.name,
                None,
                format!(
                    "缺少必填列 \"{}\"（表头在第 {} 行）",
                    field.label,
                    header_row + 1
                ),
            );
        }
    }

    let mapped: Vec<(&'static Field, usize)> = schema
        .fields
        .iter()
        .filter_map(|f| {
            layout
                .columns
                .get(f.label)
                .map(|&col| (f, (col - first_col) as usize))
        })
        .collect();
    let seq = schema
        .fields
        .first()
        .filter(|f| f.label == crate::schema::report::SEQ.label);

    let mut records = Vec::new();
    // Cells in columns without a header: counted per column, listed once each.
    let mut stray: std::collections::BTreeMap<u32, (CellRef, usize)> = Default::default();
    let mapped_cols: std::collections::HashSet<u32> = layout.columns.values().copied().collect();
    for (row, cells) in raw.rows().filter(|(r, _)| *r > header_row) {
        for (i, c) in cells.iter().enumerate() {
            let col = first_col + i as u32;
            if !is_blank(c) && !mapped_cols.contains(&col) {
                stray.entry(col).or_insert((CellRef::new(row, col), 0)).1 += 1;
            }
        }
        let at = |i: usize| cells.get(i).unwrap_or(&Data::Empty);
        let filled = (mapped.iter()).any(|(f, i)| !is_blank(at(*i)) && Some(*f) != seq);
        if !filled || is_total_row(cells) {
            continue;
        }
        let mut record = Record::new(row, schema);
        for (field, i) in &mapped {
            if Some(*field) == seq {
                continue;
            }
            let col = first_col + *i as u32;
            match cell::parse(field, at(*i)) {
                Ok(Some(v)) => record.set(field, v),
                Ok(None) => {}
                Err(e) => {
                    record.set_unreadable(field);
                    ctx.problem(e.code, &raw.name, Some(CellRef::new(row, col)), e.message)
                }
            }
        }
        // A required column that is missing entirely was reported once above.
        records.push(record);
    }
    for (_, (first, n)) in stray {
        let letters = crate::problem::column_letters(first.col);
        let header = header_cells
            .get((first.col - first_col) as usize)
            .map(cell::cell_text)
            .filter(|t| !t.trim().is_empty());
        if header.is_none() {
            ctx.problem(
                Code::ExtraColumn,
                &raw.name,
                Some(first),
                format!("{letters} 列没有表头，其中 {n} 个单元格的内容未读取（首个在 {first}）"),
            );
        }
    }
    Some(SheetRead { layout, records })
}

/// Reads a label–value sheet (基本信息): each label in one of the first columns, its value
/// in the first non-empty cell to its right.
pub fn read_labels(raw: &RawSheet, schema: &Sheet, ctx: &mut Context) -> SheetRead {
    let by_name = labels(schema);
    let first_col = raw.first_col();
    let mut layout = SheetLayout {
        name: raw.name.clone(),
        ..Default::default()
    };
    let mut found: Vec<(&'static Field, CellRef, Data)> = Vec::new();
    for (row, cells) in raw.rows() {
        let Some((i, field)) = cells.iter().enumerate().take(3).find_map(|(i, c)| {
            by_name
                .get(&*normalize_name(&cell::cell_text(c)))
                .map(|f| (i, *f))
        }) else {
            continue;
        };
        if layout.cells.contains_key(field.label) {
            continue;
        }
        let value_at = cells
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, c)| !is_blank(c))
            .map(|(j, c)| (j, c.clone()));
        let (j, value) = value_at.unwrap_or((i + 1, Data::Empty));
        let cell = CellRef::new(row, first_col + j as u32);
        layout.cells.insert(field.label, cell);
        found.push((field, cell, value));
    }
    let mut record = Record::new(0, schema);
    for (field, cell, value) in found {
        match cell::parse(field, &value) {
            Ok(Some(v)) => record.set(field, v),
            Ok(None) => {}
            Err(e) => ctx.problem(e.code, &raw.name, Some(cell), e.message),
        }
    }
    for field in schema.fields.iter().filter(|f| f.required) {
        if !layout.cells.contains_key(field.label) {
            ctx.problem(
                Code::MissingHeader,
                &raw.name,
                None,
                format!("缺少必填项 \"{}\"（A 列应有此项名称）", field.label),
            );
        }
    }
    SheetRead {
        layout,
        records: vec![record],
    }
}

pub(crate) fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The sheet's fields by label. Labels are in normal form already (a schema test checks).
fn labels(schema: &Sheet) -> HashMap<&'static str, &'static Field> {
    schema.fields.iter().map(|f| (f.label, f)).collect()
}

/// A closing row whose first text cell is 合计 or 总计.
fn is_total_row(cells: &[Data]) -> bool {
    cells
        .iter()
        .find_map(|c| match c {
            Data::String(s) if !s.trim().is_empty() => Some(s),
            _ => None,
        })
        // Only text holding 计 can normalise to either (no other character's NFKC has it;
        // a test checks): the names in every row are not normalised for nothing.
        .is_some_and(|s| s.contains('计') && matches!(&*normalize_name(s), "合计" | "总计"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ji_itself_normalises_to_text_with_ji() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c != '计' {
                assert!(!c.to_string().nfkc().any(|n| n == '计'), "{c:?}");
            }
        }
        let text = |t: &str| Data::String(t.to_string());
        assert!(is_total_row(&[Data::Empty, text(" 合 计： ")]));
        assert!(is_total_row(&[text("总计*")]));
        assert!(!is_total_row(&[text("张三"), text("合计")]));
    }
}
