//! The numbers of the measures, each with its default and the clause it comes from (SPEC §7).
//! Other provinces run the same scheme with other numbers, so every one can be changed in a
//! TOML rules file; nothing else in the program writes these numbers as literals. How the
//! program reads the measures' words, clause by clause, is in [`readings`].
//!
//! Two more numbers are the program's reading of words the measures do not quantify; they
//! are fixed constants here, not keys ([`PAYMENT_TOLERANCE`], [`MIN_JOINT_PROJECTS`]).

pub mod readings;

use crate::dates::MonthDay;
use serde::Deserialize;
use std::path::Path;

/// C4: a student row's 本学年发放金额 may fall short of 标准 × 月数 by less than this many yuan
/// and still be paid 足额: the rounding of cents, not a number of the measures. Not a key: no
/// province's measures set it, and a larger value would only hide real shortfalls.
pub const PAYMENT_TOLERANCE: f64 = 1.0;

/// C8 from the reports (no review answer): “联合承担科研项目” read as at least this many joint
/// projects over the term. The measures name no number, so this is the reading of the words,
/// not a key: another count would be another rule, not another province's number.
pub const MIN_JOINT_PROJECTS: u32 = 1;

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

/// What a person calls each key (rules and `[limits]`), and the value it takes: for the
/// 说明 sheet and for messages about a rules file, which name the key in Chinese.
struct KeyName {
    key: &'static str,
    name: &'static str,
    value: Want,
}

/// The kind of value a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A whole number ≥ 0.
    Count,
    /// Any number (yuan).
    Number,
    /// `"MM-DD"`.
    MonthDay,
    Bool,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Count => "不小于 0 的整数",
            Want::Number => "数字",
            Want::MonthDay => "用英文双引号括起的 月-日",
            Want::Bool => "英文的 true（是）或 false（否）",
        }
    }
}

const NAMES: &[KeyName] = &[
    KeyName {
        key: "term_years",
        name: "认定有效期（年）",
        value: Want::Count,
    },
    KeyName {
        key: "report_due",
        name: "年报截止日（月-日）",
        value: Want::MonthDay,
    },
    KeyName {
        key: "half_year_days",
        name: "进站半年的天数",
        value: Want::Count,
    },
    KeyName {
        key: "excellent_students",
        name: "优秀：进站半年以上研究生人数",
        value: Want::Count,
    },
    KeyName {
        key: "qualified_students",
        name: "合格：进站半年以上研究生人数",
        value: Want::Count,
    },
    KeyName {
        key: "excellent_national_outcomes",
        name: "优秀：国家级成果（项）",
        value: Want::Count,
    },
    KeyName {
        key: "excellent_provincial_outcomes",
        name: "优秀：省部级成果（项）",
        value: Want::Count,
    },
    KeyName {
        key: "subsidy_min_doctor",
        name: "博士生月生活补助下限（元）",
        value: Want::Number,
    },
    KeyName {
        key: "subsidy_min_master",
        name: "硕士生月生活补助下限（元）",
        value: Want::Number,
    },
    KeyName {
        key: "subsidy_min_fails_c4",
        name: "补助低于下限即 C4 未达标",
        value: Want::Bool,
    },
    KeyName {
        key: "revoke_after_late_years",
        name: "连续未按时上报即撤销（年）",
        value: Want::Count,
    },
    KeyName {
        key: "reapply_ban_years",
        name: "不合格后不得重新申报（年）",
        value: Want::Count,
    },
    KeyName {
        key: "limits.max_file_mb",
        name: "单个文件大小上限（MB）",
        value: Want::Count,
    },
    KeyName {
        key: "limits.max_cells",
        name: "每张工作表的单元格上限",
        value: Want::Count,
    },
    KeyName {
        key: "limits.max_zip_entry_mb",
        name: "压缩包内单个部件解压后的大小上限（MB）",
        value: Want::Count,
    },
    KeyName {
        key: "limits.max_archive_members",
        name: "每个压缩包内的文件数上限",
        value: Want::Count,
    },
    KeyName {
        key: "limits.max_archive_mb",
        name: "每个压缩包解压后的总大小上限（MB）",
        value: Want::Count,
    },
];

