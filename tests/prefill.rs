//! Pre-filled templates (`gsw template --register`): what the school sends out reads back
//! through the real reader, locks what the register decides, and a blank pre-filled review
//! form changes no grade.

mod common;

use common::{copy_dir, sample_data};

use gsw::cmd::check::check_one;
use gsw::consolidate::{consolidate, Options};
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::model::{RegisterEntry, ReviewEntry, Submission};
use gsw::problem::{Code, Severity};
use gsw::rules::Rules;
use gsw::schema::{report, REVIEW};
use gsw::template::{self, prefill};
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn gsw(args: &[&str], paths: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn register_entry() -> RegisterEntry {
    RegisterEntry {
        station_id: "GZZ-2023-07".into(),
        station_name: Some("名册里的康宁生物研究生工作站".into()),
        host: Some("天津名册康宁生物科技有限公司".into()),
        host_type: Some("事业单位"),
        college: Some("名册药学院".into()),
        recognised_on: Some(ymd(2023, 7, 1)),
        ..Default::default()
    }
}

fn options() -> Options {
    Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits: Default::default(),
        skip: Vec::new(),
    }
}

/// One file out of an .xlsx (a zip).
fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Whether each cell format (`cellXfs`, by index) is locked: Excel's default is locked.
fn locked_formats(styles: &str) -> Vec<bool> {
    let start = styles.find("<cellXfs").unwrap();
    let end = styles[start..].find("</cellXfs>").unwrap() + start;
    styles[start..end]
        .split("<xf ")
        .skip(1)
        .map(|xf| !xf.contains("locked=\"0\""))
        .collect()
}

/// Whether cell `a1` of a worksheet's XML is locked.
fn is_locked(sheet: &str, formats: &[bool], a1: &str) -> bool {
    let Some(at) = sheet.find(&format!("<c r=\"{a1}\"")) else {
        return true; // no cell: the default format, locked
    };
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let style = tag
        .split("s=\"")
        .nth(1)
        .map_or(0, |s| s[..s.find('"').unwrap()].parse::<usize>().unwrap());
    formats[style]
}

#[test]
fn the_register_fields_are_locked_and_every_other_input_of_basic_info_is_open() {
    let bytes = prefill::report(&register_entry())
        .unwrap()
        .save_to_buffer()
        .unwrap();
    let formats = locked_formats(&zip_entry(&bytes, "xl/styles.xml"));
    // 基本信息 is the first sheet.
    let basic = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    let protection = basic
        .find("<sheetProtection")
        .map(|i| &basic[i..i + basic[i..].find("/>").unwrap()])
        .expect("基本信息 is protected");
    assert!(
        !protection.contains("password"),
        "no password: {protection}"
    );
    for (row, field) in report::BASIC.fields.iter().enumerate() {
        let label = format!("A{}", row + 1);
        let value = format!("B{}", row + 1);
        assert!(
            is_locked(&basic, &formats, &label),
            "{label} {}",
            field.label
        );
        let should_lock = prefill::LOCKED.contains(&field) || *field == report::TEMPLATE_VERSION;
        assert_eq!(
            is_locked(&basic, &formats, &value),
            should_lock,
            "{value} {}",
            field.label
        );
    }
    // The other sheets stay editable.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let others: Vec<String> = (2..20)
        .map(|n| format!("xl/worksheets/sheet{n}.xml"))
        .filter(|n| zip.by_name(n).is_ok())
        .collect();
    assert_eq!(
        others.len(),
        gsw::schema::REPORT.sheets.len(),
        "data sheets + help"
    );
    for name in others {
        assert!(
            !zip_entry(&bytes, &name).contains("<sheetProtection"),
            "{name}"
        );
    }
}

#[test]
fn a_register_field_left_blank_stays_open_for_the_college() {
    let entry = RegisterEntry {
        host_type: None,
        ..register_entry()
    };
    let bytes = prefill::report(&entry).unwrap().save_to_buffer().unwrap();
    let formats = locked_formats(&zip_entry(&bytes, "xl/styles.xml"));
    let basic = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    let row = template::position(&report::BASIC, &report::HOST_TYPE).unwrap() + 1;
    assert!(!is_locked(&basic, &formats, &format!("B{row}")));
    let id_row = template::position(&report::BASIC, &report::STATION_ID).unwrap() + 1;
    assert!(is_locked(&basic, &formats, &format!("B{id_row}")));
}

