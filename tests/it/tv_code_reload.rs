//! Reloading the TV's code screen, on SQLite and on PostgreSQL: the same code comes back, a page load is
//! not a poll (so the TV is never told to wait longer for it), and the page where the code is allowed
//! says how long ago it was really asked for.

use marquee::clock::Clock;

use crate::device_code::{EMAIL, phone};
use crate::support::{TestStore, spawn_app_on};
use crate::web_support::{Page, WebClient};

crate::on_both_test_stores!(reloading_the_code_screen_neither_slows_the_tv_nor_makes_its_code_look_older);

/// The code a TV page shows, like `BCDF-GHJK`.
fn shown_code(screen: &Page) -> String {
    let start = screen.body.find("data-user-code").expect("the code is shown");
    let code_start = screen.body[start..].find('>').unwrap() + start + 1;
    screen.body[code_start..code_start + 9].to_string()
}

/// When the activation page says `code` was asked for.
async fn asked(phone: &WebClient, code: &str) -> String {
    let confirm = phone.submit("/activate", "/activate", &[("code", code)]).await;
    assert_eq!(confirm.status, 200, "the code is found: {}", confirm.body);
    let marker = "<dd data-asked>";
    let start = confirm.body.find(marker).expect("when it was asked") + marker.len();
    let end = confirm.body[start..].find('<').unwrap() + start;
    confirm.body[start..end].to_string()
}

async fn reloading_the_code_screen_neither_slows_the_tv_nor_makes_its_code_look_older(store: TestStore) {
    let clock = Clock::default();
    let app = spawn_app_on(store, {
        let clock = clock.clone();
        move |settings| settings.clock = clock
    })
    .await;
    app.create_account(EMAIL).await;
    let tv = WebClient::new(&app);
    let first = tv.get("/tv").await;
    let code = shown_code(&first);
    assert_eq!(first.attribute("data-interval"), "5");
    for reload in 1..=3 {
        let again = tv.get("/tv").await;
        assert_eq!(shown_code(&again), code, "reload {reload} shows the same code");
        assert_eq!(again.attribute("data-interval"), "5", "reload {reload} does not make the TV wait longer");
    }
    let phone = phone(&app).await;
    assert_eq!(asked(&phone, &code).await, "Just now");

    // Two minutes on, the TV is reloaded: still the same code, its age told as it is.
    clock.advance(time::Duration::minutes(2));
    let later = tv.get("/tv").await;
    assert_eq!(shown_code(&later), code);
    assert_eq!(later.attribute("data-interval"), "5");
    let waiting = tv.post("/tv/poll", &[("csrf", &later.attribute("data-csrf"))]).await;
    assert!(waiting.body.contains("\"interval\":5"), "the page's own poll is not too soon: {}", waiting.body);
    assert_eq!(asked(&phone, &code).await, "2 minutes ago");
}
