//! Round trip: the template writer fills a workbook, the reader reads it back with zero
//! problems and the same values.

use gsw::cmd::check::check_one;
use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::Filled;
use gsw::model::{RegisterEntry, ReviewEntry, Submission};

#[test]
fn a_filled_report_reads_back_with_no_problems_and_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=5u64 {
        let spec = synth::report(seed, AcademicYear::new(2023), &Sizes::default());
        let path = dir.path().join(format!("report-{seed}.xlsx"));
        spec.filled().save(&path).unwrap();
        let result = check_one(&path);
        let messages: Vec<String> = result.problems.iter().map(|p| p.to_string()).collect();
        assert!(messages.is_empty(), "seed {seed}: {messages:#?}");
        let Some(Submission::Report(mut got)) = result.submission else {
            panic!("seed {seed}: not read as a report");
        };
        let mut want = spec.to_model();
        // What the reader adds about the file itself.
        want.file = got.file.clone();
        got.layouts = Default::default();
        assert_eq!(got.info, want.info, "seed {seed}");
        assert_eq!(got.students, want.students, "seed {seed}");
        assert_eq!(got.people, want.people, "seed {seed}");
        assert_eq!(got.outcomes, want.outcomes, "seed {seed}");
        assert_eq!(got.funding, want.funding, "seed {seed}");
        assert_eq!(*got, want, "seed {seed}");
    }
}

#[test]
fn the_register_and_the_review_form_read_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let register = vec![
        RegisterEntry {
            station_id: "GZZ-1".into(),
            station_name: Some("甲站".into()),
            host: Some("天津甲公司".into()),
            host_type: Some("企业"),
            college: Some("药学院".into()),
            recognised_on: Some(ymd(2022, 9, 1)),
            remark: Some("备注".into()),
            ..Default::default()
        },
        RegisterEntry {
            station_id: "GZZ-2".into(),
            station_name: Some("乙站".into()),
            host: Some("天津乙医院".into()),
            host_type: Some("事业单位"),
            college: Some("第二医院".into()),
            recognised_on: Some(ymd(2020, 2, 29)),
            ..Default::default()
        },
    ];
    let review = vec![ReviewEntry {
        station_id: "GZZ-1".into(),
        station_name: Some("甲站".into()),
        applied: Some(true),
        conditions: Some("优越"),
        rules_sound: None,
        mechanism: Some(false),
        cooperation: Some(true),
        benefit: None,
        opinion: Some("成效显著".into()),
        reviewed_on: Some(ymd(2026, 9, 1)),
        ..Default::default()
    }];

    let path = dir.path().join("名册.xlsx");
    Filled::register(&register).save(&path).unwrap();
    let r = check_one(&path);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let Some(Submission::Register(got)) = r.submission else {
        panic!("not a register")
    };
    assert_eq!(got.len(), register.len());
    for (g, w) in got.iter().zip(&register) {
        let w = RegisterEntry {
            file: g.file.clone(),
            row: g.row,
            ..w.clone()
        };
        assert_eq!(*g, w);
    }

    let path = dir.path().join("评议.xlsx");
    Filled::review(&review).save(&path).unwrap();
    let r = check_one(&path);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let Some(Submission::Review(got)) = r.submission else {
        panic!("not a review form")
    };
    let w = ReviewEntry {
        file: got[0].file.clone(),
        row: got[0].row,
        ..review[0].clone()
    };
    assert_eq!(got, [w]);
}

#[test]
fn blank_templates_are_recognised_and_explain_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let written = gsw::template::write_all(dir.path()).unwrap();
    assert_eq!(written.len(), 3);
    for path in written {
        let r = check_one(&path);
        assert_ne!(
            r.file.kind,
            gsw::model::FileKind::UnknownSpreadsheet,
            "{path:?}"
        );
        if r.file.kind == gsw::model::FileKind::Report {
            // A blank report cannot be placed in a station, and says why.
            assert_eq!(r.file.status, gsw::model::FileStatus::NotUsed);
            let codes: Vec<_> = r.problems.iter().map(|p| p.code).collect();
            assert!(
                codes.contains(&gsw::problem::Code::NoStationId),
                "{codes:?}"
            );
            assert!(r
                .problems
                .iter()
                .any(|p| p.code == gsw::problem::Code::Required
                    && p.message.starts_with("工作站编号")));
        }
    }
}
