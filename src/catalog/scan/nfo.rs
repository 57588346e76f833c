//! Kodi NFO files (`movie.nfo`, `tvshow.nfo`, `<episode>.nfo`): what a person wrote about a title wins
//! over what its names say. Parsed with `quick-xml`; a broken file is reported in words, never fatal.

use std::fs;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::CastMember;

/// NFO files are small; anything larger is not one.
const MAX_NFO_BYTES: u64 = 4 * 1024 * 1024;

/// What an NFO says about a movie or a show.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct TitleNfo {
    pub title: Option<String>,
    pub original_title: Option<String>,
    pub year: Option<i32>,
    pub plot: Option<String>,
    pub genres: Vec<String>,
    pub certification: Option<String>,
    pub cast: Vec<CastMember>,
    pub runtime_minutes: Option<i64>,
    pub imdb_id: Option<String>,
}

/// What an NFO says about one episode.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct EpisodeNfo {
    pub title: Option<String>,
    pub season: Option<i64>,
    pub episode: Option<i64>,
    pub plot: Option<String>,
    pub aired: Option<String>,
}

/// The first-level fields of an NFO document, in order.
#[derive(Debug, Default)]
struct Doc {
    fields: Vec<(String, String)>,
    actors: Vec<CastMember>,
    /// (type, value) of each `<uniqueid>`.
    unique_ids: Vec<(String, String)>,
}

impl Doc {
    fn first(&self, tag: &str) -> Option<String> {
        self.fields.iter().find(|(t, v)| t == tag && !v.is_empty()).map(|(_, v)| v.clone())
    }

