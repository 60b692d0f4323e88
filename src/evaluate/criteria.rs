//! The criteria of 期满验收 (管理办法 四(二)), C1–C8 of SPEC §6, each a small function
//! quoting the clause it implements. A criterion may belong to the 合格 standard, the 优秀
//! standard or both, with its own requirement for each; thresholds come from [`Rules`].
//!
//! Each function decides on data: it returns its verdicts with typed findings (numbers, the
//! rows and years behind them, and which review answer applied); [`super::render`] writes
//! 要求/实际/依据 from them, and the grade is decided on the verdicts alone.
//!
//! 优秀 is read as including the 合格 standard: C8 (合格标准 4) is required for 优秀 too.
//! “以上” and “不少于” include the number itself (≥).

use super::outcomes::OutcomeLine;
use super::years::YearResult;
use super::{problem_at, Facts};
use crate::format::yuan;
use crate::group::YearReports;
use crate::model::{conditions_rank, ReviewEntry, StudentRow};
use crate::problem::{Code, Problem};
use crate::rules::{Rules, MIN_JOINT_PROJECTS, PAYMENT_TOLERANCE};
use crate::schema::{self, report as rf};

/// 工作、生活条件 the 合格 standard asks for (“条件良好”), or better.
pub(super) const CONDITIONS_QUALIFIED: &str = "良好";
/// 工作、生活条件 the 优秀 standard asks for (“条件优越”).
pub(super) const CONDITIONS_EXCELLENT: &str = "优越";

/// C1 … C8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    C1,
    C2,
    C3,
    C4,
    C5,
    C6,
    C7,
    C8,
}

impl Criterion {
    /// `C1` … `C8`.
    pub fn id(self) -> &'static str {
        match self {
            Criterion::C1 => "C1",
            Criterion::C2 => "C2",
            Criterion::C3 => "C3",
            Criterion::C4 => "C4",
            Criterion::C5 => "C5",
            Criterion::C6 => "C6",
            Criterion::C7 => "C7",
            Criterion::C8 => "C8",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Criterion::C1 => "按时上报基本数据",
            Criterion::C2 => "管理规章制度健全，执行良好",
            Criterion::C3 => "进站研究生工作、生活条件",
            Criterion::C4 => "按时、足额发放生活补贴",
            Criterion::C5 => "进站培养半年以上研究生人数",
            Criterion::C6 => "成果数量及水平",
            Criterion::C7 => "联合培养机制特色鲜明，成效显著",
            Criterion::C8 => "经费稳定，合作紧密，联合科研",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// Only the experts can decide (C7 without a review): counts as not met.
    Pending,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "达标",
            Verdict::NotMet => "未达标",
            Verdict::Pending => "待评议",
        }
    }

    fn of(met: bool) -> Verdict {
        if met {
            Verdict::Met
        } else {
            Verdict::NotMet
        }
    }

    /// One verdict for a criterion (结果): 未达标 or 待评议 at the 合格 level if so, else the
    /// 优秀 verdict. So `C5` with 12 students reads 未达标 (for 优秀) while 合格 is 达标.
    pub fn result(qualified: Option<Verdict>, excellent: Verdict) -> Verdict {
        match qualified {
            Some(v @ (Verdict::NotMet | Verdict::Pending)) => v,
            _ => excellent,
        }
    }
}

/// One criterion for one station, as the summary shows it: the verdicts and their texts.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// `C1` … `C8`.
    pub id: &'static str,
    pub name: &'static str,
    /// What the measures ask, with the thresholds in force.
    pub requirement: String,
    /// What the data (or the review) show.
    pub actual: String,
    /// Against the 合格 standard; `None` when that standard does not include it (C6, C7).
    pub qualified: Option<Verdict>,
    /// Against the 优秀 standard.
    pub excellent: Verdict,
    /// Years, students, outcomes, files and cells behind the verdict.
    pub evidence: String,
}

impl CriterionResult {
    /// `C1 按时上报基本数据`.
    pub fn title(&self) -> String {
        format!("{} {}", self.id, self.name)
    }

