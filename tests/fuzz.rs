//! Mutation fuzzing of the per-file reader: valid workbooks (made by the program's own writer,
//! and by LibreOffice for .xls/.ods) are damaged byte by byte, or inside their zip (a sheet's
//! XML rewritten and the zip rebuilt, so the damage reaches the cell parser instead of
//! stopping at a checksum), then read by the real `ingest::read_file`.
//!
//! Every case must give a file entry that is either used (with its submission) or not used
//! (with a problem saying why), every problem must name the file, and the read must finish
//! within a bounded time. A panic inside the reader is allowed only as the file's
//! `read-panic` problem: the run never sees it.
//!
//! `cargo test --test fuzz` runs 1 000 cases from a fixed seed. A long run (run it under
//! `ulimit -v`: a hang that eats memory keeps its thread):
//! `GSW_FUZZ_CASES=1000000 GSW_FUZZ_SEED=11 cargo test --release --test fuzz damaged -- --nocapture`.
//! A failing case is saved under `target/tmp/fuzz-failures/`; an abort leaves its input in
//! `target/tmp/fuzz-current/`. The tests at the end rebuild what was found, and the
//! cargo-fuzz targets under `fuzz/` fuzz with coverage guidance (see `fuzz/README.md`).

mod common;

use gsw::dates::{ymd, AcademicYear};
use gsw::fill::synth::{self, Sizes};
use gsw::fill::Filled;
use gsw::fuzzing;
use gsw::ingest::{read_entry, read_file, FileResult};
use gsw::model::Format;
use gsw::model::{FileKind, FileStatus};
use gsw::model::{RegisterEntry, ReviewEntry};
use gsw::problem::Code;
use gsw::rules::Limits;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Cases per `cargo test` run (a few seconds in a debug build).
const DEFAULT_CASES: u32 = 1000;
/// A read that takes longer is a hang. Generous: debug builds on a busy shared machine.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// A valid workbook to start from, or a .zip of workbooks (`archive`: read like a folder,
/// SPEC §9.5; its `format` is that of the workbooks inside).
struct Seed {
    name: String,
    bytes: Vec<u8>,
    format: Format,
    archive: bool,
}

fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let small = Sizes {
            long_stays: 3,
            short_stays: 1,
            people: 3,
            outcomes: 2,
            funding_sources: 2,
        };
        let mut seeds = Vec::new();
        for seed in [1, 2] {
            let report = synth::report(seed, AcademicYear::new(2023), &small);
            seeds.push(Seed {
                name: format!("synth-report-{seed}.xlsx"),
                bytes: report.filled().to_bytes().unwrap(),
                format: Format::Xlsx,
                archive: false,
            });
        }
        let register = Filled::register(&[RegisterEntry {
            station_id: "GZZ-1".into(),
            station_name: Some("测试站".into()),
            host: Some("天津某公司".into()),
            host_type: Some("企业"),
            college: Some("药学院".into()),
            recognised_on: Some(ymd(2022, 9, 1)),
            ..Default::default()
        }]);
        let review = Filled::review(&[ReviewEntry {
            station_id: "GZZ-1".into(),
            applied: Some(true),
            conditions: Some("优越"),
            mechanism: Some(true),
            reviewed_on: Some(ymd(2026, 10, 1)),
            ..Default::default()
        }]);
        for (name, filled) in [("register.xlsx", register), ("review.xlsx", review)] {
            seeds.push(Seed {
                name: name.into(),
                bytes: filled.to_bytes().unwrap(),
                format: Format::Xlsx,
                archive: false,
            });
        }
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (name, format) in [
            ("messy-libreoffice.xlsx", Format::Xlsx),
            ("messy-libreoffice.xls", Format::Xls),
            ("messy-libreoffice.ods", Format::Ods),
        ] {
            seeds.push(Seed {
                name: name.into(),
                bytes: std::fs::read(fixtures.join(name)).unwrap(),
                format,
                archive: false,
            });
        }
        // A college's .zip: a report in a folder, the register, and a .zip inside holding
        // another report (names in UTF-8, flagged).
        let inner = fuzzing::zip(&[("乙站.xlsx".into(), seeds[1].bytes.clone())], true);
        let parts = vec![
            ("药学院/甲站.xlsx".to_string(), seeds[0].bytes.clone()),
            ("药学院/名册.xlsx".to_string(), seeds[2].bytes.clone()),
            ("内层.zip".to_string(), inner),
        ];
        seeds.push(Seed {
            name: "archive.zip".into(),
            bytes: fuzzing::zip(&parts, true),
            format: Format::Xlsx,
            archive: true,
        });
        seeds
    })
}

