//! Regenerates the LibreOffice fixtures under `tests/fixtures/` (`messy-libreoffice.xls`,
//! `.ods`, `.xlsx`): the messy report of `tests/common` (the same code whose reading the
//! tests check cell by cell) converted by `soffice --headless --convert-to`. Needs
//! LibreOffice; the committed files were made with LibreOffice 7.4 on Debian 12.
//!
//! Run: `cargo run --example make_fixtures`, then `cargo test --test formats` and commit the
//! files with the LibreOffice version in the message. `encrypted-password-gsw.xlsx` is made
//! by another tool (see `tests/formats.rs`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path().join("messy.xlsx");
    common::messy_report(&src);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("a folder for LibreOffice's output");
    for filter in ["xls", "ods", "xlsx:Calc MS Excel 2007 XML"] {
        let Some(made) = common::soffice_convert(&src, filter, &out) else {
            return ExitCode::FAILURE;
        };
        let ext = made.extension().and_then(|e| e.to_str()).unwrap_or(filter);
        let to = fixtures.join(format!("messy-libreoffice.{ext}"));
        if let Err(e) = std::fs::copy(&made, &to) {
            eprintln!("{}: {e}", to.display());
            return ExitCode::FAILURE;
        }
        println!("{}", to.display());
    }
    ExitCode::SUCCESS
}
