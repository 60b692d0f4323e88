//! gsw.exe on the staff member's desktop: started with no command, by a double-click or by
//! dropping a folder onto it. Windows then makes a console window for gsw alone, which
//! closes the moment gsw ends; so gsw asks for the folder when it has none (dragging a
//! folder into a console window types its path), and waits for Enter before it ends.
//! From cmd or PowerShell the window is the shell's: no argument prints the help.

use crate::cli::{Cli, ConsolidateArgs};
use crate::Error;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

pub const PROMPT: &str = "请把报表文件夹拖到此窗口，然后按回车";
pub const CLOSE: &str = "按回车键关闭窗口……";

/// `gsw` or `gsw DIR`: consolidate with the default options, asking for the folder when
/// gsw has a console window of its own.
pub fn run(dir: Option<PathBuf>) -> Result<u8, Error> {
    let own = own_console();
    if dir.is_none() && !own {
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        return Ok(2);
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut talk = std::io::stderr();
    let code = session(dir, own, &mut input, &mut talk);
    if own && std::io::stdin().is_terminal() {
        let _ = write!(talk, "\n{CLOSE}");
        let _ = talk.flush();
        let _ = input.read_line(&mut String::new());
    }
    Ok(code)
}

/// One run: the folder given or asked for (`ask`: gsw has its own window, so it may ask
/// again), then `consolidate` with the default options. Returns the exit status; an error
/// that stops the run is said here, as `main` would.
fn session(dir: Option<PathBuf>, ask: bool, input: &mut dyn BufRead, talk: &mut dyn Write) -> u8 {
    // `gsw consolidat` typed in a shell: the command was meant, not a folder.
    if let Some(e) = dir
        .as_deref()
        .and_then(crate::cmd::consolidate::misspelt_command)
    {
        let _ = writeln!(talk, "错误: {e}");
        return 2;
    }
    let dir = match dir {
        Some(dir) if !ask || not_a_folder(&dir).is_none() => dir,
        Some(dir) => {
            let _ = writeln!(talk, "错误: {}", not_a_folder(&dir).unwrap_or_default());
            match ask_folder(input, talk) {
                Some(dir) => dir,
                None => return 2,
            }
        }
        None => match ask_folder(input, talk) {
            Some(dir) => dir,
            None => return 2,
        },
    };
    let args = ConsolidateArgs {
        dir,
        ..Default::default()
    };
    match crate::cmd::consolidate::run(&args) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(talk, "错误: {e}");
            2
        }
    }
}

/// Asks until the answer is a folder; `None` when the input ends first.
fn ask_folder(input: &mut dyn BufRead, talk: &mut dyn Write) -> Option<PathBuf> {
    loop {
        let _ = write!(talk, "\n{PROMPT}：\n> ");
        let _ = talk.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(talk, "错误: 无法读取输入（{e}）");
                return None;
            }
        }
        let Some(path) = typed_path(&line) else {
            continue;
        };
        match not_a_folder(&path) {
            Some(why) => {
                let _ = writeln!(talk, "错误: {why}");
            }
            None => return Some(path),
        }
    }
}

/// The path in what was typed or dropped: blanks around it and one pair of quotes
/// (Windows quotes a dragged path that has spaces; some terminals use single quotes)
/// removed. `None` for an empty line.
fn typed_path(line: &str) -> Option<PathBuf> {
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let text = line.trim_matches(blank);
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| text.strip_prefix(q)?.strip_suffix(q))
        .unwrap_or(text)
        .trim_matches(blank);
    (!unquoted.is_empty()).then(|| PathBuf::from(unquoted))
}

/// The command line's message for a path that is not a folder, `None` for a folder.
/// (The one place that says it here: it reuses `consolidate`'s own check.)
fn not_a_folder(path: &Path) -> Option<String> {
    crate::discover::check_input_folder(path)
        .err()
        .map(|e| e.to_string())
}

/// Whether this process is alone in its console: Windows made the console for it, as on a
/// double-click or a folder dropped onto gsw.exe; from cmd or PowerShell the shell shares it.
#[cfg(windows)]
pub fn own_console() -> bool {
    let mut ids = [0u32; 2];
    // SAFETY: the buffer is valid for `ids.len()` process ids.
    let n = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    };
    n == 1
}

#[cfg(not(windows))]
pub fn own_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dragged_path_is_read_with_or_without_quotes() {
        let cases = [
            ("C:\\报表\\2026年11月\r\n", Some("C:\\报表\\2026年11月")),
            (
                "\"C:\\Users\\王 老师\\报表\"\r\n",
                Some("C:\\Users\\王 老师\\报表"),
            ),
            ("  '/home/王/报表 11月' \n", Some("/home/王/报表 11月")),
            ("\u{feff}\"D:\\报表\" ", Some("D:\\报表")),
            ("\"\"\n", None),
            ("   \r\n", None),
            ("\"C:\\半个引号\n", Some("\"C:\\半个引号")),
        ];
        for (typed, want) in cases {
            assert_eq!(typed_path(typed), want.map(PathBuf::from), "{typed:?}");
        }
    }

    #[test]
    fn a_file_or_a_missing_folder_is_said_and_asked_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("报表.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let typed = format!(
            "\n{}\n{}\n\"{}\"\n",
            file.display(),
            dir.path().join("没有").display(),
            dir.path().display()
        );
        let mut talk = Vec::new();
        let got = ask_folder(&mut typed.as_bytes(), &mut talk);
        assert_eq!(got.as_deref(), Some(dir.path()));
        let talk = String::from_utf8(talk).unwrap();
        assert_eq!(talk.matches(PROMPT).count(), 4, "{talk}");
        let said = |p: &Path| format!("错误: {}\n", not_a_folder(p).unwrap());
        assert!(talk.contains(&said(&file)), "{talk}");
        assert!(talk.contains(&said(&dir.path().join("没有"))), "{talk}");
    }

    #[test]
    fn the_input_ending_ends_the_questions() {
        let mut talk = Vec::new();
        assert_eq!(ask_folder(&mut "".as_bytes(), &mut talk), None);
        let code = session(None, true, &mut "\n".as_bytes(), &mut Vec::new());
        assert_eq!(code, 2);
    }

    #[test]
    fn a_dropped_file_is_said_then_a_folder_asked_for_and_consolidated() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("报表");
        std::fs::create_dir(&reports).unwrap();
        let file = dir.path().join("报表.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let typed = format!("\"{}\"\n", reports.display());
        let mut talk = Vec::new();
        let code = session(Some(file.clone()), true, &mut typed.as_bytes(), &mut talk);
        assert_eq!(code, 0);
        let talk = String::from_utf8(talk).unwrap();
        assert!(talk.starts_with(&format!("错误: {}\n", not_a_folder(&file).unwrap())));
        assert!(talk.contains(PROMPT), "{talk}");
        let written = std::fs::read_dir(reports.join(crate::discover::OUTPUT_DIR))
            .unwrap()
            .count();
        assert_eq!(written, 1);
    }
}