    /// 结果: see [`Verdict::result`].
    pub fn result(&self) -> Verdict {
        Verdict::result(self.qualified, self.excellent)
    }
}

/// A criterion decided: its verdicts and what they were decided on.
#[derive(Debug, Clone)]
pub(crate) struct Decided<'a> {
    pub criterion: Criterion,
    /// Against the 合格 standard; `None` when that standard does not include it (C6, C7).
    pub qualified: Option<Verdict>,
    /// Against the 优秀 standard.
    pub excellent: Verdict,
    pub found: Found<'a>,
}

impl Decided<'_> {
    /// 结果: see [`Verdict::result`].
    pub fn result(&self) -> Verdict {
        Verdict::result(self.qualified, self.excellent)
    }
}

/// What a criterion found: the numbers, years, rows and review answer behind its verdicts.
/// Totals of the station (counts, students, outcomes) are in [`Facts`] and not repeated.
#[derive(Debug, Clone)]
pub(crate) enum Found<'a> {
    /// The review form answered and decided (C2, C3, C4, C7, C8).
    Review(Answer, &'a ReviewEntry),
    /// C1: the counted years (their statuses are in them).
    Years(Vec<&'a YearResult>),
    /// C2 from the reports: 是 and 否 counted, and the years whose answer is not 是 (否 or
    /// unreadable), in year order.
    RulesSound {
        yes: usize,
        no: usize,
        not_yes: Vec<&'a YearReports>,
    },
    /// C3 from the reports: the worst 自评 and its year; `None` when no report gives one.
    Conditions(Option<(&'a YearReports, &'static str)>),
    /// C4 from the reports.
    Payments(Payments<'a>),
    /// C5: the counts and students in [`Facts`].
    Students,
    /// C6: whether 重要经济社会效益 holds, and who said so.
    Outcomes(Benefit<'a>),
    /// C7 without a review answer.
    AwaitingReview,
    /// C8 from the reports.
    Cooperation(Cooperation<'a>),
}

/// The review form's answer on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    YesNo(bool),
    /// 工作生活条件: one of `schema::CONDITIONS.values`.
    Conditions(&'static str),
}

/// C4 from the reports: every student row of the used reports, and those with a finding.
#[derive(Debug, Clone)]
pub(crate) struct Payments<'a> {
    /// Student rows looked at (人次).
    pub rows: usize,
    /// Rows that fail C4.
    pub failing: usize,
    /// Every row with a finding, failing or only warned, in report and row order.
    pub flagged: Vec<Payment<'a>>,
}

/// One student row with something to say about its payment.
#[derive(Debug, Clone)]
pub(crate) struct Payment<'a> {
    pub year: &'a YearReports,
    pub student: &'a StudentRow,
    /// 按时足额发放 = 否.
    pub not_in_full: bool,
    /// `(标准, 最低标准)`: the standard is below the minimum of the row's 培养层次 without the
    /// supervisor exemption; it fails the row only with `subsidy_min_fails_c4`.
    pub below: Option<(f64, f64)>,
    /// `(发放金额, 标准, 月数)` when 本学年发放金额 < 标准 × 月数 − [`PAYMENT_TOLERANCE`].
    pub short: Option<(f64, f64, f64)>,
}

/// C6's 重要经济社会效益.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Benefit<'a> {
    /// The review's answer, which overrides the reports.
    Reviewed(bool, &'a ReviewEntry),
    /// Whether a related outcome of the reports claims it.
    Claimed(bool),
}

/// C8 from the reports.
#[derive(Debug, Clone)]
pub(crate) struct Cooperation<'a> {
    /// Each counted year, in order: its used report and its 到位金额 total, or `None` when no
    /// report was received.
    pub years: Vec<(&'a YearResult, Option<(&'a YearReports, f64)>)>,
    /// 联合承担科研项目数 summed over the term's reports.
    pub projects: u32,
}

pub(crate) fn decide_all<'a>(f: &'a Facts) -> Vec<Decided<'a>> {
    vec![c1(f), c2(f), c3(f), c4(f), c5(f), c6(f), c7(f), c8(f)]
}

