//! What a person gets on paper (SPEC §9.6): LibreOffice prints each workbook to PDF and
//! pdftotext reads each page back. Skips with a printed reason where LibreOffice or
//! poppler-utils (pdftotext) is not installed.

mod common;

use gsw::schema;
use std::path::Path;
use std::process::Command;

/// The text of each page of a PDF; `None` (with the reason printed) without pdftotext.
fn pages(pdf: &Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            Some(pages)
        }
        _ => {
            eprintln!("跳过：未安装 pdftotext（poppler-utils），无法读出 PDF 的文字");
            None
        }
    }
}

/// Removes what pdftotext puts between characters of one cell (spaces, line breaks of a
/// wrapped header).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn each_template_sheet_prints_every_column_on_one_page_width() {
    let dir = tempfile::tempdir().unwrap();
    for kind in schema::KINDS {
        let xlsx = dir.path().join(kind.template_file);
        gsw::template::write_blank(kind.kind, &xlsx).unwrap();
        let Some(pdf) = common::soffice_convert(&xlsx, "pdf", dir.path()) else {
            return;
        };
        let Some(pages) = pages(&pdf) else {
            return;
        };
        // A blank sheet is one page: its headers (or labels) all on it, with the footer.
        let data_sheets = kind.sheets.len();
        assert!(
            pages.len() > data_sheets,
            "{}: {} pages",
            kind.title,
            pages.len()
        );
        let total = pages.len();
        for (i, (sheet, page)) in kind.sheets.iter().zip(&pages).enumerate() {
            let text = squeeze(page);
            for field in sheet.fields {
                // A wrapped header's lines stand apart in the text: its start is enough.
                let header: String = squeeze(&field.header()).chars().take(6).collect();
                assert!(
                    text.contains(&header),
                    "{} {}: {header} is not on the sheet's page:\n{page}",
                    kind.title,
                    sheet.name
                );
            }
            // LibreOffice numbers the pages of the whole workbook.
            assert!(
                text.contains(&format!("第{}页共{total}页", i + 1)),
                "{page}"
            );
        }
        // 填表说明: several pages, each starting with the field table's header.
        for page in &pages[data_sheets + 1..] {
            assert!(
                squeeze(page).contains("表字段是否必填类型可选值说明"),
                "{page}"
            );
        }
    }
}

/// The 抽查清单 (SPEC §9.3) as the checker gets it on paper: every page carries every column's
/// header (the header row repeated, the page one column-set wide) and the footer with the
/// date; the last page is 填表说明 with the stations drawn.
#[test]
fn the_spot_check_list_prints_with_its_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let options = gsw::consolidate::Options {
        as_of: common::date(2026, 11, 30),
        rules: Default::default(),
        limits: Default::default(),
        skip: Vec::new(),
    };
    let draw = gsw::spotcheck::Draw { count: 3, seed: 1 };
    let checklist = gsw::consolidate::spot_check(&common::sample_data(), &options, draw, &|| {});
    let xlsx = dir.path().join("抽查清单.xlsx");
    gsw::template::spot_check::workbook(&checklist)
        .unwrap()
        .save(&xlsx)
        .unwrap();
    let Some(pdf) = common::soffice_convert(&xlsx, "pdf", dir.path()) else {
        return;
    };
    let Some(pages) = pages(&pdf) else {
        return;
    };
    let total = pages.len();
    assert!(total >= 3, "{total} pages");
    for (i, page) in pages.iter().enumerate() {
        let text = squeeze(page);
        assert!(
            text.contains(&format!("第{}页共{total}页", i + 1)),
            "{page}"
        );
        assert!(text.contains("抽查日期2026年11月30日"), "{page}");
        if i + 1 == total {
            assert!(text.contains("抽查清单填表说明"), "{page}");
            for station in &checklist.stations {
                assert!(text.contains(&station.id), "{}: {page}", station.id);
            }
        } else {
            for field in schema::spot_check::SHEET.fields {
                assert!(
                    text.contains(&squeeze(field.label)),
                    "{}: {page}",
                    field.label
                );
            }
        }
    }
}

/// The sample data consolidated as of 2026-11-30 into `dir`: the summary workbook and the
/// folder of the feedback to the colleges.
fn consolidated(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let input = dir.join("报表");
    common::copy_dir(&common::sample_data(), &input);
    let out = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .args(["consolidate", "--as-of", "2026-11-30", "-q"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let results = input.join("汇总结果");
    (
        results.join("工作站汇总_2026-11-30.xlsx"),
        results.join("学院反馈_2026-11-30"),
    )
}

/// Each worksheet's XML by sheet name, and the workbook's XML (its defined names).
fn sheet_xml(xlsx: &Path) -> (std::collections::BTreeMap<String, String>, String) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    let rels = part("xl/_rels/workbook.xml.rels");
    let attr = |tag: &str, name: &str| -> String {
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..at + tag[at..].find('"').unwrap()].to_string()
    };
    let mut sheets = std::collections::BTreeMap::new();
    for tag in workbook.split("<sheet ").skip(1) {
        let tag = format!(" {}", &tag[..tag.find("/>").unwrap()]);
        let (name, id) = (attr(&tag, "name"), attr(&tag, "r:id"));
        let rel = rels
            .split("<Relationship ")
            .find(|r| r.contains(&format!("Id=\"{id}\"")))
            .unwrap();
        let target = attr(rel, "Target");
        sheets.insert(name, part(&format!("xl/{target}")));
    }
    (sheets, workbook)
}

