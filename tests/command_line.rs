//! A mistaken command line gets one Chinese line that names the mistake and what to type
//! instead (SPEC §10): a file where a folder is expected, a misspelt command, an output that
//! is a folder or no .xlsx. The real binary; each message in full.

use std::path::Path;
use std::process::{Command, Output};

fn gsw(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

/// The one line on stderr of a run that failed with exit status 2, nothing on stdout.
fn refused(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn a_file_where_a_folder_is_expected_is_named_as_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("报表")).unwrap();
    std::fs::write(tmp.path().join("报表/化工站.xlsx"), b"x").unwrap();
    std::fs::write(tmp.path().join("说明.txt"), b"x").unwrap();
    let want = "错误: 报表/化工站.xlsx 是文件，不是文件夹：请给出存放报表的文件夹（如它所在的文件夹 报表）；\
                只检查这一份报表，请用 gsw check 报表/化工站.xlsx";
    let out = gsw(tmp.path(), &["consolidate", "报表/化工站.xlsx"]);
    assert_eq!(refused(&out), want);
    // Dropped onto the program, or typed without a command: the same words.
    let out = gsw(tmp.path(), &["报表/化工站.xlsx"]);
    assert_eq!(refused(&out), want);
    let out = gsw(tmp.path(), &["consolidate", "说明.txt"]);
    assert_eq!(
        refused(&out),
        "错误: 说明.txt 是文件，不是文件夹：请给出存放报表的文件夹"
    );
    // The function the double-click prompt calls says it alike.
    let err = gsw::discover::check_input_folder(&tmp.path().join("说明.txt")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} 是文件，不是文件夹：请给出存放报表的文件夹（如它所在的文件夹 {}）",
            tmp.path().join("说明.txt").display(),
            tmp.path().display()
        )
    );
    assert!(gsw::discover::check_input_folder(tmp.path()).is_ok());
}

#[test]
fn a_missing_folder_says_to_check_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gsw(tmp.path(), &["consolidate", "没有这个文件夹"]);
    assert_eq!(
        refused(&out),
        "错误: 找不到输入文件夹 没有这个文件夹：请检查路径是否正确（路径中有空格时，请把整个路径放在英文双引号中）"
    );
}

#[test]
fn a_misspelt_command_suggests_the_nearest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("报表")).unwrap();
    let out = gsw(tmp.path(), &["consolidat"]);
    assert_eq!(
        refused(&out),
        "错误: 没有命令 consolidat，也没有名为 consolidat 的文件夹：是否要输入 gsw consolidate？运行 gsw --help 查看用法。"
    );
    let out = gsw(tmp.path(), &["consolidat", "报表"]);
    assert_eq!(
        refused(&out),
        "错误: 没有命令 consolidat：是否要输入 gsw consolidate？运行 gsw --help 查看用法。"
    );
    let out = gsw(tmp.path(), &["chek", "报表/a.xlsx"]);
    assert_eq!(
        refused(&out),
        "错误: 没有命令 chek：是否要输入 gsw check？运行 gsw --help 查看用法。"
    );
    // A folder of that name is a folder.
    std::fs::create_dir(tmp.path().join("templat")).unwrap();
    let out = gsw(tmp.path(), &["templat", "-q"]);
    assert_ne!(
        String::from_utf8_lossy(&out.stderr).lines().next(),
        Some("错误: 没有命令 templat：是否要输入 gsw template？运行 gsw --help 查看用法。")
    );
}

#[test]
fn an_output_that_is_no_xlsx_file_is_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("报表")).unwrap();
    std::fs::create_dir(tmp.path().join("输出")).unwrap();
    let run = |output: &str| {
        gsw(
            tmp.path(),
            &["consolidate", "报表", "--as-of", "2026-11-30", "-o", output],
        )
    };
    assert_eq!(
        refused(&run("out.csv")),
        "错误: -o out.csv：汇总工作簿的文件名须以 .xlsx 结尾，如 -o out.xlsx；要 CSV 文件，请另加 --csv 文件夹"
    );
    assert_eq!(
        refused(&run("汇总")),
        "错误: -o 汇总：汇总工作簿的文件名须以 .xlsx 结尾，如 -o 汇总.xlsx"
    );
    assert_eq!(
        refused(&run("输出")),
        "错误: -o 输出 是文件夹，不是文件：请给出汇总工作簿的文件名，如 -o 输出/工作站汇总_2026-11-30.xlsx"
    );
    std::fs::write(tmp.path().join("说明.txt"), b"x").unwrap();
    let out = gsw(
        tmp.path(),
        &[
            "consolidate",
            "报表",
            "--as-of",
            "2026-11-30",
            "--csv",
            "说明.txt",
        ],
    );
    assert_eq!(
        refused(&out),
        "错误: --csv 说明.txt 是文件，不是文件夹：请给出存放 CSV 文件的文件夹（没有时会新建）"
    );
    assert!(!tmp.path().join("out.csv").exists());
    assert!(!tmp.path().join("报表/汇总结果").exists());
    // In any case: .XLSX is an .xlsx.
    let out = run("汇总.XLSX");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
