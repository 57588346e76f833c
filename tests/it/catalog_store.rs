//! The catalog's storage, on SQLite and on PostgreSQL: scans' writes, reads within a maturity level,
//! progress, My List, and stream leases under a race.

use std::sync::Arc;

use marquee::domain::device::DeviceKind;
use marquee::store::catalog::{
    Catalog, LeaseOutcome, LeaseRequest, MediaFactsWrite, MediaWrite, SubtitleWrite, TitleOutcome, TitleQuery,
    TitleWrite,
};
use marquee::store::{NewAccount, NewProfile, NewSession, Store, StoreError};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

crate::on_both_backends!(
    libraries_are_unique_and_removing_one_removes_its_titles,
    titles_are_read_within_a_maturity_level,
    filters_combine_and_genres_follow_a_rewritten_rating,
    rescans_keep_ids_and_moved_files_keep_their_history,
    pages_of_titles_cover_the_catalog_once,
    progress_and_my_list_belong_to_one_profile,
    concurrent_players_never_exceed_the_stream_limit,
);

fn now() -> OffsetDateTime {
    marquee::clock::now()
}

fn file(path: &str, season: Option<i64>, episode: Option<i64>) -> MediaWrite {
    MediaWrite {
        path: path.into(),
        size: 1000,
        modified_ns: 1,
        fingerprint: Some(format!("fp-{path}")),
        moved_from: None,
        season,
        episode,
        episode_end: None,
        name: episode.map(|e| format!("Episode {e}")),
        plot: None,
        version: None,
        thumb: None,
        facts: Some(MediaFactsWrite {
            container: Some("mp4".into()),
            duration_seconds: Some(600.0),
            video_codec: Some("h264".into()),
            audio_codec: Some("aac".into()),
            width: Some(640),
            height: Some(360),
            ..MediaFactsWrite::default()
        }),
        subtitles: vec![SubtitleWrite {
            path: format!("{path}.en.srt"),
            language: Some("en".into()),
            forced: false,
            sdh: false,
        }],
    }
}

fn title(folder: &str, name: &str, kind: &str, maturity: i64, genres: &[&str], files: Vec<MediaWrite>) -> TitleWrite {
    let sort_name = marquee::catalog::text::sort_name(name);
    TitleWrite {
        folder: folder.into(),
        kind: kind.into(),
        signature: format!("sig-{folder}"),
        name: name.into(),
        sort_name,
        year: Some(2020),
        plot: Some(format!("The plot of {name}.")),
        certification: None,
        maturity,
        runtime_seconds: Some(600),
        imdb_id: None,
        genres: genres.iter().map(|g| g.to_string()).collect(),
        cast_json: r#"[{"name":"Ana Pérez","role":"Lead"}]"#.into(),
        poster: None,
        backdrop: None,
        search_text: marquee::catalog::text::search_text(name, genres.iter().copied().chain(["Ana Pérez"])),
        files,
    }
}

/// A library with: a film for everyone (level 3), a kids' film (level 0) and a two-season show (level 2).
pub async fn sample(catalog: &dyn Catalog) -> Uuid {
    let library = catalog.add_library("/media/sample", "movies", now()).await.unwrap();
    let films = [
        title(
            "/media/sample/Night Train",
            "Night Train",
            "movie",
            3,
            &["Drama", "Thriller"],
            vec![file("/m/night.mp4", None, None)],
        ),
        title(
            "/media/sample/Little Fox",
            "The Little Fox",
            "movie",
            0,
            &["Family", "Animation"],
            vec![file("/m/fox.mp4", None, None)],
        ),
        title(
            "/media/sample/Harbour",
            "Café Harbour",
            "show",
            2,
            &["Drama"],
            vec![
                file("/m/h-s2e1.mp4", Some(2), Some(1)),
                file("/m/h-s1e2.mp4", Some(1), Some(2)),
                file("/m/h-s1e1.mp4", Some(1), Some(1)),
            ],
        ),
    ];
    for film in &films {
        assert_eq!(catalog.write_title(library.id, film, now()).await.unwrap(), TitleOutcome::Added);
    }
    library.id
}

