//! The school's own lists: the station register, the expert review form and a filled
//! 抽查清单.

use super::sheet::{read_table, Record};
use super::Context;
use crate::model::{RegisterEntry, ReviewEntry, SpotCheckEntry, SpotTarget};
use crate::problem::{CellRef, Code};
use crate::read::RawSheet;
use crate::schema::{self, register as g, review as r, spot_check as s, Sheet};

fn the_sheet<'a>(
    sheets: &'a [(&'static Sheet, Option<RawSheet>)],
    ctx: &mut Context,
) -> Option<(&'static Sheet, &'a RawSheet)> {
    let (schema, raw) = sheets.first()?;
    match raw {
        Some(raw) => Some((schema, raw)),
        None => {
            ctx.file_problem(
                Code::MissingSheet,
                format!("缺少工作表 \"{}\"", schema.name),
            );
            None
        }
    }
}

/// The records of the list's one sheet; none when it is missing or has no header row (both
/// listed as problems).
fn records(sheets: &[(&'static Sheet, Option<RawSheet>)], ctx: &mut Context) -> Vec<Record> {
    the_sheet(sheets, ctx)
        .and_then(|(schema, raw)| read_table(raw, schema, ctx))
        .map(|read| read.records)
        .unwrap_or_default()
}

pub fn register(
    sheets: &[(&'static Sheet, Option<RawSheet>)],
    ctx: &mut Context,
) -> Vec<RegisterEntry> {
    records(sheets, ctx)
        .iter()
        .filter_map(|x| {
            Some(RegisterEntry {
                file: ctx.file.clone(),
                row: x.row,
                station_id: x.text(&g::STATION_ID)?,
                station_name: x.text(&g::STATION_NAME),
                host: x.text(&g::HOST),
                host_type: x.choice(&g::HOST_TYPE),
                college: x.text(&g::COLLEGE),
                recognised_on: x.date(&g::RECOGNISED_ON),
                remark: x.text(&g::REMARK),
                confidential: x.yes(&g::CONFIDENTIAL),
            })
        })
        .collect()
}

pub fn review(
    sheets: &[(&'static Sheet, Option<RawSheet>)],
    ctx: &mut Context,
) -> Vec<ReviewEntry> {
    records(sheets, ctx)
        .iter()
        .filter_map(|x| {
            Some(ReviewEntry {
                file: ctx.file.clone(),
                row: x.row,
                station_id: x.text(&r::STATION_ID)?,
                station_name: x.text(&r::STATION_NAME),
                applied: x.yes(&r::APPLIED),
                conditions: x.choice(&r::CONDITIONS),
                rules_sound: x.yes(&r::RULES_SOUND),
                mechanism: x.yes(&r::MECHANISM),
                cooperation: x.yes(&r::COOPERATION),
                benefit: x.yes(&r::BENEFIT),
                subsidy: x.yes(&r::SUBSIDY),
                opinion: x.text(&r::OPINION),
                reviewed_on: x.date(&r::REVIEWED_ON),
            })
        })
        .collect()
}

/// The rows of a 抽查清单 that carry a 核查结果 (SPEC §9.3); rows left blank there say nothing
/// and are skipped. A row whose 单元格 or 核对值 cannot be what its 项目类型 needs is an error
/// at that cell and is not used.
pub fn spot_check(
    sheets: &[(&'static Sheet, Option<RawSheet>)],
    ctx: &mut Context,
) -> Vec<SpotCheckEntry> {
    let Some(read) = the_sheet(sheets, ctx).and_then(|(schema, raw)| read_table(raw, schema, ctx))
    else {
        return Vec::new();
    };
    let layout = &read.layout;
    let mut entries = Vec::new();
    for mut x in read.records {
        let Some(verdict) = x.choice(&s::RESULT) else {
            continue;
        };
        let row = x.row;
        let at = |field| layout.cell(field, row);
        let (Some(station_id), Some(kind), Some(source_file), Some(value)) = (
            x.take_text(&s::STATION_ID),
            x.choice(&s::ITEM_KIND),
            x.take_text(&s::SOURCE_FILE),
            x.take_text(&s::CHECK_VALUE),
        ) else {
            continue; // a required cell is blank: its error is listed
        };
        let cell_text = x.text(&s::CELL).unwrap_or_default();
        let cell = CellRef::parse_a1(&cell_text);
        let bad_cell = |ctx: &mut Context, what: &str| {
            ctx.problem(
                Code::BadText,
                &layout.name,
                at(&s::CELL),
                format!(
                    "{}: \"{cell_text}\" 不是{what}，本行的核查结果未采用；请按 gsw spot-check 生成时的原样填写",
                    s::CELL.label
                ),
            )
        };
        let target = match (kind, cell) {
            (schema::SPOT_STUDENT, Some(cell)) => SpotTarget::Student {
                cell,
                student_id: value,
            },
            (schema::SPOT_OUTCOME, Some(cell)) => SpotTarget::Outcome { cell, name: value },
            (schema::SPOT_FUNDING, _) => match parse_amount(&value) {
                Some(total) => SpotTarget::Funding { total },
                None => {
                    ctx.problem(
                        Code::BadNumber,
                        &layout.name,
                        at(&s::CHECK_VALUE),
                        format!(
                            "{}: 经费的核对值 \"{value}\" 不是金额，本行的核查结果未采用；请按 gsw spot-check 生成时的原样填写",
                            s::CHECK_VALUE.label
                        ),
                    );
                    continue;
                }
            },
            _ => {
                if !cell_text.is_empty() {
                    bad_cell(ctx, "单元格地址（如 C5）");
                }
                continue;
            }
        };
        entries.push(SpotCheckEntry {
            file: ctx.file.clone(),
            sheet: layout.name.clone(),
            row,
            result_cell: at(&s::RESULT),
            station_id,
            source_file,
            target,
            verdict: verdict == schema::TRUE_FINDING,
            note: x.take_text(&s::NOTE),
        });
    }
    entries
}

/// `120000.00`, `120,000`, `￥120000元`: the amount in yuan.
fn parse_amount(text: &str) -> Option<f64> {
    let digits: String = (text.chars())
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '￥' | '¥' | '元'))
        .collect();
    digits.parse::<f64>().ok().filter(|n| n.is_finite())
}
