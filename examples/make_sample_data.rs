//! Writes the sample input folder: ten stations of three colleges, their annual reports for
//! every academic year of their terms, the station register and the review form, plus the
//! files a real folder collects (a corrected resend, an Excel lock file, a note).
//!
//! Run: `cargo run --example make_sample_data -- sample-data`, then evaluate the folder with
//! `--as-of 2026-11-30`. The stations are designed so that at that date every status and
//! every grade occurs; the expected results are printed as a Markdown table.

use gsw::dates::{ymd, AcademicYear, Term};
use gsw::fill::synth::{Sizes, StationPlan};
use gsw::fill::{Filled, OutcomeSpec, ReportSpec};
use gsw::model::{RegisterEntry, ReviewEntry};
use gsw::schema::{self, DOCTOR, MASTER, NATIONAL, PROVINCIAL};
use std::path::{Path, PathBuf};

type Ymd = (i32, u32, u32);

/// When a year's report was sent, for years in term order.
#[derive(Clone, Copy)]
enum Filing {
    /// On 0X July of the year after the academic year starts (due 10 July).
    OnTime(u32),
    /// Month and day after the due date.
    Late(u32, u32),
    Missing,
}
use Filing::*;

/// What the experts wrote; `None` is a blank cell (no opinion).
struct Review {
    applied: Option<bool>,
    conditions: Option<&'static str>,
    mechanism: Option<bool>,
    opinion: &'static str,
}

struct Design {
    id: &'static str,
    college: &'static str,
    name: &'static str,
    host: &'static str,
    host_type: &'static str,
    recognised: Ymd,
    /// Students in the station ≥ 183 days, and < 183 days.
    long: usize,
    short: usize,
    /// The college's self-assessment of 工作生活条件, every year.
    conditions: &'static str,
    filing: &'static [Filing],
    /// Outcomes that decide C6: (type, name, level, date).
    key_outcomes: &'static [(&'static str, &'static str, &'static str, Ymd)],
    review: Option<Review>,
    /// 状态, 等级, 可升至, why.
    expect: [&'static str; 4],
}

const AS_OF: Ymd = (2026, 11, 30);
const GOOD: &str = "良好";
const BEST: &str = "优越";
const FOUR_ON_TIME: &[Filing] = &[OnTime(5), OnTime(8), OnTime(3), OnTime(9)];

