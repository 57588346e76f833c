//! The TV's side, in its browser: `/tv` shows a code, the address to type it at and a QR code, and
//! goes on to "Who's watching?" by itself once someone allows the code on another device.
//!
//! The device code stays in an HttpOnly cookie: the page's script only asks `/tv/poll` whether it is
//! time to go on, and the session cookie arrives with the answer.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};

use super::{activation_url, qr};
use crate::auth::Identity;
use crate::auth::describe_browser;
use crate::auth::device_code::flow::{CodeRequest, NotYet, Waiting};
use crate::auth::device_code::user_code::UserCode;
use crate::domain::device::DeviceKind;
use crate::error::AppError;
use crate::i18n::{self, Msg, Tr, key};
use crate::web::{BrowserSession, Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies, csrf, render};

/// The client id the built-in TV page asks for codes under.
pub const TV_PAGE_CLIENT: &str = "marquee-tv-page";

#[derive(Template)]
#[template(path = "tv/code.html")]
struct CodePage {
    chrome: Chrome,
    /// `BCDF-GHJK`.
    code: String,
    /// The activation address without the code, as a person types it.
    address: String,
    qr: Option<String>,
    minutes_left: i64,
    interval_secs: i64,
    /// A message id: why a new code is shown.
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct TvQuery {
    #[serde(default)]
    reason: Option<String>,
}

/// `GET /tv`: the code screen (a signed-in TV goes straight on).
pub async fn show(
    State(app): State<Identity>,
    jar: CookieJar,
    info: RequestInfo,
    headers: HeaderMap,
    already: Result<BrowserSession, WebError>,
    Query(query): Query<TvQuery>,
) -> Result<Response, WebError> {
    if already.is_ok() {
        return Ok(Redirect::to("/profiles").into_response());
    }
    let mut notice = (query.reason.as_deref() == Some("signed-out")).then_some(key("tv-signed-out"));
    if let Some(device_code) = cookies::tv_code(&jar, info.https) {
        match app
            .collect_device_code_on_load(
                &device_code,
                TV_PAGE_CLIENT,
                info.ip.clone(),
                super::origin(&app, &headers, info.https),
            )
            .await
        {
            Ok((token, _)) => return Ok(signed_in(&app, jar, token, info.https, Redirect::to("/profiles"))),
            Err(NotYet::Pending(waiting) | NotYet::SlowDown(waiting)) => {
                return code_page(&app, jar, &headers, info.https, &waiting, notice);
            }
            Err(NotYet::Denied) => notice = Some(key("tv-code-denied")),
            Err(NotYet::Expired) => notice = Some(key("tv-code-expired")),
            Err(NotYet::InvalidGrant) => {}
            Err(NotYet::Failed(error)) => return Err(error.into()),
        }
    }
    let request = CodeRequest {
        client_id: TV_PAGE_CLIENT.to_string(),
        device_name: tv_name(&info.user_agent),
        device_kind: DeviceKind::Tv,
        ip: info.ip.clone(),
        app_device_id: None,
    };
    let shown = match app.issue_device_code(request).await {
        Ok(shown) => shown,
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let wait = i18n::wait(Tr::new(i18n::current()), retry_after_secs.max(1));
            let message = Msg::new("error-too-many").with("wait", wait);
            return Err(WebError::said(axum::http::StatusCode::TOO_MANY_REQUESTS, "tv-too-many-codes", message));
        }
        Err(other) => return Err(other.into()),
    };
    let jar = cookies::with_tv_code(jar, shown.device_code, info.https, shown.expires_in);
    let waiting = Waiting {
        user_code: shown.user_code.as_str().to_string(),
        expires_at: app.settings.clock.now() + time::Duration::try_from(shown.expires_in).unwrap_or_default(),
        interval_secs: i64::try_from(shown.interval.as_secs()).unwrap_or(5),
    };
    code_page(&app, jar, &headers, info.https, &waiting, notice)
}