/// The keys of `[limits]`, as `limits.KEY`.
const LIMIT_KEYS: [&str; 5] = [
    "limits.max_file_mb",
    "limits.max_cells",
    "limits.max_zip_entry_mb",
    "limits.max_archive_members",
    "limits.max_archive_mb",
];

/// The Chinese name of a key (`term_years` → 认定有效期（年）).
pub fn chinese_name(key: &str) -> &'static str {
    NAMES.iter().find(|n| n.key == key).map_or("", |n| n.name)
}

/// `term_years（认定有效期（年））`: a key as messages and 说明 show it.
fn named(key: &str) -> String {
    match chinese_name(key) {
        "" => key.to_string(),
        name => format!("{key}（{name}）"),
    }
}

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
    max_archive_members: usize,
    max_archive_mb: u64,
}

const MB: u64 = 1024 * 1024;

impl Default for LimitsFile {
    fn default() -> Self {
        let l = Limits::default();
        LimitsFile {
            max_file_mb: l.max_file_bytes / MB,
            max_cells: l.max_cells,
            max_zip_entry_mb: l.max_zip_entry_bytes / MB,
            max_archive_members: l.max_archive_members,
            max_archive_mb: l.max_archive_bytes / MB,
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
    #[error("无法读取规则文件 {path}：{reason}")]
    Io { path: String, reason: String },
    #[error(
        "规则文件 {path} 的文字编码无法识别（不是 UTF-8、UTF-16 或 GBK）：请用记事本打开，\
         “另存为”时编码选 UTF-8"
    )]
    Encoding { path: String },
    #[error("规则文件 {path} {message}")]
    Syntax { path: String, message: String },
    #[error("规则文件 {path} 中 {}的值不合理：{reason}；请改正后重新运行", named(.key))]
    Invalid {
        path: String,
        key: &'static str,
        reason: String,
    },
}