/// The print settings as saved: A4 landscape, one page wide (no fitToWidth, which is 1 by
/// default) unless a list printed in bands, the footer with the date, the page numbers and
/// the sheet's name, and the header rows repeated.
#[test]
fn print_settings_are_saved_in_each_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (summary, feedback) = consolidated(dir.path());
    let footer = "<oddFooter>&amp;L评估日期 2026年11月30日&amp;C第 &amp;P 页 共 &amp;N 页&amp;R&amp;A</oddFooter>";
    let check = |xlsx: &Path, sheet: &str, one_page: bool, titles: &str| {
        let (sheets, workbook) = sheet_xml(xlsx);
        let xml = &sheets[sheet];
        let setup = &xml[xml.find("<pageSetup ").unwrap()..];
        let setup = &setup[..setup.find("/>").unwrap()];
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
        assert!(setup.contains(r#"paperSize="9""#), "{sheet}: {setup}");
        assert!(
            setup.contains(r#"orientation="landscape""#),
            "{sheet}: {setup}"
        );
        assert!(setup.contains(r#"fitToHeight="0""#), "{sheet}: {setup}");
        assert_eq!(!setup.contains("fitToWidth"), one_page, "{sheet}: {setup}");
        assert!(xml.contains(footer), "{sheet}");
        let quoted = if sheet.contains('（') {
            format!("'{sheet}'")
        } else {
            sheet.to_string()
        };
        assert!(
            workbook.contains(r#"name="_xlnm.Print_Titles""#)
                && workbook.contains(&format!("{quoted}!{titles}<")),
            "{sheet}: {titles} not repeated in {workbook}"
        );
    };
    check(&summary, "汇总（打印）", true, "$1:$3");
    check(&summary, "评估明细", true, "$1:$1");
    check(&summary, "汇总", false, "$3:$3");
    let college = feedback.join("药学院.xlsx");
    check(&college, "待办", true, "$4:$4");
    check(&college, "工作站（打印）", true, "$1:$3");
    // The block to sign, under the last row of 汇总（打印） only.
    let (sheets, _) = sheet_xml(&summary);
    assert!(sheets["汇总（打印）"].contains("<mergeCell "));
    let (sheets, _) = sheet_xml(&college);
    assert!(!sheets["工作站（打印）"].contains("<mergeCell "));
}

/// 汇总 on paper, as LibreOffice prints it: 汇总（打印）'s first page holds every column of
/// 汇总 (its header names them) and the first station's values, every page carries the
/// footer, and its last page the block to sign. 评估明细 is one page wide too, its header on
/// every page; a college's 待办 holds all its columns on its first page.
#[test]
fn the_summary_prints_every_column_on_one_page_width_with_a_block_to_sign() {
    let dir = tempfile::tempdir().unwrap();
    let (summary, feedback) = consolidated(dir.path());
    let pdf_dir = dir.path().join("pdf");
    let Some(pdf) = common::soffice_convert(&summary, "pdf", &pdf_dir) else {
        return;
    };
    let Some(all) = pages(&pdf) else {
        return;
    };
    // The footer's right names the sheet of the page (LibreOffice numbers the pages of the
    // whole workbook).
    let of_sheet = |sheet: &str| -> Vec<String> {
        (all.iter())
            .filter(|p| {
                let last = p.trim_end().lines().last().unwrap_or("");
                last.trim_end().ends_with(sheet)
            })
            .map(|p| squeeze(p))
            .collect()
    };
    let printed = of_sheet("汇总（打印）");
    assert!(!printed.is_empty(), "no page of 汇总（打印）");
    let mut wb = calamine::open_workbook_auto(&summary).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("汇总").unwrap();
    let header: Vec<String> = (0..range.width())
        .map(|c| range.get((2, c)).map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert!(header.len() >= 27, "{header:?}");
    for name in &header {
        // A wrapped header's lines stand apart in the text: its start is enough.
        let start: String = squeeze(name).chars().take(6).collect();
        assert!(
            printed[0].contains(&start),
            "{name} is not on the first page:\n{}",
            printed[0]
        );
    }
    let first = |c: usize| range.get((3, c)).map(|d| d.to_string()).unwrap_or_default();
    for (c, name) in header.iter().enumerate() {
        let value: String = squeeze(&first(c)).chars().take(8).collect();
        if ["工作站编号", "工作站名称", "设站单位", "结论"].contains(&name.as_str())
        {
            assert!(
                printed[0].contains(&value),
                "{name} {value} not on the first page"
            );
        }
    }
    for page in &printed {
        assert!(page.contains("评估日期2026年11月30日"), "{page}");
        assert!(
            page.contains("工作站编号工作站名称") || page.contains("工作站编号"),
            "{page}"
        );
    }
    let last = printed.last().unwrap();
    for word in ["经办人", "审核人", "日期：＿"] {
        assert!(last.contains(word), "{word} not on the last page:\n{last}");
    }
    assert!(!printed[..printed.len() - 1]
        .iter()
        .any(|p| p.contains("经办人")));

    let detail = of_sheet("评估明细");
    assert!(detail.len() > 1);
    for page in &detail {
        assert!(page.contains("工作站编号标准要求实际结果依据"), "{page}");
    }

    let college = feedback.join("第二医院.xlsx");
    let Some(pdf) = common::soffice_convert(&college, "pdf", &pdf_dir) else {
        return;
    };
    let Some(college_pages) = pages(&pdf) else {
        return;
    };
    let todo = squeeze(&college_pages[0]);
    assert!(
        todo.contains("类别工作站编号工作站名称学年截止日期文件工作表单元格问题应如何修改"),
        "{todo}"
    );
    assert!(todo.contains("第1页共") && todo.ends_with("待办"), "{todo}");
}