fn both(criterion: Criterion, verdict: Verdict, found: Found) -> Decided {
    Decided {
        criterion,
        qualified: Some(verdict),
        excellent: verdict,
        found,
    }
}

/// C1 — 合格、优秀标准 1: “每年按时上报基本数据”; 四(一): “每年7月10日之前…报送上一学年度…
/// 的基本数据”. Every counted year must be 按时; 迟交, 未报 and 填报日期不明 fail it.
fn c1<'a>(f: &'a Facts) -> Decided<'a> {
    let c = &f.counts;
    let counted = f.years.iter().filter(|y| y.counted).collect();
    both(
        Criterion::C1,
        Verdict::of(c.due_years == c.on_time),
        Found::Years(counted),
    )
}

/// C2 — 合格、优秀标准 1: “工作站管理规章制度健全，执行良好”. The review decides when it has
/// an opinion; else every report of the term must say 是 (an unreadable cell is left out).
fn c2<'a>(f: &'a Facts) -> Decided<'a> {
    if let Some((v, r)) = reviewed(f.review, |r| r.rules_sound) {
        return both(
            Criterion::C2,
            Verdict::of(v),
            Found::Review(Answer::YesNo(v), r),
        );
    }
    let (mut yes, mut no) = (0, 0);
    let mut not_yes = Vec::new();
    for y in &f.reports {
        match y.used.info.rules_sound {
            Some(true) => yes += 1,
            Some(false) => {
                no += 1;
                not_yes.push(*y);
            }
            None => not_yes.push(*y),
        }
    }
    let verdict = if yes + no == 0 {
        Verdict::NotMet
    } else {
        Verdict::of(no == 0)
    };
    both(
        Criterion::C2,
        verdict,
        Found::RulesSound { yes, no, not_yes },
    )
}

/// C3 — 合格标准 1: “进站研究生工作、生活条件良好”; 优秀标准 1: “…工作、生活条件优越”.
/// The review's value when given; else the worst 自评 among the term's reports.
fn c3<'a>(f: &'a Facts) -> Decided<'a> {
    let judge = |value: &str| -> (Option<Verdict>, Verdict) {
        let rank = conditions_rank(value);
        let at_least = |needed: &str| {
            Verdict::of(matches!((rank, conditions_rank(needed)), (Some(r), Some(n)) if r <= n))
        };
        (
            Some(at_least(CONDITIONS_QUALIFIED)),
            at_least(CONDITIONS_EXCELLENT),
        )
    };
    let ((qualified, excellent), found) = if let Some((v, r)) = reviewed(f.review, |r| r.conditions)
    {
        (judge(v), Found::Review(Answer::Conditions(v), r))
    } else {
        let worst = (f.reports.iter())
            .filter_map(|y| y.used.info.conditions.map(|c| (*y, c)))
            .max_by_key(|(_, c)| conditions_rank(c));
        let verdicts = match worst {
            Some((_, c)) => judge(c),
            None => (Some(Verdict::NotMet), Verdict::NotMet),
        };
        (verdicts, Found::Conditions(worst))
    };
    Decided {
        criterion: Criterion::C3,
        qualified,
        excellent,
        found,
    }
}

