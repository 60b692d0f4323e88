//! The 图表 sheet, right after 汇总: stations by grade, stations by status, and students
//! trained half a year or more per station against the 合格 and 优秀 thresholds — or, with
//! more than [`MAX_STATION_BARS`] stations, each college's stations by grade (SPEC §9.1: a
//! chart of 400 bars cannot be read). Charts read
//! their data from small tables written below them on the same sheet, so a person can see
//! (and check) the numbers, and every program redraws the charts from cells.

use super::style::{chart_colour, Styles};
use super::width::text_width;
use super::{column_index, excel_number};
use crate::output::{Table, Value};
use crate::rules::Rules;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartLine,
    ChartLineDashType, ChartMarker, ChartSolidFill, ChartType, ColNum, RowNum, Workbook, Worksheet,
    XlsxError,
};

pub(super) const SHEET: &str = "图表";

const GRADES: [&str; 4] = ["优秀", "合格", "不合格", "—"];
const STATUSES: [&str; 3] = ["在期", "期满", "已撤销"];
use crate::output::tables::NO_COLLEGE;
use crate::output::tables::{
    COLLEGE, GRADE, STATION, STATION_NAME, STATUS, STUDENTS_COUNTED as STUDENTS,
};

/// Up to this many stations, 图表 shows each station's students; above, each college's
/// stations by grade.
pub(super) const MAX_STATION_BARS: usize = 30;

/// Chart sizes in pixels; rows are 20 px high.
const SMALL: (u32, u32) = (480, 300);
const GAP: u32 = 20;
const TALL: u32 = 380;
const ROW_PX: u32 = 20;

