//! 应如何修改: what a college clerk should do about a problem, by its code. The problem's own
//! message says what is wrong at that place (and for a cell, what it should hold); this says
//! what to do, in the words of someone who fills in the template, not of the program. One
//! line per code: a new code does not compile until it has its advice.

use crate::problem::Code;

/// What the college should do about a problem with `code`.
pub fn advice(code: Code) -> &'static str {
    use Code::*;
    match code {
        // Files
        FileUnreadable => "文件无法打开或已损坏：请用 Excel 或 WPS 打开确认内容无误，另存为 .xlsx 后重新报送",
        FileTooLarge => "文件过大：请删去多余的工作表、图片和大片空行，另存为 .xlsx 后重新报送",
        FileEncrypted => "请取消文件的打开密码（在 Excel 或 WPS 中清空“用密码加密”的密码），保存后重新报送",
        FileEmpty => "文件是空的：请重新保存或导出报表后重新报送",
        UnknownKind => "这不是研究生院下发的报表模板（工作表名称不符）：请用下发的模板填写，不要改动工作表名称；不是报表的文件不必报送",
        DuplicateFile => "同一份文件报送了两次，无需处理",
        Superseded => "同一学年收到了多份报表，已采用填报日期最晚的一份，本份无需修改；如本份才是正确的版本，请更正填报日期后重新报送",
        ReadPanic => "文件读取时出错：请用 Excel 或 WPS 打开，另存为 .xlsx 后重新报送",
        LimitExceeded => "文件中的内容超出程序的读取上限：请删去多余的工作表和大片空行，另存为 .xlsx 后重新报送",
        MisnamedFile => "文件的扩展名与实际格式不符：请用 Excel 或 WPS 打开后另存为 .xlsx",
        // Sheets and headers
        MissingSheet => "报表缺少这张工作表：请用研究生院下发的最新模板填写，不要删除或改名工作表",
        MissingHeader => "表头被改动或缺少列：请不要修改、删除模板的表头和列，可把数据复制到新的模板中后重新报送",
        ExtraColumn => "多出的列不会被读取：需要报送的内容请填在模板已有的列中",
        ExtraSheet => "多出的工作表不会被读取，无需处理",
        TemplateVersion => "使用的是旧版模板：下次请用研究生院下发的最新模板",
        // Cells
        Required => "请在该单元格补填，内容见“问题”一栏",
        BadDate => "请填写日期，如 2024-09-01（年-月-日，或设为日期格式），不要写成文字或只写年月",
        BadNumber => "请只填写数字，不要带“元”“人”等文字、空格或说明",
        BadChoice => "请从该单元格的下拉列表中选择，不要自行输入",
        BadAcademicYear => "请按 2024-2025 的样子填写学年（前一年-后一年）",
        BadText => "请填写文字内容，不要填公式或错误值（如 #N/A）",
        // Cross-checks within a report
        DuplicateStudent => "同一学号在本表中填了两行：请删去重复的行，同一研究生只填一行",
        LeftBeforeEntered => "请核对该研究生的进站日期和出站日期：出站日期不能早于进站日期",
        MissingChief => "实行双站长负责制：请在“站长及专家”表中补填校内站长和校外站长",
        SettlementYear => "请按“问题”一栏所说更正经费结算年度（采用上年度年终结算数据）",
        OutcomeOutsideYear => "请核对取得日期：不在本学年取得的成果，应填在取得日期所在学年的报表中",
        OutcomeOutsideTerm => "请核对取得日期：认定有效期以外取得的成果不计入验收；日期填错的请更正",
        OutcomeUnknownStudent => "请核对参与研究生的学号，应与“进站研究生”表中的学号一致",
        SubsidyTotal => "请核对经费表的“其中研究生生活补助”与进站研究生表“本学年发放金额”的合计，两处应一致",
        SubsidyBelowMinimum => "请核对月生活补助标准；导师在设站单位承担项目的，请在“导师在设站单位承担项目”一栏填“是”",
        BenefitUnexplained => "请在“效益说明”一栏写明重要经济社会效益的具体内容",
        StudentOutsideYear => "请核对该研究生的进站、出站日期：本学年报表只填本学年（7月1日至次年6月30日）在站的研究生",
        // Across files
        StudentInTwoStations => "同一研究生不能同时在两个工作站：请与另一工作站核对该生的进站、出站日期并更正",
        RegisterMismatch => "请按研究生院的工作站名册更正报表中的这一项",
        StationIdTypo => "请把工作站编号改为名册中的编号后重新报送",
        NotInRegister => "请核对工作站编号（以研究生院的工作站名册为准）；新设的工作站请与研究生院联系",
        NoRegister => "由研究生院处理，学院无需处理",
        DuplicateRegister => "由研究生院处理，学院无需处理",
        DuplicateReview => "由研究生院处理，学院无需处理",
        ReviewUnknownStation => "由研究生院处理，学院无需处理",
        YearOutsideTerm => "请核对报告学年：认定有效期以外的学年不需要报送",
        LateCorrection => "研究生院将核对更正是否属实；如有说明材料，请一并报送",
        NoStationId => "请在“基本信息”表中填写工作站编号和报告学年后重新报送",
        // Spot checks
        SpotCheckRefuted => "研究生院抽查核实该项不属实，已不计入：如有异议，请向研究生院提供证明材料；报表填错的请更正后重新报送",
        SpotCheckStale => "由研究生院处理，学院无需处理",
        SpotCheckConflict => "由研究生院处理，学院无需处理",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code has advice in Chinese that says what to do, and no two codes of what a
    /// college must fix share the same words (a copied line would tell the clerk the wrong
    /// thing).
    #[test]
    fn every_code_has_its_own_advice_in_chinese() {
        let staff = "由研究生院处理，学院无需处理";
        let mut seen: Vec<&str> = Vec::new();
        for &code in Code::ALL {
            let a = advice(code);
            assert!(a.chars().count() >= 8, "{code}: {a}");
            assert!(
                a.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: {a}"
            );
            assert!(!a.ends_with('。') && !a.contains("  "), "{code}: {a}");
            if a != staff {
                assert!(!seen.contains(&a), "{code}: {a} twice");
                seen.push(a);
            }
        }
    }
}
