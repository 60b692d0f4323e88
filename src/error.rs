//! Errors that stop a run: a bad command line, rules file or output target. Problems in the
//! input data are not errors: they are [`crate::problem::Problem`]s and the run goes on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Rules(#[from] crate::rules::RulesError),
    #[error("找不到输入文件夹 {}：请检查路径是否正确（路径中有空格时，请把整个路径放在英文双引号中）", .0.display())]
    NoInputDir(PathBuf),
    #[error("{}", input_is_file(.0))]
    InputIsFile(PathBuf),
    #[error("无法读取 {}：{}", path.display(), io_reason(.source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法写入 {}：{}", path.display(), io_reason(.source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法生成工作簿 {}：{}", path.display(), xlsx_reason(.source))]
    Xlsx {
        path: PathBuf,
        source: rust_xlsxwriter::XlsxError,
    },
    #[error(
        "输出文件 {} 是输入文件夹中已有的文件（不是本程序的汇总），为免覆盖，拒绝写入：\
         请换一个文件名，或不加 -o 使用默认位置",
        .0.display()
    )]
    OutputIsInput(PathBuf),
    #[error("{0}")]
    BadArgument(String),
}

/// `报表.xlsx 是文件，不是文件夹：…`, with its folder as the example and, for a workbook,
/// how to check that one file.
pub(crate) fn input_is_file(path: &std::path::Path) -> String {
    let mut out = format!(
        "{} 是文件，不是文件夹：请给出存放报表的文件夹",
        path.display()
    );
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        out.push_str(&format!("（如它所在的文件夹 {}）", parent.display()));
    }
    if crate::model::Format::of_path(path).is_some() {
        out.push_str(&format!(
            "；只检查这一份报表，请用 gsw check {}",
            path.display()
        ));
    }
    out
}

/// What went wrong with a file or folder, in Chinese with what to do, then the system's own
/// words in parentheses: `找不到该文件或文件夹，请检查路径是否正确（No such file or directory (os error 2)）`.
/// A message that is already Chinese (the writer's own explanations) is kept as it is.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = e.to_string();
    if e.raw_os_error().is_none() && !text.is_ascii() {
        return text;
    }
    // Windows: 32 sharing violation, 33 lock violation (a file open in Excel or WPS).
    let locked = cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33));
    let why = match e.kind() {
        _ if locked => "文件正被其他程序（如 Excel 或 WPS）打开，请关闭后重试",
        K::NotFound => "找不到该文件或文件夹，请检查路径是否正确",
        K::PermissionDenied => {
            "没有访问权限：文件可能正被 Excel 或 WPS 打开，或需要其他权限；请关闭该文件或换一个位置后重试"
        }
        K::AlreadyExists => "已有同名的文件或文件夹",
        K::IsADirectory => "这是文件夹，不是文件",
        K::NotADirectory => "路径中的某一级是文件，不是文件夹",
        K::StorageFull => "磁盘空间不足，请清理磁盘或换一个位置",
        K::QuotaExceeded => "超出磁盘配额",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的，请换一个位置",
        K::FileTooLarge => "文件超过了系统允许的大小",
        K::InvalidFilename => "文件名无效（含有不允许的字符或过长）",
        K::InvalidData | K::UnexpectedEof => "文件内容不完整或已损坏",
        K::Interrupted | K::TimedOut | K::WouldBlock => "读写被中断，请重试",
        _ => "读写文件时出错",
    };
    format!("{why}（{text}）")
}

/// Why the workbook writer failed, in Chinese first.
fn xlsx_reason(e: &rust_xlsxwriter::XlsxError) -> String {
    match e {
        rust_xlsxwriter::XlsxError::IoError(io) => io_reason(io),
        other => format!("程序内部错误，请把这条信息告诉维护人员（{other}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error as IoError, ErrorKind};

    #[test]
    fn system_errors_are_said_in_chinese_first() {
        let missing = IoError::from(ErrorKind::NotFound);
        assert_eq!(
            io_reason(&missing),
            format!("找不到该文件或文件夹，请检查路径是否正确（{missing}）")
        );
        let chinese = IoError::other("磁盘空间不足（x）");
        assert_eq!(io_reason(&chinese), "磁盘空间不足（x）");
        let err = Error::Read {
            path: "规则.toml".into(),
            source: IoError::from(ErrorKind::PermissionDenied),
        };
        assert!(
            err.to_string()
                .starts_with("无法读取 规则.toml：没有访问权限：文件可能正被 Excel 或 WPS 打开"),
            "{err}"
        );
    }
}
