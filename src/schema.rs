//! The one definition of every input workbook: sheets, fields, header texts, types, allowed
//! values and help texts (SPEC §3–4). The template writer and the reader both walk these
//! tables, so a header text is typed here and nowhere else.

use std::borrow::Cow;

/// What a cell of a field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text; numbers are read as their digits.
    Text,
    /// Text that identifies something (工作站编号, 学号): trimmed.
    Key,
    Date,
    /// Whole number ≥ 0.
    Integer,
    /// Yuan, ≥ 0; may carry ￥/¥/元.
    Money,
    /// Number of months paid in one academic year, 0–12.
    Months,
    /// Calendar year of the economic settlement, e.g. 2023.
    Year,
    /// An academic year such as 2023-2024.
    AcademicYear,
    Choice(&'static Choice),
}

/// An enumeration: its allowed values and the variants people type for them.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub values: &'static [&'static str],
    /// (variant, value), compared after name normalisation and lower-casing.
    pub aliases: &'static [(&'static str, &'static str)],
}

pub const YES: &str = "是";
pub const NO: &str = "否";
pub const DOCTOR: &str = "博士";
pub const MASTER: &str = "硕士";
pub const NATIONAL: &str = "国家级";
pub const PROVINCIAL: &str = "省部级";
pub const HOST_CHIEF: &str = "设站单位站长";
pub const COLLEGE_CHIEF: &str = "培养单位站长";

pub static YES_NO: Choice = Choice {
    values: &[YES, NO],
    aliases: &[
        ("y", YES),
        ("yes", YES),
        ("√", YES),
        ("✓", YES),
        ("1", YES),
        ("有", YES),
        ("true", YES),
        ("n", NO),
        ("no", NO),
        ("×", NO),
        ("✗", NO),
        ("x", NO),
        ("0", NO),
        ("无", NO),
        ("false", NO),
    ],
};

pub static HOST_TYPE: Choice = Choice {
    values: &["企业", "事业单位"],
    aliases: &[],
};

/// Best first: the position is the rank C3 compares.
pub static CONDITIONS: Choice = Choice {
    values: &["优越", "良好", "一般", "较差"],
    aliases: &[],
};

pub static DEGREE_LEVEL: Choice = Choice {
    values: &[DOCTOR, MASTER],
    aliases: &[
        ("博士研究生", DOCTOR),
        ("博士生", DOCTOR),
        ("硕士研究生", MASTER),
        ("硕士生", MASTER),
    ],
};

pub static DEGREE_TYPE: Choice = Choice {
    values: &["专业学位", "学术学位"],
    aliases: &[("专硕", "专业学位"), ("学硕", "学术学位")],
};

pub static ROLE: Choice = Choice {
    values: &[HOST_CHIEF, COLLEGE_CHIEF, "兼职导师", "专家"],
    aliases: &[],
};

pub static OUTCOME_KIND: Choice = Choice {
    values: &["项目", "论文", "专利", "标准", "获奖", "其他"],
    aliases: &[],
};

pub static OUTCOME_LEVEL: Choice = Choice {
    values: &[NATIONAL, PROVINCIAL, "市级", "校级", "其他"],
    aliases: &[
        ("国家", NATIONAL),
        ("省级", PROVINCIAL),
        ("部级", PROVINCIAL),
        ("省部", PROVINCIAL),
        ("市", "市级"),
        ("校", "校级"),
    ],
};

pub static FUNDING_SOURCE: Choice = Choice {
    values: &["设站单位", "学校", "政府项目", "横向项目", "其他"],
    aliases: &[],
};

/// One field: a label in 基本信息 or a column header in a table sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The text without `*`; required fields get the `*` when written.
    pub label: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// One sentence for 填表说明 and the cell's input message.
    pub help: &'static str,
}

const fn req(label: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field {
        label,
        ty,
        required: true,
        help,
    }
}

const fn opt(label: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field {
        label,
        ty,
        required: false,
        help,
    }
}

impl Field {
    /// The header text as the template writes it.
    pub fn header(&self) -> String {
        if self.required {
            format!("{}*", self.label)
        } else {
            self.label.to_string()
        }
    }
}

