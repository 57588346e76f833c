//! "Who's watching?", the profile menu and "Manage Profiles", through the pages.

use crate::support::{PASSWORD, spawn_app};
use crate::web_support::{Page, WebClient};

/// The ids of the profiles in the order the page's grid lists them (not the header menu).
fn profile_ids(page: &Page) -> Vec<String> {
    let grid = &page.body[page.body.find("profiles__grid").expect("a profile grid")..];
    grid.match_indices("/profiles/")
        .filter_map(|(i, _)| {
            let rest = &grid[i + 10..];
            let id = &rest[..rest.find('/')?];
            (id.len() == 36).then(|| id.to_string())
        })
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        })
}

#[tokio::test]
async fn a_new_account_has_one_profile_and_choosing_it_opens_its_home() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in("ada@example.org", true).await;
    assert_eq!(browser.get("/browse").await.location(), Some("/profiles"), "no profile chosen yet");
    browser.choose_first_profile().await;
    let home = browser.get("/browse").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Welcome, ada"));
    assert!(
        home.body.contains("Nothing to watch yet")
            && home.body.contains("marquee library add /srv/media/Movies --kind movies"),
        "the empty library says why it is empty and who fills it"
    );
    assert!(home.body.contains("Manage Profiles") && home.body.contains("href=\"/account\""), "the profile menu");
}

/// The page's header: the brand and whatever is at the top right.
fn header(page: &Page) -> &str {
    let start = page.body.find("<header class=\"topbar\">").expect("a header");
    &page.body[start..start + page.body[start..].find("</header>").expect("the header's end")]
}

#[tokio::test]
async fn whos_watching_has_a_header_without_a_link_to_itself() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in("ada@example.org", true).await;

    // No profile chosen yet: the account and signing out, never "Profiles" leading back here.
    let who = browser.get("/profiles").await;
    let top = header(&who);
    assert!(!top.contains("href=\"/profiles\""), "no link to the page itself: {top}");
    assert!(top.contains("href=\"/account\"") && top.contains("href=\"/signout\""), "{top}");
    // Elsewhere, the same header leads back to "Who's watching?".
    let account = browser.get("/account").await;
    assert!(header(&account).contains("href=\"/profiles\">Profiles</a>"), "{}", header(&account));

    // With a profile chosen, "Who's watching?" has the profile menu, as every other page does.
    browser.choose_first_profile().await;
    let who = browser.get("/profiles").await;
    let top = header(&who);
    assert!(top.contains("data-menu") && top.contains("Manage Profiles"), "{top}");
    assert!(!top.contains("href=\"/profiles\""), "{top}");
    assert_eq!(header(&browser.get("/browse").await), top, "the same header as the home page");
}

#[tokio::test]
async fn profiles_can_be_added_up_to_five_and_names_are_escaped() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let added = browser
        .submit("/profiles/manage", "/profiles", &[("name", "<script>alert(1)</script>"), ("password", PASSWORD)])
        .await;
    assert_eq!(added.location(), Some("/profiles/manage?saved=added"));
    let manage = browser.get("/profiles/manage?saved=added").await;
    assert!(manage.body.contains("Profile added."));
    assert!(manage.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!manage.body.contains("<script>alert(1)</script>"), "names are escaped everywhere");
    for name in ["Kids", "Grandma", "Guest"] {
        browser.submit("/profiles/manage", "/profiles", &[("name", name), ("password", PASSWORD)]).await;
    }
    assert!(browser.get("/profiles/manage").await.body.contains("most profiles it can have"));
    let sixth = browser.submit("/profiles", "/profiles", &[("name", "Sixth"), ("password", PASSWORD)]).await;
    assert_eq!(sixth.status, 409);
    assert!(sixth.body.contains("at most 5 profiles"), "{}", sixth.body);
    assert_eq!(profile_ids(&browser.get("/profiles").await).len(), 5);
}

