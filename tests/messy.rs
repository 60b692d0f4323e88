//! Messy input (SPEC §3.6): every tolerated value is read right, every defect is reported at
//! its exact cell, and nothing else is reported.

mod common;

use gsw::cmd::check::check_one;

#[test]
fn every_tolerated_value_is_read_and_every_defect_is_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("药学院 测试站.xlsx");
    common::messy_report(&path);
    common::assert_messy_read(check_one(&path));
}
