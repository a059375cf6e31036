//! The private host directory of one prepared submission.

use std::fs::{self, Permissions};
use std::io;
use std::os::unix::fs::{PermissionsExt, lchown};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// Lets the slot uids that run bwrap reach the files to bind, without listing anything.
const TRAVERSE_ONLY: u32 = 0o711;

/// A directory holding a submission's source and, once compiled, its build output. Removed on
/// drop.
#[derive(Debug)]
pub(super) struct Workspace {
    dir: TempDir,
}

impl Workspace {
    pub(super) fn create(root: &Path, source_file: &str, code: &str) -> io::Result<Self> {
        let dir = tempfile::Builder::new().prefix("prepared-").tempdir_in(root)?;
        fs::set_permissions(dir.path(), Permissions::from_mode(TRAVERSE_ONLY))?;
        fs::write(dir.path().join(source_file), code)?;
        Ok(Self { dir })
    }

    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Hands the directory and source to a compile stage's host uid, so the compiler can write.
    pub(super) fn lend_to(&self, uid: u32) -> io::Result<()> {
        for entry in fs::read_dir(self.path())? {
            lchown(entry?.path(), Some(uid), Some(uid))?;
        }
        lchown(self.path(), Some(uid), Some(uid))
    }

    /// Takes the directory back and lists what runs will see: only regular files, root-owned and
    /// readable by any slot uid. Symlinks, directories and other entries a compiler (or a
    /// program abusing one) left behind are never bound into a jail.
    pub(super) fn seal(&self) -> io::Result<Vec<PathBuf>> {
        lchown(self.path(), Some(0), Some(0))?;
        let mut files = Vec::new();
        for entry in fs::read_dir(self.path())? {
            let entry = entry?;
            if !entry.file_type()?.is_file() {
                continue;
            }
            let path = entry.path();
            lchown(&path, Some(0), Some(0))?;
            let executable = entry.metadata()?.permissions().mode() & 0o100 != 0;
            let mode = if executable { 0o755 } else { 0o644 };
            fs::set_permissions(&path, Permissions::from_mode(mode))?;
            files.push(path);
        }
        files.sort();
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn sealing_lists_only_regular_files_and_makes_them_readable() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        let workspace = Workspace::create(root.path(), "main.c", "int main(){}")?;
        symlink("/etc/shadow", workspace.path().join("escape"))?;
        fs::create_dir(workspace.path().join("nested"))?;
        let binary = workspace.path().join("main");
        fs::write(&binary, "")?;
        fs::set_permissions(&binary, Permissions::from_mode(0o700))?;

        let files = workspace.seal()?;
        assert_eq!(files, [binary.clone(), workspace.path().join("main.c")]);
        assert_eq!(fs::metadata(&binary)?.permissions().mode() & 0o777, 0o755);
        Ok(())
    }
}
