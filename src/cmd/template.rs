//! `gsw template`: the blank templates, or with `--register` the pre-filled ones
//! (a locked report template per register station, the review form listing every station).
//!
//! Nothing that exists is overwritten (SPEC §10): every workbook is built in memory first
//! (a bad register or a failed workbook writes nothing), then each is written only where no
//! file is; a file already there is kept and named, and the others are written. Skipping
//! rather than refusing the run: the staff member who asks for templates in the folder that
//! holds the filled register wants the templates that are missing and the register kept, not
//! to move files around first. With `--force`, the program's own templates that nobody has
//! changed since ([`crate::template::existing`]) are replaced; a filled-in workbook never is.

use crate::cli::{TemplateArgs, TemplateKind};
use crate::dates::AcademicYear;
use crate::schema::{self, Kind};
use crate::template::existing::{existing, Existing};
use crate::template::{self, prefill};
use crate::Error;
use std::path::{Path, PathBuf};

/// A workbook to write: where, its bytes, its kind.
struct Planned {
    path: PathBuf,
    bytes: Vec<u8>,
    kind: Kind,
}

/// What became of the planned files.
#[derive(Default)]
struct Written {
    /// Written where no file was.
    new: Vec<PathBuf>,
    /// Written over the program's own untouched template (`--force`).
    replaced: Vec<PathBuf>,
    skipped: usize,
}

impl Written {
    fn wrote(&self, path: &Path) -> bool {
        self.new.iter().chain(&self.replaced).any(|p| p == path)
    }
}

pub fn run(args: &TemplateArgs) -> Result<u8, Error> {
    let year = match &args.year {
        None => None,
        Some(text) => Some(parse_year(text)?),
    };
    if year.is_some() && matches!(args.kind, TemplateKind::Register | TemplateKind::Review) {
        return Err(Error::BadArgument(format!(
            "--year 只用于{}：请与 --kind report（或不加 --kind）一起使用",
            schema::REPORT.title
        )));
    }
    match &args.register {
        Some(register) => prefilled(args, register, year),
        None => blank(args, year),
    }
}

fn parse_year(text: &str) -> Result<AcademicYear, Error> {
    crate::validate::cell::parse_academic_year(text).ok_or_else(|| {
        Error::BadArgument(format!(
            "--year \"{text}\" 不是学年：应写作 2025-2026（2025年7月1日至2026年6月30日）"
        ))
    })
}

fn xlsx(path: &Path) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |source| Error::Xlsx {
        path: path.to_path_buf(),
        source,
    }
}

fn blank(args: &TemplateArgs, year: Option<AcademicYear>) -> Result<u8, Error> {
    let kinds: Vec<Kind> = match args.kind {
        TemplateKind::Report => vec![Kind::Report],
        TemplateKind::Register => vec![Kind::Register],
        TemplateKind::Review => vec![Kind::Review],
        TemplateKind::All => vec![Kind::Report, Kind::Register, Kind::Review],
    };
    let mut planned = Vec::new();
    for kind in kinds {
        let (name, workbook) = match (kind, year) {
            (Kind::Report, Some(y)) => {
                (prefill::blank_report_file_name(y), prefill::blank_report(y))
            }
            _ => (
                kind.schema().template_file.to_string(),
                template::workbook(kind),
            ),
        };
        let path = args.out_dir.join(name);
        let bytes = workbook
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(xlsx(&path))?;
        planned.push(Planned { path, bytes, kind });
    }
    let done = write_new(&planned, args.force)?;
    for path in &done.new {
        println!("已生成 {}", path.display());
    }
    end(&done);
    Ok(0)
}

