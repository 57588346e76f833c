//! Browsing through the Jellyfin client API: library folders, lists with paging, sorting, search and
//! filters, shows with seasons and episodes, single items and art, within the profile's level.

use serde_json::{Value, json};

use crate::jellyfin_api::add_kids_and_locked;
use crate::jellyfin_support::{get, json_at, refused, signed_in, token, with_token};
use crate::support::{TestStore, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(an_app_browses_the_library);

#[tokio::test]
async fn an_app_streams_the_file_with_ranges_within_its_level() {
    streams().await;
}

fn names(page: &Value) -> Vec<String> {
    page["Items"].as_array().expect("Items").iter().map(|i| i["Name"].as_str().unwrap().to_string()).collect()
}

async fn an_app_browses_the_library(store: TestStore) {
    scan_demo_library(store.store.as_ref()).await;
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account("ada@example.org").await;
    let result = signed_in(&app, "ada@example.org").await;
    let (tok, user) = (token(&result), result["User"]["Id"].as_str().unwrap().to_string());

    // The folders, by either address.
    let views = json_at(&app, "/UserViews", &tok).await;
    assert_eq!(names(&views), ["Movies", "Shows", "Documentaries"]);
    assert_eq!(json_at(&app, &format!("/Users/{user}/Views"), &tok).await, views);
    let folder = |name: &str| {
        views["Items"].as_array().unwrap().iter().find(|v| v["Name"] == name).unwrap()["Id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(views["Items"][1]["CollectionType"], "tvshows");

    // A folder's titles in name order, a page at a time; the id with dashes works as well.
    let movies = folder("Movies");
    let all = json_at(&app, &format!("/Items?ParentId={movies}&SortBy=SortName"), &tok).await;
    assert_eq!(all["TotalRecordCount"], 7, "{all}");
    let page =
        json_at(&app, &format!("/Users/{user}/Items?parentId={movies}&sortBy=SortName&startIndex=2&limit=2"), &tok)
            .await;
    assert_eq!((page["TotalRecordCount"].as_u64(), page["StartIndex"].as_u64()), (Some(7), Some(2)));
    assert_eq!(names(&page), names(&all)[2..4]);
    let dashed = uuid::Uuid::parse_str(&movies).unwrap().to_string();
    assert_eq!(json_at(&app, &format!("/items?PARENTID={dashed}&SortBy=SortName"), &tok).await, all);
    let newest =
        json_at(&app, &format!("/Items?ParentId={movies}&SortBy=DateCreated&SortOrder=Descending&Limit=1"), &tok).await;
    assert_eq!(newest["Items"].as_array().unwrap().len(), 1);

    // One movie, its art and its place in search.
    let film = all["Items"].as_array().unwrap().iter().find(|i| i["Name"] == "Rocket Soup").expect("Rocket Soup");
    let film_id = film["Id"].as_str().unwrap();
    assert_eq!((film["Type"].as_str(), film["IsFolder"].as_bool()), (Some("Movie"), Some(false)));
    let one = json_at(&app, &format!("/Users/{user}/Items/{film_id}"), &tok).await;
    assert_eq!((one["Name"].as_str(), one["ProductionYear"].as_i64()), (Some("Rocket Soup"), Some(2018)));
    assert!(one["RunTimeTicks"].as_i64().unwrap_or(0) > 0 || one["RunTimeTicks"].is_null());
    let poster = get(&app, &format!("/Items/{film_id}/Images/Primary"), &tok).await;
    assert_eq!(poster.status(), 200);
    assert!(poster.headers()["content-type"].to_str().unwrap().starts_with("image/"));
    assert!(!poster.bytes().await.unwrap().is_empty());
    refused(get(&app, &format!("/Items/{film_id}/Images/Logo"), &tok).await, 404).await;
    // Apps load pictures as plain addresses: the tag this server signed for the item opens its art
    // without a token, and nothing else does.
    let tag = one["ImageTags"]["Primary"].as_str().expect("a picture tag").to_string();
    let plain = |path: String| app.client.get(app.url(&path)).send();
    let tagged = plain(format!("/Items/{film_id}/Images/Primary?tag={tag}&maxWidth=300")).await.unwrap();
    assert_eq!(tagged.status(), 200);
    assert!(tagged.headers()["content-type"].to_str().unwrap().starts_with("image/"));
    refused(plain(format!("/Items/{film_id}/Images/Primary")).await.unwrap(), 401).await;
    let forged = format!("{}p", "0".repeat(24));
    refused(plain(format!("/Items/{film_id}/Images/Primary?tag={forged}")).await.unwrap(), 401).await;
    let other = all["Items"].as_array().unwrap().iter().find(|i| i["Name"] != "Rocket Soup").unwrap();
    let other_id = other["Id"].as_str().unwrap();
    refused(plain(format!("/Items/{other_id}/Images/Primary?tag={tag}")).await.unwrap(), 401).await;
    // A token that is sent must be live: a signed-out app is told so even with a good tag.
    let with_dead_token = app
        .client
        .get(app.url(&format!("/Items/{film_id}/Images/Primary?tag={tag}")))
        .header("Authorization", with_token("mq_not-a-live-token"))
        .send()
        .await
        .unwrap();
    refused(with_dead_token, 401).await;
    let found = json_at(&app, "/Items?SearchTerm=rocket&Recursive=true&IncludeItemTypes=Movie", &tok).await;
    assert_eq!(names(&found), ["Rocket Soup"]);

    // A show: its seasons, a season's episodes, an episode, and art for each.
    let shows = json_at(&app, &format!("/Items?ParentId={}", folder("Shows")), &tok).await;
    let show = &shows["Items"][0];
    assert_eq!(show["Type"], "Series");
    let show_id = show["Id"].as_str().unwrap();
    let seasons = json_at(&app, &format!("/Shows/{show_id}/Seasons"), &tok).await;
    let season = &seasons["Items"][0];
    assert_eq!((season["Type"].as_str(), season["SeriesId"].as_str()), (Some("Season"), Some(show_id)));
    let season_id = season["Id"].as_str().unwrap();
    let episodes = json_at(&app, &format!("/Shows/{show_id}/Episodes?SeasonId={season_id}"), &tok).await;
    let count = episodes["TotalRecordCount"].as_u64().unwrap();
    assert!(count > 0);
    assert_eq!(json_at(&app, &format!("/Items?ParentId={season_id}"), &tok).await["TotalRecordCount"], count);
    assert_eq!(json_at(&app, &format!("/Items/{season_id}"), &tok).await["Name"], season["Name"]);
    let episode = &episodes["Items"][0];
    assert_eq!((episode["SeasonId"].as_str(), episode["Type"].as_str()), (Some(season_id), Some("Episode")));
    let episode_id = episode["Id"].as_str().unwrap();
    assert_eq!(json_at(&app, &format!("/Items/{episode_id}"), &tok).await["SeriesName"], show["Name"]);
    for id in [show_id, season_id, episode_id] {
        assert_eq!(get(&app, &format!("/Items/{id}/Images/Primary"), &tok).await.status(), 200, "art of {id}");
    }
    let latest = json_at(&app, &format!("/Users/{user}/Items/Latest?Limit=3"), &tok).await;
    assert_eq!(latest.as_array().unwrap().len(), 3, "a plain array: {latest}");

    // My List and Continue Watching, as Marquee keeps them, are the favourite and resumable filters.
    let saved = app.client.put(app.url(&format!("/api/v1/my-list/{film_id}"))).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(saved.status(), 204, "the app's token is a Marquee device session");
    let favourites = json_at(&app, "/Items?Filters=IsFavorite&Recursive=true", &tok).await;
    assert_eq!(names(&favourites), ["Rocket Soup"]);
    assert_eq!(favourites["Items"][0]["UserData"]["IsFavorite"], true);
    let progress = app.client.put(app.url(&format!("/api/v1/media/{episode_id}/progress"))).bearer_auth(&tok);
    assert_eq!(progress.json(&json!({"position_seconds": 3})).send().await.unwrap().status(), 204);
    let resumable = json_at(&app, "/Items?Filters=IsResumable&Recursive=true", &tok).await;
    assert_eq!(resumable["Items"][0]["Id"].as_str(), Some(episode_id), "{resumable}");
    assert_eq!(resumable["Items"][0]["UserData"]["PlaybackPositionTicks"], 30_000_000);
    assert_eq!(json_at(&app, "/UserItems/Resume", &tok).await["Items"], resumable["Items"]);
    assert_eq!(json_at(&app, &format!("/Users/{user}/Items/Resume?Limit=1"), &tok).await["TotalRecordCount"], 1);

    // Next up: nothing while the episode is under way (it is in Resume); once it is finished, the
    // episode after it, for that show and for no other.
    assert_eq!(json_at(&app, "/Shows/NextUp", &tok).await["TotalRecordCount"], 0);
    let finished = app.client.put(app.url(&format!("/api/v1/media/{episode_id}/progress"))).bearer_auth(&tok);
    let length = episode["RunTimeTicks"].as_f64().expect("the episode's length") / 10_000_000.0;
    let at_the_end = json!({"position_seconds": (length - 0.1).max(0.0)});
    assert_eq!(finished.json(&at_the_end).send().await.unwrap().status(), 204);
    let in_order = json_at(&app, &format!("/Shows/{show_id}/Episodes"), &tok).await;
    let after = in_order["Items"][1]["Id"].as_str().expect("a second episode");
    let next = json_at(&app, &format!("/Shows/NextUp?UserId={user}&Limit=5"), &tok).await;
    assert_eq!(next["TotalRecordCount"], 1, "{next}");
    assert_eq!((next["Items"][0]["Id"].as_str(), next["Items"][0]["SeriesId"].as_str()), (Some(after), Some(show_id)));
    assert_eq!(json_at(&app, &format!("/Shows/NextUp?SeriesId={show_id}"), &tok).await["Items"], next["Items"]);
    let elsewhere = json_at(&app, &format!("/Shows/NextUp?SeriesId={film_id}"), &tok).await;
    assert_eq!(elsewhere["TotalRecordCount"], 0);
    refused(get(&app, "/Shows/NextUp?SeriesId=garbage", &tok).await, 400).await;

    // Played and favourite marks from the app: they answer the item's UserData and are what
    // Marquee's own pages and lists show.
    let send = |method: reqwest::Method, path: String| {
        app.client.request(method, app.url(&path)).header("Authorization", with_token(&tok)).send()
    };
    let unplayed = send(reqwest::Method::DELETE, format!("/UserPlayedItems/{episode_id}")).await.unwrap();
    assert_eq!(unplayed.status(), 200);
    assert_eq!(unplayed.json::<Value>().await.unwrap()["Played"], false);
    assert_eq!(json_at(&app, "/Shows/NextUp", &tok).await["TotalRecordCount"], 0, "nothing finished now");
    let played = send(reqwest::Method::POST, format!("/Users/{user}/PlayedItems/{episode_id}")).await.unwrap();
    assert_eq!(played.json::<Value>().await.unwrap()["Played"], true);
    assert_eq!(json_at(&app, "/Shows/NextUp", &tok).await["Items"][0]["Id"].as_str(), Some(after));
    let dropped = send(reqwest::Method::DELETE, format!("/UserFavoriteItems/{film_id}")).await.unwrap();
    assert_eq!(dropped.json::<Value>().await.unwrap()["IsFavorite"], false);
    // A finished film says so in lists too, not only on its own, and the played filter finds it.
    let watched = send(reqwest::Method::POST, format!("/UserPlayedItems/{film_id}")).await.unwrap();
    assert_eq!(watched.json::<Value>().await.unwrap()["Played"], true);
    let played_films = json_at(&app, "/Items?Filters=IsPlayed&IncludeItemTypes=Movie&Recursive=true", &tok).await;
    assert_eq!(played_films["TotalRecordCount"], 1, "{played_films}");
    assert_eq!(played_films["Items"][0]["Id"].as_str(), Some(film_id));
    assert_eq!(played_films["Items"][0]["UserData"]["Played"], true);
    assert_eq!(json_at(&app, "/Items?Filters=IsFavorite&Recursive=true", &tok).await["TotalRecordCount"], 0);
    // An episode marks its show, as My List holds titles.
    let kept = send(reqwest::Method::POST, format!("/Users/{user}/FavoriteItems/{episode_id}")).await.unwrap();
    assert_eq!(kept.json::<Value>().await.unwrap()["IsFavorite"], true);
    let favourites = json_at(&app, "/Items?Filters=IsFavorite&Recursive=true", &tok).await;
    assert_eq!(favourites["Items"][0]["Id"].as_str(), Some(show_id), "{favourites}");
    let unknown = uuid::Uuid::now_v7().simple().to_string();
    refused(send(reqwest::Method::POST, format!("/UserPlayedItems/{unknown}")).await.unwrap(), 404).await;
    refused(send(reqwest::Method::POST, format!("/UserFavoriteItems/{movies}")).await.unwrap(), 400).await;
    refused(send(reqwest::Method::POST, format!("/Users/{unknown}/PlayedItems/{film_id}")).await.unwrap(), 404).await;

    // A kids profile sees only its level, in lists, single items and art.
    add_kids_and_locked(&app, account.id).await;
    let kid = token(&signed_in(&app, "ada@example.org/Kids").await);
    let everything = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie,Series", &tok).await;
    let for_kids = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie,Series", &kid).await;
    let ratings: Vec<&str> =
        for_kids["Items"].as_array().unwrap().iter().map(|i| i["OfficialRating"].as_str().unwrap_or("none")).collect();
    assert!(!ratings.is_empty(), "kids see something");
    assert!(ratings.iter().all(|r| ["G", "PG", "TV-Y", "TV-Y7", "TV-G", "TV-PG"].contains(r)), "kids saw {ratings:?}");
    let grown_up =
        everything["Items"].as_array().unwrap().iter().find(|i| i["OfficialRating"] == "R").expect("an R title");
    let hidden = grown_up["Id"].as_str().unwrap();
    refused(get(&app, &format!("/Items/{hidden}"), &kid).await, 404).await;
    refused(get(&app, &format!("/Items/{hidden}/Images/Primary"), &kid).await, 404).await;
    let searched =
        json_at(&app, &format!("/Items?SearchTerm={}&Recursive=true", grown_up["Name"].as_str().unwrap()), &kid).await;
    assert_eq!(searched["TotalRecordCount"], 0);
    assert!(
        json_at(&app, "/Items?Filters=IsResumable", &kid).await["Items"].as_array().unwrap().is_empty(),
        "per profile"
    );
}

async fn streams() {
    let store = crate::support::sqlite_store().await;
    scan_demo_library(store.store.as_ref()).await;
    let app = spawn_app_on(store, |_| {}).await;
    let account = app.create_account("ada@example.org").await;
    let tok = token(&signed_in(&app, "ada@example.org").await);
    let movies = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie", &tok).await;
    let film = movies["Items"].as_array().unwrap().iter().find(|i| i["Name"] == "Rocket Soup").unwrap();
    let film_id = film["Id"].as_str().unwrap();
    // The whole file, then a range of it, by either address the apps use.
    let whole = get(&app, &format!("/Videos/{film_id}/stream?static=true"), &tok).await;
    assert_eq!(whole.status(), 200);
    let length = whole.bytes().await.unwrap().len();
    assert!(length > 1000, "a real video: {length} bytes");
    let ranged = app
        .client
        .get(app.url(&format!("/videos/{film_id}/stream.mp4?Static=true")))
        .header("Authorization", crate::jellyfin_support::with_token(&tok))
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(ranged.status(), 206);
    assert_eq!(ranged.headers()["content-range"].to_str().unwrap(), format!("bytes 0-99/{length}"));
    assert_eq!(ranged.bytes().await.unwrap().len(), 100);
    // A playlist address must come from PlaybackInfo: it names the variant to make.
    refused(get(&app, &format!("/Videos/{film_id}/master.m3u8"), &tok).await, 400).await;
    // PlaybackInfo: the file plays as it is where the app's profile says it can, by the player's rule.
    let info = |id: String, body: serde_json::Value| {
        let request = app.client.post(app.url(&format!("/Items/{id}/PlaybackInfo")));
        request.header("Authorization", crate::jellyfin_support::with_token(&tok)).json(&body).send()
    };
    let plain: Value = info(film_id.to_string(), json!({})).await.unwrap().json().await.unwrap();
    let source = &plain["MediaSources"][0];
    assert_eq!(source["SupportsDirectPlay"], true, "{plain}");
    assert!(source["DirectStreamUrl"].as_str().unwrap().starts_with(&format!("/Videos/{film_id}/stream")));
    assert_eq!(plain.get("ErrorCode"), None);
    let orbit =
        movies["Items"].as_array().unwrap().iter().find(|i| i["Name"] == "The Last Orbit of Vesta Nine").unwrap();
    let orbit_id = orbit["Id"].as_str().unwrap().to_string();
    let baseline: Value = info(orbit_id.clone(), json!({})).await.unwrap().json().await.unwrap();
    // Not as it is, but remuxed: its sound made AAC.
    assert_eq!(
        (baseline["MediaSources"][0]["SupportsDirectPlay"].as_bool(), baseline.get("ErrorCode")),
        (Some(false), None)
    );
    assert!(baseline["MediaSources"][0]["TranscodingUrl"].as_str().unwrap().contains("remux-aac-a0"), "{baseline}");
    let streams = baseline["MediaSources"][0]["MediaStreams"].as_array().unwrap();
    assert!(streams.iter().any(|s| s["Type"] == "Audio" && s["Codec"] == "ac3"), "{baseline}");
    let profile = json!({"DeviceProfile": {"DirectPlayProfiles": [
        {"Type": "Video", "Container": "mkv,mp4", "VideoCodec": "h264,hevc", "AudioCodec": "aac,ac3,dts"}
    ]}});
    let capable: Value = info(orbit_id, profile).await.unwrap().json().await.unwrap();
    assert_eq!(capable["MediaSources"][0]["SupportsDirectPlay"], true, "{capable}");
    // Playback reports: bad ones are refused with words and change nothing; a stop is the resume point.
    let report = |path: &'static str, body: String| {
        let request = app.client.post(app.url(path)).header("Content-Type", "application/json");
        request.header("Authorization", crate::jellyfin_support::with_token(&tok)).body(body).send()
    };
    for bad in [
        "not json".to_string(),
        json!({"PositionTicks": 10}).to_string(),
        json!({"ItemId": "nothing", "PositionTicks": 10}).to_string(),
        json!({"ItemId": film_id, "PositionTicks": -5}).to_string(),
        json!({"ItemId": film_id}).to_string(),
    ] {
        refused(report("/Sessions/Playing/Progress", bad).await.unwrap(), 400).await;
    }
    let hidden_folder = json!({"ItemId": ids_of_views(&app, &tok).await, "PositionTicks": 10}).to_string();
    refused(report("/Sessions/Playing/Progress", hidden_folder).await.unwrap(), 400).await;
    let stopped =
        report("/Sessions/Playing/Stopped", json!({"ItemId": film_id, "PositionTicks": 20_000_000}).to_string());
    assert_eq!(stopped.await.unwrap().status(), 204);
    let resumed = json_at(&app, "/Items?Filters=IsResumable", &tok).await;
    assert_eq!(resumed["Items"][0]["UserData"]["PlaybackPositionTicks"], 20_000_000, "{resumed}");

    // A kids profile cannot stream what it cannot see; a signed-out app cannot stream at all.
    add_kids_and_locked(&app, account.id).await;
    let kid = token(&signed_in(&app, "ada@example.org/Kids").await);
    let all = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie", &tok).await;
    let grown_up = all["Items"].as_array().unwrap().iter().find(|i| i["OfficialRating"] == "R").unwrap();
    refused(get(&app, &format!("/Videos/{}/stream", grown_up["Id"].as_str().unwrap()), &kid).await, 404).await;
    let logout =
        app.client.post(app.url("/Sessions/Logout")).header("Authorization", crate::jellyfin_support::with_token(&tok));
    assert_eq!(logout.send().await.unwrap().status(), 204);
    refused(get(&app, &format!("/Videos/{film_id}/stream"), &tok).await, 401).await;
}

/// The id of the first library folder.
async fn ids_of_views(app: &crate::support::TestApp, tok: &str) -> String {
    json_at(app, "/UserViews", tok).await["Items"][0]["Id"].as_str().unwrap().to_string()
}
