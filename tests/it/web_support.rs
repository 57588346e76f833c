//! A cookie-keeping HTTP client that fills in forms the way a browser does, for the page tests.

use reqwest::header::{ACCEPT_LANGUAGE, HeaderMap, HeaderValue, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;

use crate::support::{PASSWORD, TestApp};

/// One browser: its own cookie jar; redirects are not followed, so tests can see them.
pub struct WebClient {
    pub http: reqwest::Client,
    pub base: String,
}

/// A page as received.
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    /// The first value of an HTML attribute on the page, such as `data-csrf`.
    pub fn attribute(&self, name: &str) -> String {
        let marker = format!("{name}=\"");
        let start = self.body.find(&marker).unwrap_or_else(|| panic!("the page has {name}")) + marker.len();
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_string()
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let start = self.body.find("name=\"csrf\" value=\"").expect("the page has a form with a CSRF token") + 19;
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_string()
    }
}

impl WebClient {
    pub fn new(app: &TestApp) -> Self {
        Self::with_headers(app, HeaderMap::new())
    }

    /// A browser whose every request asks for `languages` (`Accept-Language`), as a browser set to
    /// them does.
    pub fn asking_for(app: &TestApp, languages: &'static str) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static(languages));
        Self::with_headers(app, headers)
    }

    fn with_headers(app: &TestApp, headers: HeaderMap) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .user_agent("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36")
            .default_headers(headers)
            .build()
            .unwrap();
        Self { http, base: app.base.clone() }
    }

    /// A browser reaching Marquee at `base` (e.g. through a proxy) with a client of the caller's.
    pub fn with_http(http: reqwest::Client, base: &str) -> Self {
        Self { http, base: base.to_string() }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        page(response).await
    }

    /// Posts a form as a same-origin browser would (Origin and Sec-Fetch-Site set).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .form(fields)
            .send()
            .await
            .expect("POST");
        page(response).await
    }

    /// Fetches `form_page`, then posts `fields` plus its CSRF token to `action`.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(form_page).await.csrf();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(action, &all).await
    }

    /// Signs in through the sign-in page and lands on "Who's watching?".
    pub async fn sign_in(&self, email: &str, remember: bool) -> Page {
        let mut fields = vec![("email", email), ("password", PASSWORD)];
        if remember {
            fields.push(("remember", "on"));
        }
        let answer = self.submit("/signin", "/signin", &fields).await;
        assert_eq!(answer.status, 303, "sign-in redirects: {}", answer.body);
        assert_eq!(answer.location(), Some("/profiles"));
        answer
    }

    /// Signs in and chooses the first profile, landing on /browse.
    pub async fn sign_in_and_choose(&self, email: &str) {
        self.sign_in(email, true).await;
        self.choose_first_profile().await;
    }

    /// On "Who's watching?", chooses the first profile.
    pub async fn choose_first_profile(&self) {
        let who = self.get("/profiles").await;
        let start = who.body.find("action=\"/profiles/").expect("a profile to choose") + 8;
        let end = who.body[start..].find('"').unwrap() + start;
        let action = who.body[start..end].to_string();
        let chosen = self.post(&action, &[("csrf", &who.csrf())]).await;
        assert_eq!(chosen.location(), Some("/browse"));
    }
}

async fn page(response: reqwest::Response) -> Page {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_default();
    Page { status, headers, body }
}
