//! Headless Chromium for the browser tests: one shared chromedriver, at most two browsers at once,
//! each with its own profile, and helpers that say where the page was when something is missing.
// Helpers are written ahead of the tests that need them.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::{Semaphore, SemaphorePermit};

pub use fantoccini::cookies::Cookie;
pub use fantoccini::key::Key;

/// How long `wait_for*` and the element helpers keep looking before failing.
const PATIENCE: Duration = Duration::from_secs(5);
/// Browsers open at once in this process: the test machines have two cores.
const MAX_BROWSERS: usize = 2;

static SLOTS: Semaphore = Semaphore::const_new(MAX_BROWSERS);
/// The threads holding a slot, one entry per open browser (see [`Browser::open_all`]).
static HOLDERS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
static DRIVER: OnceLock<Option<Driver>> = OnceLock::new();

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewport {
    Desktop,
    Phone,
    Tv,
}

impl Viewport {
    /// Width and height of the page's viewport in CSS pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Viewport::Desktop => (1280, 800),
            Viewport::Phone => (360, 780),
            Viewport::Tv => (1920, 1080),
        }
    }
}

/// What a browser passes for: an ordinary desktop Chromium at a viewport's size, or, through
/// Chromium's own mobile emulation, a handheld or TV whose User-Agent, touch screen and pixel density
/// the pages see as they would on the real thing.
#[derive(Clone, Copy, Debug)]
pub enum Device {
    Plain(Viewport),
    Emulated { viewport: Viewport, user_agent: &'static str, touch: bool },
}

impl Device {
    /// An Android phone's Chrome, as a Pixel sends it.
    pub const ANDROID_PHONE: Device = Device::Emulated {
        viewport: Viewport::Phone,
        user_agent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) \
                     Chrome/126.0.0.0 Mobile Safari/537.36",
        touch: true,
    };

    /// chromedriver's `mobileEmulation` option, for an emulated device.
    fn mobile_emulation(self) -> Option<Value> {
        let Device::Emulated { viewport, user_agent, touch } = self else { return None };
        let (width, height) = viewport.size();
        Some(json!({
            "userAgent": user_agent,
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "mobile": touch, "touch": touch},
        }))
    }
}

/// Whether pages may run their JavaScript.
#[derive(Clone, Copy)]
enum Scripts {
    On,
    Off,
}

impl Scripts {
    /// Chromium profile preferences: content setting 2 blocks JavaScript on every site.
    fn prefs(self) -> Value {
        match self {
            Scripts::On => json!({}),
            Scripts::Off => json!({"profile.managed_default_content_settings.javascript": 2}),
        }
    }
}

/// The chromedriver of this test process, and the browser binary it starts.
struct Driver {
    port: u16,
    browser: PathBuf,
    _process: Child,
    /// Closing this pipe (which the OS does when this process exits, however it exits) kills chromedriver.
    _lifeline: ChildStdin,
}

fn driver() -> Option<&'static Driver> {
    DRIVER.get_or_init(start_driver).as_ref()
}

fn start_driver() -> Option<Driver> {
    let chromedriver = find_program(&["chromedriver"]);
    let browser = find_program(&["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]);
    let (Some(chromedriver), Some(browser)) = (chromedriver, browser) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromedriver and Chromium must be installed on CI (apt-get install chromium chromium-driver): \
             the browser tests may not be skipped"
        );
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    // A watcher subshell kills chromedriver once our end of its stdin closes; `exec` keeps chromedriver's
    // pid the one we hold.
    let mut process = Command::new("sh")
        .args(["-c", r#"exec 3<&0; (read -r _ <&3; kill $$) & exec "$0" --port="$1" --silent </dev/null 3<&-"#])
        .arg(&chromedriver)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start chromedriver");
    let lifeline = process.stdin.take().expect("chromedriver's stdin");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if http(port, "GET", "/status").is_ok_and(|status| status.contains(r#""ready":true"#)) {
            break;
        }
        if let Ok(Some(exit)) = process.try_wait() {
            panic!("chromedriver on port {port} exited at start: {exit}");
        }
        assert!(Instant::now() < deadline, "chromedriver did not answer on port {port} within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(Driver { port, browser, _process: process, _lifeline: lifeline })
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name))).find(|p| p.is_file())
}

/// A bare HTTP/1.1 request to chromedriver, usable outside any async runtime (in `Drop`). Returns the body.
fn http(port: u16, method: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n")?;
    // chromedriver keeps the connection open, so read exactly the Content-Length it announces.
    let mut response = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        response.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:")?.trim().parse().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return Ok(body.to_string());
            }
        }
    }
}

