//! The criteria of 期满验收 (管理办法 四(二)), C1–C8 of SPEC §6, each a small function
//! quoting the clause it implements. A criterion may belong to the 合格 standard, the 优秀
//! standard or both, with its own requirement for each; thresholds come from [`Rules`].
//!
//! 优秀 is read as including the 合格 standard: C8 (合格标准 4) is required for 优秀 too.
//! “以上” and “不少于” include the number itself (≥).

use super::outcomes::{claims_benefit, describe};
use super::years::{YearResult, YearStatus};
use super::{place, problem_at, Facts};
use crate::format::yuan;
use crate::group::YearReports;
use crate::model::{ReviewEntry, StudentRow};
use crate::problem::{Code, Problem};
use crate::rules::Rules;
use crate::schema::{self, report as rf};

/// 工作、生活条件 the 合格 standard asks for (“条件良好”), or better.
const CONDITIONS_QUALIFIED: &str = "良好";
/// 工作、生活条件 the 优秀 standard asks for (“条件优越”).
const CONDITIONS_EXCELLENT: &str = "优越";
/// C4: 本学年发放金额 may fall short of 标准 × 月数 by less than this (rounding of cents).
const PAYMENT_TOLERANCE: f64 = 1.0;
/// C8 from data: the term's 联合承担科研项目数 must reach this (“联合承担科研项目”).
const MIN_JOINT_PROJECTS: u32 = 1;
/// Evidence lists are cut after this many items (“…等共 N 项”) to stay readable.
const EVIDENCE_ITEMS: usize = 20;

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
}

/// One criterion for one station.
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

    /// One verdict for the row (结果): 未达标 or 待评议 at the 合格 level if so, else the
    /// 优秀 verdict. So `C5` with 12 students reads 未达标 (for 优秀) while `qualified` is 达标.
    pub fn result(&self) -> Verdict {
        match self.qualified {
            Some(v @ (Verdict::NotMet | Verdict::Pending)) => v,
            _ => self.excellent,
        }
    }
}

pub(crate) fn evaluate_all(f: &Facts) -> Vec<CriterionResult> {
    vec![c1(f), c2(f), c3(f), c4(f), c5(f), c6(f), c7(f), c8(f)]
}

fn both(
    id: &'static str,
    name: &'static str,
    requirement: String,
    actual: String,
    verdict: Verdict,
    evidence: String,
) -> CriterionResult {
    CriterionResult {
        id,
        name,
        requirement,
        actual,
        qualified: Some(verdict),
        excellent: verdict,
        evidence,
    }
}

/// C1 — 合格、优秀标准 1: “每年按时上报基本数据”; 四(一): “每年7月10日之前…报送上一学年度…
/// 的基本数据”. Every counted year must be 按时; 迟交, 未报 and 填报日期不明 fail it.
fn c1(f: &Facts) -> CriterionResult {
    let c = &f.counts;
    let due = f.rules.report_due;
    let requirement = format!(
        "每个已过截止日期的学年均按时上报（每年{}月{}日前报送上一学年数据，含当日）",
        due.month, due.day
    );
    let mut actual = format!(
        "应报 {} 年：按时 {}，迟交 {}，未报 {}",
        c.due_years, c.on_time, c.late, c.missing
    );
    if c.date_unknown > 0 {
        actual.push_str(&format!("，填报日期不明 {}", c.date_unknown));
    }
    let counted: Vec<&YearResult> = f.years.iter().filter(|y| y.counted).collect();
    let bad: Vec<String> = counted
        .iter()
        .filter(|y| y.status != YearStatus::OnTime)
        .map(|y| y.evidence())
        .collect();
    let evidence = if counted.is_empty() {
        "尚无已过截止日期的学年".to_string()
    } else if bad.is_empty() {
        format!(
            "{} 均按时",
            super::join_years(counted.iter().map(|y| y.year))
        )
    } else {
        list(bad)
    };
    let verdict = Verdict::of(c.due_years == c.on_time);
    both(
        "C1",
        "按时上报基本数据",
        requirement,
        actual,
        verdict,
        evidence,
    )
}