impl Rules {
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| RulesError::Io {
            path: shown.clone(),
            reason: crate::error::io_reason(&e),
        })?;
        let text = decode(&bytes).ok_or_else(|| RulesError::Encoding {
            path: shown.clone(),
        })?;
        Rules::parse(&text, &shown)
    }

    /// Parses a rules file; `shown` names it in messages.
    pub fn parse(text: &str, shown: &str) -> Result<Rules, RulesError> {
        let syntax = |message: String| RulesError::Syntax {
            path: shown.to_string(),
            message,
        };
        let doc = toml::de::DeTable::parse(text).map_err(|e| {
            syntax(format!(
                "{}不是有效的规则写法：每项应写成 英文项名 = 值（等号、引号用英文半角），如 \
                 term_years = 4、report_due = \"07-10\"（{}）",
                locate(text, e.span()),
                e.message().trim_end()
            ))
        })?;
        check_shape(doc.get_ref(), text).map_err(syntax)?;
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            syntax(format!(
                "{}有误：请对照 gsw rules 打印的默认规则改正（{}）",
                locate(text, e.span()),
                e.message().trim_end()
            ))
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
                max_archive_members: file.limits.max_archive_members,
                max_archive_bytes: file.limits.max_archive_mb.saturating_mul(MB),
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
            (
                "limits.max_archive_members",
                (1..=1_000_000).contains(&l.max_archive_members),
            ),
            (
                "limits.max_archive_mb",
                (1..=65536 * MB).contains(&l.max_archive_bytes),
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
            let name = chinese_name(key);
            out.push_str(&format!("# {name}：{clause}\n{key} = {value}\n\n"));
        }
        let l = &self.limits;
        out.push_str(&format!(
            "# 读取保护（不是管理办法条文）：超过上限的文件列为“未采用”并说明原因\n\
             [limits]\n\
             # 单个文件大小上限（MB）\nmax_file_mb = {}\n\
             # 每张工作表读取的单元格上限\nmax_cells = {}\n\
             # 压缩包内单个部件解压后大小上限（MB），防止“压缩炸弹”\nmax_zip_entry_mb = {}\n\
             # 文件夹中每个 .zip 压缩包内的文件数上限\nmax_archive_members = {}\n\
             # 文件夹中每个 .zip 压缩包解压后的总大小上限（MB）\nmax_archive_mb = {}\n",
            l.max_file_bytes / MB,
            l.max_cells,
            l.max_zip_entry_bytes / MB,
            l.max_archive_members,
            l.max_archive_bytes / MB
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

/// `第 N 行（…）：` for a span of the rules file: the line number and the line itself.
fn locate(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let quoted = text.lines().nth(line - 1).unwrap_or_default().trim();
            format!("第 {line} 行（{quoted}）")
        }
        None => String::new(),
    }
}

/// The text of a rules file as Windows saves it: UTF-8 with or without a BOM, UTF-16 with
/// a BOM (PowerShell 5's `>`), or GBK (Notepad's "ANSI" on Chinese Windows). `None`: none.
fn decode(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, failed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (!failed).then(|| text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let (text, failed) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    (!failed).then(|| text.into_owned())
}

/// Every key known and every value of the kind its key takes; `Err` says in Chinese which
/// line is wrong and what to write there.
fn check_shape(doc: &toml::de::DeTable, text: &str) -> Result<(), String> {
    for (key, value) in doc {
        let name = key.get_ref().as_ref();
        if name == "limits" {
            let toml::de::DeValue::Table(limits) = value.get_ref() else {
                return Err(format!(
                    "{}：limits 应为一节，写作单独一行 [limits]，其下每行一项",
                    locate(text, Some(key.span()))
                ));
            };
            for (key, value) in limits {
                let full = format!("limits.{}", key.get_ref());
                check_value(&full, key.span(), value, text)?;
            }
        } else {
            check_value(name, key.span(), value, text)?;
        }
    }
    Ok(())
}

fn check_value(
    key: &str,
    key_span: std::ops::Range<usize>,
    value: &toml::Spanned<toml::de::DeValue>,
    text: &str,
) -> Result<(), String> {
    use toml::de::DeValue;
    let known = DOCS.iter().map(|d| d.key).chain(LIMIT_KEYS);
    let Some(want) = known
        .clone()
        .any(|k| k == key)
        .then(|| NAMES.iter().find(|n| n.key == key).map(|n| n.value))
        .flatten()
    else {
        let short = key.strip_prefix("limits.").unwrap_or(key);
        let nearest = known
            .filter(|k| k.starts_with("limits.") == key.starts_with("limits."))
            .map(|k| {
                let k_short = k.strip_prefix("limits.").unwrap_or(k);
                (strsim::jaro_winkler(short, k_short), k)
            })
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| {
                let k_short = k.strip_prefix("limits.").unwrap_or(k);
                format!("是否应为 {k_short}（{}）？", chinese_name(k))
            })
            .unwrap_or_default();
        return Err(format!(
            "{}：没有“{short}”这一项。{nearest}可用的各项及写法见 gsw rules 打印的默认规则",
            locate(text, Some(key_span))
        ));
    };
    let ok = match (want, value.get_ref()) {
        (Want::Count, DeValue::Integer(i)) => !i.as_str().starts_with('-'),
        (Want::Number, DeValue::Integer(_) | DeValue::Float(_)) => true,
        (Want::MonthDay, DeValue::String(_)) => true,
        (Want::Bool, DeValue::Boolean(_)) => true,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let short = key.strip_prefix("limits.").unwrap_or(key);
    let example = default_value(key).map_or(String::new(), |v| format!("，如 {short} = {v}"));
    let written = text
        .get(value.span())
        .unwrap_or_default()
        .trim()
        .to_string();
    Err(format!(
        "{}：{}应为{}{example}；现在写的是 {written}",
        locate(text, Some(key_span)),
        named(key),
        want.describe()
    ))
}

/// A key's default as the rules file writes it.
fn default_value(key: &str) -> Option<String> {
    let rules = Rules::default();
    let l = &rules.limits;
    match key {
        "limits.max_file_mb" => Some((l.max_file_bytes / MB).to_string()),
        "limits.max_cells" => Some(l.max_cells.to_string()),
        "limits.max_zip_entry_mb" => Some((l.max_zip_entry_bytes / MB).to_string()),
        "limits.max_archive_members" => Some(l.max_archive_members.to_string()),
        "limits.max_archive_mb" => Some((l.max_archive_bytes / MB).to_string()),
        _ => rules
            .entries()
            .into_iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, _)| v),
    }
}

