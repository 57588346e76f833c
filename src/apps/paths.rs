//! Jellyfin's addresses, whatever their letter case: apps send `system/info/public` as well as
//! `/System/Info/Public`, and `ParentId=` as well as `parentId=`. Before routing, a request under
//! one of Jellyfin's top-level names (or under the `/jellyfin` base address some apps are given) is
//! moved to [`PREFIX`] with its path and its query's keys in lower case; every other address,
//! Marquee's own pages and API among them, is left exactly as it came.

use axum::extract::Request;
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::Response;

/// Where the Jellyfin routes are nested.
pub const PREFIX: &str = "/jellyfin";

/// The first segments that belong to Jellyfin's API (lower case). None of them is a Marquee address.
const ROOTS: &[&str] = &[
    "artists",
    "audio",
    "auth",
    "branding",
    "channels",
    "clientlog",
    "collections",
    "devices",
    "displaypreferences",
    "environment",
    "genres",
    "getutctime",
    "items",
    "library",
    "livetv",
    "localization",
    "mediasegments",
    "movies",
    "musicgenres",
    "packages",
    "persons",
    "playback",
    "playlists",
    "plugins",
    "quickconnect",
    "repositories",
    "scheduledtasks",
    "sessions",
    "shows",
    "socket",
    "startup",
    "studios",
    "syncplay",
    "system",
    "trickplay",
    "useritems",
    "userfavoriteitems",
    "userplayeditems",
    "users",
    "userviews",
    "videos",
    "years",
];

/// The path Jellyfin's routes answer for `path`, or `None` when it is not a Jellyfin address.
pub fn jellyfin_path(path: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    let rest = match lower.strip_prefix(PREFIX) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_string(),
        _ => {
            let first = lower.trim_start_matches('/').split('/').next().unwrap_or("");
            // Marquee's own `/search` page stays; Jellyfin's search lives under it as `/Search/Hints`.
            let is_search_hints = first == "search" && lower.trim_start_matches('/').starts_with("search/hints");
            if !ROOTS.contains(&first) && !is_search_hints {
                return None;
            }
            format!("/{}", lower.trim_start_matches('/'))
        }
    };
    // Apps join their base address and a path with a slash of their own: `//Users` is `/Users`.
    let mut cleaned = String::with_capacity(rest.len() + PREFIX.len());
    cleaned.push_str(PREFIX);
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        cleaned.push('/');
        cleaned.push_str(segment);
    }
    if cleaned == PREFIX {
        cleaned.push('/');
    }
    Some(cleaned)
}

/// The query with every key in lower case and the values as they came.
pub fn lower_keys(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => format!("{}={value}", key.to_ascii_lowercase()),
            None => pair.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Middleware, run before routing: moves Jellyfin requests to their routes (see the module's words).
pub async fn route_jellyfin(mut request: Request, next: Next) -> Response {
    if let Some(path) = jellyfin_path(request.uri().path()) {
        let path_and_query = match request.uri().query() {
            Some(query) => format!("{path}?{}", lower_keys(query)),
            None => path,
        };
        let mut parts = request.uri().clone().into_parts();
        if let Ok(rewritten) = path_and_query.parse() {
            parts.path_and_query = Some(rewritten);
            if let Ok(uri) = Uri::from_parts(parts) {
                *request.uri_mut() = uri;
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jellyfin_addresses_move_in_lower_case_and_marquee_addresses_stay() {
        assert_eq!(jellyfin_path("/System/Info/Public").as_deref(), Some("/jellyfin/system/info/public"));
        assert_eq!(jellyfin_path("/system/info/public").as_deref(), Some("/jellyfin/system/info/public"));
        assert_eq!(jellyfin_path("//Users/AuthenticateByName").as_deref(), Some("/jellyfin/users/authenticatebyname"));
        assert_eq!(jellyfin_path("/JellyFin/System/Ping").as_deref(), Some("/jellyfin/system/ping"));
        assert_eq!(jellyfin_path("/jellyfin").as_deref(), Some("/jellyfin/"));
        assert_eq!(jellyfin_path("/Search/Hints").as_deref(), Some("/jellyfin/search/hints"));
        for own in ["/", "/api/v1/catalog", "/account", "/profiles", "/search", "/watch/x", "/static/app.css"] {
            assert_eq!(jellyfin_path(own), None, "{own}");
        }
        assert_eq!(jellyfin_path("/jellyfinish"), None);
    }

    #[test]
    fn query_keys_fold_and_values_keep_their_case() {
        assert_eq!(lower_keys("ParentId=AbC&api_key=XyZ&Recursive"), "parentid=AbC&api_key=XyZ&recursive");
    }
}
