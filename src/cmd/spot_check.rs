//! `gsw spot-check DIR`: draws stations to check and writes the 抽查清单 (SPEC §9.3).

use super::consolidate::absolute;
use crate::cli::SpotCheckArgs;
use crate::consolidate::{self, Options, Progress, Stage};
use crate::discover::{self, OUTPUT_DIR};
use crate::ingest;
use crate::model::Submission;
use crate::output::xlsx::write_atomically;
use crate::schema;
use crate::spotcheck::{Checklist, Draw};
use crate::terminal::{self, Verbosity};
use crate::Error;
use chrono::NaiveDate;
use indicatif::ProgressBar;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn run(args: &SpotCheckArgs) -> Result<u8, Error> {
    let input = &args.dir;
    if let Some(e) = super::consolidate::misspelt_command(input) {
        return Err(e);
    }
    discover::check_input_folder(input)?;
    let (as_of, rules) =
        super::consolidate::date_and_rules(args.as_of.as_deref(), args.rules.as_deref())?;
    let output = match &args.output {
        Some(p) => p.clone(),
        None => default_output(input, as_of),
    };
    check_output(&output, rules.limits)?;
    let draw = Draw {
        count: args.count as usize,
        seed: args.seed.unwrap_or_else(|| Draw::default_seed(as_of)),
    };
    let options = Options {
        as_of,
        limits: rules.limits,
        rules,
        skip: vec![absolute(&output)],
    };
    let bar = Bar(OnceLock::new());
    let checklist = consolidate::spot_check(input, &options, draw, &bar);
    if checklist.stations.is_empty() {
        return Err(Error::BadArgument(format!(
            "文件夹 {} 中没有可抽查的工作站：没有哪个工作站有计入等级的研究生、成果或经费数据（截至 {as_of}）。请先运行 gsw consolidate 查看汇总结果",
            input.display()
        )));
    }
    let xlsx = |source| Error::Xlsx {
        path: output.clone(),
        source,
    };
    let bytes = crate::template::spot_check::workbook(&checklist)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(xlsx)?;
    write_atomically(&output, |file| {
        file.write_all(&bytes).map_err(|source| Error::Write {
            path: output.clone(),
            source: crate::output::xlsx::explain_write(source),
        })
    })?;
    print!("{}", report(&checklist, input, &output));
    Ok(0)
}

/// `DIR/汇总结果/抽查清单_2026-11-30.xlsx`.
pub fn default_output(input: &Path, as_of: NaiveDate) -> PathBuf {
    input.join(OUTPUT_DIR).join(file_name(as_of))
}

/// `抽查清单_2026-11-30.xlsx`.
pub fn file_name(as_of: NaiveDate) -> String {
    format!(
        "{}_{}.xlsx",
        schema::SPOT_CHECK.title,
        as_of.format("%Y-%m-%d")
    )
}

/// The list goes to an .xlsx file, and replaces nothing but a list of the program's own that
/// no one has filled in yet: a report, a filled list or any other file is an input, or
/// someone's work, and is never written over.
fn check_output(output: &Path, limits: crate::rules::Limits) -> Result<(), Error> {
    let shown = output.display();
    let xlsx = (output.extension().and_then(|e| e.to_str()))
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if output.is_dir() {
        return Err(Error::BadArgument(format!(
            "-o {shown} 是文件夹，不是文件：请给出抽查清单的文件名，如 -o {}",
            output.join("抽查清单.xlsx").display()
        )));
    }
    if !xlsx {
        return Err(Error::BadArgument(format!(
            "-o {shown}：抽查清单的文件名须以 .xlsx 结尾，如 -o {}",
            output.with_extension("xlsx").display()
        )));
    }
    if !output.exists() {
        return Ok(());
    }
    match ingest::read_path(output, limits).submission {
        Some(Submission::SpotCheck(filled)) if filled.is_empty() => Ok(()),
        Some(Submission::SpotCheck(_)) => Err(Error::BadArgument(format!(
            "{shown} 是已填写核查结果的抽查清单，为免覆盖，拒绝写入：请用 -o 另给一个文件名"
        ))),
        _ => Err(Error::BadArgument(format!(
            "{shown} 已存在且不是未填写的抽查清单，为免覆盖，拒绝写入：请用 -o 另给一个文件名"
        ))),
    }
}

/// What the terminal shows: the stations drawn, the file, and what to do next.
fn report(c: &Checklist, input: &Path, output: &Path) -> String {
    let mut out = format!(
        "已从 {} 个可抽查的工作站（{} 个牵头学院/医院）中抽取 {} 个（随机种子 {}）：\n",
        c.eligible,
        c.colleges,
        c.stations.len(),
        c.draw.seed
    );
    if c.stations.len() < c.draw.count {
        out.push_str(&format!(
            "（要求抽取 {} 个，可抽查的只有 {} 个，已全部列入）\n",
            c.draw.count,
            c.stations.len()
        ));
    }
    for s in &c.stations {
        let count = |kind: &str| {
            (s.items.iter())
                .filter(|i| i.target.kind_label() == kind)
                .count()
        };
        out.push_str(&format!(
            "  {}  {}  {}  研究生 {} 项，成果 {} 项，经费 {} 项\n",
            s.id,
            s.name.as_deref().unwrap_or("（名称不明）"),
            s.college.as_deref().unwrap_or("（学院不明）"),
            count(schema::SPOT_STUDENT),
            count(schema::SPOT_OUTCOME),
            count(schema::SPOT_FUNDING),
        ));
    }
    out.push_str(&format!(
        "抽查清单（共 {} 项）：{}\n请在“核查结果”列选择属实或不属实、在“核查说明”中写明情况；填好后把文件放进 {}（“{OUTPUT_DIR}”文件夹以外），再运行 gsw consolidate {}。\n",
        c.item_count(),
        output.display(),
        input.display(),
        input.display()
    ));
    out
}

/// The progress bar while reading.
struct Bar(OnceLock<ProgressBar>);

impl Progress for Bar {
    fn found(&self, files: usize) {
        let _ = (self.0).set(terminal::progress(files as u64, Verbosity::Normal));
    }

    fn file_read(&self) {
        if let Some(bar) = self.0.get() {
            bar.inc(1);
        }
    }

    fn stage_done(&self, stage: Stage) {
        if let (Stage::Read, Some(bar)) = (stage, self.0.get()) {
            bar.finish_and_clear();
        }
    }
}