/// How a sheet lays out its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Label in column A, value in column B, one field per row.
    LabelValue,
    /// A header row, then one record per row.
    Table,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: &'static str,
    pub layout: Layout,
    pub fields: &'static [Field],
    /// What the sheet is for, first paragraph of its part of 填表说明.
    pub help: &'static str,
}

impl Sheet {
    pub fn field(&self, label: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.label == label)
    }
}

/// The kinds of workbook the program reads (SPEC §2, §9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Report,
    Register,
    Review,
    /// A 抽查清单 written by `gsw spot-check` and filled in by a checker.
    SpotCheck,
}

pub struct KindSchema {
    pub kind: Kind,
    /// The name people see, e.g. 年度基本数据报表.
    pub title: &'static str,
    /// Sheets that must all be present for a workbook to be of this kind.
    pub recognised_by: &'static [&'static str],
    pub sheets: &'static [&'static Sheet],
    /// Default file name of the blank template.
    pub template_file: &'static str,
}

pub const TEMPLATE_VERSION: &str = "2024.1";
/// Name of the help sheet every template carries.
pub const HELP_SHEET: &str = "填表说明";

/// Fields of the annual report, by sheet.
pub mod summary;

pub mod report {
    use super::FieldType::*;
    use super::*;

    pub const TEMPLATE_VERSION: Field = opt("模板版本", Text, "模板自带，请勿修改。");
    pub const STATION_ID: Field = req(
        "工作站编号",
        Key,
        "研究生院分配的工作站编号，每年保持一致。",
    );
    pub const STATION_NAME: Field = req("工作站名称", Text, "工作站的正式名称。");
    pub const HOST: Field = req("设站单位", Text, "设站的企业或事业单位全称。");
    pub const HOST_TYPE: Field = req(
        "设站单位类型",
        Choice(&super::HOST_TYPE),
        "企业或事业单位。",
    );
    pub const COLLEGE: Field = req("牵头学院/医院", Text, "负责该工作站的培养单位。");
    pub const RECOGNISED_ON: Field = req(
        "认定日期",
        Date,
        "本轮认定有效期的起始日期（每次认定有效期为4年）。",
    );
    pub const ACADEMIC_YEAR: Field = req(
        "报告学年",
        AcademicYear,
        "本表所报学年，从下拉列表中选择，如 2023-2024 表示 2023年7月1日至2024年6月30日。",
    );
    pub const SETTLEMENT_YEAR: Field = req(
        "经费结算年度",
        Year,
        "经济数据采用上年度年终结算数据：报 2023-2024 学年时填 2023。",
    );
    pub const FILED_ON: Field = req(
        "填报日期",
        Date,
        "报送日期。每年7月10日之前（含当日）报送上一学年数据为按时。",
    );
    pub const FILER: Field = req("填报人", Text, "填表人姓名。");
    pub const PHONE: Field = opt("联系电话", Text, "填表人联系电话。");
    pub const RULES_SOUND: Field = req(
        "管理规章制度健全",
        Choice(&YES_NO),
        "工作站管理规章制度是否健全、执行良好。",
    );
    pub const CONDITIONS: Field = req(
        "工作生活条件",
        Choice(&super::CONDITIONS),
        "培养单位对进站研究生工作、生活条件的自评。",
    );
    pub const JOINT_PROJECTS: Field = req(
        "联合承担科研项目数",
        Integer,
        "本学年设站双方联合承担的科研项目数。",
    );

    pub static BASIC: Sheet = Sheet {
        name: "基本信息",
        layout: Layout::LabelValue,
        fields: &[
            TEMPLATE_VERSION,
            STATION_ID,
            STATION_NAME,
            HOST,
            HOST_TYPE,
            COLLEGE,
            RECOGNISED_ON,
            ACADEMIC_YEAR,
            SETTLEMENT_YEAR,
            FILED_ON,
            FILER,
            PHONE,
            RULES_SOUND,
            CONDITIONS,
            JOINT_PROJECTS,
        ],
        help: "A 列为项目名称，B 列填写内容，每行一项。",
    };