/// Texts that break XML or push a reader to its limits, inserted as they are.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "&",
    "&#0;",
    "&#xFFFFFFFF;",
    "&nbsp;",
    "<![CDATA[",
    "]]>",
    "\u{0}",
    "\u{FEFF}",
    "</c>",
    "</row>",
    "</sheetData>",
    "<c r=\"A1\" t=\"s\"><v>999999</v></c>",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<c r=\"XFE1\"><v>1</v></c>",
    "<c r=\"A0\"><v>1</v></c>",
    "<c><v>1</v></c><c><v>2</v></c>",
    "<c r=\"B2\" t=\"inlineStr\"><is><t>合计</t></is></c>",
    "<c r=\"C3\" t=\"e\"><v>#REF!</v></c>",
    "<c r=\"D4\" t=\"d\"><v>2023-13-45T99:99:99</v></c>",
    "<c r=\"E5\" s=\"99999\"><v>45000</v></c>",
    "<c r=\"F6\"><f>SUM(A1:A2)</f></c>",
    "<row r=\"0\">",
    "<row r=\"4294967296\">",
    "<row r=\"1048576\" spans=\"1:16384\">",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<sheet name=\"进站研究生\" sheetId=\"9\" r:id=\"rId1\"/>",
    "<si><t>进站研究生</t></si>",
    "<si><r><t>学</t></r><r><t>号</t></r></si>",
    "table:number-columns-repeated=\"1000000000\" ",
    "table:number-rows-repeated=\"1048576\" ",
    "<table:table-cell table:number-columns-repeated=\"16384\"/>",
    "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell/></table:table-row>",
    "<table:table-cell office:value-type=\"float\" office:value=\"NaN\"/>",
    "<table:table-cell office:value-type=\"date\" office:date-value=\"99999-99-99\"/>",
    "<table:covered-table-cell/>",
    "<text:p>合计</text:p>",
];

/// Numbers that sit on a limit, or past it.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0",
    "0.5",
    "1e308",
    "1e309",
    "NaN",
    "inf",
    "16384",
    "16385",
    "1048576",
    "1048577",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999",
    "",
];

/// Values of a cell's `t="…"` (xlsx) or `office:value-type="…"` (ods).
const CELL_TYPES: &[&str] = &[
    "s",
    "n",
    "b",
    "e",
    "str",
    "inlineStr",
    "d",
    "",
    "float",
    "date",
    "time",
    "boolean",
    "percentage",
    "currency",
    "string",
    "void",
];

/// One change to a run of bytes. Positions are `Index`es: a fraction of the current length.
#[derive(Debug, Clone)]
enum Op {
    Flip(Index, u8),
    Truncate(Index),
    Delete(Index, usize),
    /// Copies `len` bytes from one place over to another place (inserted).
    Splice(Index, usize, Index),
    Insert(Index, Vec<u8>),
    /// Repeats `len` bytes at a place `times` times.
    Repeat(Index, usize, usize),
    Token(Index, usize),
    /// Replaces the next run of digits at or after a place with one of `NUMBERS`.
    Number(Index, usize),
    /// Replaces the next cell type attribute value at or after a place.
    CellType(Index, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Op::Flip(i, b)),
        1 => any::<Index>().prop_map(Op::Truncate),
        1 => (any::<Index>(), 1usize..256).prop_map(|(i, n)| Op::Delete(i, n)),
        1 => (any::<Index>(), 1usize..256, any::<Index>()).prop_map(|(a, n, b)| Op::Splice(a, n, b)),
        1 => (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Op::Insert(i, b)),
        1 => (any::<Index>(), 1usize..64, 2usize..200).prop_map(|(i, n, t)| Op::Repeat(i, n, t)),
        3 => (any::<Index>(), 0..TOKENS.len()).prop_map(|(i, t)| Op::Token(i, t)),
        3 => (any::<Index>(), 0..NUMBERS.len()).prop_map(|(i, n)| Op::Number(i, n)),
        2 => (any::<Index>(), 0..CELL_TYPES.len()).prop_map(|(i, t)| Op::CellType(i, t)),
    ]
}

