//! gsw.exe under Wine (SPEC §9.7): the packaged program consolidates the sample data to the
//! same summary as the Linux build, expands `check *.xlsx` itself, and asks for the folder
//! when it has a console window of its own, as after a double-click.
//!
//! Needs Wine, Debian's mingw-w64 and the rustup target x86_64-pc-windows-gnu; where one is
//! missing each test prints why and passes. The exe is the package's own
//! (`scripts/package-windows.sh --exe-only`): the first run cross-compiles it in the `dist`
//! profile, which takes several minutes on two cores.
//!
//! Debian's Wine 8 has no `ProcessPrng` in bcryptprimitives.dll, which Rust's standard
//! library calls for random numbers: without it gsw.exe stops before `main` there. The test
//! builds a stand-in from `tests/wine/bcryptprimitives.c` with mingw (it fills the buffer from
//! advapi32's `SystemFunction036`) and puts it beside the exe. Windows has the real one.
//!
//! Wine gives a program started from a terminal a console of its own, as Windows does on a
//! double-click, so the prompt is driven through a pseudo-terminal (`script`, util-linux),
//! typing each answer once gsw.exe has asked.

mod common;

use gsw::cmd::desktop::{CLOSE, PROMPT};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const TARGET: &str = "x86_64-pc-windows-gnu";

enum Package {
    /// The folder holding gsw.exe and the stand-in DLL.
    Ready(PathBuf),
    /// What is not installed.
    Skip(String),
    /// Installed, but building failed.
    Broken(String),
}

/// The packaged gsw.exe, built once for all tests of this file; `None` (with the reason
/// printed) where Wine or the cross toolchain is missing.
fn package() -> Option<&'static Path> {
    static PACKAGE: OnceLock<Package> = OnceLock::new();
    match PACKAGE.get_or_init(prepare) {
        Package::Ready(dir) => Some(dir),
        Package::Skip(why) => {
            eprintln!("跳过：{why}");
            None
        }
        Package::Broken(why) => panic!("{why}"),
    }
}

fn prepare() -> Package {
    // The first run cross-compiles gsw.exe for several minutes: a developer busy elsewhere
    // may leave it to CI.
    if std::env::var_os("GSW_SKIP_WINE").is_some() {
        return Package::Skip("GSW_SKIP_WINE 已设置".into());
    }
    if !runs("wine", &["--version"]) {
        return Package::Skip("未安装 Wine，无法运行 gsw.exe".into());
    }
    if !runs("x86_64-w64-mingw32-gcc", &["--version"]) {
        return Package::Skip("未安装 mingw-w64（x86_64-w64-mingw32-gcc）".into());
    }
    if !target_installed() {
        return Package::Skip(format!(
            "未安装 Rust 的 Windows 目标（rustup target add {TARGET}）"
        ));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = Command::new("bash")
        .arg(root.join("scripts/package-windows.sh"))
        .arg("--exe-only")
        .current_dir(root)
        .output()
        .expect("bash runs");
    if !built.status.success() {
        return Package::Broken(format!(
            "scripts/package-windows.sh --exe-only failed:\n{}",
            String::from_utf8_lossy(&built.stderr)
        ));
    }
    let exe = root.join(String::from_utf8_lossy(&built.stdout).trim());
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("windows-package");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&exe, dir.join("gsw.exe")).unwrap();
    let source = root.join("tests/wine");
    let dll = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(dir.join("bcryptprimitives.dll"))
        .arg(source.join("bcryptprimitives.c"))
        .arg(source.join("bcryptprimitives.def"))
        .arg("-ladvapi32")
        .output()
        .expect("mingw runs");
    if !dll.status.success() {
        return Package::Broken(format!(
            "building the stand-in bcryptprimitives.dll failed:\n{}",
            String::from_utf8_lossy(&dll.stderr)
        ));
    }
    // Wine makes its prefix on the first start: once, before the tests run side by side.
    let version = wine(&dir).arg("--version").output().expect("wine runs");
    if !String::from_utf8_lossy(&version.stdout).starts_with("gsw ") {
        return Package::Broken(format!(
            "gsw.exe --version under Wine printed {:?}, {:?}",
            String::from_utf8_lossy(&version.stdout),
            String::from_utf8_lossy(&version.stderr)
        ));
    }
    Package::Ready(dir)
}

fn runs(program: &str, args: &[&str]) -> bool {
    (Command::new(program).args(args).output()).is_ok_and(|o| o.status.success())
}

fn target_installed() -> bool {
    let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(TARGET)
        .join("lib")
        .is_dir()
}

/// `wine gsw.exe` with the stand-in DLL preferred to Wine's own, in a prefix of the tests'.
fn wine(package: &Path) -> Command {
    let mut cmd = Command::new("wine");
    cmd.arg(package.join("gsw.exe"))
        .env(
            "WINEPREFIX",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine-prefix"),
        )
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b;mscoree,mshtml=")
        .stdin(Stdio::null());
    cmd
}