    pub const SEQ: Field = opt("序号", Integer, "可不填，程序不读取。");
    pub const NAME: Field = req("姓名", Text, "研究生姓名。");
    pub const STUDENT_ID: Field = req(
        "学号",
        Key,
        "研究生学号；同一学生跨学年在站时，各年报表中学号须一致。",
    );
    pub const LEVEL: Field = req("培养层次", Choice(&DEGREE_LEVEL), "博士或硕士。");
    pub const DEGREE_TYPE: Field = opt(
        "学位类型",
        Choice(&super::DEGREE_TYPE),
        "专业学位或学术学位。",
    );
    pub const SUPERVISOR: Field = req("校内导师", Text, "学校导师姓名。");
    pub const STATION_SUPERVISOR: Field = opt("站内兼职导师", Text, "设站单位兼职导师姓名。");
    pub const ENTERED_ON: Field = req("进站日期", Date, "本次进站日期。");
    pub const LEFT_ON: Field = opt(
        "出站日期",
        Date,
        "已出站的填写出站日期；学年结束时仍在站的，此格留空。",
    );
    pub const MONTHLY_SUBSIDY: Field = req(
        "月生活补助标准(元)",
        Money,
        "每人每月在站生活补助标准：博士生不低于1000元，硕士生不低于500元。",
    );
    pub const MONTHS_PAID: Field = req("本学年发放月数", Months, "本学年实际发放的月数（0–12）。");
    pub const AMOUNT_PAID: Field = req(
        "本学年发放金额(元)",
        Money,
        "本学年实际发放的生活补助总额。",
    );
    pub const PAID_IN_FULL: Field = req(
        "按时足额发放",
        Choice(&YES_NO),
        "生活补助是否按时、足额发放。",
    );
    pub const SUPERVISOR_PROJECT: Field = opt(
        "导师在设站单位承担项目",
        Choice(&YES_NO),
        "是：导师在设站单位承担项目，补助由导师和设站单位协商，不受最低标准限制。",
    );
    pub const INSURED: Field = opt(
        "意外伤害保险",
        Choice(&YES_NO),
        "是否购买人身意外伤害保险。",
    );
    pub const SAFETY_TRAINING: Field = opt("安全教育", Choice(&YES_NO), "是否接受安全教育。");
    pub const REMARK: Field = opt("备注", Text, "其他说明。");

    pub static STUDENTS: Sheet = Sheet {
        name: "进站研究生",
        layout: Layout::Table,
        fields: &[
            SEQ,
            NAME,
            STUDENT_ID,
            LEVEL,
            DEGREE_TYPE,
            SUPERVISOR,
            STATION_SUPERVISOR,
            ENTERED_ON,
            LEFT_ON,
            MONTHLY_SUBSIDY,
            MONTHS_PAID,
            AMOUNT_PAID,
            PAID_IN_FULL,
            SUPERVISOR_PROJECT,
            INSURED,
            SAFETY_TRAINING,
            REMARK,
        ],
        help: "本学年内在站的每名研究生一行；跨学年在站的研究生在下一学年报表中再次填写。",
    };

    pub const PERSON_NAME: Field = req("姓名", Text, "姓名。");
    pub const ROLE: Field = req(
        "角色",
        Choice(&super::ROLE),
        "双站长负责制：须至少有一名设站单位站长和一名培养单位站长。",
    );
    pub const TITLE: Field = req("职称", Text, "专业技术职称。");
    pub const POSITION: Field = opt("职务", Text, "行政职务。");
    pub const EMPLOYER: Field = req("工作单位", Text, "工作单位全称。");
    pub const SOCIAL_ROLES: Field = opt("社会任职", Text, "学术团体等社会任职。");

    pub static PEOPLE: Sheet = Sheet {
        name: "站长及专家",
        layout: Layout::Table,
        fields: &[PERSON_NAME, ROLE, TITLE, POSITION, EMPLOYER, SOCIAL_ROLES],
        help: "站长、兼职导师和专家每人一行。",
    };

    pub const OUTCOME_KIND: Field = req("成果类型", Choice(&super::OUTCOME_KIND), "成果的类型。");
    pub const OUTCOME_NAME: Field = req("成果名称", Text, "项目、论文、专利、标准等的名称。");
    pub const OUTCOME_LEVEL: Field = req(
        "级别",
        Choice(&super::OUTCOME_LEVEL),
        "国家级、省部级、市级、校级或其他。",
    );
    pub const OBTAINED_ON: Field = req(
        "取得日期",
        Date,
        "立项、发表、授权、发布或获奖日期，应在本学年内。",
    );
    pub const OUTCOME_STUDENTS: Field = opt(
        "参与研究生学号",
        Text,
        "参与的进站研究生学号，多个用顿号、逗号、分号或空格分隔。",
    );
    pub const STATION_RELATED: Field = req(
        "与工作站相关",
        Choice(&YES_NO),
        "只有与工作站相关的成果计入验收。",
    );
    pub const BENEFIT: Field = opt(
        "重要经济社会效益",
        Choice(&YES_NO),
        "成果是否产生重要的经济社会效益。",
    );
    pub const BENEFIT_NOTE: Field = opt("效益说明", Text, "填“是”时请简述效益。");

