//! Pages with no form behind them: the landing page and help.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{BrowserSession, Chrome, WebError, render};
use crate::auth::Identity;

#[derive(Template)]
#[template(path = "landing.html")]
struct LandingPage {
    chrome: Chrome,
}

/// `GET /`: signed-out visitors see what Marquee is; signed-in ones go straight to their profiles.
pub async fn landing(signed_in: Result<BrowserSession, WebError>) -> Result<Response, WebError> {
    if signed_in.is_ok() {
        return Ok(Redirect::to("/browse").into_response());
    }
    Ok(render(&LandingPage { chrome: Chrome::bare() })?.into_response())
}

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    chrome: Chrome,
}

/// `GET /help`: how signing out works, for everyone.
pub async fn help(
    State(app): State<Identity>,
    signed_in: Result<BrowserSession, WebError>,
) -> Result<Html<String>, WebError> {
    let chrome = match signed_in {
        Ok(me) => me.chrome(&app).await?.0,
        Err(_) => Chrome::bare(),
    };
    render(&HelpPage { chrome })
}
