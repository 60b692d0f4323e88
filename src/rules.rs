//! The numbers of the measures, each with its default and the clause it comes from (SPEC §7).
//! Other provinces run the same scheme with other numbers, so every one can be changed in a
//! TOML rules file; nothing else in the program writes these numbers as literals.

use crate::dates::MonthDay;
use crate::read::Limits;
use serde::Deserialize;
use std::path::Path;

/// One rule: its key, default, and the clause of the measures it quotes.
struct RuleDoc {
    key: &'static str,
    clause: &'static str,
}

const DOCS: &[RuleDoc] = &[
    RuleDoc {
        key: "term_years",
        clause: "每次认定有效期为4年",
    },
    RuleDoc {
        key: "report_due",
        clause: "每年7月10日之前，各培养单位向学校报送上一学年度的基本数据",
    },
    RuleDoc {
        key: "half_year_days",
        clause: "进站培养半年以上（半年按 183 天计）",
    },
    RuleDoc {
        key: "excellent_students",
        clause: "优秀：四年进站培养半年以上研究生总人数达20人以上",
    },
    RuleDoc {
        key: "qualified_students",
        clause: "合格：四年进站培养半年以上研究生总人数不少于 8 人",
    },
    RuleDoc {
        key: "excellent_national_outcomes",
        clause: "优秀：至少获得 1 项与工作站相关的国家级成果",
    },
    RuleDoc {
        key: "excellent_provincial_outcomes",
        clause: "优秀：或 2 项以上省部级成果",
    },
    RuleDoc {
        key: "subsidy_min_doctor",
        clause: "博士生不低于每人每月 1000 元的在站生活补助",
    },
    RuleDoc {
        key: "subsidy_min_master",
        clause: "硕士生不低于每人每月 500 元的在站生活补助",
    },
    RuleDoc {
        key: "subsidy_min_fails_c4",
        clause: "设站单位原则上一般应提供不低于上述标准的生活补助（设站单位职责，不是验收标准）：false 低于标准仅警告，true 则 C4 不达标",
    },
    RuleDoc {
        key: "revoke_after_late_years",
        clause: "连续两年未按时上报的研究生工作站将予以撤销",
    },
    RuleDoc {
        key: "reapply_ban_years",
        clause: "验收不合格或未及时申请期满验收的……三年内不得重新申报",
    },
];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RulesFile {
    term_years: u32,
    report_due: String,
    half_year_days: u32,
    excellent_students: u32,
    qualified_students: u32,
    excellent_national_outcomes: u32,
    excellent_provincial_outcomes: u32,
    subsidy_min_doctor: f64,
    subsidy_min_master: f64,
    subsidy_min_fails_c4: bool,
    revoke_after_late_years: u32,
    reapply_ban_years: u32,
    limits: LimitsFile,
}

/// `[limits]`: bounds on what one input file may cost; not from the measures.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LimitsFile {
    max_file_mb: u64,
    max_cells: usize,
    max_zip_entry_mb: u64,
}

const MB: u64 = 1024 * 1024;

impl Default for LimitsFile {
    fn default() -> Self {
        let l = Limits::default();
        LimitsFile {
            max_file_mb: l.max_file_bytes / MB,
            max_cells: l.max_cells,
            max_zip_entry_mb: l.max_zip_entry_bytes / MB,
        }
    }
}

impl Default for RulesFile {
    fn default() -> Self {
        let r = Rules::default();
        RulesFile {
            term_years: r.term_years,
            report_due: r.report_due.to_string(),
            half_year_days: r.half_year_days,
            excellent_students: r.excellent_students,
            qualified_students: r.qualified_students,
            excellent_national_outcomes: r.excellent_national_outcomes,
            excellent_provincial_outcomes: r.excellent_provincial_outcomes,
            subsidy_min_doctor: r.subsidy_min_doctor,
            subsidy_min_master: r.subsidy_min_master,
            subsidy_min_fails_c4: r.subsidy_min_fails_c4,
            revoke_after_late_years: r.revoke_after_late_years,
            reapply_ban_years: r.reapply_ban_years,
            limits: LimitsFile::default(),
        }
    }
}

