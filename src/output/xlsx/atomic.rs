//! Writing a file so that a failed or interrupted run never leaves a half-written file nor
//! destroys the previous one: write a temporary file beside the target, flush it to disk,
//! then rename it over the target. The temporary file is removed on every error path.

use crate::Error;
use std::fs::File;
use std::io;
use std::path::Path;

/// Writes `path` through `fill`, atomically. The folder is created when missing.
pub(crate) fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut File) -> Result<(), Error>,
) -> Result<(), Error> {
    let fail = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(explain_folder(dir, e)))?;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(fail(io::Error::new(
                io::ErrorKind::IsADirectory,
                "已有同名文件夹，请换一个文件名",
            )));
        }
        // A device or pipe (`/dev/null`, `/dev/full`) would be replaced by the rename.
        if !meta.is_file() {
            return Err(fail(io::Error::new(
                io::ErrorKind::InvalidInput,
                "这不是普通文件（是设备或管道），请换一个文件名",
            )));
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gsw-").suffix(".tmp");
    // A temporary file is private (0600); the summary is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| fail(explain_folder(dir, e)))?;
    fill(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .map_err(|e| fail(explain_write(e)))?;
    temp.persist(path)
        .map_err(|e| fail(explain_target(e.error)))?;
    Ok(())
}

/// The folder cannot be made or written to.
fn explain_folder(dir: &Path, e: io::Error) -> io::Error {
    let why = match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "没有写入权限或文件夹只读"
        }
        io::ErrorKind::NotADirectory | io::ErrorKind::AlreadyExists => {
            "路径中有同名文件，无法建立文件夹"
        }
        io::ErrorKind::StorageFull => "磁盘空间不足",
        _ => "无法在该文件夹中建立文件",
    };
    io::Error::new(e.kind(), format!("{why}（文件夹 {}；{e}）", dir.display()))
}

/// Writing stopped part-way (the disk is full, a size limit, a read-only disk).
pub(crate) fn explain_write(e: io::Error) -> io::Error {
    let why = match e.kind() {
        io::ErrorKind::StorageFull => "磁盘空间不足，请清理磁盘或换一个位置",
        io::ErrorKind::QuotaExceeded => "超出磁盘配额",
        io::ErrorKind::FileTooLarge => "文件超过了系统允许的大小",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "没有写入权限或磁盘只读"
        }
        _ => "写入中断",
    };
    io::Error::new(e.kind(), format!("{why}（{e}）"))
}

/// The finished file cannot replace the target.
fn explain_target(e: io::Error) -> io::Error {
    // Windows: 5 access denied, 32 sharing violation, 33 lock violation.
    let locked = e.kind() == io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(32 | 33) if cfg!(windows));
    let why = if locked {
        "文件可能正被 Excel 或 WPS 打开，或没有写入权限；请关闭该文件后重试"
    } else if e.kind() == io::ErrorKind::IsADirectory {
        "已有同名文件夹，请换一个文件名"
    } else {
        "无法替换原文件"
    };
    io::Error::new(e.kind(), format!("{why}（{e}）"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".gsw-"))
            .collect()
    }

    #[test]
    fn writes_and_replaces_creating_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("新/文件.txt");
        write_atomically(&path, |f| {
            f.write_all(b"one").unwrap();
            Ok(())
        })
        .unwrap();
        write_atomically(&path, |f| {
            f.write_all(b"two").unwrap();
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o444, 0o444, "readable by all: {mode:o}");
        }
        assert!(leftovers(path.parent().unwrap()).is_empty());
    }

    #[test]
    fn a_failed_fill_keeps_the_old_file_and_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |f| {
            f.write_all(b"half").unwrap();
            Err(Error::BadArgument("stop".into()))
        });
        assert!(matches!(err, Err(Error::BadArgument(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(leftovers(tmp.path()).is_empty());
    }

    #[test]
    fn a_folder_in_the_way_or_a_file_as_folder_is_a_write_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dir_target = tmp.path().join("汇总.xlsx");
        std::fs::create_dir(&dir_target).unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        for path in [dir_target.clone(), file.join("sub/a.xlsx")] {
            let err = write_atomically(&path, |_| Ok(())).unwrap_err();
            let Error::Write { path: p, .. } = &err else {
                panic!("{err}")
            };
            assert_eq!(p, &path);
            assert!(err.to_string().starts_with("无法写入"), "{err}");
        }
        assert!(dir_target.is_dir());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
        assert!(leftovers(tmp.path()).is_empty());
    }
}
