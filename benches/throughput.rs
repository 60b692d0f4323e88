//! Throughput of `gsw consolidate` against the floor of merely reading the same workbooks.
//!
//! `cargo bench --bench throughput` (or `-- 1000` for one size). For each N it makes (once,
//! cached under `target/bench/`) N annual reports through the program's own template writer,
//! 4 academic years per station, stations spread over college folders; then, in the same run:
//!
//! - (a) the floor: one thread opens every workbook with calamine and reads every cell of
//!   every sheet (`worksheet_range`), nothing else;
//! - (b) the release `gsw consolidate` as a child process on the same folder, writing the
//!   summary workbook and the CSVs.
//!
//! (a) and (b) take turns, five times at N ≤ 2,000 and three times above, so that a drift
//! of the machine's speed falls on both. It prints the medians, (b)/(a) of the medians (and
//! the lowest and highest of the runs' own ratios), gsw's files per second and time per
//! file, and the child's largest peak RSS as the kernel counts it (`wait4`'s `ru_maxrss`).
//! See `benches/README.md`.

use calamine::{Reader, Xlsx};
use gsw::dates::{AcademicYear, MonthDay};
use gsw::fill::synth::{Sizes, StationPlan};
use rayon::prelude::*;
use std::alloc::{GlobalAlloc, Layout};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Bump when the generated corpus changes: older caches are then left alone and regenerated.
const GENERATOR_VERSION: u32 = 2;
const SIZES: [usize; 2] = [1_000, 10_000];
const YEARS_PER_STATION: usize = 4;
const FIRST_YEAR: i32 = 2022;
const AS_OF: &str = "2026-11-30";
const COLLEGES: &[&str] = &[
    "基础医学院",
    "药学院",
    "公共卫生学院",
    "生物医学工程学院",
    "第一中心医院",
    "肿瘤医院",
    "口腔医院",
    "眼科医院",
];

/// Made-up company names, combined with the station number.
const HOSTS: &[&str] = &[
    "康华", "瑞和", "安泰", "润泽", "博远", "济民", "华康", "同创", "远达",
];

fn main() {
    // `cargo bench` passes `--bench`; any number is a size to run.
    let stages_only = std::env::args().any(|a| a == "--stages");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace([',', '_'], "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        SIZES.to_vec()
    } else {
        sizes
    };
    let root = bench_dir();
    println!("machine: {}", machine());
    println!("corpus and outputs: {}", root.display());
    println!();
    println!(
        "{:>6} {:>8} {:>10} {:>10} {:>7} {:>9} {:>10} {:>9}",
        "files", "stations", "floor (s)", "gsw (s)", "ratio", "gsw f/s", "ms/file", "peak MB"
    );
    for n in sizes {
        let corpus = corpus(&root, n);
        eprint!(
            "  {}",
            std::fs::read_to_string(corpus.join(".complete")).unwrap()
        );
        if stages_only {
            stages(&corpus, &root.join(format!("out-n{n}")));
            continue;
        }
        let files = list(&corpus);
        warm(&files);
        // Other work on the machine moves the ratio (see benches/README.md): say how busy it was.
        let load = load_average();
        let repeats = if n <= 2_000 { 5 } else { 3 };
        let (mut floors, mut runs, mut cells) = (Vec::new(), Vec::new(), 0);
        for _ in 0..repeats {
            let (floor, read) = floor(&files);
            cells = read;
            floors.push(floor.as_secs_f64());
            runs.push(run_gsw(&corpus, &root.join(format!("out-n{n}"))));
        }
        let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
        let ratios: Vec<f64> = walls.iter().zip(&floors).map(|(b, a)| b / a).collect();
        let (floor, secs) = (median(&floors), median(&walls));
        let peak = runs.iter().map(|r| r.peak_rss_kib).max().unwrap_or(0);
        println!(
            "{:>6} {:>8} {:>10.2} {:>10.2} {:>7.2} {:>9.0} {:>10.2} {:>9.0}",
            files.len(),
            n / YEARS_PER_STATION,
            floor,
            secs,
            secs / floor,
            files.len() as f64 / secs,
            1000.0 * secs / files.len() as f64,
            peak as f64 / 1024.0,
        );
        let (low, high) = (
            ratios.iter().copied().fold(f64::MAX, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
        );
        eprintln!(
            "  ({repeats} turns each; runs' own ratios {low:.2}–{high:.2}; load average {load} before; floor read {cells} non-empty cells)"
        );
    }
}

/// Station `i`, planned over its four years: students stay across years with the same 学号
/// (unique to the station), so each report holds about 30 students, 8 people, 15 outcomes
/// and 4 funding rows, like `synth::report` with `Sizes::default()`.
fn plan(i: usize) -> StationPlan {
    let first = AcademicYear::new(FIRST_YEAR);
    let last = AcademicYear::new(FIRST_YEAR + YEARS_PER_STATION as i32 - 1);
    let id = format!("GZZ-{FIRST_YEAR}-{:04}", i + 1);
    let host = format!("天津{}生物医药有限公司", HOSTS[i % HOSTS.len()]);
    let college = COLLEGES[i % COLLEGES.len()];
    // Stays of one to two years and outcomes spread over four: about 30 and 15 a year.
    let sizes = Sizes {
        long_stays: 56,
        short_stays: 14,
        outcomes: 15 * YEARS_PER_STATION,
        ..Sizes::default()
    };
    StationPlan::new(
        &id,
        &format!("{id} 产教融合研究生工作站"),
        &host,
        college,
        first.first_day(),
    )
    .populate(i as u64 + 1, last.last_day(), 1000 * i as u32, &sizes)
}

/// `target/bench` of this package, or `$GSW_BENCH_DIR`.
fn bench_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GSW_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench")
}

