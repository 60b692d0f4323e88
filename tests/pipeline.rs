//! The pipeline across files (SPEC §5.1–5.2): duplicates, superseded resends, byte-identical
//! copies, reports outside the term, and the same student in two stations.

use gsw::consolidate::{consolidate, Options};
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::ReportSpec;
use gsw::model::FileStatus;
use gsw::problem::Code;
use gsw::rules::Rules;
use gsw::summary::Summary;
use std::path::Path;

fn small() -> Sizes {
    Sizes {
        long_stays: 3,
        short_stays: 1,
        people: 2,
        outcomes: 2,
        funding_sources: 1,
    }
}

fn spec(seed: u64, id: &str, year: i32) -> ReportSpec {
    let mut s = synth::report(seed, AcademicYear::new(year), &small());
    s.station_id = id.to_string();
    s.recognised_on = ymd(2022, 9, 1);
    s
}

fn run(dir: &Path) -> Summary {
    let options = Options {
        as_of: ymd(2026, 11, 30),
        rules: Rules::default(),
        limits: Default::default(),
        skip: Vec::new(),
    };
    consolidate(dir, &options, &|| {})
}

fn status_of(summary: &Summary, file: &str) -> FileStatus {
    summary
        .files
        .iter()
        .find(|f| f.source.path == file)
        .unwrap_or_else(|| panic!("{file} not listed"))
        .status
}

#[test]
fn a_late_correction_keeps_the_year_on_time_and_supersedes_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let mut original = spec(1, "S1", 2023);
    original.filed_on = ymd(2024, 7, 5);
    let mut corrected = original.clone();
    original.students[0].paid_in_full = false; // a typo the correction fixes
    original.filled().save(&dir.path().join("a.xlsx")).unwrap();
    corrected.filed_on = ymd(2024, 7, 20);
    corrected.filled().save(&dir.path().join("b.xlsx")).unwrap();

    let s = run(dir.path());
    assert_eq!(status_of(&s, "a.xlsx"), FileStatus::Superseded);
    assert_eq!(status_of(&s, "b.xlsx"), FileStatus::Used);
    let superseded = s
        .problems
        .iter()
        .find(|p| p.code == Code::Superseded)
        .unwrap();
    assert_eq!(superseded.file.as_deref(), Some("a.xlsx"));
    assert!(
        superseded.message.contains("b.xlsx"),
        "{}",
        superseded.message
    );
    let a = &s.assessments[0];
    let year = a.years.iter().find(|y| y.year.start_year == 2023).unwrap();
    assert_eq!(
        year.status.label(),
        "按时",
        "judged by the earliest 填报日期"
    );
    let c4 = a.criteria.iter().find(|c| c.id == "C4").unwrap();
    assert_eq!(
        c4.result().label(),
        "达标",
        "data from the latest 填报日期: {}",
        c4.evidence
    );
}

#[test]
fn byte_identical_copies_and_reports_outside_the_term_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let r = spec(2, "S2", 2023);
    r.filled().save(&dir.path().join("a.xlsx")).unwrap();
    std::fs::copy(dir.path().join("a.xlsx"), dir.path().join("a-copy.xlsx")).unwrap();
    spec(3, "S2", 2019)
        .filled()
        .save(&dir.path().join("old.xlsx"))
        .unwrap();

    let s = run(dir.path());
    let identical: Vec<_> = s
        .problems
        .iter()
        .filter(|p| p.code == Code::DuplicateFile)
        .collect();
    assert_eq!(identical.len(), 1);
    assert!(
        identical[0].message.contains("a-copy.xlsx") || identical[0].message.contains("a.xlsx")
    );
    assert!(s.problems.iter().any(|p| p.code == Code::YearOutsideTerm));
    assert_eq!(status_of(&s, "old.xlsx"), FileStatus::NotUsed);
}

#[test]
fn the_same_student_in_two_stations_on_overlapping_days_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let a = spec(4, "S4", 2023);
    let mut b = spec(5, "S5", 2023);
    for st in &mut b.students {
        st.student_id = format!("B{}", st.student_id);
    }
    b.students[0] = a.students[0].clone();
    a.filled().save(&dir.path().join("a.xlsx")).unwrap();
    b.filled().save(&dir.path().join("b.xlsx")).unwrap();
    let s = run(dir.path());
    let w: Vec<_> = s
        .problems
        .iter()
        .filter(|p| p.code == Code::StudentInTwoStations)
        .collect();
    let id = a.students[0].student_id.as_str();
    assert_eq!(w.len(), 2, "one warning in each station: {w:?}");
    assert!(w.iter().all(|p| p.message.contains(id)), "{w:?}");
}
