//! Every file that holds accounts is readable by its owner alone, whatever the umask Marquee runs under,
//! and one that an earlier version left open is closed at start.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::cli::text;
use crate::cli_backup::Household;

/// The permissions of `path` in octal, as `ls` and `chmod` show them.
fn mode(path: &Path) -> String {
    let metadata = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    format!("{:o}", metadata.permissions().mode() & 0o777)
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The copy `marquee restore` kept of the database it replaced.
fn kept_by_restore(data: &Path) -> std::path::PathBuf {
    std::fs::read_dir(data)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.file_name().unwrap().to_string_lossy().starts_with("marquee.db.before-restore-"))
        .expect("the replaced database is kept")
}

#[tokio::test]
async fn files_that_hold_accounts_are_the_owners_alone_whatever_the_umask() {
    for umask in ["022", "000"] {
        let household = Household::under_umask(Some(umask));
        let data = &household.data;
        assert_eq!(mode(data), "700", "umask {umask}: the data directory");
        assert_eq!(mode(&data.join("marquee.db")), "600", "umask {umask}: the database");

        let server = household.serve().await;
        server.sign_in("Living room TV").await;
        for name in ["marquee.db", "marquee.db-wal", "marquee.db-shm", "marquee.db.server-lock"] {
            assert_eq!(mode(&data.join(name)), "600", "umask {umask}: {name}, written by a running server");
        }
        assert_eq!(mode(&data.join("streams")), "700", "umask {umask}: the streams' folder");

        let backup = household.file("backup.db");
        let backed_up = household.run(&["backup", "--to", backup.to_str().unwrap()]).await;
        assert!(backed_up.status.success(), "{}", text(&backed_up.stderr));
        assert_eq!(mode(&backup), "600", "umask {umask}: the backup");

        server.stop().await;
        let restored = household.run(&["restore", "--from", backup.to_str().unwrap()]).await;
        assert!(restored.status.success(), "{}", text(&restored.stderr));
        assert_eq!(mode(&data.join("marquee.db")), "600", "umask {umask}: the restored database");
        assert_eq!(mode(&kept_by_restore(data)), "600", "umask {umask}: the database the restore replaced");
        assert_eq!(mode(data), "700", "umask {umask}: the data directory after all of it");
    }
}

#[tokio::test]
async fn a_data_directory_an_earlier_version_left_open_is_closed_at_start() {
    let household = Household::under_umask(Some("022"));
    let data = &household.data;
    let server = household.serve().await;
    server.sign_in("Living room TV").await;
    // Killed, so that its write-ahead log and shared memory stay; then opened up as earlier versions left them.
    drop(server);
    let files = ["marquee.db", "marquee.db-wal", "marquee.db-shm"].map(|name| data.join(name));
    set_mode(data, 0o755);
    for file in &files {
        set_mode(file, 0o644);
    }

    let server = household.serve().await;
    assert_eq!(mode(data), "700", "the data directory");
    for file in &files {
        assert_eq!(mode(file), "600", "{}", file.display());
    }

    // Opened up again, then replaced by a restore: the copy kept beside it is closed too.
    let backup = household.file("backup.db");
    let backed_up = household.run(&["backup", "--to", backup.to_str().unwrap()]).await;
    assert!(backed_up.status.success(), "{}", text(&backed_up.stderr));
    server.stop().await;
    set_mode(&files[0], 0o644);
    let restored = household.run(&["restore", "--from", backup.to_str().unwrap()]).await;
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert_eq!(mode(&kept_by_restore(data)), "600", "the database the restore replaced");
}