#[tokio::test]
async fn bad_profile_input_is_explained_and_changes_nothing() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let id = profile_ids(&browser.get("/profiles").await)[0].clone();
    let edit = format!("/profiles/{id}/edit");

    let long = browser.submit(&edit, &edit, &[("name", &"n".repeat(31)), ("avatar", "sky")]).await;
    assert_eq!(long.status, 400);
    assert!(long.body.contains("too long"));
    let blank = browser.submit(&edit, &edit, &[("name", "   "), ("avatar", "sky")]).await;
    assert!(blank.body.contains("Give the profile a name"));
    let avatar = browser.submit(&edit, &edit, &[("name", "Ada"), ("avatar", "../../etc/passwd")]).await;
    assert!(avatar.body.contains("Choose one of the avatars"));
    let last = browser.submit(&edit, &format!("/profiles/{id}/delete"), &[]).await;
    assert_eq!(last.status, 409);
    assert!(last.body.contains("only profile"), "{}", last.body);
    assert!(browser.get("/profiles").await.body.contains(">ada<"), "unchanged");

    let renamed = browser.submit(&edit, &edit, &[("name", "Ada L."), ("avatar", "violet"), ("kids", "on")]).await;
    assert_eq!(renamed.location(), Some("/profiles/manage?saved=saved"));
    let who = browser.get("/profiles").await;
    assert!(who.body.contains("Ada L.") && who.body.contains("avatar--violet") && who.body.contains("Kids"));
}

#[tokio::test]
async fn another_accounts_profile_is_not_found() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    app.create_account("bob@example.org").await;
    let bob = WebClient::new(&app);
    bob.sign_in_and_choose("bob@example.org").await;
    let bobs_profile = profile_ids(&bob.get("/profiles").await)[0].clone();
    let ada = WebClient::new(&app);
    ada.sign_in_and_choose("ada@example.org").await;
    for path in [
        format!("/profiles/{bobs_profile}/edit"),
        format!("/profiles/{bobs_profile}/pin"),
        "/profiles/nonsense/edit".into(),
    ] {
        assert_eq!(ada.get(&path).await.status, 404, "{path}");
    }
    let csrf = ada.get("/profiles").await.csrf();
    let choose = ada.post(&format!("/profiles/{bobs_profile}/choose"), &[("csrf", &csrf)]).await;
    assert_eq!(choose.status, 404);
    let delete = ada.post(&format!("/profiles/{bobs_profile}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(delete.status, 404);
    assert_eq!(profile_ids(&bob.get("/profiles").await), vec![bobs_profile], "Bob's profile is untouched");
}

#[tokio::test]
async fn a_locked_profile_asks_for_its_pin_and_stops_guessing_after_five() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    browser.submit("/profiles/manage", "/profiles", &[("name", "Kids"), ("password", PASSWORD)]).await;
    let ids = profile_ids(&browser.get("/profiles").await);
    let kids = ids[1].clone();
    let edit = format!("/profiles/{kids}/edit");
    let lock = format!("/profiles/{kids}/lock");

    let letters = browser.submit(&edit, &lock, &[("pin", "abcd"), ("password", PASSWORD)]).await;
    assert_eq!(letters.status, 400);
    assert!(letters.body.contains("exactly 4 digits"));
    let no_password = browser.submit(&edit, &lock, &[("pin", "2580"), ("password", "not my password")]).await;
    assert_eq!(no_password.status, 401);
    assert!(no_password.body.contains("not your account password"));
    let locked = browser.submit(&edit, &lock, &[("pin", "2580"), ("password", PASSWORD)]).await;
    assert_eq!(locked.location(), Some("/profiles/manage?saved=saved"));

    let who = browser.get("/profiles").await;
    assert!(who.body.contains(&format!("href=\"/profiles/{kids}/pin\"")), "a locked profile links to its PIN pad");
    let pin_page = format!("/profiles/{kids}/pin");
    let choose = format!("/profiles/{kids}/choose");
    let no_pin = browser.submit(&pin_page, &choose, &[]).await;
    assert_eq!(no_pin.status, 401);
    let right = browser.submit(&pin_page, &choose, &[("pin", "2580")]).await;
    assert_eq!(right.location(), Some("/browse"));
    assert!(browser.get("/browse").await.body.contains("Welcome, Kids"));

    for (attempt, says) in [(1, "4 tries left"), (2, "3 tries left"), (3, "2 tries left"), (4, "1 try left")] {
        let wrong = browser.submit(&pin_page, &choose, &[("pin", "0000")]).await;
        assert_eq!(wrong.status, 401, "attempt {attempt}");
        assert!(wrong.body.contains(says), "attempt {attempt} says how many tries are left: {says}");
    }
    let fifth = browser.submit(&pin_page, &choose, &[("pin", "0000")]).await;
    assert_eq!(fifth.status, 429, "the fifth wrong PIN locks the profile for a while");
    assert!(fifth.body.contains("Too many wrong PINs. Try again in "), "it says when to try again");
    let after = browser.submit(&pin_page, &choose, &[("pin", "2580")]).await;
    assert_eq!(after.status, 429, "even the right PIN waits after five wrong ones");
    assert!(after.body.contains("Too many wrong PINs"));
}

