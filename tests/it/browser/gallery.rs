//! Every page at phone, desktop and TV sizes, with a household of five profiles and four devices. Each page
//! is saved to `target/screenshots/gallery-<size>-<page>.png` and checked for what a person would notice:
//! nothing scrolls sideways (rows of posters scroll inside their own box), text is readable against its
//! background, whatever is tapped on a phone is at least 44 px, text on a TV is large enough to read from the
//! sofa, and the keyboard focus shows.
//!
//! Each run also opens well over six signed-in pages in a row: pages kept in the back/forward cache used
//! to hold their event streams open, and the seventh page then waited forever for a free connection.

use marquee::store::NewProfile;
use serde_json::Value;

use super::household::{self, EMAIL};
use super::journey::sign_in;
use super::{Browser, Key, Viewport};
use crate::support::{PASSWORD, TestApp, spawn_app};

#[tokio::test]
async fn every_page_reads_well_on_a_phone() {
    gallery(Viewport::Phone, "phone").await;
}

#[tokio::test]
async fn every_page_reads_well_on_a_desktop() {
    gallery(Viewport::Desktop, "desktop").await;
}

#[tokio::test]
async fn every_page_reads_well_on_a_tv() {
    gallery(Viewport::Tv, "tv").await;
}

/// The household of `household::seed`, two more profiles (five, the most an account can have), and a
/// TV, a phone app and a games console signed in through the API.
async fn seed_full_household(app: &TestApp) {
    household::seed(app).await;
    let account = app.store.store.account_by_email(EMAIL).await.expect("the store").expect("the account");
    for (name, avatar) in [("Grandma", "violet"), ("Guest", "teal")] {
        let profile = NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: avatar.into(),
            is_kids: false,
            created_at: marquee::clock::now(),
        };
        app.store.store.create_profile(profile, 5).await.expect("the store").expect("room for a profile");
    }
    for (device, kind) in [("Living room TV", "tv"), ("Ada's phone", "mobile"), ("Games console", "other")] {
        app.sign_in(EMAIL, device, kind).await;
    }
}

