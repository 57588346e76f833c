//! The facts in a video's own headers (container, duration, codecs, size of the picture), read without
//! ffmpeg for MP4 and Matroska, and only as much of the file as the headers take.

mod ffprobe;
mod ffprobe_keyframes;
mod mkv;
mod mp4;
mod mp4_codecs;
mod mp4_keyframes;
mod mp4_tracks;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use super::MediaFacts;
use super::walk::io_words;
pub use ffprobe_keyframes::{ffprobe_installed, ffprobe_keyframes};

/// The shape of a file, from its first bytes where they tell, else from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Mp4,
    Matroska,
    Other,
}

fn shape(head: &[u8], ext: &str) -> Shape {
    if head.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
        return Shape::Matroska;
    }
    if head.get(4..8).is_some_and(|t| matches!(t, b"ftyp" | b"moov" | b"free" | b"wide" | b"mdat" | b"skip")) {
        return Shape::Mp4;
    }
    match ext {
        "mp4" | "m4v" | "mov" => Shape::Mp4,
        "mkv" | "webm" => Shape::Matroska,
        _ => Shape::Other,
    }
}

/// Reads a video's facts from its headers. `Err` says in words why they could not be read.
pub fn probe(path: &Path) -> Result<MediaFacts, String> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let mut file = File::open(path).map_err(|e| format!("cannot be read: {}", io_words(&e)))?;
    let size = file.metadata().map_err(|e| format!("cannot be read: {}", io_words(&e)))?.len();
    if size == 0 {
        return Err("the file is empty".to_owned());
    }
    let mut head = [0u8; 12];
    let got = read_some(&mut file, &mut head).map_err(|e| format!("cannot be read: {}", io_words(&e)))?;
    let shape = shape(&head[..got], &ext);
    file.seek(SeekFrom::Start(0)).map_err(|e| format!("cannot be read: {}", io_words(&e)))?;
    // The header crates are careful, but a damaged file must never end the whole scan.
    let read = panic::catch_unwind(AssertUnwindSafe(|| match shape {
        Shape::Mp4 => mp4::read(file, size, &ext),
        Shape::Matroska => mkv::read(file),
        Shape::Other => Ok(ffprobe::read(path)
            .unwrap_or_else(|| MediaFacts::container_only(if ext.is_empty() { "unknown" } else { ext.as_str() }))),
    }));
    match read {
        Ok(facts) => facts,
        Err(_) => Err("the file's headers are damaged and could not be read".to_owned()),
    }
}

fn read_some(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
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

/// A positive, finite number of seconds, or nothing.
fn seconds(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

#[cfg(test)]
mod tests;
