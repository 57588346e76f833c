//! Profile locks that hold: locking sends devices back to "Who's watching?", kids profiles cannot
//! manage anything, and a locked or kids profile changes only with the right proof.

use std::time::Duration;

use crate::support::{PASSWORD, spawn_app};
use crate::web_support::WebClient;

/// Adds a profile from Manage Profiles and returns its id.
async fn add_profile(browser: &WebClient, name: &str, kids: bool) -> String {
    let mut fields = vec![("name", name)];
    if kids {
        fields.push(("kids", "on"));
    } else {
        fields.push(("password", PASSWORD));
    }
    let added = browser.submit("/profiles/manage", "/profiles", &fields).await;
    assert_eq!(added.location(), Some("/profiles/manage?saved=added"), "{}", added.body);
    let manage = browser.get("/profiles/manage").await;
    let at = manage.body.find(&format!(">{name}<")).expect("the new profile is listed");
    let before = &manage.body[..at];
    let start = before.rfind("/profiles/").unwrap() + 10;
    before[start..start + 36].to_string()
}

async fn choose(browser: &WebClient, id: &str, pin: Option<&str>) {
    let mut fields = vec![];
    if let Some(pin) = pin {
        fields.push(("pin", pin));
    }
    let chosen = browser.submit("/profiles", &format!("/profiles/{id}/choose"), &fields).await;
    assert_eq!(chosen.location(), Some("/browse"), "{}", chosen.body);
}

#[tokio::test]
async fn locking_a_profile_sends_every_device_in_it_back_to_whos_watching() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let laptop = WebClient::new(&app);
    laptop.sign_in_and_choose("ada@example.org").await;
    let sam = add_profile(&laptop, "Sam", false).await;
    let tv = WebClient::new(&app);
    tv.sign_in("ada@example.org", true).await;
    choose(&tv, &sam, None).await;
    assert_eq!(tv.get("/browse").await.status, 200);
    let mut events = tv.http.get(format!("{}/events", tv.base)).send().await.unwrap();
    assert_eq!(events.status(), 200);

    let edit = format!("/profiles/{sam}/edit");
    let locked =
        laptop.submit(&edit, &format!("/profiles/{sam}/lock"), &[("pin", "2580"), ("password", PASSWORD)]).await;
    assert_eq!(locked.location(), Some("/profiles/manage?saved=saved"));

    let mut received = String::new();
    let pushed = tokio::time::timeout(Duration::from_secs(5), async {
        while !received.contains("profile-left") {
            let chunk = events.chunk().await.unwrap().expect("the stream stays open");
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(pushed.is_ok(), "the TV heard that it must choose again: {received}");
    assert_eq!(tv.get("/browse").await.location(), Some("/profiles"), "the TV is back at Who's watching?");
    assert_eq!(laptop.get("/browse").await.status, 200, "a device in another profile stays");
    // Coming back in takes the PIN now.
    let no_pin = tv.submit("/profiles", &format!("/profiles/{sam}/choose"), &[]).await;
    assert_eq!(no_pin.status, 401);
    choose(&tv, &sam, Some("2580")).await;
}

#[tokio::test]
async fn kids_profiles_cannot_manage_profiles_or_the_account() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let kids = add_profile(&browser, "Kids", true).await;
    let csrf = browser.get("/profiles/manage").await.csrf();
    choose(&browser, &kids, None).await;
    for page in
        ["/profiles/manage", "/account", "/account/sign-out-all", "/account/delete", &format!("/profiles/{kids}/edit")]
    {
        let refused = browser.get(page).await;
        assert_eq!(refused.status, 403, "{page}");
        assert!(refused.body.contains("Kids profiles cannot open this page"), "{page}");
    }
    let edit =
        browser.post(&format!("/profiles/{kids}/edit"), &[("csrf", &csrf), ("name", "Grown"), ("avatar", "sky")]).await;
    assert_eq!(edit.status, 403, "not even by posting the form");
    let add = browser.post("/profiles", &[("csrf", &csrf), ("name", "Another")]).await;
    assert_eq!(add.status, 403);
    assert_eq!(browser.get("/browse").await.status, 200, "watching goes on");
}

#[tokio::test]
async fn a_locked_profile_changes_only_with_its_pin_or_the_password() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let sam = add_profile(&browser, "Sam", false).await;
    let edit = format!("/profiles/{sam}/edit");
    let save = format!("/profiles/{sam}/edit");
    browser.submit(&edit, &format!("/profiles/{sam}/lock"), &[("pin", "2580"), ("password", PASSWORD)]).await;

    let rename = |secret: &'static str| [("name", "Samuel"), ("avatar", "sky"), ("secret", secret)];
    let bare = browser.submit(&edit, &save, &rename("")).await;
    assert_eq!(bare.status, 401);
    assert!(bare.body.contains("enter its PIN or the account password"));
    assert_eq!(browser.submit(&edit, &save, &rename("0000")).await.status, 401, "a wrong PIN");
    assert_eq!(browser.submit(&edit, &save, &rename("not my password")).await.status, 401);
    assert!(browser.get("/profiles/manage").await.body.contains(">Sam<"), "nothing changed");
    assert_eq!(browser.submit(&edit, &save, &rename("2580")).await.location(), Some("/profiles/manage?saved=saved"));
    assert!(browser.get("/profiles/manage").await.body.contains(">Samuel<"));

    let delete = format!("/profiles/{sam}/delete");
    assert_eq!(browser.submit(&edit, &delete, &[]).await.status, 401);
    let deleted = browser.submit(&edit, &delete, &[("secret", PASSWORD)]).await;
    assert_eq!(deleted.location(), Some("/profiles/manage?saved=deleted"));
}

#[tokio::test]
async fn only_the_account_password_turns_a_kids_profile_into_an_adult_one() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let kids = add_profile(&browser, "Kids", true).await;
    let edit = format!("/profiles/{kids}/edit");
    browser.submit(&edit, &format!("/profiles/{kids}/lock"), &[("pin", "2580"), ("password", PASSWORD)]).await;
    let grown = |secret: &'static str| [("name", "Kids"), ("avatar", "sky"), ("secret", secret)];
    // Renaming with the PIN is fine; dropping Kids with the PIN is not.
    let rename = browser
        .submit(&edit, &edit, &[("name", "Little ones"), ("avatar", "sky"), ("kids", "on"), ("secret", "2580")])
        .await;
    assert_eq!(rename.location(), Some("/profiles/manage?saved=saved"));
    let with_pin = browser.submit(&edit, &edit, &grown("2580")).await;
    assert_eq!(with_pin.status, 401);
    assert!(with_pin.body.contains("account password"), "{}", with_pin.body);
    assert!(browser.get(&edit).await.body.contains("name=\"kids\" value=\"on\" checked"), "still a kids profile");
    let with_password = browser.submit(&edit, &edit, &grown(PASSWORD)).await;
    assert_eq!(with_password.location(), Some("/profiles/manage?saved=saved"));
    assert!(!browser.get(&edit).await.body.contains("name=\"kids\" value=\"on\" checked"));
}
