//! The feedback folder replaced as a whole, like the summary file: the new workbooks are
//! written into a hidden folder beside it ([`stage`]), and only when all are written (and
//! the summary saved) do they take the place of the old ones ([`Staged::commit`]). A run that fails leaves the previous folder as it was and no
//! hidden folder behind. In the folder, only the program's own workbooks are replaced or
//! removed (those of colleges no longer present too); any other file stays.

use crate::Error;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// New files written into a hidden folder beside `target`, not yet in place: dropped, they
/// are removed and `target` is untouched.
pub(super) struct Staged {
    target: PathBuf,
    staging: tempfile::TempDir,
    names: Vec<String>,
}

/// Writes the new files of `target` through `fill`, which writes them into the folder it is
/// given and returns their names.
pub(super) fn stage(
    target: &Path,
    fill: impl FnOnce(&Path) -> Result<Vec<String>, Error>,
) -> Result<Staged, Error> {
    let parent = parent(target);
    std::fs::create_dir_all(parent).map_err(|e| fail(parent, explain(e)))?;
    if let Ok(meta) = std::fs::symlink_metadata(target) {
        if !meta.is_dir() {
            let e = io::Error::new(
                io::ErrorKind::AlreadyExists,
                "已有同名的文件（不是文件夹）：请把它移走或改名后重试",
            );
            return Err(fail(target, e));
        }
    }
    let staging = hidden_folder(parent).map_err(|e| fail(parent, explain(e)))?;
    let names = fill(staging.path())?;
    Ok(Staged {
        target: target.to_path_buf(),
        staging,
        names,
    })
}

impl Staged {
    /// Puts the new files in place (no new folder when there are none). Files of the old folder named like a new one, or that
    /// `ours` says the program wrote, are removed once the new ones are in; others stay.
    /// When a file cannot be moved (open in Excel on Windows), the folder is put back as it
    /// was.
    pub(super) fn commit(self, ours: impl Fn(&Path) -> bool) -> Result<(), Error> {
        let Staged {
            target,
            staging,
            names,
        } = self;
        let parent = parent(&target);
        if !target.exists() {
            if names.is_empty() {
                return Ok(()); // no folder for nothing
            }
            let staged = staging.keep();
            return std::fs::rename(&staged, &target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                fail(&target, explain(e))
            });
        }
        let backup = hidden_folder(parent).map_err(|e| fail(parent, explain(e)))?;
        let mut moved_out: Vec<OsString> = Vec::new();
        let out = move_out(&target, backup.path(), &names, &ours, &mut moved_out);
        let mut moved_in: Vec<&str> = Vec::new();
        let done = out.and_then(|()| {
            for name in &names {
                std::fs::rename(staging.path().join(name), target.join(name))
                    .map_err(|e| (target.join(name), e))?;
                moved_in.push(name);
            }
            Ok(())
        });
        match done {
            Ok(()) => Ok(()),
            Err((path, e)) => {
                // Put the folder back as it was.
                for name in moved_in {
                    let _ = std::fs::remove_file(target.join(name));
                }
                for name in &moved_out {
                    let _ = std::fs::rename(backup.path().join(name), target.join(name));
                }
                Err(fail(&path, explain(e)))
            }
        }
    }
}

/// [`stage`] then [`Staged::commit`].
#[cfg(test)]
fn replace(
    target: &Path,
    fill: impl FnOnce(&Path) -> Result<Vec<String>, Error>,
    ours: impl Fn(&Path) -> bool,
) -> Result<(), Error> {
    stage(target, fill)?.commit(ours)
}

