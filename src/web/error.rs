//! How a page says something went wrong: a redirect to sign in, or a page with words a person understands.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;

use super::chrome::Chrome;
use super::cookies;
use crate::error::AppError;
use crate::i18n::{self, Msg, Tr};

#[derive(Debug)]
pub enum WebError {
    /// Not signed in (or no longer): back to the sign-in page, dropping a dead cookie.
    SignInRequired,
    /// Signed in, but no profile chosen on this device yet.
    ChooseProfile,
    /// The form's CSRF token does not match, or it came from another site.
    StaleForm,
    /// A page with words already written (in English, from the API's errors); `title` is a message id.
    Page {
        status: StatusCode,
        title: &'static str,
        message: String,
    },
    /// A page put into the reader's language: `title` is a message id.
    Said {
        status: StatusCode,
        title: &'static str,
        message: Msg,
    },
    Internal(String),
}

impl WebError {
    /// A form or address that cannot be right, with words already written (in English).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Page { status: StatusCode::BAD_REQUEST, title: "error-bad-request-title", message: message.into() }
    }

    /// A form or address that cannot be right, said in the reader's language.
    pub fn refused(message: Msg) -> Self {
        Self::said(StatusCode::BAD_REQUEST, "error-bad-request-title", message)
    }

    /// "Not found", saying what was not: in the reader's language for what Marquee's pages look up,
    /// in English for anything else.
    pub fn not_found(what: &str) -> Self {
        let known = match what {
            "That title" => Some(i18n::key("error-title-not-found")),
            "That video" => Some(i18n::key("error-video-not-found")),
            "That picture" => Some(i18n::key("error-picture-not-found")),
            "That device" => Some(i18n::key("error-device-not-found")),
            "That profile" => Some(i18n::key("error-profile-not-found")),
            "That device's playback" => Some(i18n::key("error-playback-not-found")),
            "That video's file" => Some(i18n::key("error-video-file-not-found")),
            "That subtitle track" => Some(i18n::key("error-subtitle-not-found")),
            "That sound track" => Some(i18n::key("error-sound-track-not-found")),
            "That stream" | "That part of the stream" => Some(i18n::key("error-stream-not-found")),
            "That passkey" => Some(i18n::key("error-passkey-not-found")),
            _ => None,
        };
        if let Some(id) = known {
            return Self::missing(id);
        }
        Self::Page {
            status: StatusCode::NOT_FOUND,
            title: "error-not-found-title",
            message: format!("{what} was not found. It may have been deleted."),
        }
    }

    /// "Not found", saying what was not (`error_id` names the message, like `error-profile-not-found`).
    pub fn missing(error_id: &'static str) -> Self {
        Self::said(StatusCode::NOT_FOUND, "error-not-found-title", Msg::new(error_id))
    }

    pub fn method_not_allowed() -> Self {
        Self::said(StatusCode::METHOD_NOT_ALLOWED, "error-method-title", Msg::new("error-method"))
    }

    /// A kids profile asked for a page only grown-ups may use.
    pub fn kids_profile() -> Self {
        Self::said(StatusCode::FORBIDDEN, "error-kids-title", Msg::new("error-kids"))
    }

    /// A page with a title and message in the reader's language.
    pub fn said(status: StatusCode, title: &'static str, message: Msg) -> Self {
        Self::Said { status, title, message }
    }

    pub fn internal(cause: impl Into<String>) -> Self {
        Self::Internal(cause.into())
    }
}

impl From<AppError> for WebError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Unauthenticated => Self::SignInRequired,
            AppError::Internal(cause) => Self::Internal(format!("{cause:#}")),
            AppError::NotFound(what) => Self::not_found(what),
            AppError::TooManyRequests { retry_after_secs } => {
                let wait = i18n::wait(Tr::new(i18n::current()), retry_after_secs.max(1));
                let message = Msg::new("error-too-many").with("wait", wait);
                Self::said(StatusCode::TOO_MANY_REQUESTS, "error-too-many-title", message)
            }
            AppError::Busy => Self::said(StatusCode::SERVICE_UNAVAILABLE, "error-busy-title", Msg::new("error-busy")),
            other => Self::bad_request(AppErrorMessage(&other).to_string()),
        }
    }
}

impl From<crate::store::StoreError> for WebError {
    fn from(error: crate::store::StoreError) -> Self {
        AppError::from(error).into()
    }
}

impl From<crate::auth::HashError> for WebError {
    fn from(error: crate::auth::HashError) -> Self {
        AppError::from(error).into()
    }
}

/// The person-facing words of an API error, reused on pages.
struct AppErrorMessage<'a>(&'a AppError);

impl std::fmt::Display for AppErrorMessage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    title: String,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            Self::SignInRequired => {
                (cookies::without_session(CookieJar::new()), Redirect::to("/signin")).into_response()
            }
            Self::ChooseProfile => Redirect::to("/profiles").into_response(),
            Self::StaleForm => render_said(StatusCode::FORBIDDEN, "error-stale-title", &Msg::new("error-stale")),
            Self::Page { status, title, message } => render_error(status, Tr::new(i18n::current()).t(title), message),
            Self::Said { status, title, message } => render_said(status, title, &message),
            Self::Internal(cause) => {
                tracing::error!(error = %cause, "page failed");
                render_said(StatusCode::INTERNAL_SERVER_ERROR, "error-internal-title", &Msg::new("error-internal"))
            }
        }
    }
}

/// An error page in the language of the request (the account's once signed in, else the browser's).
fn render_said(status: StatusCode, title: &'static str, message: &Msg) -> Response {
    let tr = Tr::new(i18n::current());
    render_error(status, tr.t(title), tr.say(message))
}

fn render_error(status: StatusCode, title: String, message: String) -> Response {
    let page = ErrorPage { chrome: Chrome::bare(), title, message };
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(_) => (status, page.title).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_pages_and_the_player_look_up_is_missing_in_the_readers_language() {
        let known = ["That title", "That video", "That video's file", "That subtitle track", "That sound track"];
        for what in known.into_iter().chain(["That stream", "That part of the stream", "That profile"]) {
            assert!(matches!(WebError::not_found(what), WebError::Said { .. }), "{what}");
        }
        assert!(matches!(WebError::not_found("That API endpoint"), WebError::Page { .. }));
    }
}
