//! Deterministic, realistic data in bulk, for the benchmark and the sample folder: a
//! station's whole term is planned once ([`StationPlan`]: who stays when, who runs it, what
//! it achieved) and each academic year's report is cut from the plan, so a student who stays
//! across years appears in consecutive reports with the same 学号 and split dates.
//! No randomness beyond a seeded [`Rng`]: the same seed gives the same data.

use super::spec::{FundingSpec, OutcomeSpec, PersonSpec, ReportSpec, StudentSpec};
use crate::dates::{days_inclusive, AcademicYear};
use crate::schema::{self, DOCTOR, MASTER};
use chrono::{Days, NaiveDate};

/// SplitMix64: small, fast and good enough for made-up data; no `rand` crate needed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
    "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "华", "慧",
    "建华", "晓东", "思远", "雨桐", "子涵", "浩然", "欣怡", "佳琪", "宇航", "梦瑶", "俊杰", "诗涵",
    "一鸣", "文博", "雅静", "天佑", "若溪", "晨曦", "嘉怡", "志强", "鹏飞", "婉清", "泽宇", "楠",
    "博文", "睿", "瑞雪", "海洋", "丽娜", "凯", "佳慧", "明轩",
];
const TITLES: &[&str] = &[
    "主任医师",
    "教授",
    "研究员",
    "副主任医师",
    "副教授",
    "副研究员",
    "正高级工程师",
    "高级工程师",
];
const POSITIONS: &[&str] = &[
    "研发中心主任",
    "副总经理",
    "质量部经理",
    "科室主任",
    "副院长",
    "教研室主任",
    "首席科学家",
    "技术总监",
];
const SOCIETIES: &[&str] = &[
    "天津市医学会委员",
    "中华医学会青年委员",
    "天津市药学会理事",
    "中国医药生物技术协会会员",
    "天津市抗癌协会常委",
    "",
];
/// Research topics, combined into outcome names.
const TOPICS: &[&str] = &[
    "肺结节影像辅助诊断",
    "肿瘤液体活检",
    "心血管介入器械",
    "中药配方颗粒质量控制",
    "慢病管理数字平台",
    "单克隆抗体纯化工艺",
    "医用高分子材料",
    "基因检测试剂盒",
    "眼科人工晶状体",
    "骨科植入物表面改性",
    "抗菌药物合理使用",
    "社区老年人跌倒风险评估",
];
const OUTCOME_FORMS: &[(&str, &str)] = &[
    ("论文", "{}的临床研究"),
    ("论文", "{}关键技术研究进展"),
    ("专利", "一种用于{}的装置"),
    ("专利", "{}方法及系统"),
    ("项目", "{}应用示范项目"),
    ("标准", "{}技术规范"),
    ("获奖", "{}研究成果奖"),
];
const MINOR_LEVELS: &[&str] = &["市级", "校级", "其他"];

/// A Chinese personal name.
pub fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// One student's whole stay in the station.
#[derive(Debug, Clone, PartialEq)]
pub struct Stay {
    pub name: String,
    pub student_id: String,
    pub level: &'static str,
    pub degree_type: &'static str,
    pub supervisor: String,
    pub station_supervisor: String,
    pub entered_on: NaiveDate,
    /// Last day in the station.
    pub left_on: NaiveDate,
    pub monthly_subsidy: f64,
    pub paid_in_full: bool,
    pub supervisor_project: bool,
}

