//! SPEC §9.2 end to end: `gsw consolidate DIR --public` on a generated folder writes the public
//! workbook and page beside the summary; a station the register marks 涉密 is in neither;
//! nothing personal or internal is (their whole text is scanned for every student's 学号 and
//! 姓名, every person, filer and phone number, every file path and problem, and 预评); a grade
//! only where final. The page is opened in a real browser where Chromium is installed (a
//! phone-sized screenshot, an A4 print), skipping with a printed reason where it is not; the
//! workbook prints A4 landscape one page wide with the header repeated and a footer.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::{Filled, ReportSpec};
use gsw::model::{RegisterEntry, Submission};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-30";
const XLSX: &str = "工作站汇总_2026-11-30_公开.xlsx";
const HTML: &str = "工作站汇总_2026-11-30_公开.html";

fn gsw(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(args)
        .arg(dir)
        .output()
        .unwrap()
}

/// Station `id`'s report for `year`: students, people, outcomes and funding made up by the
/// generator, with 学号 unique to the station.
fn report(id: &str, host: &str, recognised: chrono::NaiveDate, year: i32) -> ReportSpec {
    let sizes = Sizes {
        long_stays: 4,
        short_stays: 1,
        people: 4,
        outcomes: 2,
        funding_sources: 2,
    };
    let seed = year as u64 * 31 + id.len() as u64 + id.bytes().map(u64::from).sum::<u64>();
    let mut r = synth::report(seed, AcademicYear::new(year), &sizes);
    r.station_id = id.to_string();
    r.station_name = format!("{id}研究生工作站");
    r.host = host.to_string();
    r.college = "药学院".to_string();
    r.recognised_on = recognised;
    r.filed_on = ymd(year + 1, 7, 1);
    for (k, s) in r.students.iter_mut().enumerate() {
        s.student_id = format!("XH{id}{year}{k}");
    }
    r
}

/// A folder of four stations: P1 期满 (graded), P2 在期 (a forecast: no grade published), P3
/// marked 涉密, P4 only in the register (已撤销). Returns the reports written.
fn folder(dir: &Path) -> Vec<(String, ReportSpec)> {
    let stations = [
        (
            "GZZ-P1",
            "天津公开一号科技有限公司",
            ymd(2022, 7, 1),
            2022..=2025,
        ),
        (
            "GZZ-P2",
            "天津公开二号医药有限公司",
            ymd(2024, 7, 1),
            2024..=2025,
        ),
        ("GZZ-P3", "天津保密三号研究所", ymd(2022, 7, 1), 2022..=2025),
    ];
    let mut written = Vec::new();
    for (id, host, on, years) in stations.clone() {
        for year in years {
            let r = report(id, host, on, year);
            let path = format!("药学院/{year}-{}学年_{id}.xlsx", year + 1);
            std::fs::create_dir_all(dir.join("药学院")).unwrap();
            r.filled().save(&dir.join(&path)).unwrap();
            written.push((path, r));
        }
    }
    let mut register: Vec<RegisterEntry> = (stations.iter())
        .map(|(id, host, on, _)| RegisterEntry {
            station_id: id.to_string(),
            station_name: Some(format!("{id}研究生工作站")),
            host: Some(host.to_string()),
            college: Some("药学院".into()),
            recognised_on: Some(*on),
            confidential: Some(*id == "GZZ-P3"),
            ..RegisterEntry::default()
        })
        .collect();
    register.push(RegisterEntry {
        station_id: "GZZ-P4".into(),
        station_name: Some("GZZ-P4研究生工作站".into()),
        host: Some("天津公开四号有限公司".into()),
        college: Some("口腔医院".into()),
        recognised_on: Some(ymd(2022, 7, 1)),
        ..RegisterEntry::default()
    });
    Filled::register(&register)
        .save(&dir.join("工作站名册.xlsx"))
        .unwrap();
    written
}

/// Every text member of an .xlsx (a zip of XML), joined.
fn xlsx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).unwrap();
        let mut text = String::new();
        if member.read_to_string(&mut text).is_ok() {
            all.push_str(&text);
        }
    }
    all
}

