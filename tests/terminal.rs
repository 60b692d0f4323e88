//! What the terminal shows, from the real binary on `sample-data/`: nothing with `-q`, the
//! table and the output path by default, problems by file and timings with `-v`. stderr is a
//! pipe here, so the progress bar must not draw at all.

use std::path::Path;
use std::process::{Command, Output};

fn run(flag: Option<&str>, output: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", "2026-11-30", "-o"])
        .arg(output)
        .args(flag)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "no progress bar on a pipe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn quiet_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("汇总.xlsx");
    let out = run(Some("-q"), &output);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(output.is_file());
}

#[test]
fn default_prints_the_table_and_where_the_summary_went() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("汇总.xlsx");
    let out = run(None, &output);
    let text = String::from_utf8(out.stdout).unwrap();
    let want_table = "\
  状态    优秀  合格  不合格  无等级  合计
  在期       0     1       0       0     1
  期满       1     3       3       0     7
  已撤销     0     0       0       2     2
  合计       1     4       3       2    10
";
    assert!(text.starts_with("评估日期 2026年11月30日："), "{text}");
    assert!(text.contains(want_table), "{text}");
    assert!(
        text.contains("  问题：错误 0 个，警告 5 个，提示 1 个"),
        "{text}"
    );
    assert!(
        text.contains(&format!("汇总工作簿：{}", output.display())),
        "{text}"
    );
    assert!(!text.contains("用时"), "{text}");
}

#[test]
fn verbose_adds_problems_by_file_and_timings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(Some("-v"), &tmp.path().join("汇总.xlsx"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("错误和警告（按文件）："), "{text}");
    assert!(
        text.contains(
            "  第二医院/2024-2025学年_渤海博远医学影像研究生工作站.xlsx\n    [警告] 成果!D6 "
        ),
        "{text}"
    );
    assert!(text.contains("用时："), "{text}");
    assert!(text.contains("  读取报表"), "{text}");
}
