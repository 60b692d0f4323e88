//! Whole-station scenarios: each names the clause of the measures it checks.

use super::testkit::*;
use super::*;
use crate::dates::ymd;

const R: (i32, u32, u32) = (2020, 9, 1);

fn r() -> NaiveDate {
    ymd(R.0, R.1, R.2)
}

/// After the last due date of a term starting 2020-09-01 (its last reporting year
/// 2023-2024 was due 2024-07-10) and after the term's end (2024-08-31).
fn after() -> NaiveDate {
    ymd(2025, 8, 1)
}

fn verdict(a: &Assessment, id: &str) -> Verdict {
    a.criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.result())
        .unwrap()
}

fn criterion<'a>(a: &'a Assessment, id: &str) -> &'a CriterionResult {
    a.criteria.iter().find(|c| c.id == id).unwrap()
}

/// 每次认定有效期为4年: E is the day before the 4th anniversary; 29 February → 28 February.
/// SPEC §5.3 (rev. 2): a four-year term has exactly four reporting years, the first starting
/// on 1 July of R's calendar year, however late in the year R falls.
#[test]
fn term_and_reporting_years() {
    let cases = [
        (ymd(2020, 9, 1), ymd(2024, 8, 31), 2020),
        (ymd(2020, 2, 29), ymd(2024, 2, 28), 2020),
        (ymd(2020, 7, 1), ymd(2024, 6, 30), 2020),
        (ymd(2020, 6, 30), ymd(2024, 6, 29), 2020),
        (ymd(2021, 12, 1), ymd(2025, 11, 30), 2021),
    ];
    for (recognised, end, first) in cases {
        let a = run_one(good_station("S1", recognised, 20), ymd(2030, 1, 1));
        let term = a.term.unwrap();
        assert_eq!((term.start, term.end), (recognised, end), "{recognised}");
        let years: Vec<i32> = a.years.iter().map(|y| y.year.start_year).collect();
        assert_eq!(
            years,
            [first, first + 1, first + 2, first + 3],
            "{recognised}"
        );
        assert_eq!(a.status, Status::Expired);
        assert_eq!(a.grade, Grade::Excellent, "{recognised}: {:#?}", a.criteria);
    }
}

/// SPEC §5.3 (rev. 2): R = 2020-09-01 reports 2020-2021 … 2023-2024. The two months of
/// 2024-2025 before E are in no reporting year, so on 2025-07-11 the station is not failed
/// for the missing 2024-2025 report; a 2024-2025 report that does arrive is outside the term
/// (提示, not used).
#[test]
fn a_sliver_year_after_the_reporting_years_is_not_due() {
    let a = run_one(good_station("S1", r(), 20), ymd(2025, 7, 11));
    assert_eq!(a.years.len(), 4);
    assert_eq!(a.years.last().unwrap().year, AcademicYear::new(2023));
    assert_eq!((a.status, a.grade), (Status::Expired, Grade::Excellent));
    assert_eq!(a.counts.due_years, 4);
    assert!(!a.is_forecast);

    let mut h = good_station("S1", r(), 20);
    let mut sliver = report("S1", 2024, ymd(2025, 7, 1));
    sliver
        .students
        .push(student("NEW", MASTER, ymd(2024, 7, 1), None));
    h.years.push(year_reports(sliver));
    let (a, problems) = run(vec![h], ymd(2025, 7, 11));
    assert_eq!(a[0].files_outside_term, [FileId(2024)]);
    assert!(a[0].students.iter().all(|s| s.student_id != "NEW"));
    let outside: Vec<_> = problems
        .iter()
        .filter(|p| p.code == crate::problem::Code::YearOutsideTerm)
        .collect();
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0].severity, crate::problem::Severity::Info);
    assert!(
        outside[0]
            .message
            .contains("报告学年为 2020-2021 至 2023-2024"),
        "{}",
        outside[0].message
    );
}