fn code_page(
    app: &Identity,
    jar: CookieJar,
    headers: &HeaderMap,
    https: bool,
    waiting: &Waiting,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let code =
        UserCode::parse(&waiting.user_code).map_err(|_| WebError::internal("a stored user code is malformed"))?;
    let (jar, csrf) = csrf::ensure_pre_session(jar, https)?;
    let address = activation_url(app, headers, https, None);
    let page = CodePage {
        chrome: Chrome { csrf, tv: true, ..Chrome::bare() },
        qr: qr::svg_for(&activation_url(app, headers, https, Some(&code))),
        code: code.display(),
        address: address.split_once("://").map_or(address.clone(), |(_, rest)| rest.to_string()),
        minutes_left: ((waiting.expires_at - app.settings.clock.now()).whole_seconds() + 59).max(1) / 60,
        interval_secs: waiting.interval_secs,
        notice,
    };
    Ok((jar, render(&page)?).into_response())
}

/// The answer to the code screen's script.
#[derive(Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
enum PollAnswer {
    /// Nobody decided yet: ask again after `interval` seconds.
    Waiting { interval: i64 },
    /// Signed in (the cookie came with this answer): go to `next`.
    SignedIn { next: &'static str },
    /// The code was denied, expired or spent: load `/tv` for a new one.
    NewCode,
}

#[derive(Deserialize)]
pub struct PollForm {}

/// `POST /tv/poll`: whether the code on this screen was allowed yet.
pub async fn poll(
    State(app): State<Identity>,
    jar: CookieJar,
    headers: HeaderMap,
    info: RequestInfo,
    PreSessionCsrfForm(_): PreSessionCsrfForm<PollForm>,
) -> Result<Response, WebError> {
    let Some(device_code) = cookies::tv_code(&jar, info.https) else {
        return Ok(Json(PollAnswer::NewCode).into_response());
    };
    match app
        .collect_device_code(&device_code, TV_PAGE_CLIENT, info.ip.clone(), super::origin(&app, &headers, info.https))
        .await
    {
        Ok((token, _)) => Ok(signed_in(&app, jar, token, info.https, Json(PollAnswer::SignedIn { next: "/profiles" }))),
        Err(NotYet::Pending(waiting) | NotYet::SlowDown(waiting)) => {
            Ok(Json(PollAnswer::Waiting { interval: waiting.interval_secs }).into_response())
        }
        Err(NotYet::Denied | NotYet::Expired | NotYet::InvalidGrant) => Ok(Json(PollAnswer::NewCode).into_response()),
        Err(NotYet::Failed(error)) => Err(error.into()),
    }
}

/// What the activation page and the device list call this TV: its maker's platform when the browser
/// says, else the browser ("TV browser (Chrome on Linux)").
fn tv_name(user_agent: &str) -> String {
    let platform = [
        ("Tizen", "Samsung TV"),
        ("Web0S", "LG TV"),
        ("webOS", "LG TV"),
        ("AFT", "Fire TV"),
        ("CrKey", "Chromecast"),
        ("BRAVIA", "Sony TV"),
        ("Android TV", "Android TV"),
        ("Roku", "Roku"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker));
    match platform {
        Some((_, name)) => name.to_string(),
        None => format!("TV browser ({})", describe_browser(user_agent)),
    }
}

/// `answer` with the TV's new session cookie (a TV stays signed in, like "remember me").
fn signed_in(app: &Identity, jar: CookieJar, token: String, https: bool, answer: impl IntoResponse) -> Response {
    let jar = cookies::with_session(jar, token, https, Some(app.settings.sessions.remembered_lifetime));
    (cookies::signed_in_as_tv(jar, https), answer).into_response()
}

#[cfg(test)]
mod tests {
    use super::tv_name;

    #[test]
    fn tvs_are_named_by_their_platform() {
        let lg = "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 Chrome/87.0 Safari/537.36";
        assert_eq!(tv_name(lg), "LG TV");
        let samsung = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 SamsungBrowser/4.0 TV Safari/537.36";
        assert_eq!(tv_name(samsung), "Samsung TV");
        let chromium = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36";
        assert_eq!(tv_name(chromium), "TV browser (Chrome on Linux)");
    }
}
