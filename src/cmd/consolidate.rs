//! `gsw consolidate DIR`: the monthly job.

use crate::cli::ConsolidateArgs;
use crate::consolidate::{self, Options};
use crate::discover::{self, OUTPUT_DIR};
use crate::output;
use crate::read::Limits;
use crate::rules::Rules;
use crate::terminal::{self, Verbosity};
use crate::validate::{self, Recognised};
use crate::Error;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// `gsw DIR`, as when a folder is dropped onto the program: defaults, then on Windows a
/// pause so the window does not vanish before it is read.
pub fn run_dropped(dir: PathBuf) -> Result<u8, Error> {
    let args = ConsolidateArgs {
        dir,
        ..Default::default()
    };
    let result = run(&args, true);
    if let Err(e) = &result {
        eprintln!("错误: {e}");
    }
    if cfg!(windows) && std::io::stdin().is_terminal() {
        eprintln!("按回车键关闭窗口……");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
    result.or(Ok(2))
}

pub fn run(args: &ConsolidateArgs, _dropped: bool) -> Result<u8, Error> {
    let input = &args.dir;
    if !input.is_dir() {
        return Err(Error::NoInputDir(input.clone()));
    }
    let as_of = match &args.as_of {
        Some(s) => parse_as_of(s)?,
        None => chrono::Local::now().date_naive(),
    };
    let rules = match &args.rules {
        Some(path) => Rules::load(path)?,
        None => Rules::default(),
    };
    let output = match &args.output {
        Some(p) => p.clone(),
        None => default_output(input, as_of),
    };
    check_output_is_not_input(input, &output)?;
    let mut skip = vec![absolute(&output)];
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

    let found = discover::discover(input, &options.skip);
    let progress = terminal::progress(found.len() as u64, verbosity);
    let results = crate::ingest::read_all(found, options.limits, &|| progress.inc(1));
    progress.finish_and_clear();
    let summary = consolidate::summarize(input, results, &options);

    let tables = output::tables::build(&summary);
    output::xlsx::write(&tables, &summary, &output)?;
    if let Some(csv) = &args.csv {
        output::csv::write(&tables, csv)?;
    }
    terminal::report(&summary, &output, args.csv.as_deref(), verbosity);
    Ok(0)
}

fn parse_as_of(s: &str) -> Result<NaiveDate, Error> {
    let data = calamine::Data::String(s.to_string());
    validate::cell::parse_date(&data)
        .ok_or_else(|| Error::BadArgument(format!("--as-of \"{s}\" 不是有效日期，应如 2026-11-30")))
}

pub fn default_output(input: &Path, as_of: NaiveDate) -> PathBuf {
    input
        .join(OUTPUT_DIR)
        .join(format!("工作站汇总_{}.xlsx", as_of.format("%Y-%m-%d")))
}

fn absolute(p: &Path) -> PathBuf {
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
        let format = crate::read::Format::of_path(&out)?;
        let wb = crate::read::open(bytes, format, Limits::default()).ok()?;
        Some(validate::recognise(&wb.sheet_names) == Recognised::Summary)
    });
    if own_summary == Some(true) {
        Ok(())
    } else {
        Err(Error::OutputIsInput(output.to_path_buf()))
    }
}
