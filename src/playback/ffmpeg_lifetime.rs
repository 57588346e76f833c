//! ffmpeg never outlives the server that started it. A handle that kills its process when dropped is
//! not enough: a server killed outright (`kill -9`, the OOM killer, a crash) drops nothing, and its
//! ffmpeg would go on converting a film for nobody. So every ffmpeg is started through util-linux's
//! `setpriv --pdeathsig KILL`, which asks the kernel to kill it the moment its parent goes; and at
//! start, processes still working in this server's streams folder (left by a server that died before
//! this was in place, or where `setpriv` is missing) are killed before the folder is emptied.
//!
//! The kernel ties the signal to the thread that started the process: ffmpeg is started from the
//! async workers, which live as long as the server does.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tokio::process::Command;

/// A command that runs `program` (ffmpeg) so that it dies with this process.
pub fn command(program: &Path) -> Command {
    match setpriv() {
        Some(setpriv) => {
            let mut command = Command::new(setpriv);
            command.args(["--pdeathsig", "KILL", "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

/// util-linux's `setpriv`, looked up once on the PATH.
fn setpriv() -> Option<&'static Path> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let found = which("setpriv");
            if found.is_none() {
                tracing::warn!(
                    "setpriv (util-linux) is not on the PATH: an ffmpeg may outlive a server that is killed"
                );
            }
            found
        })
        .as_deref()
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Kills every ffmpeg whose command line names a path inside `work_dir`: runs left by a server that
/// died while converting. Returns how many were killed.
pub fn kill_leftovers(work_dir: &Path) -> usize {
    // Only a folder of Marquee's own, named the way ffmpeg was given it: never a match for `/` or
    // for a relative path that another server's ffmpeg may share.
    if !work_dir.is_absolute() || work_dir.components().count() < 3 {
        return 0;
    }
    let Ok(processes) = std::fs::read_dir("/proc") else { return 0 };
    let mut killed = 0;
    for entry in processes.filter_map(Result::ok) {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<i32>().ok()) else { continue };
        let Ok(command_line) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let arguments: Vec<&str> =
            command_line.split(|byte| *byte == 0).filter_map(|argument| std::str::from_utf8(argument).ok()).collect();
        let is_ffmpeg = arguments
            .first()
            .and_then(|program| Path::new(program).file_name())
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("ffmpeg"));
        if !is_ffmpeg || !arguments.iter().any(|argument| Path::new(argument).starts_with(work_dir)) {
            continue;
        }
        let Some(pid) = pid_here(&entry.path(), pid) else { continue };
        if let Some(pid) = rustix::process::Pid::from_raw(pid)
            && rustix::process::kill_process(pid, rustix::process::Signal::KILL).is_ok()
        {
            tracing::warn!(pid = pid.as_raw_nonzero().get(), "killed an ffmpeg left running by a server that stopped");
            killed += 1;
        }
    }
    killed
}

/// The pid to signal for the process that `/proc` lists as `listed`. A sandbox may run this server
/// in a pid namespace of its own while `/proc` shows the parent namespace's numbers: the process's
/// `NSpid` line then lists its number in each namespace, innermost last. Only a process as deep in
/// nested namespaces as this one can be this server's child; others are left alone.
fn pid_here(process: &Path, listed: i32) -> Option<i32> {
    let depth_here = nspids(Path::new("/proc/self")).map_or(1, |pids| pids.len());
    match nspids(process) {
        Some(pids) if pids.len() == depth_here => pids.last().copied(),
        Some(_) => None,
        // A kernel without NSpid (before 4.1) shows one namespace.
        None => Some(listed),
    }
}

/// The `NSpid` numbers of a process under `/proc`, outermost first.
fn nspids(process: &Path) -> Option<Vec<i32>> {
    let status = std::fs::read_to_string(process.join("status")).ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix("NSpid:"))?;
    line.split_whitespace().map(|number| number.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_ffmpeg_working_in_the_folder_itself_is_killed() {
        let work = tempfile::tempdir().unwrap();
        let work = std::fs::canonicalize(work.path()).unwrap();
        let mut ffmpeg = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i"])
            .arg("testsrc2=size=160x120:rate=5")
            .args(["-c:v", "mpeg4", "-f", "mpegts"])
            .arg(work.join("out.ts"))
            .spawn()
            .expect("ffmpeg runs");
        // The process may still be finishing its exec (its command line not yet readable) when
        // `spawn` returns: wait until ffmpeg has opened its output.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !work.join("out.ts").exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(work.join("out.ts").exists(), "ffmpeg started");
        assert_eq!(kill_leftovers(Path::new("/")), 0, "never every ffmpeg on the machine");
        assert_eq!(kill_leftovers(Path::new("/tmp")), 0, "nor a folder that short");
        assert_eq!(kill_leftovers(&work.join("elsewhere")), 0);
        assert!(ffmpeg.try_wait().unwrap().is_none(), "still running");

        assert_eq!(kill_leftovers(&work), 1);
        let status = ffmpeg.wait().unwrap();
        assert!(!status.success(), "killed");
    }
}
