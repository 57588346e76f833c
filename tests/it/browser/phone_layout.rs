//! What a phone (and a desktop) shows of pages that used to spill over or read faintly: the one useful
//! button on "Too many people are using your account", the banner's text over its artwork, and the
//! links under the sign-in form when they wrap.

use super::household::EMAIL;
use super::journey::sign_in;
use super::watching::{choose_profile, spawn_with_library};
use super::{Browser, Viewport};
use crate::support::{spawn_app, spawn_app_with};
use crate::web_support::WebClient;

/// The address of the video of "Rocket Soup", as a signed-in device finds it.
async fn rocket_soup(device: &WebClient) -> String {
    let results = device.get("/search?q=rocket%20soup").await;
    let from = results.body.find("search-results").expect("the results");
    let start = results.body[from..].find("/title/").expect("a title link") + from;
    let end = results.body[start..].find('"').unwrap() + start;
    let title = device.get(&results.body[start..end]).await;
    let start = title.body.find("href=\"/watch/").expect("a Play link") + 6;
    title.body[start..start + 7 + 36].to_string()
}

#[tokio::test]
async fn stop_playback_there_lies_inside_the_screen_on_a_phone_and_inside_the_panel_on_a_desktop() {
    let app = spawn_with_library(spawn_app_with(|settings| settings.streams_per_account = 1).await).await;
    let watching = WebClient::new(&app);
    watching.sign_in_and_choose(EMAIL).await;
    let watch = rocket_soup(&watching).await;
    assert_eq!(watching.get(&watch).await.status, 200, "another device plays");

    let Some([phone, desktop]) = Browser::open_all([Viewport::Phone, Viewport::Desktop]).await else { return };
    for (browser, size) in [(&phone, "phone"), (&desktop, "desktop")] {
        sign_in(browser, &app.base).await;
        choose_profile(browser, "Sam").await;
        browser.goto(&app.url(&watch)).await;
        browser.wait_for_text("Too many people are using your account").await;
        browser.screenshot(&format!("too-many-{size}")).await;
        let placed = browser
            .execute(
                "const button = [...document.querySelectorAll('main button')]
                   .find(b => b.textContent.trim() === 'Stop playback there');
                 const box = button.getBoundingClientRect();
                 const panel = document.querySelector('main .panel').getBoundingClientRect();
                 const page = document.documentElement.clientWidth;
                 return { left: box.left, right: box.right, page, panelLeft: panel.left, panelRight: panel.right,
                          padding: parseFloat(getComputedStyle(document.querySelector('main .panel')).paddingRight) }",
            )
            .await;
        let at = |key: &str| placed[key].as_f64().expect("a number");
        assert!(at("left") >= 0.0 && at("right") <= at("page"), "{size}: the button is off the screen: {placed}");
        assert!(
            at("left") >= at("panelLeft") && at("right") <= at("panelRight") - at("padding") + 0.5,
            "{size}: the button sticks out of its panel: {placed}"
        );
    }
    phone.close().await;
    desktop.close().await;
}

/// For each element matching the selector given as the first argument: the worst contrast of its text
/// against what lies under it inside the banner, over the brightest and the darkest artwork there can
/// be, whatever picture the title has.
const WORST_CONTRAST: &str = r#"
const rgba = (css) => { const p = css.match(/rgba?\(([^)]+)\)/)[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
return [...document.querySelectorAll(arguments[0])].map(e => {
  const layers = [];
  for (let n = e; n && !n.classList.contains('hero-banner'); n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor));
  const worst = Math.min(...[[255, 255, 255, 1], [0, 0, 0, 1]].map(art => {
    const background = layers.reverse().reduce((below, layer) => over(layer, below), art);
    layers.reverse();
    return ratio(over(rgba(getComputedStyle(e).color), background), background);
  }));
  return { text: e.className, ratio: Math.round(worst * 100) / 100 };
});
"#;

#[tokio::test]
async fn the_banner_text_on_a_phone_reads_at_4_5_to_1_over_any_artwork() {
    let app = spawn_with_library(spawn_app().await).await;
    let Some(phone) = Browser::open(Viewport::Phone).await else { return };
    sign_in(&phone, &app.base).await;
    choose_profile(&phone, "Ada").await;
    phone.wait_for(".hero-banner__meta").await;
    phone.screenshot("banner-phone").await;
    let script = format!("return (function() {{ {WORST_CONTRAST} }}).apply(null, arguments)");
    let found = phone
        .client()
        .execute(&script, vec![serde_json::json!(".hero-banner__meta, .hero-banner__plot, .hero-banner h1")])
        .await
        .expect("measure the banner");
    let texts = found.as_array().expect("the banner's texts");
    assert_eq!(texts.len(), 3, "a name, a line of facts and a plot: {found}");
    for text in texts {
        let ratio = text["ratio"].as_f64().unwrap_or(0.0);
        assert!(ratio >= 4.5, "the banner's text is too faint over bright artwork: {text}");
    }
    phone.close().await;
}

#[tokio::test]
async fn links_under_the_sign_in_form_leave_no_separator_at_the_end_of_a_line_on_a_phone() {
    let app = spawn_app().await;
    let Some(phone) = Browser::open(Viewport::Phone).await else { return };
    phone.goto(&app.url("/signin")).await;
    phone.wait_for("#email").await;
    // Every visible character of the page, with the line it is on; a separator must have text on
    // both sides of it on its own line.
    let dangling = phone
        .execute(
            "const characters = [];
             const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
             for (let node = walker.nextNode(); node; node = walker.nextNode()) {
               for (let i = 0; i < node.data.length; i++) {
                 if (!node.data[i].trim()) continue;
                 const range = document.createRange();
                 range.setStart(node, i); range.setEnd(node, i + 1);
                 const box = range.getBoundingClientRect();
                 if (box.width > 0) characters.push({ c: node.data[i], top: box.top, bottom: box.bottom });
               }
             }
             const sameLine = (a, b) => !!a && !!b && Math.abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < (a.bottom - a.top) / 2;
             return characters.map((ch, i) => ({ ch, before: characters[i - 1], after: characters[i + 1] }))
               .filter(({ ch }) => ['·', '|', '•'].includes(ch.c))
               .filter(({ ch, before, after }) => !sameLine(ch, before) || !sameLine(ch, after)).length",
        )
        .await;
    phone.screenshot("signin-links-phone").await;
    assert_eq!(dangling, 0, "a separator ends or starts a line under the sign-in form");
    assert!(phone.exists(".form-aside a[href='/tv']").await, "the TV link is still there");
    phone.close().await;
}