const STATIONS: &[Design] = &[
    Design {
        id: "GZZ-2022-01",
        college: "基础医学院",
        name: "滨海康华生物医药研究生工作站",
        host: "天津滨海康华生物医药有限公司",
        host_type: "企业",
        recognised: (2022, 7, 1),
        long: 26,
        short: 4,
        conditions: GOOD,
        filing: FOUR_ON_TIME,
        key_outcomes: &[
            ("项目", "肿瘤微环境免疫调控机制研究（国家自然科学基金面上项目）", NATIONAL, (2023, 9, 15)),
            ("论文", "单细胞测序揭示肝癌耐药亚群的临床研究", PROVINCIAL, (2024, 11, 2)),
        ],
        review: Some(Review {
            applied: Some(true),
            conditions: Some(BEST),
            mechanism: Some(true),
            opinion: "双导师联合培养机制特色鲜明，成效显著。",
        }),
        expect: ["期满", "优秀", "", "26 人进站半年以上，国家级成果 1 项，4 年均按时（2023-2024 学年 7 月 20 日的更正件不改变按时），评议：条件优越、C7 是"],
    },
    Design {
        id: "GZZ-2022-02",
        college: "基础医学院",
        name: "津南瑞和基因检测研究生工作站",
        host: "天津津南瑞和基因科技有限公司",
        host_type: "企业",
        recognised: (2022, 7, 1),
        long: 22,
        short: 3,
        conditions: BEST,
        filing: &[OnTime(6), OnTime(2), OnTime(10), OnTime(7)],
        key_outcomes: &[
            ("专利", "一种遗传性耳聋基因快速检测试剂盒", PROVINCIAL, (2023, 4, 20)),
            ("获奖", "天津市科学技术进步奖二等奖（出生缺陷基因筛查）", PROVINCIAL, (2025, 12, 8)),
        ],
        review: Some(Review {
            applied: Some(true),
            conditions: None,
            mechanism: None,
            opinion: "",
        }),
        expect: ["期满", "合格", "优秀", "数据已达优秀（22 人、省部级成果 2 项、自评优越），C7 评议空白 → 待评议；评议确认即为优秀"],
    },
    Design {
        id: "GZZ-2022-03",
        college: "基础医学院",
        name: "西青安泰医学检验研究生工作站",
        host: "天津西青安泰医学检验实验室有限公司",
        host_type: "企业",
        recognised: (2022, 7, 1),
        long: 9,
        short: 2,
        conditions: GOOD,
        filing: &[OnTime(4), Late(8, 15), Late(9, 2), Missing],
        key_outcomes: &[],
        review: None,
        expect: ["已撤销", "—", "", "2023-2024、2024-2025 学年连续迟交（8 月 15 日、9 月 2 日），2025-2026 学年未报"],
    },
    Design {
        id: "GZZ-2021-01",
        college: "第二医院",
        name: "海河润泽心血管器械研究生工作站",
        host: "天津海河润泽医疗器械有限公司",
        host_type: "企业",
        recognised: (2021, 7, 1),
        long: 10,
        short: 3,
        conditions: GOOD,
        filing: &[OnTime(8), OnTime(6), OnTime(9), OnTime(1)],
        key_outcomes: &[(
            "项目",
            "可降解冠脉支架（ＰＬＬＡ）关键工艺研究",
            PROVINCIAL,
            (2022, 10, 12),
        )],
        review: None,
        expect: ["期满", "合格", "", "10 人进站半年以上（≥8、<20）；省部级成果在两年报表中重复填报，只计 1 项；无评议"],
    },
    Design {
        id: "GZZ-2022-04",
        college: "第二医院",
        name: "渤海博远医学影像研究生工作站",
        host: "天津渤海博远医学影像科技有限公司",
        host_type: "企业",
        recognised: (2022, 7, 1),
        long: 21,
        short: 2,
        conditions: BEST,
        filing: FOUR_ON_TIME,
        key_outcomes: &[(
            "标准",
            "基于深度学习的肺结节CT影像辅助诊断系统技术规范",
            PROVINCIAL,
            (2024, 3, 18),
        )],
        review: Some(Review {
            applied: Some(true),
            conditions: None,
            mechanism: Some(true),
            opinion: "联合培养成效明显，建议加强高水平成果培育。",
        }),
        expect: ["期满", "合格", "", "21 人、优越、C7 是，但省部级成果只有 1 项（次年报表重复填报、名称空格与全角不同，去重后计 1 项），C6 未达标"],
    },
    Design {
        id: "GZZ-2021-02",
        college: "第二医院",
        name: "北辰济民医院研究生工作站",
        host: "天津市北辰区济民医院",
        host_type: "事业单位",
        recognised: (2021, 7, 1),
        long: 7,
        short: 5,
        conditions: GOOD,
        filing: &[OnTime(7), OnTime(7), OnTime(8), OnTime(3)],
        key_outcomes: &[],
        review: Some(Review {
            applied: Some(true),
            conditions: None,
            mechanism: None,
            opinion: "",
        }),
        expect: ["期满", "不合格", "", "12 名研究生中只有 7 人进站半年以上（<8），C5 未达标"],
    },
    Design {
        id: "GZZ-2024-01",
        college: "第二医院",
        name: "东丽华康康复医学研究生工作站",
        host: "天津市东丽区华康康复医院",
        host_type: "事业单位",
        recognised: (2024, 9, 1),
        long: 12,
        short: 4,
        conditions: GOOD,
        filing: &[OnTime(9), OnTime(6)],
        key_outcomes: &[(
            "论文",
            "脑卒中后吞咽障碍康复训练方案的随机对照研究",
            PROVINCIAL,
            (2025, 10, 9),
        )],
        review: None,
        expect: ["在期", "合格", "", "预评：期满 2028-08-31；已到期 2 个学年均按时，12 人进站半年以上，距优秀还差 8 人"],
    },
    Design {
        id: "GZZ-2021-03",
        college: "药学院",
        name: "武清同创中药研究生工作站",
        host: "天津武清同创中药股份有限公司",
        host_type: "企业",
        recognised: (2021, 7, 1),
        long: 20,
        short: 4,
        conditions: BEST,
        filing: &[OnTime(2), OnTime(5), OnTime(8), OnTime(6)],
        key_outcomes: &[(
            "项目",
            "经典名方复方制剂质量标志物研究（国家重点研发计划课题）",
            NATIONAL,
            (2022, 12, 1),
        )],
        review: Some(Review {
            applied: Some(false),
            conditions: None,
            mechanism: Some(true),
            opinion: "期满后未提交期满验收申请。",
        }),
        expect: ["期满", "不合格", "", "评议表：已申请期满验收 = 否（未及时申请期满验收）；数据本可达优秀（恰 20 人、国家级成果）"],
    },
    Design {
        id: "GZZ-2022-05",
        college: "药学院",
        name: "开发区远达制剂研究生工作站",
        host: "天津经济技术开发区远达制药有限公司",
        host_type: "企业",
        recognised: (2022, 7, 1),
        long: 15,
        short: 3,
        conditions: GOOD,
        filing: &[OnTime(3), OnTime(9), OnTime(4), OnTime(10)],
        key_outcomes: &[],
        review: Some(Review {
            applied: Some(true),
            conditions: None,
            mechanism: Some(true),
            opinion: "",
        }),
        expect: ["期满", "不合格", "", "2024-2025 学年一名研究生按时足额发放为“否”、少发 2 个月补助，C4 未达标；另一名硕士月补助 400 元（<500）且导师未在设站单位承担项目只是警告（“原则上一般应”，不影响 C4），一名博士 800 元但导师承担项目，不受限制"],
    },
    Design {
        id: "GZZ-2023-01",
        college: "药学院",
        name: "宝坻恒生药物分析研究生工作站",
        host: "天津宝坻恒生药业有限公司",
        host_type: "企业",
        recognised: (2023, 7, 1),
        long: 0,
        short: 0,
        conditions: GOOD,
        filing: &[Missing, Missing, Missing],
        key_outcomes: &[],
        review: None,
        expect: ["已撤销", "—", "", "名册中有、从未报送：2023-2024 至 2025-2026 学年均未报"],
    },
];