/// 验收优秀标准 3 “…20人以上” and 合格标准 3 “…不少于 8 人”: the numbers themselves count.
#[test]
fn student_counts_decide_between_grades() {
    let cases = [
        (20, Grade::Excellent, Verdict::Met),
        (19, Grade::Qualified, Verdict::Met),
        (8, Grade::Qualified, Verdict::Met),
        (7, Grade::Failed, Verdict::NotMet),
    ];
    for (n, grade, qualified) in cases {
        let a = run_one(good_station("S1", r(), n), after());
        assert_eq!(a.counts.students, n);
        assert_eq!(a.grade, grade, "{n} students");
        assert_eq!(criterion(&a, "C5").qualified, Some(qualified), "{n}");
    }
    let a = run_one(good_station("S1", r(), 20), after());
    assert_eq!((a.counts.doctors, a.counts.masters), (10, 10));
    assert!(
        a.conclusion
            .contains("自动进入下一轮认定有效期（至 2028年8月31日）"),
        "{}",
        a.conclusion
    );
}

/// 合格标准 3 with 7 students: 不合格, and the consequence “三年内不得重新申报”.
#[test]
fn failed_station_is_banned_for_three_years() {
    let a = run_one(good_station("S1", r(), 7), after());
    assert_eq!(a.grade, Grade::Failed);
    assert!(
        a.conclusion
            .contains("3 年内（至 2027年8月31日）不得重新申报"),
        "{}",
        a.conclusion
    );
    assert!(a.conclusion.contains("C5"));
    assert_eq!(a.unmet(), ["C5"]);
}

/// 设站单位职责 3: “设站单位原则上一般应为进站的博士生提供不低于每人每月 1000 元 … 研究生导师在
/// 设站单位承担项目的，由其导师和设站单位协商解决”. SPEC §6 (rev. 2): a duty of the host, not
/// the acceptance standard: below the minimum without the exemption is a warning at the cell,
/// named in C4's 实际 and 依据; 1000 itself is not below. `subsidy_min_fails_c4 = true` makes
/// it fail C4.
#[test]
fn subsidy_below_the_minimum_is_a_warning_unless_the_rules_make_it_fail_c4() {
    let strict = Rules {
        subsidy_min_fails_c4: true,
        ..Rules::default()
    };
    let cases = [
        (999.0, None, false, Verdict::Met, true),
        (999.0, Some(false), false, Verdict::Met, true),
        (999.0, Some(true), false, Verdict::Met, false),
        (1000.0, None, false, Verdict::Met, false),
        (999.0, None, true, Verdict::NotMet, true),
        (999.0, Some(true), true, Verdict::Met, false),
        (1000.0, None, true, Verdict::Met, false),
    ];
    for (monthly, supervisor_project, fails_c4, want, warned) in cases {
        let mut h = good_station("S1", r(), 20);
        let s = &mut h.years[1].used.students[0];
        assert_eq!(s.level, Some(DOCTOR));
        s.monthly_subsidy = Some(monthly);
        s.amount_paid = Some(monthly * 10.0);
        s.supervisor_project = supervisor_project;
        let rules = if fails_c4 { &strict } else { &Rules::default() };
        let (a, problems) = run_with(vec![h], rules, after());
        let case = format!("{monthly} {supervisor_project:?} {fails_c4}");
        let c4 = criterion(&a[0], "C4");
        assert_eq!(c4.result(), want, "{case}");
        let below: Vec<_> = problems
            .iter()
            .filter(|p| p.code == crate::problem::Code::SubsidyBelowMinimum)
            .collect();
        assert_eq!(below.len(), usize::from(warned), "{case}");
        if !warned {
            assert!(!c4.evidence.contains("补助"), "{case}: {}", c4.evidence);
            continue;
        }
        assert_eq!(below[0].severity, crate::problem::Severity::Warning);
        assert_eq!(below[0].file.as_deref(), Some("S1/2021.xlsx"));
        assert!(
            c4.evidence
                .contains("学号 S000 补助 999 元 < 1000 元（S1/2021.xlsx 进站研究生）"),
            "{}",
            c4.evidence
        );
        if fails_c4 {
            assert_eq!(a[0].grade, Grade::Failed);
            assert!(
                below[0].message.contains("C4 不达标"),
                "{}",
                below[0].message
            );
        } else {
            assert_eq!(a[0].grade, Grade::Excellent);
            assert!(
                c4.actual.contains("月补助标准低于最低标准 1 人次（仅警告"),
                "{}",
                c4.actual
            );
            assert!(c4
                .evidence
                .starts_with("各行均按时足额发放；低于最低标准（仅警告）"));
            assert!(below[0].message.contains("仅警告，不影响 C4"));
        }
    }
}

