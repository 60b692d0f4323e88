//! `gsw template` never overwrites what exists (SPEC §10): templates written into a folder
//! that holds the filled register and review form leave both byte for byte; `--force`
//! replaces the program's own untouched templates and nothing else. And `--year` fills
//! 报告学年 and names the files by it. The real binary, on copies of sample-data.

mod common;

use common::{copy_dir, sample_data};
use gsw::cmd::check::check_one;
use gsw::dates::AcademicYear;
use gsw::fill::synth::{self, Sizes};
use gsw::model::{RegisterEntry, Submission};
use gsw::schema::{REGISTER, REPORT, REVIEW};
use gsw::template::prefill;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gsw(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

/// stdout of a run that succeeded with nothing on stderr.
fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn sample_copy(tmp: &Path) -> PathBuf {
    let dir = tmp.join("报表");
    copy_dir(&sample_data(), &dir);
    dir
}

fn kept(path: &Path) -> String {
    format!(
        "未覆盖 {}：文件已存在（如确是本程序生成、未经改动的模板，可加 --force 替换）\n",
        path.display()
    )
}

fn kept_filled(path: &Path) -> String {
    format!(
        "未覆盖 {}：文件已存在且已填写内容，加 --force 也不替换；如需新模板，请换一个输出文件夹（--out-dir）\n",
        path.display()
    )
}

#[test]
fn templates_into_the_sample_folder_keep_the_filled_register_and_review_form() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = sample_copy(tmp.path());
    let register = dir.join(REGISTER.template_file);
    let review = dir.join(REVIEW.template_file);
    let report = dir.join(REPORT.template_file);
    let (register_before, review_before) = (bytes(&register), bytes(&review));

    let out = gsw(&["template", "--out-dir"], &[&dir]);
    assert_eq!(
        ok(&out),
        format!(
            "{}{}已生成 {}\n2 个文件已存在，未覆盖（见上）。\n",
            kept(&register),
            kept(&review),
            report.display()
        )
    );
    assert_eq!(bytes(&register), register_before);
    assert_eq!(bytes(&review), review_before);

    // --force replaces the template it wrote itself, and still not the filled workbooks.
    let out = gsw(&["template", "--force", "--out-dir"], &[&dir]);
    assert_eq!(
        ok(&out),
        format!(
            "已替换 {}（原为本程序生成、未经改动的年度基本数据报表模板）\n{}{}2 个文件已存在，未覆盖（见上）。\n",
            report.display(),
            kept_filled(&register),
            kept_filled(&review),
        )
    );
    assert_eq!(bytes(&register), register_before);
    assert_eq!(bytes(&review), review_before);

    // The pre-filled review form from the folder's own register: the experts' form stays.
    for force in [false, true] {
        let mut args = vec!["template", "--kind", "review"];
        if force {
            args.push("--force");
        }
        args.push("--register");
        let out = gsw(&args, &[&dir, Path::new("--out-dir"), &dir]);
        let want = if force {
            kept_filled(&review)
        } else {
            kept(&review)
        };
        assert_eq!(
            ok(&out),
            format!("{want}1 个文件已存在，未覆盖（见上）。\n")
        );
        assert_eq!(bytes(&review), review_before);
    }
}