#[test]
fn a_prefilled_report_completed_by_the_college_reads_clean_with_the_register_values() {
    let entry = register_entry();
    let year = AcademicYear::new(2024);
    let mut spec = synth::report(3, year, &Sizes::default());
    // What the college might have typed differs: the template's locked values must win.
    spec.station_id = "WRONG".into();
    spec.station_name = "别的名字".into();
    let mut college = spec.filled();
    for field in prefill::LOCKED {
        college.unset(field);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(prefill::report_file_name(&entry));
    college
        .write_into(prefill::report(&entry).unwrap())
        .unwrap()
        .save(&path)
        .unwrap();

    let read = check_one(&path);
    assert!(
        read.problems.is_empty(),
        "{:#?}",
        read.problems
            .iter()
            .map(|p| (p.severity, p.cell, &p.message))
            .collect::<Vec<_>>()
    );
    let Some(Submission::Report(r)) = read.submission else {
        panic!("not read as a report: {}", read.file.reason);
    };
    let i = &r.info;
    assert_eq!(i.station_id, entry.station_id);
    assert_eq!(i.station_name, entry.station_name);
    assert_eq!(i.host, entry.host);
    assert_eq!(i.host_type, entry.host_type);
    assert_eq!(i.college, entry.college);
    assert_eq!(i.recognised_on, entry.recognised_on);
    // The college's own entries are there too.
    assert_eq!(i.year, year);
    assert_eq!(i.filed_on, Some(spec.filed_on));
    assert_eq!(r.students.len(), spec.students.len());
    assert_eq!(r.outcomes.len(), spec.outcomes.len());
}

#[test]
fn the_prefilled_review_lists_register_and_reported_stations_with_no_opinion() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报表");
    copy_dir(&sample_data(), &input);
    // A station known only from a report.
    let mut extra = synth::report(9, AcademicYear::new(2024), &Sizes::default());
    extra.station_id = "GZZ-2099-01".into();
    extra.station_name = "只见于报表研究生工作站".into();
    extra.filled().save(&input.join("extra.xlsx")).unwrap();

    let known = template::known_stations(&input).unwrap();
    let register: Vec<&str> = known
        .register
        .iter()
        .map(|e| e.station_id.as_str())
        .collect();
    assert_eq!(register.len(), 10);

    let out = dir.path().join("模板");
    let run = gsw(
        &["template", "--kind", "review", "--register"],
        &[&input, Path::new("--out-dir"), &out],
    );
    assert!(run.status.success(), "{run:?}");
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(files.len(), 1, "only the review form");

    let read = check_one(&out.join(REVIEW.template_file));
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let Some(Submission::Review(rows)) = read.submission else {
        panic!("not a review form: {}", read.file.reason);
    };
    let ids: Vec<&str> = rows.iter().map(|r| r.station_id.as_str()).collect();
    let mut expected = register.clone();
    expected.push("GZZ-2099-01");
    expected.sort();
    assert_eq!(ids, expected, "every station once, in id order");
    for row in &rows {
        let name = known.stations[&row.station_id].clone();
        assert!(name.is_some(), "{}", row.station_id);
        let blank = ReviewEntry {
            file: row.file.clone(),
            row: row.row,
            station_id: row.station_id.clone(),
            station_name: name,
            ..Default::default()
        };
        assert_eq!(row, &blank, "only 编号 and 名称 filled in");
    }
    let extra_row = rows.iter().find(|r| r.station_id == "GZZ-2099-01").unwrap();
    assert_eq!(
        extra_row.station_name.as_deref(),
        Some("只见于报表研究生工作站")
    );
}

