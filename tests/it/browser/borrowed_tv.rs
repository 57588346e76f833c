//! A friend's TV in real Chromium: a phone allows its code "until tomorrow morning", the TV goes on by
//! itself, and the phone's device list says when the TV will sign out by itself; the session stored
//! for the TV ends at the next 04:00 on the account's clocks.

use std::time::Duration;

use marquee::domain::session_lifetime::SessionLifetime;
use marquee::domain::time_zone::AccountTimeZone;

use super::household::{EMAIL, seed};
use super::{Browser, Viewport};
use crate::support::spawn_app;

/// The TV polls every 5 seconds; allow for two polls on a busy machine.
const TV_PATIENCE: Duration = Duration::from_secs(15);

#[tokio::test]
async fn a_tv_allowed_until_tomorrow_morning_is_listed_as_signing_out_by_itself() {
    let app = spawn_app().await;
    seed(&app).await;
    let Some([tv, phone]) = Browser::open_all([Viewport::Tv, Viewport::Phone]).await else { return };
    tv.goto(&app.url("/tv")).await;
    tv.wait_for("[data-user-code]").await;
    let code = tv.text("[data-user-code]").await;

    super::journey::sign_in(&phone, &app.base).await;
    phone.goto(&app.url("/activate")).await;
    phone.fill("#code", &code).await;
    phone.click("form[action='/activate'] button[type=submit]").await;
    phone.wait_for("select#lifetime").await;
    let chosen = "const s = document.querySelector('select#lifetime'); s.value = 'until_morning'; \
                  s.dispatchEvent(new Event('change', {bubbles: true})); return s.value";
    assert_eq!(phone.execute(chosen).await, "until_morning");
    phone.screenshot("41-activate-for-a-while-phone").await;
    for (size, name) in [(Viewport::Desktop, "41-activate-for-a-while"), (Viewport::Tv, "41-activate-for-a-while-tv")] {
        phone.set_viewport(size).await;
        phone.screenshot(name).await;
    }
    phone.set_viewport(Viewport::Phone).await;
    let allowed_at = marquee::clock::now();
    phone.click("button[value=allow]").await;
    phone.wait_for("[data-outcome=allowed]").await;
    tv.wait_until("return location.pathname === '/profiles'", TV_PATIENCE, "the TV goes on to Who's watching?").await;

    phone.goto(&app.url("/account#devices")).await;
    phone.wait_for("[data-device-ends]").await;
    let said = phone.text("[data-device-ends]").await;
    assert!(said.starts_with("Signs out by itself at 04:00 on "), "{said}");
    phone.screenshot("42-devices-signs-out-by-itself-phone").await;
    for (size, name) in
        [(Viewport::Desktop, "42-devices-signs-out-by-itself"), (Viewport::Tv, "42-devices-signs-out-by-itself-tv")]
    {
        phone.set_viewport(size).await;
        phone.goto(&app.url("/account#devices")).await;
        phone.wait_for("[data-device-ends]").await;
        phone.screenshot(name).await;
    }

    // The TV's session ends at the next 04:00 (the account's zone is the server's) that was at least
    // four hours away when the code was allowed.
    let account = app.store.account_by_email(EMAIL).await.unwrap().unwrap();
    let sessions = app.store.active_sessions(account.id, marquee::clock::now()).await.unwrap();
    let tv_session = sessions.iter().find(|s| s.device_kind.as_str() == "tv").expect("the TV is signed in");
    assert_eq!(tv_session.lifetime, SessionLifetime::UntilMorning);
    let zone = AccountTimeZone::of_account(account.time_zone.as_deref());
    let expected = [allowed_at, marquee::clock::now()].map(|at| SessionLifetime::UntilMorning.end(at, &zone).unwrap());
    assert!(expected.contains(&tv_session.expires_at), "{} not in {expected:?}", tv_session.expires_at);
    tv.close().await;
    phone.close().await;
}
