//! Status, grade and consequence (管理办法 四(一)(二); SPEC §6).
//!
//! - 状态: 已撤销 when `revoke_after_late_years` consecutive counted years are each 迟交 or 未报
//!   (“连续两年未按时上报的研究生工作站将予以撤销”); else 期满 when the evaluation date is after
//!   the term's end; else 在期.
//! - 等级, in order: 已撤销 → —; 期满 and the review says 已申请期满验收 = 否 → 不合格 (“未及时
//!   申请期满验收的，不再作为市级研究生工作站”); any 合格 criterion not met → 不合格; every 优秀
//!   criterion met → 优秀; else 合格. 待评议 counts as not met; 可升至 优秀 when confirming the
//!   待评议 criteria would give 优秀. Without a review, a 期满 station is taken to have applied.
//! - A grade is a forecast (预评) while 在期, while the term is unknown, and for a 期满 station
//!   whose last reporting year is not yet due (then it is provisional until that due date).

use super::criteria::{Criterion, Decided, Verdict};
use super::years::{revoking_run, trailing_late, YearResult};
use super::Facts;
use crate::dates::{anniversary, chinese_date, day_after, days_inclusive, Term};

/// 预警 for a report due within this many days and not yet received. Not a number of the
/// measures: a reminder window for the graduate school.
const DUE_SOON_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Revoked,
    Expired,
    InTerm,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Revoked => "已撤销",
            Status::Expired => "期满",
            Status::InTerm => "在期",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    Excellent,
    Qualified,
    Failed,
    /// No grade (已撤销): `—`.
    None,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Qualified => "合格",
            Grade::Failed => "不合格",
            Grade::None => "—",
        }
    }
}

pub(crate) struct Judgement {
    pub status: Status,
    pub grade: Grade,
    pub can_rise_to: Option<Grade>,
    pub conclusion: String,
    pub is_forecast: bool,
    pub hints: Vec<String>,
    pub alerts: Vec<String>,
}

/// The status, and whether a 期满 station failed to apply for acceptance.
fn status<'f>(f: &'f Facts) -> (Status, Option<&'f [YearResult]>, bool) {
    let revoked = revoking_run(&f.years, f.rules);
    let status = if revoked.is_some() {
        Status::Revoked
    } else if f.term.is_some_and(|t| f.as_of > t.end) {
        Status::Expired
    } else {
        Status::InTerm
    };
    let not_applied = status == Status::Expired && f.review.and_then(|r| r.applied) == Some(false);
    (status, revoked, not_applied)
}

/// The grade alone, decided on the criteria's verdicts (what a late correction compares).
pub(crate) fn grade(f: &Facts, criteria: &[Decided]) -> Grade {
    let (status, _, not_applied) = status(f);
    grade_of(status, not_applied, criteria, false)
}

pub(crate) fn judge(f: &Facts, criteria: &[Decided]) -> Judgement {
    let (status, revoked, not_applied) = status(f);
    let grade = grade_of(status, not_applied, criteria, false);
    let hopeful = grade_of(status, not_applied, criteria, true);
    let can_rise_to =
        (hopeful == Grade::Excellent && grade != Grade::Excellent).then_some(Grade::Excellent);
    let not_due = f.years.iter().find(|y| !y.counted);
    let is_forecast = match status {
        Status::Revoked => false,
        Status::Expired => not_due.is_some(),
        Status::InTerm => true,
    };
    let hints = if is_forecast {
        hints(f, criteria)
    } else {
        Vec::new()
    };
    let alerts = if status == Status::Revoked {
        Vec::new()
    } else {
        alerts(f, status)
    };

    let pending = pending_text(criteria);
    let conclusion = match (status, f.term) {
        (Status::Revoked, _) => revoked_text(revoked.unwrap_or_default(), f),
        (_, None) => format!(
            "认定日期不明（名册和报表中均无可识别的认定日期），无法确定认定有效期；按已收到的报表预评{}{}{}。请在工作站名册中补充认定日期。",
            grade.label(),
            rise_text(can_rise_to, &pending),
            hint_text(&hints)
        ),
        (Status::InTerm, Some(term)) => format!(
            "在期（认定有效期 {} 至 {}），按截至 {} 的数据预评{}{}{}。",
            chinese_date(term.start),
            chinese_date(term.end),
            chinese_date(f.as_of),
            grade.label(),
            rise_text(can_rise_to, &pending),
            hint_text(&hints)
        ),
        (Status::Expired, Some(term)) => {
            expired_text(f, term, grade, not_applied, criteria, can_rise_to, not_due)
        }
    };
    Judgement {
        status,
        grade,
        can_rise_to,
        conclusion,
        is_forecast,
        hints,
        alerts,
    }
}

