//! A copy being written beside its final name: removed unless finished, so a failed backup or restore
//! leaves nothing behind that could be mistaken for a whole database.

use std::path::{Path, PathBuf};

/// The path a copy is written to before it gets its name, and the clean-up should it never get one.
pub struct PartialFile {
    path: PathBuf,
    finished: bool,
}

impl PartialFile {
    pub fn beside(target: &Path) -> anyhow::Result<Self> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{} is not a file name.", target.display()))?
            .to_string_lossy();
        let dir = parent_dir(target);
        anyhow::ensure!(dir.is_dir(), "The folder {} does not exist.", dir.display());
        let path = dir.join(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()));
        Ok(Self { path, finished: false })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the copy durable, then gives it its name without ever replacing a file of that name.
    /// Returns its size in bytes.
    pub fn finish(mut self, target: &Path) -> anyhow::Result<u64> {
        let file = std::fs::File::open(&self.path)
            .map_err(|e| anyhow::anyhow!("cannot open the copy {}: {e}", self.path.display()))?;
        file.sync_all().map_err(|e| anyhow::anyhow!("cannot write the copy to disk: {e}"))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        match std::fs::hard_link(&self.path, target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                anyhow::bail!("{} appeared while the copy was being written; it was left as it is.", target.display())
            }
            // A file system without hard links: the check before we started is the best there is.
            Err(_) if !target.exists() => std::fs::rename(&self.path, target)
                .map_err(|e| anyhow::anyhow!("cannot name the copy {}: {e}", target.display()))?,
            Err(e) => anyhow::bail!("cannot name the copy {}: {e}", target.display()),
        }
        self.finished = true;
        let _ = std::fs::remove_file(&self.path);
        sync_dir(&parent_dir(target));
        Ok(size)
    }
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if !self.finished {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

pub fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename in `dir` survive a power cut, where the platform allows it.
pub fn sync_dir(dir: &Path) {
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}
