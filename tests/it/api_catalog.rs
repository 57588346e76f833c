//! The catalog through the API: profiles to watch as, lists with cursors, search, a title's seasons,
//! progress and My List, all within the profile's maturity level.

use serde_json::{Value, json};

use crate::support::{PASSWORD, error_code, scan_demo_library, spawn_app};

/// An app signed in, watching as the account's first profile, over the scanned demo library.
async fn watching() -> (crate::support::TestApp, String) {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("viewer@example.com").await;
    let token = app.sign_in("viewer@example.com", "Living room TV", "tv").await;
    let profiles: Value = app.get("/api/v1/profiles", &token).await.json().await.unwrap();
    let id = profiles[0]["id"].as_str().unwrap().to_string();
    let selected =
        app.client.post(app.url(&format!("/api/v1/profiles/{id}/select"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(selected.status(), 204);
    (app, token)
}

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200, "expected 200");
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_catalog_needs_a_profile_and_pages_through_every_title() {
    let app = spawn_app().await;
    scan_demo_library(app.store.store.as_ref()).await;
    app.create_account("pager@example.com").await;
    let token = app.sign_in("pager@example.com", "Phone", "mobile").await;
    assert_eq!(error_code(app.get("/api/v1/catalog", &token).await, 409).await, "profile_required");
    assert_eq!(error_code(app.get("/api/v1/catalog", "not-a-token").await, 401).await, "unauthenticated");

    let profiles: Value = json_of(app.get("/api/v1/profiles", &token).await).await;
    assert_eq!(profiles.as_array().unwrap().len(), 1, "the first profile is made on first use");
    assert_eq!(profiles[0]["maturity"], "all");
    assert_eq!(profiles[0]["locked"], false);
    let id = profiles[0]["id"].as_str().unwrap();
    let selected =
        app.client.post(app.url(&format!("/api/v1/profiles/{id}/select"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(selected.status(), 204);

    let all: Value = json_of(app.get("/api/v1/catalog?limit=200", &token).await).await;
    let total = all["titles"].as_array().unwrap().len();
    assert!(total >= 13, "the demo has at least a dozen titles, got {total}");
    assert!(all["next"].is_null());
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Value = json_of(app.get(&format!("/api/v1/catalog?limit=4&cursor={cursor}"), &token).await).await;
        for title in page["titles"].as_array().unwrap() {
            seen.push(title["id"].as_str().unwrap().to_string());
        }
        match page["next"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (total, total), "every title once across pages");

    let shows: Value = json_of(app.get("/api/v1/catalog?kind=show", &token).await).await;
    let shows = shows["titles"].as_array().unwrap();
    assert_eq!(shows.len(), 2);
    assert!(shows.iter().all(|t| t["kind"] == "show" && t["media_id"].is_null()));
    let movies: Value = json_of(app.get("/api/v1/catalog?kind=movie&genre=Animation", &token).await).await;
    for movie in movies["titles"].as_array().unwrap() {
        assert!(movie["media_id"].is_string(), "a movie has a file to play");
        assert!(movie["genres"].as_array().unwrap().contains(&json!("Animation")));
        assert!(movie["poster_url"].as_str().unwrap().starts_with("/api/v1/titles/"));
    }

    assert_eq!(error_code(app.get("/api/v1/catalog?cursor=garbage", &token).await, 400).await, "invalid_cursor");
    assert_eq!(error_code(app.get("/api/v1/catalog?limit=0", &token).await, 400).await, "invalid_limit");
    assert_eq!(error_code(app.get("/api/v1/catalog?kind=music", &token).await, 400).await, "invalid_kind");
}

#[tokio::test]
async fn search_forgives_case_and_accents_and_titles_list_their_seasons() {
    let (app, token) = watching().await;
    let found: Value = json_of(app.get("/api/v1/search?q=CAFE%20etoiles", &token).await).await;
    assert_eq!(found["titles"][0]["name"], "Café des Étoiles");
    let empty: Value = json_of(app.get("/api/v1/search?q=", &token).await).await;
    assert!(empty["titles"].as_array().unwrap().is_empty());
    let long = "a".repeat(101);
    assert_eq!(error_code(app.get(&format!("/api/v1/search?q={long}"), &token).await, 400).await, "invalid_query");

    let harbour: Value = json_of(app.get("/api/v1/search?q=harbour", &token).await).await;
    let id = harbour["titles"][0]["id"].as_str().unwrap();
    let show: Value = json_of(app.get(&format!("/api/v1/titles/{id}"), &token).await).await;
    assert_eq!(show["name"], "Harbour Lights");
    assert!(show["plot"].as_str().is_some_and(|p| !p.is_empty()));
    let seasons = show["seasons"].as_array().unwrap();
    assert_eq!(seasons.iter().map(|s| s["number"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(seasons[0]["episodes"].as_array().unwrap().len(), 3);
    assert_eq!(seasons[0]["episodes"][0]["number"], 1);
    assert!(seasons[0]["episodes"][0]["name"].is_string());
    assert!(show["cast"].as_array().is_some_and(|c| !c.is_empty()));

    let poster = app.get(&format!("/api/v1/titles/{id}/poster"), &token).await;
    assert_eq!(poster.status(), 200);
    assert_eq!(poster.headers()["content-type"], "image/jpeg");
    assert_eq!(error_code(app.get("/api/v1/titles/not-an-id", &token).await, 404).await, "not_found");
    let stranger = uuid::Uuid::now_v7();
    assert_eq!(error_code(app.get(&format!("/api/v1/titles/{stranger}"), &token).await, 404).await, "not_found");
}

#[tokio::test]
async fn progress_and_my_list_are_saved_per_profile() {
    let (app, token) = watching().await;
    let harbour: Value = json_of(app.get("/api/v1/search?q=harbour", &token).await).await;
    let id = harbour["titles"][0]["id"].as_str().unwrap().to_string();
    let show: Value = json_of(app.get(&format!("/api/v1/titles/{id}"), &token).await).await;
    let episode = show["seasons"][0]["episodes"][1]["media_id"].as_str().unwrap().to_string();
    let put = |body: Value| {
        app.client.put(app.url(&format!("/api/v1/media/{episode}/progress"))).bearer_auth(&token).json(&body).send()
    };
    assert_eq!(put(json!({"position_seconds": 3.5})).await.unwrap().status(), 204);
    for bad in [
        json!({"position_seconds": -1}),
        json!({"position_seconds": "soon"}),
        json!({"position_seconds": 1e9}),
        json!({}),
    ] {
        let code = error_code(put(bad.clone()).await.unwrap(), 400).await;
        assert!(["invalid_position", "invalid_json", "invalid_request"].contains(&code.as_str()), "{bad} gave {code}");
    }
    for closing in [json!("yes"), json!(1), json!([true])] {
        let bad = json!({"position_seconds": 9, "closing": closing});
        assert_eq!(error_code(put(bad).await.unwrap(), 400).await, "invalid_closing");
    }
    let show: Value = json_of(app.get(&format!("/api/v1/titles/{id}"), &token).await).await;
    assert_eq!(show["seasons"][0]["episodes"][1]["progress_seconds"], 3.5, "a bad report changed nothing");

    let my_list = |method: reqwest::Method, title: &str| {
        app.client.request(method, app.url(&format!("/api/v1/my-list/{title}"))).bearer_auth(&token).send()
    };
    assert_eq!(my_list(reqwest::Method::PUT, &id).await.unwrap().status(), 204);
    assert_eq!(my_list(reqwest::Method::PUT, &id).await.unwrap().status(), 204, "twice is harmless");
    assert_eq!(my_list(reqwest::Method::DELETE, &id).await.unwrap().status(), 204);
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(error_code(my_list(reqwest::Method::PUT, &unknown).await.unwrap(), 404).await, "not_found");
}

#[tokio::test]
async fn kids_profiles_never_see_titles_above_their_level() {
    let (app, token) = watching().await;
    let everything: Value = json_of(app.get("/api/v1/catalog?limit=200", &token).await).await;
    let rated_r =
        everything["titles"].as_array().unwrap().iter().find(|t| t["rating"] == "R").expect("an R title").clone();
    let unrated = everything["titles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rating"].is_null())
        .expect("an unrated title")
        .clone();

    let created = app
        .client
        .post(app.url("/api/v1/profiles"))
        .bearer_auth(&token)
        .json(&json!({"name": "Kiddo", "kids": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "a kids profile needs no password");
    let kid: Value = created.json().await.unwrap();
    assert_eq!((kid["kids"].as_bool(), kid["maturity"].as_str()), (Some(true), Some("older_kids")));
    let kid_id = kid["id"].as_str().unwrap();
    let selected = app
        .client
        .post(app.url(&format!("/api/v1/profiles/{kid_id}/select")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(selected.status(), 204);

    let kids: Value = json_of(app.get("/api/v1/catalog?limit=200", &token).await).await;
    let ratings: Vec<&str> =
        kids["titles"].as_array().unwrap().iter().map(|t| t["rating"].as_str().unwrap_or("none")).collect();
    assert!(!ratings.is_empty(), "kids see something");
    assert!(ratings.iter().all(|r| ["G", "PG", "TV-Y", "TV-Y7", "TV-G", "TV-PG"].contains(r)), "kids saw {ratings:?}");
    for hidden in [&rated_r, &unrated] {
        let title = hidden["id"].as_str().unwrap();
        assert_eq!(error_code(app.get(&format!("/api/v1/titles/{title}"), &token).await, 404).await, "not_found");
        assert_eq!(app.get(&format!("/api/v1/titles/{title}/poster"), &token).await.status(), 404);
    }
    let found: Value = json_of(app.get("/api/v1/search?q=quiet%20hours", &token).await).await;
    assert!(found["titles"].as_array().unwrap().is_empty(), "search hides it too");
    // A device watching as a kids profile cannot add profiles, password or not.
    let refused = app
        .client
        .post(app.url("/api/v1/profiles"))
        .bearer_auth(&token)
        .json(&json!({"name": "Grown-up", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(refused, 403).await, "kids_profile");
}

#[tokio::test]
async fn profiles_that_see_more_need_the_password() {
    let (app, token) = watching().await;
    let post = |body: Value| app.client.post(app.url("/api/v1/profiles")).bearer_auth(&token).json(&body).send();
    assert_eq!(error_code(post(json!({"name": "Alex"})).await.unwrap(), 400).await, "password_required");
    assert_eq!(
        error_code(post(json!({"name": "Alex", "password": "wrong password"})).await.unwrap(), 401).await,
        "invalid_credentials"
    );
    assert_eq!(
        error_code(post(json!({"name": "Kid", "kids": true, "maturity": "teens"})).await.unwrap(), 400).await,
        "invalid_maturity"
    );
    assert_eq!(error_code(post(json!({"name": "  "})).await.unwrap(), 400).await, "invalid_name");
    let alex = post(json!({"name": "Alex", "maturity": "teens", "password": PASSWORD})).await.unwrap();
    assert_eq!(alex.status(), 201);
    let alex: Value = alex.json().await.unwrap();
    assert_eq!((alex["maturity"].as_str(), alex["kids"].as_bool()), (Some("teens"), Some(false)));
    for name in ["Three", "Four", "Five"] {
        assert_eq!(post(json!({"name": name, "kids": true})).await.unwrap().status(), 201);
    }
    assert_eq!(error_code(post(json!({"name": "Six", "kids": true})).await.unwrap(), 409).await, "too_many_profiles");
    let unknown = uuid::Uuid::now_v7();
    let select = app
        .client
        .post(app.url(&format!("/api/v1/profiles/{unknown}/select")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(select, 404).await, "not_found");
}

#[tokio::test]
async fn a_locked_profile_is_selected_only_with_its_pin() {
    let (app, token) = watching().await;
    let account = app.store.store.account_by_email("viewer@example.com").await.unwrap().unwrap();
    let profiles: Value = json_of(app.get("/api/v1/profiles", &token).await).await;
    let id: uuid::Uuid = profiles[0]["id"].as_str().unwrap().parse().unwrap();
    let pin = marquee::auth::Password::presented("2580").unwrap();
    let hash = marquee::auth::PasswordHasher::new(1).hash(&pin).await.unwrap();
    app.store
        .store
        .set_profile_pin(&marquee::store::Actor::server(), account.id, id, Some(&hash), marquee::clock::now())
        .await
        .unwrap();

    let select = |body: Value| {
        app.client.post(app.url(&format!("/api/v1/profiles/{id}/select"))).bearer_auth(&token).json(&body).send()
    };
    let listed: Value = json_of(app.get("/api/v1/profiles", &token).await).await;
    assert_eq!(listed[0]["locked"], true);
    assert_eq!(error_code(select(json!({})).await.unwrap(), 403).await, "invalid_pin");
    assert_eq!(error_code(select(json!({"pin": "0000"})).await.unwrap(), 403).await, "invalid_pin");
    assert_eq!(select(json!({"pin": "2580"})).await.unwrap().status(), 204);
}
