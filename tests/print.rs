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
