//! The school's own lists: the station register and the expert review form.

use super::sheet::{read_table, Record};
use super::Context;
use crate::model::{RegisterEntry, ReviewEntry};
use crate::problem::Code;
use crate::read::RawSheet;
use crate::schema::{register as g, review as r, Sheet};

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
