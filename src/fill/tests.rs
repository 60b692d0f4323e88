use super::synth::{self, Sizes};
use super::*;
use crate::dates::ymd;
use crate::schema::{self, report, FieldType};
use calamine::{Data, DataType, Range, Reader, Xlsx};
use std::io::Cursor;

fn open(filled: &Filled) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(filled.to_bytes().unwrap())).unwrap()
}

/// The cell of `field` in record `index` of a table sheet, found by reading the header row
/// and checking it against the schema's position.
fn table_cell<'r>(range: &'r Range<Data>, sheet: &Sheet, field: &Field, index: usize) -> &'r Data {
    let col = u32::from(template::position(sheet, field).unwrap());
    let header = range.get_value((template::HEADER_ROW, col));
    assert_eq!(
        header,
        Some(&Data::String(field.header())),
        "{} header",
        sheet.name
    );
    range
        .get_value((FIRST_DATA_ROW + index as u32, col))
        .unwrap_or(&Data::Empty)
}

fn info_cell<'r>(range: &'r Range<Data>, field: &Field) -> &'r Data {
    let row = u32::from(template::position(&report::BASIC, field).unwrap());
    assert_eq!(
        range.get_value((row, u32::from(template::LABEL_COL))),
        Some(&Data::String(field.header()))
    );
    range
        .get_value((row, u32::from(VALUE_COL)))
        .unwrap_or(&Data::Empty)
}

/// What calamine should read for an input written to a field of this type.
fn assert_lands(cell: &Data, input: &Input, what: &str) {
    match input {
        Input::Text(s) => assert_eq!(cell, &Data::String(s.clone()), "{what}"),
        Input::Number(n) => assert_eq!(cell.as_f64(), Some(*n), "{what}: {cell:?}"),
        Input::Date(d) => match cell {
            Data::DateTime(dt) => {
                assert_eq!(dt.as_f64(), excel_serial(*d), "{what}")
            }
            other => panic!("{what}: expected a date cell, found {other:?}"),
        },
        Input::Formula { cached, .. } => assert_eq!(cell.to_string(), *cached, "{what}"),
        Input::Blank => assert_eq!(cell, &Data::Empty, "{what}"),
    }
}

#[test]
fn a_report_spec_lands_in_the_cells_the_schema_gives() {
    let spec = synth::report(42, crate::dates::AcademicYear::new(2023), &Sizes::default());
    let filled = spec.filled();
    let mut xlsx = open(&filled);

    // Every input of the filled workbook, checked through the schema positions.
    let basic = xlsx.worksheet_range(report::BASIC.name).unwrap();
    for (pos, input) in &filled.info {
        let field = &report::BASIC.fields[usize::from(*pos)];
        assert_lands(info_cell(&basic, field), input, field.label);
    }
    for (sheet, rows) in schema::REPORT.sheets.iter().zip(&filled.tables) {
        let range = xlsx.worksheet_range(sheet.name).unwrap();
        for (i, row) in rows.iter().enumerate() {
            for (pos, input) in row {
                let field = &sheet.fields[usize::from(*pos)];
                let what = format!("{} row {} {}", sheet.name, i + 2, field.label);
                assert_lands(table_cell(&range, sheet, field, i), input, &what);
            }
        }
    }

    // And a few values checked against the spec itself.
    assert_eq!(
        info_cell(&basic, &report::STATION_ID),
        &Data::String(spec.station_id.clone())
    );
    assert_lands(
        info_cell(&basic, &report::FILED_ON),
        &Input::Date(spec.filed_on),
        "填报日期",
    );
    assert_eq!(
        info_cell(&basic, &report::ACADEMIC_YEAR),
        &Data::String("2023-2024".into())
    );
    let students = xlsx.worksheet_range(report::STUDENTS.name).unwrap();
    assert_eq!(students.height(), 1 + spec.students.len());
    for (i, s) in spec.students.iter().enumerate() {
        assert_eq!(
            table_cell(&students, &report::STUDENTS, &report::STUDENT_ID, i),
            &Data::String(s.student_id.clone())
        );
        assert_lands(
            table_cell(&students, &report::STUDENTS, &report::ENTERED_ON, i),
            &Input::Date(s.entered_on),
            "进站日期",
        );
    }
}