    pub static OUTCOMES: Sheet = Sheet {
        name: "成果",
        layout: Layout::Table,
        fields: &[
            OUTCOME_KIND,
            OUTCOME_NAME,
            OUTCOME_LEVEL,
            OBTAINED_ON,
            OUTCOME_STUDENTS,
            STATION_RELATED,
            BENEFIT,
            BENEFIT_NOTE,
        ],
        help: "本学年取得的每项成果一行；同一成果不要在以后学年重复填写（重复的只计一次）。",
    };

    pub const FUNDING_SOURCE: Field = req(
        "经费来源",
        Choice(&super::FUNDING_SOURCE),
        "设站单位、学校、政府项目、横向项目或其他。",
    );
    pub const RECEIVED: Field = req("到位金额(元)", Money, "上年度年终结算的到位金额。");
    pub const SPENT: Field = req("支出金额(元)", Money, "上年度年终结算的支出金额。");
    pub const SUBSIDY_SPENT: Field = opt(
        "其中研究生生活补助(元)",
        Money,
        "支出中用于研究生生活补助的金额，各行合计应等于进站研究生发放金额合计。",
    );
    pub const FUNDING_NOTE: Field = opt("说明", Text, "其他说明。");

    pub static FUNDING: Sheet = Sheet {
        name: "经费",
        layout: Layout::Table,
        fields: &[FUNDING_SOURCE, RECEIVED, SPENT, SUBSIDY_SPENT, FUNDING_NOTE],
        help: "每个经费来源一行。",
    };
}

/// Fields of the station register (SPEC §4).
pub mod register {
    use super::FieldType::*;
    use super::*;

    pub const STATION_ID: Field = req("工作站编号", Key, "研究生院分配的工作站编号。");
    pub const STATION_NAME: Field = req("工作站名称", Text, "工作站的正式名称。");
    pub const HOST: Field = req("设站单位", Text, "设站单位全称。");
    pub const HOST_TYPE: Field = opt(
        "设站单位类型",
        Choice(&super::HOST_TYPE),
        "企业或事业单位。",
    );
    pub const COLLEGE: Field = req("牵头学院/医院", Text, "负责的培养单位。");
    pub const RECOGNISED_ON: Field =
        req("认定日期", Date, "本轮认定有效期的起始日期；以名册为准。");
    pub const REMARK: Field = opt("备注", Text, "其他说明。");
    /// SPEC §9.2: a station marked 是 is left out of the public version entirely.
    pub const CONFIDENTIAL: Field = opt(
        "涉密",
        Choice(&YES_NO),
        "填“是”的工作站不列入公开版（--public）；留空即“否”。",
    );

    pub static SHEET: Sheet = Sheet {
        name: "工作站名册",
        layout: Layout::Table,
        fields: &[
            STATION_ID,
            STATION_NAME,
            HOST,
            HOST_TYPE,
            COLLEGE,
            RECOGNISED_ON,
            REMARK,
            CONFIDENTIAL,
        ],
        help: "研究生院的工作站名册，每个工作站一行；认定日期和名称以名册为准。",
    };
}

/// Fields of the expert review form (SPEC §4).
pub mod review {
    use super::FieldType::*;
    use super::*;

