//! The annual report: 基本信息 and the four tables become a typed [`Report`], then the
//! cross-checks of SPEC §3 that need only this one workbook.

use super::sheet::{read_labels, read_table, Record, SheetRead};
use super::Context;
use crate::model::{BasicInfo, Funding, Layouts, Outcome, Person, Report, StudentRow};
use crate::problem::Code;
use crate::read::RawSheet;
use crate::schema::{self, report as f, Layout, Sheet};
use std::collections::HashMap;

pub fn build(sheets: &[(&'static Sheet, Option<RawSheet>)], ctx: &mut Context) -> Option<Report> {
    let mut layouts = Layouts::default();
    let mut read: HashMap<&'static str, SheetRead> = HashMap::new();
    for (schema_sheet, raw) in sheets {
        let Some(raw) = raw else {
            ctx.file_problem(
                Code::MissingSheet,
                format!("缺少工作表 \"{}\"", schema_sheet.name),
            );
            continue;
        };
        let sheet_read = match schema_sheet.layout {
            Layout::LabelValue => Some(read_labels(raw, schema_sheet, ctx)),
            Layout::Table => read_table(raw, schema_sheet, ctx),
        };
        if let Some(s) = sheet_read {
            layouts.0.insert(schema_sheet.name, s.layout.clone());
            read.insert(schema_sheet.name, s);
        }
    }
    let (has_people, has_funding) = (
        read.contains_key(f::PEOPLE.name),
        read.contains_key(f::FUNDING.name),
    );
    let mut records = |sheet: &Sheet| -> Vec<Record> {
        read.remove(sheet.name).map_or(Vec::new(), |s| s.records)
    };

    let basic = records(&f::BASIC).into_iter().next().unwrap_or_default();
    let station_id = basic.text(&f::STATION_ID);
    let year = basic.year(&f::ACADEMIC_YEAR);
    let (Some(station_id), Some(year)) = (station_id, year) else {
        ctx.file_problem(
            Code::NoStationId,
            "基本信息中缺少有效的工作站编号或报告学年，本表无法归入任何工作站，未采用",
        );
        return None;
    };
    let info = BasicInfo {
        template_version: basic.text(&f::TEMPLATE_VERSION),
        station_id: station_id.clone(),
        station_name: basic.text(&f::STATION_NAME),
        host: basic.text(&f::HOST),
        host_type: basic.choice(&f::HOST_TYPE),
        college: basic.text(&f::COLLEGE),
        recognised_on: basic.date(&f::RECOGNISED_ON),
        year,
        settlement_year: basic.number(&f::SETTLEMENT_YEAR).map(|n| n as i32),
        filed_on: basic.date(&f::FILED_ON),
        filer: basic.text(&f::FILER),
        phone: basic.text(&f::PHONE),
        rules_sound: basic.yes(&f::RULES_SOUND),
        conditions: basic.choice(&f::CONDITIONS),
        joint_projects: basic.count(&f::JOINT_PROJECTS),
    };
    let student_records = records(&f::STUDENTS);
    explain_rows_without_days(&student_records, &layouts, ctx);
    let students = student_records.into_iter().map(student).collect();
    let people = records(&f::PEOPLE)
        .into_iter()
        .map(|mut r| Person {
            row: r.row,
            name: r.take_text(&f::PERSON_NAME),
            role: r.choice(&f::ROLE),
            title: r.take_text(&f::TITLE),
            position: r.take_text(&f::POSITION),
            employer: r.take_text(&f::EMPLOYER),
            social_roles: r.take_text(&f::SOCIAL_ROLES),
        })
        .collect();
    let outcomes = records(&f::OUTCOMES)
        .into_iter()
        .map(|mut r| Outcome {
            row: r.row,
            kind: r.choice(&f::OUTCOME_KIND),
            name: r.take_text(&f::OUTCOME_NAME),
            level: r.choice(&f::OUTCOME_LEVEL),
            obtained_on: r.date(&f::OBTAINED_ON),
            students: split_ids(r.take_text(&f::OUTCOME_STUDENTS).as_deref().unwrap_or("")),
            related: r.yes(&f::STATION_RELATED),
            benefit: r.yes(&f::BENEFIT),
            benefit_note: r.take_text(&f::BENEFIT_NOTE),
            refuted: false,
        })
        .collect();
    let funding = records(&f::FUNDING)
        .into_iter()
        .map(|mut r| Funding {
            row: r.row,
            source: r.choice(&f::FUNDING_SOURCE),
            received: r.number(&f::RECEIVED),
            spent: r.number(&f::SPENT),
            subsidy_spent: r.number(&f::SUBSIDY_SPENT),
            note: r.take_text(&f::FUNDING_NOTE),
        })
        .collect();
    let mut report = Report {
        file: ctx.file.clone(),
        info,
        students,
        people,
        outcomes,
        funding,
        layouts,
        broken: None,
        funding_refuted: false,
    };
    cross_check(&mut report, has_people, has_funding, ctx);
    ctx.tag(&station_id, Some(year));
    Some(report)
}

fn student(mut r: Record) -> StudentRow {
    StudentRow {
        row: r.row,
        name: r.take_text(&f::NAME),
        student_id: r.take_text(&f::STUDENT_ID),
        level: r.choice(&f::LEVEL),
        degree_type: r.choice(&f::DEGREE_TYPE),
        supervisor: r.take_text(&f::SUPERVISOR),
        station_supervisor: r.take_text(&f::STATION_SUPERVISOR),
        entered_on: r.date(&f::ENTERED_ON),
        left_on: r.date(&f::LEFT_ON),
        // SPEC §5.4: only empty cells and the placeholders mean "still in the station"; a
        // 出站日期 that cannot be read (`已出站`, `2023-13-45`) gives the row no days.
        left_unknown: r.unreadable(&f::LEFT_ON),
        monthly_subsidy: r.number(&f::MONTHLY_SUBSIDY),
        months_paid: r.number(&f::MONTHS_PAID),
        amount_paid: r.number(&f::AMOUNT_PAID),
        paid_in_full: r.yes(&f::PAID_IN_FULL),
        supervisor_project: r.yes(&f::SUPERVISOR_PROJECT),
        insured: r.yes(&f::INSURED),
        safety_training: r.yes(&f::SAFETY_TRAINING),
        remark: r.take_text(&f::REMARK),
        refuted: false,
    }
}

/// SPEC §5.4: a row whose 进站日期 or 出站日期 cannot be read gives no days; its error says so
/// and what to write instead.
fn explain_rows_without_days(records: &[Record], layouts: &Layouts, ctx: &mut Context) {
    for r in records {
        for (field, fix) in [
            (&f::ENTERED_ON, "请填写进站日期"),
            (
                &f::LEFT_ON,
                "已出站的请填写出站日期，仍在站的请留空或填“在站”",
            ),
        ] {
            if !r.unreadable(field) {
                continue;
            }
            let Some((sheet, Some(cell))) = layouts.cell(&f::STUDENTS, field, r.row) else {
                continue;
            };
            let at = |p: &&mut crate::problem::Problem| {
                p.cell == Some(cell) && p.sheet.as_deref() == Some(sheet.as_str())
            };
            if let Some(p) = ctx.problems.iter_mut().rev().find(at) {
                p.message.push_str(&format!("；本行不计在站天数，{fix}"));
            }
        }
    }
}

/// 参与研究生学号: several separated by 、 , ， ; ； or spaces.
pub fn split_ids(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', ' ', '\u{3000}', '\n', '/'])
        .map(super::cell::normalize_key)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The checks of SPEC §3 within one report.
fn cross_check(report: &mut Report, has_people: bool, has_funding: bool, ctx: &mut Context) {
    let year = report.info.year;
    let mut problems: Vec<(Code, &'static Sheet, &'static schema::Field, u32, String)> = Vec::new();

    if let Some(v) = &report.info.template_version {
        if v != schema::TEMPLATE_VERSION {
            problems.push((
                Code::TemplateVersion,
                &f::BASIC,
                &f::TEMPLATE_VERSION,
                0,
                format!(
                    "模板版本为 \"{v}\"，当前模板为 {}",
                    schema::TEMPLATE_VERSION
                ),
            ));
        }
    }
    if let Some(s) = report.info.settlement_year {
        if s != year.start_year {
            problems.push((
                Code::SettlementYear,
                &f::BASIC,
                &f::SETTLEMENT_YEAR,
                0,
                format!(
                    "经费结算年度为 {s}，{year} 学年应采用上年度年终结算数据，即 {}",
                    year.start_year
                ),
            ));
        }
    }

    let mut first_row: HashMap<&str, u32> = HashMap::new();
    for s in report.students.iter_mut() {
        if let (Some(entered), Some(left)) = (s.entered_on, s.left_on) {
            if left < entered {
                problems.push((
                    Code::LeftBeforeEntered,
                    &f::STUDENTS,
                    &f::LEFT_ON,
                    s.row,
                    format!("出站日期 {left} 早于进站日期 {entered}，该生本学年在站天数不计"),
                ));
                s.left_on = None;
                s.left_unknown = true;
            }
        }
        let outside = s.entered_on.is_some_and(|d| d > year.last_day())
            || s.left_on.is_some_and(|d| d < year.first_day());
        if outside {
            problems.push((
                Code::StudentOutsideYear,
                &f::STUDENTS,
                &f::ENTERED_ON,
                s.row,
                format!(
                    "在站时间与 {year} 学年（{} 至 {}）不重叠，本行不计天数",
                    year.first_day(),
                    year.last_day()
                ),
            ));
        }
    }
    for s in &report.students {
        let Some(id) = s.student_id.as_deref() else {
            continue;
        };
        match first_row.get(id) {
            Some(first) => problems.push((
                Code::DuplicateStudent,
                &f::STUDENTS,
                &f::STUDENT_ID,
                s.row,
                format!("学号 {id} 在本表中重复（第 {} 行已有）", first + 1),
            )),
            None => {
                first_row.insert(id, s.row);
            }
        }
    }

    if has_people {
        let has_role = |role| report.people.iter().any(|p| p.role == Some(role));
        let missing: Vec<&str> = [schema::HOST_CHIEF, schema::COLLEGE_CHIEF]
            .into_iter()
            .filter(|r| !has_role(r))
            .collect();
        if !missing.is_empty() {
            let sheet = report.cell(&f::PEOPLE, &f::ROLE, 0).0;
            ctx.problem(
                Code::MissingChief,
                &sheet,
                None,
                format!("双站长负责制：缺少{}", missing.join("和")),
            );
        }
    }

    for o in &report.outcomes {
        if let Some(d) = o.obtained_on.filter(|d| !year.contains(*d)) {
            problems.push((
                Code::OutcomeOutsideYear,
                &f::OUTCOMES,
                &f::OBTAINED_ON,
                o.row,
                format!("取得日期 {d} 不在 {year} 学年内"),
            ));
        }
        let note_missing = o
            .benefit_note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty());
        if o.benefit == Some(true) && note_missing {
            problems.push((
                Code::BenefitUnexplained,
                &f::OUTCOMES,
                &f::BENEFIT_NOTE,
                o.row,
                "重要经济社会效益为“是”但未填写效益说明（仍计入）".to_string(),
            ));
        }
    }

    if has_funding {
        let paid: f64 = report.students.iter().filter_map(|s| s.amount_paid).sum();
        let booked: f64 = report.funding.iter().filter_map(|x| x.subsidy_spent).sum();
        if (paid - booked).abs() > 0.5 {
            let sheet = report.cell(&f::FUNDING, &f::SUBSIDY_SPENT, 0).0;
            ctx.problem(
                Code::SubsidyTotal,
                &sheet,
                None,
                format!(
                    "经费表“其中研究生生活补助”合计 {} 元，与进站研究生本学年发放金额合计 {} 元不一致",
                    crate::format::number(booked),
                    crate::format::number(paid)
                ),
            );
        }
    }

    for (code, sheet, field, row, message) in problems {
        let (name, cell) = report.cell(sheet, field, row);
        ctx.problem(code, &name, cell, message);
    }
}
