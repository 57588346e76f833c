//! How a page says something went wrong: a redirect to sign in, or a page with words a person understands.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;

use super::chrome::Chrome;
use super::cookies;
use crate::error::AppError;

#[derive(Debug)]
pub enum WebError {
    /// Not signed in (or no longer): back to the sign-in page, dropping a dead cookie.
    SignInRequired,
    /// Signed in, but no profile chosen on this device yet.
    ChooseProfile,
    /// The form's CSRF token does not match, or it came from another site.
    StaleForm,
    Page {
        status: StatusCode,
        title: &'static str,
        message: String,
    },
    Internal(String),
}

impl WebError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Page { status: StatusCode::BAD_REQUEST, title: "Something is not right", message: message.into() }
    }

    pub fn not_found(what: &str) -> Self {
        Self::Page {
            status: StatusCode::NOT_FOUND,
            title: "Not found",
            message: format!("{what} was not found. It may have been deleted."),
        }
    }

    pub fn method_not_allowed() -> Self {
        Self::Page {
            status: StatusCode::METHOD_NOT_ALLOWED,
            title: "Not available",
            message: "This page cannot be used that way. Go back and use its buttons and links.".into(),
        }
    }

    /// A kids profile asked for a page only grown-ups may use.
    pub fn kids_profile() -> Self {
        Self::Page {
            status: StatusCode::FORBIDDEN,
            title: "Ask a grown-up",
            message: "Kids profiles cannot open this page. Switch to another profile from the profile menu \
                      to manage profiles or the account."
                .into(),
        }
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
            AppError::TooManyRequests { .. } => Self::Page {
                status: StatusCode::TOO_MANY_REQUESTS,
                title: "Too many attempts",
                message: AppErrorMessage(&error).to_string(),
            },
            AppError::Busy => Self::Page {
                status: StatusCode::SERVICE_UNAVAILABLE,
                title: "Busy",
                message: "Marquee is busy right now. Try again in a few seconds.".into(),
            },
            other => Self::bad_request(AppErrorMessage(&other).to_string()),
        }
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
    title: &'static str,
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            Self::SignInRequired => {
                (cookies::without_session(CookieJar::new()), Redirect::to("/signin")).into_response()
            }
            Self::ChooseProfile => Redirect::to("/profiles").into_response(),
            Self::StaleForm => render_error(
                StatusCode::FORBIDDEN,
                "This page has expired",
                "The form you sent was out of date (you may have signed in or out in another tab). \
                 Go back, reload the page and try again."
                    .into(),
            ),
            Self::Page { status, title, message } => render_error(status, title, message),
            Self::Internal(cause) => {
                tracing::error!(error = %cause, "page failed");
                render_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Something went wrong on our side. Please try again.".into(),
                )
            }
        }
    }
}

fn render_error(status: StatusCode, title: &'static str, message: String) -> Response {
    let page = ErrorPage { chrome: Chrome::bare(), title, message };
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(_) => (status, title).into_response(),
    }
}