/// One headless Chromium with its own profile (cookies, storage), driven through WebDriver.
///
/// Dropping it (even while a failed test unwinds) quits the browser and frees its slot.
pub struct Browser {
    client: Client,
    session: String,
    port: u16,
    opener: ThreadId,
    closed: bool,
    _slot: SemaphorePermit<'static>,
    _profile: TempDir,
}

impl Browser {
    /// A fresh browser at `viewport`, or `None` when Chromium is not installed (never on CI).
    pub async fn open(viewport: Viewport) -> Option<Browser> {
        let [browser] = Browser::open_all([viewport]).await?;
        Some(browser)
    }

    /// A fresh browser whose pages run no JavaScript at all, as with scripts blocked by a person or
    /// an extension. WebDriver's own scripts (`execute`) still run, so the helpers keep working.
    pub async fn open_without_javascript(viewport: Viewport) -> Option<Browser> {
        let [browser] = Browser::open_with([Device::Plain(viewport)], Scripts::Off, &[]).await?;
        Some(browser)
    }

    /// A fresh browser whose system asks for less motion (`prefers-reduced-motion: reduce`), as a person
    /// who turned animations off does.
    pub async fn open_with_reduced_motion(viewport: Viewport) -> Option<Browser> {
        let [browser] =
            Browser::open_with([Device::Plain(viewport)], Scripts::On, &["--force-prefers-reduced-motion"]).await?;
        Some(browser)
    }

    /// Several independent browsers at once, e.g. two devices of one person.
    ///
    /// A test needing more than one browser must open them together here: a test holding one slot
    /// while waiting for another could deadlock with a parallel test doing the same, so opening a
    /// browser while this thread already has one open panics.
    pub async fn open_all<const N: usize>(viewports: [Viewport; N]) -> Option<[Browser; N]> {
        Browser::open_with(viewports.map(Device::Plain), Scripts::On, &[]).await
    }

    /// As [`Browser::open_all`], with any of them passing for a phone, tablet or TV (see [`Device`]).
    pub async fn open_all_as<const N: usize>(devices: [Device; N]) -> Option<[Browser; N]> {
        Browser::open_with(devices, Scripts::On, &[]).await
    }

    async fn open_with<const N: usize>(
        devices: [Device; N],
        scripts: Scripts,
        extra_args: &[&str],
    ) -> Option<[Browser; N]> {
        assert!(N <= MAX_BROWSERS, "at most {MAX_BROWSERS} browsers can be open at once");
        let driver = tokio::task::spawn_blocking(driver).await.unwrap_or_else(|e| panic::resume_unwind(e.into_panic()));
        let Some(driver) = driver else {
            eprintln!("chromedriver or Chromium is not installed: skipping this browser test");
            return None;
        };
        let opener = std::thread::current().id();
        let already_open = holders().contains(&opener);
        assert!(
            !already_open,
            "this test already has a browser open: open all of a test's browsers in one Browser::open_all"
        );
        let mut slots = SLOTS.acquire_many(N as u32).await.expect("the browser slots are never closed");
        let mut browsers = Vec::with_capacity(N);
        for device in devices {
            let slot = slots.split(1).expect("one slot per browser");
            browsers.push(Browser::start(driver, device, scripts, extra_args, opener, slot).await);
        }
        match browsers.try_into() {
            Ok(browsers) => Some(browsers),
            Err(_) => unreachable!("one browser per viewport"),
        }
    }