/// The grade of SPEC §6; with `pending_met`, as if every 待评议 criterion were confirmed.
fn grade_of(status: Status, not_applied: bool, criteria: &[Decided], pending_met: bool) -> Grade {
    if status == Status::Revoked {
        return Grade::None;
    }
    if not_applied {
        return Grade::Failed;
    }
    let ok = |v: Verdict| v == Verdict::Met || (pending_met && v == Verdict::Pending);
    if criteria.iter().any(|c| c.qualified.is_some_and(|v| !ok(v))) {
        Grade::Failed
    } else if criteria.iter().all(|c| ok(c.excellent)) {
        Grade::Excellent
    } else {
        Grade::Qualified
    }
}

fn revoked_text(run: &[YearResult], f: &Facts) -> String {
    let years: Vec<String> = run.iter().map(|y| y.evidence()).collect();
    format!(
        "已撤销：{}，连续 {} 年未按时上报基本数据（连续{}年未按时上报的研究生工作站将予以撤销）。",
        years.join("、"),
        run.len(),
        f.rules.revoke_after_late_years
    )
}

fn expired_text(
    f: &Facts,
    term: Term,
    grade: Grade,
    not_applied: bool,
    criteria: &[Decided],
    can_rise_to: Option<Grade>,
    not_due: Option<&YearResult>,
) -> String {
    let r = f.rules;
    let mut out = String::new();
    if not_due.is_some() {
        out.push_str("暂评：");
    }
    out.push_str(&format!("认定有效期已于 {} 期满，", chinese_date(term.end)));
    match grade {
        Grade::Excellent => {
            let next = Term::new(day_after(term.end), r.term_years);
            out.push_str(&format!(
                "验收优秀，可自动进入下一轮认定有效期（至 {}）。",
                chinese_date(next.end)
            ));
        }
        Grade::Qualified => {
            out.push_str("验收合格，经重新评估通过后方可进入下一轮认定有效期");
            out.push_str(&rise_text(can_rise_to, &pending_text(criteria)));
            out.push('。');
        }
        Grade::Failed | Grade::None => {
            let reason = if not_applied {
                "未及时申请期满验收".to_string()
            } else {
                let unmet: Vec<String> = criteria
                    .iter()
                    .filter(|c| c.qualified.is_some_and(|v| v != Verdict::Met))
                    .map(|c| {
                        let k = c.criterion;
                        format!("{} {}：{}", k.id(), k.name(), c.result().label())
                    })
                    .collect();
                unmet.join("；")
            };
            out.push_str(&format!(
                "验收不合格（{reason}），不再作为市级研究生工作站，{} 年内（至 {}）不得重新申报。",
                r.reapply_ban_years,
                chinese_date(anniversary(term.end, r.reapply_ban_years as i32))
            ));
        }
    }
    if !not_applied && f.review.and_then(|r| r.applied).is_none() {
        out.push_str("专家评议表未填“已申请期满验收”，按已申请处理。");
    }
    if let Some(y) = not_due {
        out.push_str(&format!(
            "{} 学年年报截止日期为 {}，届时以全部年报为准。",
            y.year,
            chinese_date(y.due)
        ));
    }
    out
}

fn pending_text(criteria: &[Decided]) -> String {
    criteria
        .iter()
        .filter(|c| c.result() == Verdict::Pending)
        .map(|c| c.criterion.id())
        .collect::<Vec<_>>()
        .join("、")
}

/// `（C7 待专家评议，评议通过可升至优秀）`.
fn rise_text(can_rise_to: Option<Grade>, pending: &str) -> String {
    match can_rise_to {
        Some(g) => format!("（{pending} 待专家评议，评议通过可升至{}）", g.label()),
        None => String::new(),
    }
}

fn hint_text(hints: &[String]) -> String {
    if hints.is_empty() {
        String::new()
    } else {
        format!("；{}", hints.join("；"))
    }
}

