//! How the program reads the measures where their words leave a choice, each reading beside
//! the clause it interprets. The 说明 sheet lists them (解释 1…N, then 结论中的日期), with the
//! numbers of the rules in force; the code that applies each reading says so where it is
//! made (mostly in [`crate::evaluate`]).
//!
//! A new reading is one more entry in [`readings`], with its clause; the 说明 sheet follows.

use super::Rules;
use crate::dates::{chinese_date, ymd, AcademicYear, Term};
use crate::schema;

/// One reading of the measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The words of the measures it interprets, quoted (or what the measures leave open).
    pub clause: &'static str,
    /// The reading as a person reads it in 说明, with the numbers of the rules in force.
    pub text: String,
}

fn reading(clause: &'static str, text: impl Into<String>) -> Reading {
    Reading {
        clause,
        text: text.into(),
    }
}

/// The readings, in the order 说明 numbers them. Without the station register
/// (`register_present` false) one more says what that leaves out.
pub fn readings(r: &Rules, register_present: bool) -> Vec<Reading> {
    let due = r.report_due;
    let mut readings = vec![
        reading(
            "验收优秀标准；验收合格标准 4. 工作站经费来源稳定，设站双方合作紧密，联合承担科研项目",
            "优秀标准包含合格标准：合格标准 4（经费来源稳定、合作紧密、联合承担科研项目，即 C8）也是评为优秀的条件。",
        ),
        reading(
            "四年进站培养半年以上研究生总人数达20人以上；……不少于 8 人",
            format!(
                "“以上”“不少于”均含本数：{} 人以上含 {} 人，不少于 {} 人含 {} 人。",
                r.excellent_students, r.excellent_students, r.qualified_students, r.qualified_students
            ),
        ),
        reading(
            "每年7月10日之前，各培养单位向学校报送上一学年度……的基本数据",
            format!(
                "“每年{}月{}日之前报送”含当日：{}月{}日当天报送为按时。截止日期早于评估日期的学年才计入应报年数，评估日当天截止的学年尚未到期。",
                due.month, due.day, due.month, due.day
            ),
        ),
        reading(
            "每年按时上报基本数据；连续两年未按时上报的研究生工作站将予以撤销",
            "同一学年有多份报表时，数据取自填报日期最晚的一份（填报日期相同时取文件修改时间较晚的），有文件级错误（缺少必填工作表或列）的报表只在没有其他报表时采用；是否按时以最早的填报日期判断；一学年的报表均无可识别的填报日期时，C1 未达标，但不作为撤销所依据的“未按时上报”年份。",
        ),
        reading(
            "四年进站培养半年以上研究生总人数",
            format!(
                "进站培养半年以上按有效期内、截至评估日期在站 {} 天及以上计；同一学号各学年的在站日期合并去重计算。",
                r.half_year_days
            ),
        ),
        reading(
            "至少获得 1 项与工作站相关的国家级成果或 2 项以上省部级成果，或成果产生重要的经济社会效益",
            "成果仅计与工作站相关者；成果类型和名称相同的只计一次；重要经济社会效益仅在相关成果上认可。专家评议表中填写的项目以评议为准，空白则以报表数据为准。",
        ),
        reading(
            "研究生工作站每次认定期满，须申请期满验收。期满验收认定结果分为优秀、合格和不合格三个等级",
            "待评议项按未达标计；“可升至”为专家评议确认后可达到的等级。期满工作站未在专家评议表填写“已申请期满验收”的，按已申请处理。",
        ),
        reading(
            "研究生工作站每次认定期满，须申请期满验收",
            "在期工作站的等级为按现有数据的预评；期满但最后一学年年报尚未到截止日期的为暂评；认定日期不明的工作站按已收到的报表预评。",
        ),
        reading(
            "每次认定有效期为4年；上一学年度（上年度7月1日至当年度6月30日）",
            format!(
                "报告学年：认定有效期 {n} 年对应 {n} 个报告学年，第一个为认定日期所在年份 7月1日开始的学年（如认定于 2021年12月1日，报告 2021-2022 至 {last} 学年）；与有效期仅部分重叠的其他学年不是报告学年，其报表为“有效期外”（提示），不用于评估。",
                n = r.term_years,
                last = AcademicYear::new(2020 + r.term_years as i32),
            ),
        ),
        reading(
            "进站培养半年以上",
            "进站日期或出站日期无法识别（如出站日期填“已出站”）的行不计在站天数，问题清单指出该单元格；只有出站日期留空或填“至今”“在站”“未出站”表示学年结束时仍在站。同一报表中学号重复的列为错误，两行的在站日期仍合并计算。",
        ),
        reading(
            "按时、足额发放进站研究生生活补贴；设站单位原则上一般应为进站的博士生提供不低于每人每月 1000 元、硕士生不低于每人每月 500 元的在站生活补助。研究生导师在设站单位承担项目的，研究生在站生活补助由其导师和设站单位协商解决",
            format!(
                "C4 按时、足额发放：按时足额发放为“否”或发放金额少于 标准×月数 的行不达标。月生活补助标准低于博士 {} 元、硕士 {} 元且导师未在设站单位承担项目的，管理办法的措辞是“原则上一般应”（设站单位职责），{}；专家评议表“{}”栏填写时以评议为准。",
                crate::format::number(r.subsidy_min_doctor),
                crate::format::number(r.subsidy_min_master),
                if r.subsidy_min_fails_c4 {
                    "本次按规则 subsidy_min_fails_c4 = true 计为 C4 不达标"
                } else {
                    "在问题清单中警告并在 C4 中列出，不影响 C4（规则 subsidy_min_fails_c4 = true 时计为不达标）"
                },
                schema::review::SUBSIDY.label
            ),
        ),
        reading(
            "（管理办法未规定报表如何对应到工作站）年报数据作为研究生工作站期满验收的基础数据",
            format!(
                "有{}时：报表的工作站编号不在名册中、但工作站名称（去除空格等差异后）与名册中恰好一个工作站相同的，按名册中的该工作站计入，并在工作站编号单元格列为错误（请学院更正编号）；名称也对不上的仍按报表编号评估，警告中列出名册中最接近的编号。",
                schema::REGISTER.title
            ),
        ),
        reading(
            "按时、规范、准确报送研究生工作站基本数据年报及其他相关材料",
            "某学年按时报送后又在截止日期之后收到更正件的，数据取自更正件、该学年仍为按时；问题清单在更正件上提示，并说明与按时报送的报表相比变化了什么（如进站半年以上人数、各项标准的结果、等级）。",
        ),
        reading(
            "每次认定有效期为4年；至少获得 1 项与工作站相关的国家级成果或 2 项以上省部级成果",
            "成果的取得日期在认定有效期之外（早于认定日期或晚于期满日期）的，不是本期成果，不计入（计入为“否”，问题清单警告）；在有效期内但不在所报学年内的仍计入（警告）。",
        ),
        reading(
            "学校会对研究生工作站相关数据进行抽查",
            format!(
                "抽查（gsw spot-check）按随机种子抽取工作站（同样的报表和种子抽到同样的工作站；抽取个数不少于学院数时，每个牵头学院/医院至少一个），抽查清单列出计入其等级的每一项：进站半年以上（{} 天及以上）的研究生在每份报表中的一行、计入的国家级和省部级成果及被认可的重要经济社会效益、各学年的到位金额合计。填好的{}放回报表文件夹后：核查为“不属实”的项不再计入（该行不计在站天数；该成果及其效益不计；该学年到位金额按 0 计），等级随之改变，并在该项所在的单元格列为错误，附核查说明；抽查后报表已改动、与清单对不上的项只警告，核查结果不采用；两份清单对同一项结论相反的，均不采用（错误）。",
                r.half_year_days,
                schema::SPOT_CHECK.title
            ),
        ),
    ];
    if !register_present {
        readings.push(reading(
            "连续两年未按时上报的研究生工作站将予以撤销",
            format!(
                "未提供{}：从未报送过报表的工作站无法发现，不在本汇总中。",
                schema::REGISTER.title
            ),
        ));
    }
    readings
}