impl Stay {
    /// The stay's part within `year`, as that year's report lists it: from the later of
    /// entry and the year's first day; no 出站日期 when still there at the year's end.
    pub fn row_in(&self, year: AcademicYear) -> Option<StudentSpec> {
        let from = self.entered_on.max(year.first_day());
        let to = self.left_on.min(year.last_day());
        if to < from {
            return None;
        }
        let months = months_between(from, to);
        Some(StudentSpec {
            name: self.name.clone(),
            student_id: self.student_id.clone(),
            level: self.level,
            degree_type: self.degree_type,
            supervisor: self.supervisor.clone(),
            station_supervisor: self.station_supervisor.clone(),
            entered_on: from,
            left_on: (self.left_on <= year.last_day()).then_some(self.left_on),
            monthly_subsidy: self.monthly_subsidy,
            months_paid: months,
            amount_paid: self.monthly_subsidy * months,
            paid_in_full: self.paid_in_full,
            supervisor_project: self.supervisor_project,
            insured: true,
            safety_training: true,
            remark: String::new(),
        })
    }
}

/// Whole months paid for days `from..=to`, 0–12.
fn months_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (days_inclusive(from, to) as f64 / 30.4)
        .round()
        .clamp(0.0, 12.0)
}

/// A station's term, planned: reports are cut from it one academic year at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct StationPlan {
    pub id: String,
    pub name: String,
    pub host: String,
    pub host_type: &'static str,
    pub college: String,
    pub recognised_on: NaiveDate,
    pub filer: String,
    pub phone: String,
    pub rules_sound: bool,
    pub conditions: &'static str,
    pub joint_projects: u32,
    pub stays: Vec<Stay>,
    pub people: Vec<PersonSpec>,
    /// Each goes into the report of the year containing its date.
    pub outcomes: Vec<OutcomeSpec>,
    /// Funding sources per report; the first also carries the students' subsidies.
    pub funding_sources: usize,
}

/// How much a generated station holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Stays of 200–400 days: each student counts toward 进站培养半年以上.
    pub long_stays: usize,
    /// Stays of 60–150 days: each student falls short of half a year.
    pub short_stays: usize,
    pub people: usize,
    /// Outcomes at 市级, 校级 or 其他 (none that decides C6).
    pub outcomes: usize,
    /// Funding rows per report, at most 5.
    pub funding_sources: usize,
}

impl Default for Sizes {
    /// About what a busy station reports in one year.
    fn default() -> Self {
        Sizes {
            long_stays: 24,
            short_stays: 6,
            people: 8,
            outcomes: 15,
            funding_sources: 4,
        }
    }
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

impl StationPlan {
    /// A station with nobody and nothing yet: an enterprise, rules sound, conditions 良好.
    pub fn new(
        id: &str,
        name: &str,
        host: &str,
        college: &str,
        recognised_on: NaiveDate,
    ) -> StationPlan {
        StationPlan {
            id: id.to_string(),
            name: name.to_string(),
            host: host.to_string(),
            host_type: schema::HOST_TYPE.values[0],
            college: college.to_string(),
            recognised_on,
            filer: String::new(),
            phone: String::new(),
            rules_sound: true,
            conditions: schema::CONDITIONS.values[1],
            joint_projects: 1,
            stays: Vec::new(),
            people: Vec::new(),
            outcomes: Vec::new(),
            funding_sources: 1,
        }
    }

