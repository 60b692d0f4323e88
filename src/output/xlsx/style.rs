//! The look of the summary: one palette for verdict words (cell fill, font, chart colour) and
//! the cell formats built from it. Fills are plain cell formats, not conditional formats, so
//! every program (Excel, WPS, LibreOffice, a PDF export) shows them.

use super::super::ColumnStyle;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// How a verdict word looks: cell fill, font colour, and the colour of its bar or slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tone {
    pub fill: u32,
    pub font: u32,
    pub chart: u32,
}

const GOOD: Tone = Tone {
    fill: 0xC6EFCE,
    font: 0x006100,
    chart: 0x70AD47,
};
const FAIR: Tone = Tone {
    fill: 0xDDEBF7,
    font: 0x1F4E78,
    chart: 0x5B9BD5,
};
const BAD: Tone = Tone {
    fill: 0xFFC7CE,
    font: 0x9C0006,
    chart: 0xE15759,
};
const WAIT: Tone = Tone {
    fill: 0xFFEB9C,
    font: 0x9C5700,
    chart: 0xFFC000,
};
const VOID: Tone = Tone {
    fill: 0xD9D9D9,
    font: 0x9C0006,
    chart: 0xA5A5A5,
};
const MUTED: Tone = Tone {
    fill: 0xEDEDED,
    font: 0x595959,
    chart: 0xA5A5A5,
};
/// Drawn in charts only; such cells keep the plain format.
const NEUTRAL: Tone = Tone {
    fill: 0xFFFFFF,
    font: 0x000000,
    chart: 0x8497B0,
};

/// Every verdict word the summary writes, and its tone. `None`: a neutral word, plain cell.
pub(super) const PALETTE: &[(&str, Option<Tone>)] = &[
    // 等级 and 可升至
    ("优秀", Some(GOOD)),
    ("合格", Some(FAIR)),
    ("不合格", Some(BAD)),
    // 状态
    ("已撤销", Some(VOID)),
    ("期满", None),
    ("在期", None),
    // 评估明细 结果
    ("达标", Some(GOOD)),
    ("未达标", Some(BAD)),
    ("待评议", Some(WAIT)),
    // 问题清单 级别
    ("错误", Some(BAD)),
    ("警告", Some(WAIT)),
    ("提示", Some(FAIR)),
    // 年度上报 状态
    ("按时", Some(GOOD)),
    ("迟交", Some(WAIT)),
    ("未报", Some(BAD)),
    ("未到期", None),
    // 文件清单 状态
    ("已采用", Some(GOOD)),
    ("被取代", Some(WAIT)),
    ("未采用", Some(WAIT)),
    ("已忽略", Some(MUTED)),
    // 是/否 are answers, not verdicts.
    ("是", None),
    ("否", None),
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
    verdict_index(label)
        .and_then(|i| PALETTE[i].1)
        .unwrap_or(NEUTRAL)
        .chart
}

const HEADER_FILL: u32 = 0xD9E1F2;
const BORDER: u32 = 0xB4C6E7;
pub(super) const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Every format the sheets use, built once.
pub(super) struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub note: Format,
    text: Format,
    wide: Format,
    int: Format,
    number: Format,
    date: Format,
    link: Format,
    /// One per [`PALETTE`] entry; `None` for a neutral word.
    verdicts: Vec<Option<Format>>,
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
        let right = cell.clone().set_align(FormatAlign::Right);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_font_color(0x404040),
            header: Format::new()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_border(FormatBorder::Thin)
                .set_border_color(BORDER)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new().set_italic().set_font_color(0x9C0006),
            text: cell.clone(),
            wide: cell.clone().set_text_wrap(),
            int: right.clone().set_num_format("0"),
            number: right.clone(),
            date: right.set_num_format(DATE_FORMAT),
            link: cell.clone().set_hyperlink(),
            verdicts: PALETTE
                .iter()
                .map(|(_, tone)| {
                    tone.map(|t| {
                        cell.clone()
                            .set_align(FormatAlign::Center)
                            .set_background_color(t.fill)
                            .set_font_color(t.font)
                    })
                })
                .collect(),
        }
    }

    /// The format of one data cell. `text` is the cell's text when it is text.
    pub fn cell(&self, style: ColumnStyle, kind: Kind, text: &str) -> &Format {
        match kind {
            Kind::Int => &self.int,
            Kind::Number => &self.number,
            Kind::Date => &self.date,
            Kind::Link => &self.link,
            Kind::Text => match style {
                ColumnStyle::Plain => &self.text,
                ColumnStyle::Wide => &self.wide,
                ColumnStyle::Verdict => verdict_index(text)
                    .and_then(|i| self.verdicts[i].as_ref())
                    .unwrap_or(&self.text),
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
        let tone = |s: &str| verdict_index(s).and_then(|i| PALETTE[i].1);
        let cases = [
            ("优秀", Some(GOOD)),
            ("合格", Some(FAIR)),
            ("不合格", Some(BAD)),
            ("不合格（预评）", Some(BAD)),
            ("未达标", Some(BAD)),
            ("达标", Some(GOOD)),
            ("迟交（12天）", Some(WAIT)),
            (" 错误 ", Some(BAD)),
            ("已忽略", Some(MUTED)),
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
    fn grades_have_distinct_chart_colours() {
        let colours: Vec<u32> = ["优秀", "合格", "不合格"].map(chart_colour).to_vec();
        assert_eq!(colours.len(), 3);
        assert!(colours[0] != colours[1] && colours[1] != colours[2] && colours[0] != colours[2]);
        assert_eq!(chart_colour("—"), NEUTRAL.chart);
    }
}