fn linux() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gsw"))
}

fn succeeded(what: &str, out: &Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A sheet's cells as text.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_packaged_exe_consolidates_the_sample_data_as_the_linux_build_does() {
    let Some(package) = package() else { return };
    let work = tempfile::tempdir().unwrap();
    let args = [
        "consolidate",
        "示例数据",
        "--as-of",
        "2026-11-30",
        "--csv",
        "csv",
    ];
    let mut outputs = Vec::new();
    for (side, mut cmd) in [("linux", linux()), ("windows", wine(package))] {
        let dir = work.path().join(side);
        common::copy_dir(&common::sample_data(), &dir.join("示例数据"));
        let out = cmd.args(args).current_dir(&dir).output().unwrap();
        outputs.push((succeeded(side, &out), dir));
    }
    let [(linux_says, linux), (windows_says, windows)] = &outputs[..] else {
        unreachable!()
    };
    // The same words; the path to the summary with Windows' separator.
    assert_eq!(&windows_says.replace('\\', "/"), linux_says);
    assert!(linux_says.contains("10 个工作站"), "{linux_says}");

    let csvs = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("csv"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let names = csvs(linux);
    assert!(names.contains(&"汇总.csv".to_string()), "{names:?}");
    assert_eq!(csvs(windows), names);
    for name in &names {
        let read = |dir: &Path| std::fs::read(dir.join("csv").join(name)).unwrap();
        assert!(read(windows) == read(linux), "{name} differs");
    }
    // The workbook in the default place, where its links to the reports are relative: every
    // part the same (the zip around them says which system wrote it).
    let summary = |dir: &Path| dir.join("示例数据/汇总结果/工作站汇总_2026-11-30.xlsx");
    assert_eq!(
        sheet(&summary(windows), "汇总"),
        sheet(&summary(linux), "汇总")
    );
    let (windows_parts, linux_parts) = (parts(&summary(windows)), parts(&summary(linux)));
    assert_eq!(
        windows_parts.iter().map(|p| &p.0).collect::<Vec<_>>(),
        linux_parts.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for (w, l) in windows_parts.iter().zip(&linux_parts) {
        assert!(w.1 == l.1, "{} differs", w.0);
    }
}

/// The parts of a workbook, by name.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().unwrap().into_owned(), bytes)
        })
        .collect();
    parts.sort();
    parts
}

