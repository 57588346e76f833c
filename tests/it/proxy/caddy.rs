//! Caddy as the README configures it: signing in through the page sets `__Host-` cookies marked
//! `Secure`, and an open page's event stream hears `signed-out` at once.

use std::time::Duration;

use super::{Instances, Proxy, client};
use crate::web_support::WebClient;

#[tokio::test]
async fn through_caddy_cookies_are_host_only_and_secure_and_sign_out_is_pushed() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::caddy(&instances).await else { return };
    instances.create_account("ada@example.org").await;
    let (laptop, phone) = (WebClient::with_http(client(), &proxy.base), WebClient::with_http(client(), &proxy.base));

    let signed_in = laptop.sign_in("ada@example.org", true).await;
    let cookies = signed_in.set_cookies();
    let session = cookies.iter().find(|c| c.starts_with("__Host-marquee_session=")).expect("a __Host- session cookie");
    assert!(session.contains("Secure") && session.contains("Path=/") && !session.contains("Domain"), "{session}");
    laptop.choose_first_profile().await;
    let mut events = laptop.http.get(proxy.url("/events")).send().await.unwrap();
    assert_eq!(events.status(), 200, "the page's event stream");

    phone.sign_in_and_choose("ada@example.org").await;
    let confirm = phone.get("/account/sign-out-all").await;
    let everywhere = phone.post("/account/sign-out-all", &[("csrf", &confirm.csrf())]).await;
    assert_eq!(everywhere.location(), Some("/signed-out"), "signed out of every device");

    let mut heard = String::new();
    let listen = async {
        while !heard.contains("signed-out") {
            let chunk = events.chunk().await.expect("the stream").expect("signed-out before the end");
            heard.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(Duration::from_secs(1), listen).await.expect("signed-out through Caddy within a second");
    assert_eq!(laptop.get("/browse").await.location().map(|l| l.starts_with("/signin")), Some(true));
}