/// 合格标准 2 “按时、足额发放”: 按时足额发放 = 否, or paid less than 标准 × 月数 − 1.
#[test]
fn subsidy_not_paid_in_full_fails() {
    let mut h = good_station("S1", r(), 20);
    h.years[0].used.students[1].paid_in_full = Some(false);
    let a = run_one(h, after());
    assert_eq!(verdict(&a, "C4"), Verdict::NotMet);
    let mut h = good_station("S1", r(), 20);
    h.years[0].used.students[1].amount_paid = Some(4998.5);
    assert_eq!(verdict(&run_one(h, after()), "C4"), Verdict::NotMet);
    let mut h = good_station("S1", r(), 20);
    h.years[0].used.students[1].amount_paid = Some(4999.5);
    assert_eq!(verdict(&run_one(h, after()), "C4"), Verdict::Met);
}

/// SPEC §4, §6 (rev. 2): the review's 生活补助按时足额发放 overrides C4 like the other review
/// columns, both ways; blank leaves it to the reports.
#[test]
fn review_overrides_c4_both_ways() {
    let mut h = good_station("S1", r(), 20);
    h.review.as_mut().unwrap().subsidy = Some(false);
    let a = run_one(h, after());
    assert_eq!(verdict(&a, "C4"), Verdict::NotMet);
    assert_eq!(criterion(&a, "C4").actual, "专家评议：否");
    assert_eq!(a.grade, Grade::Failed);
    let mut h = good_station("S1", r(), 20);
    h.years[0].used.students[1].paid_in_full = Some(false);
    h.review.as_mut().unwrap().subsidy = Some(true);
    let a = run_one(h.clone(), after());
    assert_eq!(verdict(&a, "C4"), Verdict::Met);
    assert_eq!(a.grade, Grade::Excellent);
    h.review.as_mut().unwrap().subsidy = None;
    assert_eq!(verdict(&run_one(h, after()), "C4"), Verdict::NotMet);
}

fn set_filed(h: &mut StationHistory, start_year: i32, filed: Option<NaiveDate>) {
    let y = h
        .years
        .iter_mut()
        .find(|y| y.year.start_year == start_year)
        .unwrap();
    y.used.info.filed_on = filed;
    y.earliest_filed = filed;
}

/// 连续两年未按时上报的研究生工作站将予以撤销: consecutive years only.
#[test]
fn two_consecutive_late_years_revoke_two_apart_do_not() {
    let mut h = good_station("S1", r(), 20);
    set_filed(&mut h, 2021, Some(ymd(2022, 7, 11)));
    h.years.retain(|y| y.year.start_year != 2022);
    let a = run_one(h, after());
    assert_eq!(a.status, Status::Revoked);
    assert_eq!(a.grade, Grade::None);
    assert!(
        a.conclusion.contains("2021-2022 迟交（填报日期 2022-07-11"),
        "{}",
        a.conclusion
    );
    assert!(a.conclusion.contains("2022-2023 未报"), "{}", a.conclusion);

    let mut h = good_station("S1", r(), 20);
    set_filed(&mut h, 2021, Some(ymd(2022, 7, 11)));
    set_filed(&mut h, 2023, Some(ymd(2024, 8, 1)));
    let a = run_one(h, after());
    assert_eq!(a.status, Status::Expired);
    assert_eq!(a.grade, Grade::Failed, "C1 fails");
    assert_eq!((a.counts.late, a.counts.on_time), (2, 2));
    assert_eq!(verdict(&a, "C1"), Verdict::NotMet);
}

/// 每年7月10日之前 … 报送: 10 July on time, 11 July late.
#[test]
fn a_report_on_10_july_is_on_time() {
    let mut h = good_station("S1", r(), 20);
    set_filed(&mut h, 2022, Some(ymd(2023, 7, 10)));
    let a = run_one(h, after());
    assert_eq!(a.years[2].status, YearStatus::OnTime);
    assert_eq!(a.grade, Grade::Excellent);
    let mut h = good_station("S1", r(), 20);
    set_filed(&mut h, 2022, Some(ymd(2023, 7, 11)));
    let a = run_one(h, after());
    assert_eq!(a.years[2].status, YearStatus::Late);
    assert_eq!(a.grade, Grade::Failed);
    assert!(criterion(&a, "C1")
        .evidence
        .contains("2022-2023 迟交（填报日期 2023-07-11，文件 S1/2022.xlsx"));
}

