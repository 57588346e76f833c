// Muted previews while browsing: when a title rests under the pointer or the focus for a moment, a
// muted clip of it plays in its place (the banner's title in the banner, a card's on its poster),
// starting a tenth of the way in. Only files this browser plays as they are; never more than one
// at a time; nothing when the person asks for less motion; the still image on any trouble.
// A title resting says where its preview is in `data-preview-state`: "off" (the account's preference),
// "calm" (less motion asked for), "waiting", "asking", "loading", "playing" or "still" (this file is not played
// as it is here, or it failed).
"use strict";

(() => {
  const page = document.querySelector("[data-previews]");
  if (!page) return;
  const on = page.dataset.previews === "on";
  const calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  const REST_MS = 1500;
  const START_FRACTION = 0.1;

  // What the browser plays, as the player asks it (capabilities.js).
  const device = window.marqueeCapabilities.query();

  // The one title resting now, its timer, and its clip once playing.
  let resting = null;
  let timer = 0;
  let clip = null;
  let asked = 0;

  const stop = () => {
    clearTimeout(timer);
    timer = 0;
    asked += 1;
    if (clip) {
      const video = clip;
      clip = null;
      video.closest("[data-preview]")?.classList.remove("is-previewing");
      video.pause();
      video.removeAttribute("src");
      video.load();
      video.remove();
    }
    if (resting) delete resting.dataset.previewState;
    resting = null;
  };

  // Whether a file plays here as it is, and from where (the playback answer says `direct`).
  const directly = async (media) => {
    const response = await fetch(`/watch/${media}/playback?${device}`, {
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    if (!response.ok) return null;
    const body = await response.json();
    return body && body.method === "direct" ? body : null;
  };

  const start = async (target, ticket) => {
    const media = target.dataset.preview;
    target.dataset.previewState = "asking";
    let answer = null;
    try {
      answer = await directly(media);
    } catch {
      answer = null;
    }
    if (ticket !== asked || resting !== target) return;
    if (!answer) {
      target.dataset.previewState = "still";
      return;
    }
    const video = document.createElement("video");
    video.className = target.classList.contains("hero-banner") ? "hero-banner__preview" : "card-title__preview";
    video.muted = true;
    video.defaultMuted = true;
    video.setAttribute("muted", "");
    video.playsInline = true;
    video.setAttribute("playsinline", "");
    video.setAttribute("aria-hidden", "true");
    video.tabIndex = -1;
    video.controls = false;
    video.preload = "auto";
    video.dataset.media = media;
    const from = answer.duration_seconds > 0 ? (answer.duration_seconds * START_FRACTION).toFixed(1) : "0";
    video.src = `/watch/${media}/preview#t=${from}`;
    // Any trouble: the still image stays, without a word.
    const still = () => {
      if (clip !== video) return;
      stop();
      resting = target;
      target.dataset.previewState = "still";
    };
    video.addEventListener("error", still);
    video.addEventListener("playing", () => {
      if (clip !== video) return;
      target.classList.add("is-previewing");
      target.dataset.previewState = "playing";
    });
    const image = target.querySelector(".card-title__poster, .hero-banner__art");
    if (image) image.after(video);
    else target.prepend(video);
    clip = video;
    target.dataset.previewState = "loading";
    video.play().catch(still);
  };

  const rest = (target) => {
    if (target === resting) return;
    stop();
    if (!target) return;
    resting = target;
    if (!on || calm.matches) {
      target.dataset.previewState = on ? "calm" : "off";
      return;
    }
    target.dataset.previewState = "waiting";
    const ticket = asked;
    timer = setTimeout(() => start(target, ticket), REST_MS);
  };

  const titleAt = (node) => (node instanceof Element ? node.closest("[data-preview]") : null);

  document.addEventListener("mouseover", (event) => rest(titleAt(event.target)));
  document.addEventListener("mouseout", (event) => {
    if (!event.relatedTarget) rest(null);
  });
  document.addEventListener("focusin", (event) => rest(titleAt(event.target)));
  document.addEventListener("focusout", (event) => {
    if (!titleAt(event.relatedTarget)) rest(null);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) rest(null);
  });
  calm.addEventListener("change", () => {
    if (calm.matches) rest(null);
  });
})();