fn parent(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn fail(path: &Path, source: io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Moves into `backup` the files of `target` that the new ones replace or that the program
/// wrote, recording each in `moved`.
fn move_out(
    target: &Path,
    backup: &Path,
    names: &[String],
    ours: &impl Fn(&Path) -> bool,
    moved: &mut Vec<OsString>,
) -> Result<(), (PathBuf, io::Error)> {
    let entries = std::fs::read_dir(target).map_err(|e| (target.to_path_buf(), e))?;
    let mut old: Vec<(OsString, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| (target.to_path_buf(), e))?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file {
            old.push((entry.file_name(), entry.path()));
        }
    }
    old.sort();
    for (name, path) in old {
        // Windows ignores case: `abc.xlsx` and `ABC.xlsx` are one file.
        let shown = name.to_string_lossy().to_lowercase();
        let replaced = names.iter().any(|n| n.to_lowercase() == shown);
        if replaced || ours(&path) {
            std::fs::rename(&path, backup.join(&name)).map_err(|e| (path.clone(), e))?;
            moved.push(name);
        }
    }
    Ok(())
}

/// A hidden folder in `parent`, removed with everything in it when dropped; readable by all
/// (it may become the feedback folder).
fn hidden_folder(parent: &Path) -> io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new()
        .prefix(".gsw-")
        .suffix(".tmp")
        .tempdir_in(parent)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(dir)
}

/// The cause in words, then the system's.
fn explain(e: io::Error) -> io::Error {
    // Windows: 5 access denied, 32 sharing violation, 33 lock violation.
    let locked = e.kind() == io::ErrorKind::PermissionDenied
        || matches!(e.raw_os_error(), Some(32 | 33) if cfg!(windows));
    let why = match e.kind() {
        _ if locked => {
            "文件可能正被 Excel 或 WPS 打开，或没有写入权限；请关闭学院反馈中的工作簿后重试"
        }
        io::ErrorKind::StorageFull => "磁盘空间不足，请清理磁盘或换一个位置",
        io::ErrorKind::ReadOnlyFilesystem => "磁盘只读",
        _ => "无法写入学院反馈文件夹",
    };
    io::Error::new(e.kind(), format!("{why}（{e}）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = (std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap_or_default())
            })
            .collect();
        out.sort();
        out
    }

    fn write(
        files: &'static [(&'static str, &'static str)],
    ) -> impl FnOnce(&Path) -> Result<Vec<String>, Error> {
        move |dir: &Path| {
            for (name, text) in files {
                std::fs::write(dir.join(name), text).unwrap();
            }
            Ok(files.iter().map(|(n, _)| n.to_string()).collect())
        }
    }

    /// Ours: files whose text starts with "gsw".
    fn ours(p: &Path) -> bool {
        std::fs::read_to_string(p).is_ok_and(|t| t.starts_with("gsw"))
    }

    fn hidden(parent: &Path) -> Vec<String> {
        (std::fs::read_dir(parent).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".gsw-"))
            .collect()
    }

    #[test]
    fn a_new_folder_then_its_replacement_keeping_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("学院反馈_2026-11-30");
        replace(
            &target,
            write(&[("甲.xlsx", "gsw 甲 1"), ("乙.xlsx", "gsw 乙 1")]),
            ours,
        )
        .unwrap();
        std::fs::write(target.join("我的笔记.txt"), "mine").unwrap();
        replace(&target, write(&[("甲.xlsx", "gsw 甲 2")]), ours).unwrap();
        assert_eq!(
            listing(&target),
            [
                ("我的笔记.txt".into(), "mine".into()),
                ("甲.xlsx".into(), "gsw 甲 2".into()),
            ],
            "乙 is gone: its college is no longer present"
        );
        assert!(hidden(tmp.path()).is_empty());
    }

    #[test]
    fn a_failed_run_leaves_the_previous_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("学院反馈_2026-11-30");
        replace(
            &target,
            write(&[("甲.xlsx", "gsw 甲 1"), ("乙.xlsx", "gsw 乙 1")]),
            ours,
        )
        .unwrap();
        let before = listing(&target);
        let failing = |dir: &Path| {
            std::fs::write(dir.join("甲.xlsx"), "gsw 甲 half").unwrap();
            Err(Error::BadArgument("disk full".into()))
        };
        assert!(replace(&target, failing, ours).is_err());
        assert_eq!(listing(&target), before);
        assert!(hidden(tmp.path()).is_empty());
    }

    #[test]
    fn a_file_in_the_way_is_an_error_and_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("学院反馈_2026-11-30");
        std::fs::write(&target, "a file").unwrap();
        let e = replace(&target, write(&[("甲.xlsx", "gsw")]), ours).unwrap_err();
        assert!(e.to_string().contains("同名的文件"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "a file");
        assert!(hidden(tmp.path()).is_empty());
    }
}
