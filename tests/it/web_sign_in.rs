//! Signing in and out in a browser, and what protects it: cookies, CSRF, caching, throttling.

use crate::support::{PASSWORD, spawn_app, spawn_app_with};
use crate::web_support::WebClient;

#[tokio::test]
async fn the_landing_page_offers_sign_in_and_signed_in_pages_need_it() {
    let app = spawn_app().await;
    let browser = WebClient::new(&app);
    let landing = browser.get("/").await;
    assert_eq!(landing.status, 200);
    assert!(landing.body.contains("href=\"/signin\""), "a Sign In button");
    for path in ["/profiles", "/browse", "/account", "/profiles/manage", "/signout"] {
        let page = browser.get(path).await;
        assert_eq!((page.status, page.location()), (303, Some("/signin")), "{path} sends strangers to sign in");
    }
}

#[tokio::test]
async fn a_page_asked_with_the_wrong_method_says_so_in_words() {
    let app = spawn_app().await;
    let answer = app.client.delete(app.url("/account")).send().await.unwrap();
    assert_eq!(answer.status(), 405);
    assert!(answer.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(answer.text().await.unwrap().contains("This page cannot be used that way."));
}

#[tokio::test]
async fn signing_in_sets_a_strict_cookie_and_leads_to_whos_watching() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    let answer = browser.sign_in("ada@example.org", true).await;
    let cookie = answer.set_cookies().into_iter().find(|c| c.starts_with("marquee_session=")).expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP on a LAN must still work: {cookie}");
    let who = browser.get("/profiles").await;
    assert_eq!(who.status, 200);
    assert!(who.body.contains("Who's watching?"));
    assert!(who.body.contains("Manage Profiles"));
    assert_eq!(who.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn without_remember_me_the_cookie_ends_with_the_browser() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    let answer = browser.sign_in("ada@example.org", false).await;
    let cookie = answer.set_cookies().into_iter().find(|c| c.starts_with("marquee_session=")).unwrap();
    assert!(!cookie.contains("Max-Age") && !cookie.contains("Expires"), "a browser-session cookie: {cookie}");
}

#[tokio::test]
async fn behind_an_https_proxy_the_cookie_is_secure_and_host_bound() {
    let app = spawn_app_with(|settings| settings.trust_forwarded_for = true).await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    let form =
        browser.http.get(format!("{}/signin", app.base)).header("x-forwarded-proto", "https").send().await.unwrap();
    let pre = form.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(pre.iter().any(|c| c.starts_with("__Host-marquee_csrf=") && c.contains("Secure")), "{pre:?}");
    let body = form.text().await.unwrap();
    let start = body.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &body[start..start + body[start..].find('"').unwrap()];
    let answer = browser
        .http
        .post(format!("{}/signin", app.base))
        .header("x-forwarded-proto", "https")
        .form(&[("email", "ada@example.org"), ("password", PASSWORD), ("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    let cookie = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.contains("session="))
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("__Host-marquee_session=") && cookie.contains("Secure"), "{cookie}");

    // Over HTTPS only the prefixed name counts: the same token under the plain name (which a
    // neighbouring host could plant) signs nobody in.
    let token = cookie.split(';').next().unwrap().trim_start_matches("__Host-marquee_session=");
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let account_with = |name: &str| {
        no_redirects
            .get(format!("{}/account", app.base))
            .header("x-forwarded-proto", "https")
            .header("cookie", format!("{name}={token}"))
            .send()
    };
    assert_eq!(account_with("__Host-marquee_session").await.unwrap().status(), 200);
    let planted = account_with("marquee_session").await.unwrap();
    assert_eq!(planted.status(), 303, "a plain-named cookie is ignored over HTTPS");
    assert_eq!(planted.headers()["location"], "/signin");
}

#[tokio::test]
async fn wrong_details_keep_the_email_and_say_so_once() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    for email in ["ada@example.org", "nobody@example.org"] {
        let answer =
            browser.submit("/signin", "/signin", &[("email", email), ("password", "not the password, sorry")]).await;
        assert_eq!(answer.status, 401);
        assert!(answer.body.contains("do not match an account"), "{}", answer.body);
        assert!(answer.body.contains(&format!("value=\"{email}\"")), "the email stays in the form");
    }
}

#[tokio::test]
async fn too_many_failures_show_when_to_try_again() {
    let app = spawn_app_with(|settings| settings.throttle.per_account = 2).await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    for _ in 0..2 {
        browser.submit("/signin", "/signin", &[("email", "ada@example.org"), ("password", "wrong wrong wrong")]).await;
    }
    let throttled = browser.submit("/signin", "/signin", &[("email", "ada@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(throttled.status, 429);
    assert!(throttled.body.contains("Try again in"), "{}", throttled.body);
}

#[tokio::test]
async fn forms_without_the_right_token_or_from_another_site_change_nothing() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;

    let stale = browser
        .post("/account/personal", &[("name", "Mallory"), ("phone", ""), ("language", "en"), ("csrf", "stale")])
        .await;
    assert_eq!(stale.status, 403);
    assert!(stale.body.contains("This page has expired"), "{}", stale.body);
    let missing = browser.post("/account/personal", &[("name", "Mallory"), ("phone", ""), ("language", "en")]).await;
    assert_eq!(missing.status, 403);

    let token = browser.get("/account").await.csrf();
    let cross_site = browser
        .http
        .post(format!("{}/account/personal", app.base))
        .header("origin", "http://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("name", "Mallory"), ("phone", ""), ("language", "en"), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let account = browser.get("/account").await;
    assert!(!account.body.contains("Mallory"), "nothing changed");
}

#[tokio::test]
async fn signed_in_forms_refuse_the_sign_in_pages_token() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    // The sign-in page's token is the pre-session cookie's value; the cookie outlives the sign-in.
    let pre_session = browser.get("/signin").await.csrf();
    browser.sign_in_and_choose("ada@example.org").await;
    let before = browser.get("/account").await;
    assert!(before.body.contains("name=\"autoplay_next\" value=\"on\" checked"), "autoplay starts on");

    let refused = browser.post("/account/preferences", &[("csrf", pre_session.as_str())]).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("This page has expired"), "{}", refused.body);
    let after = browser.get("/account").await;
    assert!(after.body.contains("name=\"autoplay_next\" value=\"on\" checked"), "nothing changed");

    // Nor does the sign-in form take a signed-in page's token.
    let session_token = after.csrf();
    let signin = browser
        .post("/signin", &[("email", "ada@example.org"), ("password", PASSWORD), ("csrf", &session_token)])
        .await;
    assert_eq!(signin.status, 403);
    // The session's own token still works.
    let saved = browser.post("/account/preferences", &[("csrf", session_token.as_str())]).await;
    assert_eq!(saved.location(), Some("/account?saved=preferences#preferences"));
}

#[tokio::test]
async fn every_sign_in_is_a_new_session_and_replaces_the_old_one() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    // A second tab still shows the sign-in form while the first one signs in…
    let second_tab = browser.get("/signin").await.csrf();
    let first = browser.sign_in("ada@example.org", true).await.set_cookies();
    // …and then signs in again from it.
    let again = browser
        .post("/signin", &[("email", "ada@example.org"), ("password", PASSWORD), ("csrf", second_tab.as_str())])
        .await;
    assert_eq!(again.status, 303);
    let second = again.set_cookies();
    let value = |cookies: &Vec<String>| cookies.iter().find(|c| c.starts_with("marquee_session=")).cloned().unwrap();
    assert_ne!(value(&first), value(&second), "no session fixation: a new token at every sign-in");
    let api = app.sign_in("ada@example.org", "Phone", "mobile").await;
    let sessions: Vec<serde_json::Value> = app.get("/api/v1/sessions", &api).await.json().await.unwrap();
    assert_eq!(sessions.len(), 2, "the browser's earlier session ended when it signed in again");
}

#[tokio::test]
async fn signing_out_clears_the_cookie_and_what_the_browser_kept() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::new(&app);
    browser.sign_in_and_choose("ada@example.org").await;
    let confirm = browser.get("/signout").await;
    assert!(confirm.body.contains("Sign out of Marquee on this device?"));
    let answer = browser.post("/signout", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(answer.location(), Some("/signed-out"));
    assert!(answer.headers["clear-site-data"].to_str().unwrap().contains("\"cookies\""));
    assert!(answer.set_cookies().iter().any(|c| c.starts_with("marquee_session=") && c.contains("Max-Age=0")));
    let done = browser.get("/signed-out").await;
    assert!(done.body.contains("You've signed out"));
    assert_eq!(browser.get("/browse").await.location(), Some("/signin"));
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app().await;
    let browser = WebClient::new(&app);
    let page = browser.get("/signin").await;
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["referrer-policy"], "same-origin");
    assert!(!page.body.contains("<script>"), "no inline script");
    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Not found"));
    let traversal = browser.get("/static/..%2FCargo.toml").await;
    assert_eq!(traversal.status, 404);
    assert_eq!(browser.get("/static/marquee.css").await.status, 200);
}
