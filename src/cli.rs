//! The command line: one struct per subcommand; the doc comments are the Chinese `--help`.

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `--help` laid out with Chinese headings (clap's own are English).
const TOP_HELP: &str =
    "{about}\n\n用法: {usage}\n\n命令:\n{subcommands}\n\n参数:\n{positionals}\n\n选项:\n{options}";
const SUB_HELP: &str = "{about}\n\n用法: {usage}\n\n{positionals}\n\n选项:\n{options}";
const SUB_HELP_AFTER: &str =
    "{about}\n\n用法: {usage}\n\n{positionals}\n\n选项:\n{options}{after-help}";
const SUB_HELP_NO_ARGS: &str = "{about}\n\n用法: {usage}\n\n选项:\n{options}";

/// gsw：产教融合研究生工作站年度基本数据汇总与期满验收评估工具。
///
/// 把各学院/医院报送的年度基本数据报表放进一个文件夹，运行 `gsw consolidate 文件夹`，
/// 即在该文件夹下的“汇总结果”中生成汇总工作簿：每个工作站的四年合计、验收等级、理由和所有问题。
#[derive(Debug, Parser)]
#[command(name = "gsw", version, args_conflicts_with_subcommands = true)]
#[command(help_template = TOP_HELP, disable_help_subcommand = true)]
#[command(disable_help_flag = true, disable_version_flag = true)]
#[command(
    subcommand_value_name = "命令",
    override_usage = "gsw [文件夹]\n      gsw <命令> [选项]"
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, display_order = 100)]
    help: Option<bool>,

    /// 显示版本
    #[arg(short = 'V', long = "version", action = ArgAction::Version, display_order = 101)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// 直接汇总此文件夹（与 consolidate 相同，使用默认选项；可把文件夹拖到程序图标上）
    #[arg(value_name = "文件夹")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 汇总文件夹中的全部报表，评估每个工作站，生成汇总工作簿
    #[command(help_template = SUB_HELP, override_usage = "gsw consolidate <文件夹> [选项]")]
    Consolidate(ConsolidateArgs),
    /// 检查单个或多个报表（供学院报送前自查）
    #[command(help_template = SUB_HELP, override_usage = "gsw check <文件>... [选项]")]
    Check(CheckArgs),
    /// 生成空白模板（年度报表、工作站名册、专家评议表），或按名册生成预填模板
    #[command(help_template = SUB_HELP_NO_ARGS, override_usage = "gsw template [选项]")]
    Template(TemplateArgs),
    /// 打印默认规则文件（TOML，含管理办法条文注释）
    #[command(help_template = SUB_HELP_NO_ARGS, override_usage = "gsw rules")]
    Rules,
    /// 抽查：按随机种子抽取若干工作站，生成抽查清单（每个计入等级的项目一行，供核查）
    #[command(help_template = SUB_HELP_AFTER, after_help = SPOT_CHECK_AFTER)]
    #[command(override_usage = "gsw spot-check <文件夹> [选项]")]
    SpotCheck(SpotCheckArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConsolidateArgs {
    /// 存放报表的文件夹（可含子文件夹和 .zip 压缩包）
    #[arg(value_name = "文件夹")]
    pub dir: PathBuf,

    /// 评估日期，如 2026-11-30（默认今天）
    #[arg(long, value_name = "日期")]
    pub as_of: Option<String>,

    /// 汇总工作簿的路径（默认：文件夹/汇总结果/工作站汇总_<评估日期>.xlsx）；给各学院的反馈写在它旁边的 学院反馈_<评估日期> 文件夹中
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 另外把每张表写成 CSV（UTF-8 带 BOM）到此文件夹
    #[arg(long, value_name = "文件夹")]
    pub csv: Option<PathBuf>,

    /// 规则文件（TOML），用 `gsw rules` 可得到默认规则
    #[arg(long, value_name = "文件")]
    pub rules: Option<PathBuf>,

    /// 另写公开版：汇总工作簿旁的 工作站汇总_<评估日期>_公开.xlsx 和 .html（非涉密工作站的主要数据，不含个人信息和问题；名册中“涉密”为“是”的工作站不列入）
    #[arg(long)]
    pub public: bool,

    /// 安静模式：只在出错时输出
    #[arg(short, long)]
    pub quiet: bool,

    /// 详细模式：逐条列出错误
    #[arg(short, long)]
    pub verbose: bool,
}

/// `gsw spot-check`.
#[derive(Debug, Args, Clone)]
pub struct SpotCheckArgs {
    /// 存放报表的文件夹（与 consolidate 相同；其中已填写的抽查清单会一并读入）
    #[arg(value_name = "文件夹")]
    pub dir: PathBuf,

    /// 抽取的工作站个数（默认 5）；不少于学院数时，每个牵头学院/医院至少抽到一个
    #[arg(
        long,
        value_name = "个数",
        default_value_t = 5,
        hide_default_value = true
    )]
    #[arg(value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,

    /// 随机种子，非负整数（默认为评估日期，如 20261130）：同样的报表和种子抽到同样的工作站
    #[arg(long, value_name = "数字")]
    pub seed: Option<u64>,

    /// 评估日期，如 2026-11-30（默认今天）：按此日期判断哪些项目计入等级
    #[arg(long, value_name = "日期")]
    pub as_of: Option<String>,

    /// 抽查清单的路径（默认：文件夹/汇总结果/抽查清单_<评估日期>.xlsx）；已填写核查结果的文件不会被覆盖
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 规则文件（TOML），与 consolidate 所用的相同
    #[arg(long, value_name = "文件")]
    pub rules: Option<PathBuf>,
    // (the round trip is told after the options: SPOT_CHECK_AFTER)
}

