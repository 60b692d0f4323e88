//! The look of the summary: one palette for verdict words (cell fill, font, chart colour) and
//! the cell formats built from it. Fills are plain cell formats, not conditional formats, so
//! every program (Excel, WPS, LibreOffice, a PDF export) shows them.

use super::super::ColumnStyle;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// How a verdict word looks: its cell (fill and font colour, `None` for a neutral word left
/// plain) and the colour of its bar or slice in a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tone {
    pub cell: Option<(u32, u32)>,
    pub chart: u32,
}

const GOOD: Tone = tone(0xC6EFCE, 0x006100, 0x70AD47);
const FAIR: Tone = tone(0xDDEBF7, 0x1F4E78, 0x5B9BD5);
const BAD: Tone = tone(0xFFC7CE, 0x9C0006, 0xE15759);
const WAIT: Tone = tone(0xFFEB9C, 0x9C5700, 0xFFC000);
const VOID: Tone = tone(0xD9D9D9, 0x9C0006, 0xA5A5A5);
const MUTED: Tone = tone(0xEDEDED, 0x595959, 0xA5A5A5);
/// Neutral words: a plain cell, a chart colour of their own.
const CURRENT: Tone = plain(0x5B9BD5);
const ENDED: Tone = plain(0x264478);
const OTHER: Tone = plain(0x8497B0);

const fn tone(fill: u32, font: u32, chart: u32) -> Tone {
    Tone {
        cell: Some((fill, font)),
        chart,
    }
}

const fn plain(chart: u32) -> Tone {
    Tone { cell: None, chart }
}

/// Every verdict word the summary writes, and its tone.
pub(super) const PALETTE: &[(&str, Tone)] = &[
    // 等级 and 可升至
    ("优秀", GOOD),
    ("合格", FAIR),
    ("不合格", BAD),
    // 状态
    ("已撤销", VOID),
    ("期满", ENDED),
    ("在期", CURRENT),
    // 评估明细 结果
    ("达标", GOOD),
    ("未达标", BAD),
    ("待评议", WAIT),
    // 问题清单 级别
    ("错误", BAD),
    ("警告", WAIT),
    ("提示", FAIR),
    // 年度上报 状态
    ("按时", GOOD),
    ("迟交", WAIT),
    ("未报", BAD),
    ("未到期", OTHER),
    // 文件清单 状态
    ("已采用", GOOD),
    ("被取代", WAIT),
    ("未采用", WAIT),
    ("已忽略", MUTED),
    // 本月变化 类别
    ("新文件", FAIR),
    ("文件变更", FAIR),
    ("文件移除", MUTED),
    ("状态变化", WAIT),
    ("等级变化", WAIT),
    ("问题已解决", GOOD),
    ("新问题", BAD),
    // 是/否 are answers, not verdicts.
    ("是", OTHER),
    ("否", OTHER),
];

/// The palette entry for a cell's text: an exact match, else the longest verdict word the
/// text starts with (`迟交（12天）`, `合格（预评）`), so `不合格` never reads as `合格`.
pub(super) fn verdict_index(text: &str) -> Option<usize> {
    let text = text.trim();
    if let Some(i) = PALETTE.iter().position(|(word, _)| *word == text) {
        return Some(i);
    }
    PALETTE
        .iter()
        .enumerate()
        .filter(|(_, (word, _))| text.starts_with(word))
        .max_by_key(|(_, (word, _))| word.len())
        .map(|(i, _)| i)
}

/// Chart colour for a category label (a grade or a status).
pub(super) fn chart_colour(label: &str) -> u32 {
    verdict_index(label).map_or(OTHER, |i| PALETTE[i].1).chart
}

const HEADER_FILL: u32 = 0xD9E1F2;
const BORDER: u32 = 0xB4C6E7;
pub(super) const DATE_FORMAT: &str = "yyyy-mm-dd";
/// Yuan, as the templates show them.
pub(super) const MONEY_FORMAT: &str = "#,##0.00";

