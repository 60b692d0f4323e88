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