/// The rules in force for one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub term_years: u32,
    pub report_due: MonthDay,
    pub half_year_days: u32,
    pub excellent_students: u32,
    pub qualified_students: u32,
    pub excellent_national_outcomes: u32,
    pub excellent_provincial_outcomes: u32,
    pub subsidy_min_doctor: f64,
    pub subsidy_min_master: f64,
    /// A 月生活补助标准 below the minimum (without the supervisor exemption) fails C4; by
    /// default it is only a warning (the measures: 原则上一般应, a duty of the host).
    pub subsidy_min_fails_c4: bool,
    pub revoke_after_late_years: u32,
    pub reapply_ban_years: u32,
    /// Reading limits per file (`[limits]` in the rules file).
    pub limits: Limits,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            term_years: 4,
            report_due: MonthDay { month: 7, day: 10 },
            half_year_days: 183,
            excellent_students: 20,
            qualified_students: 8,
            excellent_national_outcomes: 1,
            excellent_provincial_outcomes: 2,
            subsidy_min_doctor: 1000.0,
            subsidy_min_master: 500.0,
            subsidy_min_fails_c4: false,
            revoke_after_late_years: 2,
            reapply_ban_years: 3,
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("无法读取规则文件 {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("规则文件 {path} 有误: {message}")]
    Syntax { path: String, message: String },
    #[error("规则文件 {path} 中 {key} 的值不合理: {reason}")]
    Invalid {
        path: String,
        key: &'static str,
        reason: String,
    },
}

impl Rules {
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: shown.clone(),
            source,
        })?;
        Rules::parse(&text, &shown)
    }

    /// Parses a rules file; `shown` names it in messages.
    pub fn parse(text: &str, shown: &str) -> Result<Rules, RulesError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| RulesError::Syntax {
            path: shown.to_string(),
            message: e.message().to_string() + &locate(text, e.span()),
        })?;
        let invalid = |key, reason: String| RulesError::Invalid {
            path: shown.to_string(),
            key,
            reason,
        };
        let report_due = MonthDay::parse(&file.report_due).ok_or_else(|| {
            invalid(
                "report_due",
                format!(
                    "\"{}\" 不是 月-日 形式的日期（如 \"07-10\"）",
                    file.report_due
                ),
            )
        })?;
        let rules = Rules {
            term_years: file.term_years,
            report_due,
            half_year_days: file.half_year_days,
            excellent_students: file.excellent_students,
            qualified_students: file.qualified_students,
            excellent_national_outcomes: file.excellent_national_outcomes,
            excellent_provincial_outcomes: file.excellent_provincial_outcomes,
            subsidy_min_doctor: file.subsidy_min_doctor,
            subsidy_min_master: file.subsidy_min_master,
            subsidy_min_fails_c4: file.subsidy_min_fails_c4,
            revoke_after_late_years: file.revoke_after_late_years,
            reapply_ban_years: file.reapply_ban_years,
            limits: Limits {
                max_file_bytes: file.limits.max_file_mb.saturating_mul(MB),
                max_cells: file.limits.max_cells,
                max_zip_entry_bytes: file.limits.max_zip_entry_mb.saturating_mul(MB),
            },
        };
        rules
            .check()
            .map_err(|(key, reason)| invalid(key, reason))?;
        Ok(rules)
    }

    fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=20).contains(&self.term_years) {
            return Err((
                "term_years",
                format!("{} 年，应在 1 到 20 之间", self.term_years),
            ));
        }
        if !(1..=366).contains(&self.half_year_days) {
            return Err((
                "half_year_days",
                format!("{} 天，应在 1 到 366 之间", self.half_year_days),
            ));
        }
        if self.qualified_students > self.excellent_students {
            return Err((
                "qualified_students",
                format!(
                    "合格人数 {} 高于优秀人数 {}",
                    self.qualified_students, self.excellent_students
                ),
            ));
        }
        if self.excellent_national_outcomes == 0 && self.excellent_provincial_outcomes == 0 {
            return Err((
                "excellent_national_outcomes",
                "国家级和省部级成果要求不能都为 0".to_string(),
            ));
        }
        for (key, v) in [
            ("subsidy_min_doctor", self.subsidy_min_doctor),
            ("subsidy_min_master", self.subsidy_min_master),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err((key, format!("{v} 元，应为不小于 0 的数")));
            }
        }
        if self.revoke_after_late_years == 0 {
            return Err(("revoke_after_late_years", "应至少为 1 年".to_string()));
        }
        let l = &self.limits;
        for (key, ok) in [
            (
                "limits.max_file_mb",
                (1..=4096 * MB).contains(&l.max_file_bytes),
            ),
            (
                "limits.max_cells",
                (1_000..=100_000_000).contains(&l.max_cells),
            ),
            (
                "limits.max_zip_entry_mb",
                (1..=16384 * MB).contains(&l.max_zip_entry_bytes),
            ),
        ] {
            if !ok {
                return Err((key, "超出合理范围".to_string()));
            }
        }
        Ok(())
    }

    /// `(key, value, clause)` for every rule, in file order (for `gsw rules` and 说明).
    pub fn entries(&self) -> Vec<(&'static str, String, &'static str)> {
        let values = [
            self.term_years.to_string(),
            format!("\"{}\"", self.report_due),
            self.half_year_days.to_string(),
            self.excellent_students.to_string(),
            self.qualified_students.to_string(),
            self.excellent_national_outcomes.to_string(),
            self.excellent_provincial_outcomes.to_string(),
            number(self.subsidy_min_doctor),
            number(self.subsidy_min_master),
            self.subsidy_min_fails_c4.to_string(),
            self.revoke_after_late_years.to_string(),
            self.reapply_ban_years.to_string(),
        ];
        DOCS.iter()
            .zip(values)
            .map(|(doc, v)| (doc.key, v, doc.clause))
            .collect()
    }

    /// The rules as a commented TOML file that `--rules` reads back.
    pub fn to_commented_toml(&self) -> String {
        let mut out = String::from(
            "# gsw 规则文件：产教融合研究生工作站管理办法中的各项数值。\n\
             # 可只保留需要修改的项，其余取默认值。用法: gsw consolidate 文件夹 --rules 本文件\n\n",
        );
        for (key, value, clause) in self.entries() {
            out.push_str(&format!("# {clause}\n{key} = {value}\n\n"));
        }
        let l = &self.limits;
        out.push_str(&format!(
            "# 读取保护（不是管理办法条文）：超过上限的文件列为“未采用”并说明原因\n\
             [limits]\n\
             # 单个文件大小上限（MB）\nmax_file_mb = {}\n\
             # 每张工作表读取的单元格上限\nmax_cells = {}\n\
             # 压缩包内单个部件解压后大小上限（MB），防止“压缩炸弹”\nmax_zip_entry_mb = {}\n",
            l.max_file_bytes / MB,
            l.max_cells,
            l.max_zip_entry_bytes / MB
        ));
        out
    }
}