/// Every format the sheets use, built once.
pub(super) struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub note: Format,
    /// A cell of a printed layout (`paper`): wrapped, bordered.
    pub print_cell: Format,
    /// The block to sign under a printed table.
    pub signature: Format,
    text: Format,
    wide: Format,
    int: Format,
    number: Format,
    money: Format,
    date: Format,
    link: Format,
    /// One per [`PALETTE`] entry.
    verdicts: Vec<Format>,
    /// A verdict column's cell holding no known word.
    verdict_other: Format,
}

/// What kind of value a cell holds, for picking its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Int,
    Number,
    Date,
    Link,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new().set_align(FormatAlign::Top);
        // Indented, so a number does not touch the text of the next column.
        let right = cell.clone().set_align(FormatAlign::Right).set_indent(1);
        let centred = cell.clone().set_align(FormatAlign::Center);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_font_color(0x404040),
            header: Format::new()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_border_color(BORDER)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            note: Format::new().set_italic().set_font_color(0x9C0006),
            print_cell: super::paper::print_cell_format(),
            signature: super::paper::signature_format(),
            text: cell.clone(),
            wide: cell.clone().set_text_wrap(),
            int: right.clone().set_num_format("0"),
            number: right.clone(),
            money: right.clone().set_num_format(MONEY_FORMAT),
            date: right.set_num_format(DATE_FORMAT),
            link: cell.clone().set_hyperlink(),
            verdicts: PALETTE
                .iter()
                .map(|(_, tone)| match tone.cell {
                    Some((fill, font)) => centred
                        .clone()
                        .set_background_color(fill)
                        .set_font_color(font),
                    None => centred.clone(),
                })
                .collect(),
            verdict_other: centred,
        }
    }

    /// Every format, in a fixed order: registered with the workbook before any sheet is
    /// written, so that sheets written side by side give the same bytes on every run.
    pub fn all(&self) -> impl Iterator<Item = &Format> {
        let named = [
            &self.title,
            &self.subtitle,
            &self.header,
            &self.note,
            &self.text,
            &self.wide,
            &self.int,
            &self.number,
            &self.money,
            &self.date,
            &self.link,
            &self.verdict_other,
            &self.print_cell,
            &self.signature,
        ];
        named.into_iter().chain(&self.verdicts)
    }

    /// The format of one data cell. `text` is the cell's text when it is text.
    pub fn cell(&self, style: ColumnStyle, kind: Kind, text: &str) -> &Format {
        match kind {
            Kind::Int | Kind::Number if style == ColumnStyle::Money => &self.money,
            Kind::Int => &self.int,
            Kind::Number => &self.number,
            Kind::Date => &self.date,
            Kind::Link => &self.link,
            Kind::Text => match style {
                ColumnStyle::Plain | ColumnStyle::Money => &self.text,
                ColumnStyle::Wide => &self.wide,
                ColumnStyle::Verdict => {
                    verdict_index(text).map_or(&self.verdict_other, |i| &self.verdicts[i])
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_words_are_unique() {
        for (i, (a, _)) in PALETTE.iter().enumerate() {
            assert!(PALETTE[i + 1..].iter().all(|(b, _)| a != b), "{a} twice");
        }
    }

    #[test]
    fn verdicts_match_whole_words_first_then_the_longest_prefix() {
        let tone = |s: &str| verdict_index(s).and_then(|i| PALETTE[i].1.cell);
        let cases = [
            ("优秀", GOOD.cell),
            ("合格", FAIR.cell),
            ("不合格", BAD.cell),
            ("不合格（预评）", BAD.cell),
            ("未达标", BAD.cell),
            ("达标", GOOD.cell),
            ("迟交（12天）", WAIT.cell),
            (" 错误 ", BAD.cell),
            ("已忽略", MUTED.cell),
            ("在期", None),
            ("是", None),
            ("—", None),
            ("", None),
            ("其他", None),
        ];
        for (text, want) in cases {
            assert_eq!(tone(text), want, "{text:?}");
        }
    }

    #[test]
    fn grades_and_statuses_have_distinct_chart_colours() {
        for words in [
            &["优秀", "合格", "不合格", "—"][..],
            &["在期", "期满", "已撤销"],
        ] {
            let colours: Vec<u32> = words.iter().map(|w| chart_colour(w)).collect();
            for (i, c) in colours.iter().enumerate() {
                assert!(!colours[i + 1..].contains(c), "{words:?}");
            }
        }
    }
}
