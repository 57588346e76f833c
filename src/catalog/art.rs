//! Posters, backdrops and episode thumbnails, from the files beside the media; a drawn card when a
//! title has no poster. Only for titles the profile may see.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::auth::ApiViewer;
use crate::auth::Identity;
use crate::error::AppError;
use crate::library_files::inside_library;
use crate::web::{JsonPathId, PathId, PictureId, Watching, WebError};

/// Artwork larger than this is not served (a poster is a few hundred KB).
const MAX_ART_BYTES: u64 = 16 * 1024 * 1024;

/// `GET /art/{title_id}/{kind}` with kind `poster` or `backdrop`.
pub async fn title_art(
    State(app): State<Identity>,
    watching: Watching,
    PathId { id, .. }: PathId<PictureId>,
    Path((_, kind)): Path<(String, String)>,
) -> Result<Response, WebError> {
    title_picture(&app, watching.profile.maturity, id, &kind).await?.ok_or_else(|| WebError::not_found("That picture"))
}

/// `GET /api/v1/titles/{id}/{kind}`: the same for apps and TVs.
pub async fn api_title_art(
    State(app): State<Identity>,
    viewer: ApiViewer,
    JsonPathId { id, .. }: JsonPathId<PictureId>,
    Path((_, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    title_picture(&app, viewer.profile.maturity, id, &kind).await?.ok_or(AppError::NotFound("That picture"))
}

/// A title's poster or backdrop (`kind`) within a maturity level, or a drawn card when it has none;
/// `None` when there is no such title or kind of picture.
pub async fn title_picture(app: &Identity, level: i64, id: Uuid, kind: &str) -> Result<Option<Response>, AppError> {
    let Some(title) = app.store.catalog().title(id, level).await? else { return Ok(None) };
    let file = match kind {
        "poster" => title.poster.clone(),
        "backdrop" => title.backdrop.clone(),
        _ => return Ok(None),
    };
    if let Some(path) = file
        && let Some(response) = image_file(&path, &title.library_path).await
    {
        return Ok(Some(response));
    }
    let (width, height) = if kind == "poster" { (400, 600) } else { (1280, 720) };
    Ok(Some(drawn_card(id, &title.summary.name, title.summary.year, width, height)))
}

/// `GET /art/media/{media_id}/thumb`: the episode's picture, or its show's backdrop, or a drawn card.
pub async fn media_thumb(
    State(app): State<Identity>,
    watching: Watching,
    PathId { id, .. }: PathId<PictureId>,
) -> Result<Response, WebError> {
    media_picture(&app, watching.profile.maturity, id).await?.ok_or_else(|| WebError::not_found("That picture"))
}

/// A file's picture within a maturity level: the episode's own, or its show's backdrop, or a drawn
/// card; `None` when there is no such file for this level.
pub async fn media_picture(app: &Identity, level: i64, id: Uuid) -> Result<Option<Response>, AppError> {
    let catalog = app.store.catalog();
    let Some(media) = catalog.media(id, level).await? else { return Ok(None) };
    if let Some(path) = &media.thumb
        && let Some(response) = image_file(path, &media.library_path).await
    {
        return Ok(Some(response));
    }
    let Some(title) = catalog.title(media.title_id, level).await? else { return Ok(None) };
    if let Some(path) = &title.backdrop
        && let Some(response) = image_file(path, &title.library_path).await
    {
        return Ok(Some(response));
    }
    let name = media.name.clone().unwrap_or_else(|| title.summary.name.clone());
    Ok(Some(drawn_card(id, &name, None, 640, 360)))
}

/// The image at `path` (from the catalog, never from the request), if it is still there and still
/// inside its library: a picture swapped for a link to anything outside is not served.
async fn image_file(path: &str, library: &str) -> Option<Response> {
    let path = inside_library(std::path::Path::new(path), library).await?;
    let content_type = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
        Some(ext) if ext == "jpg" || ext == "jpeg" => "image/jpeg",
        Some(ext) if ext == "png" => "image/png",
        Some(ext) if ext == "webp" => "image/webp",
        _ => return None,
    };
    let metadata = tokio::fs::metadata(&path).await.ok()?;
    if !metadata.is_file() || metadata.len() > MAX_ART_BYTES {
        return None;
    }
    let bytes = tokio::fs::read(&path).await.ok()?;
    Some(with_caching(([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], bytes).into_response()))
}

fn with_caching(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    response
}

/// A card in the title's own colour with its name, for titles without a picture.
fn drawn_card(id: Uuid, name: &str, year: Option<i64>, width: u32, height: u32) -> Response {
    let hue = id.as_bytes().iter().fold(0_u32, |acc, b| (acc * 31 + u32::from(*b)) % 360);
    let lines = wrap(name, if width > height { 28 } else { 14 });
    let size = if width > height { height / 9 } else { width / 9 };
    let top = height / 2 - (lines.len() as u32 * size) / 2;
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        let y = top + (i as u32 + 1) * size;
        text.push_str(&format!(r#"<text x="50%" y="{y}" text-anchor="middle">{}</text>"#, escape_xml(line)));
    }
    if let Some(year) = year {
        let y = height - size;
        text.push_str(&format!(
            r#"<text x="50%" y="{y}" text-anchor="middle" font-size="{}" opacity=".7">{year}</text>"#,
            size * 2 / 3
        ));
    }
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl({hue},45%,32%)"/><stop offset="1" stop-color="hsl({hue},55%,12%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><g fill="#fff" font-family="sans-serif" font-weight="700" font-size="{size}">{text}</g></svg>"##
    );
    with_caching(([(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"))], svg).into_response())
}

/// Splits a name into lines of about `width` characters, at most four lines.
fn wrap(name: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.chars().take(width).collect()),
        }
    }
    lines.truncate(4);
    lines
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_wrap_into_short_lines() {
        assert_eq!(wrap("The Lighthouse Keeper's Daughter", 14), vec!["The Lighthouse", "Keeper's", "Daughter"]);
    }

    #[test]
    fn drawn_cards_escape_names() {
        let response = drawn_card(Uuid::nil(), "<script>alert(1)</script>", Some(2020), 400, 600);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert_eq!(escape_xml("<b>&\""), "&lt;b&gt;&amp;&quot;");
    }
}
