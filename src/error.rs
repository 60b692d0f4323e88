//! Errors that stop a run: a bad command line, rules file or output target. Problems in the
//! input data are not errors: they are [`crate::problem::Problem`]s and the run goes on.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Rules(#[from] crate::rules::RulesError),
    #[error("找不到输入文件夹 {}", .0.display())]
    NoInputDir(PathBuf),
    #[error("无法读取 {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法写入 {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("无法生成工作簿 {}: {source}", path.display())]
    Xlsx {
        path: PathBuf,
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("输出文件 {} 是一个输入文件，拒绝覆盖", .0.display())]
    OutputIsInput(PathBuf),
    #[error("{0}")]
    BadArgument(String),
}
