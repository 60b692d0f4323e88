//! Funding and subsidies (经费使用情况及研究生生活补贴), the measures' fourth kind of basic data
//! (SPEC §9.1). The grade reads the reports themselves (C4, C6); what is made here is what the
//! summary shows of them once the reports' rows are freed: one line per reporting year and
//! the four-year totals.
//!
//! A sum is over the values that could be read: an unreadable value is left out (the
//! validator lists its problem at its cell), so the rest still counts.

use crate::dates::AcademicYear;
use crate::group::YearReports;

/// One reporting year's funding, from its used report (a row of 经费).
#[derive(Debug, Clone, PartialEq)]
pub struct FundingYear {
    pub year: AcademicYear,
    /// 经费结算年度 of 基本信息.
    pub settlement_year: Option<i32>,
    /// Sums over the report's 经费 rows; `None` when no row carries a readable value.
    pub received: Option<f64>,
    pub spent: Option<f64>,
    pub subsidy_spent: Option<f64>,
    /// 学生补助发放合计: the sum of the students' 本学年发放金额; `None` as above.
    pub students_paid: Option<f64>,
    /// 联合承担科研项目数 of 基本信息.
    pub joint_projects: Option<u32>,
    /// The used report's path.
    pub file: String,
}

/// The four-year totals of a station's [`FundingYear`]s (汇总).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FundTotals {
    pub received: f64,
    pub spent: f64,
    /// The students' 本学年发放金额 (生活补助发放合计).
    pub students_paid: f64,
    pub joint_projects: u64,
}

/// One line per report of `reports` (the used reports of the reporting years, in year
/// order).
pub(crate) fn collect(reports: &[&YearReports]) -> Vec<FundingYear> {
    reports
        .iter()
        .map(|y| {
            let r = &y.used;
            FundingYear {
                year: y.year,
                settlement_year: r.info.settlement_year,
                received: sum(r.funding.iter().map(|f| f.received)),
                spent: sum(r.funding.iter().map(|f| f.spent)),
                subsidy_spent: sum(r.funding.iter().map(|f| f.subsidy_spent)),
                students_paid: sum(r.students.iter().map(|s| s.amount_paid)),
                joint_projects: r.info.joint_projects,
                file: r.file.clone(),
            }
        })
        .collect()
}

/// The totals over `years`, each value that could not be read left out.
pub(crate) fn totals(years: &[FundingYear]) -> FundTotals {
    // Folded from 0.0: an empty `sum()` of floats is -0.0, which a spreadsheet may show.
    let add =
        |f: fn(&FundingYear) -> Option<f64>| years.iter().filter_map(f).fold(0.0, |a, b| a + b);
    FundTotals {
        received: add(|y| y.received),
        spent: add(|y| y.spent),
        students_paid: add(|y| y.students_paid),
        joint_projects: (years.iter())
            .filter_map(|y| y.joint_projects)
            .map(u64::from)
            .sum(),
    }
}

/// The sum of the values present; `None` when there is none.
fn sum(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values
        .flatten()
        .fold(None, |total, v| Some(total.unwrap_or(0.0) + v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::evaluate::testkit::{report, student, year_reports, MASTER};
    use crate::model::Funding;

    /// SPEC §9.1: each year's sums and the four-year totals leave out what cannot be read;
    /// a year whose rows carry no value has none (not 0).
    #[test]
    fn sums_leave_out_what_cannot_be_read() {
        let mut a = report("S1", 2021, ymd(2022, 7, 1));
        a.funding.push(Funding {
            row: 2,
            received: None, // unreadable
            spent: Some(500.5),
            subsidy_spent: Some(300.0),
            ..Default::default()
        });
        a.students = vec![
            student("1", MASTER, ymd(2021, 9, 1), None),
            student("2", MASTER, ymd(2021, 9, 1), None),
        ];
        a.students[1].amount_paid = None;
        let mut b = report("S1", 2022, ymd(2023, 7, 1));
        b.funding = Vec::new();
        b.info.joint_projects = None;
        let years = [year_reports(a), year_reports(b)];
        let refs: Vec<&YearReports> = years.iter().collect();
        let got = collect(&refs);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].received, got[0].spent, got[0].subsidy_spent),
            (Some(10_000.0), Some(8_500.5), Some(300.0))
        );
        assert_eq!(got[0].students_paid, Some(5_000.0));
        assert_eq!(
            (got[0].joint_projects, got[0].settlement_year),
            (Some(1), Some(2021))
        );
        assert_eq!(got[0].file, "S1/2021.xlsx");
        assert_eq!(
            (got[1].received, got[1].spent, got[1].students_paid),
            (None, None, None)
        );
        let t = totals(&got);
        assert_eq!(
            t,
            FundTotals {
                received: 10_000.0,
                spent: 8_500.5,
                students_paid: 5_000.0,
                joint_projects: 1,
            }
        );
    }
}