/// Bounds on the work one file may cause (SPEC: bad input never takes the run down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are not opened.
    pub max_file_bytes: u64,
    /// Cells kept per sheet (stored width of every row added up).
    pub max_cells: usize,
    /// Uncompressed size of any one part of an xlsx/xlsb/ods zip.
    pub max_zip_entry_bytes: u64,
    /// Members of one .zip of the input folder (and of a .zip inside it), folders included.
    pub max_archive_members: usize,
    /// Unpacked bytes read from one .zip of the input folder, a .zip inside it included.
    pub max_archive_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_cells: 1_000_000,
            max_zip_entry_bytes: 500 * 1024 * 1024,
            max_archive_members: 20_000,
            max_archive_bytes: 4096 * 1024 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_defaults_read_back_as_the_defaults() {
        let text = Rules::default().to_commented_toml();
        assert_eq!(Rules::parse(&text, "x").unwrap(), Rules::default());
        assert!(text.contains(
            "# 连续未按时上报即撤销（年）：连续两年未按时上报的研究生工作站将予以撤销\nrevoke_after_late_years = 2"
        ));
        assert_eq!(DOCS.len(), Rules::default().entries().len());
    }

    #[test]
    fn every_key_has_a_chinese_name_and_a_kind_of_value() {
        for key in DOCS.iter().map(|d| d.key).chain(LIMIT_KEYS) {
            let found: Vec<_> = NAMES.iter().filter(|n| n.key == key).collect();
            assert_eq!(found.len(), 1, "{key}");
            assert!(!found[0].name.is_ascii(), "{key}");
            // The default, written as the rules file writes it, is of that kind.
            let default = default_value(key).unwrap();
            let text = match key.strip_prefix("limits.") {
                Some(k) => format!("[limits]\n{k} = {default}"),
                None => format!("{key} = {default}"),
            };
            Rules::parse(&text, "x").unwrap_or_else(|e| panic!("{key}: {e}"));
        }
        assert_eq!(chinese_name("term_years"), "认定有效期（年）");
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
        let r = Rules::parse("subsidy_min_doctor = 1200.5", "x").unwrap();
        assert_eq!(r.subsidy_min_doctor, 1200.5);
    }

    #[test]
    fn errors_name_the_key_in_chinese_and_say_what_to_write() {
        let cases = [
            (
                "term_yaers = 5",
                "规则文件 rules.toml 第 1 行（term_yaers = 5）：没有“term_yaers”这一项。\
                 是否应为 term_years（认定有效期（年））？可用的各项及写法见 gsw rules 打印的默认规则",
            ),
            (
                "term_years = 4\nterm_year = 5",
                "规则文件 rules.toml 第 2 行（term_year = 5）：没有“term_year”这一项。\
                 是否应为 term_years（认定有效期（年））？可用的各项及写法见 gsw rules 打印的默认规则",
            ),
            (
                "term_years = \"八\"",
                "规则文件 rules.toml 第 1 行（term_years = \"八\"）：term_years（认定有效期（年））\
                 应为不小于 0 的整数，如 term_years = 4；现在写的是 \"八\"",
            ),
            (
                "half_year_days = -1",
                "规则文件 rules.toml 第 1 行（half_year_days = -1）：half_year_days（进站半年的天数）\
                 应为不小于 0 的整数，如 half_year_days = 183；现在写的是 -1",
            ),
            (
                "report_due = 07-10",
                "规则文件 rules.toml 第 1 行（report_due = 07-10）不是有效的规则写法：每项应写成 英文项名 = 值\
                 （等号、引号用英文半角），如 term_years = 4、report_due = \"07-10\"（",
            ),
            (
                "report_due = 710",
                "规则文件 rules.toml 第 1 行（report_due = 710）：report_due（年报截止日（月-日））\
                 应为用英文双引号括起的 月-日，如 report_due = \"07-10\"；现在写的是 710",
            ),
            (
                "term_years ＝ 5",
                "规则文件 rules.toml 第 1 行（term_years ＝ 5）不是有效的规则写法：每项应写成 英文项名 = 值\
                 （等号、引号用英文半角），如 term_years = 4、report_due = \"07-10\"（",
            ),
            (
                "qualified_students = 30",
                "规则文件 rules.toml 中 qualified_students（合格：进站半年以上研究生人数）的值不合理：\
                 合格人数 30 高于优秀人数 20；请改正后重新运行",
            ),
            (
                "report_due = \"7月10日\"",
                "规则文件 rules.toml 中 report_due（年报截止日（月-日））的值不合理：\
                 \"7月10日\" 不是 月-日 形式的日期（如 \"07-10\"）；请改正后重新运行",
            ),
            (
                "subsidy_min_doctor = -1",
                "规则文件 rules.toml 中 subsidy_min_doctor（博士生月生活补助下限（元））的值不合理：\
                 -1 元，应为不小于 0 的数；请改正后重新运行",
            ),
            (
                "term_years = 0",
                "规则文件 rules.toml 中 term_years（认定有效期（年））的值不合理：\
                 0 年，应在 1 到 20 之间；请改正后重新运行",
            ),
            (
                "[limits]\nmax_cells = 5",
                "规则文件 rules.toml 中 limits.max_cells（每张工作表的单元格上限）的值不合理：\
                 超出合理范围；请改正后重新运行",
            ),
            (
                "[limits]\nmax_rows = 5",
                "规则文件 rules.toml 第 2 行（max_rows = 5）：没有“max_rows”这一项。\
                 是否应为 max_cells（每张工作表的单元格上限）？可用的各项及写法见 gsw rules 打印的默认规则",
            ),
            (
                "limits = 5",
                "规则文件 rules.toml 第 1 行（limits = 5）：limits 应为一节，写作单独一行 [limits]，其下每行一项",
            ),
            (
                "subsidy_min_fails_c4 = 1",
                "规则文件 rules.toml 第 1 行（subsidy_min_fails_c4 = 1）：subsidy_min_fails_c4\
                 （补助低于下限即 C4 未达标）应为英文的 true（是）或 false（否），\
                 如 subsidy_min_fails_c4 = false；现在写的是 1",
            ),
            (
                "认定有效期 = 5",
                "规则文件 rules.toml 第 1 行（认定有效期 = 5）不是有效的规则写法：每项应写成 英文项名 = 值\
                 （等号、引号用英文半角），如 term_years = 4、report_due = \"07-10\"（",
            ),
        ];
        for (text, want) in cases {
            let err = Rules::parse(text, "rules.toml").unwrap_err().to_string();
            // A TOML syntax error ends with the parser's own words in parentheses.
            if want.ends_with('（') {
                assert!(
                    err.starts_with(want) && err.ends_with('）'),
                    "{text}:\n{err}"
                );
            } else {
                assert_eq!(err, want, "{text}");
            }
        }
    }

    #[test]
    fn files_as_windows_saves_them_are_read() {
        let text = "# 规则\nterm_years = 5\n";
        let utf16 = |big: bool| -> Vec<u8> {
            let mut out = if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                out.extend(if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            out
        };
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("utf8.toml", text.as_bytes().to_vec()),
            ("utf8-bom.toml", bom),
            ("utf16le.toml", utf16(false)),
            ("utf16be.toml", utf16(true)),
            ("gbk.toml", gbk.into_owned()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let rules = Rules::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(rules.term_years, 5, "{name}");
        }
        // Bytes that are no text at all.
        let path = dir.path().join("binary.toml");
        std::fs::write(&path, [0x81, 0x20, 0xFF, 0xFF]).unwrap();
        let err = Rules::load(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "规则文件 {} 的文字编码无法识别（不是 UTF-8、UTF-16 或 GBK）：请用记事本打开，“另存为”时编码选 UTF-8",
                path.display()
            )
        );
        let missing = dir.path().join("无.toml");
        let err = Rules::load(&missing).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "无法读取规则文件 {}：找不到该文件或文件夹，请检查路径是否正确（",
                missing.display()
            )),
            "{err}"
        );
    }
}
