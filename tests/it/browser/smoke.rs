//! Proves the browser harness itself: two independent browsers with real viewports against a real server.

use super::{Browser, Viewport};
use crate::support::spawn_app;

#[tokio::test]
async fn a_desktop_and_a_phone_browser_load_a_page_side_by_side() {
    let app = spawn_app().await;
    let Some([desktop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };

    for (browser, name, width) in [(&desktop, "smoke-desktop", 1280), (&phone, "smoke-phone", 360)] {
        browser.goto(&app.url("/healthz")).await;
        assert_eq!(browser.page_text().await, "ok", "{name}");
        assert_eq!(browser.current_path().await, "/healthz");
        assert_eq!(browser.execute("return window.innerWidth").await, width, "{name}");
        let shot = browser.screenshot(name).await;
        let png = std::fs::read(&shot).unwrap_or_default();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 100, "{} should be a PNG", shot.display());
    }
    desktop.execute("document.cookie = 'device=desktop; path=/'").await;
    assert_eq!(desktop.cookie("device").await.map(|c| c.value().to_string()).as_deref(), Some("desktop"));
    assert!(phone.cookies().await.is_empty(), "the two browsers must not share cookies");

    let narrow = phone.execute("return matchMedia('(max-width: 400px)').matches").await;
    assert_eq!(narrow, true, "CSS media queries should see a phone");

    desktop.close().await;
    phone.close().await;
}
