//! How the program's workbooks print (SPEC §9.6): on A4, every column on one page width and
//! as many pages down as the rows need, the header rows repeated on each page, and a footer
//! 第 N 页 共 M 页. Shared by the templates and the summary, which both write with
//! rust_xlsxwriter.

use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

/// rust_xlsxwriter's (and Excel's) paper size number of A4.
const A4: u8 = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// What one sheet needs to print well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSetup {
    pub orientation: Orientation,
    /// Rows (0-based, inclusive) printed at the top of every page.
    pub repeat_rows: Option<(RowNum, RowNum)>,
    /// Text before the page numbers in the footer, e.g. the evaluation date.
    pub footer_note: Option<String>,
}

impl PageSetup {
    pub fn new(orientation: Orientation) -> Self {
        PageSetup {
            orientation,
            repeat_rows: None,
            footer_note: None,
        }
    }

    pub fn repeat(mut self, first: RowNum, last: RowNum) -> Self {
        self.repeat_rows = Some((first, last));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.footer_note = Some(note.into());
        self
    }

    /// The footer in Excel's header/footer codes: `&P` the page, `&N` the pages. `&` in the
    /// note is doubled so that it prints as itself.
    pub fn footer(&self) -> String {
        let pages = "&C第 &P 页 共 &N 页";
        match &self.footer_note {
            Some(note) => format!("&L{}{pages}", note.replace('&', "&&")),
            None => pages.to_string(),
        }
    }

    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_paper_size(A4);
        match self.orientation {
            Orientation::Portrait => ws.set_portrait(),
            Orientation::Landscape => ws.set_landscape(),
        };
        // One page wide, as many pages down as needed (0: no limit).
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer(self.footer());
        if let Some((first, last)) = self.repeat_rows {
            ws.set_repeat_rows(first, last)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_numbers_pages_and_carries_the_note() {
        let plain = PageSetup::new(Orientation::Portrait);
        assert_eq!(plain.footer(), "&C第 &P 页 共 &N 页");
        let noted = PageSetup::new(Orientation::Landscape).note("评估日期 2026年11月30日 R&D");
        assert_eq!(
            noted.footer(),
            "&L评估日期 2026年11月30日 R&&D&C第 &P 页 共 &N 页"
        );
    }
}