/// Where the ops apply.
#[derive(Debug, Clone)]
enum Target {
    /// The file's bytes as they are.
    File(Vec<Op>),
    /// Parts inside the zip (chosen among the XML parts, sheets most often), then the zip is
    /// rebuilt, stored or deflated.
    Parts(Vec<(Index, Vec<Op>)>, bool),
}

#[derive(Debug, Clone)]
struct Case {
    seed: Index,
    /// Read as another format than the seed's (a renamed file).
    read_as: Option<Format>,
    target: Target,
}

fn case() -> impl Strategy<Value = Case> {
    let ops = || proptest::collection::vec(op(), 1..5);
    let target = prop_oneof![
        1 => ops().prop_map(Target::File),
        2 => (proptest::collection::vec((any::<Index>(), ops()), 1..3), any::<bool>())
            .prop_map(|(parts, deflate)| Target::Parts(parts, deflate)),
    ];
    let read_as = prop_oneof![
        12 => Just(None),
        1 => prop_oneof![
            Just(Format::Xlsx),
            Just(Format::Xlsb),
            Just(Format::Xls),
            Just(Format::Ods)
        ]
        .prop_map(Some),
    ];
    (any::<Index>(), read_as, target).prop_map(|(seed, read_as, target)| Case {
        seed,
        read_as,
        target,
    })
}

fn at(i: &Index, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        i.index(len)
    }
}