#[test]
fn a_blank_prefilled_review_form_changes_no_grade() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报表");
    copy_dir(&sample_data(), &input);
    // Without the experts' own form: otherwise the two forms would clash.
    std::fs::remove_file(input.join(REVIEW.template_file)).unwrap();
    let grades = common::verdicts;
    let before = consolidate(&input, &options(), &|| {});

    let known = template::known_stations(&input).unwrap();
    let path = input.join("预填专家评议表.xlsx");
    prefill::review(&known).unwrap().save(&path).unwrap();
    let after = consolidate(&input, &options(), &|| {});

    assert_eq!(grades(&before), grades(&after));
    assert_eq!(after.assessments.len(), 10);
    let count =
        |s: &gsw::summary::Summary, sev| s.problems.iter().filter(|p| p.severity == sev).count();
    assert_eq!(
        count(&before, Severity::Error),
        count(&after, Severity::Error)
    );
    assert!(!after
        .problems
        .iter()
        .any(|p| p.code == Code::ReviewUnknownStation || p.code == Code::DuplicateReview));
    // The form was read and used: it is in 文件清单 as a review form.
    assert!(after
        .files
        .iter()
        .any(|f| f.source.path == "预填专家评议表.xlsx"
            && f.kind == gsw::model::FileKind::Review
            && f.status == gsw::model::FileStatus::Used));
}

#[test]
fn the_binary_writes_one_locked_report_template_per_register_station() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("模板");
    let register = sample_data().join("工作站名册.xlsx");
    let run = gsw(
        &["template", "--kind", "report", "--register"],
        &[&register, Path::new("--out-dir"), &out],
    );
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("10 份"), "{stdout}");

    let Some(Submission::Register(entries)) = check_one(&register).submission else {
        panic!("the sample register reads");
    };
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = entries.iter().map(prefill::report_file_name).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(names
        .contains(&"GZZ-2022-01_滨海康华生物医药研究生工作站_年度基本数据报表.xlsx".to_string()));

    // A second run would overwrite: the files there are kept as they were and named, what
    // is missing (the review form) is written.
    let before = std::fs::read(out.join(&names[0])).unwrap();
    let again = gsw(
        &["template", "--register"],
        &[&register, Path::new("--out-dir"), &out],
    );
    assert!(again.status.success());
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains(&format!(
            "未覆盖 {}：文件已存在（如确是本程序生成、未经改动的模板，可加 --force 替换）",
            out.join(&names[0]).display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("10 个文件已存在，未覆盖（见上）。\n"),
        "{stdout}"
    );
    assert!(
        out.join(REVIEW.template_file).exists(),
        "the missing one is written"
    );
    assert_eq!(std::fs::read(out.join(&names[0])).unwrap(), before);

    // Read back unfilled: the register's values are there; what the college must add is
    // reported missing, and nothing the template wrote is wrong.
    let entry = entries
        .iter()
        .find(|e| e.station_id == "GZZ-2022-01")
        .unwrap();
    let read = check_one(&out.join(prefill::report_file_name(entry)));
    let mut missing = Vec::new();
    for p in &read.problems {
        match p.code {
            Code::Required => {
                let row = p.cell.expect("a cell").row as usize;
                let field = report::BASIC.fields[row];
                assert!(!prefill::LOCKED.contains(&&field), "{}", p.message);
                missing.push(field.label);
            }
            Code::NoStationId => {}
            other => panic!("{other:?}: {}", p.message),
        }
    }
    let open_required: Vec<&str> = report::BASIC
        .fields
        .iter()
        .filter(|f| f.required && !prefill::LOCKED.contains(f))
        .map(|f| f.label)
        .collect();
    assert_eq!(missing, open_required);
}

#[test]
fn bad_register_arguments_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("模板");
    let no_register = dir.path().join("空文件夹");
    std::fs::create_dir(&no_register).unwrap();
    let a_report = sample_data().join("药学院/2021-2022学年_武清同创中药研究生工作站.xlsx");
    let text = sample_data().join("说明.txt");
    let register = sample_data().join("工作站名册.xlsx");
    let missing = dir.path().join("没有这个名册.xlsx");
    let cases: [(&[&str], &Path, &str); 5] = [
        (&["--kind", "register"], &register, "--register"),
        (
            &["--kind", "review"],
            &no_register,
            "没有找到可用的工作站名册",
        ),
        (&["--kind", "report"], &a_report, "不是工作站名册"),
        (&[], &text, "无法使用工作站名册"),
        (&[], &missing, "找不到工作站名册"),
    ];
    for (args, register, words) in cases {
        let mut all = vec!["template"];
        all.extend_from_slice(args);
        all.push("--register");
        let run = gsw(&all, &[register, Path::new("--out-dir"), &out]);
        assert!(!run.status.success(), "{args:?} {}", register.display());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?}: nothing written");
    }
}