fn xlsx_member(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The public sheet's rows from its header down, as text.
fn public_rows(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    assert_eq!(wb.sheet_names(), ["公开数据"]);
    let range = wb.worksheet_range("公开数据").unwrap();
    let rows: Vec<Vec<String>> = (range.rows())
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    let header = rows.iter().position(|r| r[0] == "工作站编号").unwrap();
    rows[header..].to_vec()
}

struct Run {
    _tmp: tempfile::TempDir,
    input: PathBuf,
    csv: PathBuf,
    reports: Vec<(String, ReportSpec)>,
}

impl Run {
    fn new() -> Run {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("报表");
        let csv = tmp.path().join("csv");
        let reports = folder(&input);
        let out = gsw(
            &[
                "consolidate",
                "--as-of",
                AS_OF,
                "--public",
                "--csv",
                csv.to_str().unwrap(),
            ],
            &input,
        );
        assert!(out.status.success(), "{out:?}");
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(said.contains("公开版：") && said.contains(HTML), "{said}");
        Run {
            _tmp: tmp,
            input,
            csv,
            reports,
        }
    }

    fn out(&self, name: &str) -> PathBuf {
        self.input.join("汇总结果").join(name)
    }
}

#[test]
fn spec_9_2_public_files_hold_the_main_data_of_stations_not_confidential() {
    let run = Run::new();
    let (xlsx, html) = (run.out(XLSX), run.out(HTML));
    assert!(run.out("工作站汇总_2026-11-30.xlsx").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(run.input.join("汇总结果"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let rows = public_rows(&xlsx);
    assert_eq!(
        rows[0],
        [
            "工作站编号",
            "工作站名称",
            "设站单位",
            "牵头学院/医院",
            "认定日期",
            "期满日期",
            "状态",
            "等级",
            "进站半年以上人数",
            "国家级成果",
            "省部级成果",
            "到位经费合计(元)"
        ]
    );
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["GZZ-P1", "GZZ-P2", "GZZ-P4"], "P3 is 涉密");
    let (status, grade) = (6, 7);
    // 期满 and 已撤销: the grade; 在期: none (a forecast is not published).
    assert_eq!(rows[1][status], "期满");
    assert!(["优秀", "合格", "不合格"].contains(&rows[1][grade].as_str()));
    assert_eq!(
        (rows[2][status].as_str(), rows[2][grade].as_str()),
        ("在期", "")
    );
    assert_eq!(
        (rows[3][status].as_str(), rows[3][grade].as_str()),
        ("已撤销", "—")
    );
    // The same totals as 汇总.
    let summary = std::fs::read_to_string(run.csv.join("汇总.csv")).unwrap();
    let p1 = summary.lines().find(|l| l.starts_with("GZZ-P1,")).unwrap();
    assert!(
        p1.contains(&format!(",{},", rows[1][11])),
        "{p1} / {}",
        rows[1][11]
    );
    let summary_rows = summary.lines().count();
    assert_eq!(summary_rows, 1 + 4, "汇总 keeps P3");

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("产教融合研究生工作站主要数据（公开）"));
    assert!(page.contains("评估日期：2026年11月30日"));
    for id in ["GZZ-P1", "GZZ-P2", "GZZ-P4"] {
        assert!(page.contains(&format!(">{id}</td>")), "{id}");
    }
    for fetch in [
        "http:", "https:", "src=", "href=", "@import", "url(", "<script",
    ] {
        assert!(!page.contains(fetch), "the page fetches: {fetch}");
    }

    // Nothing personal or internal, nothing of P3, in the whole text of either file.
    let mut forbidden: Vec<String> = vec![
        "GZZ-P3".into(),
        "天津保密三号研究所".into(),
        "预评".into(),
        "预警".into(),
        "汇总结果".into(),
        ".xlsx".into(),
    ];
    for (path, r) in &run.reports {
        forbidden.push(path.clone());
        forbidden.push(r.filer.clone());
        forbidden.push(r.phone.clone());
        for s in &r.students {
            forbidden.extend([s.student_id.clone(), s.name.clone(), s.supervisor.clone()]);
        }
        for p in &r.people {
            forbidden.push(p.name.clone());
        }
    }
    let problems = std::fs::read_to_string(run.csv.join("问题清单.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(problems.trim_start_matches('\u{feff}').as_bytes());
    let message = (reader.headers().unwrap().iter())
        .position(|h| h == "说明")
        .unwrap();
    let messages: Vec<String> = (reader.records())
        .map(|r| r.unwrap()[message].to_string())
        .collect();
    assert!(!messages.is_empty(), "the folder should give some problems");
    forbidden.extend(messages);
    forbidden.retain(|s| !s.trim().is_empty());
    for (name, text) in [(XLSX, xlsx_text(&xlsx)), (HTML, page.clone())] {
        for word in &forbidden {
            assert!(!text.contains(word.as_str()), "{name} holds {word:?}");
        }
    }
}

#[test]
fn spec_9_2_the_public_workbook_prints_a4_landscape_one_page_wide() {
    let run = Run::new();
    let xlsx = run.out(XLSX);
    let sheet = xlsx_member(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(
        sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
    assert!(
        sheet.contains(
            "<oddFooter>&amp;L评估日期 2026年11月30日&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"
        ),
        "{sheet}"
    );
    let book = xlsx_member(&xlsx, "xl/workbook.xml");
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    assert!(book.contains("公开数据!$4:$4"), "{book}");

    // LibreOffice prints it: one page, landscape A4, with the footer.
    let dir = tempfile::tempdir().unwrap();
    let Some(pdf) = common::soffice_convert(&xlsx, "pdf", dir.path()) else {
        return;
    };
    let Some(info) = pdfinfo(&pdf) else { return };
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("841.") && info.contains("x 595"),
        "landscape A4: {info}"
    );
    if let Some(text) = pdftotext(&pdf) {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains("第1页共1页"), "{text}");
        assert!(squeezed.contains("评估日期2026年11月30日"), "{text}");
        assert!(
            text.contains("GZZ-P1") && !text.contains("GZZ-P3"),
            "{text}"
        );
    }
}

fn pdfinfo(pdf: &Path) -> Option<String> {
    match Command::new("pdfinfo").arg(pdf).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into()),
        _ => {
            eprintln!("跳过：未安装 pdfinfo（poppler-utils），无法检查 PDF 的页面");
            None
        }
    }
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into())
}

/// Runs headless Chromium on `page` with `args`; `None` (with the reason printed) when it is
/// not installed.
fn chromium(profile: &Path, args: &[String], page: &Path) -> Option<Output> {
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output();
    match out {
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("跳过：无法运行 chromium（{e}），未在浏览器中检查公开版网页");
            None
        }
    }
}

