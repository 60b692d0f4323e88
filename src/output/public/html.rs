//! The public page: one self-contained HTML file (no script, no font, no picture, nothing
//! fetched), in Chinese, that reads on a phone (below 720 px each station becomes a card of
//! label–value lines) and prints on A4 landscape (the header repeated on every page, no row
//! split across pages). Every text from the data is escaped.

use crate::dates::chinese_date;
use crate::format::money;
use crate::output::{ColumnStyle, Table, Value};
use chrono::NaiveDate;
use std::fmt::Write;

const STYLE: &str = r#"
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; padding: 20px; color: #1f2328; background: #fff; line-height: 1.5;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "微软雅黑", sans-serif; }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; }
.date { margin: 0 0 .4rem; color: #404040; }
.note { margin: 0 0 1rem; color: #555; font-size: .9rem; max-width: 62rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #b4c6e7; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #d9e1f2; text-align: center; }
tbody tr:nth-child(even) { background: #f5f7fb; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date, td.verdict, td:first-child { white-space: nowrap; }
td.good { background: #c6efce; color: #006100; }
td.fair { background: #ddebf7; color: #1f4e78; }
td.bad { background: #ffc7ce; color: #9c0006; }
td.void { background: #d9d9d9; color: #9c0006; }
footer { margin-top: 1rem; color: #666; font-size: .8rem; }
@media (max-width: 720px) {
  body { padding: 12px; }
  h1 { font-size: 1.2rem; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border: 1px solid #b4c6e7; border-radius: 6px; margin: 0 0 .75rem; padding: .2rem .6rem; }
  tbody tr:nth-child(even) { background: none; }
  td { border: none; border-bottom: 1px solid #edf0f5; padding: .3rem 0; display: grid;
    grid-template-columns: 8.5em 1fr; gap: .6rem; text-align: left; white-space: normal; }
  td:last-child { border-bottom: none; }
  td::before { content: attr(data-label); color: #555; }
  td.num, td.date { text-align: left; }
  td.empty { display: none; }
  td.good, td.fair, td.bad, td.void { background: none; }
}
@page { size: A4 landscape; margin: 12mm 10mm; }
@media print {
  body { padding: 0; font-size: 9pt; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td.good, td.fair, td.bad, td.void { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tbody tr:nth-child(even) { background: none; }
}
"#;

/// The page for `table`.
pub(super) fn page(table: &Table, title: &str, note: &str, as_of: NaiveDate) -> String {
    let mut out = String::with_capacity(4096 + table.rows.len() * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    let date = chinese_date(as_of);
    let _ = writeln!(out, "<p class=\"date\">评估日期：{date}</p>");
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
    out.push_str("<table>\n<thead>\n<tr>");
    for c in &table.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(c.name));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (c, value) in table.columns.iter().zip(row) {
            let (text, class) = cell(c.style, value);
            let class = match class {
                "" => String::new(),
                class => format!(" class=\"{class}\""),
            };
            let _ = write!(
                out,
                "<td data-label=\"{}\"{class}>{}</td>",
                escape(c.name),
                escape(&text)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<footer>共 {} 个工作站。评估日期 {date}；由 gsw {} 生成。</footer>",
        table.rows.len(),
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// A value's text and its cell's class.
fn cell(style: ColumnStyle, value: &Value) -> (String, &'static str) {
    match value {
        Value::Empty => (String::new(), "empty"),
        Value::Int(_) => (value.display(), "num"),
        Value::Number(f) if style == ColumnStyle::Money && f.is_finite() => (money(*f), "num"),
        Value::Number(_) => (value.display(), "num"),
        Value::Date(_) => (value.display(), "date"),
        _ => {
            let text = value.display();
            let class = match (style, text.as_str()) {
                (ColumnStyle::Verdict, "优秀") => "verdict good",
                (ColumnStyle::Verdict, "合格") => "verdict fair",
                (ColumnStyle::Verdict, "不合格") => "verdict bad",
                (ColumnStyle::Verdict, "已撤销") => "verdict void",
                (ColumnStyle::Verdict, _) => "verdict",
                _ => "",
            };
            (text, class)
        }
    }
}

/// Text safe in HTML content and in a quoted attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            ch => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::output::Column;

    #[test]
    fn everything_from_the_data_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        let table = Table {
            sheet: "公开数据",
            columns: vec![
                Column {
                    name: "工作站名称",
                    style: ColumnStyle::Plain,
                },
                Column {
                    name: "到位经费合计(元)",
                    style: ColumnStyle::Money,
                },
                Column {
                    name: "等级",
                    style: ColumnStyle::Verdict,
                },
            ],
            rows: vec![vec![
                Value::text("<b>A&B</b> \"站\""),
                Value::Number(1234.5),
                Value::text("优秀"),
            ]],
        };
        let html = page(&table, "标题<", "说明&", ymd(2026, 11, 30));
        assert!(
            html.contains("&lt;b&gt;A&amp;B&lt;/b&gt; &quot;站&quot;"),
            "{html}"
        );
        assert!(!html.contains("<b>"));
        assert!(html.contains("<title>标题&lt;</title>"));
        assert!(html.contains("说明&amp;"));
        assert!(html.contains("评估日期：2026年11月30日"));
        assert!(html.contains(">1,234.50</td>"));
        assert!(html.contains("class=\"verdict good\">优秀</td>"));
        // A card per station on a phone; A4 landscape on paper, the header on every page.
        assert!(html
            .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assert!(html.contains("@media (max-width: 720px)"));
        assert!(html.contains("@page { size: A4 landscape;"));
        assert!(html.contains("thead { display: table-header-group; }"));
        assert!(html.contains("data-label=\"到位经费合计(元)\""));
        // Self-contained: nothing to fetch.
        for fetch in ["http:", "https:", "src=", "href=", "@import", "url("] {
            assert!(!html.contains(fetch), "{fetch}");
        }
    }
}