/// C4 — 合格、优秀标准 2: “按时、足额发放进站研究生生活补贴”. The review decides when it has an
/// opinion (生活补助按时足额发放); else a row fails when 按时足额发放 = 否 or 本学年发放金额 <
/// 标准 × 月数 − 1: the standard set was not paid on time and in full. A value that could not be
/// read leaves out only the test that needs it.
///
/// 设站单位职责 3: “设站单位原则上一般应为进站的博士生提供不低于每人每月 1000 元、硕士生不低于
/// 每人每月 500 元的在站生活补助。研究生导师在设站单位承担项目的，研究生在站生活补助由其导师和
/// 设站单位协商解决” is a duty of the host, not the acceptance standard: a standard below the
/// minimum of the row's own 培养层次 without the supervisor exemption is named here (and warned
/// at its cell, [`subsidy_problems`]); it fails C4 only with `subsidy_min_fails_c4`.
fn c4<'a>(f: &'a Facts) -> Decided<'a> {
    let r = f.rules;
    if let Some((v, rev)) = reviewed(f.review, |x| x.subsidy) {
        return both(
            Criterion::C4,
            Verdict::of(v),
            Found::Review(Answer::YesNo(v), rev),
        );
    }
    let mut rows = 0;
    let mut failing = 0;
    let mut flagged = Vec::new();
    for y in &f.reports {
        for s in &y.used.students {
            rows += 1;
            let short = match (s.monthly_subsidy, s.months_paid, s.amount_paid) {
                (Some(monthly), Some(months), Some(paid)) => {
                    (paid < monthly * months - PAYMENT_TOLERANCE).then_some((paid, monthly, months))
                }
                _ => None,
            };
            let row = Payment {
                year: y,
                student: s,
                not_in_full: s.paid_in_full == Some(false),
                below: below_minimum(s, r),
                short,
            };
            let fails = row.not_in_full || row.short.is_some();
            if fails || (row.below.is_some() && r.subsidy_min_fails_c4) {
                failing += 1;
            }
            if fails || row.below.is_some() {
                flagged.push(row);
            }
        }
    }
    let payments = Payments {
        rows,
        failing,
        flagged,
    };
    both(
        Criterion::C4,
        Verdict::of(failing == 0),
        Found::Payments(payments),
    )
}

/// `(标准, 最低标准)` when the row's 月生活补助标准 is below the minimum of its own 培养层次 and
/// 导师在设站单位承担项目 is not 是.
fn below_minimum(s: &StudentRow, r: &Rules) -> Option<(f64, f64)> {
    let min = match s.level {
        Some(schema::DOCTOR) => r.subsidy_min_doctor,
        Some(schema::MASTER) => r.subsidy_min_master,
        _ => return None,
    };
    let monthly = s.monthly_subsidy?;
    (monthly < min && s.supervisor_project != Some(true)).then_some((monthly, min))
}

/// SPEC §6: a 月生活补助标准 below the minimum without the supervisor exemption is a warning at
/// that cell, in every used report of the reporting years.
pub(crate) fn subsidy_problems(reports: &[&YearReports], r: &Rules, problems: &mut Vec<Problem>) {
    for y in reports {
        for s in &y.used.students {
            let Some((monthly, min)) = below_minimum(s, r) else {
                continue;
            };
            let effect = if r.subsidy_min_fails_c4 {
                "按规则 subsidy_min_fails_c4 = true，C4 不达标"
            } else {
                "仅警告，不影响 C4"
            };
            problems.push(problem_at(
                Code::SubsidyBelowMinimum,
                format!(
                    "{} {} 元低于{}最低标准 {} 元，且“{}”未填“是”（管理办法：设站单位原则上一般应不低于此标准；{effect}）。若导师在设站单位承担项目，请在该列填“是”；否则请设站单位按标准发放",
                    rf::MONTHLY_SUBSIDY.label,
                    yuan(monthly),
                    s.level.unwrap_or_default(),
                    yuan(min),
                    rf::SUPERVISOR_PROJECT.label,
                ),
                &y.used,
                &rf::STUDENTS,
                &rf::MONTHLY_SUBSIDY,
                s.row,
            ));
        }
    }
}

/// C5 — 合格标准 3: “四年进站培养半年以上研究生总人数不少于 8 人”; 优秀标准 3: “进站研究生
/// 规模较大。四年进站培养半年以上研究生总人数达20人以上”.
fn c5<'a>(f: &'a Facts) -> Decided<'a> {
    let r = f.rules;
    let n = f.counts.students as u64;
    Decided {
        criterion: Criterion::C5,
        qualified: Some(Verdict::of(n >= u64::from(r.qualified_students))),
        excellent: Verdict::of(n >= u64::from(r.excellent_students)),
        found: Found::Students,
    }
}