/// 结论中的日期: the term ends the day before the anniversary of recognition.
pub fn term_end(r: &Rules) -> Reading {
    let recognised = ymd(2020, 9, 1);
    reading(
        "每次认定有效期为4年",
        format!(
            "期满日期为认定日期 {} 周年的前一日，如认定于 {} 则期满于 {}。",
            r.term_years,
            chinese_date(recognised),
            chinese_date(Term::new(recognised, r.term_years).end)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_quotes_a_clause_and_says_something_of_its_own() {
        let r = Rules::default();
        let all = readings(&r, false);
        assert_eq!(all.len(), readings(&r, true).len() + 1, "the register's");
        for (i, x) in all.iter().chain([&term_end(&r)]).enumerate() {
            assert!(!x.clause.is_empty() && !x.text.is_empty(), "{i}");
        }
        let mut texts: Vec<_> = all.iter().map(|x| &x.text).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), all.len());
    }

    #[test]
    fn the_numbers_are_those_of_the_rules_in_force() {
        let r = Rules {
            term_years: 5,
            half_year_days: 180,
            ..Rules::default()
        };
        let all: Vec<String> = readings(&r, true).into_iter().map(|x| x.text).collect();
        assert!(all.iter().any(|t| t.contains("在站 180 天及以上")));
        assert!(all.iter().any(|t| t.contains("至 2025-2026 学年")));
        assert_eq!(
            term_end(&r).text,
            "期满日期为认定日期 5 周年的前一日，如认定于 2020年9月1日 则期满于 2025年8月31日。"
        );
    }
}