    fn all(&self, tag: &str) -> impl Iterator<Item = &str> {
        self.fields.iter().filter(move |(t, v)| t == tag && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    fn number(&self, tag: &str) -> Option<i64> {
        let text = self.first(tag)?;
        let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }

    fn year(&self) -> Option<i32> {
        ["year", "premiered", "aired", "releasedate"].iter().find_map(|tag| {
            let text = self.first(tag)?;
            text.get(..4).and_then(|y| y.parse().ok()).filter(|y| (1800..=9999).contains(y))
        })
    }

    fn imdb_id(&self) -> Option<String> {
        let from_unique = self.unique_ids.iter().find(|(t, _)| t.eq_ignore_ascii_case("imdb")).map(|(_, v)| v.clone());
        from_unique
            .or_else(|| self.first("imdbid"))
            .or_else(|| self.first("imdb_id"))
            .or_else(|| self.first("id"))
            .or_else(|| self.unique_ids.iter().map(|(_, v)| v.clone()).find(|v| v.starts_with("tt")))
            .filter(|v| is_imdb_id(v))
    }
}

fn is_imdb_id(v: &str) -> bool {
    v.strip_prefix("tt").is_some_and(|n| (5..=10).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a movie's or show's NFO. `Err` holds the reason, in words, that the file could not be used.
pub(crate) fn read_title_nfo(path: &Path) -> Result<TitleNfo, String> {
    let doc = read_doc(path)?;
    let mut genres: Vec<String> = Vec::new();
    for genre in doc.all("genre").flat_map(|g| g.split(" / ")) {
        let genre = genre.trim();
        if !genre.is_empty() && !genres.iter().any(|g| g.eq_ignore_ascii_case(genre)) {
            genres.push(genre.to_owned());
        }
    }
    Ok(TitleNfo {
        title: doc.first("title"),
        original_title: doc.first("originaltitle"),
        year: doc.year(),
        plot: doc.first("plot").or_else(|| doc.first("outline")),
        genres,
        certification: doc.first("mpaa").or_else(|| doc.first("certification")),
        cast: doc.actors.clone(),
        runtime_minutes: doc.number("runtime").filter(|&m| m > 0),
        imdb_id: doc.imdb_id(),
    })
}

/// Reads an episode's NFO.
pub(crate) fn read_episode_nfo(path: &Path) -> Result<EpisodeNfo, String> {
    let doc = read_doc(path)?;
    Ok(EpisodeNfo {
        title: doc.first("title"),
        season: doc.number("season"),
        episode: doc.number("episode"),
        plot: doc.first("plot").or_else(|| doc.first("outline")),
        aired: doc.first("aired").or_else(|| doc.first("premiered")),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn read_doc(path: &Path) -> Result<Doc, String> {
    let name = file_name(path);
    let meta = fs::metadata(path).map_err(|e| format!("{name} cannot be read: {}", super::walk::io_words(&e)))?;
    if meta.len() > MAX_NFO_BYTES {
        return Err(format!("{name} is larger than 4 MiB, too large for an NFO file"));
    }
    let bytes = fs::read(path).map_err(|e| format!("{name} cannot be read: {}", super::walk::io_words(&e)))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse_doc(text).map_err(|e| format!("{name} {e}"))
}

/// Parses the text of an NFO: the first element and the fields directly inside it.
fn parse_doc(text: &str) -> Result<Doc, String> {
    let mut reader = Reader::from_str(text);
    let mut doc = Doc::default();
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut field = String::new();
    let mut sub_field = String::new();
    let mut value = String::new();
    let mut unique_type = String::new();
    let mut actor: Option<CastMember> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX).min(text.len());
            let line = text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            format!("is not valid XML (line {line}): {e}")
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let tag = e.local_name().as_ref().to_ascii_lowercase();
                match depth {
                    1 => seen_root = true,
                    2 => {
                        value.clear();
                        if tag == "uniqueid" {
                            unique_type = match e.try_get_attribute("type") {
                                Ok(Some(a)) => a.value.trim().to_owned(),
                                _ => String::new(),
                            };
                        }
                        if tag == "actor" {
                            actor = Some(CastMember { name: String::new(), role: None });
                        }
                        field = tag;
                    }
                    3 => {
                        value.clear();
                        sub_field = tag;
                    }
                    _ => {}
                }
            }
            Event::Empty(_) if depth == 0 => seen_root = true,
            Event::Text(t) if depth >= 2 => value.push_str(&t),
            Event::CData(t) if depth >= 2 => value.push_str(&t),
            Event::GeneralRef(r) if depth >= 2 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    value.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    value.push_str(s);
                }
            }
            Event::End(_) => {
                match depth {
                    2 if field == "actor" => {
                        if let Some(a) = actor.take().filter(|a| !a.name.is_empty()) {
                            doc.actors.push(a);
                        }
                    }
                    2 if field == "uniqueid" => {
                        doc.unique_ids.push((std::mem::take(&mut unique_type), value.trim().to_owned()))
                    }
                    2 => doc.fields.push((field.clone(), value.trim().to_owned())),
                    3 => {
                        if let Some(a) = actor.as_mut() {
                            let text = value.trim();
                            match sub_field.as_str() {
                                "name" => a.name = text.to_owned(),
                                "role" if !text.is_empty() => a.role = Some(text.to_owned()),
                                _ => {}
                            }
                        }
                        value.clear();
                    }
                    _ => {}
                }
                depth = depth.saturating_sub(1);
                // Only the first document counts: Kodi allows a link after it, and multi-episode files
                // repeat the element.
                if depth == 0 && seen_root {
                    break;
                }
            }
            Event::Eof if depth > 0 => {
                return Err("is not valid XML: it ends before its elements are closed (it may be cut short)".to_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("has no XML element in it".to_owned());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_cut_short_is_refused() {
        let error = parse_doc("<movie><title>Broken").unwrap_err();
        assert!(error.contains("not valid XML"), "{error}");
    }

    #[test]
    fn fields_actors_ids_and_entities_are_read() {
        let doc = parse_doc(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<movie>
  <title>Tom &amp; Jerry &#233;</title>
  <genre>Comedy</genre><genre>Family</genre>
  <actor><name>Ann</name><role>Cat</role></actor>
  <actor><name>Bo</name></actor>
  <uniqueid type="imdb" default="true">tt0000123</uniqueid>
  <fileinfo><streamdetails><video><codec>h264</codec></video></streamdetails></fileinfo>
</movie>
https://www.imdb.com/title/tt0000123/"#,
        )
        .expect("a valid NFO");
        assert_eq!(doc.first("title").as_deref(), Some("Tom & Jerry é"));
        assert_eq!(doc.all("genre").collect::<Vec<_>>(), ["Comedy", "Family"]);
        assert_eq!(
            doc.actors,
            [CastMember { name: "Ann".into(), role: Some("Cat".into()) }, CastMember { name: "Bo".into(), role: None }]
        );
        assert_eq!(doc.imdb_id().as_deref(), Some("tt0000123"));
    }

    #[test]
    fn broken_xml_is_reported_with_its_line() {
        let err = parse_doc("<movie>\n<title>A</title>\n<plot>oops</movie>").expect_err("mismatched tags");
        assert!(err.starts_with("is not valid XML (line 3)"), "{err}");
        assert!(parse_doc("just words").is_err());
    }
}
