//! Pages in the reader's language: the browser's `Accept-Language` before sign-in, the account's after.

use crate::support::{TestApp, spawn_app};
use crate::web_support::WebClient;

#[tokio::test]
async fn pages_before_sign_in_speak_the_browsers_language() {
    let app = spawn_app().await;

    let french = WebClient::asking_for(&app, "fr-CA,fr;q=0.9,en;q=0.5");
    let landing = french.get("/").await;
    assert!(landing.body.contains("<html lang=\"fr\""), "{}", landing.body);
    assert!(landing.body.contains("Vos films, séries et documentaires. Votre serveur."));
    assert!(landing.body.contains(">Se connecter</a>") && landing.body.contains("Aller au contenu"));
    assert!(!landing.body.contains("Sign In"), "no English left on the landing page");
    let signin = french.get("/signin").await;
    assert!(signin.body.contains("<html lang=\"fr\""));
    assert!(signin.body.contains("Marquee\u{a0}: votre propre service de streaming."), "the frame is French");

    let german = WebClient::asking_for(&app, "de-DE,de;q=0.9");
    let help = german.get("/help").await;
    assert!(help.body.contains("<html lang=\"de\"") && help.body.contains("<h1>Hilfe</h1>"));
    assert!(help.body.contains("wählen Sie <strong>Von Marquee abmelden</strong>"), "markup kept in the help");
    assert!(help.body.contains("<a href=\"/account#devices\">Konto → Zugriff und Geräte verwalten</a>"));

    let spanish = WebClient::asking_for(&app, "es");
    let missing = spanish.get("/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"es\"") && missing.body.contains("No se ha encontrado esa página."));
    assert!(spanish.get("/signed-out").await.body.contains("Has cerrado sesión"));

    for languages in ["ja", "", "*;q=nonsense"] {
        let page = WebClient::asking_for(&app, languages).get("/").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<html lang=\"en\""), "{languages:?} falls back to English");
        assert!(page.body.contains("Your movies, shows and documentaries. Your server."));
    }
    assert!(WebClient::new(&app).get("/").await.body.contains("Your movies, shows"), "no header: English");
}

#[tokio::test]
async fn a_signed_in_account_in_german_gets_german_pages_whatever_the_browser_asks() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let browser = WebClient::asking_for(&app, "fr");
    browser.sign_in("ada@example.org", true).await;
    let saved =
        browser.submit("/account", "/account/personal", &[("name", "Ada"), ("phone", ""), ("language", "de")]).await;
    assert_eq!(saved.status, 303, "{}", saved.body);

    let who = browser.get("/profiles").await;
    assert!(who.body.contains("<html lang=\"de\""), "{}", who.body);
    assert!(who.body.contains("Wer schaut gerade?") && who.body.contains("Profile verwalten"));
    assert!(!who.body.contains("Who's watching?") && !who.body.contains("Qui regarde"));

    let unnamed = browser.submit("/profiles/manage", "/profiles", &[("name", " "), ("kids", "on")]).await;
    assert_eq!(unnamed.status, 400);
    assert!(unnamed.body.contains("Geben Sie dem Profil einen Namen."), "the handler's words are German too");

    let account = browser.get("/account").await;
    assert!(account.body.contains("Gerade aktiv"), "the device list's times follow the language");
    assert!(account.body.contains("Dieser Computer (127.0.0.1)"));

    let gone = browser.get("/profiles/00000000-0000-0000-0000-000000000000/edit").await;
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("Dieses Profil wurde nicht gefunden."), "error pages too");
}

#[tokio::test]
async fn a_language_no_longer_offered_reads_as_english() {
    let app = spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let info = marquee::store::PersonalInfo {
        display_name: "Ada".into(),
        phone: None,
        language: "it".into(),
        time_zone: None,
    };
    let server = marquee::store::Actor::server();
    let changed =
        app.store.store.change_account(&server, account.id, marquee::store::AccountChange::PersonalInfo(&info));
    assert!(changed.await.unwrap(), "stored as an earlier Marquee could");
    let browser = WebClient::asking_for(&app, "es");
    browser.sign_in("ada@example.org", true).await;

    let who = browser.get("/profiles").await;
    assert_eq!(who.status, 200);
    assert!(who.body.contains("<html lang=\"en\"") && who.body.contains("Who's watching?"), "{}", who.body);
    let page = browser.get("/account").await;
    assert!(page.body.contains("<option value=\"en\" selected>English</option>"), "the list shows English");
    assert!(!page.body.contains("Italiano"), "and offers only languages Marquee speaks");

    let italian =
        browser.submit("/account", "/account/personal", &[("name", "Ada"), ("phone", ""), ("language", "it")]).await;
    assert_eq!(italian.status, 400, "a language not offered cannot be chosen again");
    let kept = app.store.store.account_by_id(account.id).await.unwrap().unwrap();
    assert_eq!(kept.language, "it", "and refusing it changes nothing");
}