/// C6 — 优秀标准 5: “进站研究生的项目、论文、专利、标准等成果数量及水平突出，至少获得 1 项与
/// 工作站相关的国家级成果或 2 项以上省部级成果，或成果产生重要的经济社会效益”. Only related,
/// deduplicated outcomes count; the review's 重要经济社会效益 overrides the reports' claims.
fn c6<'a>(f: &'a Facts) -> Decided<'a> {
    let r = f.rules;
    let c = &f.counts;
    let benefit = match reviewed(f.review, |r| r.benefit) {
        Some((v, rev)) => Benefit::Reviewed(v, rev),
        None => Benefit::Claimed(c.benefit_claimed),
    };
    let beneficial = match benefit {
        Benefit::Reviewed(v, _) | Benefit::Claimed(v) => v,
    };
    let met = c.national >= r.excellent_national_outcomes as usize
        || c.provincial >= r.excellent_provincial_outcomes as usize
        || beneficial;
    Decided {
        criterion: Criterion::C6,
        qualified: None,
        excellent: Verdict::of(met),
        found: Found::Outcomes(benefit),
    }
}

/// The outcomes C6's evidence names: counted 国家级 and 省部级 ones.
pub(super) fn ranked(o: &OutcomeLine) -> bool {
    o.counted && matches!(o.level, Some(schema::NATIONAL | schema::PROVINCIAL))
}

/// C7 — 优秀标准 4: “形成特色鲜明的研究生联合培养机制，人才培养成效显著，职业岗位锻炼效果
/// 突出，就业竞争优势突出”. Data cannot show it: the review only, else 待评议.
fn c7<'a>(f: &'a Facts) -> Decided<'a> {
    let (excellent, found) = match reviewed(f.review, |r| r.mechanism) {
        Some((v, r)) => (Verdict::of(v), Found::Review(Answer::YesNo(v), r)),
        None => (Verdict::Pending, Found::AwaitingReview),
    };
    Decided {
        criterion: Criterion::C7,
        qualified: None,
        excellent,
        found,
    }
}

/// C8 — 合格标准 4: “工作站经费来源稳定，设站双方合作紧密，联合承担科研项目，共同开展研究，
/// 成效良好；工作站对研究生实践创新能力的培养具有成效，联合培养研究生质量高”. Required for
/// 优秀 too. The review decides when it has an opinion; else the data: every counted year has
/// a report whose 到位金额 total > 0 (0 when a spot check found it 不属实, SPEC §9.3), and the
/// term's 联合承担科研项目数 sum ≥ [`MIN_JOINT_PROJECTS`].
fn c8<'a>(f: &'a Facts) -> Decided<'a> {
    if let Some((v, r)) = reviewed(f.review, |r| r.cooperation) {
        return both(
            Criterion::C8,
            Verdict::of(v),
            Found::Review(Answer::YesNo(v), r),
        );
    }
    let years: Vec<_> = (f.years.iter().filter(|y| y.counted))
        .map(|y| {
            let report = (f.reports.iter().find(|r| r.year == y.year))
                .map(|r| (*r, r.used.funding_received()));
            (y, report)
        })
        .collect();
    let projects: u32 = (f.reports.iter())
        .filter_map(|y| y.used.info.joint_projects)
        .sum();
    let funded = (years.iter()).all(|(_, r)| r.is_some_and(|(_, total)| total > 0.0));
    let verdict = Verdict::of(funded && projects >= MIN_JOINT_PROJECTS);
    both(
        Criterion::C8,
        verdict,
        Found::Cooperation(Cooperation { years, projects }),
    )
}

/// The review's opinion on one item, with the review row it came from.
fn reviewed<T>(
    review: Option<&ReviewEntry>,
    get: impl Fn(&ReviewEntry) -> Option<T>,
) -> Option<(T, &ReviewEntry)> {
    let r = review?;
    get(r).map(|v| (v, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_words_are_values_of_the_schema() {
        for v in [CONDITIONS_QUALIFIED, CONDITIONS_EXCELLENT] {
            assert!(schema::CONDITIONS.values.contains(&v));
        }
        assert!(conditions_rank(CONDITIONS_EXCELLENT) < conditions_rank(CONDITIONS_QUALIFIED));
    }
}
