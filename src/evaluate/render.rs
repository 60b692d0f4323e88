//! 要求/实际/依据 of each criterion, written from what [`super::criteria`] decided: the one
//! place that turns a criterion's findings into the text the summary shows.

use super::criteria::{
    ranked, Answer, Benefit, Cooperation, CriterionResult, Decided, Found, Payment, Payments,
    CONDITIONS_EXCELLENT, CONDITIONS_QUALIFIED,
};
use super::outcomes::{claims_benefit, describe};
use super::years::YearStatus;
use super::{place, Facts};
use crate::format::yuan;
use crate::model::ReviewEntry;
use crate::rules::MIN_JOINT_PROJECTS;
use crate::schema::{self, report as rf};

/// Evidence lists are cut after this many items (“…等共 N 项”) to stay readable.
const EVIDENCE_ITEMS: usize = 20;

/// The criterion as the summary shows it.
pub(crate) fn criterion(f: &Facts, d: &Decided) -> CriterionResult {
    let (actual, evidence) = match &d.found {
        Found::Review(answer, row) => {
            let actual = match answer {
                Answer::YesNo(v) => format!("专家评议：{}", yes_no(*v)),
                Answer::Conditions(v) => format!("专家评议：{v}"),
            };
            (actual, review_place(row))
        }
        Found::Years(counted) => c1(f, counted),
        Found::RulesSound { yes, no, not_yes } => c2(f, *yes, *no, not_yes),
        Found::Conditions(worst) => c3(f, *worst),
        Found::Payments(p) => c4(f, p),
        Found::Students => c5(f),
        Found::Outcomes(benefit) => c6(f, *benefit),
        Found::AwaitingReview => (
            "尚无专家评议".to_string(),
            format!("专家评议表“{}”栏为空", schema::review::MECHANISM.label),
        ),
        Found::Cooperation(c) => c8(f, c),
    };
    CriterionResult {
        id: d.criterion.id(),
        name: d.criterion.name(),
        requirement: requirement(f, d.criterion),
        actual,
        qualified: d.qualified,
        excellent: d.excellent,
        evidence,
    }
}

/// What the measures ask, with the thresholds in force.
fn requirement(f: &Facts, criterion: super::criteria::Criterion) -> String {
    use super::criteria::Criterion::*;
    let r = f.rules;
    match criterion {
        C1 => format!(
            "每个已过截止日期的学年均按时上报（每年{}月{}日前报送上一学年数据，含当日）",
            r.report_due.month, r.report_due.day
        ),
        C2 => "管理规章制度健全，执行良好（以专家评议为准；未评议时各年报表均为“是”）".to_string(),
        C3 => format!(
            "合格：{CONDITIONS_QUALIFIED}及以上；优秀：{CONDITIONS_EXCELLENT}（以专家评议为准；未评议时取各年自评中最差者）"
        ),
        C4 => format!(
            "每名进站研究生按时足额发放：按时足额发放为“是”，发放金额不少于 标准×月数；月补助标准博士不低于 {} 元、硕士不低于 {} 元（导师在设站单位承担项目的除外）{}（以专家评议为准；未评议时以报表为准）",
            yuan(r.subsidy_min_doctor),
            yuan(r.subsidy_min_master),
            if r.subsidy_min_fails_c4 {
                ""
            } else {
                "，低于者仅警告、不影响本项"
            }
        ),
        C5 => format!(
            "合格：不少于 {} 人；优秀：{} 人以上（有效期内在站 {} 天及以上）",
            r.qualified_students, r.excellent_students, r.half_year_days
        ),
        C6 => format!(
            "优秀：至少 {} 项与工作站相关的国家级成果，或 {} 项以上省部级成果，或成果产生重要的经济社会效益",
            r.excellent_national_outcomes, r.excellent_provincial_outcomes
        ),
        C7 => "优秀：形成特色鲜明的研究生联合培养机制，人才培养成效显著（由专家评议）".to_string(),
        C8 => format!(
            "经费来源稳定，合作紧密，联合承担科研项目（以专家评议为准；未评议时：每个应报学年经费到位金额合计大于 0，且有效期内联合承担科研项目数合计不少于 {MIN_JOINT_PROJECTS}）"
        ),
    }
}

fn c1(f: &Facts, counted: &[&super::YearResult]) -> (String, String) {
    let c = &f.counts;
    let mut actual = format!(
        "应报 {} 年：按时 {}，迟交 {}，未报 {}",
        c.due_years, c.on_time, c.late, c.missing
    );
    if c.date_unknown > 0 {
        actual.push_str(&format!("，填报日期不明 {}", c.date_unknown));
    }
    let bad: Vec<String> = (counted.iter())
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
    (actual, evidence)
}

fn c2(
    f: &Facts,
    yes: usize,
    no: usize,
    not_yes: &[&crate::group::YearReports],
) -> (String, String) {
    let actual = if yes + no == 0 {
        "尚无可用的报表数据".to_string()
    } else {
        format!("报表 {} 份：是 {yes}，否 {no}", yes + no)
    };
    let evidence = if not_yes.is_empty() {
        format!("{} 均为“{}”", years_of(f), schema::YES)
    } else {
        let issues = (not_yes.iter())
            .map(|y| {
                let where_ = place(&y.used, &rf::BASIC, &rf::RULES_SOUND, 0);
                match y.used.info.rules_sound {
                    Some(false) => format!("{} 填“{}”（{where_}）", y.year, schema::NO),
                    _ => format!("{} 未能识别（{where_}）", y.year),
                }
            })
            .collect();
        list(issues)
    };
    (actual, evidence)
}