/// A received year without a readable 填报日期: C1 not met, but not a step to revocation.
#[test]
fn unknown_filing_date_fails_c1_but_does_not_revoke() {
    let mut h = good_station("S1", r(), 20);
    set_filed(&mut h, 2021, None);
    set_filed(&mut h, 2022, Some(ymd(2023, 8, 1)));
    let a = run_one(h, after());
    assert_eq!(a.years[1].status, YearStatus::DateUnknown);
    assert_ne!(a.status, Status::Revoked);
    assert_eq!(verdict(&a, "C1"), Verdict::NotMet);
    assert_eq!(a.counts.date_unknown, 1);
}

/// 优秀标准 4 can only be judged by experts: without a review it is 待评议, the grade 合格,
/// and 可升至 优秀.
#[test]
fn pending_c7_gives_qualified_that_can_rise() {
    let mut h = good_station("S1", r(), 20);
    h.review = None;
    let a = run_one(h, after());
    assert_eq!(verdict(&a, "C7"), Verdict::Pending);
    assert_eq!(a.grade, Grade::Qualified);
    assert_eq!(a.can_rise_to, Some(Grade::Excellent));
    assert_eq!(a.pending(), ["C7"]);
    assert!(a.conclusion.contains("可升至优秀"), "{}", a.conclusion);
    // Pending does not lift a station that misses something else.
    let mut h = good_station("S1", r(), 19);
    h.review = None;
    assert_eq!(run_one(h, after()).can_rise_to, None);
}

/// 名册: a station in it with no report at all is evaluated, all years 未报 → 已撤销.
#[test]
fn register_only_station_is_revoked() {
    let mut h = history("S9", vec![]);
    h.register = Some(register("S9", r()));
    let a = run_one(h, after());
    assert!(a.years.iter().all(|y| y.status == YearStatus::Missing));
    assert_eq!(a.status, Status::Revoked);
    assert_eq!(a.name.as_deref(), Some("测试工作站"));
    assert!(
        a.conclusion.starts_with("已撤销：2020-2021 未报"),
        "{}",
        a.conclusion
    );
}

/// 专家评议: a filled cell overrides the data for that criterion, in both directions.
#[test]
fn review_overrides_data_both_ways() {
    // Review says no although the data say yes.
    for set in [
        (|r: &mut ReviewEntry| r.rules_sound = Some(false)) as fn(&mut ReviewEntry),
        |r| r.conditions = Some("一般"),
        |r| r.cooperation = Some(false),
    ] {
        let mut h = good_station("S1", r(), 20);
        set(h.review.as_mut().unwrap());
        assert_eq!(run_one(h, after()).grade, Grade::Failed);
    }
    // Review says yes although the data say no.
    let mut h = good_station("S1", r(), 20);
    for y in &mut h.years {
        y.used.info.rules_sound = Some(false);
        y.used.info.conditions = Some("一般");
        y.used.info.joint_projects = Some(0);
        y.used.outcomes.clear();
    }
    assert_eq!(run_one(h.clone(), after()).grade, Grade::Failed);
    let rv = h.review.as_mut().unwrap();
    rv.rules_sound = Some(true);
    rv.conditions = Some("优越");
    rv.cooperation = Some(true);
    rv.benefit = Some(true);
    let a = run_one(h.clone(), after());
    assert_eq!(a.grade, Grade::Excellent, "{:#?}", a.criteria);
    // The review denies the benefit the reports claim.
    let mut h = good_station("S1", r(), 20);
    for y in &mut h.years {
        y.used.outcomes.clear();
    }
    h.years[0].used.outcomes.push({
        let mut o = outcome("其他", "技术转化", "市级", true);
        o.benefit = Some(true);
        o
    });
    assert_eq!(run_one(h.clone(), after()).grade, Grade::Excellent);
    h.review.as_mut().unwrap().benefit = Some(false);
    assert_eq!(run_one(h, after()).grade, Grade::Qualified);
}

