// The player page: resumes where the profile left off, saves the place as it plays, keyboard controls
// and Back (playback.js picks the source and the tracks, player-tv.js draws the controls on a TV,
// player-end.js shows what comes after the end).
"use strict";

const video = document.querySelector("[data-player]");
if (video) {
  const root = document.querySelector("[data-player-root]");
  const media = video.dataset.media;
  const csrf = video.dataset.csrf;
  const start = Number.parseFloat(video.dataset.start) || 0;
  const message = document.querySelector("[data-player-message]");
  const show = (text) => {
    message.textContent = text;
    message.hidden = false;
  };
  // Set once another device took the stream or the session ended: nothing more is reported.
  let stopped = false;

  // Stopped from another device (playback.js says so): its place is not reported over that message.
  window.addEventListener("marquee:playback-stopped", () => {
    stopped = true;
  });

  video.addEventListener("loadedmetadata", () => {
    if (start > 0 && start < video.duration - 1) video.currentTime = start;
  }, { once: true });

  // Reports the place; `closing` also ends this device's stream lease at once.
  const report = (closing = false) => {
    if (stopped || !Number.isFinite(video.currentTime)) return;
    const body = new URLSearchParams({ csrf, position: video.currentTime.toFixed(1), closing: closing ? "1" : "" });
    fetch(`/watch/${media}/progress`, { method: "POST", body, keepalive: closing, credentials: "same-origin" })
      .then((response) => {
        if (response.status === 409) {
          stopped = true;
          video.pause();
          response.text().then(show);
        }
      })
      .catch(() => {});
  };
  let lastReport = Date.now();
  video.addEventListener("timeupdate", () => {
    if (!video.paused && Date.now() - lastReport > 10000) {
      lastReport = Date.now();
      report();
    }
  });
  video.addEventListener("pause", () => {
    if (!video.ended) report();
  });
  video.addEventListener("seeked", () => report());
  window.addEventListener("pagehide", () => report(true));

  // Back goes one step toward home: to the page the video was started from when that is the previous
  // page in this tab, else to the title in place of the player, so nothing in the history leads back here.
  const back = () => window.marqueeBack(video.dataset.back, (page) => !page.pathname.startsWith("/watch/"));
  const backLink = document.querySelector("[data-player-back]");
  if (backLink) {
    backLink.addEventListener("click", (event) => {
      event.preventDefault();
      back();
    });
  }

  // Keyboard: space or k plays and pauses, arrows seek and change the volume, f fullscreen, m mute,
  // Escape leaves fullscreen or goes back.
  const tv = document.documentElement.classList.contains("tv");
  const isBack = (event) =>
    ["GoBack", "BrowserBack"].includes(event.key) || [461, 10009].includes(event.keyCode) ||
    (event.key === "Escape" && !document.fullscreenElement);
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    // Back works wherever the focus is (webOS and Tizen remotes send it as their own key codes).
    if (isBack(event)) {
      if (document.querySelector("dialog[open], [data-menu][data-open]")) return;
      event.preventDefault();
      back();
      return;
    }
    if (event.target.closest("select, a, button, input")) return;
    const actions = {
      " ": () => (video.paused ? video.play() : video.pause()),
      k: () => (video.paused ? video.play() : video.pause()),
      ArrowLeft: () => { video.currentTime = Math.max(0, video.currentTime - 10); },
      ArrowRight: () => { video.currentTime = Math.min(video.duration || 0, video.currentTime + 10); },
      // On a TV the remote has its own volume; Up and Down move between the controls instead.
      ArrowUp: tv ? null : () => { video.volume = Math.min(1, video.volume + 0.1); },
      ArrowDown: tv ? null : () => { video.volume = Math.max(0, video.volume - 0.1); },
      // OK on a remote.
      Enter: () => (video.paused ? video.play() : video.pause()),
      f: () => (document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen()),
      m: () => { video.muted = !video.muted; },
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      Promise.resolve(action()).catch(() => {});
    }
  });

  // The title, Back and the controls fade while the video plays untouched: after a few seconds, more
  // on a TV, whose controls are read from across the room.
  const quiet = tv ? 5000 : 3000;
  let idle = null;
  const wake = () => {
    root.classList.remove("player--idle");
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (!video.paused) {
        root.classList.add("player--idle");
        root.dispatchEvent(new Event("player-idle"));
      }
    }, quiet);
  };
  for (const kind of ["pointermove", "pointerdown", "keydown"]) document.addEventListener(kind, wake, true);
  for (const kind of ["pause", "play"]) video.addEventListener(kind, wake);
  wake();

  video.addEventListener("ended", () => report());
}