async fn gallery(viewport: Viewport, size: &str) {
    let app = spawn_app().await;
    seed_full_household(&app).await;
    let Some(browser) = Browser::open(viewport).await else { return };
    let page = Page { browser: &browser, viewport, size };

    browser.goto(&app.url("/")).await;
    browser.wait_for_text("Your server.").await;
    page.check("landing").await;
    browser.goto(&app.url("/signin")).await;
    page.check("signin").await;
    // "Forgot password?" on a server that sends no mail says whom to ask.
    browser.click("a[href='/password-reset']").await;
    browser.wait_for("#forgot-no-mail").await;
    page.check("forgot-password").await;
    sign_in(&browser, &app.base).await;

    // Manage Profiles, and locking Grandma's profile from its edit page.
    browser.goto(&app.url("/profiles/manage")).await;
    browser.wait_for_text("Manage Profiles").await;
    page.check("manage-profiles").await;
    browser.click(".profiles__grid li:nth-child(4) a").await;
    browser.wait_for_text("Edit profile").await;
    page.check("edit-profile").await;
    browser.execute("document.getElementById('lock-title').scrollIntoView()").await;
    page.check("edit-profile-lock").await;
    browser.fill("#pin", "2580").await;
    browser.fill("#lock-password", PASSWORD).await;
    browser.click("form[action$='/lock'] button[type=submit]").await;
    browser.wait_for_text("Changes saved.").await;
    page.check("manage-profiles-saved").await;

    // Who's watching? with five profiles, one of them locked.
    browser.goto(&app.url("/profiles")).await;
    browser.wait_for_text("Who's watching?").await;
    page.check("whos-watching").await;
    let rows = browser
        .execute(
            "const tops = [...document.querySelectorAll('.profiles__grid > li')].map(li => li.offsetTop);
             return [...new Set(tops)].map(top => tops.filter(t => t === top).length)",
        )
        .await;
    let expected = if viewport == Viewport::Phone { serde_json::json!([3, 2]) } else { serde_json::json!([5]) };
    assert_eq!(rows, expected, "{size}: profiles per row on Who's watching?");
    browser.click(".profiles__grid li:nth-child(4) a.profile-tile").await;
    browser.wait_for_text("Enter the PIN for Grandma").await;
    page.check("pin").await;
    browser.goto(&app.url("/profiles")).await;
    browser.click(".profiles__grid li:first-child .profile-tile").await;
    browser.wait_for_path("/browse").await;
    page.check("browse").await;

    // The keyboard focus shows: Tab from the top of the page to the profile menu's button, or on a TV
    // (whose focus starts in the page) Up to the top bar and Right to the menu, as with a remote.
    if viewport == Viewport::Tv {
        for _ in 0..4 {
            browser.press_key(Key::Up).await;
        }
        for _ in 0..3 {
            browser.press_key(Key::Right).await;
        }
    } else {
        browser.execute("document.activeElement.blur(); window.scrollTo(0, 0)").await;
        for _ in 0..3 {
            browser.tab().await;
        }
    }
    assert!(browser.is_focused("[data-menu-button]").await, "{size}: the keys reach the profile menu");
    let ring = browser
        .execute(
            "const style = getComputedStyle(document.activeElement);
             return style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0",
        )
        .await;
    assert!(ring.as_f64().is_some_and(|width| width >= 3.0), "{size}: a visible focus ring on the menu button: {ring}");
    browser.press_key(Key::Enter).await;
    let open = "return getComputedStyle(document.querySelector('.profile-menu__list')).display !== 'none'";
    assert_eq!(browser.execute(open).await, true, "{size}: Enter opens the profile menu");
    page.check("profile-menu").await;
    let menu = browser
        .execute(
            "const box = document.querySelector('.profile-menu__list').getBoundingClientRect();
             return box.left >= 0 && box.right <= document.documentElement.clientWidth && box.bottom <= innerHeight",
        )
        .await;
    assert_eq!(menu, true, "{size}: the open profile menu fits on the screen");

    // The account page, section by section.
    browser.goto(&app.url("/account")).await;
    browser.wait_for_text("Membership").await;
    page.check("account").await;
    browser.click("#email summary").await;
    assert!(browser.text("#email").await.contains("Current password"), "{size}: Change email opens its form");
    browser.execute("document.getElementById('email').scrollIntoView()").await;
    page.check("account-email").await;
    // A refused change comes back with its form open and its message in view.
    browser.fill("#new-email", "ada@new.example").await;
    browser.fill("#email-password", "not the password at all").await;
    browser.click("form[action^='/account/email'] button[type=submit]").await;
    browser.wait_for_path("/account/email").await;
    browser.wait_for("#email .alert").await;
    let shown = browser
        .execute(
            "const box = document.querySelector('#email .alert').getBoundingClientRect();
             return document.querySelector('#email details').open && box.top >= 0 && box.bottom <= innerHeight",
        )
        .await;
    assert_eq!(shown, true, "{size}: the refused email change shows its message and its form");
    page.check("account-email-refused").await;
    browser.click("#password summary").await;
    browser.execute("document.getElementById('password').scrollIntoView()").await;
    page.check("account-password").await;
    browser.execute("document.getElementById('devices').scrollIntoView()").await;
    let icons = browser.execute("return document.querySelectorAll('.device svg').length").await;
    assert_eq!(icons, 4, "{size}: an icon per device");
    page.check("account-devices").await;
    browser.click("#sign-out-all").await;
    let dialog = browser
        .execute(
            "const dialog = document.getElementById('sign-out-all-dialog');
             const box = dialog.getBoundingClientRect();
             return dialog.open && box.left >= 0 && box.right <= document.documentElement.clientWidth",
        )
        .await;
    assert_eq!(dialog, true, "{size}: the sign-out-all dialog is open and fits on the screen");
    page.check("sign-out-all-dialog").await;
    browser.click("#sign-out-all-dialog [data-close]").await;

    browser.goto(&app.url("/help")).await;
    page.check("help").await;
    browser.goto(&app.url("/signout")).await;
    browser.wait_for_text("Sign out of Marquee on this device?").await;
    page.check("signout").await;
    browser.click("form[action='/signout'] button[type=submit]").await;
    browser.wait_for_path("/signed-out").await;
    page.check("signed-out").await;
    browser.close().await;
}