/// 重要经济社会效益 counts only on an outcome related to the station.
#[test]
fn benefit_of_an_unrelated_outcome_does_not_count() {
    let mut h = good_station("S1", r(), 20);
    h.years[0].used.outcomes = vec![{
        let mut o = outcome("其他", "技术转化", "市级", false);
        o.benefit = Some(true);
        o
    }];
    let a = run_one(h, after());
    assert_eq!(verdict(&a, "C6"), Verdict::NotMet);
    assert_eq!(a.grade, Grade::Qualified);
}

/// 优秀标准 5 “至少获得 1 项…国家级成果或 2 项以上省部级成果”: the same outcome in two
/// years counts once.
#[test]
fn a_repeated_provincial_outcome_counts_once() {
    let mut h = good_station("S1", r(), 20);
    for y in &mut h.years {
        y.used.outcomes.clear();
    }
    h.years[0].used.outcomes.push(outcome(
        "专利",
        "一种检测装置",
        crate::schema::PROVINCIAL,
        true,
    ));
    h.years[1].used.outcomes.push(outcome(
        "专利",
        "一种 检测装置",
        crate::schema::PROVINCIAL,
        true,
    ));
    let a = run_one(h.clone(), after());
    assert_eq!(a.counts.provincial, 1);
    assert_eq!(verdict(&a, "C6"), Verdict::NotMet);
    assert_eq!(a.outcomes.iter().filter(|o| !o.counted).count(), 1);
    h.years[2]
        .used
        .outcomes
        .push(outcome("论文", "另一成果", crate::schema::PROVINCIAL, true));
    assert_eq!(run_one(h, after()).counts.provincial, 2);
}

/// 四(一) “每年7月10日之前”: on the due date itself the year is not yet counted; the day
/// after, a missing report is 未报. SPEC §6: a 期满 station whose last year is not yet due is
/// graded provisionally until that date (R = 2021-07-01: E = 2025-06-30, the last reporting
/// year 2024-2025 is due 2025-07-10).
#[test]
fn evaluation_on_the_due_date_and_the_day_after() {
    let mut h = good_station("S1", ymd(2021, 7, 1), 20);
    h.years.retain(|y| y.year.start_year != 2024);
    let on = run_one(h.clone(), ymd(2025, 7, 10));
    let last = on.years.last().unwrap();
    assert_eq!((last.status, last.counted), (YearStatus::NotDue, false));
    assert_eq!(on.status, Status::Expired);
    assert!(on.is_forecast);
    assert_eq!(on.grade, Grade::Excellent);
    assert!(on.conclusion.starts_with("暂评："), "{}", on.conclusion);
    assert!(on
        .conclusion
        .contains("2024-2025 学年年报截止日期为 2025年7月10日"));
    assert!(
        on.alerts.iter().any(|a| a.contains("还有 0 天")),
        "{:?}",
        on.alerts
    );
    let next = run_one(h, ymd(2025, 7, 11));
    assert_eq!(next.years.last().unwrap().status, YearStatus::Missing);
    assert!(!next.is_forecast);
    assert_eq!(next.grade, Grade::Failed);
}

/// SPEC §5.3: reports for academic years outside the term are 提示 and not used.
#[test]
fn a_report_for_a_year_before_the_term_is_not_used() {
    let mut h = good_station("S1", r(), 20);
    let mut old = report("S1", 2018, ymd(2019, 7, 1));
    for k in 0..30 {
        old.students
            .push(student(&format!("OLD{k}"), MASTER, ymd(2018, 9, 1), None));
    }
    h.years.insert(0, year_reports(old));
    let (a, problems) = run(vec![h], after());
    assert_eq!(a[0].years.len(), 4);
    assert_eq!(a[0].counts.students, 20);
    assert_eq!(a[0].files_outside_term, [FileId(2018)]);
    let p: Vec<_> = problems
        .iter()
        .filter(|p| p.code == crate::problem::Code::YearOutsideTerm)
        .collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].file.as_deref(), Some("S1/2018.xlsx"));
}