/// A signed-in browser with a profile chosen, its account set to `language` on the Account page.
async fn signed_in_speaking(app: &TestApp, email: &str, language: &str) -> WebClient {
    app.create_account(email).await;
    let browser = WebClient::new(app);
    browser.sign_in_and_choose(email).await;
    let fields = [("name", "Ada"), ("phone", ""), ("language", language)];
    let saved = browser.submit("/account", "/account/personal", &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    browser
}

/// The first `href` on `body` that starts with `prefix`, after `marker`.
fn link_after(body: &str, marker: &str, prefix: &str) -> String {
    let from = body.find(marker).unwrap_or_else(|| panic!("{marker} is on the page"));
    let start = body[from..].find(&format!("href=\"{prefix}")).expect("a link") + from + "href=\"".len();
    let end = body[start..].find('"').unwrap() + start;
    body[start..end].to_string()
}

#[tokio::test]
async fn a_french_account_browses_searches_and_plays_in_french() {
    let app = spawn_app().await;
    crate::support::scan_demo_library(app.store.store.as_ref()).await;
    let browser = signed_in_speaking(&app, "ada@example.org", "fr").await;

    let home = browser.get("/browse").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<title>Accueil"), "{}", home.body);
    for row in ["Ajouts récents", "Films", "Séries", "Documentaires"] {
        assert!(home.body.contains(&format!(">{row}</h2>")), "the homepage has a {row} row");
    }
    assert!(home.body.contains("placeholder=\"Titres, personnes, genres\"") && home.body.contains(">Plus d’infos</a>"));
    assert!(!home.body.contains("Recently Added") && !home.body.contains("More info"), "no English rows");

    let search = browser.get("/search?q=harbour").await;
    assert!(search.body.contains("data-search-status>1 résultat</p>"), "counted in French: {}", search.body);
    let nothing = browser.get("/search?q=zzzz").await;
    assert!(
        nothing.body.contains("Aucun résultat") && nothing.body.contains("Rien ne correspond à «\u{a0}zzzz\u{a0}»")
    );

    let title = link_after(&search.body, "search-results", "/title/");
    let page = browser.get(&title).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<span>2 saisons</span>"), "the seasons are counted in French");
    assert!(page.body.contains(">Saison 1</h2>") && page.body.contains("▶ Lecture S1:E1"));
    assert!(page.body.contains(">+ Ma liste</button>"));
    assert!(page.body.contains("episode__duration muted\">20 s</span>"), "running times follow the language");
    assert!(!page.body.contains("Season 1") && !page.body.contains("20 sec"), "no English left");

    let watch = browser.get(&link_after(&page.body, "title-page__text", "/watch/")).await;
    assert_eq!(watch.status, 200);
    assert!(watch.body.contains("<title>Lecture\u{a0}: Harbour Lights, S1:E1"), "{}", watch.body);
    assert!(watch.body.contains(">Retour au titre</a>") && watch.body.contains(">Revoir</button>"));
    assert!(watch.body.contains(">Sans sous-titres</option>"));
    assert!(watch.body.contains("\"dans 1 seconde\",\"dans 2 secondes\""));
    assert!(!watch.body.contains("Watch again") && !watch.body.contains("Back to title"));
}

#[tokio::test]
async fn a_french_account_page_is_french_through_and_through() {
    let app = spawn_app().await;
    let browser = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let page = browser.get("/account?saved=personal").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Compte</h1>") && page.body.contains(">Informations personnelles</h2>"));
    assert!(page.body.contains("role=\"status\">Informations personnelles enregistrées.</p>"), "the notice too");
    assert!(page.body.contains(">Membre depuis</dt>") && page.body.contains(">Gérer l’accès et les appareils</h3>"));
    assert!(page.body.contains("Lire automatiquement l’épisode suivant"));
    assert!(page.body.contains("<span class=\"tag tag--current\">Cet appareil</span>"));
    assert!(page.body.contains("Ouvrez Marquee sur le téléviseur à l’adresse <strong>/tv</strong>"));
    assert!(page.body.contains(">Se déconnecter de tous les appareils</a>"));
    for english in ["Membership", "Member since", "Autoplay", "This device", "Delete account", "Change password"] {
        assert!(!page.body.contains(english), "no English left: {english}");
    }
}

#[tokio::test]
async fn the_tv_code_screen_and_activate_a_tv_speak_french() {
    let app = spawn_app().await;
    // The TV's code screen comes before any account: a TV set to French reads it in French, as it
    // does when a French account's TV is signed out and comes back to it.
    let tv = WebClient::asking_for(&app, "fr-FR,fr;q=0.9");
    let code = tv.get("/tv?reason=signed-out").await;
    assert_eq!(code.status, 200);
    assert!(code.body.contains("<h1>Se connecter sur ce téléviseur</h1>"), "{}", code.body);
    assert!(code.body.contains("Ce téléviseur a été déconnecté."), "the notice is French");
    assert!(code.body.contains("Saisissez ce code\u{a0}:") && code.body.contains("Choisissez <em>Autoriser</em>."));
    assert!(code.body.contains("Le code reste valable encore "), "its time left too");
    assert!(!code.body.contains("Sign in on this TV") && !code.body.contains("more minutes"));

    let phone = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let activate = phone.get("/activate").await;
    assert!(activate.body.contains("<h1>Activer un téléviseur</h1>") && activate.body.contains("8 lettres."));
}

#[tokio::test]
async fn the_sign_in_page_and_its_refusals_speak_the_browsers_language() {
    let app = spawn_app().await;
    app.create_account("ada@example.org").await;
    let french = WebClient::asking_for(&app, "fr");
    let page = french.get("/signin?reason=signed-out").await;
    assert!(page.body.contains("<h1>Se connecter</h1>") && page.body.contains("Rester connecté"), "{}", page.body);
    assert!(page.body.contains("Vous avez été déconnecté sur cet appareil."));
    assert!(!page.body.contains("Remember me"));
    let fields = [("email", "ada@example.org"), ("password", "not the password at all"), ("remember", "on")];
    let wrong = french.submit("/signin", "/signin", &fields).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("ne correspondent à aucun compte"), "{}", wrong.body);
}