/// The page in a real browser: it renders at a phone's size (390 × 844; the screenshot shows
/// one card per station below 720 px, looked at by eye when the page changes: see
/// `scripts/render-public.sh`), and prints on A4 landscape with the title, the date and the
/// stations.
#[test]
fn spec_9_2_the_page_reads_on_a_phone_and_prints_on_a4() {
    let run = Run::new();
    let html = run.out(HTML);
    let tmp = tempfile::tempdir().unwrap();
    let shot = tmp.path().join("phone.png");
    let profile = tmp.path().join("profile");
    let Some(out) = chromium(
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=390,844".to_string(),
        ],
        &html,
    ) else {
        return;
    };
    assert!(shot.is_file(), "{out:?}");
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");

    let pdf = tmp.path().join("a4.pdf");
    let out = chromium(
        &profile,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
        &html,
    )
    .unwrap();
    assert!(pdf.is_file(), "{out:?}");
    let Some(info) = pdfinfo(&pdf) else { return };
    assert!(info.contains("841.92 x 594.96"), "A4 landscape: {info}");
    if let Some(text) = pdftotext(&pdf) {
        assert!(
            text.contains("产教融合研究生工作站主要数据（公开）"),
            "{text}"
        );
        assert!(text.contains("评估日期：2026年11月30日"), "{text}");
        assert!(
            text.contains("GZZ-P1") && !text.contains("GZZ-P3"),
            "{text}"
        );
    }
}

/// The register's optional 涉密 column: in the template `gsw template --kind register`
/// writes, and a register made before it (the sample data's) still reads and pre-fills.
#[test]
fn spec_9_2_the_register_template_has_the_confidential_column_and_old_registers_still_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["template", "--kind", "register", "--out-dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut wb = open_workbook_auto(tmp.path().join("工作站名册.xlsx")).unwrap();
    let range = wb.worksheet_range("工作站名册").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(Data::to_string)
        .collect();
    assert!(header.iter().any(|h| h == "涉密"), "{header:?}");

    // A register as the template made it before 涉密 (seven columns), filled in by hand.
    let old = tmp.path().join("旧名册.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("工作站名册").unwrap();
    let header = [
        "工作站编号",
        "工作站名称",
        "设站单位",
        "设站单位类型",
        "牵头学院/医院",
        "认定日期",
        "备注",
    ];
    common::row(ws, 0, &header);
    common::row(
        ws,
        1,
        &[
            "GZZ-2022-01",
            "某研究生工作站",
            "某公司",
            "企业",
            "药学院",
            "2022-07-01",
            "",
        ],
    );
    wb.save(&old).unwrap();
    match gsw::cmd::check::check_one(&old).submission {
        Some(Submission::Register(rows)) => {
            assert!(!rows.is_empty());
            assert!(rows.iter().all(|r| r.confidential.is_none()));
        }
        other => panic!("{other:?}"),
    }
    // The guide's advice for an old register: add 涉密 as its last column.
    let appended = tmp.path().join("加列的名册.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("工作站名册").unwrap();
    common::row(ws, 0, &[&header[..], &["涉密"]].concat());
    common::row(
        ws,
        1,
        &[
            "GZZ-2022-01",
            "某研究生工作站",
            "某公司",
            "企业",
            "药学院",
            "2022-07-01",
            "",
            "是",
        ],
    );
    wb.save(&appended).unwrap();
    match gsw::cmd::check::check_one(&appended).submission {
        Some(Submission::Register(rows)) => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].confidential, Some(true));
        }
        other => panic!("{other:?}"),
    }
    let prefilled = tmp.path().join("预填");
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["template", "--kind", "report", "--register"])
        .arg(&old)
        .arg("--out-dir")
        .arg(&prefilled)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read_dir(&prefilled).unwrap().count() > 0);
}

/// The public files go beside the summary: refused where the next run would read them.
#[test]
fn spec_9_2_public_files_inside_the_input_folder_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("报表");
    std::fs::create_dir_all(input.join("出")).unwrap();
    common::copy_dir(&common::sample_data(), &input);
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", AS_OF, "--public", "-o"])
        .arg(input.join("出/汇总.xlsx"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("--public") && said.contains("-o"), "{said}");
    assert!(!input.join("出/汇总.xlsx").exists());
}