/// A float without a needless `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// ` (第 N 行)` for a toml error span.
fn locate(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            // The line itself names the key: a type error's message only names the type.
            let quoted = text.lines().nth(line - 1).unwrap_or_default().trim();
            format!("（第 {line} 行: {quoted}）")
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_defaults_read_back_as_the_defaults() {
        let text = Rules::default().to_commented_toml();
        assert_eq!(Rules::parse(&text, "x").unwrap(), Rules::default());
        assert!(text
            .contains("# 连续两年未按时上报的研究生工作站将予以撤销\nrevoke_after_late_years = 2"));
        assert_eq!(DOCS.len(), Rules::default().entries().len());
    }

    #[test]
    fn a_subset_keeps_the_other_defaults() {
        let r = Rules::parse("[limits]\nmax_file_mb = 10", "x").unwrap();
        assert_eq!(r.limits.max_file_bytes, 10 * MB);
        assert_eq!(r.limits.max_cells, Limits::default().max_cells);
        let r = Rules::parse("term_years = 5\nreport_due = \"06-30\"", "x").unwrap();
        assert!(!r.subsidy_min_fails_c4);
        let strict = Rules::parse("subsidy_min_fails_c4 = true", "x").unwrap();
        assert!(strict.subsidy_min_fails_c4);
        assert_eq!(strict.subsidy_min_master, 500.0);
        assert_eq!(r.term_years, 5);
        assert_eq!(r.report_due, MonthDay { month: 6, day: 30 });
        assert_eq!(r.excellent_students, 20);
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            ("term_yaers = 5", "term_yaers"),
            ("term_years = \"four\"", "第 1 行: term_years"),
            ("qualified_students = 30", "qualified_students"),
            ("report_due = \"7月10日\"", "report_due"),
            ("subsidy_min_doctor = -1", "subsidy_min_doctor"),
            ("subsidy_min_fails_c4 = 1", "第 1 行: subsidy_min_fails_c4"),
            ("term_years = 0", "term_years"),
            ("[limits]\nmax_cells = 5", "limits.max_cells"),
            ("[limits]\nmax_rows = 5", "max_rows"),
        ];
        for (text, key) in cases {
            let err = Rules::parse(text, "rules.toml").unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
            assert!(err.contains("rules.toml"), "{err}");
        }
    }
}