/// C2 — 合格、优秀标准 1: “工作站管理规章制度健全，执行良好”. The review decides when it has
/// an opinion; else every report of the term must say 是 (an unreadable cell is left out).
fn c2(f: &Facts) -> CriterionResult {
    let name = "管理规章制度健全，执行良好";
    let requirement = "管理规章制度健全，执行良好（以专家评议为准；未评议时各年报表均为“是”）";
    if let Some((v, r)) = reviewed(f.review, |r| r.rules_sound) {
        let actual = format!("专家评议：{}", yes_no(v));
        return both(
            "C2",
            name,
            requirement.into(),
            actual,
            Verdict::of(v),
            review_place(r),
        );
    }
    let (mut yes, mut no) = (0, 0);
    let mut issues = Vec::new();
    for y in &f.reports {
        let where_ = place(&y.used, &rf::BASIC, &rf::RULES_SOUND, 0);
        match y.used.info.rules_sound {
            Some(true) => yes += 1,
            Some(false) => {
                no += 1;
                issues.push(format!("{} 填“{}”（{where_}）", y.year, schema::NO));
            }
            None => issues.push(format!("{} 未能识别（{where_}）", y.year)),
        }
    }
    let (actual, verdict) = if yes + no == 0 {
        ("尚无可用的报表数据".to_string(), Verdict::NotMet)
    } else {
        (
            format!("报表 {} 份：是 {yes}，否 {no}", yes + no),
            Verdict::of(no == 0),
        )
    };
    let evidence = if issues.is_empty() {
        format!("{} 均为“{}”", years_of(f), schema::YES)
    } else {
        list(issues)
    };
    both("C2", name, requirement.into(), actual, verdict, evidence)
}

