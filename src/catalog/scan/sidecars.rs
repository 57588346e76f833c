//! Art beside the media: a title's poster and backdrop, an episode's thumbnail, found by the names
//! Jellyfin and Kodi use (`poster.jpg`, `folder.png`, `fanart.jpg`, `<video>-poster.jpg`, `<video>-thumb.jpg`).

use std::path::PathBuf;

use super::walk::ListedFile;

const IMAGE_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// Splits a file name into stem and extension (`a.b.jpg` → `a.b`, `jpg`).
pub(crate) fn stem_and_ext(name: &str) -> (&str, &str) {
    name.rsplit_once('.').unwrap_or((name, ""))
}

fn is_image(ext: &str) -> bool {
    IMAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// The first image among `files` whose stem is one of `stems`, in the order of `stems`.
fn find_image(files: &[&ListedFile], stems: &[String]) -> Option<PathBuf> {
    stems.iter().find_map(|wanted| {
        files
            .iter()
            .find(|f| {
                let (stem, ext) = stem_and_ext(f.file_name());
                is_image(ext) && stem.eq_ignore_ascii_case(wanted)
            })
            .map(|f| f.path.clone())
    })
}

/// A title's poster and backdrop among the files of its folder. `video_stems` allow
/// `<video>-poster.jpg`; `shared_names` allows `poster.jpg` (not for a loose video, whose folder is the
/// library's own).
pub(crate) fn title_art(
    files: &[&ListedFile],
    video_stems: &[&str],
    shared_names: bool,
) -> (Option<PathBuf>, Option<PathBuf>) {
    let named = |generic: &[&str], suffixes: &[&str]| -> Vec<String> {
        let mut stems: Vec<String> =
            if shared_names { generic.iter().map(|s| (*s).to_owned()).collect() } else { Vec::new() };
        for video in video_stems {
            stems.extend(suffixes.iter().map(|s| format!("{video}-{s}")));
        }
        stems
    };
    let poster = find_image(files, &named(&["poster", "folder", "cover"], &["poster", "cover"]));
    let backdrop = find_image(files, &named(&["backdrop", "fanart", "background"], &["fanart", "backdrop"]));
    (poster, backdrop)
}

/// An episode's thumbnail: `<episode stem>-thumb.jpg` beside it.
pub(crate) fn thumb(files: &[&ListedFile], video_stem: &str) -> Option<PathBuf> {
    find_image(files, &[format!("{video_stem}-thumb")])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: &str) -> ListedFile {
        ListedFile { path: PathBuf::from(name), rel: name.to_owned(), rel_dir: Vec::new(), size: 1, modified_ns: 0 }
    }

    #[test]
    fn poster_and_backdrop_by_shared_and_video_names() {
        let files = [listed("Folder.JPG"), listed("fanart.webp"), listed("Alien-poster.png"), listed("notes.txt")];
        let refs: Vec<&ListedFile> = files.iter().collect();
        let (poster, backdrop) = title_art(&refs, &["Alien"], true);
        assert_eq!(poster, Some(PathBuf::from("Folder.JPG")));
        assert_eq!(backdrop, Some(PathBuf::from("fanart.webp")));
        let (poster, backdrop) = title_art(&refs, &["Alien"], false);
        assert_eq!(poster, Some(PathBuf::from("Alien-poster.png")));
        assert_eq!(backdrop, None);
    }

    #[test]
    fn episode_thumbs_follow_the_episode_name() {
        let files = [listed("Show S01E01-thumb.jpg"), listed("Show S01E02-thumb.png")];
        let refs: Vec<&ListedFile> = files.iter().collect();
        assert_eq!(thumb(&refs, "Show S01E02"), Some(PathBuf::from("Show S01E02-thumb.png")));
        assert_eq!(thumb(&refs, "Show S01E03"), None);
    }
}
