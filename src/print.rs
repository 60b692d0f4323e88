//! How the program's workbooks print (SPEC §9.6): on A4, every column on one page width and
//! as many pages down as the rows need, the header rows repeated on each page, and a footer
//! 第 N 页 共 M 页. Shared by the templates, the summary and the feedback to the colleges,
//! which all write with rust_xlsxwriter.

use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

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
    /// Pages across: 1 (every column on one page width) unless a long list is printed in
    /// bands, its first columns repeated on each.
    pub pages_wide: u16,
    /// Columns (0-based, inclusive) printed at the left of every page, when several wide.
    pub repeat_columns: Option<(ColNum, ColNum)>,
    /// The sheet's name at the right of the footer, so that a loose page says which table
    /// it is from.
    pub sheet_name: bool,
    /// Narrow side margins, for wide tables: more room, so a larger print.
    pub narrow_margins: bool,
}

impl PageSetup {
    pub fn new(orientation: Orientation) -> Self {
        PageSetup {
            orientation,
            repeat_rows: None,
            footer_note: None,
            pages_wide: 1,
            repeat_columns: None,
            sheet_name: false,
            narrow_margins: false,
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

    /// `pages` pages across (at least 1), columns `first..=last` repeated on each.
    pub fn across(mut self, pages: u16, repeat_columns: Option<(ColNum, ColNum)>) -> Self {
        self.pages_wide = pages.max(1);
        self.repeat_columns = repeat_columns.filter(|_| self.pages_wide > 1);
        self
    }

    pub fn with_sheet_name(mut self) -> Self {
        self.sheet_name = true;
        self
    }

    pub fn with_narrow_margins(mut self) -> Self {
        self.narrow_margins = true;
        self
    }

    /// The footer in Excel's header/footer codes: `&P` the page, `&N` the pages, `&A` the
    /// sheet's name. `&` in the note is doubled so that it prints as itself.
    pub fn footer(&self) -> String {
        let pages = "&C第 &P 页 共 &N 页";
        let mut footer = match &self.footer_note {
            Some(note) => format!("&L{}{pages}", note.replace('&', "&&")),
            None => pages.to_string(),
        };
        if self.sheet_name {
            footer.push_str("&R&A");
        }
        footer
    }

    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_paper_size(A4);
        match self.orientation {
            Orientation::Portrait => ws.set_portrait(),
            Orientation::Landscape => ws.set_landscape(),
        };
        // One page wide (or `pages_wide`), as many pages down as needed (0: no limit).
        ws.set_print_fit_to_pages(self.pages_wide, 0);
        ws.set_footer(self.footer());
        if self.narrow_margins {
            // Inches: left, right, top, bottom, header, footer (Excel's "narrow" margins).
            ws.set_margins(0.25, 0.25, 0.5, 0.6, 0.3, 0.3);
        }
        if let Some((first, last)) = self.repeat_rows {
            ws.set_repeat_rows(first, last)?;
        }
        if let Some((first, last)) = self.repeat_columns {
            ws.set_repeat_columns(first, last)?;
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
        let named = PageSetup::new(Orientation::Landscape).with_sheet_name();
        assert_eq!(named.footer(), "&C第 &P 页 共 &N 页&R&A");
    }

    #[test]
    fn columns_repeat_only_across_several_pages() {
        let one = PageSetup::new(Orientation::Landscape).across(1, Some((0, 1)));
        assert_eq!((one.pages_wide, one.repeat_columns), (1, None));
        let three = PageSetup::new(Orientation::Landscape).across(3, Some((0, 1)));
        assert_eq!((three.pages_wide, three.repeat_columns), (3, Some((0, 1))));
        assert_eq!(
            PageSetup::new(Orientation::Portrait)
                .across(0, None)
                .pages_wide,
            1
        );
    }
}
