//! Every route Marquee serves, and the middleware around them.
//!
//! The top of the layers: it imports every area and joins them; nothing imports it but the crate root.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{any, delete, get, post};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;

mod state;

pub use state::{AppParts, AppState};

use crate::error::AppError;
use crate::{accounts, activity, apps, catalog, playback, profiles, signin, web};

/// API request bodies are small JSON documents; anything larger is refused before it is read.
const API_BODY_LIMIT: usize = 16 * 1024;
/// Page forms are small too; the largest is a password change.
const FORM_BODY_LIMIT: usize = 32 * 1024;

/// No inline script, nothing framed, nothing loaded from elsewhere.
const CSP: &str = "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every route, in one place.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/account", get(accounts::api::show))
        .route("/api/v1/account/activity", get(activity::api::list))
        .route("/api/v1/sessions", post(signin::api::sign_in).get(signin::api::list))
        .route("/api/v1/sessions/current", delete(signin::api::sign_out_current))
        .route("/api/v1/sessions/second-factor", post(signin::second_step_api::second_factor))
        .route("/api/v1/sessions/sign-out-all", post(signin::api::sign_out_all))
        .route("/api/v1/sessions/{id}", delete(signin::api::sign_out_one))
        .route("/api/v1/sessions/{id}/stop-playback", post(signin::api::stop_playback))
        .route("/api/v1/passkeys/sign-in/options", post(signin::passkeys::api_options))
        .route("/api/v1/passkeys/sign-in", post(signin::passkeys::api_sign_in))
        .route("/api/v1/password-reset", post(signin::reset::api::request))
        .route("/api/v1/password-reset/complete", post(signin::reset::api::complete))
        .route("/api/v1/events", get(signin::events::api_stream))
        .route("/api/v1/profiles", get(profiles::api::list).post(profiles::api::create))
        .route("/api/v1/profiles/{id}/select", post(profiles::api::select))
        .route("/api/v1/catalog", get(catalog::api::list))
        .route("/api/v1/search", get(catalog::api::search))
        .route("/api/v1/titles/{id}", get(catalog::api::title))
        .route("/api/v1/titles/{id}/{kind}", get(catalog::art::api_title_art))
        .route("/api/v1/media/{id}/progress", axum::routing::put(playback::progress::api_save))
        .route("/api/v1/media/{id}/stream", get(playback::media::api_stream).head(playback::media::api_stream))
        .route("/api/v1/media/{id}/subtitles/{track}", get(playback::media::api_subtitles))
        .route("/api/v1/media/{id}/playback", get(playback::choose::api_playback))
        .route(
            "/api/v1/media/{id}/hls/{variant}/{file}",
            get(playback::hls::routes::api_file).head(playback::hls::routes::api_file),
        )
        .route(
            "/api/v1/my-list/{id}",
            axum::routing::put(catalog::api::add_to_my_list).delete(catalog::api::remove_from_my_list),
        )
        // Written out in full rather than nested: a nested router rewrites every request's path and
        // wraps every route once more, which the busiest signed-in requests would pay for.
        .route("/api/v1", any(api_not_found))
        .route("/api/v1/", any(api_not_found))
        .route("/api/v1/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));

    let pages = Router::new()
        .route("/", get(web::pages::landing))
        .route("/help", get(web::pages::help))
        .route("/setup", get(accounts::setup::show).post(accounts::setup::create))
        .route("/signin", get(signin::pages::show_sign_in).post(signin::pages::sign_in))
        .route("/signin/two-step", get(signin::second_step::show).post(signin::second_step::answer))
        .route("/signin/passkey/options", post(signin::passkeys::page_options))
        .route("/signin/passkey", post(signin::passkeys::page_sign_in))
        .route("/signout", get(signin::pages::show_sign_out).post(signin::pages::sign_out))
        .route("/signed-out", get(signin::pages::signed_out))
        .route("/password-reset", get(signin::reset::pages::show).post(signin::reset::pages::ask))
        .route("/password-reset/open", get(signin::reset::pages::open))
        .route("/password-reset/new", get(signin::reset::pages::show_choose).post(signin::reset::pages::choose))
        .route("/not-me/open", get(signin::not_me::open))
        .route("/not-me", get(signin::not_me::show).post(signin::not_me::confirm))
        .route("/tv", get(signin::device_code::tv::show))
        .route("/tv/poll", post(signin::device_code::tv::poll))
        .route("/activate", get(signin::device_code::activate::show).post(signin::device_code::activate::find))
        .route("/activate/decide", post(signin::device_code::activate::decide))
        .route("/events", get(signin::events::stream))
        .route("/profiles", get(profiles::choose::who_is_watching).post(profiles::manage::add))
        .route("/profiles/manage", get(profiles::manage::show))
        .route("/profiles/{id}/choose", post(profiles::choose::choose))
        .route("/profiles/{id}/pin", get(profiles::choose::show_pin))
        .route("/profiles/{id}/edit", get(profiles::edit_page::show_edit).post(profiles::manage::edit))
        .route("/profiles/{id}/lock", post(profiles::manage::lock))
        .route("/profiles/{id}/maturity", post(profiles::maturity::save))
        .route("/profiles/{id}/unlock", post(profiles::manage::unlock))
        .route("/profiles/{id}/delete", post(profiles::manage::delete))
        .route("/browse", get(catalog::browse::home))
        .route("/search", get(catalog::search::page))
        .route("/title/{id}", get(catalog::title::show))
        .route("/title/{id}/my-list", post(catalog::title::my_list))
        .route("/art/media/{id}/thumb", get(catalog::art::media_thumb))
        .route("/art/{id}/{kind}", get(catalog::art::title_art))
        .route("/watch/{id}", get(playback::player_page::page))
        .route("/watch/{id}/progress", post(playback::progress::save))
        .route("/watch/{id}/stream", get(playback::media::page_stream).head(playback::media::page_stream))
        .route("/watch/{id}/preview", get(playback::preview::page_preview))
        .route("/watch/{id}/subtitles/{track}", get(playback::media::page_subtitles))
        .route("/watch/{id}/playback", get(playback::choose::page_playback))
        .route(
            "/watch/{id}/hls/{variant}/{file}",
            get(playback::hls::routes::page_file).head(playback::hls::routes::page_file),
        )
        .route("/streams/{session_id}/stop", post(playback::player_page::stop_other))
        .route("/account", get(accounts::page::show))
        .route("/account/personal", post(accounts::page::save_personal))
        .route("/account/preferences", post(accounts::page::save_preferences))
        .route("/account/device-codes", post(accounts::device_codes::save))
        .route("/account/email", post(accounts::page::change_email))
        .route("/account/password", post(accounts::page::change_password))
        .route("/account/sign-in-alerts", post(accounts::alerts::save))
        .route("/account/two-step", get(accounts::two_step::show))
        .route("/account/two-step/start", post(accounts::two_step::start))
        .route("/account/two-step/confirm", post(accounts::two_step::confirm))
        .route("/account/two-step/recovery-codes", post(accounts::two_step::new_codes))
        .route("/account/two-step/off", post(accounts::two_step::turn_off))
        .route("/account/email/open", get(accounts::email_change::open))
        .route("/account/email/confirm", get(accounts::email_change::show).post(accounts::email_change::confirm))
        .route("/account/passkeys/options", post(accounts::passkeys::add_options))
        .route("/account/passkeys", post(accounts::passkeys::add))
        .route("/account/passkeys/reauth/options", post(accounts::passkeys::reauth_options))
        .route("/account/passkeys/reauth", post(accounts::passkeys::reauth))
        .route("/account/passkeys/{id}/rename", post(accounts::passkeys::rename))
        .route("/account/passkeys/{id}/remove", post(accounts::passkeys::remove))
        .route("/account/devices/{id}/sign-out", post(accounts::devices::sign_out_device))
        .route("/account/devices/{id}/stop-playback", post(accounts::devices::stop_playback))
        .route("/account/activity", get(activity::page::show))
        .route("/account/sign-out-all", get(accounts::devices::confirm).post(accounts::devices::sign_out_all))
        .route("/account/delete", get(accounts::delete::confirm).post(accounts::delete::delete))
        .fallback(page_not_found)
        .method_not_allowed_fallback(page_method_not_allowed)
        .layer(axum::middleware::from_fn(web::language::from_browser))
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));

    // RFC 8628's endpoints: form-encoded, answered in JSON, for TV apps and other devices.
    let oauth = Router::new()
        .route("/device_authorization", post(signin::device_code::oauth::device_authorization))
        .route("/token", post(signin::device_code::oauth::token))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));

    // Jellyfin's client API, for its TV and phone apps (reached in any letter case; see apps::paths).
    let jellyfin = apps::router()
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));

    let request_id = HeaderName::from_static(crate::request_id::REQUEST_ID_HEADER);
    let routed = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(crate::readiness::readyz))
        .route("/static/{name}", get(web::assets::serve))
        .merge(api)
        .nest("/oauth", oauth)
        .nest(apps::paths::PREFIX, jellyfin)
        .merge(pages)
        .layer(axum::middleware::from_fn(crate::monitoring::track_requests))
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        // Everything logged while a request is handled carries its id (set by the outer layer below).
        .layer(crate::logging::RequestLogLayer)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, crate::request_id::RequestIds::new()));
    // Jellyfin's addresses are found before routing, so this wraps the whole router.
    Router::new().fallback_service(routed).layer(axum::middleware::from_fn(apps::paths::route_jellyfin))
}

/// `GET /healthz`: 200 while the process is alive and accepting requests (see `/readyz` for serving them well).
async fn healthz() -> &'static str {
    "ok"
}

async fn api_not_found() -> AppError {
    AppError::NotFound("That API endpoint")
}

async fn api_method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

async fn page_method_not_allowed() -> web::WebError {
    web::WebError::method_not_allowed()
}

async fn page_not_found() -> web::WebError {
    web::WebError::missing(crate::i18n::key("error-page-not-found"))
}