#[tokio::test]
async fn the_chosen_profile_is_per_device() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let laptop = WebClient::new(&app);
    laptop.sign_in_and_choose("ada@example.org").await;
    laptop.submit("/profiles/manage", "/profiles", &[("name", "Kids"), ("password", PASSWORD)]).await;
    let kids = profile_ids(&laptop.get("/profiles").await)[1].clone();
    let tablet = WebClient::new(&app);
    tablet.sign_in("ada@example.org", true).await;
    let csrf = tablet.get("/profiles").await.csrf();
    tablet.post(&format!("/profiles/{kids}/choose"), &[("csrf", &csrf)]).await;
    assert!(tablet.get("/browse").await.body.contains("Welcome, Kids"));
    assert!(laptop.get("/browse").await.body.contains("Welcome, ada"), "the laptop keeps its own choice");
}

/// A device left at "Who's watching?" (say a living-room TV, the grown-ups' profiles locked) cannot
/// add itself a profile that sees adult titles: that needs the account password, as over the API.
/// A kids profile needs none.
#[tokio::test]
async fn adding_a_profile_that_is_not_for_kids_needs_the_password() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = WebClient::new(&app);
    tv.sign_in("ada@example.org", true).await;
    let manage = tv.get("/profiles/manage").await;
    assert!(manage.body.contains("name=\"password\""), "the form asks for the password");

    let without = tv.submit("/profiles/manage", "/profiles", &[("name", "Grown-up")]).await;
    assert_eq!(without.status, 401, "{}", without.body);
    assert!(without.body.contains("needs the account password"), "{}", without.body);
    assert!(without.body.contains("value=\"Grown-up\""), "the name typed is kept");
    let wrong =
        tv.submit("/profiles/manage", "/profiles", &[("name", "Grown-up"), ("password", "not it at all")]).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("That is not your account password."), "{}", wrong.body);
    assert_eq!(profile_ids(&tv.get("/profiles").await).len(), 1, "nothing was added");

    let kids = tv.submit("/profiles/manage", "/profiles", &[("name", "Milo"), ("kids", "on")]).await;
    assert_eq!(kids.location(), Some("/profiles/manage?saved=added"), "a kids profile needs no password");
    let grown = tv.submit("/profiles/manage", "/profiles", &[("name", "Grown-up"), ("password", PASSWORD)]).await;
    assert_eq!(grown.location(), Some("/profiles/manage?saved=added"));
    let manage = tv.get("/profiles/manage").await;
    assert!(manage.body.contains("Milo\n") || manage.body.contains("Milo<"), "{}", manage.body);
    assert_eq!(profile_ids(&manage).len(), 3);
    assert_eq!(manage.body.matches(" · Kids").count(), 1, "only Milo is a kids profile");
}
