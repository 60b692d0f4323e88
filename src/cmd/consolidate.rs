//! `gsw consolidate DIR`: the monthly job.

use crate::cli::ConsolidateArgs;
use crate::consolidate::{self, Options, Progress, Stage};
use crate::discover::{self, OUTPUT_DIR};
use crate::output::{self, changes, feedback, Table, Value};
use crate::rules::Limits;
use crate::rules::Rules;
use crate::schema::summary::{NOTES as SHEET_NOTES, SUMMARY as SHEET_SUMMARY};
use crate::terminal::{self, Verbosity};
use crate::validate::{self, Recognised};
use crate::Error;
use chrono::NaiveDate;
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub fn run(args: &ConsolidateArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let input = &args.dir;
    discover::check_input_folder(input)?;
    let (as_of, rules) = date_and_rules(args.as_of.as_deref(), args.rules.as_deref())?;
    let output = match &args.output {
        Some(p) => {
            check_output_path(p, as_of)?;
            p.clone()
        }
        None => default_output(input, as_of),
    };
    check_output_is_not_input(input, &output)?;
    if let Some(csv) = &args.csv {
        check_csv_dir(input, csv)?;
    }
    let public = match args.public {
        true => public_paths(input, &output, as_of)?,
        false => Vec::new(),
    };
    let feedback_dir = feedback::dir_beside(&output, as_of);
    let mut skip = vec![absolute(&output), absolute(&feedback_dir)];
    if let Some(csv) = &args.csv {
        skip.push(absolute(csv));
    }
    let options = Options {
        as_of,
        rules: rules.clone(),
        limits: rules.limits,
        skip,
    };
    let verbosity = Verbosity::from_flags(args.quiet, args.verbose);
    let watch = Watch {
        verbosity,
        bar: OnceLock::new(),
        timings: Mutex::new(Timings::new()),
    };
    let mut summary = consolidate::consolidate(input, &options, &watch);
    let mut timings = watch
        .timings
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());

    // The per-station detail sheets are built one at a time while writing (output::write).
    let mut tables = output::tables::build_light(&summary);
    // Before writing, which frees the per-station details it reads.
    let feedback = feedback::build(&summary, &tables);
    add_note(&mut tables, "学院反馈", feedback.note(&feedback_dir));
    timings.lap("汇集学院反馈");
    let previous = add_changes(&output, &mut tables, options.limits, verbosity);
    timings.lap("对比上次汇总");
    // The colleges' workbooks are written beside the summary on a thread of their own, and
    // put in their folder once the summary is saved.
    let (spent, written) = std::thread::scope(|s| {
        let written = s.spawn(|| feedback::write(&feedback, &feedback_dir));
        let spent = output::write(&mut tables, &mut summary, &output, args.csv.as_deref());
        let written = written.join();
        (
            spent,
            written.unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    let spent = spent?;
    written?.commit()?;
    if let Some(dir) = &args.csv {
        if previous.is_none() {
            remove_stale_changes_csv(dir);
        }
    }
    timings.lap(if args.csv.is_some() {
        "写出工作簿、学院反馈和 CSV"
    } else {
        "写出工作簿和学院反馈"
    });
    if let Some(dir) = public.first().and_then(|p| p.parent()) {
        output::public::write(&summary, dir)?;
        timings.lap("写出公开版");
    }
    let changes = previous.as_deref().and_then(|p| {
        let table = tables.iter().find(|t| t.sheet == changes::SHEET)?;
        Some((p, table))
    });
    let report = terminal::Report {
        summary: &summary,
        output: &output,
        csv: args.csv.as_deref(),
        public: &public,
        feedback: Some((feedback_dir.as_path(), feedback.colleges())),
        changes,
        timings: &timings.laps,
        total: started.elapsed(),
    };
    terminal::report(&report, verbosity);
    // The process ends right after this: freeing every table, assessment and what is left
    // of the workbook one by one would only cost time.
    std::mem::forget((tables, summary, spent, feedback));
    Ok(0)
}

/// The terminal watching a run: a progress bar while reading, each stage's time for `-v`.
struct Watch {
    verbosity: Verbosity,
    bar: OnceLock<ProgressBar>,
    timings: Mutex<Timings>,
}

impl Progress for Watch {
    fn found(&self, files: usize) {
        let _ = self
            .bar
            .set(terminal::progress(files as u64, self.verbosity));
    }

    fn file_read(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn stage_done(&self, stage: Stage) {
        if let (Stage::Read, Some(bar)) = (stage, self.bar.get()) {
            bar.finish_and_clear();
        }
        let mut timings = self.timings.lock().unwrap_or_else(|e| e.into_inner());
        timings.lap(stage.label());
    }
}

/// How long each stage took, for `-v`.
struct Timings {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn new() -> Self {
        Timings {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// A line of 说明, at its end.
fn add_note(tables: &mut [Table], item: &str, content: String) {
    if let Some(notes) = tables.iter_mut().find(|t| t.sheet == SHEET_NOTES) {
        (notes.rows).push(vec![Value::text(item), Value::text(content)]);
    }
}

/// 本月变化: when the output folder holds an earlier summary, the table of what changed since
/// it goes right after 汇总, and 说明 names the summary compared with. Returns that summary.
/// An earlier summary that cannot be read is said on the terminal; the run goes on.
fn add_changes(
    output: &Path,
    tables: &mut Vec<Table>,
    limits: Limits,
    verbosity: Verbosity,
) -> Option<PathBuf> {
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let previous = changes::previous_summary(dir, output)?;
    let table = match changes::compare(&previous, tables, limits) {
        Ok(table) => table,
        Err(why) => {
            if verbosity != Verbosity::Quiet {
                eprintln!("注意: {why}；本次不列出本月变化");
            }
            return None;
        }
    };
    let name = previous.file_name().unwrap_or_default().to_string_lossy();
    let note = format!("与上次的汇总 {name} 相比：{} 项变化", table.rows.len());
    if let Some(notes) = tables.iter_mut().find(|t| t.sheet == SHEET_NOTES) {
        notes
            .rows
            .push(vec![Value::text(changes::SHEET), Value::text(note)]);
    }
    let at = tables
        .iter()
        .position(|t| t.sheet == SHEET_SUMMARY)
        .map_or(0, |i| i + 1);
    tables.insert(at, table);
    Some(previous)
}

/// Where `--public` writes (beside the summary). Refused when the summary's folder is inside
/// the input folder but not its 汇总结果: the public files would be read as input next time.
fn public_paths(input: &Path, output: &Path, as_of: NaiveDate) -> Result<Vec<PathBuf>, Error> {
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (Ok(input), Ok(at)) = (input.canonicalize(), absolute(dir).canonicalize()) else {
        return Ok(output::public::paths(dir, as_of).to_vec());
    };
    if at.starts_with(&input) && !at.starts_with(input.join(OUTPUT_DIR)) {
        return Err(Error::BadArgument(format!(
            "--public：公开版写在汇总工作簿旁，而 {} 在报表文件夹中（“{OUTPUT_DIR}”之外），下次汇总时会被当作报表读取；\
             请用默认的输出位置，或把 -o 指到报表文件夹之外",
            dir.display()
        )));
    }
    Ok(output::public::paths(dir, as_of).to_vec())
}

/// A 本月变化.csv left from an earlier run would contradict this month's workbook.
fn remove_stale_changes_csv(dir: &Path) {
    let stale = dir.join(format!("{}.csv", changes::SHEET));
    if stale.is_file() {
        let _ = std::fs::remove_file(stale);
    }
}

/// `gsw consolidat`: a word that is no folder but nearly a command was meant as the command.
pub(crate) fn misspelt_command(dir: &Path) -> Option<Error> {
    if dir.exists() || dir.components().count() != 1 {
        return None;
    }
    let word = dir.to_str()?;
    let command = crate::cli::nearest_command(word)?;
    Some(Error::BadArgument(format!(
        "没有命令 {word}，也没有名为 {word} 的文件夹：是否要输入 gsw {command}？运行 gsw --help 查看用法。"
    )))
}

/// `-o` names the summary workbook: an .xlsx file, not a folder or another kind of file.
fn check_output_path(output: &Path, as_of: NaiveDate) -> Result<(), Error> {
    let shown = output.display();
    let ext = output.extension().and_then(|e| e.to_str());
    let xlsx = ext.is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if output.is_dir() {
        return Err(Error::BadArgument(if xlsx {
            format!("-o {shown} 是文件夹，不是文件：已有同名文件夹，请换一个文件名")
        } else {
            let example = output.join(output::summary_file_name(as_of));
            format!(
                "-o {shown} 是文件夹，不是文件：请给出汇总工作簿的文件名，如 -o {}",
                example.display()
            )
        }));
    }
    if xlsx {
        return Ok(());
    }
    let example = output.with_extension("xlsx");
    let csv = match ext {
        Some(e) if e.eq_ignore_ascii_case("csv") => "；要 CSV 文件，请另加 --csv 文件夹",
        _ => "",
    };
    Err(Error::BadArgument(format!(
        "-o {shown}：汇总工作簿的文件名须以 .xlsx 结尾，如 -o {}{csv}",
        example.display()
    )))
}

/// The evaluation date (`--as-of`, else today) and the rules (`--rules`, else the defaults).
pub(crate) fn date_and_rules(
    as_of: Option<&str>,
    rules: Option<&Path>,
) -> Result<(NaiveDate, Rules), Error> {
    let as_of = match as_of {
        Some(s) => parse_as_of(s)?,
        None => chrono::Local::now().date_naive(),
    };
    let rules = match rules {
        Some(path) => Rules::load(path)?,
        None => Rules::default(),
    };
    Ok((as_of, rules))
}

pub(crate) fn parse_as_of(s: &str) -> Result<NaiveDate, Error> {
    let data = calamine::Data::String(s.to_string());
    validate::cell::parse_date(&data)
        .ok_or_else(|| Error::BadArgument(format!("--as-of \"{s}\" 不是有效日期，应如 2026-11-30")))
}

pub fn default_output(input: &Path, as_of: NaiveDate) -> PathBuf {
    input
        .join(OUTPUT_DIR)
        .join(output::summary_file_name(as_of))
}

/// The CSV folder is skipped when reading, so it must not hold the input: not the input
/// folder or a folder above it, and not a folder inside it that holds spreadsheets.
fn check_csv_dir(input: &Path, csv: &Path) -> Result<(), Error> {
    if csv.exists() && !csv.is_dir() {
        return Err(Error::BadArgument(format!(
            "--csv {} 是文件，不是文件夹：请给出存放 CSV 文件的文件夹（没有时会新建）",
            csv.display()
        )));
    }
    let (Ok(input), Ok(dir)) = (input.canonicalize(), absolute(csv).canonicalize()) else {
        return Ok(()); // the CSV folder does not exist yet: it holds nothing to read
    };
    let refuse = |why: &str| {
        Err(Error::BadArgument(format!(
            "--csv {} {why}，请另选一个文件夹",
            csv.display()
        )))
    };
    if input.starts_with(&dir) {
        return refuse("是输入文件夹或其上级，CSV 文件会混进报表");
    }
    if dir.starts_with(&input) && !dir.starts_with(input.join(OUTPUT_DIR)) {
        let holds_spreadsheets = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_file() && crate::model::Format::of_path(e.path()).is_some());
        if holds_spreadsheets {
            return refuse("在输入文件夹中且含有工作簿，这些工作簿将不会被读取");
        }
    }
    Ok(())
}

pub(crate) fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// An existing file inside the input folder, outside 汇总结果, that is not one of our own
/// summaries, would be destroyed by writing over it: refused.
fn check_output_is_not_input(input: &Path, output: &Path) -> Result<(), Error> {
    let (Ok(input), Ok(out)) = (input.canonicalize(), absolute(output).canonicalize()) else {
        return Ok(()); // the output does not exist yet
    };
    if !out.starts_with(&input) || out.starts_with(input.join(OUTPUT_DIR)) {
        return Ok(());
    }
    if out.is_dir() {
        return Err(Error::OutputIsInput(output.to_path_buf()));
    }
    let own_summary = std::fs::read(&out).ok().and_then(|bytes| {
        let format = crate::model::Format::of_path(&out)?;
        let wb = crate::read::open(bytes, format, Limits::default()).ok()?;
        Some(validate::recognise(&wb.sheet_names) == Recognised::Summary)
    });
    if own_summary == Some(true) {
        Ok(())
    } else {
        Err(Error::OutputIsInput(output.to_path_buf()))
    }
}