    async fn start(
        driver: &Driver,
        device: Device,
        scripts: Scripts,
        extra_args: &[&str],
        opener: ThreadId,
        slot: SemaphorePermit<'static>,
    ) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            // The player starts on its own, as it does for a person who pressed Play on the page before;
            // headless Chromium has no earlier visits to learn that from. Nothing is heard.
            "--autoplay-policy=no-user-gesture-required",
            "--mute-audio",
        ]
        .map(String::from)
        .into();
        args.extend(extra_args.iter().map(|arg| arg.to_string()));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut options = json!({"binary": driver.browser, "args": args, "prefs": scripts.prefs()});
        if let Some(emulation) = device.mobile_emulation() {
            options["mobileEmulation"] = emulation;
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "timeouts": {"pageLoad": 20_000, "script": 10_000},
            // The proxy tests serve HTTPS with a certificate made for the test, which no CA signed.
            "acceptInsecureCerts": true,
        });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::rustls()
            .expect("TLS roots")
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("start Chromium through chromedriver: {e}"));
        let session = client.session_id().await.ok().flatten().expect("a WebDriver session id");
        holders().push(opener);
        let browser =
            Browser { client, session, port: driver.port, opener, closed: false, _slot: slot, _profile: profile };
        // An emulated device's screen is its `deviceMetrics`; the window around it does not matter.
        if let Device::Plain(viewport) = device {
            browser.set_viewport(viewport).await;
        }
        browser
    }

    /// Makes the page's clocks read as in `zone` (an IANA name), as for a person who lives there.
    pub async fn emulate_time_zone(&self, zone: &str) {
        let url = format!("http://127.0.0.1:{}/session/{}/goog/cdp/execute", self.port, self.session);
        let command = json!({"cmd": "Emulation.setTimezoneOverride", "params": {"timezoneId": zone}});
        let answer = reqwest::Client::new().post(url).json(&command).send().await.expect("ask chromedriver");
        assert!(answer.status().is_success(), "{}", answer.text().await.unwrap_or_default());
    }

    /// The underlying WebDriver client, for anything the helpers don't cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Resizes the window so the page's viewport (`innerWidth` × `innerHeight`) is exactly `viewport`.
    pub async fn set_viewport(&self, viewport: Viewport) {
        let (width, height) = viewport.size();
        // Headless Chromium's window includes invisible browser chrome (143 px of height here): size the
        // window, measure the page, and grow the window by what is missing.
        let (mut window_width, mut window_height) = (width, height);
        for _ in 0..5 {
            let before = self.inner_size().await;
            self.client.set_window_size(window_width, window_height).await.expect("resize the window");
            let (inner_width, inner_height) = self.settled_inner_size(before).await;
            if (inner_width, inner_height) == (width, height) {
                return;
            }
            window_width = (window_width + width).saturating_sub(inner_width);
            window_height = (window_height + height).saturating_sub(inner_height);
        }
        panic!("could not give the page a {width}x{height} viewport ({viewport:?})");
    }

    async fn inner_size(&self) -> (u32, u32) {
        let inner = self.execute("return [window.innerWidth, window.innerHeight]").await;
        (inner[0].as_u64().unwrap() as u32, inner[1].as_u64().unwrap() as u32)
    }

    /// The page's viewport once a resize from `before` has reached it: the page learns of a new window
    /// size a little after the window has it (later on a busy machine), so it is read until it has
    /// moved from `before` and two reads agree (or, for a resize that changes nothing, for 2 s).
    async fn settled_inner_size(&self, before: (u32, u32)) -> (u32, u32) {
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut last = self.inner_size().await;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = self.inner_size().await;
            if (now == last && now != before) || Instant::now() > deadline {
                return now;
            }
            last = now;
        }
    }

    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("{}", self.report(format!("could not open {url}: {e}")).await);
        }
    }

    pub async fn current_url(&self) -> String {
        self.client.current_url().await.expect("the current URL").to_string()
    }

    /// The path of the current URL, without query or fragment.
    pub async fn current_path(&self) -> String {
        self.client.current_url().await.expect("the current URL").path().to_string()
    }

    /// Clicks the first element matching `css`, waiting for it to appear.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        if let Err(e) = element.click().await {
            panic!("{}", self.report(format!("could not click `{css}`: {e}")).await);
        }
    }

    /// Replaces the value of the field matching `css` with `text`, waiting for it to appear.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        if let Err(e) = element.clear().await {
            panic!("{}", self.report(format!("could not clear `{css}`: {e}")).await);
        }
        if let Err(e) = element.send_keys(text).await {
            panic!("{}", self.report(format!("could not type into `{css}`: {e}")).await);
        }
    }

    /// The rendered text of the first element matching `css`, waiting for it to appear.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        match element.text().await {
            Ok(text) => text,
            Err(e) => panic!("{}", self.report(format!("could not read the text of `{css}`: {e}")).await),
        }
    }

    /// Whether an element matches `css` right now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find_all(Locator::Css(css)).await.is_ok_and(|found| !found.is_empty())
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for(&self, css: &str) {
        self.find(css).await;
    }

    /// Waits until no element matches `css`.
    pub async fn wait_for_gone(&self, css: &str) {
        if !self.poll(async || !self.exists(css).await).await {
            panic!("{}", self.report(format!("`{css}` was still there after {PATIENCE:?}")).await);
        }
    }

    /// Waits until the page's text contains `needle`.
    pub async fn wait_for_text(&self, needle: &str) {
        if !self.poll(async || self.page_text().await.contains(needle)).await {
            panic!("{}", self.report(format!("the page never said {needle:?} within {PATIENCE:?}")).await);
        }
    }

    /// Waits until `script` returns `true` in the page, for up to `within`; `what` says what was awaited.
    pub async fn wait_until(&self, script: &str, within: Duration, what: &str) {
        let deadline = Instant::now() + within;
        loop {
            let holds = self.client.execute(script, vec![]).await.is_ok_and(|value| value == Value::Bool(true));
            if holds {
                return;
            }
            if Instant::now() >= deadline {
                panic!("{}", self.report(format!("{what}: not within {within:?}\n  script: {script}")).await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the current path (without query) is exactly `path`.
    pub async fn wait_for_path(&self, path: &str) {
        if !self.poll(async || self.current_path().await == path).await {
            panic!("{}", self.report(format!("never reached the path {path:?} within {PATIENCE:?}")).await);
        }
    }

    /// Waits until `accept` holds for the whole current URL.
    pub async fn wait_for_url(&self, accept: impl Fn(&str) -> bool) {
        if !self.poll(async || accept(&self.current_url().await)).await {
            panic!("{}", self.report(format!("the URL never became the expected one within {PATIENCE:?}")).await);
        }
    }

    /// `document.body.innerText`: what a person reads on the page.
    pub async fn page_text(&self) -> String {
        let text = self.client.execute("return document.body ? document.body.innerText : ''", vec![]).await;
        text.ok().and_then(|t| t.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// Runs `script` in the page and returns what it `return`s.
    pub async fn execute(&self, script: &str) -> Value {
        match self.client.execute(script, vec![]).await {
            Ok(value) => value,
            Err(e) => panic!("{}", self.report(format!("script failed: {e}\n  script: {script}")).await),
        }
    }

    /// Presses and releases `key` (a [`Key`] or a character) in whatever has focus, as a keyboard would.
    pub async fn press_key(&self, key: impl Into<char> + std::fmt::Debug + Copy) {
        let value = key.into();
        let press =
            KeyActions::new("keyboard".to_string()).then(KeyAction::Down { value }).then(KeyAction::Up { value });
        if let Err(e) = self.client.perform_actions(press).await {
            panic!("{}", self.report(format!("could not press {key:?}: {e}")).await);
        }
    }

    pub async fn tab(&self) {
        self.press_key(Key::Tab).await;
    }

    /// Whether the first element matching `css` has keyboard focus.
    pub async fn is_focused(&self, css: &str) -> bool {
        let script = format!("return document.activeElement === document.querySelector({})", json!(css));
        self.execute(&script).await == Value::Bool(true)
    }

    /// Every cookie of the current page, with its `HttpOnly`, `SameSite`, … attributes.
    pub async fn cookies(&self) -> Vec<Cookie<'static>> {
        self.client.get_all_cookies().await.expect("read the cookies")
    }

    pub async fn cookie(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies().await.into_iter().find(|c| c.name() == name)
    }

    /// Saves what the viewport shows to `target/screenshots/<name>.png` and returns that path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("take a screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create the screenshot directory");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("save the screenshot");
        path
    }

    /// Quits the browser. Dropping it does the same; this just says so in the test.
    pub async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.closed = true;
        }
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => return element,
                Err(e) if Instant::now() >= deadline => {
                    panic!("{}", self.report(format!("no element matches `{css}` after {PATIENCE:?}: {e}")).await)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Whether `check` holds within [`PATIENCE`].
    async fn poll(&self, check: impl AsyncFn() -> bool) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while !check().await {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        true
    }

    /// `problem` with the page's URL and text, and a screenshot of the page.
    async fn report(&self, problem: String) -> String {
        let url = self.client.current_url().await.map_or_else(|e| format!("(unknown: {e})"), |u| u.to_string());
        let text = self.page_text().await;
        let snippet: String = text.chars().take(600).collect();
        let ellipsis = if snippet.len() < text.len() { "…" } else { "" };
        let test = std::thread::current().name().unwrap_or("browser-test").replace("::", "-");
        let shot = match self.client.screenshot().await {
            Ok(png) => {
                let path = screenshot_dir().join(format!("failed-{test}.png"));
                let saved = std::fs::create_dir_all(screenshot_dir()).and_then(|()| std::fs::write(&path, png));
                saved.map_or_else(|e| format!("(not saved: {e})"), |()| path.display().to_string())
            }
            Err(e) => format!("(not taken: {e})"),
        };
        format!("{problem}\n  at: {url}\n  page text: {snippet:?}{ellipsis}\n  screenshot: {shot}")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.closed {
            // Blocking on purpose: the test's runtime may already be gone, and the browser must quit
            // before its slot and profile are given up.
            let _ = http(self.port, "DELETE", &format!("/session/{}", self.session));
        }
        let mut holders = holders();
        if let Some(at) = holders.iter().position(|t| *t == self.opener) {
            holders.swap_remove(at);
        }
    }
}

fn holders() -> std::sync::MutexGuard<'static, Vec<ThreadId>> {
    HOLDERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots")
}
