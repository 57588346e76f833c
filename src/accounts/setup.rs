//! The first start: with no accounts yet, `marquee serve` prints a one-time setup code, and the
//! owner creates the first account at `/setup` in the browser.
//!
//! The code is typed into the page rather than carried in the link, so it never lands in browser
//! history, proxy logs or a Referer header. It works once, expires after an hour, and is destroyed
//! after a few wrong tries (restart the server for a new one).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::{RegisterError, register};
use crate::auth::Identity;
use crate::auth::SessionRequest;
use crate::i18n::{Tr, key};
use crate::web::{Chrome, PreSessionCsrfForm, RequestInfo, WebError, cookies, csrf, render};

const LIFETIME: Duration = Duration::from_secs(3600);
const WRONG_TRIES: u32 = 10;
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

struct Pending {
    code: String,
    expires: Instant,
    wrong_tries: u32,
}

/// The setup code of this process, if one was issued and is still usable.
#[derive(Default)]
pub struct FirstRun {
    pending: Mutex<Option<Pending>>,
}

impl FirstRun {
    /// Issues a new code (`XXXX-XXXX`, about 40 bits) valid for an hour.
    pub fn issue(&self) -> anyhow::Result<String> {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let letters: String = random.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
        let code = format!("{}-{}", &letters[..4], &letters[4..]);
        *self.lock() = Some(Pending { code: code.clone(), expires: Instant::now() + LIFETIME, wrong_tries: 0 });
        Ok(code)
    }

    pub fn is_open(&self) -> bool {
        self.lock().as_ref().is_some_and(|pending| pending.expires > Instant::now())
    }

    /// Uses the code up if `entered` matches. Wrong tries count toward destroying it. A refusal is the
    /// id of the message that says why.
    fn redeem(&self, entered: &str) -> Result<(), &'static str> {
        let mut slot = self.lock();
        let Some(pending) = slot.as_mut().filter(|p| p.expires > Instant::now()) else {
            *slot = None;
            return Err(key("setup-expired"));
        };
        let normalised = entered.trim().to_ascii_uppercase().replace(' ', "");
        if normalised == pending.code {
            *slot = None;
            return Ok(());
        }
        pending.wrong_tries += 1;
        if pending.wrong_tries >= WRONG_TRIES {
            *slot = None;
            return Err(key("setup-too-many"));
        }
        Err(key("setup-wrong-code"))
    }

    /// Puts a redeemed code back when creating the account failed for a reason the person can fix.
    fn restore(&self, code: &str) {
        *self.lock() = Some(Pending {
            code: code.trim().to_ascii_uppercase().replace(' ', ""),
            expires: Instant::now() + LIFETIME,
            wrong_tries: 0,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Pending>> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Template)]
#[template(path = "account/setup.html")]
struct SetupPage {
    chrome: Chrome,
    open: bool,
    email: String,
    name: String,
    error: Option<String>,
}

/// `GET /setup`.
pub async fn show(
    State(first_run): State<Arc<FirstRun>>,
    jar: CookieJar,
    info: RequestInfo,
) -> Result<Response, WebError> {
    page(&first_run, jar, info.https, String::new(), String::new(), None, StatusCode::OK)
}

fn page(
    first_run: &FirstRun,
    jar: CookieJar,
    https: bool,
    email: String,
    name: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (jar, token) = csrf::ensure_pre_session(jar, https)?;
    let chrome = Chrome { csrf: token, ..Chrome::bare() };
    let open = first_run.is_open();
    Ok((status, jar, render(&SetupPage { chrome, open, email, name, error })?).into_response())
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// `POST /setup`: creates the first account and signs this browser in.
pub async fn create(
    State(app): State<Identity>,
    State(first_run): State<Arc<FirstRun>>,
    jar: CookieJar,
    info: RequestInfo,
    PreSessionCsrfForm(form): PreSessionCsrfForm<SetupForm>,
) -> Result<Response, WebError> {
    let retry = |jar, error: String, status| {
        page(&first_run, jar, info.https, form.email.clone(), form.name.clone(), Some(error), status)
    };
    // Before sign-in, the browser's language.
    let tr = Tr::new(crate::i18n::current());
    if let Err(why) = first_run.redeem(&form.code) {
        return retry(jar, tr.t(why), StatusCode::FORBIDDEN);
    }
    if app.store.account_count().await? > 0 {
        return retry(jar, tr.t("setup-has-account"), StatusCode::CONFLICT);
    }
    let account = match register(app.store.as_ref(), &app.hasher, &form.email, &form.password, Some(&form.name)).await {
        Ok(account) => account,
        Err(RegisterError::Other(cause)) => return Err(WebError::internal(format!("{cause:#}"))),
        Err(fixable) => {
            first_run.restore(&form.code);
            return retry(jar, tr.say(&fixable.message()), StatusCode::BAD_REQUEST);
        }
    };
    let request = SessionRequest {
        device_name: crate::auth::describe_browser(&info.user_agent),
        device_kind: crate::domain::device::DeviceKind::Browser,
        remember: true,
        ip: info.ip.clone(),
        proof: crate::auth::Proof::Password,
        lifetime: Default::default(),
        alert_origin: None,
    };
    let credentials = app.store.credentials_by_id(account.id).await?;
    let credentials = credentials.ok_or_else(|| WebError::internal("the new account vanished"))?;
    let verified = crate::auth::Verified {
        account: credentials.account,
        credential_version: credentials.credential_version,
        known_device: false,
    };
    let (token, _) = app.sessions.start(&verified, request).await?;
    let jar = cookies::with_session(jar, token, info.https, Some(app.settings.sessions.remembered_lifetime));
    Ok((jar, Redirect::to("/profiles")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_works_once_and_wrong_ones_close_setup() {
        let first_run = FirstRun::default();
        assert!(!first_run.is_open());
        let code = first_run.issue().unwrap();
        assert!(first_run.redeem("WRONG-CODE").is_err());
        assert!(first_run.redeem(&code.to_lowercase()).is_ok(), "case and spaces do not matter");
        assert!(first_run.redeem(&code).is_err(), "single use");

        let code = first_run.issue().unwrap();
        for _ in 0..WRONG_TRIES {
            let _ = first_run.redeem("AAAA-AAAA");
        }
        assert!(first_run.redeem(&code).is_err(), "destroyed after too many wrong tries");
    }
}
