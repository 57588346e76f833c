//! Signing in through nginx over HTTPS: the page sets `__Host-` cookies marked `Secure`, the form's
//! Origin is checked against the host the browser typed, and wrong passwords count against the
//! address nginx saw, not one the client claims.

use super::{Instances, Proxy, api_sign_in, client, client_from};
use crate::support::PASSWORD;
use crate::web_support::WebClient;

#[tokio::test]
async fn the_sign_in_page_sets_host_only_secure_cookies_and_checks_the_origin() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    instances.create_account("ada@example.org").await;
    let browser = WebClient::with_http(client(), &proxy.base);

    let form = browser.get("/signin").await;
    assert_eq!(form.status, 200);
    let pre_session = form.set_cookies();
    assert!(
        pre_session.iter().any(|c| c.starts_with("__Host-marquee_csrf=") && c.contains("Secure")),
        "{pre_session:?}"
    );

    // The form's Origin names the proxy's https address, and nothing else says it is same-origin.
    let csrf = form.csrf();
    let fields = [("email", "ada@example.org"), ("password", PASSWORD), ("csrf", csrf.as_str())];
    let foreign = browser.http.post(proxy.url("/signin")).header("origin", "https://evil.example").form(&fields);
    assert_eq!(foreign.send().await.unwrap().status(), 403, "a form from another site is refused");
    let signed_in = browser.http.post(proxy.url("/signin")).header("origin", &proxy.base).form(&fields);
    let signed_in = signed_in.send().await.unwrap();
    assert_eq!(signed_in.status(), 303, "signed in through nginx");
    assert_eq!(signed_in.headers()["location"], "/profiles");
    let cookies: Vec<&str> = signed_in.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    let session = cookies.iter().find(|c| c.starts_with("__Host-marquee_session=")).expect("a __Host- session cookie");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    assert!(!session.contains("Domain"), "host-only: {session}");
    assert!(!cookies.iter().any(|c| c.starts_with("marquee_session=")), "no plain cookie over HTTPS: {cookies:?}");

    // Every page after that, on whichever instance, knows the session.
    for _ in 0..2 {
        let who = browser.get("/profiles").await;
        assert_eq!(who.status, 200);
        assert!(who.body.contains("Who&#x27;s watching?") || who.body.contains("Who's watching?"));
    }
}

#[tokio::test]
async fn wrong_passwords_lock_the_address_nginx_saw_and_no_other() {
    let config = "failed_sign_ins_per_address = 3\nfailed_sign_ins_per_account = 100";
    let Some(instances) = Instances::start(config).await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    instances.create_account("ada@example.org").await;
    let (guesser, neighbour) = (client_from([127, 0, 0, 2]), client_from([127, 0, 0, 3]));
    let wrong = "not the password at all, sorry";

    // Each guess claims another address; nginx appends the real one, which is the one that counts.
    for n in 1..=3 {
        let claimed = format!("203.0.113.{n}");
        let guess = guesser.post(proxy.url("/api/v1/sessions")).header("x-forwarded-for", claimed);
        let body = serde_json::json!({"email": "ada@example.org", "password": wrong, "device_name": "TV", "device_kind": "tv"});
        assert_eq!(guess.json(&body).send().await.unwrap().status(), 401, "guess {n} is checked");
    }
    for _ in 0..2 {
        let locked = api_sign_in(&guesser, &proxy, "ada@example.org", PASSWORD).await;
        assert_eq!(locked.status(), 429, "127.0.0.2 is locked out on both instances");
        assert!(locked.headers().contains_key("retry-after"));
    }

    assert_eq!(api_sign_in(&neighbour, &proxy, "ada@example.org", wrong).await.status(), 401, "not 429");
    let signed_in = api_sign_in(&neighbour, &proxy, "ada@example.org", PASSWORD).await;
    assert_eq!(signed_in.status(), 201, "127.0.0.3 is not locked out");
    let token = signed_in.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let sessions = neighbour.get(proxy.url("/api/v1/sessions")).bearer_auth(&token).send().await.unwrap();
    let sessions: serde_json::Value = sessions.json().await.unwrap();
    assert_eq!(sessions[0]["ip"], "127.0.0.3", "the device list shows the client's address: {sessions}");
}