/// 期满验收 “未及时申请期满验收的，不再作为市级研究生工作站”.
#[test]
fn expired_without_applying_fails() {
    let mut h = good_station("S1", r(), 20);
    h.review.as_mut().unwrap().applied = Some(false);
    let a = run_one(h, after());
    assert_eq!(a.grade, Grade::Failed);
    assert!(a.conclusion.contains("未及时申请期满验收"));
    assert_eq!(a.can_rise_to, None);
}

/// An in-term station is a forecast (预评) with what it lacks and early warnings.
#[test]
fn in_term_forecast_with_hints_and_alerts() {
    let mut h = good_station("S1", r(), 5);
    h.years.retain(|y| y.year.start_year <= 2022);
    set_filed(&mut h, 2022, Some(ymd(2023, 7, 20)));
    for y in &mut h.years {
        y.used.outcomes.clear();
    }
    let a = run_one(h, ymd(2024, 6, 20));
    assert_eq!(a.status, Status::InTerm);
    assert!(a.is_forecast);
    assert_eq!(a.grade, Grade::Failed);
    assert!(
        a.hints.contains(&"距优秀还差 15 人".to_string()),
        "{:?}",
        a.hints
    );
    assert!(a.hints.contains(&"距合格还差 3 人".to_string()));
    assert!(a.hints.iter().any(|h| h.starts_with("尚无国家级成果")));
    assert!(
        a.conclusion
            .starts_with("在期（认定有效期 2020年9月1日 至 2024年8月31日）"),
        "{}",
        a.conclusion
    );
    let alerts = a.alerts.join("\n");
    assert!(
        alerts.contains("若 2023-2024 学年（截止 2024年7月10日）再未按时上报"),
        "{alerts}"
    );
    assert!(
        alerts.contains("2023-2024 学年年报应于 2024年7月10日 前报送（还有 20 天）"),
        "{alerts}"
    );
    assert!(alerts.contains("低于期满不少于 8 人所需进度"), "{alerts}");
}

/// 进站培养半年以上: a 182-day stay (2023-09-01 … 2024-02-29) does not count; 91 + 92 days
/// over two academic years does.
#[test]
fn half_year_students_across_reports() {
    let mut h = good_station("S1", r(), 0);
    let y = |h: &mut StationHistory, start: i32| -> usize {
        h.years
            .iter()
            .position(|y| y.year.start_year == start)
            .unwrap()
    };
    let i = y(&mut h, 2023);
    h.years[i].used.students.push(student(
        "A",
        MASTER,
        ymd(2023, 9, 1),
        Some(ymd(2024, 2, 29)),
    ));
    let j = y(&mut h, 2022);
    h.years[j]
        .used
        .students
        .push(student("B", MASTER, ymd(2023, 4, 1), None));
    h.years[i].used.students.push(student(
        "B",
        DOCTOR,
        ymd(2023, 4, 1),
        Some(ymd(2023, 9, 30)),
    ));
    // C's second stretch is in the 2024-2025 report, not a reporting year of the term
    // (2020-2021 … 2023-2024): only the 91 days of 2023-2024 count.
    h.years[i]
        .used
        .students
        .push(student("C", MASTER, ymd(2024, 4, 1), None));
    let mut sliver = report("S1", 2024, ymd(2025, 7, 1));
    sliver.students.push(student(
        "C",
        MASTER,
        ymd(2024, 4, 1),
        Some(ymd(2024, 9, 30)),
    ));
    h.years.push(year_reports(sliver));
    let a = run_one(h, after());
    let days: Vec<_> = a
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s.days, s.counted))
        .collect();
    assert_eq!(
        days,
        [("A", 182, false), ("B", 183, true), ("C", 91, false)]
    );
    assert_eq!(a.counts.students, 1);
    assert_eq!(a.counts.doctors, 1);
    assert_eq!(
        a.students[1].level,
        Some(DOCTOR),
        "培养层次 from the latest report"
    );
    assert_eq!(a.students[1].years.len(), 2);
}