#[test]
fn check_expands_a_wildcard_itself() {
    let Some(package) = package() else { return };
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("示例数据");
    common::copy_dir(&common::sample_data(), &input);
    let out = wine(package)
        .args(["check", r"示例数据\药学院\*.xlsx"])
        .current_dir(work.path())
        .output()
        .unwrap();
    let windows_says = succeeded("gsw.exe check", &out).replace('\\', "/");

    let mut files: Vec<String> = std::fs::read_dir(input.join("药学院"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .map(|n| format!("示例数据/药学院/{n}"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    let out = linux()
        .arg("check")
        .args(&files)
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(windows_says, succeeded("gsw check", &out));

    // A pattern that matches nothing is named; the other files are still checked.
    let out = wine(package)
        .args(["check", r"示例数据\*.xls", &files[0]])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(r"错误: 没有与 示例数据\*.xls 相符的文件"),
        "{said}"
    );
    let checked = String::from_utf8_lossy(&out.stdout);
    assert!(checked.starts_with(&files[0]), "{checked}");
}

#[test]
fn a_double_click_asks_for_the_folder_until_it_is_one() {
    let Some(package) = package() else { return };
    if !runs("script", &["--version"]) {
        eprintln!("跳过：未安装 script（util-linux），无法给 gsw.exe 一个自己的控制台");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("报表 文件夹");
    common::copy_dir(&common::sample_data(), &input);
    // Wine's drive Z: is the Linux root; dragging a folder types its path in quotes.
    let dragged = format!("\"Z:{}\"", input.display()).replace('/', "\\");

    let mut screen = Console::start(package, None);
    screen.wait_for(PROMPT, 1);
    screen.type_line(&format!(r"Z:{}\说明.txt", input.display()).replace('/', "\\"));
    screen.wait_for(PROMPT, 2);
    let asked_again = screen.text();
    let between = &asked_again[asked_again.find(&plain(PROMPT)).unwrap()..];
    assert!(
        between.contains("错误:") && between.contains("说明.txt"),
        "a file given for the folder is not said: {asked_again}"
    );
    screen.type_line(&dragged);
    screen.wait_for(CLOSE, 1);
    screen.type_line("");
    assert!(screen.finish().success(), "{}", screen.text());

    // The summary, and beside it the folder of feedback to the colleges.
    let written: Vec<PathBuf> = std::fs::read_dir(input.join(gsw::discover::OUTPUT_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    let [summary] = &written[..] else {
        panic!("{written:?}")
    };
    let name = summary.file_name().unwrap().to_string_lossy();
    let as_of = name
        .strip_prefix("工作站汇总_")
        .and_then(|n| n.strip_suffix(".xlsx"))
        .unwrap_or_else(|| panic!("{name}"));
    let text = screen.text();
    assert!(
        text.contains(&plain(&format!(
            "汇总工作簿：{}\\汇总结果\\{name}",
            dragged.trim_matches('"')
        ))),
        "where the summary is: {text}"
    );
    assert!(
        text.contains(&plain(&format!(
            "学院反馈：{}\\汇总结果\\学院反馈_{as_of}",
            dragged.trim_matches('"')
        ))),
        "where the feedback is: {text}"
    );

    // The same summary as the Linux build's on the same day.
    let again = work.path().join("linux");
    common::copy_dir(&common::sample_data(), &again);
    let out = linux()
        .args(["consolidate", "--as-of", as_of, "-o", "linux.xlsx", "-q"])
        .arg(&again)
        .current_dir(work.path())
        .output()
        .unwrap();
    succeeded("gsw consolidate", &out);
    assert_eq!(
        sheet(summary, "汇总"),
        sheet(&work.path().join("linux.xlsx"), "汇总")
    );
}

#[test]
fn a_folder_dropped_on_the_exe_is_consolidated_and_the_window_waits() {
    let Some(package) = package() else { return };
    if !runs("script", &["--version"]) {
        eprintln!("跳过：未安装 script（util-linux），无法给 gsw.exe 一个自己的控制台");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("报表 文件夹");
    common::copy_dir(&common::sample_data(), &input);
    // Explorer starts the program with the dropped folder's path as its argument.
    let dropped = format!("Z:{}", input.display()).replace('/', "\\");
    let mut screen = Console::start(package, Some(&dropped));
    screen.wait_for(CLOSE, 1);
    let text = screen.text();
    assert!(!text.contains(&plain(PROMPT)), "{text}");
    assert!(text.contains(&plain("汇总工作簿：")), "{text}");
    assert!(screen.still_running(), "the window closed before Enter");
    screen.type_line("");
    assert!(screen.finish().success(), "{}", screen.text());
    // The summary and the folder of feedback to the colleges.
    let mut written: Vec<String> = std::fs::read_dir(input.join(gsw::discover::OUTPUT_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(written[0].starts_with("学院反馈_"), "{written:?}");
    assert!(written[1].starts_with("工作站汇总_"), "{written:?}");
}

/// gsw.exe in a console of its own: a pseudo-terminal, read as it goes.
struct Console {
    child: Child,
    keys: Option<ChildStdin>,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Console {
    /// `wine gsw.exe [ARG]` (ARG without single quotes).
    fn start(package: &Path, arg: Option<&str>) -> Console {
        let wine = wine(package);
        let line = match arg {
            Some(arg) => format!("wine gsw.exe '{arg}'"),
            None => "wine gsw.exe".to_string(),
        };
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .current_dir(package)
            .envs(wine.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("script runs");
        let keys = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = out.read(&mut buf) {
                into.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Console { child, keys, seen }
    }

    /// What the window shows, as plain text without blanks (Wine's console draws with
    /// escape sequences and moves the cursor over spaces).
    fn text(&self) -> String {
        plain(&String::from_utf8_lossy(&self.seen.lock().unwrap()))
    }

    fn wait_for(&self, what: &str, times: usize) {
        let what = plain(what);
        let deadline = Instant::now() + Duration::from_secs(180);
        while self.text().matches(&what).count() < times {
            assert!(
                Instant::now() < deadline,
                "gsw.exe did not show {what} {times} time(s); the window: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Types a line and Enter (a carriage return, as the console's keyboard sends it).
    fn type_line(&mut self, line: &str) {
        let keys = self.keys.as_mut().unwrap();
        keys.write_all(line.as_bytes()).unwrap();
        keys.write_all(b"\r").unwrap();
        keys.flush().unwrap();
    }

    fn still_running(&mut self) -> bool {
        std::thread::sleep(Duration::from_secs(1));
        self.child.try_wait().unwrap().is_none()
    }

    fn finish(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "gsw.exe did not end");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.keys = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Text without terminal escape sequences and without blanks.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                // CSI: parameters up to a final byte in @..~
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC (the window title): up to BEL or ESC \
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn escape_sequences_and_blanks_are_left_out() {
    let screen = "\x1b[?25l请\x1b[1C把\x1b]0;gsw\x07 报表\r\n\x1b[K>";
    assert_eq!(plain(screen), "请把报表>");
}