/// C3 — 合格标准 1: “进站研究生工作、生活条件良好”; 优秀标准 1: “…工作、生活条件优越”.
/// The review's value when given; else the worst 自评 among the term's reports.
fn c3(f: &Facts) -> CriterionResult {
    let name = "进站研究生工作、生活条件";
    let requirement = format!(
        "合格：{CONDITIONS_QUALIFIED}及以上；优秀：{CONDITIONS_EXCELLENT}（以专家评议为准；未评议时取各年自评中最差者）"
    );
    let judge = |value: &str| -> (Option<Verdict>, Verdict) {
        let rank = crate::model::conditions_rank(value);
        let at_least = |needed: &str| {
            Verdict::of(
                matches!((rank, crate::model::conditions_rank(needed)), (Some(r), Some(n)) if r <= n),
            )
        };
        (
            Some(at_least(CONDITIONS_QUALIFIED)),
            at_least(CONDITIONS_EXCELLENT),
        )
    };
    let (actual, evidence, (qualified, excellent)) =
        if let Some((v, r)) = reviewed(f.review, |r| r.conditions) {
            (format!("专家评议：{v}"), review_place(r), judge(v))
        } else {
            let worst = f
                .reports
                .iter()
                .filter_map(|y| y.used.info.conditions.map(|c| (y, c)))
                .max_by_key(|(_, c)| crate::model::conditions_rank(c));
            match worst {
                Some((y, c)) => {
                    let all: Vec<String> = f
                        .reports
                        .iter()
                        .filter_map(|y| y.used.info.conditions.map(|c| format!("{} {c}", y.year)))
                        .collect();
                    (
                        format!("自评最差：{c}"),
                        format!(
                            "{}；最差见 {}",
                            all.join("，"),
                            place(&y.used, &rf::BASIC, &rf::CONDITIONS, 0)
                        ),
                        judge(c),
                    )
                }
                None => (
                    "尚无可用的报表数据".to_string(),
                    "无".to_string(),
                    (Some(Verdict::NotMet), Verdict::NotMet),
                ),
            }
        };
    CriterionResult {
        id: "C3",
        name,
        requirement,
        actual,
        qualified,
        excellent,
        evidence,
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
fn c4(f: &Facts) -> CriterionResult {
    let r = f.rules;
    let name = "按时、足额发放生活补贴";
    let minimum = format!(
        "月补助标准博士不低于 {} 元、硕士不低于 {} 元（导师在设站单位承担项目的除外）",
        yuan(r.subsidy_min_doctor),
        yuan(r.subsidy_min_master)
    );
    let requirement = format!(
        "每名进站研究生按时足额发放：按时足额发放为“是”，发放金额不少于 标准×月数；{minimum}{}（以专家评议为准；未评议时以报表为准）",
        if r.subsidy_min_fails_c4 {
            ""
        } else {
            "，低于者仅警告、不影响本项"
        }
    );
    if let Some((v, rev)) = reviewed(f.review, |x| x.subsidy) {
        let actual = format!("专家评议：{}", yes_no(v));
        return both(
            "C4",
            name,
            requirement,
            actual,
            Verdict::of(v),
            review_place(rev),
        );
    }
    let mut rows = 0;
    let mut failing = 0;
    let mut issues = Vec::new();
    let mut below = Vec::new();
    for y in &f.reports {
        let report = &y.used;
        for s in &report.students {
            rows += 1;
            let who = match (&s.student_id, &s.name) {
                (Some(id), _) => format!("学号 {id}"),
                (None, Some(name)) => name.clone(),
                (None, None) => format!("第 {} 行", s.row + 1),
            };
            let at = |field| place(report, &rf::STUDENTS, field, s.row);
            let before = issues.len();
            if s.paid_in_full == Some(false) {
                issues.push(format!(
                    "{} {who} {}为“{}”（{}）",
                    y.year,
                    rf::PAID_IN_FULL.label,
                    schema::NO,
                    at(&rf::PAID_IN_FULL)
                ));
            }
            if let Some((monthly, min)) = below_minimum(s, r) {
                let text = format!(
                    "{} {who} 补助 {} 元 < {} 元（{}）",
                    y.year,
                    yuan(monthly),
                    yuan(min),
                    at(&rf::MONTHLY_SUBSIDY)
                );
                if r.subsidy_min_fails_c4 {
                    issues.push(text);
                } else {
                    below.push(text);
                }
            }
            if let (Some(monthly), Some(months), Some(paid)) =
                (s.monthly_subsidy, s.months_paid, s.amount_paid)
            {
                if paid < monthly * months - PAYMENT_TOLERANCE {
                    issues.push(format!(
                        "{} {who} 发放 {} 元 < {} 元 × {} 月（{}）",
                        y.year,
                        yuan(paid),
                        yuan(monthly),
                        yuan(months),
                        at(&rf::AMOUNT_PAID)
                    ));
                }
            }
            if issues.len() > before {
                failing += 1;
            }
        }
    }
    let mut actual = format!("进站研究生 {rows} 人次，不符合要求 {failing} 人次");
    if !below.is_empty() {
        actual.push_str(&format!(
            "；月补助标准低于最低标准 {} 人次（仅警告，不影响本项）",
            below.len()
        ));
    }
    let mut evidence = if issues.is_empty() {
        if rows == 0 {
            "无进站研究生记录".to_string()
        } else if below.is_empty() {
            "各行均按时足额发放且不低于最低标准".to_string()
        } else {
            "各行均按时足额发放".to_string()
        }
    } else {
        list(issues)
    };
    if !below.is_empty() {
        evidence.push_str(&format!("；低于最低标准（仅警告）：{}", list(below)));
    }
    both(
        "C4",
        name,
        requirement,
        actual,
        Verdict::of(failing == 0),
        evidence,
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
fn c5(f: &Facts) -> CriterionResult {
    let r = f.rules;
    let c = &f.counts;
    let requirement = format!(
        "合格：不少于 {} 人；优秀：{} 人以上（有效期内在站 {} 天及以上）",
        r.qualified_students, r.excellent_students, r.half_year_days
    );
    let actual = format!(
        "进站半年以上 {} 人（博士 {}，硕士 {}）；有学号者共 {} 人",
        c.students,
        c.doctors,
        c.masters,
        f.students.len()
    );
    let show = |counted: bool| -> Vec<String> {
        f.students
            .iter()
            .filter(|s| s.counted == counted)
            .map(|s| format!("{}（{} 天）", s.student_id, s.days))
            .collect()
    };
    let (yes, no) = (show(true), show(false));
    let mut parts = Vec::new();
    if !yes.is_empty() {
        parts.push(format!("计入 {} 人：{}", yes.len(), list(yes)));
    }
    if !no.is_empty() {
        parts.push(format!(
            "不足 {} 天 {} 人：{}",
            r.half_year_days,
            no.len(),
            list(no)
        ));
    }
    let evidence = if parts.is_empty() {
        "无进站研究生记录".to_string()
    } else {
        parts.join("；")
    };
    let n = c.students as u64;
    CriterionResult {
        id: "C5",
        name: "进站培养半年以上研究生人数",
        requirement,
        actual,
        qualified: Some(Verdict::of(n >= u64::from(r.qualified_students))),
        excellent: Verdict::of(n >= u64::from(r.excellent_students)),
        evidence,
    }
}

/// C6 — 优秀标准 5: “进站研究生的项目、论文、专利、标准等成果数量及水平突出，至少获得 1 项与
/// 工作站相关的国家级成果或 2 项以上省部级成果，或成果产生重要的经济社会效益”. Only related,
/// deduplicated outcomes count; the review's 重要经济社会效益 overrides the reports' claims.
fn c6(f: &Facts) -> CriterionResult {
    let r = f.rules;
    let c = &f.counts;
    let requirement = format!(
        "优秀：至少 {} 项与工作站相关的国家级成果，或 {} 项以上省部级成果，或成果产生重要的经济社会效益",
        r.excellent_national_outcomes, r.excellent_provincial_outcomes
    );
    let (benefit, benefit_text) = match reviewed(f.review, |r| r.benefit) {
        Some((v, rev)) => (
            v,
            format!("{}（专家评议，{}）", yes_no(v), review_place(rev)),
        ),
        None => (c.benefit_claimed, yes_no(c.benefit_claimed).to_string()),
    };
    let met = c.national >= r.excellent_national_outcomes as usize
        || c.provincial >= r.excellent_provincial_outcomes as usize
        || benefit;
    let actual = format!(
        "国家级 {} 项，省部级 {} 项；重要经济社会效益：{benefit_text}",
        c.national, c.provincial
    );
    let mut parts = Vec::new();
    let ranked: Vec<String> = f
        .outcomes
        .iter()
        .filter(|o| o.counted && matches!(o.level, Some(schema::NATIONAL | schema::PROVINCIAL)))
        .map(describe)
        .collect();
    if !ranked.is_empty() {
        parts.push(list(ranked));
    }
    let claims: Vec<String> = f
        .outcomes
        .iter()
        .filter(|o| claims_benefit(o))
        .map(|o| format!("效益：{}", describe(o)))
        .collect();
    if !claims.is_empty() {
        parts.push(list(claims));
    }
    let evidence = if parts.is_empty() {
        "无计入的国家级、省部级成果，亦无重要经济社会效益".to_string()
    } else {
        parts.join("；")
    };
    CriterionResult {
        id: "C6",
        name: "成果数量及水平",
        requirement,
        actual,
        qualified: None,
        excellent: Verdict::of(met),
        evidence,
    }
}

/// C7 — 优秀标准 4: “形成特色鲜明的研究生联合培养机制，人才培养成效显著，职业岗位锻炼效果
/// 突出，就业竞争优势突出”. Data cannot show it: the review only, else 待评议.
fn c7(f: &Facts) -> CriterionResult {
    let requirement =
        "优秀：形成特色鲜明的研究生联合培养机制，人才培养成效显著（由专家评议）".to_string();
    let (actual, excellent, evidence) = match reviewed(f.review, |r| r.mechanism) {
        Some((v, r)) => (
            format!("专家评议：{}", yes_no(v)),
            Verdict::of(v),
            review_place(r),
        ),
        None => (
            "尚无专家评议".to_string(),
            Verdict::Pending,
            format!("专家评议表“{}”栏为空", schema::review::MECHANISM.label),
        ),
    };
    CriterionResult {
        id: "C7",
        name: "联合培养机制特色鲜明，成效显著",
        requirement,
        actual,
        qualified: None,
        excellent,
        evidence,
    }
}

/// C8 — 合格标准 4: “工作站经费来源稳定，设站双方合作紧密，联合承担科研项目，共同开展研究，
/// 成效良好；工作站对研究生实践创新能力的培养具有成效，联合培养研究生质量高”. Required for
/// 优秀 too. The review decides when it has an opinion; else the data: every counted year has
/// a report whose 到位金额 total > 0, and the term's 联合承担科研项目数 sum ≥ 1.
fn c8(f: &Facts) -> CriterionResult {
    let name = "经费稳定，合作紧密，联合科研";
    let requirement = format!(
        "经费来源稳定，合作紧密，联合承担科研项目（以专家评议为准；未评议时：每个应报学年经费到位金额合计大于 0，且有效期内联合承担科研项目数合计不少于 {MIN_JOINT_PROJECTS}）"
    );
    if let Some((v, r)) = reviewed(f.review, |r| r.cooperation) {
        let actual = format!("专家评议：{}", yes_no(v));
        return both(
            "C8",
            name,
            requirement,
            actual,
            Verdict::of(v),
            review_place(r),
        );
    }
    let mut issues = Vec::new();
    let mut funded = Vec::new();
    for y in f.years.iter().filter(|y| y.counted) {
        let Some(report) = f.reports.iter().find(|r| r.year == y.year) else {
            issues.push(format!("{} 未报，无经费数据", y.year));
            continue;
        };
        let total: f64 = report.used.funding.iter().filter_map(|x| x.received).sum();
        if total > 0.0 {
            funded.push(format!("{} {} 元", y.year, yuan(total)));
        } else {
            let (sheet, _) = report.used.cell(&rf::FUNDING, &rf::RECEIVED, 0);
            issues.push(format!(
                "{} 经费到位金额合计 0 元（{} {sheet}）",
                y.year, report.used.file
            ));
        }
    }
    let projects: u32 = f
        .reports
        .iter()
        .filter_map(|y| y.used.info.joint_projects)
        .sum();
    let per_year: Vec<String> = f
        .reports
        .iter()
        .filter_map(|y| {
            y.used
                .info
                .joint_projects
                .map(|n| format!("{} {n} 项", y.year))
        })
        .collect();
    if projects < MIN_JOINT_PROJECTS {
        issues.push(format!(
            "有效期内{}合计 {projects}",
            rf::JOINT_PROJECTS.label
        ));
    }
    let actual = format!(
        "经费到位年数 {}/{}；联合承担科研项目 {projects} 项",
        funded.len(),
        f.counts.due_years
    );
    let mut evidence = Vec::new();
    if !issues.is_empty() {
        evidence.push(list(issues.clone()));
    }
    if !funded.is_empty() {
        evidence.push(format!("到位：{}", list(funded)));
    }
    if !per_year.is_empty() {
        evidence.push(format!("项目：{}", per_year.join("，")));
    }
    let evidence = if evidence.is_empty() {
        "尚无可用的报表数据".to_string()
    } else {
        evidence.join("；")
    };
    both(
        "C8",
        name,
        requirement,
        actual,
        Verdict::of(issues.is_empty()),
        evidence,
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

/// `专家评议表 评议.xlsx 专家评议 第 5 行`.
fn review_place(r: &ReviewEntry) -> String {
    format!(
        "{} {} {} 第 {} 行",
        schema::REVIEW.title,
        r.file,
        schema::review::SHEET.name,
        r.row + 1
    )
}

fn yes_no(v: bool) -> &'static str {
    if v {
        schema::YES
    } else {
        schema::NO
    }
}

fn years_of(f: &Facts) -> String {
    super::join_years(f.reports.iter().map(|y| y.year))
}

/// Items joined by `、`, cut after [`EVIDENCE_ITEMS`].
fn list(items: Vec<String>) -> String {
    if items.len() <= EVIDENCE_ITEMS {
        items.join("、")
    } else {
        format!(
            "{} 等共 {} 项",
            items[..EVIDENCE_ITEMS].join("、"),
            items.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_words_are_values_of_the_schema() {
        for v in [CONDITIONS_QUALIFIED, CONDITIONS_EXCELLENT] {
            assert!(schema::CONDITIONS.values.contains(&v));
        }
        assert!(
            crate::model::conditions_rank(CONDITIONS_EXCELLENT)
                < crate::model::conditions_rank(CONDITIONS_QUALIFIED)
        );
    }

    #[test]
    fn long_evidence_is_cut() {
        let items: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let s = list(items);
        assert!(s.ends_with("19 等共 25 项"), "{s}");
    }
}