/// 预评: what the station still lacks for a better grade, criterion by criterion.
fn hints(f: &Facts, criteria: &[Decided]) -> Vec<String> {
    let r = f.rules;
    let c = &f.counts;
    let mut out = Vec::new();
    for k in criteria.iter().filter(|k| k.result() != Verdict::Met) {
        let (id, name) = (k.criterion.id(), k.criterion.name());
        match k.criterion {
            Criterion::C5 => {
                let n = c.students as u32;
                if n < r.qualified_students {
                    out.push(format!("距合格还差 {} 人", r.qualified_students - n));
                }
                if n < r.excellent_students {
                    out.push(format!("距优秀还差 {} 人", r.excellent_students - n));
                }
            }
            Criterion::C6 => {
                let national = if c.national == 0 {
                    "尚无国家级成果".to_string()
                } else {
                    format!("国家级成果 {} 项", c.national)
                };
                let need_p =
                    (r.excellent_provincial_outcomes as usize).saturating_sub(c.provincial);
                out.push(format!(
                    "{national}，省部级成果 {} 项（再有 {} 项国家级或 {need_p} 项省部级成果，或成果产生重要经济社会效益，可达优秀成果要求）",
                    c.provincial,
                    (r.excellent_national_outcomes as usize).saturating_sub(c.national),
                ));
            }
            _ if k.result() == Verdict::Pending => {
                out.push(format!("{id} {name}：待专家评议"));
            }
            _ if k.qualified == Some(Verdict::Met) => {
                out.push(format!("{id} {name}：未达优秀要求"));
            }
            _ => out.push(format!("{id} {name}：未达标")),
        }
    }
    out
}

/// 预警: one more late year means revocation; students behind the pace the 合格 count needs;
/// a report due within [`DUE_SOON_DAYS`] and not yet received.
fn alerts(f: &Facts, status: Status) -> Vec<String> {
    let r = f.rules;
    let mut out = Vec::new();
    let streak = trailing_late(&f.years);
    let next = f.years.iter().find(|y| !y.counted);
    if streak >= 1 && streak + 1 == r.revoke_after_late_years as usize {
        if let (Some(next), Some(last)) = (next, f.years.iter().rfind(|y| y.counted)) {
            out.push(format!(
                "{} 学年{}；若 {} 学年（截止 {}）再未按时上报，将连续 {} 年未按时上报而予以撤销",
                last.year,
                last.status.label(),
                next.year,
                chinese_date(next.due),
                r.revoke_after_late_years
            ));
        }
    }
    if let (Status::InTerm, Some(term)) = (status, f.term) {
        let elapsed = days_inclusive(term.start, f.as_of.min(term.end));
        let total = days_inclusive(term.start, term.end).max(1);
        let expected = i64::from(r.qualified_students) * elapsed / total;
        if (f.counts.students as i64) < expected {
            out.push(format!(
                "进站半年以上 {} 人，低于期满不少于 {} 人所需进度（按已过时间应约 {} 人）",
                f.counts.students, r.qualified_students, expected
            ));
        }
    }
    for y in f.years.iter().filter(|y| !y.counted && y.file.is_none()) {
        let left = (y.due - f.as_of).num_days();
        if (0..=DUE_SOON_DAYS).contains(&left) {
            out.push(format!(
                "{} 学年年报应于 {} 前报送（还有 {left} 天），尚未收到",
                y.year,
                chinese_date(y.due)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn c(qualified: Option<Verdict>, excellent: Verdict) -> Decided<'static> {
        Decided {
            criterion: Criterion::C1,
            qualified,
            excellent,
            found: super::super::criteria::Found::Students,
        }
    }

    /// SPEC §6 grade order: 已撤销 → —; 未及时申请期满验收 → 不合格; a 合格 criterion missed →
    /// 不合格; every 优秀 criterion met → 优秀; else 合格. 待评议 counts as not met.
    #[test]
    fn grade_order() {
        let all_met = [c(Some(Met), Met), c(None, Met)];
        let excellent_missed = [c(Some(Met), NotMet), c(None, Met)];
        let pending = [c(Some(Met), Met), c(None, Pending)];
        let qualified_missed = [c(Some(NotMet), NotMet), c(None, Met)];
        let cases: [(Status, bool, &[Decided], bool, Grade); 8] = [
            (Status::Revoked, false, &all_met, false, Grade::None),
            (Status::Expired, true, &all_met, false, Grade::Failed),
            (Status::Expired, false, &all_met, false, Grade::Excellent),
            (
                Status::InTerm,
                false,
                &excellent_missed,
                false,
                Grade::Qualified,
            ),
            (Status::Expired, false, &pending, false, Grade::Qualified),
            (Status::Expired, false, &pending, true, Grade::Excellent),
            (
                Status::Expired,
                false,
                &qualified_missed,
                true,
                Grade::Failed,
            ),
            (Status::Expired, true, &pending, true, Grade::Failed),
        ];
        for (status, not_applied, criteria, pending_met, want) in cases {
            assert_eq!(
                grade_of(status, not_applied, criteria, pending_met),
                want,
                "{status:?} {not_applied} {pending_met}"
            );
        }
    }
}