/// A term with no 认定日期 anywhere: graded as a forecast on the reports received.
#[test]
fn unknown_recognition_date_is_a_forecast_on_received_years() {
    let mut h = good_station("S1", r(), 20);
    h.register = None;
    for y in &mut h.years {
        y.used.info.recognised_on = None;
    }
    h.years.remove(2);
    let a = run_one(h, after());
    assert_eq!(a.term, None);
    assert!(a.is_forecast);
    assert_eq!(a.years.len(), 4);
    assert_eq!(a.years[2].status, YearStatus::Missing);
    assert_eq!(a.status, Status::InTerm);
    assert!(a.conclusion.starts_with("认定日期不明"), "{}", a.conclusion);
}

/// SPEC §5.4: the same 学号 in two stations on overlapping days is a warning for both.
#[test]
fn a_student_in_two_stations_is_warned() {
    let a = good_station("A", r(), 1);
    let b = good_station("B", r(), 1);
    let (_, problems) = run(vec![b, a], after());
    let stations: Vec<_> = problems
        .iter()
        .filter(|p| p.code == crate::problem::Code::StudentInTwoStations)
        .map(|p| p.station.clone().unwrap())
        .collect();
    assert_eq!(stations.len(), 2);
    assert!(stations.contains(&"A".to_string()) && stations.contains(&"B".to_string()));
}

/// Stations are assessed in stretches on several threads: the assessments and problems are
/// those of one thread, in the same order, however the stations are split.
#[test]
fn the_result_does_not_depend_on_the_threads() {
    let stations = || {
        let mut late = good_station("C", r(), 8);
        late.years[1].used.info.filed_on = Some(ymd(2022, 7, 20));
        late.years[1].earliest_filed = Some(ymd(2022, 7, 20));
        let mut stations = vec![
            good_station("E", r(), 20),
            good_station("A", r(), 1),
            late,
            good_station("B", r(), 1),
            good_station("D", ymd(2021, 9, 1), 3),
        ];
        stations[4].years.pop();
        Stations {
            histories: stations,
            register_present: true,
        }
    };
    let on = |threads| {
        let mut problems = Vec::new();
        let a = evaluate_on(
            &mut stations(),
            &Rules::default(),
            after(),
            &mut problems,
            threads,
        );
        (a, problems)
    };
    let (one, problems) = on(1);
    assert!(
        problems.len() >= 2,
        "the stations give problems: {problems:?}"
    );
    let ids: Vec<_> = one.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E"]);
    for threads in [2, 3, 5, 8] {
        assert_eq!(
            on(threads),
            (one.clone(), problems.clone()),
            "{threads} threads"
        );
    }
}

/// Evidence names the file, sheet and A1 cell where the layout is known.
#[test]
fn evidence_names_a1_cells() {
    use crate::model::SheetLayout;
    use crate::schema::report as rf;
    let mut h = good_station("S1", r(), 20);
    let report = &mut h.years[1].used;
    let layout = SheetLayout {
        name: "进站研究生".into(),
        columns: [(rf::STUDENT_ID.label, 2), (rf::MONTHLY_SUBSIDY.label, 9)].into(),
        cells: Default::default(),
    };
    report.layouts.0.insert(rf::STUDENTS.name, layout);
    report.students[0].row = 4;
    report.students[0].monthly_subsidy = Some(800.0);
    report.students[0].amount_paid = Some(8000.0);
    let basic = SheetLayout {
        name: "基本信息".into(),
        columns: Default::default(),
        cells: [(rf::FILED_ON.label, crate::problem::CellRef::new(9, 1))].into(),
    };
    report.layouts.0.insert(rf::BASIC.name, basic);
    report.info.filed_on = Some(ymd(2022, 7, 15));
    h.years[1].earliest_filed = Some(ymd(2022, 7, 15));
    let a = run_one(h, after());
    let c4 = &criterion(&a, "C4").evidence;
    assert!(
        c4.contains("学号 S000 补助 800 元 < 1000 元（S1/2021.xlsx 进站研究生!J5）"),
        "{c4}"
    );
    let c1 = &criterion(&a, "C1").evidence;
    assert_eq!(
        c1,
        "2021-2022 迟交（填报日期 2022-07-15，文件 S1/2021.xlsx 基本信息!B10）"
    );
    assert_eq!(a.years[1].filed_cell.as_deref(), Some("基本信息!B10"));
}