    pub const STATION_ID: Field = req("工作站编号", Key, "工作站编号。");
    pub const STATION_NAME: Field = opt("工作站名称", Text, "工作站名称，仅供核对。");
    pub const APPLIED: Field = opt(
        "已申请期满验收",
        Choice(&YES_NO),
        "认定期满的工作站是否已申请期满验收；填“否”则验收不合格。",
    );
    pub const CONDITIONS: Field = opt(
        "工作生活条件",
        Choice(&super::CONDITIONS),
        "专家对进站研究生工作、生活条件的评议；留空则以报表自评为准。",
    );
    pub const RULES_SOUND: Field = opt(
        "管理规章制度健全",
        Choice(&YES_NO),
        "管理规章制度健全、执行良好；留空则以报表为准。",
    );
    pub const MECHANISM: Field = opt(
        "联合培养机制特色鲜明成效显著",
        Choice(&YES_NO),
        "优秀标准4：只能由专家评议；留空则为待评议。",
    );
    pub const COOPERATION: Field = opt(
        "经费稳定合作紧密成效良好",
        Choice(&YES_NO),
        "合格标准4；留空则以报表数据（经费到位、联合科研项目）判断。",
    );
    pub const BENEFIT: Field = opt(
        "重要经济社会效益",
        Choice(&YES_NO),
        "成果是否产生重要的经济社会效益；留空则以成果表为准。",
    );
    pub const SUBSIDY: Field = opt(
        "生活补助按时足额发放",
        Choice(&YES_NO),
        "合格标准2：按时、足额发放进站研究生生活补贴；留空则以报表（按时足额发放、发放金额）判断。",
    );
    pub const OPINION: Field = opt("评议意见", Text, "专家意见。");
    pub const REVIEWED_ON: Field = opt("评议日期", Date, "评议日期。");

    pub static SHEET: Sheet = Sheet {
        name: "专家评议",
        layout: Layout::Table,
        fields: &[
            STATION_ID,
            STATION_NAME,
            APPLIED,
            CONDITIONS,
            RULES_SOUND,
            MECHANISM,
            COOPERATION,
            BENEFIT,
            SUBSIDY,
            OPINION,
            REVIEWED_ON,
        ],
        help: "每个工作站一行。空白单元格表示无意见、以数据为准；填写的单元格覆盖数据对该项标准的判断。",
    };
}

/// Fields of the spot-check list (SPEC §9.3): written filled by `gsw spot-check`, one row per
/// item that counts toward a drawn station's grade; the checker fills 核查结果 and 核查说明.
pub mod spot_check {
    use super::FieldType::*;
    use super::*;

    pub const STATION_ID: Field = req("工作站编号", Key, "被抽查的工作站。");
    pub const ITEM_KIND: Field = req(
        "项目类型",
        Choice(&SPOT_KIND),
        "研究生：一名研究生在一份报表中的一行（在站天数）；成果：一项计入的国家级、省部级成果或其重要经济社会效益；经费：一个学年的到位金额合计。",
    );
    pub const CONTENT: Field = req("内容", Text, "报表中所填的内容，供核查。");
    pub const SOURCE_FILE: Field = req("来源文件", Text, "该项所在的报表，路径相对于报表文件夹。");
    pub const SOURCE_SHEET: Field = req("工作表", Text, "该项所在的工作表。");
    pub const CELL: Field = req(
        "单元格",
        Text,
        "该项所在的单元格（研究生为学号，成果为成果名称，经费为各行到位金额）。",
    );
    pub const CHECK_VALUE: Field = req(
        "核对值",
        Text,
        "抽取时该单元格的内容（经费为到位金额合计）：程序据此判断报表在抽查后是否改动，请勿修改。",
    );
    pub const RESULT: Field = opt(
        "核查结果",
        Choice(&SPOT_RESULT),
        "核查后从下拉列表中选择：属实，或不属实（该项不再计入评估）；未核查的留空。",
    );
    pub const NOTE: Field = opt(
        "核查说明",
        Text,
        "不属实时请写明实际情况与依据，此说明会原样列入问题清单。",
    );

    pub static SHEET: Sheet = Sheet {
        name: "抽查清单",
        layout: Layout::Table,
        fields: &[
            STATION_ID,
            ITEM_KIND,
            CONTENT,
            SOURCE_FILE,
            SOURCE_SHEET,
            CELL,
            CHECK_VALUE,
            RESULT,
            NOTE,
        ],
        help: "由 gsw spot-check 生成，每行一个计入被抽查工作站等级的项目。核查人只填写核查结果和核查说明，其余各列请勿改动。",
    };
}

pub const SPOT_STUDENT: &str = "研究生";
pub const SPOT_OUTCOME: &str = "成果";
pub const SPOT_FUNDING: &str = "经费";
pub const TRUE_FINDING: &str = "属实";
pub const FALSE_FINDING: &str = "不属实";