/// Reads the register first and builds every workbook in memory: a bad register or a
/// failed workbook writes nothing.
fn prefilled(
    args: &TemplateArgs,
    register: &Path,
    year: Option<AcademicYear>,
) -> Result<u8, Error> {
    let (reports, review) = match args.kind {
        TemplateKind::Report => (true, false),
        TemplateKind::Review => (false, true),
        TemplateKind::All => (true, true),
        TemplateKind::Register => {
            return Err(Error::BadArgument(format!(
                "{}不能按名册预填：--register 只能与 --kind report（每站一份预填的{}）或 --kind review（预填的{}）一起使用",
                schema::REGISTER.title,
                schema::REPORT.title,
                schema::REVIEW.title
            )))
        }
    };
    let known = prefill::known_stations(register)?;

    let mut planned = Vec::new();
    if reports {
        let built = prefill::reports(&known, year).map_err(xlsx(&args.out_dir))?;
        planned.extend(built.into_iter().map(|(name, bytes)| Planned {
            path: args.out_dir.join(name),
            bytes,
            kind: Kind::Report,
        }));
    }
    let review_path = args.out_dir.join(schema::REVIEW.template_file);
    if review {
        let bytes = prefill::review(&known)
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(xlsx(&review_path))?;
        planned.push(Planned {
            path: review_path.clone(),
            bytes,
            kind: Kind::Review,
        });
    }
    let done = write_new(&planned, args.force)?;

    if !known.register_errors.is_empty() {
        eprintln!(
            "注意: 名册 {} 有 {} 个错误，有错误的行可能未能预填；请用 gsw check 查看",
            known.register_file,
            known.register_errors.len()
        );
    }
    if reports {
        let of_reports = |p: &&Planned| p.kind == Kind::Report;
        let made = planned
            .iter()
            .filter(of_reports)
            .filter(|p| done.wrote(&p.path))
            .count();
        let year = year.map_or(String::new(), |y| format!(" {y} 学年"));
        println!(
            "已按名册 {} 生成 {made} 份预填的{year}{}（基本信息已锁定）到 {}",
            known.register_file,
            schema::REPORT.title,
            args.out_dir.display()
        );
    }
    if review && done.wrote(&review_path) {
        let only_reported = known.stations.len() - known.register.len();
        let from_reports = if only_reported > 0 {
            format!("，其中 {only_reported} 个只见于报表、不在名册中")
        } else {
            String::new()
        };
        println!(
            "已生成 {}（{} 个工作站{from_reports}）",
            review_path.display(),
            known.stations.len()
        );
    }
    end(&done);
    Ok(0)
}

/// Writes each planned file where no file is; with `force`, also over the program's own
/// untouched template. Says why each file already there is kept.
fn write_new(planned: &[Planned], force: bool) -> Result<Written, Error> {
    let mut done = Written::default();
    for p in planned {
        let shown = p.path.display();
        let mut replaced = false;
        if p.path.exists() || p.path.symlink_metadata().is_ok() {
            let title = p.kind.schema().title;
            match (force, existing(&p.path, p.kind)) {
                (false, _) => {
                    println!(
                        "未覆盖 {shown}：文件已存在（如确是本程序生成、未经改动的模板，可加 --force 替换）"
                    );
                    done.skipped += 1;
                    continue;
                }
                (true, Existing::Untouched) => replaced = true,
                (true, Existing::Filled) => {
                    println!(
                        "未覆盖 {shown}：文件已存在且已填写内容，加 --force 也不替换；如需新模板，请换一个输出文件夹（--out-dir）"
                    );
                    done.skipped += 1;
                    continue;
                }
                (true, Existing::Other) => {
                    println!(
                        "未覆盖 {shown}：文件已存在，且不是本程序生成后未经改动的{title}模板，加 --force 也不替换；\
                         如需新模板，请换一个输出文件夹（--out-dir）"
                    );
                    done.skipped += 1;
                    continue;
                }
            }
        }
        crate::output::xlsx::write_atomically(&p.path, |file| {
            std::io::Write::write_all(file, &p.bytes).map_err(|source| Error::Write {
                path: p.path.clone(),
                source,
            })
        })?;
        if replaced {
            let title = p.kind.schema().title;
            println!("已替换 {shown}（原为本程序生成、未经改动的{title}模板）");
            done.replaced.push(p.path.clone());
        } else {
            done.new.push(p.path.clone());
        }
    }
    Ok(done)
}

fn end(done: &Written) {
    if done.skipped > 0 {
        println!("{} 个文件已存在，未覆盖（见上）。", done.skipped);
    }
}