/// Rewrites one part of an .xlsx.
fn edit_part(path: &Path, name: &str, edit: impl Fn(&str) -> String) {
    let old = bytes(path);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(old)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let part_name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if part_name == name {
            data = edit(&String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn force_replaces_only_the_programs_own_untouched_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("模板");
    ok(&gsw(&["template", "--out-dir"], &[&dir]));
    let register = dir.join(REGISTER.template_file);
    let review = dir.join(REVIEW.template_file);
    let report = dir.join(REPORT.template_file);

    // The blank register opened and saved in Excel: its modification time is Excel's.
    edit_part(&register, "docProps/core.xml", |xml| {
        xml.replace(
            "2024-01-08T00:00:00Z</dcterms:modified>",
            "2026-03-02T08:15:00Z</dcterms:modified>",
        )
    });
    // A report filled in by the program's own writer: the template's time, and data.
    let filled = synth::report(3, AcademicYear::new(2025), &Sizes::default()).filled();
    filled.save(&report).unwrap();
    let (register_before, report_before) = (bytes(&register), bytes(&report));

    let out = gsw(&["template", "--force", "--out-dir"], &[&dir]);
    assert_eq!(
        ok(&out),
        format!(
            "{}未覆盖 {}：文件已存在，且不是本程序生成后未经改动的工作站名册模板，加 --force 也不替换；\
             如需新模板，请换一个输出文件夹（--out-dir）\n\
             已替换 {}（原为本程序生成、未经改动的专家评议表模板）\n2 个文件已存在，未覆盖（见上）。\n",
            kept_filled(&report),
            register.display(),
            review.display(),
        )
    );
    assert_eq!(bytes(&register), register_before);
    assert_eq!(bytes(&report), report_before);
}

fn register_entries() -> Vec<RegisterEntry> {
    let Some(Submission::Register(entries)) =
        check_one(&sample_data().join(REGISTER.template_file)).submission
    else {
        panic!("the sample register reads");
    };
    entries
}

#[test]
fn force_keeps_a_prefilled_report_that_a_college_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("发给学院");
    let register = sample_data().join(REGISTER.template_file);
    let args = [
        "template",
        "--kind",
        "report",
        "--year",
        "2025-2026",
        "--register",
    ];
    ok(&gsw(&args, &[&register, Path::new("--out-dir"), &out]));

    // One college has filled its template in (the pre-filled workbook, data added).
    let entries = register_entries();
    let entry = &entries[0];
    let year = AcademicYear::new(2025);
    let path = out.join(prefill::report_file_name_for(entry, Some(year)));
    let mut spec = synth::report(5, year, &Sizes::default());
    spec.station_id = entry.station_id.clone();
    let mut college = spec.filled();
    for field in prefill::LOCKED {
        college.unset(field);
    }
    let workbook = prefill::report_for(entry, &[], Some(year)).unwrap();
    college.write_into(workbook).unwrap().save(&path).unwrap();
    let before = bytes(&path);

    let mut forced = args.to_vec();
    forced.insert(1, "--force");
    let stdout = ok(&gsw(&forced, &[&register, Path::new("--out-dir"), &out]));
    assert!(stdout.contains(&kept_filled(&path)), "{stdout}");
    assert_eq!(
        stdout.matches("已替换 ").count(),
        entries.len() - 1,
        "{stdout}"
    );
    assert!(stdout.ends_with(&format!(
        "已按名册 {} 生成 {} 份预填的 2025-2026 学年年度基本数据报表（基本信息已锁定）到 {}\n\
         1 个文件已存在，未覆盖（见上）。\n",
        register.display(),
        entries.len() - 1,
        out.display()
    )));
    assert_eq!(bytes(&path), before);
}

/// Whether the sheet XML locks cell `a1`, given the styles part (Excel's default: locked).
fn locked(sheet: &str, styles: &str, a1: &str) -> bool {
    let Some(at) = sheet.find(&format!("<c r=\"{a1}\"")) else {
        return true;
    };
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let style: usize = tag
        .split(" s=\"")
        .nth(1)
        .map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    !xf.split("</xf>").next().unwrap().contains("locked=\"0\"")
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_year_fills_the_report_year_and_names_each_file_by_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("发给学院");
    let register = sample_data().join(REGISTER.template_file);
    ok(&gsw(
        &[
            "template",
            "--kind",
            "report",
            "--year",
            "2025-2026",
            "--register",
        ],
        &[&register, Path::new("--out-dir"), &out],
    ));
    let entries = register_entries();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), entries.len());
    assert!(
        names.contains(
            &"2025-2026学年_GZZ-2022-01_滨海康华生物医药研究生工作站_年度基本数据报表.xlsx".into()
        ),
        "{names:?}"
    );
    let path = out.join(&names[0]);
    let Some(Submission::Report(report)) = check_one(&path).submission else {
        panic!("reads as a report");
    };
    assert_eq!(report.info.year, AcademicYear::new(2025));

    // 报告学年 (row 8) is locked with the register's fields; 牵头学院/医院 (row 6) offers the
    // register's colleges, listed on the help sheet.
    let basic = part(&path, "xl/worksheets/sheet1.xml");
    let styles = part(&path, "xl/styles.xml");
    assert!(locked(&basic, &styles, "B8"), "报告学年 locked");
    assert!(!locked(&basic, &styles, "B10"), "填报日期 open");
    assert!(
        basic.contains(r#"sqref="B6"><formula1>'填表说明'!$H$5:$H$7</formula1>"#),
        "{basic}"
    );
    let help = part(&path, "xl/worksheets/sheet6.xml");
    let shared = part(&path, "xl/sharedStrings.xml");
    assert!(
        help.contains(r#"<c r="H4""#) && help.contains(r#"<c r="H7""#),
        "{help}"
    );
    for college in ["名册中的牵头学院/医院", "基础医学院", "第二医院", "药学院"]
    {
        assert!(shared.contains(college), "{college}");
    }

    // A blank report template for a year.
    let blank = tmp.path().join("空白");
    let stdout = ok(&gsw(
        &[
            "template",
            "--kind",
            "report",
            "--year",
            "2025-2026",
            "--out-dir",
        ],
        &[&blank],
    ));
    let path = blank.join("2025-2026学年_年度基本数据报表.xlsx");
    assert_eq!(stdout, format!("已生成 {}\n", path.display()));
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let basic = wb.worksheet_range("基本信息").unwrap();
    assert_eq!(
        basic.get_value((7, 1)),
        Some(&Data::String("2025-2026".into()))
    );

    // Mistakes.
    let run = gsw(&["template", "--year", "2025", "--out-dir"], &[&blank]);
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "错误: --year \"2025\" 不是学年：应写作 2025-2026（2025年7月1日至2026年6月30日）\n"
    );
    let run = gsw(
        &[
            "template",
            "--kind",
            "register",
            "--year",
            "2025-2026",
            "--out-dir",
        ],
        &[&blank],
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "错误: --year 只用于年度基本数据报表：请与 --kind report（或不加 --kind）一起使用\n"
    );
    assert_eq!(run.status.code(), Some(2));
}