/// 抽查清单 项目类型.
pub static SPOT_KIND: Choice = Choice {
    values: &[SPOT_STUDENT, SPOT_OUTCOME, SPOT_FUNDING],
    aliases: &[],
};

/// 抽查清单 核查结果.
pub static SPOT_RESULT: Choice = Choice {
    values: &[TRUE_FINDING, FALSE_FINDING],
    aliases: &[
        ("真实", TRUE_FINDING),
        ("是", TRUE_FINDING),
        ("√", TRUE_FINDING),
        ("✓", TRUE_FINDING),
        ("不实", FALSE_FINDING),
        ("不真实", FALSE_FINDING),
        ("虚假", FALSE_FINDING),
        ("否", FALSE_FINDING),
        ("×", FALSE_FINDING),
        ("✗", FALSE_FINDING),
    ],
};

pub static REPORT: KindSchema = KindSchema {
    kind: Kind::Report,
    title: "年度基本数据报表",
    recognised_by: &["基本信息", "进站研究生"],
    sheets: &[
        &report::BASIC,
        &report::STUDENTS,
        &report::PEOPLE,
        &report::OUTCOMES,
        &report::FUNDING,
    ],
    template_file: "年度基本数据报表.xlsx",
};

pub static REGISTER: KindSchema = KindSchema {
    kind: Kind::Register,
    title: "工作站名册",
    recognised_by: &["工作站名册"],
    sheets: &[&register::SHEET],
    template_file: "工作站名册.xlsx",
};

pub static REVIEW: KindSchema = KindSchema {
    kind: Kind::Review,
    title: "专家评议表",
    recognised_by: &["专家评议"],
    sheets: &[&review::SHEET],
    template_file: "专家评议表.xlsx",
};

pub static SPOT_CHECK: KindSchema = KindSchema {
    kind: Kind::SpotCheck,
    title: "抽查清单",
    recognised_by: &["抽查清单"],
    sheets: &[&spot_check::SHEET],
    template_file: "抽查清单.xlsx",
};

/// The kinds people fill in from a blank template (`gsw template`).
pub static KINDS: [&KindSchema; 3] = [&REPORT, &REGISTER, &REVIEW];

/// Every kind the program reads: the templates' and the 抽查清单, which `gsw spot-check` writes
/// already filled (it has no blank template).
pub static READ_KINDS: [&KindSchema; 4] = [&REPORT, &REGISTER, &REVIEW, &SPOT_CHECK];

impl Kind {
    pub fn schema(self) -> &'static KindSchema {
        match self {
            Kind::Report => &REPORT,
            Kind::Register => &REGISTER,
            Kind::Review => &REVIEW,
            Kind::SpotCheck => &SPOT_CHECK,
        }
    }

    pub fn title(self) -> &'static str {
        self.schema().title
    }
}

/// The normalised form under which sheet names, headers, labels and outcome names are
/// compared (SPEC §3.6): NFKC, all whitespace and `*`/`＊` removed, trailing `:`/`：` dropped.
pub fn normalize_name(s: &str) -> Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    let kept = |c: &char| !c.is_whitespace() && *c != '*' && *c != '＊' && *c != '\u{200b}';
    // Most text is ASCII and common ideographs, which NFKC leaves as they are; most of that
    // is in normal form already.
    if s.chars().all(|c| is_its_own_nfkc(c) && kept(&c)) && !s.ends_with(':') {
        return Cow::Borrowed(s);
    }
    let mut out: String = if s.chars().all(is_its_own_nfkc) {
        s.chars().filter(kept).collect()
    } else {
        s.nfkc().filter(kept).collect()
    };
    while out.ends_with(':') || out.ends_with('：') {
        out.pop();
    }
    Cow::Owned(out)
}