fn apply(op: &Op, b: &mut Vec<u8>) {
    let len = b.len();
    match op {
        Op::Flip(i, bit) => {
            if len > 0 {
                b[at(i, len)] ^= 1 << bit;
            }
        }
        Op::Truncate(i) => b.truncate(at(i, len)),
        Op::Delete(i, n) => {
            let s = at(i, len);
            b.drain(s..(s + n).min(len));
        }
        Op::Splice(from, n, to) => {
            let s = at(from, len);
            let chunk = b[s..(s + n).min(len)].to_vec();
            let t = at(to, len);
            b.splice(t..t, chunk);
        }
        Op::Insert(i, bytes) => {
            let s = at(i, len);
            b.splice(s..s, bytes.iter().copied());
        }
        Op::Repeat(i, n, times) => {
            let s = at(i, len);
            let chunk = b[s..(s + n).min(len)].to_vec();
            let copies: Vec<u8> = chunk.repeat(*times);
            b.splice(s..s, copies);
        }
        Op::Token(i, t) => {
            let s = at(i, len);
            b.splice(s..s, TOKENS[*t].bytes());
        }
        Op::Number(i, n) => {
            let s = at(i, len);
            if let Some(start) = (s..len).find(|&k| b[k].is_ascii_digit()) {
                let end = (start..len)
                    .find(|&k| !b[k].is_ascii_digit())
                    .unwrap_or(len);
                b.splice(start..end, NUMBERS[*n].bytes());
            }
        }
        Op::CellType(i, t) => {
            let s = at(i, len);
            let found = [&b" t=\""[..], b"value-type=\""]
                .iter()
                .filter_map(|pat| find(&b[s..], pat).map(|k| s + k + pat.len()))
                .min();
            if let Some(start) = found {
                let end = (start..len).find(|&k| b[k] == b'"').unwrap_or(len);
                b.splice(start..end, CELL_TYPES[*t].bytes());
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The parts worth damaging: XML, sheets first (listed twice, so chosen more often).
fn xml_parts(parts: &[(String, Vec<u8>)]) -> Vec<usize> {
    let mut chosen = Vec::new();
    for (i, (name, _)) in parts.iter().enumerate() {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            chosen.push(i);
            if name.contains("worksheets/")
                || name == "content.xml"
                || name.contains("sharedStrings")
            {
                chosen.push(i);
            }
        }
    }
    chosen
}

/// How a case is read: as a workbook of a format, or as a .zip of the input folder.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ReadAs {
    Workbook(Format),
    Archive,
}

/// The bytes of a case and how they are read.
fn build(case: &Case) -> (Vec<u8>, ReadAs) {
    let seeds = seeds();
    let seed = &seeds[case.seed.index(seeds.len())];
    let mut bytes = seed.bytes.clone();
    match &case.target {
        Target::File(ops) => ops.iter().for_each(|op| apply(op, &mut bytes)),
        Target::Parts(changes, deflate) => bytes = damage_parts(bytes, changes, *deflate),
    }
    let read_as = match (case.read_as, seed.archive) {
        (Some(format), _) => ReadAs::Workbook(format),
        (None, true) => ReadAs::Archive,
        (None, false) => ReadAs::Workbook(seed.format),
    };
    (bytes, read_as)
}

/// Damage inside a zip, which is then rebuilt: to its XML parts (a workbook), or to the
/// parts of its members (an archive of workbooks, one level down).
fn damage_parts(bytes: Vec<u8>, changes: &[(Index, Vec<Op>)], deflate: bool) -> Vec<u8> {
    let Some(mut parts) = fuzzing::unzip(&bytes) else {
        // Not a zip (.xls): damage the bytes instead.
        let mut bytes = bytes;
        (changes.iter().flat_map(|(_, ops)| ops)).for_each(|op| apply(op, &mut bytes));
        return bytes;
    };
    let xml = xml_parts(&parts);
    if xml.is_empty() {
        for (which, ops) in changes {
            let at = which.index(parts.len());
            let member = &mut parts[at].1;
            *member = damage_parts(std::mem::take(member), &[(*which, ops.clone())], deflate);
        }
    } else {
        for (which, ops) in changes {
            let part = &mut parts[xml[which.index(xml.len())]].1;
            ops.iter().for_each(|op| apply(op, part));
        }
    }
    fuzzing::zip(&parts, deflate)
}

/// Reads `bytes` as a file of `format` through the real per-file reader, on its own thread
/// so that a hang is seen as one.
fn read(dir: &Path, bytes: &[u8], format: Format) -> Result<(FileResult, Duration), String> {
    let (mut results, took) = read_as(dir, bytes, ReadAs::Workbook(format))?;
    Ok((results.remove(0), took))
}

/// The name a case is read under.
fn case_name(how: ReadAs) -> String {
    match how {
        ReadAs::Workbook(format) => fuzzing::case_name(format),
        ReadAs::Archive => fuzzing::ARCHIVE_CASE.to_string(),
    }
}

/// [`read`], or a .zip read like a folder (its own row, then its members').
fn read_as(dir: &Path, bytes: &[u8], how: ReadAs) -> Result<(Vec<FileResult>, Duration), String> {
    let found = match how {
        ReadAs::Workbook(format) => fuzzing::case_file(dir, bytes, format),
        ReadAs::Archive => fuzzing::archive_file(dir, bytes),
    };
    let found = found.map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("fuzz-read".into())
        .spawn(move || {
            let _ = tx.send(match how {
                ReadAs::Workbook(_) => vec![read_file(found, Limits::default())],
                ReadAs::Archive => read_entry(found, Limits::default()),
            });
        })
        .map_err(|e| e.to_string())?;
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(r) => Ok((r, started.elapsed())),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("read did not finish within {TIME_LIMIT:?}"))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("a panic escaped read_file".to_string())
        }
    }
}

