//! Two devices at once: signing one out, or all, refuses the other at once and sends it to sign in.

use super::household;
use super::journey::sign_in;
use super::{Browser, Device, Viewport};
use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn signing_out_everywhere_sends_an_open_page_on_another_device_to_sign_in() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };
    sign_in(&laptop, &app.base).await;
    sign_in(&phone, &app.base).await;
    phone.click(".profiles__grid li:nth-child(3) .profile-tile").await;
    phone.wait_for_text("Welcome, Kids").await;

    laptop.goto(&app.url("/account")).await;
    let devices = laptop.execute("return document.querySelectorAll('.device').length").await;
    assert_eq!(devices, 2, "both browsers are listed");
    laptop.click("#sign-out-all").await;
    laptop.click("#sign-out-all-dialog button[type=submit]").await;
    laptop.wait_for_path("/signed-out").await;

    // The phone did nothing: the push takes its open page to the sign-in screen.
    phone.wait_for_path("/signin").await;
    phone.wait_for_text("You were signed out on this device").await;
    phone.screenshot("10-pushed-to-sign-in-phone").await;
    phone.goto(&app.url("/browse")).await;
    phone.wait_for_path("/signin").await;
    laptop.close().await;
    phone.close().await;
}

#[tokio::test]
async fn signing_out_one_device_leaves_the_others_signed_in() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some([laptop, phone]) = Browser::open_all([Viewport::Desktop, Viewport::Phone]).await else { return };
    sign_in(&laptop, &app.base).await;
    sign_in(&phone, &app.base).await;

    laptop.goto(&app.url("/account")).await;
    laptop.click(".device:not(.device--this) form button").await;
    laptop.wait_for_text("That device was signed out.").await;
    assert_eq!(laptop.execute("return document.querySelectorAll('.device').length").await, 1);

    phone.wait_for_path("/signin").await;
    laptop.goto(&app.url("/profiles")).await;
    laptop.wait_for_text("Who's watching?").await;

    // And from the menu, this device alone, with its own confirmation.
    laptop.click(".profiles__grid li:first-child .profile-tile").await;
    laptop.wait_for_path("/browse").await;
    laptop.goto(&app.url("/signout")).await;
    laptop.wait_for_text("Sign out of Marquee on this device?").await;
    laptop.click("form[action='/signout'] button[type=submit]").await;
    laptop.wait_for_path("/signed-out").await;
    laptop.close().await;
    phone.close().await;
}

#[tokio::test]
async fn a_locked_profile_asks_for_its_pin_in_the_browser() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Desktop).await else { return };
    sign_in(&browser, &app.base).await;
    browser.goto(&app.url("/profiles/manage")).await;
    browser.screenshot("11-manage-profiles-desktop").await;
    browser.click(".profiles__grid li:nth-child(3) a").await;
    browser.wait_for_text("Edit profile").await;
    browser.fill("#pin", "2580").await;
    browser.fill("#lock-password", PASSWORD).await;
    browser.click("form[action$='/lock'] button[type=submit]").await;
    browser.wait_for_text("Changes saved.").await;

    browser.goto(&app.url("/profiles")).await;
    browser.click(".profiles__grid li:nth-child(3) a.profile-tile").await;
    browser.wait_for_text("Enter the PIN for Kids").await;
    browser.fill("#pin", "1111").await;
    browser.click("form[action$='/choose'] button[type=submit]").await;
    browser.wait_for_text("That PIN is not right").await;
    browser.screenshot("12-profile-pin-desktop").await;
    browser.fill("#pin", "2580").await;
    browser.click("form[action$='/choose'] button[type=submit]").await;
    browser.wait_for_text("Welcome, Kids").await;
    browser.close().await;
}

#[tokio::test]
async fn pages_read_well_on_a_tv() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some(browser) = Browser::open(Viewport::Tv).await else { return };
    sign_in(&browser, &app.base).await;
    browser.screenshot("03-whos-watching-tv").await;
    let overflow = browser.execute("return document.documentElement.scrollWidth > window.innerWidth").await;
    assert_eq!(overflow, false, "no sideways scrolling");
    browser.click(".profiles__grid li:first-child .profile-tile").await;
    browser.wait_for_path("/browse").await;
    browser.goto(&app.url("/account")).await;
    browser.screenshot("06-account-tv").await;
    browser.close().await;
}

#[tokio::test]
async fn the_device_list_calls_a_phone_a_phone_from_another_browser_and_on_the_phone_itself() {
    let app = spawn_app().await;
    household::seed(&app).await;
    let Some([laptop, phone]) = Browser::open_all_as([Device::Plain(Viewport::Desktop), Device::ANDROID_PHONE]).await
    else {
        return;
    };
    sign_in(&phone, &app.base).await;
    sign_in(&laptop, &app.base).await;

    laptop.goto(&app.url("/account#devices")).await;
    let phone_row = laptop.text(".device:not(.device--this) .device__about").await;
    assert!(phone_row.contains("Android phone"), "the phone is called what it is: {phone_row}");
    assert!(!phone_row.contains("computer"), "and never a computer: {phone_row}");
    let laptop_row = laptop.text(".device--this .device__about").await;
    assert!(laptop_row.contains("This computer"), "the laptop is the computer asking: {laptop_row}");

    phone.goto(&app.url("/account#devices")).await;
    let own_row = phone.text(".device--this .device__about").await;
    assert!(own_row.contains("Android phone") && own_row.contains("This phone"), "on the phone itself: {own_row}");
    assert!(!own_row.contains("computer"), "{own_row}");
    phone.screenshot("10-devices-phone").await;
    laptop.close().await;
    phone.close().await;
}
