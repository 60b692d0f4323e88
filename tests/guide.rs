//! The staff member's guide, docs/使用说明.md, against the program it describes: every sheet
//! of the summary has its section and picture, the window text is the program's own, and
//! every problem code in its table is one the program gives. (scripts/render-guide.sh makes
//! the pictures and the PDF; it needs LibreOffice and is not run here.)

mod common;

use std::path::Path;
use std::process::Command;

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/使用说明.md")).unwrap()
}

fn gsw(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The guide's example month, as scripts/render-guide.sh runs it: the sample data without
/// the review form on 2026-10-31, then with it on 2026-11-30. Returns the folder and what
/// the second run printed.
fn second_month() -> (tempfile::TempDir, String) {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("示例数据");
    common::copy_dir(&common::sample_data(), &input);
    let review = work.path().join("专家评议表.xlsx");
    std::fs::rename(input.join("专家评议表.xlsx"), &review).unwrap();
    gsw(
        work.path(),
        &["consolidate", "示例数据", "--as-of", "2026-10-31", "-q"],
    );
    std::fs::rename(&review, input.join("专家评议表.xlsx")).unwrap();
    let said = gsw(
        work.path(),
        &["consolidate", "示例数据", "--as-of", "2026-11-30"],
    );
    (work, said)
}

#[test]
fn every_sheet_of_the_summary_has_its_section_and_picture() {
    use calamine::Reader;
    let (work, _) = second_month();
    let summary = work
        .path()
        .join("示例数据/汇总结果/工作站汇总_2026-11-30.xlsx");
    let sheets = calamine::open_workbook_auto(&summary)
        .unwrap()
        .sheet_names();
    assert!(sheets.iter().any(|s| s == "本月变化"), "{sheets:?}");
    let guide = guide();
    let part = &guide[guide.find("## 汇总工作簿里的各张表").unwrap()..];
    let part = &part[..3 + part[3..].find("\n## ").unwrap()];
    let headings: Vec<&str> = (part.lines())
        .filter_map(|l| l.strip_prefix("### "))
        .collect();
    assert_eq!(headings, sheets, "the sections, in the workbook's order");
    for sheet in &sheets {
        let picture = format!("![{sheet}](图/{sheet}.png)");
        assert!(part.contains(&picture), "{picture} is missing");
    }
}

#[test]
fn the_window_text_is_the_programs_own() {
    let (_work, said) = second_month();
    let mut window = String::from("```text\n");
    window.push_str(gsw::cmd::desktop::PROMPT);
    window.push_str("：\n> \"D:\\工作站年报\"\n");
    for line in said.lines() {
        // The paths the program prints (the summary, the colleges' feedback), as they are
        // in the guide's example folder on Windows.
        let shown = ["汇总工作簿：", "学院反馈："].iter().find_map(|head| {
            let rest = line.strip_prefix(head)?.strip_prefix("示例数据/")?;
            Some(format!("{head}D:\\工作站年报\\{}", rest.replace('/', "\\")))
        });
        window.push_str(shown.as_deref().unwrap_or(line));
        window.push('\n');
    }
    window.push('\n');
    window.push_str(gsw::cmd::desktop::CLOSE);
    window.push_str("\n```\n");
    let guide = guide();
    let start = guide.find("<!-- window:start -->\n").unwrap() + 22;
    let end = guide.find("<!-- window:end -->").unwrap();
    assert!(
        guide[start..end] == window,
        "docs/使用说明.md shows another window than the program's; run scripts/render-guide.sh \
         or put this between the window markers:\n{window}"
    );
}

#[test]
fn every_problem_code_in_the_table_is_one_the_program_gives() {
    let codes =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/problem.rs"))
            .unwrap();
    let guide = guide();
    let part = &guide[guide.find("## 遇到问题怎么办").unwrap()..];
    let rows: Vec<&str> = (part.lines())
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|code| code.contains('-') && code.is_ascii())
        .collect();
    assert!(rows.len() >= 15, "{rows:?}");
    for code in rows {
        assert!(
            codes.contains(&format!("=> \"{code}\"")),
            "{code} is not a problem code"
        );
    }
}
