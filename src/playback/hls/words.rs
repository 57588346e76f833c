//! ffmpeg's words as a viewer may read them: the reason kept, the server's paths taken out (the
//! source file is named by its file name, any other absolute path by its last part).

use std::path::Path;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// An absolute path: a `/` at the start or after a space, quote, bracket, `=` or `:`, and what
/// follows it up to a space, quote, bracket, `:`, `,` or `;`.
static ABSOLUTE_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(^|[\s'"(\[<=:])(/[^\s'"()\[\]<>:,;]+)"#).expect("the path pattern compiles"));

/// What stands for a path that has no last part (`//`).
const NEUTRAL: &str = "a file";

/// `words` without the server's paths: `source` (the file ffmpeg read) becomes its file name, and
/// every other absolute path its last part.
pub fn for_viewer(words: &str, source: &Path) -> String {
    let mut words = words.to_owned();
    if let (Some(full), Some(name)) = (source.to_str(), source.file_name().and_then(|name| name.to_str()))
        && !full.is_empty()
    {
        words = words.replace(full, name);
    }
    ABSOLUTE_PATH
        .replace_all(&words, |found: &Captures| {
            let last = found[2].rsplit('/').find(|part| !part.is_empty()).unwrap_or(NEUTRAL);
            format!("{}{last}", &found[1])
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "/srv/media/Movies/The Night Train (2018)/The Night Train (2018).mkv";

    #[test]
    fn the_source_is_named_by_its_file_name() {
        let words = format!("Error opening input file {SOURCE}.; {SOURCE}: Invalid data found when processing input");
        assert_eq!(
            for_viewer(&words, Path::new(SOURCE)),
            "Error opening input file The Night Train (2018).mkv.; The Night Train (2018).mkv: Invalid data found \
             when processing input"
        );
    }

    #[test]
    fn other_absolute_paths_keep_only_their_last_part() {
        let words = "[hls @ 0x55d0] Failed to open file '/var/lib/marquee/streams/5d1c/g0-00003.ts': No space left \
                     on device; [in#0 @ 0x1] Error opening input: No such file or directory (file:/srv/other.mkv)";
        let seen = for_viewer(words, Path::new(SOURCE));
        assert_eq!(
            seen,
            "[hls @ 0x55d0] Failed to open file 'g0-00003.ts': No space left on device; [in#0 @ 0x1] Error opening \
             input: No such file or directory (file:other.mkv)"
        );
        assert!(!seen.contains('/'), "{seen}");
    }

    #[test]
    fn words_without_paths_are_kept_as_they_are() {
        let words = "nothing could be read from 4 s on: [matroska,webm @ 0x5] Read error at pos. 6000 (0x1770); \
                     Error while decoding stream #0:0: Invalid data found when processing input; 1/2 done";
        assert_eq!(for_viewer(words, Path::new(SOURCE)), words);
        assert_eq!(for_viewer("see //", Path::new("")), "see a file");
    }
}