/// Runs `cases` cases from `seed`; returns how the files ended up, by outcome.
fn run(cases: u32, seed: u64) -> BTreeMap<String, usize> {
    // A fixed folder: if a case aborts the process (which no test can catch), its input is
    // left there as `case.<ext>`.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-current");
    std::fs::create_dir_all(&dir).unwrap();
    let tally: Mutex<BTreeMap<String, usize>> = Mutex::default();
    let slowest: Mutex<(Duration, String)> = Mutex::default();
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 500,
        // A hang takes TIME_LIMIT per try: shrink it briefly, the first failure is saved.
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let outcome = runner.run(&case(), |case| {
        let (bytes, how) = build(&case);
        let failed = |why: String| {
            let saved = save_failure(&bytes, how);
            eprintln!("FAILED ({why}), input saved as {saved}: {case:?}");
            TestCaseError::fail(why)
        };
        let (results, took) = read_as(&dir, &bytes, how).map_err(failed)?;
        fuzzing::check_entry(&results, &case_name(how)).map_err(failed)?;
        for r in &results {
            let label = match r.problems.iter().find(|p| p.code == Code::ReadPanic) {
                Some(_) => "not used: read-panic (caught)".to_string(),
                None if r.file.kind == FileKind::Archive => format!("archive {:?}", r.file.status),
                None => format!("{:?}", r.file.status),
            };
            *tally.lock().unwrap().entry(label).or_default() += 1;
        }
        let mut s = slowest.lock().unwrap();
        if took > s.0 {
            *s = (took, format!("{case:?}"));
        }
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    let (took, case) = slowest.into_inner().unwrap();
    eprintln!("slowest case: {took:?} {case:.300}");
    tally.into_inner().unwrap()
}

/// Keeps a failing input under the target folder, named by its content, for a regression test.
fn save_failure(bytes: &[u8], how: ReadAs) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(bytes, &mut h);
    let extension = match how {
        ReadAs::Workbook(format) => fuzzing::extension(format),
        ReadAs::Archive => "zip",
    };
    let path = dir.join(format!(
        "{:016x}.{extension}",
        std::hash::Hasher::finish(&h)
    ));
    let _ = std::fs::write(&path, bytes);
    path.display().to_string()
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn damaged_workbooks_are_used_or_listed_never_crash_or_hang() {
    let cases = env_u64("GSW_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let seed = env_u64("GSW_FUZZ_SEED").unwrap_or(0x6773_7766);
    let started = Instant::now();
    let tally = run(cases, seed);
    eprintln!(
        "{cases} cases from seed {seed} in {:?}: {tally:?}",
        started.elapsed()
    );
    // The mutations are not all fatal: some damaged files must still be read.
    assert!(tally.get("Used").copied().unwrap_or(0) > 0, "{tally:?}");
    assert!(tally.get("NotUsed").copied().unwrap_or(0) > 0, "{tally:?}");
}

fn read_with(bytes: &[u8], reader: gsw::read::Reader) -> Option<Result<common::Reading, String>> {
    std::panic::catch_unwind(|| common::read_xlsx(bytes, reader).map(|(r, _)| r)).ok()
}

/// gsw's lean .xlsx reader gives what calamine gives on damaged files: wherever calamine
/// reads a sheet, the same cells (or the lean reader stepped aside and calamine read it);
/// it may read what calamine refuses. `GSW_FUZZ_CASES` sets the number of cases here too.
#[test]
fn the_lean_reader_agrees_with_calamine_on_damaged_xlsx() {
    let cases = env_u64("GSW_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let seed = env_u64("GSW_FUZZ_SEED").unwrap_or(0x6c65_616e);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let tally: Mutex<BTreeMap<&str, usize>> = Mutex::default();
    let outcome = runner.run(&case(), |case| {
        let (bytes, how) = build(&case);
        if how != ReadAs::Workbook(Format::Xlsx) {
            return Ok(());
        }
        let silent = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let lean = read_with(&bytes, gsw::read::Reader::Auto);
        let calamine = read_with(&bytes, gsw::read::Reader::Calamine);
        std::panic::set_hook(silent);
        let label = match (&lean, &calamine) {
            (_, None) => "calamine panicked",
            (_, Some(Err(_))) => "calamine refused the file",
            (None, _) => return Err(TestCaseError::fail("the lean path panicked")),
            (Some(Err(e)), Some(Ok(_))) => {
                return Err(TestCaseError::fail(format!(
                    "only the lean path refused: {e}"
                )))
            }
            (Some(Ok(l)), Some(Ok(c))) => {
                if l.names != c.names {
                    let saved = save_failure(&bytes, how);
                    return Err(TestCaseError::fail(format!(
                        "names {:?} vs {:?} (saved as {saved})",
                        l.names, c.names
                    )));
                }
                for (i, (ls, cs)) in l.sheets.iter().zip(&c.sheets).enumerate() {
                    // Compared as printed: NaN (calamine reads "NaN") equals itself there.
                    if cs.is_ok() && format!("{ls:?}") != format!("{cs:?}") {
                        let saved = save_failure(&bytes, how);
                        return Err(TestCaseError::fail(format!(
                            "sheet {} differs (saved as {saved}):\n lean {ls:?}\n calamine {cs:?}",
                            l.names[i]
                        )));
                    }
                }
                "both read it"
            }
        };
        *tally.lock().unwrap().entry(label).or_default() += 1;
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    let tally = tally.into_inner().unwrap();
    eprintln!("{cases} cases from seed {seed}: {tally:?}");
    assert!(
        tally.get("both read it").copied().unwrap_or(0) > 0,
        "{tally:?}"
    );
}

/// How an undamaged seed is read.
fn read_as_seed(seed: &Seed) -> ReadAs {
    match seed.archive {
        true => ReadAs::Archive,
        false => ReadAs::Workbook(seed.format),
    }
}

/// Every workbook of `results` used (an archive's own row is listed, not used).
fn assert_all_used(results: &[FileResult], seed: &str) {
    for r in results {
        let want = match r.file.kind {
            FileKind::Archive => FileStatus::Ignored,
            _ => FileStatus::Used,
        };
        assert_eq!(r.file.status, want, "{seed}: {}", r.file.source.path);
    }
}

#[test]
fn every_seed_is_read_undamaged() {
    let dir = tempfile::tempdir().unwrap();
    for seed in seeds() {
        let how = read_as_seed(seed);
        let (results, _) = read_as(dir.path(), &seed.bytes, how).unwrap();
        fuzzing::check_entry(&results, &case_name(how)).unwrap();
        assert_all_used(&results, &seed.name);
        let workbooks = results.iter().filter(|r| r.file.kind != FileKind::Archive);
        assert_eq!(workbooks.count(), if seed.archive { 3 } else { 1 });
    }
}

#[test]
fn a_rebuilt_zip_without_damage_is_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for seed in seeds().iter().filter(|s| s.format != Format::Xls) {
        for deflate in [false, true] {
            let parts = fuzzing::unzip(&seed.bytes).unwrap();
            let bytes = fuzzing::zip(&parts, deflate);
            let (results, _) = read_as(dir.path(), &bytes, read_as_seed(seed)).unwrap();
            assert_all_used(&results, &seed.name);
        }
    }
}

// Reproducers of what the fuzzer found, rebuilt in code from the LibreOffice fixture.

/// The fixture .ods with its `content.xml` changed by `edit`.
fn ods_with_content(edit: impl FnOnce(&str) -> String) -> Vec<u8> {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy-libreoffice.ods");
    let mut parts = fuzzing::unzip(&std::fs::read(fixture).unwrap()).unwrap();
    let content = parts.iter_mut().find(|(n, _)| n == "content.xml").unwrap();
    content.1 = edit(std::str::from_utf8(&content.1).unwrap()).into_bytes();
    fuzzing::zip(&parts, true)
}

fn assert_refused_quickly(bytes: &[u8], code: Code, words: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (r, took) = read(dir.path(), bytes, Format::Ods).unwrap();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(r.file.status, FileStatus::NotUsed);
    assert_eq!(r.problems[0].code, code, "{}", r.problems[0].message);
    assert!(
        r.problems[0].message.contains(words),
        "{}",
        r.problems[0].message
    );
}

/// calamine 0.38 looped forever on a content.xml that ends inside a table (fuzz case: 140
/// bytes deleted before the last `</table:table>`).
#[test]
fn an_ods_cut_inside_a_table_is_corrupt_not_a_hang() {
    let bytes = ods_with_content(|c| {
        let end = c.rfind("</table:table>").unwrap();
        format!("{}{}", &c[..end - 140], &c[end + "</table:table>".len()..])
    });
    assert_refused_quickly(&bytes, Code::FileUnreadable, "content.xml");
    let bytes = ods_with_content(|c| {
        let at = c.find("<text:p>").unwrap();
        format!("{}<office:annotation><text:p>x</text:p>", &c[..at])
    });
    assert_refused_quickly(&bytes, Code::FileUnreadable, "中断");
}

/// A 30 KB .ods that calamine would expand to 98 million cells (6 GB) before our limit.
#[test]
fn an_ods_of_repeated_cells_is_refused_before_it_is_expanded() {
    let bytes = ods_with_content(|c| {
        let at = c.find("<table:table-row").unwrap();
        format!(
            "{}<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell \
             office:value-type=\"float\" office:value=\"1\" \
             table:number-columns-repeated=\"16384\"/></table:table-row>{}",
            &c[..at],
            &c[at..]
        )
    });
    assert_refused_quickly(&bytes, Code::LimitExceeded, "单元格超过上限");
}

/// calamine 0.38 allocated a sheet spanning row 65 536 × column 65 536 (137 GB) for an .xls
/// with one cell record moved there: the allocation failed and aborted the whole process.
#[test]
fn an_xls_with_a_far_cell_is_refused_not_an_abort() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy-libreoffice.xls");
    let mut bytes = std::fs::read(fixture).unwrap();
    // The first LabelSst record (type 0x00FD, 10 bytes): row and column follow its header.
    let at = find(&bytes, &[0xFD, 0x00, 0x0A, 0x00]).unwrap() + 4;
    bytes[at..at + 4].copy_from_slice(&[0xFF; 4]);
    let dir = tempfile::tempdir().unwrap();
    let (r, took) = read(dir.path(), &bytes, Format::Xls).unwrap();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(r.file.status, FileStatus::NotUsed);
    assert_eq!(
        r.problems[0].code,
        Code::LimitExceeded,
        "{}",
        r.problems[0].message
    );
}

/// calamine 0.38 reserved room for as many shared strings as `uniqueCount` declares: 4 294 967 295
/// of them aborted the process (found by the long run of the mutation test). gsw's lean reader
/// does not trust the count and reads the strings that are there; where calamine reads, the
/// file is refused first.
#[test]
fn an_xlsx_declaring_billions_of_strings_is_read_or_refused_not_an_abort() {
    let seed = &seeds()[0];
    let mut parts = fuzzing::unzip(&seed.bytes).unwrap();
    let shared = parts
        .iter_mut()
        .find(|(n, _)| n.ends_with("sharedStrings.xml"))
        .unwrap();
    let xml = String::from_utf8(shared.1.clone()).unwrap();
    let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
    let end = at + xml[at..].find('"').unwrap();
    shared.1 = format!("{}4294967295{}", &xml[..at], &xml[end..]).into_bytes();
    let bytes = fuzzing::zip(&parts, true);
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = read(dir.path(), &bytes, Format::Xlsx).unwrap();
    assert_eq!(r.file.status, FileStatus::Used);

    let calamine = gsw::read::open_using(
        bytes,
        Format::Xlsx,
        Limits::default(),
        gsw::read::Reader::Calamine,
    );
    let message = calamine.err().unwrap().to_string();
    assert!(message.contains("4294967295"), "{message}");
}

/// calamine 0.38's compound-file reader follows the directory's sector chain with no bound:
/// a chain pointing at itself grew a buffer to 24 GB within a minute. It runs for .xls, and
/// for .xlsx/.xlsb too (to look for an encrypted package) — an .xls renamed .xlsb hit it in
/// the long run of the mutation test.
#[test]
fn a_compound_file_whose_directory_chain_loops_is_refused_in_every_format() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy-libreoffice.xls");
    let mut bytes = std::fs::read(fixture).unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let dir_start = u32_at(&bytes, 48);
    let first_fat_sector = u32_at(&bytes, 76) as usize;
    let entry = 512 + first_fat_sector * 512 + 4 * dir_start as usize;
    bytes[entry..entry + 4].copy_from_slice(&dir_start.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Xls, Format::Xlsx, Format::Xlsb] {
        let (r, took) = read(dir.path(), &bytes, format).unwrap();
        assert!(took < Duration::from_secs(5), "{format:?}: {took:?}");
        assert_eq!(r.file.status, FileStatus::NotUsed, "{format:?}");
        assert_eq!(r.problems[0].code, Code::FileUnreadable, "{format:?}");
        assert!(
            r.problems[0].message.contains("循环"),
            "{}",
            r.problems[0].message
        );
    }
}