/// Counts of each value of a column, known values first (even when zero), then any other
/// value in order of first appearance.
fn tally(table: &Table, col: usize, known: &[&str], keep_zero: bool) -> Vec<(String, u32)> {
    let mut counts: Vec<(String, u32)> = known.iter().map(|k| (k.to_string(), 0)).collect();
    for row in &table.rows {
        let label = match row.get(col).map(Value::display) {
            Some(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => "（空）".to_string(),
        };
        match counts.iter_mut().find(|(k, _)| *k == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    if !keep_zero {
        counts.retain(|(_, n)| *n > 0);
    }
    counts
}

/// How a category reads under its bar: `—` alone says nothing.
fn grade_label(grade: &str) -> String {
    if grade == "—" {
        "—（无等级）".to_string()
    } else {
        grade.to_string()
    }
}

/// Adds the 图表 sheet for the 汇总 table, when it has any column to chart.
pub(super) fn add(
    workbook: &mut Workbook,
    summary: &Table,
    rules: &Rules,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let grade = column_index(summary, GRADE);
    let status = column_index(summary, STATUS);
    let students = column_index(summary, STUDENTS);
    if grade.is_none() && status.is_none() && students.is_none() {
        return Ok(());
    }
    let ws = workbook.add_worksheet();
    ws.set_name(SHEET)?;
    ws.write_string_with_format(0, 0, "工作站统计图（图表数据见下方）", &styles.title)?;
    ws.set_row_height(0, 24)?;

    // Charts on top, at fixed pixel positions; their data below.
    let mut charts: Vec<(Chart, RowNum, u32)> = Vec::new();
    let station_chart_row: RowNum = 2 + SMALL.1.div_ceil(ROW_PX) + 1;
    let mut data_row = station_chart_row;
    if students.is_some() && !summary.rows.is_empty() {
        data_row += TALL.div_ceil(ROW_PX) + 1;
    }
    let mut widths: Vec<f64> = Vec::new();
    let mut data_col: ColNum = 0;

    if let Some(col) = grade {
        let counts: Vec<(String, u32)> = tally(summary, col, &GRADES, true)
            .into_iter()
            .map(|(k, n)| (grade_label(&k), n))
            .collect();
        let colours: Vec<u32> = counts.iter().map(|(k, _)| chart_colour(k)).collect();
        let (first, last) =
            count_table(ws, styles, data_row, data_col, GRADE, &counts, &mut widths)?;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((SHEET, data_row, data_col + 1))
            .set_categories((SHEET, first, data_col, last, data_col))
            .set_values((SHEET, first, data_col + 1, last, data_col + 1))
            .set_point_colors(&colours)
            .set_data_label(ChartDataLabel::new().show_value())
            .set_gap(80);
        chart.title().set_name("工作站等级分布");
        chart.legend().set_hidden();
        chart.y_axis().set_min(0).set_num_format("0");
        chart.set_width(SMALL.0).set_height(SMALL.1);
        charts.push((chart, 2, 0));
        data_col += 3;
    }

    if let Some(col) = status {
        let counts = tally(summary, col, &STATUSES, false);
        let colours: Vec<u32> = counts.iter().map(|(k, _)| chart_colour(k)).collect();
        let (first, last) =
            count_table(ws, styles, data_row, data_col, STATUS, &counts, &mut widths)?;
        if !counts.is_empty() {
            let mut chart = Chart::new(ChartType::Pie);
            chart
                .add_series()
                .set_name((SHEET, data_row, data_col + 1))
                .set_categories((SHEET, first, data_col, last, data_col))
                .set_values((SHEET, first, data_col + 1, last, data_col + 1))
                .set_point_colors(&colours)
                .set_data_label(ChartDataLabel::new().show_category_name().show_value());
            chart.title().set_name("工作站状态分布");
            chart.legend().set_position(ChartLegendPosition::Right);
            chart.set_width(SMALL.0).set_height(SMALL.1);
            let x = if charts.is_empty() { 0 } else { SMALL.0 + GAP };
            charts.push((chart, 2, x));
        }
        data_col += 3;
    }

    let college = column_index(summary, COLLEGE);
    let by_college = (college.zip(grade)).filter(|_| summary.rows.len() > MAX_STATION_BARS);
    if let Some((college, grade)) = by_college {
        let chart = college_chart(
            ws,
            styles,
            summary,
            college,
            grade,
            data_row,
            data_col,
            &mut widths,
        )?;
        charts.push((chart, station_chart_row, 0));
    } else if let (Some(col), false) = (students, summary.rows.is_empty()) {
        let chart = station_chart(
            ws,
            styles,
            summary,
            col,
            rules,
            data_row,
            data_col,
            &mut widths,
        )?;
        charts.push((chart, station_chart_row, 0));
    }

    for (c, w) in widths.iter().enumerate() {
        if *w > 0.0 {
            ws.set_column_width(c as ColNum, *w)?;
        }
    }
    for (chart, row, x) in &charts {
        ws.insert_chart_with_offset(*row, 0, chart, *x, 0)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn widen(widths: &mut Vec<f64>, col: ColNum, text: &str) {
    let col = col as usize;
    if widths.len() <= col {
        widths.resize(col + 1, 0.0);
    }
    let w = (text_width(text) as f64 * 1.1 + 2.0).clamp(8.0, 40.0);
    widths[col] = widths[col].max(w);
}

/// A two-column table `label | 工作站数` at (row, col); returns its first and last data rows.
fn count_table(
    ws: &mut Worksheet,
    styles: &Styles,
    row: RowNum,
    col: ColNum,
    label: &str,
    counts: &[(String, u32)],
    widths: &mut Vec<f64>,
) -> Result<(RowNum, RowNum), XlsxError> {
    ws.write_string_with_format(row, col, label, &styles.header)?;
    ws.write_string_with_format(row, col + 1, "工作站数", &styles.header)?;
    widen(widths, col, label);
    widen(widths, col + 1, "工作站数");
    for (i, (k, n)) in counts.iter().enumerate() {
        let r = row + 1 + i as RowNum;
        ws.write_string(r, col, k)?;
        ws.write_number(r, col + 1, *n)?;
        widen(widths, col, k);
    }
    Ok((row + 1, row + counts.len().max(1) as RowNum))
}

/// Each college's stations by grade, stacked, the colleges in name order (those without one
/// last, as on 学院).
#[allow(clippy::too_many_arguments)]
fn college_chart(
    ws: &mut Worksheet,
    styles: &Styles,
    summary: &Table,
    college: usize,
    grade: usize,
    row: RowNum,
    col: ColNum,
    widths: &mut Vec<f64>,
) -> Result<Chart, XlsxError> {
    let mut colleges: Vec<(String, [u32; GRADES.len()])> = Vec::new();
    for station in &summary.rows {
        let name = match station.get(college).map(Value::display) {
            Some(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => NO_COLLEGE.to_string(),
        };
        let g = station.get(grade).map(Value::display).unwrap_or_default();
        let at = match colleges.iter().position(|(n, _)| *n == name) {
            Some(at) => at,
            None => {
                colleges.push((name, [0; GRADES.len()]));
                colleges.len() - 1
            }
        };
        if let Some(k) = GRADES.iter().position(|known| *known == g.trim()) {
            colleges[at].1[k] += 1;
        }
    }
    colleges.sort_by(|a, b| (a.0 == NO_COLLEGE, &a.0).cmp(&(b.0 == NO_COLLEGE, &b.0)));

    ws.write_string_with_format(row, col, COLLEGE, &styles.header)?;
    widen(widths, col, COLLEGE);
    for (k, g) in GRADES.iter().enumerate() {
        let c = col + 1 + k as ColNum;
        let label = grade_label(g);
        ws.write_string_with_format(row, c, &label, &styles.header)?;
        widen(widths, c, &label);
    }
    for (i, (name, counts)) in colleges.iter().enumerate() {
        let r = row + 1 + i as RowNum;
        ws.write_string(r, col, name)?;
        widen(widths, col, name);
        for (k, n) in counts.iter().enumerate() {
            ws.write_number(r, col + 1 + k as ColNum, *n)?;
        }
    }
    let (first, last) = (row + 1, row + colleges.len().max(1) as RowNum);
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (k, g) in GRADES.iter().enumerate() {
        let c = col + 1 + k as ColNum;
        chart
            .add_series()
            .set_name((SHEET, row, c))
            .set_categories((SHEET, first, col, last, col))
            .set_values((SHEET, first, c, last, c))
            .set_format(ChartSolidFill::new().set_color(chart_colour(g)))
            .set_gap(60);
    }
    let n = colleges.len() as u32;
    chart.title().set_name(&format!(
        "各{COLLEGE}工作站等级（共 {} 个工作站）",
        summary.rows.len()
    ));
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.y_axis().set_min(0).set_num_format("0");
    if n > 8 {
        chart.x_axis().set_font(ChartFont::new().set_rotation(-45));
    }
    chart
        .set_width((120 + 48 * n).clamp(2 * SMALL.0 + GAP, 4_000))
        .set_height(TALL);
    Ok(chart)
}

/// Students per station as columns, with the 合格 and 优秀 thresholds as dashed lines.
#[allow(clippy::too_many_arguments)]
fn station_chart(
    ws: &mut Worksheet,
    styles: &Styles,
    summary: &Table,
    students: usize,
    rules: &Rules,
    row: RowNum,
    col: ColNum,
    widths: &mut Vec<f64>,
) -> Result<Chart, XlsxError> {
    let code = column_index(summary, "工作站编号");
    let name = column_index(summary, "工作站名称");
    let qualified = format!("合格线（{}人）", rules.qualified_students);
    let excellent = format!("优秀线（{}人）", rules.excellent_students);
    let headers = [STATION, STATION_NAME, STUDENTS, &qualified, &excellent];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, col + i as ColNum, *h, &styles.header)?;
        widen(widths, col + i as ColNum, h);
    }
    for (i, station) in summary.rows.iter().enumerate() {
        let r = row + 1 + i as RowNum;
        let label = |c: Option<usize>| c.and_then(|c| station.get(c)).map(Value::display);
        let code = label(code).unwrap_or_else(|| (i + 1).to_string());
        ws.write_string(r, col, &code)?;
        widen(widths, col, &code);
        if let Some(n) = label(name) {
            ws.write_string(r, col + 1, &n)?;
            widen(widths, col + 1, &n);
        }
        if let Some(n) = station.get(students).and_then(excel_number) {
            ws.write_number(r, col + 2, n)?;
        }
        ws.write_number(r, col + 3, rules.qualified_students)?;
        ws.write_number(r, col + 4, rules.excellent_students)?;
    }
    let (first, last) = (row + 1, row + summary.rows.len() as RowNum);
    let n = summary.rows.len() as u32;

    let mut chart = Chart::new(ChartType::Column);
    let series = chart
        .add_series()
        .set_name((SHEET, row, col + 2))
        .set_categories((SHEET, first, col, last, col))
        .set_values((SHEET, first, col + 2, last, col + 2))
        .set_format(ChartSolidFill::new().set_color(0x5B9BD5))
        .set_gap(60);
    if n <= 30 {
        series.set_data_label(ChartDataLabel::new().show_value());
    }
    let mut lines = Chart::new(ChartType::Line);
    for (offset, colour) in [(3, 0xE15759), (4, 0x70AD47)] {
        lines
            .add_series()
            .set_name((SHEET, row, col + offset))
            .set_categories((SHEET, first, col, last, col))
            .set_values((SHEET, first, col + offset, last, col + offset))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(colour)
                        .set_width(2.0)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            )
            .set_marker(ChartMarker::new().set_none());
    }
    chart.combine(&lines);
    chart.title().set_name("各工作站进站培养半年以上研究生人数");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.y_axis().set_min(0).set_num_format("0");
    if n > 8 {
        chart.x_axis().set_font(ChartFont::new().set_rotation(-45));
    }
    chart
        .set_width((120 + 24 * n).clamp(2 * SMALL.0 + GAP, 4_000))
        .set_height(TALL);
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, ColumnStyle};

    #[test]
    fn tally_lists_known_values_first_then_others() {
        let table = Table {
            sheet: "汇总",
            columns: vec![Column {
                name: "等级",
                style: ColumnStyle::Verdict,
            }],
            rows: ["合格", "优秀", "合格", "待定", "", "优秀"]
                .iter()
                .map(|g| vec![Value::text(*g)])
                .collect(),
        };
        let got = tally(&table, 0, &GRADES, true);
        let want = [
            ("优秀", 2),
            ("合格", 2),
            ("不合格", 0),
            ("—", 0),
            ("待定", 1),
            ("（空）", 1),
        ];
        assert_eq!(got, want.map(|(k, n)| (k.to_string(), n)).to_vec());
        let got = tally(&table, 0, &GRADES, false);
        assert_eq!(got.len(), 4);
    }
}