#[tokio::test]
async fn one_device_too_many_is_told_so_in_french() {
    let app = crate::support::spawn_app_with(|settings| settings.streams_per_account = 1).await;
    crate::support::scan_demo_library(app.store.store.as_ref()).await;
    let first = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let second = WebClient::new(&app);
    second.sign_in_and_choose("ada@example.org").await;
    let results = first.get("/search?q=rocket%20soup").await;
    let title = first.get(&link_after(&results.body, "search-results", "/title/")).await;
    let watch = link_after(&title.body, "title-page__text", "/watch/");
    assert_eq!(first.get(&watch).await.status, 200);

    let refused = second.get(&watch).await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("Trop de personnes utilisent votre compte en ce moment"), "{}", refused.body);
    assert!(refused.body.contains("Votre compte peut lire sur 1 appareil à la fois"), "counted in French");
    assert!(
        refused.body.contains("regarde Rocket Soup") && refused.body.contains(">Arrêter la lecture là-bas</button>")
    );
}

#[tokio::test]
async fn a_french_phone_is_asked_in_french_whether_to_allow_a_tv() {
    let app = spawn_app().await;
    let tv = WebClient::asking_for(&app, "fr");
    let screen = tv.get("/tv").await;
    let start = screen.body.find("data-user-code").expect("a code on the TV");
    let code: String = screen.body[start..].split('>').nth(1).unwrap().chars().take_while(|c| *c != '<').collect();
    let phone = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let wrong = phone.submit("/activate", "/activate", &[("code", "BCDF-GHJK")]).await;
    assert!(wrong.body.contains("Aucun téléviseur n’affiche ce code en ce moment."), "{}", wrong.body);

    let confirm = phone.submit("/activate", "/activate", &[("code", code.trim())]).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("<h1>Connecter cet appareil\u{a0}?</h1>"), "{}", confirm.body);
    assert!(confirm.body.contains(">Téléviseur</dd>") && confirm.body.contains("(ce réseau)"));
    assert!(confirm.body.contains(">Autoriser</button>") && confirm.body.contains(">Refuser</button>"));
    let decision = [("code", code.trim()), ("decision", "allow")];
    let allowed = phone.submit("/activate", "/activate/decide", &decision).await;
    assert!(allowed.body.contains("<h1>C’est prêt</h1>"), "{}", allowed.body);
}