/// ASCII and the CJK Unified Ideographs block: characters NFKC never changes and never
/// composes with one another.
fn is_its_own_nfkc(c: char) -> bool {
    c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_nfkc_fast_path_is_exact() {
        use unicode_normalization::UnicodeNormalization;
        let plain: Vec<char> = ((0u32..0x80).chain(0x4E00..=0x9FFF))
            .filter_map(char::from_u32)
            .collect();
        for c in &plain {
            assert!(is_its_own_nfkc(*c));
            assert_eq!(
                c.to_string().nfkc().collect::<String>(),
                c.to_string(),
                "{c:?}"
            );
        }
        // Pairs too (nothing composes), and the fast path agrees with the slow one.
        let text: String = plain.iter().step_by(7).collect();
        assert_eq!(text.nfkc().collect::<String>(), text);
        assert_eq!(normalize_name(" 工作站 编号*： "), "工作站编号");
        assert_eq!(normalize_name("（工作站）２"), "(工作站)2");
    }

    fn all_sheets() -> impl Iterator<Item = &'static Sheet> {
        READ_KINDS.iter().flat_map(|k| k.sheets.iter().copied())
    }

    #[test]
    fn labels_are_unique_within_each_sheet_after_normalisation() {
        for sheet in all_sheets() {
            let mut seen = HashSet::new();
            for f in sheet.fields {
                assert!(
                    seen.insert(normalize_name(f.label)),
                    "{}: duplicate {}",
                    sheet.name,
                    f.label
                );
                assert_eq!(normalize_name(f.label), f.label, "label not in normal form");
            }
        }
    }

    #[test]
    fn sheet_names_are_unique_and_recognisers_are_sheets_of_the_kind() {
        let mut names = HashSet::new();
        for kind in READ_KINDS {
            for s in kind.sheets {
                assert!(names.insert(s.name), "sheet {} used twice", s.name);
                assert_ne!(s.name, HELP_SHEET);
            }
            for r in kind.recognised_by {
                assert!(kind.sheets.iter().any(|s| s.name == *r));
            }
            assert!(kind
                .recognised_by
                .iter()
                .all(|r| !summary::MARKERS.contains(r)));
        }
    }

    #[test]
    fn every_field_has_help_and_every_choice_is_consistent() {
        for sheet in all_sheets() {
            assert!(!sheet.help.is_empty());
            for f in sheet.fields {
                assert!(!f.help.is_empty(), "{} has no help", f.label);
                if let FieldType::Choice(c) = f.ty {
                    assert!(!c.values.is_empty());
                    for v in c.values {
                        assert_eq!(
                            normalize_name(v).to_lowercase(),
                            *v,
                            "value not in normal form"
                        );
                    }
                    for (variant, value) in c.aliases {
                        let normal = normalize_name(variant).to_lowercase();
                        assert_eq!(normal, *variant, "alias not in normal form");
                        assert!(c.values.contains(value), "alias {variant} → {value}");
                        assert!(!c.values.contains(variant));
                    }
                }
            }
        }
    }

    #[test]
    fn report_sheets_match_the_spec() {
        let names: Vec<_> = REPORT.sheets.iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            ["基本信息", "进站研究生", "站长及专家", "成果", "经费"]
        );
        assert_eq!(report::BASIC.fields.len(), 15);
        assert_eq!(report::STUDENTS.fields.len(), 17);
        assert_eq!(review::SHEET.fields.len(), 11);
        // SPEC §9.2 adds the optional 涉密.
        assert_eq!(register::SHEET.fields.len(), 8);
        let required: Vec<_> = report::STUDENTS
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.label)
            .collect();
        assert_eq!(
            required,
            [
                "姓名",
                "学号",
                "培养层次",
                "校内导师",
                "进站日期",
                "月生活补助标准(元)",
                "本学年发放月数",
                "本学年发放金额(元)",
                "按时足额发放"
            ]
        );
    }

    #[test]
    fn normalisation_matches_the_spec_examples() {
        assert_eq!(normalize_name("月生活补助标准（元）"), "月生活补助标准(元)");
        assert_eq!(normalize_name(" 学\u{3000}号 *"), "学号");
        assert_eq!(normalize_name("工作站编号＊："), "工作站编号");
        assert_eq!(normalize_name("姓\u{a0}名"), "姓名");
        // Text already in normal form is given back as it is, without a copy.
        assert!(matches!(normalize_name("工作站编号 A1"), Cow::Owned(n) if n == "工作站编号A1"));
        assert!(matches!(
            normalize_name("工作站编号A1"),
            Cow::Borrowed("工作站编号A1")
        ));
        assert_eq!(normalize_name("编号::"), "编号");
        assert_eq!(normalize_name("*"), "");
    }
}