/// The corpus of `n` reports, made once: a folder is used only when complete.
fn corpus(root: &Path, n: usize) -> PathBuf {
    let dir = root.join(format!("corpus-g{GENERATOR_VERSION}-n{n}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let started = Instant::now();
    eprintln!("generating {n} reports into {} …", dir.display());
    let _ = std::fs::remove_dir_all(&dir);
    let stations = n.div_ceil(YEARS_PER_STATION);
    let plans: Vec<StationPlan> = (0..stations).into_par_iter().map(plan).collect();
    let rows = (0..n)
        .into_par_iter()
        .map(|i| {
            let plan = &plans[i / YEARS_PER_STATION];
            let year = AcademicYear::new(FIRST_YEAR + (i % YEARS_PER_STATION) as i32);
            let spec = plan.report(year, year.due_date(MonthDay { month: 7, day: 10 }));
            let rows = [
                spec.students.len(),
                spec.people.len(),
                spec.outcomes.len(),
                spec.funding.len(),
            ];
            let path = dir
                .join(&plan.college)
                .join(year.to_string())
                .join(format!("{}_{year}学年基本数据.xlsx", plan.id));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let mut workbook = spec.filled().workbook().unwrap();
            // Faster to generate; the reader inflates level 1 and level 6 alike.
            workbook.set_zip_compression_level(1);
            workbook.save(&path).unwrap();
            rows
        })
        .reduce(
            || [0; 4],
            |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]],
        );
    let per = |k: usize| rows[k] as f64 / n as f64;
    let about = format!(
        "{n} reports of {stations} stations in {} college folders; per report {:.1} students, \
         {:.1} people, {:.1} outcomes, {:.1} funding rows\n",
        COLLEGES.len().min(stations),
        per(0),
        per(1),
        per(2),
        per(3)
    );
    std::fs::write(&done, about).unwrap();
    eprintln!("  generated in {:.0} s", started.elapsed().as_secs_f64());
    dir
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "xlsx"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() % 2 {
        1 => sorted[mid],
        _ => (sorted[mid - 1] + sorted[mid]) / 2.0,
    }
}

/// Reads every file once so that both timings start from the page cache.
fn warm(files: &[PathBuf]) {
    for f in files {
        std::hint::black_box(std::fs::read(f).unwrap());
    }
}

/// (a): open each workbook and read every cell of every sheet, on one thread.
fn floor(files: &[PathBuf]) -> (Duration, usize) {
    let started = Instant::now();
    let mut cells = 0;
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            cells += range.used_cells().count();
        }
    }
    (started.elapsed(), cells)
}

struct Run {
    wall: Duration,
    peak_rss_kib: i64,
}