/// SPEC §5.5 (rev. 2): an outcome dated outside the term (before R or after E) is not counted
/// (计入 否, warning at 取得日期): R = 2020-09-01 and E = 2024-08-31 themselves are inside.
/// Outside the report's academic year but inside the term still counts.
#[test]
fn an_outcome_outside_the_term_is_not_counted() {
    let cases = [
        (ymd(2020, 8, 31), 0, false),
        (ymd(2020, 9, 1), 0, true),
        (ymd(2024, 8, 31), 3, true),
        (ymd(2024, 9, 1), 3, false),
    ];
    for (on, year, counted) in cases {
        let mut h = good_station("S1", r(), 20);
        for y in &mut h.years {
            y.used.outcomes.clear();
        }
        let mut o = outcome("论文", "一项成果", crate::schema::NATIONAL, true);
        o.obtained_on = Some(on);
        o.benefit = Some(true);
        h.years[year].used.outcomes.push(o);
        let (a, problems) = run(vec![h], after());
        let a = &a[0];
        assert_eq!(a.outcomes[0].counted, counted, "{on}");
        assert_eq!(a.counts.national, usize::from(counted), "{on}");
        assert_eq!(
            a.counts.benefit_claimed, counted,
            "{on}: the claim goes with it"
        );
        assert_eq!(a.grade == Grade::Excellent, counted, "{on}");
        let warned: Vec<_> = problems
            .iter()
            .filter(|p| p.code == crate::problem::Code::OutcomeOutsideTerm)
            .collect();
        assert_eq!(warned.len(), usize::from(!counted), "{on}");
        if !counted {
            assert_eq!(warned[0].severity, crate::problem::Severity::Warning);
            assert!(warned[0]
                .message
                .contains(&format!("取得日期 {on} 不在认定有效期")));
            assert_eq!(a.outcomes[0].note, "取得日期不在认定有效期内");
        }
    }
}

/// SPEC §5.6 (rev. 2): a year's data from a report received after the due date while an
/// earlier one was on time: 提示 at the later file, saying what the correction changed.
#[test]
fn a_late_correction_says_what_it_changed() {
    let mut h = good_station("S1", r(), 20);
    let y = &mut h.years[1];
    let mut first = y.used.clone();
    first.file = "S1/2021-first.xlsx".into();
    first.students[3].paid_in_full = Some(false);
    first.students.truncate(5);
    y.used.info.filed_on = Some(ymd(2022, 7, 20));
    y.on_time = Some(Box::new(first));
    let (a, problems) = run(vec![h.clone()], after());
    assert_eq!(a[0].years[1].status, YearStatus::OnTime);
    assert_eq!(a[0].grade, Grade::Excellent);
    let late: Vec<_> = problems
        .iter()
        .filter(|p| p.code == crate::problem::Code::LateCorrection)
        .collect();
    assert_eq!(late.len(), 1);
    let p = late[0];
    assert_eq!(p.severity, crate::problem::Severity::Info);
    assert_eq!(p.file.as_deref(), Some("S1/2021.xlsx"));
    assert!(
        p.message.starts_with("2021-2022 学年的数据取自截止日期 2022-07-10 之后收到的本文件（填报日期 2022-07-20）；按时报送的是 S1/2021-first.xlsx（填报日期 2022-07-01）"),
        "{}",
        p.message
    );
    assert!(
        p.message.contains("C4 未达标 → 达标；等级 不合格 → 优秀"),
        "{}",
        p.message
    );

    // A correction that moves nothing the grade uses names the report's own totals.
    let mut first = h.years[1].used.clone();
    first.file = "S1/2021-first.xlsx".into();
    first.info.filed_on = Some(ymd(2022, 7, 1));
    first.students[0].amount_paid = Some(9_000.0);
    first.students[0].months_paid = Some(9.0);
    h.years[1].on_time = Some(Box::new(first));
    let (_, problems) = run(vec![h], after());
    let p = problems
        .iter()
        .find(|p| p.code == crate::problem::Code::LateCorrection)
        .unwrap();
    assert!(
        p.message
            .contains("与按时报送的相比：生活补助发放合计（元） 149000 → 150000。"),
        "{}",
        p.message
    );
}
