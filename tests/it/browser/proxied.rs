//! The journey in real Chromium through nginx over HTTPS, in front of two instances on one
//! PostgreSQL, configured as the README says: signing in, "Who's watching?", browsing, playing a
//! title, and a sign-out of every device on a second browser pushing the first to sign in.

use super::household::{self, EMAIL};
use super::journey::sign_in;
use super::watching::{choose_profile, title_path, wait_until_playing};
use super::{Browser, Viewport};
use crate::proxy::{Instances, Proxy};
use crate::support::{PASSWORD, scan_demo_library};

#[tokio::test]
async fn the_journey_through_nginx_in_front_of_two_instances() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    scan_demo_library(instances.store.store.as_ref()).await;
    household::seed_store(instances.store.store.as_ref()).await;
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };

    // Sign in from the landing page; the session cookie is host-bound and HTTPS-only.
    laptop.goto(&proxy.url("/")).await;
    laptop.click(".topbar a[href='/signin']").await;
    laptop.wait_for_path("/signin").await;
    laptop.fill("#email", EMAIL).await;
    laptop.fill("#password", PASSWORD).await;
    laptop.click("form[action='/signin'] button[type=submit]").await;
    laptop.wait_for_path("/profiles").await;
    laptop.wait_for_text("Who's watching?").await;
    let cookie = laptop.cookie("__Host-marquee_session").await.expect("a __Host- session cookie");
    assert_eq!((cookie.secure(), cookie.http_only()), (Some(true), Some(true)));
    assert!(laptop.cookie("marquee_session").await.is_none(), "no plain cookie over HTTPS");

    // Browse, find a title and play it: pages, posters and the video's ranges, from either instance.
    choose_profile(&laptop, "Ada").await;
    laptop.wait_for(".hero-banner h1").await;
    let title = title_path(&laptop, &proxy.base, "etoiles", "Café des Étoiles").await;
    laptop.goto(&proxy.url(&title)).await;
    laptop.click("[data-play]").await;
    laptop.wait_for_url(|url| url.contains("/watch/")).await;
    wait_until_playing(&laptop).await;
    laptop.goto(&proxy.url(&title)).await;
    laptop.wait_for("[data-play]").await;

    // A second browser signs out of every device; the laptop's open page hears it and goes to sign in.
    sign_in(&phone, &proxy.base).await;
    choose_profile(&phone, "Sam").await;
    phone.goto(&proxy.url("/account")).await;
    phone.click("#sign-out-all").await;
    phone.click("#sign-out-all-dialog button[type=submit]").await;
    phone.wait_for_path("/signed-out").await;
    laptop.wait_for_path("/signin").await;
    laptop.wait_for_text("You were signed out on this device").await;
    laptop.screenshot("proxied-pushed-to-sign-in-desktop").await;
    laptop.close().await;
    phone.close().await;
}
