//! Shared by the fuzz targets: run bytes through gsw's real per-file reader and check what
//! every file result must satisfy (`gsw::fuzzing::check`, the same checks as `tests/fuzz.rs`).
//! A violated check panics outside the reader, so libFuzzer records it as a crash; a panic
//! inside the reader is caught by gsw itself (the file's `read-panic` problem) and, with
//! `GSW_FUZZ_CAUGHT=dir`, the input is kept there for triage
//! (`cargo run --example fuzz_triage -- dir` at the top of the repository).

use gsw::fuzzing::{self, extension, unzip, Parts};
use gsw::ingest::{read_file, FileResult};
use gsw::problem::Code;
use gsw::model::Format;
use gsw::rules::Limits;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const FORMATS: [Format; 4] = [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods];

/// One scratch folder per process (libFuzzer runs one input at a time).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("gsw-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("scratch folder");
        d
    })
}

/// Reads `bytes` as a file of `format` and checks the result; panics on a violation.
pub fn read_and_check(bytes: &[u8], format: Format) -> FileResult {
    let found = fuzzing::case_file(scratch(), bytes, format).expect("write scratch file");
    let rel = found.rel.clone();
    let r = read_file(found, Limits::default());
    if let Err(why) = fuzzing::check(&r, &rel) {
        panic!("{why}");
    }
    if r.problems.iter().any(|p| p.code == Code::ReadPanic) {
        if let Some(dir) = std::env::var_os("GSW_FUZZ_CAUGHT") {
            let name = format!("{:x}.{}", Sha256::digest(bytes), extension(format));
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(PathBuf::from(dir).join(name), bytes);
        }
    }
    r
}

/// A stored (uncompressed) zip of `parts`, in order.
pub fn zip_stored(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    fuzzing::zip(parts, false)
}

/// The base workbooks of the `zip_part` target: a report made by gsw's own writer and the
/// LibreOffice .ods fixture, each as its parts.
pub fn bases() -> &'static [Parts; 2] {
    static BASES: OnceLock<[Parts; 2]> = OnceLock::new();
    BASES.get_or_init(|| {
        use gsw::fill::synth::{self, Sizes};
        let small = Sizes {
            long_stays: 3,
            short_stays: 1,
            people: 3,
            outcomes: 2,
            funding_sources: 2,
        };
        let report = synth::report(1, gsw::dates::AcademicYear::new(2023), &small);
        let xlsx = report.filled().to_bytes().expect("xlsx");
        let ods = include_bytes!("../../tests/fixtures/messy-libreoffice.ods");
        [
            unzip(&xlsx).expect("own xlsx is a zip"),
            unzip(ods).expect("fixture ods is a zip"),
        ]
    })
}

/// The parts of a base the `zip_part` target may replace: XML and relationships.
pub fn replaceable(parts: &[(String, Vec<u8>)]) -> Vec<usize> {
    (parts.iter().enumerate())
        .filter(|(_, (n, _))| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect()
}

/// `zip_part` input: byte 0 picks the base (bit 7) and the part (the rest); the remaining
/// bytes replace that part. Returns the workbook and its format.
pub fn zip_part_case(data: &[u8]) -> Option<(Vec<u8>, Format)> {
    let (&sel, content) = data.split_first()?;
    let base = usize::from(sel >> 7);
    let mut parts = bases()[base].clone();
    let choices = replaceable(&parts);
    let which = choices[usize::from(sel & 0x7f) % choices.len()];
    parts[which].1 = content.to_vec();
    let format = if base == 0 { Format::Xlsx } else { Format::Ods };
    Some((zip_stored(&parts), format))
}

/// Writes the seed corpora under `fuzz/corpus/` when `GSW_FUZZ_WRITE_CORPUS` is set (called
/// from each target's `init`): `corpus/read_file` gets each fixture and gsw-written workbook
/// prefixed by its format byte, `corpus/zip_part` every replaceable part of both bases
/// prefixed by its selector byte.
pub fn write_corpora_if_asked() {
    if std::env::var_os("GSW_FUZZ_WRITE_CORPUS").is_none() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let fixtures = root.join("../tests/fixtures");
    let out = root.join("corpus/read_file");
    std::fs::create_dir_all(&out).unwrap();
    let sel = |f: Format| FORMATS.iter().position(|x| *x == f).unwrap() as u8;
    let mut files: Vec<(String, Format, Vec<u8>)> = vec![
        (
            "own-report.xlsx".into(),
            Format::Xlsx,
            zip_stored(&bases()[0]),
        ),
        (
            "own-report-as.xlsb".into(),
            Format::Xlsb,
            zip_stored(&bases()[0]),
        ),
    ];
    for (name, format) in [
        ("messy-libreoffice.xlsx", Format::Xlsx),
        ("messy-libreoffice.xls", Format::Xls),
        ("messy-libreoffice.ods", Format::Ods),
    ] {
        files.push((
            name.into(),
            format,
            std::fs::read(fixtures.join(name)).unwrap(),
        ));
    }
    for (name, format, bytes) in files {
        let mut data = vec![sel(format)];
        data.extend(bytes);
        std::fs::write(out.join(name), data).unwrap();
    }
    let out = root.join("corpus/zip_part");
    std::fs::create_dir_all(&out).unwrap();
    for (b, parts) in bases().iter().enumerate() {
        for (k, &i) in replaceable(parts).iter().enumerate() {
            let mut data = vec![((b as u8) << 7) | k as u8];
            data.extend(&parts[i].1);
            let name = format!("{b}-{}", parts[i].0.replace('/', "_"));
            std::fs::write(out.join(name), data).unwrap();
        }
    }
}