#[test]
fn odd_inputs_are_written_as_given() {
    let mut f = Filled::new(Kind::Report);
    f.set(&report::TEMPLATE_VERSION, Input::Blank)
        .set(&report::STATION_ID, "GZZ-001")
        .set(&report::JOINT_PROJECTS, Input::formula("=1+2", "3"))
        .set(&report::RECOGNISED_ON, "2020年9月1日")
        .set(&report::SETTLEMENT_YEAR, 2023);
    f.push_row(
        &report::STUDENTS,
        [
            (&report::STUDENT_ID, Input::Text("00123".into())),
            (&report::NAME, Input::Number(2021001.0)),
            (&report::MONTHLY_SUBSIDY, "一千".into()),
            (&report::ENTERED_ON, Input::Number(45170.0)),
            (&report::LEFT_ON, ymd(2024, 6, 30).into()),
        ],
    );
    let mut xlsx = open(&f);
    let basic = xlsx.worksheet_range(report::BASIC.name).unwrap();
    assert_eq!(info_cell(&basic, &report::TEMPLATE_VERSION), &Data::Empty);
    assert_eq!(
        info_cell(&basic, &report::JOINT_PROJECTS).as_f64(),
        Some(3.0)
    );
    assert_eq!(
        info_cell(&basic, &report::RECOGNISED_ON),
        &Data::String("2020年9月1日".into())
    );
    let formulas = xlsx.worksheet_formula(report::BASIC.name).unwrap();
    let row = u32::from(template::position(&report::BASIC, &report::JOINT_PROJECTS).unwrap());
    assert_eq!(
        formulas
            .get_value((row, u32::from(VALUE_COL)))
            .map(String::as_str),
        Some("1+2")
    );

    let students = xlsx.worksheet_range(report::STUDENTS.name).unwrap();
    let cell = |field| table_cell(&students, &report::STUDENTS, field, 0).clone();
    assert_eq!(cell(&report::STUDENT_ID), Data::String("00123".into()));
    assert_eq!(cell(&report::NAME).as_f64(), Some(2021001.0));
    assert_eq!(cell(&report::MONTHLY_SUBSIDY), Data::String("一千".into()));
    assert_eq!(cell(&report::SEQ), Data::Empty);
    // A bare serial number in a date column shows as a date: the column is date-formatted.
    assert!(matches!(cell(&report::ENTERED_ON), Data::DateTime(_)));
    assert!(matches!(cell(&report::LEFT_ON), Data::DateTime(_)));
}

#[test]
fn register_and_review_rows_land_under_their_headers() {
    use crate::model::{RegisterEntry, ReviewEntry};
    let register = Filled::register(&[RegisterEntry {
        station_id: "GZZ-001".into(),
        station_name: Some("某工作站".into()),
        recognised_on: Some(ymd(2020, 9, 1)),
        ..RegisterEntry::default()
    }]);
    let review = Filled::review(&[ReviewEntry {
        station_id: "GZZ-001".into(),
        applied: Some(true),
        mechanism: Some(false),
        ..ReviewEntry::default()
    }]);
    let mut xlsx = open(&register);
    let range = xlsx.worksheet_range(schema::register::SHEET.name).unwrap();
    let sheet = &schema::register::SHEET;
    assert_eq!(
        table_cell(&range, sheet, &schema::register::STATION_NAME, 0),
        &Data::String("某工作站".into())
    );
    assert_lands(
        table_cell(&range, sheet, &schema::register::RECOGNISED_ON, 0),
        &Input::Date(ymd(2020, 9, 1)),
        "认定日期",
    );
    assert_eq!(
        table_cell(&range, sheet, &schema::register::HOST, 0),
        &Data::Empty
    );

    let mut xlsx = open(&review);
    let range = xlsx.worksheet_range(schema::review::SHEET.name).unwrap();
    let sheet = &schema::review::SHEET;
    let cell = |f| table_cell(&range, sheet, f, 0).clone();
    assert_eq!(
        cell(&schema::review::APPLIED),
        Data::String(schema::YES.into())
    );
    assert_eq!(
        cell(&schema::review::MECHANISM),
        Data::String(schema::NO.into())
    );
    assert_eq!(cell(&schema::review::CONDITIONS), Data::Empty);
}

#[test]
fn every_choice_written_by_a_spec_is_an_allowed_value() {
    let spec = synth::report(3, crate::dates::AcademicYear::new(2022), &Sizes::default());
    let filled = spec.filled();
    let mut checked = 0;
    for (sheet, rows) in schema::REPORT.sheets.iter().zip(&filled.tables) {
        for (pos, input) in rows.iter().flatten() {
            if let (FieldType::Choice(c), Input::Text(v)) =
                (sheet.fields[usize::from(*pos)].ty, input)
            {
                assert!(c.values.contains(&v.as_str()), "{v} in {}", sheet.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 100);
}

#[test]
#[should_panic(expected = "has no field")]
fn a_field_of_another_sheet_is_refused() {
    Filled::new(Kind::Report).push_row(&report::PEOPLE, [(&report::STUDENT_ID, "1".into())]);
}

#[test]
fn excel_serials_match_excel() {
    assert_eq!(excel_serial(ymd(1900, 1, 1)), 1.0);
    assert_eq!(excel_serial(ymd(1900, 3, 1)), 61.0);
    assert_eq!(excel_serial(ymd(2023, 9, 1)), 45170.0);
}