/// A page to check at one size.
pub(super) struct Page<'a> {
    pub browser: &'a Browser,
    pub viewport: Viewport,
    pub size: &'a str,
}

impl Page<'_> {
    /// Saves a screenshot of what the viewport shows and asserts that the page reads well at this size.
    pub async fn check(&self, name: &str) {
        self.browser.screenshot(&format!("gallery-{}-{name}", self.size)).await;
        let report = self.browser.execute(READABILITY).await;
        let problems = |key: &str| report[key].as_array().cloned().unwrap_or_default();
        let where_ = format!("{name} at {} ({:?})", self.size, self.viewport.size());
        assert_eq!(report["overflow"], 0, "{where_}: the page scrolls sideways");
        assert_eq!(problems("wide"), Vec::<Value>::new(), "{where_}: these stick out past the right edge");
        assert_eq!(problems("contrast"), Vec::<Value>::new(), "{where_}: text too faint for its background");
        if self.viewport == Viewport::Phone {
            assert_eq!(problems("small"), Vec::<Value>::new(), "{where_}: too small to tap (under 44 px)");
        }
        if self.viewport == Viewport::Tv {
            let body_px = report["body_px"].as_f64().unwrap_or(0.0);
            assert!(body_px >= 24.0, "{where_}: body text is {body_px} px, under 24 px");
            assert_eq!(problems("tiny"), Vec::<Value>::new(), "{where_}: text under 18 px, too small on a TV");
        }
    }
}

/// Measures the page: sideways overflow, elements past the right edge, text contrast (WCAG AA: 4.5:1, or
/// 3:1 for large text) against the blended backgrounds behind it, tap targets under 44 px (links inside a
/// sentence excepted) and text under 18 px.
const READABILITY: &str = r#"
const root = document.documentElement;
const width = root.clientWidth;
const shown = (e) => {
  const box = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && style.opacity !== '0';
};
const name = (e) => {
  const classes = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '';
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
};
const everything = [...document.querySelectorAll('body *')].filter(shown);

// A row of posters scrolls sideways inside its own box: what its box hides is not past the page's edge.
const clippedInView = (e) => {
  for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
    if (getComputedStyle(n).overflowX !== 'visible') return n.getBoundingClientRect().right <= width + 0.5;
  }
  return false;
};
const wide = everything.filter(e => e.getBoundingClientRect().right > width + 0.5 && !clippedInView(e)).map(name);

const rgba = (css) => {
  const m = css.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
const behind = (e) => {
  const layers = [];
  for (let n = e; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  return layers.reverse().reduce((below, layer) => over(layer, below), [0, 0, 0, 1]);
};
const luminance = (c) => {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const texts = everything.filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
const contrast = [];
const tiny = [];
for (const e of texts) {
  const style = getComputedStyle(e);
  const px = parseFloat(style.fontSize);
  const background = behind(e);
  const color = over(rgba(style.color), background);
  const large = px >= 24 || (px >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
  const found = ratio(color, background);
  if (found < (large ? 3 : 4.5)) contrast.push(name(e) + ' ' + found.toFixed(2) + ':1');
  if (px < 18) tiny.push(name(e) + ' ' + px + 'px');
}

const tappable = 'a, button, summary, select, label.checkbox, label.avatar-choice, input:not([type=hidden]):not([type=checkbox]):not([type=radio])';
const small = [...document.querySelectorAll(tappable)]
  .filter(e => shown(e) && getComputedStyle(e).display !== 'inline')
  .filter(e => { const box = e.getBoundingClientRect(); return box.height < 43.5 || box.width < 43.5; })
  .map(e => { const box = e.getBoundingClientRect(); return name(e) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height); });

return {
  overflow: Math.max(0, root.scrollWidth - width),
  wide, contrast, small, tiny,
  body_px: parseFloat(getComputedStyle(document.body).fontSize),
};
"#;