fn date((y, m, d): Ymd) -> chrono::NaiveDate {
    ymd(y, m, d)
}

/// The filing date of the report for `year`, or `None` when it was not sent.
fn filed_on(year: AcademicYear, filing: Filing) -> Option<chrono::NaiveDate> {
    let y = year.start_year + 1;
    match filing {
        OnTime(day) => Some(ymd(y, 7, day)),
        Late(m, d) => Some(ymd(y, m, d)),
        Missing => None,
    }
}

/// The plan of a station's term: generated people, stays and outcomes, then the outcomes
/// and subsidies that its expected grade depends on.
fn plan(index: usize, d: &Design, years: &[(AcademicYear, chrono::NaiveDate)]) -> StationPlan {
    let until = years
        .last()
        .map_or(date(d.recognised), |(y, _)| y.last_day());
    let sizes = Sizes {
        long_stays: d.long,
        short_stays: d.short,
        people: 6 + index % 3,
        outcomes: 3 * years.len(),
        funding_sources: 2 + index % 3,
    };
    let mut plan = StationPlan::new(d.id, d.name, d.host, d.college, date(d.recognised)).populate(
        1000 + index as u64,
        until,
        100 * index as u32,
        &sizes,
    );
    plan.host_type = d.host_type;
    plan.conditions = d.conditions;
    for &(kind, name, level, on) in d.key_outcomes {
        let on = date(on);
        let students = (plan.stays.iter())
            .filter(|s| s.entered_on <= on && on <= s.left_on)
            .take(2)
            .map(|s| s.student_id.clone())
            .collect();
        plan.outcomes.push(OutcomeSpec {
            kind,
            name: name.to_string(),
            level,
            obtained_on: on,
            students,
            related: true,
            benefit: false,
            benefit_note: String::new(),
        });
    }
    match d.id {
        // A few students whose supervisor holds a project at the host: subsidy agreed
        // between them, below the minimum and still fine.
        "GZZ-2022-01" => {
            for s in plan.stays.iter_mut().filter(|s| s.level == MASTER).take(2) {
                s.supervisor_project = true;
                s.monthly_subsidy = 300.0;
            }
        }
        "GZZ-2022-05" => {
            if let Some(s) = plan.stays.iter_mut().find(|s| s.level == MASTER) {
                s.monthly_subsidy = 400.0;
            }
            if let Some(s) = plan.stays.iter_mut().find(|s| s.level == DOCTOR) {
                s.monthly_subsidy = 800.0;
                s.supervisor_project = true;
            }
        }
        _ => {}
    }
    plan
}