const SPOT_CHECK_AFTER: &str =
    "核查人在抽查清单的“核查结果”列选择属实或不属实、在“核查说明”中写明情况，\
把填好的文件放回报表文件夹（“汇总结果”文件夹以外），再运行 gsw consolidate：\
不属实的项目不再计入等级，并在问题清单中列为错误。";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的工作簿
    #[arg(value_name = "文件", required = true)]
    pub files: Vec<PathBuf>,

    /// 以 JSON 输出（供其他程序读取）
    #[arg(long)]
    pub json: bool,

    /// 按工作站名册核对工作站编号、名称、设站单位、牵头学院/医院和认定日期：名册文件，或含名册的文件夹
    #[arg(long, value_name = "文件或文件夹")]
    pub register: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateKind {
    /// 年度基本数据报表
    Report,
    /// 工作站名册
    Register,
    /// 专家评议表
    Review,
    /// 全部三种
    All,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板种类：report 年度基本数据报表，register 工作站名册，review 专家评议表，all 全部三种（默认）
    #[arg(long, value_enum, default_value = "all", value_name = "种类")]
    #[arg(hide_possible_values = true, hide_default_value = true)]
    pub kind: TemplateKind,

    /// 输出文件夹（默认当前文件夹）；其中已有的同名文件不会被覆盖
    #[arg(
        long,
        value_name = "文件夹",
        default_value = ".",
        hide_default_value = true
    )]
    pub out_dir: PathBuf,

    /// 按工作站名册生成预填模板：名册文件，或含名册的文件夹（如报表文件夹）
    ///
    /// --kind report：每个名册中的工作站一份年度基本数据报表，工作站编号、名称、设站单位、设站单位类型、牵头学院/医院、认定日期已按名册填好并锁定（工作表保护，无密码）。
    ///
    /// --kind review：专家评议表，每个工作站一行（给文件夹时另含只见于报表的工作站），评议各栏空白。
    ///
    /// 不指定 --kind 时两者都生成。
    #[arg(long, value_name = "文件或文件夹")]
    pub register: Option<PathBuf>,

    /// 年度基本数据报表的报告学年，如 2025-2026：填入“报告学年”（预填时锁定），文件名以该学年开头
    #[arg(long, value_name = "学年")]
    pub year: Option<String>,

    /// 输出文件夹中已有同名文件时，替换本程序生成后未经改动的模板（已填写内容的工作簿从不替换）
    #[arg(long)]
    pub force: bool,
}

/// A command-line error in Chinese: clap's own messages are English.
pub fn describe_error(err: &clap::Error) -> String {
    describe_error_of(err, std::env::args_os().skip(1))
}