    /// Adds made-up people, stays and outcomes, all between the recognition date and
    /// `until` (the last day the reports will cover). Student numbers are
    /// `<entry year><4 digits from id_base + 1>`: give stations distinct `id_base`s.
    pub fn populate(mut self, seed: u64, until: NaiveDate, id_base: u32, sizes: &Sizes) -> Self {
        let mut rng = Rng::new(seed);
        let from = self.recognised_on;
        let window = days_inclusive(from, until).max(1) as u64;
        let supervisors: Vec<String> = (0..4).map(|_| person_name(&mut rng)).collect();
        let mentors: Vec<String> = (0..4).map(|_| person_name(&mut rng)).collect();
        let first = self.stays.len();
        for i in 0..sizes.long_stays + sizes.short_stays {
            let len = if i < sizes.long_stays {
                rng.between(200, 400)
            } else {
                rng.between(60, 150)
            };
            let len = len.min(window - 1);
            let entered_on = add_days(from, rng.below(window - len));
            let doctor = rng.chance(30);
            let minimum = if doctor { 1000.0 } else { 500.0 };
            let year = chrono::Datelike::year(&entered_on);
            self.stays.push(Stay {
                name: person_name(&mut rng),
                student_id: format!("{year}{:04}", id_base + (first + i) as u32 + 1),
                level: if doctor { DOCTOR } else { MASTER },
                degree_type: if doctor || rng.chance(20) {
                    "学术学位"
                } else {
                    "专业学位"
                },
                supervisor: rng.pick(&supervisors).clone(),
                station_supervisor: rng.pick(&mentors).clone(),
                entered_on,
                left_on: add_days(entered_on, len),
                monthly_subsidy: minimum + 100.0 * rng.below(6) as f64,
                paid_in_full: true,
                supervisor_project: false,
            });
        }
        self.stays
            .sort_by(|a, b| (a.entered_on, &a.student_id).cmp(&(b.entered_on, &b.student_id)));

        for i in 0..sizes.people.max(2) {
            let (role, employer, name) = match i {
                0 => (schema::HOST_CHIEF, &self.host, person_name(&mut rng)),
                1 => (schema::COLLEGE_CHIEF, &self.college, supervisors[0].clone()),
                i if i < 2 + mentors.len() => ("兼职导师", &self.host, mentors[i - 2].clone()),
                _ => ("专家", &self.host, person_name(&mut rng)),
            };
            self.people.push(PersonSpec {
                name,
                role,
                title: rng.pick(TITLES).to_string(),
                position: rng.pick(POSITIONS).to_string(),
                employer: employer.clone(),
                social_roles: rng.pick(SOCIETIES).to_string(),
            });
        }

        for i in 0..sizes.outcomes {
            let obtained_on = add_days(from, rng.below(window));
            // Distinct names for up to topics × forms outcomes per station.
            let topic = TOPICS[(seed as usize + i) % TOPICS.len()];
            let (kind, form) =
                OUTCOME_FORMS[(seed as usize + i / TOPICS.len()) % OUTCOME_FORMS.len()];
            // One or two students in the station on that day, from a few random tries.
            let wanted = rng.between(1, 2) as usize;
            let mut students = std::collections::BTreeSet::new();
            for _ in 0..8 {
                if students.len() == wanted || self.stays.is_empty() {
                    break;
                }
                let s = rng.pick(&self.stays);
                if s.entered_on <= obtained_on && obtained_on <= s.left_on {
                    students.insert(s.student_id.clone());
                }
            }
            let level = *rng.pick(MINOR_LEVELS);
            self.outcomes.push(OutcomeSpec {
                kind,
                name: form.replace("{}", topic),
                level,
                obtained_on,
                students: students.into_iter().collect(),
                related: !rng.chance(10),
                benefit: false,
                benefit_note: String::new(),
            });
        }
        self.outcomes.sort_by_key(|o| o.obtained_on);

        self.filer = person_name(&mut rng);
        self.phone = format!("022-{}", rng.between(2333_0000, 2899_9999));
        self.joint_projects = rng.between(1, 3) as u32;
        self.funding_sources = sizes
            .funding_sources
            .clamp(1, schema::FUNDING_SOURCE.values.len());
        self
    }

