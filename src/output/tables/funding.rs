//! 经费: one row per station and reporting year with a used report (SPEC §9.1).

use super::{int, money, plain, yuan, Col, Rows, Sheet, FILE, STATION, YEAR};
use crate::evaluate::{Assessment, FundingYear};
use crate::output::Value;
use crate::schema::summary::FUNDING;

pub const SHEET: Sheet = Sheet {
    name: FUNDING,
    columns: || super::headers(COLUMNS),
    rows: Rows::PerStation {
        rows: |a, out| super::station_rows(COLUMNS, a, &a.funding, out),
        count: |a| a.funding.len(),
        free: |a| a.funding = Vec::new(),
    },
    print: super::Print::List,
};

const COLUMNS: &[Col<Assessment, FundingYear>] = &[
    plain(STATION, |a, _| Value::text(a.id.clone())),
    plain(YEAR, |_, y| Value::text(y.year.to_string())),
    plain("经费结算年度", |_, y| {
        y.settlement_year
            .map_or(Value::Empty, |n| Value::Int(n.into()))
    }),
    money("到位金额(元)", |_, y| yuan(y.received)),
    money("支出金额(元)", |_, y| yuan(y.spent)),
    money("其中研究生生活补助(元)", |_, y| {
        yuan(y.subsidy_spent)
    }),
    money("学生补助发放合计(元)", |_, y| {
        yuan(y.students_paid)
    }),
    plain("联合承担科研项目数", |_, y| {
        y.joint_projects.map_or(Value::Empty, |n| int(n as usize))
    }),
    // The path as text, as on 成果: 年度上报 links the same file.
    plain(FILE, |_, y| Value::text(y.file.clone())),
];