fn c3(f: &Facts, worst: Option<(&crate::group::YearReports, &'static str)>) -> (String, String) {
    match worst {
        Some((y, c)) => {
            let all: Vec<String> = (f.reports.iter())
                .filter_map(|y| y.used.info.conditions.map(|c| format!("{} {c}", y.year)))
                .collect();
            (
                format!("自评最差：{c}"),
                format!(
                    "{}；最差见 {}",
                    all.join("，"),
                    place(&y.used, &rf::BASIC, &rf::CONDITIONS, 0)
                ),
            )
        }
        None => ("尚无可用的报表数据".to_string(), "无".to_string()),
    }
}

fn c4(f: &Facts, p: &Payments) -> (String, String) {
    let fails_c4 = f.rules.subsidy_min_fails_c4;
    let mut issues = Vec::new();
    let mut below = Vec::new();
    for row in &p.flagged {
        let Payment {
            year: y,
            student: s,
            ..
        } = row;
        let report = &y.used;
        let who = match (&s.student_id, &s.name) {
            (Some(id), _) => format!("学号 {id}"),
            (None, Some(name)) => name.clone(),
            (None, None) => format!("第 {} 行", s.row + 1),
        };
        let at = |field| place(report, &rf::STUDENTS, field, s.row);
        if row.not_in_full {
            issues.push(format!(
                "{} {who} {}为“{}”（{}）",
                y.year,
                rf::PAID_IN_FULL.label,
                schema::NO,
                at(&rf::PAID_IN_FULL)
            ));
        }
        if let Some((monthly, min)) = row.below {
            let text = format!(
                "{} {who} 补助 {} 元 < {} 元（{}）",
                y.year,
                yuan(monthly),
                yuan(min),
                at(&rf::MONTHLY_SUBSIDY)
            );
            if fails_c4 {
                issues.push(text);
            } else {
                below.push(text);
            }
        }
        if let Some((paid, monthly, months)) = row.short {
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
    let mut actual = format!("进站研究生 {} 人次，不符合要求 {} 人次", p.rows, p.failing);
    if !below.is_empty() {
        actual.push_str(&format!(
            "；月补助标准低于最低标准 {} 人次（仅警告，不影响本项）",
            below.len()
        ));
    }
    let mut evidence = if issues.is_empty() {
        if p.rows == 0 {
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
    (actual, evidence)
}

fn c5(f: &Facts) -> (String, String) {
    let r = f.rules;
    let c = &f.counts;
    let actual = format!(
        "进站半年以上 {} 人（博士 {}，硕士 {}）；有学号者共 {} 人",
        c.students,
        c.doctors,
        c.masters,
        f.students.len()
    );
    let show = |counted: bool| -> Vec<String> {
        (f.students.iter())
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
    (actual, evidence)
}

fn c6(f: &Facts, benefit: Benefit) -> (String, String) {
    let c = &f.counts;
    let benefit_text = match benefit {
        Benefit::Reviewed(v, rev) => format!("{}（专家评议，{}）", yes_no(v), review_place(rev)),
        Benefit::Claimed(v) => yes_no(v).to_string(),
    };
    let actual = format!(
        "国家级 {} 项，省部级 {} 项；重要经济社会效益：{benefit_text}",
        c.national, c.provincial
    );
    let mut parts = Vec::new();
    let shown: Vec<String> = f
        .outcomes
        .iter()
        .filter(|o| ranked(o))
        .map(describe)
        .collect();
    if !shown.is_empty() {
        parts.push(list(shown));
    }
    let claims: Vec<String> = (f.outcomes.iter())
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
    (actual, evidence)
}

fn c8(f: &Facts, c: &Cooperation) -> (String, String) {
    let mut issues = Vec::new();
    let mut funded = Vec::new();
    for (y, report) in &c.years {
        match report {
            None => issues.push(format!("{} 未报，无经费数据", y.year)),
            Some((_, total)) if *total > 0.0 => {
                funded.push(format!("{} {} 元", y.year, yuan(*total)))
            }
            Some((report, _)) => {
                let (sheet, _) = report.used.cell(&rf::FUNDING, &rf::RECEIVED, 0);
                let refuted = if report.used.funding_refuted {
                    format!(
                        "（抽查核查不属实，按 0 计；报表填 {} 元）",
                        yuan(report.used.funding_written())
                    )
                } else {
                    String::new()
                };
                issues.push(format!(
                    "{} 经费到位金额合计 0 元{refuted}（{} {sheet}）",
                    y.year, report.used.file
                ));
            }
        }
    }
    let projects = c.projects;
    if projects < MIN_JOINT_PROJECTS {
        issues.push(format!(
            "有效期内{}合计 {projects}",
            rf::JOINT_PROJECTS.label
        ));
    }
    let per_year: Vec<String> = (f.reports.iter())
        .filter_map(|y| (y.used.info.joint_projects).map(|n| format!("{} {n} 项", y.year)))
        .collect();
    let actual = format!(
        "经费到位年数 {}/{}；联合承担科研项目 {projects} 项",
        funded.len(),
        f.counts.due_years
    );
    let mut evidence = Vec::new();
    if !issues.is_empty() {
        evidence.push(list(issues));
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
    (actual, evidence)
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
    fn long_evidence_is_cut() {
        let items: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let s = list(items);
        assert!(s.ends_with("19 等共 25 项"), "{s}");
    }
}
