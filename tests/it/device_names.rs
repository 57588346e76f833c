//! The device list calls the device looking at it what it is, by its browser's User-Agent: "This
//! phone", "This tablet", "This computer".

use reqwest::redirect::Policy;

use crate::support::spawn_app;
use crate::web_support::WebClient;

const EMAIL: &str = "ada@example.org";

#[tokio::test]
async fn this_device_is_called_a_phone_a_tablet_or_a_computer() {
    let app = spawn_app().await;
    app.create_account(EMAIL).await;
    let devices = [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537.36",
            "This phone (127.0.0.1)",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1",
            "This tablet (127.0.0.1)",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36", "This computer (127.0.0.1)"),
    ];
    for (user_agent, called) in devices {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .user_agent(user_agent)
            .build()
            .expect("an HTTP client");
        let browser = WebClient::with_http(http, &app.base);
        browser.sign_in(EMAIL, true).await;
        let page = browser.get("/account").await;
        assert!(page.body.contains(called), "{user_agent} should read {called:?}");
        let this_row = page.body.find("device--this").expect("this device is listed");
        let row = &page.body[this_row..];
        let row = &row[..row.find("</li>").unwrap()];
        assert!(row.contains(called), "{called:?} is said of this device's own row");
    }
}
