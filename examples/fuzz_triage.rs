//! Triage of fuzz inputs that panic inside the reader (gsw catches those panics, so they are
//! not failures: the file is 未采用 with `read-panic`). Reads each workbook in a folder
//! without gsw's catch and prints the panics grouped by source line, with an example file of
//! each, so that they can be reported to the library they come from (see `fuzz/README.md`).
//!
//! Run: `cargo run --example fuzz_triage -- fuzz/caught/zip_part`. A debug build, as the
//! fuzzer runs: integer-overflow checks panic there and not in a release build.

use gsw::model::Format;

use gsw::rules::Limits;
use gsw::validate::{self, Recognised};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --example fuzz_triage -- FOLDER");
        return ExitCode::FAILURE;
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    static WHERE: Mutex<String> = Mutex::new(String::new());
    std::panic::set_hook(Box::new(|info| {
        let message = (info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info.location().map(|l| l.to_string()).unwrap_or_default();
        *WHERE.lock().unwrap_or_else(|p| p.into_inner()) = format!("{place}: {message:.120}");
    }));
    let mut by_place: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut files = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(format) = Format::of_path(&path) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        files += 1;
        let outcome = std::panic::catch_unwind(move || {
            if let Ok(mut wb) = gsw::read::open(bytes, format, Limits::default()) {
                if let Recognised::Kind(kind) = validate::recognise(&wb.sheet_names) {
                    let _ = validate::validate(&mut wb, kind, "x");
                }
            }
        });
        if outcome.is_err() {
            let place = WHERE.lock().unwrap_or_else(|p| p.into_inner()).clone();
            let e = by_place
                .entry(place)
                .or_insert((0, path.display().to_string()));
            e.0 += 1;
        }
    }
    let _ = std::panic::take_hook();
    let panicked: usize = by_place.values().map(|(n, _)| n).sum();
    println!("{files} workbooks, {panicked} panicked");
    for (place, (n, example)) in by_place {
        println!("{n:5}  {place}\n       e.g. {example}");
    }
    ExitCode::SUCCESS
}
