//! `gsw template`: the blank templates, or with `--register` the pre-filled ones
//! (a locked report template per register station, the review form listing every station).

use crate::cli::{TemplateArgs, TemplateKind};
use crate::schema::{self, Kind};
use crate::template::prefill;
use crate::Error;
use std::path::{Path, PathBuf};

pub fn run(args: &TemplateArgs) -> Result<u8, Error> {
    match &args.register {
        Some(register) => prefilled(args, register),
        None => blank(args),
    }
}

fn blank(args: &TemplateArgs) -> Result<u8, Error> {
    create_dir(&args.out_dir)?;
    let kinds: Vec<Kind> = match args.kind {
        TemplateKind::Report => vec![Kind::Report],
        TemplateKind::Register => vec![Kind::Register],
        TemplateKind::Review => vec![Kind::Review],
        TemplateKind::All => vec![Kind::Report, Kind::Register, Kind::Review],
    };
    for kind in kinds {
        let path = args.out_dir.join(kind.schema().template_file);
        crate::template::write_blank(kind, &path)?;
        println!("已生成 {}", path.display());
    }
    Ok(0)
}

/// Reads the register first and builds every workbook in memory: a bad register, a failed
/// workbook or a file already there writes nothing.
fn prefilled(args: &TemplateArgs, register: &Path) -> Result<u8, Error> {
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
    let xlsx = |path: PathBuf| move |source| Error::Xlsx { path, source };

    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if reports {
        let built = prefill::reports(&known).map_err(xlsx(args.out_dir.clone()))?;
        files.extend(
            built
                .into_iter()
                .map(|(name, bytes)| (args.out_dir.join(name), bytes)),
        );
    }
    if review {
        let path = args.out_dir.join(schema::REVIEW.template_file);
        let bytes = prefill::review(&known)
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(xlsx(path.clone()))?;
        files.push((path, bytes));
    }

    // The review form in the input folder may hold the experts' opinions: never overwrite.
    let existing: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.exists())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if let Some(first) = existing.first() {
        return Err(Error::BadArgument(format!(
            "{first} 等 {} 个文件已存在，为免覆盖已填写的内容，未生成任何文件；请换一个输出文件夹（--out-dir）或先移走这些文件",
            existing.len()
        )));
    }
    create_dir(&args.out_dir)?;
    for (path, bytes) in &files {
        std::fs::write(path, bytes).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }

    if !known.register_errors.is_empty() {
        eprintln!(
            "注意: 名册 {} 有 {} 个错误，有错误的行可能未能预填；请用 gsw check 查看",
            known.register_file,
            known.register_errors.len()
        );
    }
    if reports {
        println!(
            "已按名册 {} 生成 {} 份预填的{}（基本信息已锁定）到 {}",
            known.register_file,
            known.register.len(),
            schema::REPORT.title,
            args.out_dir.display()
        );
    }
    if review {
        let only_reported = known.stations.len() - known.register.len();
        let from_reports = if only_reported > 0 {
            format!("，其中 {only_reported} 个只见于报表、不在名册中")
        } else {
            String::new()
        };
        println!(
            "已生成 {}（{} 个工作站{from_reports}）",
            args.out_dir.join(schema::REVIEW.template_file).display(),
            known.stations.len()
        );
    }
    Ok(0)
}

fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}
