//! `gsw template`: the blank templates (pre-filled ones come with the template writer).

use crate::cli::{TemplateArgs, TemplateKind};
use crate::schema::Kind;
use crate::Error;

pub fn run(args: &TemplateArgs) -> Result<u8, Error> {
    if args.register.is_some() {
        return Err(Error::BadArgument(
            "按名册预填模板的功能尚未完成".to_string(),
        ));
    }
    std::fs::create_dir_all(&args.out_dir).map_err(|source| Error::Write {
        path: args.out_dir.clone(),
        source,
    })?;
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
