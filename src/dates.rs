//! Calendar rules of the measures: academic years (1 July – 30 June), due dates, terms.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::fmt;

/// An academic year y–(y+1): 1 July of y to 30 June of y+1 (管理办法 四(一)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcademicYear {
    pub start_year: i32,
}

impl AcademicYear {
    pub fn new(start_year: i32) -> Self {
        AcademicYear { start_year }
    }

    /// The academic year that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        if date.month() >= 7 {
            AcademicYear::new(date.year())
        } else {
            AcademicYear::new(date.year() - 1)
        }
    }

    pub fn first_day(self) -> NaiveDate {
        ymd(self.start_year, 7, 1)
    }

    pub fn last_day(self) -> NaiveDate {
        ymd(self.start_year + 1, 6, 30)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The report for this year is due on `due` (month, day) of the year it ends in.
    pub fn due_date(self, due: MonthDay) -> NaiveDate {
        due.in_year(self.start_year + 1)
    }

    pub fn next(self) -> Self {
        AcademicYear::new(self.start_year + 1)
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start_year, self.start_year + 1)
    }
}

impl Serialize for AcademicYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A month and day without a year, e.g. the due date 07-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// Parses `MM-DD`; 02-29 is refused since it does not exist every year.
    pub fn parse(s: &str) -> Option<Self> {
        let (m, d) = s.trim().split_once('-')?;
        let (month, day) = (m.parse().ok()?, d.parse().ok()?);
        NaiveDate::from_ymd_opt(2023, month, day)?;
        Some(MonthDay { month, day })
    }

    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day).unwrap_or_else(|| ymd(year, 12, 31))
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// A date known to be valid (for constants and the calendar arithmetic below).
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year.clamp(1, 9999), 1, 1))
        .unwrap_or(NaiveDate::MIN)
}

/// The same day `years` later; 29 February falls on 1 March in a common year.
pub fn anniversary(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year() + years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day()).unwrap_or_else(|| ymd(year, 3, 1))
}

pub fn day_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1)).unwrap_or(date)
}

pub fn day_after(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

/// Days from `a` to `b`, both included; 0 when `b` is before `a`.
pub fn days_inclusive(a: NaiveDate, b: NaiveDate) -> i64 {
    ((b - a).num_days() + 1).max(0)
}

/// The recognition term: R … E, E the day before the `years`-th anniversary of R.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Term {
    pub fn new(recognised_on: NaiveDate, years: u32) -> Self {
        Term {
            start: recognised_on,
            end: day_before(anniversary(recognised_on, years as i32)),
        }
    }

    /// The term's reporting years (SPEC §5.3): as many academic years as the term has years,
    /// the first starting on 1 July of R's calendar year. So a four-year term has exactly four
    /// annual reports: R = 2021-12-01 reports 2021-2022 … 2024-2025 (the months of 2025-2026 up
    /// to E are in none), R = 2022-03-01 reports 2022-2023 … 2025-2026 (the months before
    /// 2022-07-01 are in none).
    pub fn academic_years(&self) -> Vec<AcademicYear> {
        let first = AcademicYear::new(self.start.year());
        (0..self.years())
            .map(|k| AcademicYear::new(first.start_year + k))
            .collect()
    }

    /// The term's length in years: E + 1 day is its last anniversary of R.
    fn years(&self) -> i32 {
        (day_after(self.end).year() - self.start.year()).max(0)
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// `2024年7月10日`, the way dates are written in messages and conclusions.
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_end_is_the_day_before_the_fourth_anniversary() {
        // 每次认定有效期为4年
        let cases = [
            (ymd(2020, 9, 1), ymd(2024, 8, 31)),
            (ymd(2020, 2, 29), ymd(2024, 2, 28)),
            (ymd(2021, 2, 28), ymd(2025, 2, 27)),
            (ymd(2020, 7, 1), ymd(2024, 6, 30)),
            (ymd(2020, 6, 30), ymd(2024, 6, 29)),
        ];
        for (r, e) in cases {
            assert_eq!(Term::new(r, 4).end, e, "recognised {r}");
        }
        // A 29 February recognition over a term that does not end in a leap year.
        assert_eq!(Term::new(ymd(2020, 2, 29), 3).end, ymd(2023, 2, 28));
    }

    /// SPEC §5.3 (rev. 2): `term_years` academic years, the first starting on 1 July of R's
    /// calendar year; a year that merely touches the term is not one of them.
    #[test]
    fn reporting_years_start_on_1_july_of_the_recognition_year() {
        let years = |r, n| -> Vec<i32> {
            Term::new(r, n)
                .academic_years()
                .iter()
                .map(|y| y.start_year)
                .collect()
        };
        assert_eq!(years(ymd(2021, 7, 1), 4), [2021, 2022, 2023, 2024]);
        assert_eq!(years(ymd(2021, 12, 1), 4), [2021, 2022, 2023, 2024]);
        assert_eq!(years(ymd(2022, 3, 1), 4), [2022, 2023, 2024, 2025]);
        assert_eq!(years(ymd(2020, 6, 30), 4), [2020, 2021, 2022, 2023]);
        assert_eq!(years(ymd(2020, 9, 1), 4), [2020, 2021, 2022, 2023]);
        assert_eq!(years(ymd(2020, 2, 29), 4), [2020, 2021, 2022, 2023]);
        assert_eq!(years(ymd(2020, 2, 29), 3), [2020, 2021, 2022]);
        assert_eq!(years(ymd(2020, 1, 1), 1), [2020]);
        assert_eq!(years(ymd(2020, 9, 1), 5), [2020, 2021, 2022, 2023, 2024]);
    }

    #[test]
    fn academic_year_bounds_and_due_date() {
        let y = AcademicYear::new(2023);
        assert_eq!(y.to_string(), "2023-2024");
        assert_eq!(y.first_day(), ymd(2023, 7, 1));
        assert_eq!(y.last_day(), ymd(2024, 6, 30));
        let due = MonthDay::parse("07-10").unwrap();
        assert_eq!(y.due_date(due), ymd(2024, 7, 10));
        assert_eq!(AcademicYear::containing(ymd(2024, 6, 30)), y);
        assert_eq!(AcademicYear::containing(ymd(2024, 7, 1)), y.next());
        assert_eq!(MonthDay::parse("02-29"), None);
        assert_eq!(MonthDay::parse("13-01"), None);
    }

    #[test]
    fn inclusive_day_counts() {
        assert_eq!(days_inclusive(ymd(2023, 9, 1), ymd(2024, 2, 29)), 182);
        assert_eq!(days_inclusive(ymd(2023, 9, 1), ymd(2023, 9, 1)), 1);
        assert_eq!(days_inclusive(ymd(2023, 9, 2), ymd(2023, 9, 1)), 0);
    }
}
