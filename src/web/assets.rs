//! The stylesheet, the small script and the icon, built into the binary so Marquee stays one file.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: [(&str, &str, &str); 15] = [
    ("marquee.css", "text/css; charset=utf-8", include_str!("../../static/marquee.css")),
    ("catalog.css", "text/css; charset=utf-8", include_str!("../../static/catalog.css")),
    ("player.css", "text/css; charset=utf-8", include_str!("../../static/player.css")),
    ("player.js", "text/javascript; charset=utf-8", include_str!("../../static/player.js")),
    ("capabilities.js", "text/javascript; charset=utf-8", include_str!("../../static/capabilities.js")),
    ("playback.js", "text/javascript; charset=utf-8", include_str!("../../static/playback.js")),
    ("player-tv.js", "text/javascript; charset=utf-8", include_str!("../../static/player-tv.js")),
    ("previews.js", "text/javascript; charset=utf-8", include_str!("../../static/previews.js")),
    ("player-end.js", "text/javascript; charset=utf-8", include_str!("../../static/player-end.js")),
    ("back.js", "text/javascript; charset=utf-8", include_str!("../../static/back.js")),
    ("marquee.js", "text/javascript; charset=utf-8", include_str!("../../static/marquee.js")),
    ("tv.css", "text/css; charset=utf-8", include_str!("../../static/tv.css")),
    ("tv.js", "text/javascript; charset=utf-8", include_str!("../../static/tv.js")),
    ("passkeys.js", "text/javascript; charset=utf-8", include_str!("../../static/passkeys.js")),
    ("icon.svg", "image/svg+xml", include_str!("../../static/icon.svg")),
];

/// `GET /static/{name}`: only the files above; any other name (including `..`) is a 404.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, body)) => {
            let mut response = (*body).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
            response
        }
        None => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}