/// [`describe_error`] for the arguments given (without the program's name).
pub fn describe_error_of(
    err: &clap::Error,
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind| err.get(kind).map(|v| v.to_string()).unwrap_or_default();
    // `gsw consolidat 报表`: the first word is neither a command nor an existing folder.
    let first = args.into_iter().next();
    if let Some(word) = first.as_ref().and_then(|w| w.to_str()) {
        let path = std::path::Path::new(word);
        if !word.starts_with('-') && !path.exists() {
            if let Some(command) = nearest_command(word) {
                return format!(
                    "错误: 没有命令 {word}：是否要输入 gsw {command}？运行 gsw --help 查看用法。"
                );
            }
        }
    }
    let what = match err.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数 {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            let suggested = match context(ContextKind::SuggestedArg) {
                s if s.is_empty() => String::new(),
                s => format!("，是否要输入 {s}？"),
            };
            format!(
                "无法识别的参数 {}{suggested}",
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => {
            format!("没有命令 {}", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = match err.get(ContextKind::ValidValue) {
                Some(clap::error::ContextValue::Strings(values)) => {
                    format!("，可选：{}", values.join("、"))
                }
                _ => String::new(),
            };
            format!(
                "参数 {} 的值 \"{}\" 无效{valid}",
                context(ContextKind::InvalidArg),
                context(ContextKind::InvalidValue)
            )
        }
        ErrorKind::ArgumentConflict | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            match context(ContextKind::InvalidArg) {
                arg if arg.is_empty() => "参数过多或互相冲突".to_string(),
                arg => format!("参数 {arg} 不能与其他参数同时使用"),
            }
        }
        _ => "命令行有误".to_string(),
    };
    let stop = if what.ends_with('？') { "" } else { "。" };
    format!("错误: {what}{stop}运行 gsw --help 查看用法。")
}

/// The subcommands, for suggestions (a test checks them against [`Command`]).
const COMMANDS: [&str; 5] = ["consolidate", "check", "template", "rules", "spot-check"];

/// The command a mistyped word most likely meant (`consolidat` → `consolidate`), if any.
pub fn nearest_command(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    COMMANDS
        .into_iter()
        .filter(|name| *name != word)
        .map(|name| (strsim::jaro_winkler(&word, name), name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn command_line_errors_are_described_in_chinese() {
        let describe = |args: &[&str]| {
            let err = Cli::try_parse_from(["gsw"].iter().chain(args)).unwrap_err();
            describe_error_of(&err, args.iter().map(Into::into))
        };
        assert_eq!(
            describe(&["check"]),
            "错误: 缺少必需的参数 <文件>...。运行 gsw --help 查看用法。"
        );
        assert_eq!(
            describe(&["spot-check", "d", "--count", "0"]),
            "错误: 参数 --count <个数> 的值 \"0\" 无效。运行 gsw --help 查看用法。"
        );
        assert_eq!(
            describe(&["template", "--kind", "x"]),
            "错误: 参数 --kind <种类> 的值 \"x\" 无效，可选：report、register、review、all。运行 gsw --help 查看用法。"
        );
    }

    #[test]
    fn the_commands_suggested_are_the_commands() {
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        assert_eq!(names, COMMANDS);
    }

    #[test]
    fn a_misspelt_command_is_named_with_the_nearest() {
        let args = ["consolidat", "报表"];
        let err = Cli::try_parse_from(["gsw"].into_iter().chain(args)).unwrap_err();
        assert_eq!(
            describe_error_of(&err, args.map(Into::into)),
            "错误: 没有命令 consolidat：是否要输入 gsw consolidate？运行 gsw --help 查看用法。"
        );
        let args = ["chek", "a.xlsx"];
        let err = Cli::try_parse_from(["gsw"].into_iter().chain(args)).unwrap_err();
        assert_eq!(
            describe_error_of(&err, args.map(Into::into)),
            "错误: 没有命令 chek：是否要输入 gsw check？运行 gsw --help 查看用法。"
        );
        assert_eq!(nearest_command("templates"), Some("template"));
        assert_eq!(nearest_command("RULE"), Some("rules"));
        assert_eq!(nearest_command("报表"), None);
        assert_eq!(nearest_command("sample-data"), None);
    }

    #[test]
    fn a_misspelt_option_is_named_with_the_nearest() {
        let args = ["consolidate", "报表", "--as_of", "2026-11-30"];
        let err = Cli::try_parse_from(["gsw"].into_iter().chain(args)).unwrap_err();
        assert_eq!(
            describe_error_of(&err, args.map(Into::into)),
            "错误: 无法识别的参数 --as_of，是否要输入 --as-of？运行 gsw --help 查看用法。"
        );
    }

    #[test]
    fn a_bare_folder_means_consolidate() {
        let cli = Cli::try_parse_from(["gsw", "报表"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.dir, Some(PathBuf::from("报表")));
        let cli =
            Cli::try_parse_from(["gsw", "consolidate", "报表", "--as-of", "2026-11-30"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Consolidate(a)) if a.as_of.as_deref() == Some("2026-11-30"))
        );
    }
}