#[tokio::test]
async fn a_missing_title_or_video_is_said_in_french() {
    let app = spawn_app().await;
    let browser = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let title = browser.get("/title/00000000-0000-0000-0000-000000000000").await;
    assert_eq!(title.status, 404);
    assert!(title.body.contains("Ce titre est introuvable."), "{}", title.body);
    let video = browser.get("/watch/not-a-video").await;
    assert_eq!(video.status, 404);
    assert!(video.body.contains("Cette vidéo est introuvable."), "{}", video.body);
}

#[tokio::test]
async fn the_account_forms_refuse_in_french() {
    let app = spawn_app().await;
    let browser = signed_in_speaking(&app, "ada@example.org", "fr").await;

    let phone = [("name", "Ada"), ("phone", "call me"), ("language", "fr")];
    let refused = browser.submit("/account", "/account/personal", &phone).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Saisissez un numéro de téléphone de 6 à 15 chiffres"), "{}", refused.body);
    assert!(refused.body.contains("id=\"phone\" name=\"phone\" value=\"call me\""), "what was typed stays");
    assert!(!refused.body.contains("Enter a phone number"), "no English sentence");

    let email = [("email", "ada-at-home"), ("password", crate::support::PASSWORD)];
    let refused = browser.submit("/account", "/account/email", &email).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Saisissez une adresse e-mail de la forme nom@exemple.fr."), "{}", refused.body);
    assert!(!refused.body.contains("Enter an email address"), "no English sentence");

    let password = [("current", crate::support::PASSWORD), ("new", "court")];
    let refused = browser.submit("/account", "/account/password", &password).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Utilisez au moins 15 caractères\u{a0}: une courte phrase"), "{}", refused.body);
    assert!(!refused.body.contains("Use at least"), "no English sentence");

    let guessable = [("current", crate::support::PASSWORD), ("new", "qwertyuiopasdfghjkl")];
    let refused = browser.submit("/account", "/account/password", &guessable).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("Ce mot de passe est trop facile à deviner ("), "{}", refused.body);
    assert!(!refused.body.contains("easy to guess") && !refused.body.contains("commonly used"), "nor zxcvbn's");

    let kept = app.store.store.account_by_email("ada@example.org").await.unwrap().unwrap();
    assert_eq!(kept.phone, None, "refusing changes nothing");
}

#[tokio::test]
async fn forms_that_cannot_be_read_are_refused_in_the_readers_language() {
    let app = spawn_app().await;
    let browser = signed_in_speaking(&app, "ada@example.org", "fr").await;
    let csrf = browser.get("/account").await.csrf();
    let french_page = |page: &crate::web_support::Page, words: &str| {
        assert_eq!(page.status, 400, "{}", page.body);
        assert!(page.body.contains("<html lang=\"fr\""), "{}", page.body);
        assert!(page.body.contains("Quelque chose ne va pas") && page.body.contains(words), "{}", page.body);
        assert!(!page.body.contains("Something is not right") && !page.body.contains("The form"), "no English");
    };

    let twice = browser.post("/account/personal", &[("csrf", &csrf), ("csrf", &csrf)]).await;
    french_page(&twice, "Le formulaire n’a pas pu être lu.");
    let fields = [("csrf", csrf.as_str()), ("name", "Ada"), ("name", "Lovelace"), ("language", "fr")];
    let muddled = browser.post("/account/personal", &fields).await;
    french_page(&muddled, "Certains champs du formulaire manquaient ou n’ont pas été compris.");
    let huge = "a".repeat(64 * 1024);
    let too_large = browser.post("/account/personal", &[("csrf", &csrf), ("name", &huge)]).await;
    french_page(&too_large, "Le formulaire était trop volumineux ou n’a pas pu être lu.");
    let kept = app.store.store.account_by_email("ada@example.org").await.unwrap().unwrap();
    assert_eq!(kept.display_name, "Ada", "nothing was changed");

    let not_a_code = browser.submit("/activate", "/activate", &[("code", "AEIO-UAEI")]).await;
    assert_eq!(not_a_code.status, 400);
    assert!(not_a_code.body.contains("Ce n’est pas un code de téléviseur"), "{}", not_a_code.body);
    let short = browser.submit("/activate", "/activate", &[("code", "BCDF")]).await;
    assert!(short.body.contains("Un code a 8 lettres, comme BCDF-GHJK."), "{}", short.body);
    assert!(!short.body.contains("A code has 8 letters"), "no English");

    // Before sign-in, the browser's language says it.
    let stranger = WebClient::asking_for(&app, "fr");
    let token = stranger.get("/signin").await.csrf();
    let refused = stranger.post("/signin", &[("csrf", &token), ("email", "a"), ("email", "b")]).await;
    french_page(&refused, "Certains champs du formulaire manquaient ou n’ont pas été compris.");
}