async fn libraries_are_unique_and_removing_one_removes_its_titles(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    sample(catalog.as_ref()).await;
    let again = catalog.add_library("/media/sample", "shows", now()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "the same folder twice must be refused");
    assert_eq!(catalog.libraries().await.unwrap().len(), 1);
    assert_eq!(catalog.title_count().await.unwrap(), 3);
    assert!(catalog.remove_library("/media/sample").await.unwrap());
    assert!(!catalog.remove_library("/media/sample").await.unwrap());
    assert_eq!(catalog.title_count().await.unwrap(), 0);
}

async fn titles_are_read_within_a_maturity_level(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    sample(catalog.as_ref()).await;
    let all = TitleQuery { max_maturity: 3, limit: 10, ..TitleQuery::default() };
    let names: Vec<String> = catalog.list_titles(&all).await.unwrap().into_iter().map(|t| t.name).collect();
    // In name order, leading articles and accents aside.
    assert_eq!(names, ["Café Harbour", "The Little Fox", "Night Train"]);
    let kids = TitleQuery { max_maturity: 1, limit: 10, ..TitleQuery::default() };
    let kids: Vec<String> = catalog.list_titles(&kids).await.unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(kids, ["The Little Fox"]);
    let dramas = TitleQuery { genre: Some("Drama".into()), max_maturity: 3, limit: 10, ..TitleQuery::default() };
    assert_eq!(catalog.list_titles(&dramas).await.unwrap().len(), 2);
    let shows = TitleQuery { kind: Some("show".into()), max_maturity: 3, limit: 10, ..TitleQuery::default() };
    let shows = catalog.list_titles(&shows).await.unwrap();
    assert_eq!(shows.len(), 1);
    assert!(shows[0].media_id.is_none(), "a show has no single file to play");
    assert_eq!(catalog.genres(3).await.unwrap()[0], ("Drama".to_string(), 2));
    assert!(catalog.genres(0).await.unwrap().iter().all(|(g, _)| g == "Animation" || g == "Family"));

    let found = catalog.search(&["cafe".into()], 3, 10).await.unwrap();
    assert_eq!(found.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Café Harbour"]);
    let by_cast = catalog.search(&["ana".into(), "perez".into()], 3, 10).await.unwrap();
    assert_eq!(by_cast.len(), 3);
    assert!(catalog.search(&["cafe".into()], 1, 10).await.unwrap().is_empty(), "above the level: not found");
    assert!(catalog.search(&["100%".into()], 3, 10).await.unwrap().is_empty(), "wildcards match themselves");

    let show = &shows[0];
    assert!(catalog.title(show.id, 1).await.unwrap().is_none());
    let detail = catalog.title(show.id, 2).await.unwrap().expect("visible at its level");
    assert!(detail.cast_json.contains("Ana Pérez"));
    let episodes = catalog.title_media(show.id).await.unwrap();
    let order: Vec<(Option<i64>, Option<i64>)> = episodes.iter().map(|m| (m.season, m.episode)).collect();
    assert_eq!(order, [(Some(1), Some(1)), (Some(1), Some(2)), (Some(2), Some(1))]);
    assert!(catalog.media(episodes[0].id, 1).await.unwrap().is_none(), "a file above the level does not exist");
    let media = catalog.media(episodes[0].id, 3).await.unwrap().unwrap();
    assert_eq!((media.video_codec.as_deref(), media.width), (Some("h264"), Some(640)));
    assert_eq!(catalog.subtitles(media.id).await.unwrap()[0].language.as_deref(), Some("en"));
    assert_eq!(catalog.recently_added(3, 1).await.unwrap().len(), 1);
}

async fn filters_combine_and_genres_follow_a_rewritten_rating(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    let library = sample(catalog.as_ref()).await;
    let names = |query: TitleQuery| {
        let catalog = catalog.clone();
        async move { catalog.list_titles(&query).await.unwrap().into_iter().map(|t| t.name).collect::<Vec<_>>() }
    };
    let drama = |kind: Option<&str>| TitleQuery {
        kind: kind.map(str::to_string),
        genre: Some("Drama".into()),
        max_maturity: 3,
        limit: 10,
        ..TitleQuery::default()
    };
    assert_eq!(names(drama(Some("movie"))).await, ["Night Train"]);
    assert_eq!(names(drama(Some("show"))).await, ["Café Harbour"]);
    let first = catalog.list_titles(&TitleQuery { limit: 1, ..drama(None) }).await.unwrap();
    let after = Some((first[0].sort_name.clone(), first[0].id));
    assert_eq!(names(TitleQuery { after: after.clone(), ..drama(None) }).await, ["Night Train"]);
    assert!(names(TitleQuery { after, ..drama(Some("show")) }).await.is_empty(), "the cursor applies with a kind");

    // A rescan that rates the kids' film higher takes it out of the kids' genre counts at once.
    let rated = title(
        "/media/sample/Little Fox",
        "The Little Fox",
        "movie",
        2,
        &["Family", "Drama"],
        vec![file("/m/fox.mp4", None, None)],
    );
    assert_eq!(catalog.write_title(library, &rated, now()).await.unwrap(), TitleOutcome::Changed);
    assert!(catalog.genres(1).await.unwrap().is_empty());
    assert_eq!(catalog.genres(2).await.unwrap(), [("Drama".to_string(), 2), ("Family".to_string(), 1)]);
    assert_eq!(catalog.genres(3).await.unwrap()[0], ("Drama".to_string(), 3));
}

async fn rescans_keep_ids_and_moved_files_keep_their_history(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    let library = sample(catalog.as_ref()).await;
    let (account, profile) = viewer(store.as_ref(), "rescan@example.com").await;
    let night = catalog.search(&["night".into()], 3, 1).await.unwrap().remove(0);
    let media_id = night.media_id.unwrap();
    assert!(catalog.save_progress(profile, media_id, 120.0, false, now()).await.unwrap());

    // The same folder again, with changed facts: same title, same file.
    let mut again = title(
        "/media/sample/Night Train",
        "Night Train",
        "movie",
        3,
        &["Drama"],
        vec![file("/m/night.mp4", None, None)],
    );
    again.files[0].facts = None;
    assert_eq!(catalog.write_title(library, &again, now()).await.unwrap(), TitleOutcome::Changed);
    assert_eq!(
        catalog.list_titles(&TitleQuery { max_maturity: 3, limit: 10, ..TitleQuery::default() }).await.unwrap().len(),
        3
    );
    let kept = catalog.media(media_id, 3).await.unwrap().unwrap();
    assert_eq!(kept.duration_seconds, Some(600.0), "unchanged files keep their facts");

    // The file goes missing: the title is unavailable, the history stays.
    catalog.mark_missing(&[media_id], now()).await.unwrap();
    let gone = catalog.title(night.id, 3).await.unwrap().unwrap();
    assert!(!gone.summary.available);
    assert!(catalog.media(media_id, 3).await.unwrap().unwrap().missing);

    // It turns up renamed in a new folder: it keeps its id, and so the profile's place in it.
    let mut moved = file("/m/renamed/night-train.mp4", None, None);
    moved.moved_from = Some(media_id);
    let renamed = title("/media/sample/Night Train (2019)", "Night Train", "movie", 3, &["Drama"], vec![moved]);
    assert_eq!(catalog.write_title(library, &renamed, now()).await.unwrap(), TitleOutcome::Added);
    let back = catalog.media(media_id, 3).await.unwrap().expect("same id");
    assert!(!back.missing);
    assert_eq!(back.path, "/m/renamed/night-train.mp4");
    let progress = catalog.title_progress(profile, back.title_id).await.unwrap();
    assert_eq!(progress.len(), 1);
    assert_eq!(progress[0].position_seconds, 120.0);
    // The old folder's title has nothing left: the scan's end removes it rather than showing a ghost.
    assert!(catalog.title(night.id, 3).await.unwrap().is_some());
    catalog.finish_scan(library, now()).await.unwrap();
    assert!(catalog.title(night.id, 3).await.unwrap().is_none());
    assert!(catalog.title(back.title_id, 3).await.unwrap().is_some());
    let _ = account;
}

async fn pages_of_titles_cover_the_catalog_once(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    let library = catalog.add_library("/media/many", "movies", now()).await.unwrap();
    for i in 0..25 {
        // Several share a name, so the cursor must break ties by id.
        let name = format!("Film {}", i % 7);
        let write = title(
            &format!("/media/many/{i}"),
            &name,
            "movie",
            3,
            &[],
            vec![file(&format!("/m/many/{i}.mp4"), None, None)],
        );
        catalog.write_title(library.id, &write, now()).await.unwrap();
    }
    let mut seen = std::collections::HashSet::new();
    let mut after = None;
    loop {
        let page = catalog
            .list_titles(&TitleQuery { max_maturity: 3, after: after.clone(), limit: 4, ..TitleQuery::default() })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        for title in &page {
            assert!(seen.insert(title.id), "{} came twice", title.name);
        }
        let last = page.last().unwrap();
        after = Some((last.sort_name.clone(), last.id));
    }
    assert_eq!(seen.len(), 25);
}

async fn progress_and_my_list_belong_to_one_profile(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    sample(catalog.as_ref()).await;
    let (_, profile) = viewer(store.as_ref(), "progress@example.com").await;
    let (_, other) = viewer(store.as_ref(), "other@example.com").await;
    let titles =
        catalog.list_titles(&TitleQuery { max_maturity: 3, limit: 10, ..TitleQuery::default() }).await.unwrap();
    let show = titles.iter().find(|t| t.kind == "show").unwrap();
    let episodes = catalog.title_media(show.id).await.unwrap();
    let t0 = now();
    catalog.save_progress(profile, episodes[0].id, 590.0, true, t0).await.unwrap();
    catalog.save_progress(profile, episodes[1].id, 42.0, false, t0 + Duration::seconds(5)).await.unwrap();
    assert!(!catalog.save_progress(profile, Uuid::now_v7(), 1.0, false, t0).await.unwrap(), "no such file");
    let resume = catalog.continue_watching(profile, 3, 10).await.unwrap();
    assert_eq!(
        (resume[0].resume_media_id, resume[0].position_seconds, resume[0].watched),
        (episodes[1].id, 42.0, false)
    );
    assert_eq!(
        (resume[1].resume_media_id, resume[1].watched),
        (episodes[0].id, true),
        "a finished episode, for Up Next"
    );
    let film = titles.iter().find(|t| t.kind == "movie" && t.maturity == 3).unwrap();
    catalog.save_progress(profile, film.media_id.unwrap(), 599.0, true, t0).await.unwrap();
    let resume = catalog.continue_watching(profile, 3, 10).await.unwrap();
    assert!(resume.iter().all(|p| p.title.id != film.id), "a watched movie leaves Continue Watching");
    assert!(catalog.continue_watching(profile, 1, 10).await.unwrap().is_empty(), "within the level only");
    assert!(catalog.continue_watching(other, 3, 10).await.unwrap().is_empty(), "another profile's progress is its own");

    assert!(catalog.set_in_my_list(profile, show.id, true, t0).await.unwrap());
    assert!(catalog.set_in_my_list(profile, show.id, true, t0).await.unwrap(), "adding twice is harmless");
    assert!(catalog.in_my_list(profile, show.id).await.unwrap());
    assert!(!catalog.in_my_list(other, show.id).await.unwrap());
    assert_eq!(catalog.my_list(profile, 3, 10).await.unwrap().len(), 1);
    assert!(!catalog.set_in_my_list(profile, Uuid::now_v7(), true, t0).await.unwrap());
    assert!(catalog.set_in_my_list(profile, show.id, false, t0).await.unwrap());
    assert!(catalog.my_list(profile, 3, 10).await.unwrap().is_empty());
}

async fn concurrent_players_never_exceed_the_stream_limit(store: Arc<dyn Store>) {
    let catalog = store.catalog();
    sample(catalog.as_ref()).await;
    let (account, profile) = viewer(store.as_ref(), "streams@example.com").await;
    let media = catalog.search(&["night".into()], 3, 1).await.unwrap()[0].media_id.unwrap();
    let mut sessions = Vec::new();
    for i in 0..8u8 {
        sessions.push(session(store.as_ref(), account, i).await);
    }
    let started = now();
    let tasks: Vec<_> = sessions
        .iter()
        .map(|session_id| {
            let catalog = catalog.clone();
            let request = LeaseRequest {
                session_id: *session_id,
                account_id: account,
                profile_id: Some(profile),
                media_id: media,
                now: started,
                expires_at: started + Duration::seconds(60),
                limit: 2,
            };
            tokio::spawn(async move { catalog.start_stream(&request).await.unwrap() })
        })
        .collect();
    let mut granted = 0;
    for task in tasks {
        if matches!(task.await.unwrap(), LeaseOutcome::Granted) {
            granted += 1;
        }
    }
    assert_eq!(granted, 2, "exactly the limit may play at once");
    let playing = catalog.active_streams(account, started).await.unwrap();
    assert_eq!(playing.len(), 2);
    assert_eq!(playing[0].title_name, "Night Train");

    // A playing device renews its own lease without counting twice; another is refused and told who plays.
    let renew = LeaseRequest {
        session_id: playing[0].session_id,
        account_id: account,
        profile_id: Some(profile),
        media_id: media,
        now: started,
        expires_at: started + Duration::seconds(60),
        limit: 2,
    };
    assert!(matches!(catalog.start_stream(&renew).await.unwrap(), LeaseOutcome::Granted));
    let waiting = sessions.iter().find(|s| !playing.iter().any(|p| p.session_id == **s)).unwrap();
    let refused = catalog.start_stream(&LeaseRequest { session_id: *waiting, ..renew.clone() }).await.unwrap();
    match refused {
        LeaseOutcome::TooMany(others) => assert_eq!(others.len(), 2),
        LeaseOutcome::Granted => panic!("a third device must be refused"),
    }
    // Stopping one frees a place; a lapsed lease frees one too.
    assert!(catalog.end_stream(account, playing[0].session_id).await.unwrap());
    assert!(matches!(
        catalog.start_stream(&LeaseRequest { session_id: *waiting, ..renew.clone() }).await.unwrap(),
        LeaseOutcome::Granted
    ));
    let later = started + Duration::seconds(61);
    assert!(catalog.active_streams(account, later).await.unwrap().is_empty(), "leases lapse without renewal");
}

/// An account and its one profile: (account id, profile id).
pub async fn viewer(store: &dyn Store, email: &str) -> (Uuid, Uuid) {
    let account = store
        .create_account(NewAccount {
            email: email.into(),
            display_name: "Viewer".into(),
            password_hash: "not-a-real-hash".into(),
            created_at: now(),
        })
        .await
        .unwrap();
    let profile = store
        .create_profile(
            NewProfile {
                account_id: account.id,
                name: "Viewer".into(),
                avatar: "sky".into(),
                is_kids: false,
                created_at: now(),
            },
            5,
        )
        .await
        .unwrap()
        .unwrap();
    (account.id, profile.id)
}

async fn session(store: &dyn Store, account_id: Uuid, n: u8) -> Uuid {
    let created_at = now();
    let started = store
        .create_session(NewSession {
            account_id,
            token_hash: vec![n; 32],
            device_name: format!("Device {n}"),
            device_kind: DeviceKind::Browser,
            remember: true,
            created_at,
            ip: None,
            idle_timeout_secs: 3600,
            expires_at: created_at + Duration::days(1),
            credential_version: 1,
            max_per_account: 100,
            password_verified_at: created_at,
            device_code_hash: None,
            profile_id: None,
            app_device_id: None,
            lifetime: Default::default(),
            alert: None,
            passkey_id: None,
        })
        .await
        .unwrap()
        .expect("session starts");
    started.record.id
}