    /// The report for `year`, sent on `filed_on`.
    pub fn report(&self, year: AcademicYear, filed_on: NaiveDate) -> ReportSpec {
        let students: Vec<StudentSpec> = self.stays.iter().filter_map(|s| s.row_in(year)).collect();
        let subsidies: f64 = students.iter().map(|s| s.amount_paid).sum();
        let funding = (0..self.funding_sources)
            .map(|i| {
                // Round yuan amounts that differ by source and year.
                let base = 10_000.0 * ((year.start_year as usize + i * 7) % 9 + 2) as f64;
                let subsidy_spent = if i == 0 { subsidies } else { 0.0 };
                FundingSpec {
                    source: schema::FUNDING_SOURCE.values[i],
                    received: base + subsidy_spent,
                    spent: 0.8 * base + subsidy_spent,
                    subsidy_spent,
                    note: String::new(),
                }
            })
            .collect();
        ReportSpec {
            station_id: self.id.clone(),
            station_name: self.name.clone(),
            host: self.host.clone(),
            host_type: self.host_type,
            college: self.college.clone(),
            recognised_on: self.recognised_on,
            year,
            filed_on,
            filer: self.filer.clone(),
            phone: self.phone.clone(),
            rules_sound: self.rules_sound,
            conditions: self.conditions,
            joint_projects: self.joint_projects,
            students,
            people: self.people.clone(),
            outcomes: (self.outcomes.iter())
                .filter(|o| year.contains(o.obtained_on))
                .cloned()
                .collect(),
            funding,
        }
    }
}

/// One standalone report of `sizes` (all stays and outcomes inside `year`), e.g. for the
/// benchmark: `synth::report(n, AcademicYear::new(2023), &Sizes::default())` has 30 students,
/// 8 people, 15 outcomes and 4 funding rows.
pub fn report(seed: u64, year: AcademicYear, sizes: &Sizes) -> ReportSpec {
    let id = format!("GZZ-{:05}", seed % 100_000);
    let host = format!(
        "天津{}生物医药有限公司",
        TOPICS[seed as usize % TOPICS.len()]
            .chars()
            .take(2)
            .collect::<String>()
    );
    let name = format!("{id} 产教融合研究生工作站");
    let plan = StationPlan::new(&id, &name, &host, "基础医学院", year.first_day()).populate(
        seed,
        year.last_day(),
        0,
        sizes,
    );
    plan.report(
        year,
        year.due_date(crate::dates::MonthDay { month: 7, day: 10 }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let y = AcademicYear::new(2023);
        assert_eq!(
            report(7, y, &Sizes::default()),
            report(7, y, &Sizes::default())
        );
        assert_ne!(
            report(7, y, &Sizes::default()),
            report(8, y, &Sizes::default())
        );
    }

    #[test]
    fn a_standalone_report_has_the_requested_sizes() {
        let r = report(1, AcademicYear::new(2023), &Sizes::default());
        assert_eq!(
            (
                r.students.len(),
                r.people.len(),
                r.outcomes.len(),
                r.funding.len()
            ),
            (30, 8, 15, 4)
        );
        let paid: f64 = r.students.iter().map(|s| s.amount_paid).sum();
        let spent: f64 = r.funding.iter().map(|f| f.subsidy_spent).sum();
        assert_eq!(paid, spent);
        assert!(r.people.iter().any(|p| p.role == schema::HOST_CHIEF));
        assert!(r.people.iter().any(|p| p.role == schema::COLLEGE_CHIEF));
    }

    #[test]
    fn a_stay_across_years_is_split_between_their_reports() {
        let stay = Stay {
            name: "张三".into(),
            student_id: "20240001".into(),
            level: MASTER,
            degree_type: "专业学位",
            supervisor: "李四".into(),
            station_supervisor: "王五".into(),
            entered_on: ymd(2024, 3, 1),
            left_on: ymd(2024, 9, 30),
            monthly_subsidy: 600.0,
            paid_in_full: true,
            supervisor_project: false,
        };
        let first = stay.row_in(AcademicYear::new(2023)).unwrap();
        assert_eq!((first.entered_on, first.left_on), (ymd(2024, 3, 1), None));
        assert_eq!(first.months_paid, 4.0);
        let second = stay.row_in(AcademicYear::new(2024)).unwrap();
        assert_eq!(
            (second.entered_on, second.left_on),
            (ymd(2024, 7, 1), Some(ymd(2024, 9, 30)))
        );
        assert_eq!(stay.row_in(AcademicYear::new(2025)), None);
    }
}