/// The same outcome typed again in the next year's report: spaces and full-width letters
/// differ, so only normalised names find the duplicate.
fn repeat_key_outcome(d: &Design, report: &mut ReportSpec, previous: &ReportSpec) {
    let key = |o: &&OutcomeSpec| d.key_outcomes.iter().any(|k| k.1 == o.name);
    if let Some(o) = previous.outcomes.iter().find(key) {
        let mut again = o.clone();
        again.name = again
            .name
            .replace("CT", " ＣＴ ")
            .replace('（', " (")
            .replace('）', ") ");
        report.outcomes.push(again);
    }
}

struct Writer {
    root: PathBuf,
    files: usize,
}

impl Writer {
    fn save(&mut self, rel: &str, filled: &Filled) -> Result<(), gsw::Error> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| gsw::Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        self.files += 1;
        filled.save(&path)
    }

    fn write_raw(&mut self, rel: &str, bytes: &[u8]) -> Result<(), gsw::Error> {
        let path = self.root.join(rel);
        self.files += 1;
        std::fs::write(&path, bytes).map_err(|source| gsw::Error::Write { path, source })
    }
}

fn main() -> Result<(), gsw::Error> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "sample-data".into()),
    );
    clear(&root)?;
    let mut out = Writer { root, files: 0 };
    let as_of = date(AS_OF);
    let due = gsw::rules::Rules::default().report_due;

    let mut register = Vec::new();
    let mut reviews = Vec::new();
    let mut years = Vec::new();
    for (index, d) in STATIONS.iter().enumerate() {
        register.push(RegisterEntry {
            station_id: d.id.into(),
            station_name: Some(d.name.into()),
            host: Some(d.host.into()),
            host_type: Some(d.host_type),
            college: Some(d.college.into()),
            recognised_on: Some(date(d.recognised)),
            ..RegisterEntry::default()
        });
        if let Some(r) = &d.review {
            reviews.push(ReviewEntry {
                station_id: d.id.into(),
                station_name: Some(d.name.into()),
                applied: r.applied,
                conditions: r.conditions,
                mechanism: r.mechanism,
                opinion: (!r.opinion.is_empty()).then(|| r.opinion.into()),
                reviewed_on: Some(ymd(2026, 11, 20)),
                ..ReviewEntry::default()
            });
        }

        // Reports for the term's years that are due by the evaluation date.
        let term_years = Term::new(date(d.recognised), 4).academic_years();
        let due_years: Vec<_> = term_years
            .into_iter()
            .filter(|y| y.due_date(due) < as_of)
            .collect();
        assert_eq!(
            due_years.len(),
            d.filing.len(),
            "{}: one filing per due year",
            d.id
        );
        let sent: Vec<_> = (due_years.iter().zip(d.filing))
            .filter_map(|(y, f)| filed_on(*y, *f).map(|on| (*y, on)))
            .collect();
        if sent.is_empty() {
            continue;
        }
        years.extend(sent.iter().map(|(y, _)| *y));
        let plan = plan(index, d, &sent);
        let mut previous: Option<ReportSpec> = None;
        for &(year, on) in &sent {
            let mut report = plan.report(year, on);
            if let Some(prev) = &previous {
                if matches!(d.id, "GZZ-2021-01" | "GZZ-2022-04") && prev.year.next() == year {
                    repeat_key_outcome(d, &mut report, prev);
                }
            }
            if d.id == "GZZ-2022-05" && year == AcademicYear::new(2024) {
                // Two months of one student's subsidy not paid: C4 fails.
                let short = report.students.iter_mut().find(|s| {
                    s.months_paid >= 6.0 && s.monthly_subsidy >= 500.0 && !s.supervisor_project
                });
                if let Some(s) = short {
                    let unpaid = 2.0 * s.monthly_subsidy;
                    s.paid_in_full = false;
                    s.amount_paid -= unpaid;
                    // The books agree: what was not paid was not spent.
                    if let Some(f) = report.funding.first_mut() {
                        f.subsidy_spent -= unpaid;
                        f.spent -= unpaid;
                    }
                }
            }
            let file = format!("{}/{}学年_{}.xlsx", d.college, year, d.name);
            if d.id == "GZZ-2022-01" && year == AcademicYear::new(2023) {
                // First sent on time with a typo in one amount (fails C4), then corrected
                // after the due date: the correction gives the data, the first the timing.
                let mut first = report.clone();
                if let Some(s) = first.students.iter_mut().find(|s| s.amount_paid >= 2000.0) {
                    s.amount_paid -= 1000.0;
                }
                out.save(&file, &first.filled())?;
                report.filed_on = ymd(2024, 7, 20);
                let fixed = format!("{}/更正/{}学年_{}（更正）.xlsx", d.college, year, d.name);
                out.save(&fixed, &report.filled())?;
            } else {
                out.save(&file, &report.filled())?;
            }
            previous = Some(report);
        }
    }
    out.save(schema::REGISTER.template_file, &Filled::register(&register))?;
    out.save(schema::REVIEW.template_file, &Filled::review(&reviews))?;
    // What a real folder also holds: an Excel lock file and a note, both to be ignored.
    out.write_raw(
        "基础医学院/~$2024-2025学年_滨海康华生物医药研究生工作站.xlsx",
        b"\x07zhangli                                                     ",
    )?;
    let (first, last) = (years.iter().min(), years.iter().max());
    let (Some(first), Some(last)) = (first, last) else {
        unreachable!("the sample has reports");
    };
    out.write_raw(
        "说明.txt",
        format!(
            "各学院报送的 {first} 至 {last} 学年工作站年报（示例数据，单位与人名均为虚构）。\r\n"
        )
        .as_bytes(),
    )?;

    println!("wrote {} files to {}\n", out.files, out.root.display());
    println!("Expected at --as-of {}:\n", as_of);
    println!("| 工作站编号 | 名称 | 状态 | 等级 | 可升至 | 原因 |");
    println!("|---|---|---|---|---|---|");
    for d in STATIONS {
        let [status, grade, up, why] = d.expect;
        println!(
            "| {} | {} | {status} | {grade} | {up} | {why} |",
            d.id, d.name
        );
    }
    Ok(())
}

/// Empties the output folder, but only if it is missing or looks like an earlier sample
/// (it holds the register this program writes), so a wrong argument deletes nothing else.
fn clear(root: &Path) -> Result<(), gsw::Error> {
    let io = |source| gsw::Error::Write {
        path: root.to_path_buf(),
        source,
    };
    if root.exists() {
        let ours = root.join(schema::REGISTER.template_file).exists();
        let empty = std::fs::read_dir(root).map_err(io)?.next().is_none();
        if !ours && !empty {
            return Err(gsw::Error::BadArgument(format!(
                "{} 不是示例数据文件夹（没有 {}），不覆盖",
                root.display(),
                schema::REGISTER.template_file
            )));
        }
        std::fs::remove_dir_all(root).map_err(io)?;
    }
    std::fs::create_dir_all(root).map_err(io)
}
