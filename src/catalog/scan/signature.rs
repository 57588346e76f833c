//! Cheap identities: a title folder's signature (did anything in it change since the last scan?) and a
//! file's fingerprint (is this the same video, moved or renamed?).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::walk::ListedFile;

/// How much of each end of a file the fingerprint reads.
const FINGERPRINT_SPAN: u64 = 64 * 1024;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A hash of the sorted (path below the title folder, size, modification time) of every file of a title.
/// Built from the listing alone: computing it opens no file.
pub(crate) fn signature(files: &[ListedFile]) -> String {
    let mut entries: Vec<(&str, u64, i64)> = files.iter().map(|f| (f.rel.as_str(), f.size, f.modified_ns)).collect();
    entries.sort_unstable();
    let mut hasher = Sha256::new();
    for (rel, size, modified_ns) in entries {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(size.to_le_bytes());
        hasher.update(modified_ns.to_le_bytes());
    }
    hex(&hasher.finalize())
}

/// A hex SHA-256 of a file's size and its first and last 64 KiB: the same for a file that was moved or
/// renamed, different for nearly any change of content, and cheap for files of many gigabytes.
pub fn fingerprint(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut hasher = Sha256::new();
    hasher.update(size.to_le_bytes());
    let mut buf = vec![0u8; FINGERPRINT_SPAN as usize];
    let head = read_up_to(&mut file, &mut buf)?;
    hasher.update(&buf[..head]);
    if size > FINGERPRINT_SPAN {
        file.seek(SeekFrom::Start(size.saturating_sub(FINGERPRINT_SPAN).max(FINGERPRINT_SPAN)))?;
        let tail = read_up_to(&mut file, &mut buf)?;
        hasher.update(&buf[..tail]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Fills `buf` as far as the file allows.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn listed(rel: &str, size: u64, modified_ns: i64) -> ListedFile {
        ListedFile { path: PathBuf::from(rel), rel: rel.to_owned(), rel_dir: Vec::new(), size, modified_ns }
    }

    #[test]
    fn signature_ignores_order_and_notices_any_change() {
        let a = signature(&[listed("a.mkv", 10, 1), listed("b.srt", 2, 1)]);
        assert_eq!(a, signature(&[listed("b.srt", 2, 1), listed("a.mkv", 10, 1)]));
        assert_ne!(a, signature(&[listed("a.mkv", 10, 2), listed("b.srt", 2, 1)]));
        assert_ne!(a, signature(&[listed("a.mkv", 11, 1), listed("b.srt", 2, 1)]));
        assert_ne!(a, signature(&[listed("a.mkv", 10, 1)]));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn fingerprint_follows_content_not_name() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let one = dir.path().join("one.mkv");
        let two = dir.path().join("renamed.mkv");
        std::fs::write(&one, &big).expect("write");
        std::fs::write(&two, &big).expect("write");
        let first = fingerprint(&one).expect("fingerprint");
        assert_eq!(first, fingerprint(&two).expect("fingerprint"));
        let mut changed = big.clone();
        changed[199_999] ^= 1;
        std::fs::write(&two, &changed).expect("write");
        assert_ne!(first, fingerprint(&two).expect("fingerprint"));
        assert!(fingerprint(&dir.path().join("missing.mkv")).is_err());
    }
}
