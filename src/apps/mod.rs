//! The Jellyfin client API: enough of it that Jellyfin's apps for TVs and phones sign in to Marquee,
//! browse and play, each app a Marquee device session watching as one profile.
//!
//! One file per concern: [`paths`] (Jellyfin's addresses in any letter case), [`header`] (the
//! `MediaBrowser` header), [`caller`] (who is asking), [`server`] (identity and discovery), [`users`]
//! (signing in and out, users as profiles), [`quick_connect`] (signing in with a code allowed at
//! `/activate`), [`items`] (browsing), [`images`] (art), [`playing`] (playback reports that become
//! resume points), [`videos`] (the stream), [`playback_info`] (how an app plays a file), [`hls`] and
//! [`subtitles`] (conversions and subtitles, reached without a token through a [`stream_grant`]),
//! [`socket`] (the WebSocket that tells an app to stop when its session ends), and the JSON shapes
//! beside them.
//!
//! May import: every layer below it (areas and playback included), as `app/` does; nothing imports
//! it but `app/` and the crate root.

mod caller;
mod device;
mod error;
mod header;
mod hls;
mod ids;
mod images;
mod item_json;
mod item_query;
mod items;
mod library;
mod media_streams;
pub mod paths;
mod picture_tags;
mod playback_info;
mod playing;
mod quick_connect;
mod server;
mod socket;
mod socket_limit;
mod socket_messages;
mod stream_caller;
pub mod stream_grant;
mod subtitles;
mod user_data;
mod user_name;
mod users;
mod users_json;
mod videos;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};

pub use error::JellyfinError;
pub use server::JellyfinServer;

use crate::auth::Identity;
use crate::playback::PlaybackState;

/// Every Jellyfin route, in lower case, to be nested at [`paths::PREFIX`].
pub fn router<S>() -> Router<S>
where
    Identity: FromRef<S>,
    JellyfinServer: FromRef<S>,
    PlaybackState: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route("/system/info/public", get(server::info_public))
        .route("/system/info", get(server::info))
        .route("/system/ping", get(server::ping).post(server::ping))
        .route("/branding/configuration", get(server::branding))
        .route("/quickconnect/enabled", get(quick_connect::enabled))
        .route("/quickconnect/initiate", post(quick_connect::initiate).get(quick_connect::initiate))
        .route("/quickconnect/connect", get(quick_connect::connect))
        .route("/quickconnect/authorize", post(quick_connect::authorize))
        .route("/users/authenticatebyname", axum::routing::post(users::authenticate_by_name))
        .route("/users/authenticatewithquickconnect", post(quick_connect::authenticate))
        .route("/users/public", get(users::public))
        .route("/users/me", get(users::me))
        .route("/users", get(users::list))
        .route("/users/{user_id}", get(users::by_id))
        .route("/sessions/logout", axum::routing::post(users::logout))
        .route("/sessions/playing", axum::routing::post(playing::started))
        .route("/sessions/playing/progress", axum::routing::post(playing::progress))
        .route("/sessions/playing/stopped", axum::routing::post(playing::stopped))
        .route("/sessions/playing/ping", axum::routing::post(playing::ping))
        .route("/userviews", get(items::views))
        .route("/users/{user_id}/views", get(items::user_views))
        .route("/items", get(items::list))
        .route("/users/{user_id}/items", get(items::user_list))
        .route("/items/latest", get(items::latest))
        .route("/users/{user_id}/items/latest", get(items::user_latest))
        .route("/useritems/resume", get(items::resume))
        .route("/users/{user_id}/items/resume", get(items::user_resume))
        .route("/items/{id}", get(items::one))
        .route("/users/{user_id}/items/{id}", get(items::user_one))
        .route("/shows/nextup", get(items::next_up))
        .route("/userfavoriteitems/{id}", post(user_data::favourite).delete(user_data::favourite))
        .route("/users/{user_id}/favoriteitems/{id}", post(user_data::user_favourite).delete(user_data::user_favourite))
        .route("/userplayeditems/{id}", post(user_data::played).delete(user_data::played))
        .route("/users/{user_id}/playeditems/{id}", post(user_data::user_played).delete(user_data::user_played))
        .route("/shows/{id}/seasons", get(items::seasons))
        .route("/shows/{id}/episodes", get(items::episodes))
        .route("/items/{id}/images/{kind}", get(images::image).head(images::image))
        .route("/items/{id}/images/{kind}/{index}", get(images::image_at).head(images::image_at))
        .route("/items/{id}/playbackinfo", get(playback_info::playback_info).post(playback_info::playback_info))
        .route("/videos/activeencodings", axum::routing::delete(hls::stop_encodings))
        .route("/videos/{id}/master.m3u8", get(hls::master))
        .route("/videos/{id}/main.m3u8", get(hls::main))
        .route("/videos/{id}/hls/{variant}/{file}", get(hls::segment).head(hls::segment))
        .route("/videos/{id}/{file}", get(videos::stream).head(videos::stream))
        .route("/socket", get(socket::open))
        // The same names at the same places, as the router wants: `{file}` here is the media source.
        .route("/videos/{id}/{file}/subtitles/{index}/{name}", get(subtitles::stream))
        .route("/videos/{id}/{file}/subtitles/{index}/{name}/{format}", get(subtitles::stream_from))
        .fallback(not_offered)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Anything of Jellyfin's that Marquee does not offer: a clear 404 with words, never a hang.
async fn not_offered(uri: axum::http::Uri) -> JellyfinError {
    let path = uri.path().strip_prefix(paths::PREFIX).unwrap_or(uri.path()).to_string();
    JellyfinError::NotFound(format!("Marquee does not offer {path} to Jellyfin apps."))
}

async fn method_not_allowed() -> JellyfinError {
    JellyfinError::MethodNotAllowed
}
