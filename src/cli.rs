//! The command line: one struct per subcommand; the doc comments are the Chinese `--help`.

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `--help` laid out with Chinese headings (clap's own are English).
const TOP_HELP: &str =
    "{about}\n\n用法: {usage}\n\n命令:\n{subcommands}\n\n参数:\n{positionals}\n\n选项:\n{options}";
const SUB_HELP: &str = "{about}\n\n用法: {usage}\n\n{positionals}\n\n选项:\n{options}";
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
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConsolidateArgs {
    /// 存放报表的文件夹（可含子文件夹）
    #[arg(value_name = "文件夹")]
    pub dir: PathBuf,

    /// 评估日期，如 2026-11-30（默认今天）
    #[arg(long, value_name = "日期")]
    pub as_of: Option<String>,

    /// 汇总工作簿的路径（默认：文件夹/汇总结果/工作站汇总_<评估日期>.xlsx）
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,

    /// 另外把每张表写成 CSV（UTF-8 带 BOM）到此文件夹
    #[arg(long, value_name = "文件夹")]
    pub csv: Option<PathBuf>,

    /// 规则文件（TOML），用 `gsw rules` 可得到默认规则
    #[arg(long, value_name = "文件")]
    pub rules: Option<PathBuf>,

    /// 安静模式：只在出错时输出
    #[arg(short, long)]
    pub quiet: bool,

    /// 详细模式：逐条列出错误
    #[arg(short, long)]
    pub verbose: bool,
}

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

    /// 输出文件夹（默认当前文件夹）
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
}

/// A command-line error in Chinese: clap's own messages are English.
pub fn describe_error(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind| err.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let what = match err.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数 {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => {
            format!("无法识别的参数 {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            format!("没有命令 {}", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => format!(
            "参数 {} 的值 \"{}\" 无效",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            match context(ContextKind::InvalidArg) {
                arg if arg.is_empty() => "参数过多或互相冲突".to_string(),
                arg => format!("参数 {arg} 不能与其他参数同时使用"),
            }
        }
        _ => "命令行有误".to_string(),
    };
    format!("错误: {what}。运行 gsw --help 查看用法。")
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
        let err = Cli::try_parse_from(["gsw", "check"]).unwrap_err();
        let text = describe_error(&err);
        assert!(text.starts_with("错误: 缺少必需的参数 <文件>"), "{text}");
        let err = Cli::try_parse_from(["gsw", "template", "--kind", "x"]).unwrap_err();
        assert!(
            describe_error(&err).contains("--kind"),
            "{}",
            describe_error(&err)
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