/// (b): the release binary as a child; its peak RSS from the kernel when it is reaped.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its resource usage
fn run_gsw(corpus: &Path, out: &Path) -> Run {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_gsw"))
        .arg("consolidate")
        .arg(corpus)
        .args(["--as-of", AS_OF, "-q", "-o"])
        .arg(out.join("summary.xlsx"))
        .arg("--csv")
        .arg(out.join("csv"))
        .spawn()
        .expect("start gsw");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 only writes into it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "gsw failed: status {status}"
    );
    assert!(out.join("summary.xlsx").exists());
    Run {
        wall,
        peak_rss_kib: usage.ru_maxrss,
    }
}

/// Live and peak heap bytes of this process, for `--stages` (the child's figure is the
/// kernel's RSS, not this). Counting is on only for `--stages`: the floor's calamine
/// allocates a great deal, and counting slowed it (see README.md).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
/// Signed: memory allocated before counting began may be freed after.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// The binary's allocator (`src/main.rs`), so that the stages behave as the binary does.
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn count(added: usize, removed: usize) {
    if COUNTING.load(Relaxed) {
        let live = LIVE.fetch_add(added as isize - removed as isize, Relaxed) + added as isize
            - removed as isize;
        PEAK.fetch_max(live, Relaxed);
    }
}

// SAFETY: forwards to the binary's allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { INNER.alloc(layout) };
        if !p.is_null() {
            count(layout.size(), 0);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        count(0, layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size, layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `--stages`: the steps of `gsw consolidate` in this process, each timed, to see where
/// the time goes (the same calls as `gsw::cmd::consolidate::run`: `consolidate` watched
/// stage by stage, then the tables and the writing).
fn stages(corpus: &Path, out: &Path) {
    use gsw::{consolidate, output, rules::Limits, rules::Rules};
    gsw::allocator::tune();
    let _ = std::fs::remove_dir_all(out);
    let options = consolidate::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        rules: Rules::default(),
        limits: Limits::default(),
        skip: Vec::new(),
    };
    let mut clock = Instant::now();
    let mut cpu = cpu_secs();
    COUNTING.store(true, Relaxed);
    let mb = |b: isize| b as f64 / 1024.0 / 1024.0;
    let mut lap = |stage: &str| {
        let cpu_now = cpu_secs();
        eprintln!(
            "  {stage:<10} {:>6.2} s  CPU {:>6.2} s  RSS {:>6.1} MB, heap live {:>6.1} MB, peak {:>6.1} MB",
            clock.elapsed().as_secs_f64(),
            cpu_now - cpu,
            rss_kib() as f64 / 1024.0,
            mb(LIVE.load(Relaxed)),
            mb(PEAK.swap(LIVE.load(Relaxed), Relaxed))
        );
        clock = Instant::now();
        cpu = cpu_now;
    };
    /// Each stage of the run, timed as it ends.
    struct Laps<F>(std::sync::Mutex<F>);
    impl<F: FnMut(&str) + Send> consolidate::Progress for Laps<F> {
        fn file_read(&self) {}
        fn stage_done(&self, stage: consolidate::Stage) {
            let name = match stage {
                consolidate::Stage::Discover => "discover",
                consolidate::Stage::Read => "read",
                consolidate::Stage::Evaluate => "evaluate",
            };
            (self.0.lock().unwrap())(name);
        }
    }
    let laps = Laps(std::sync::Mutex::new(&mut lap));
    let mut summary = consolidate::consolidate(corpus, &options, &laps);
    let mut tables = output::tables::build_light(&summary);
    lap("tables");
    let (xlsx, csv) = (out.join("summary.xlsx"), out.join("csv"));
    output::write(&mut tables, &mut summary, &xlsx, Some(&csv)).unwrap();
    lap("write");
    // As `gsw consolidate` does: the process ends without freeing them.
    std::mem::forget((tables, summary));
}

/// CPU time (user and system) of this process so far, all threads.
fn cpu_secs() -> f64 {
    // SAFETY: a zeroed rusage is a valid value; getrusage only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// This process's resident memory now, from /proc.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The 1-, 5- and 15-minute load averages, from /proc (`?` where there is none).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// `nproc`, CPU model and memory, from /proc.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "?".into());
    let mem_kib: u64 = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    format!(
        "{} cpus ({model}), {:.1} GiB",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        mem_kib as f64 / 1024.0 / 1024.0
    )
}
