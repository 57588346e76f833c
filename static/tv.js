// The TV layout: everything works with a remote's arrows, OK (Enter) and Back. It is on for a TV
// session and on a TV-sized screen; elsewhere this script does nothing.
"use strict";

(() => {
  const root = document.documentElement;
  const tvSized = window.matchMedia("(min-width: 1800px) and (min-height: 1000px)").matches;
  if (!root.classList.contains("tv") && !tvSized) return;
  root.classList.add("tv");

  // Remotes send Back as Escape, or as their own keys (webOS 461, Tizen 10009).
  const isBack = (event) =>
    ["Escape", "GoBack", "BrowserBack"].includes(event.key) ||
    event.keyCode === 461 || event.keyCode === 10009;
  const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea";
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== "hidden";
  };
  const candidates = () => Array.from(document.querySelectorAll(FOCUSABLE)).filter(visible);

  // The box a row of posters shows, when `element` is in one that scrolls sideways.
  const scroller = (element) => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== "visible") return node;
    }
    return null;
  };
  // Whether the arrows may go from `from` to `element`: anything on the screen, and within the row the
  // focus is in, the posters its scrolling hides. A poster hidden in another row is out of reach, so
  // Right from the top bar never jumps into a row below.
  const reachable = (from, element) => {
    const box = element.getBoundingClientRect();
    const onScreen = box.right > 0 && box.left < window.innerWidth;
    const row = scroller(element);
    if (!row) return onScreen;
    if (row === scroller(from)) return true;
    const shows = row.getBoundingClientRect();
    return onScreen && box.right > shows.left && box.left < shows.right;
  };
  const typing = (element) =>
    element && element.matches("input:not([type=checkbox]):not([type=radio]):not([type=submit]), textarea");

  // The best element in a direction: ahead of the current one, near its line, then nearest.
  const nearest = (from, direction) => {
    const a = from.getBoundingClientRect();
    let best = null;
    let bestScore = Infinity;
    for (const element of candidates()) {
      if (element === from || from.contains(element) || element.contains(from)) continue;
      if (!reachable(from, element)) continue;
      const b = element.getBoundingClientRect();
      let ahead;
      let across;
      if (direction === "ArrowRight") {
        ahead = b.left - a.right + 1;
        across = Math.abs((b.top + b.bottom) / 2 - (a.top + a.bottom) / 2);
      } else if (direction === "ArrowLeft") {
        ahead = a.left - b.right + 1;
        across = Math.abs((b.top + b.bottom) / 2 - (a.top + a.bottom) / 2);
      } else if (direction === "ArrowDown") {
        ahead = b.top - a.bottom + 1;
        across = Math.max(0, b.left - a.right, a.left - b.right);
      } else {
        ahead = a.top - b.bottom + 1;
        across = Math.max(0, b.left - a.right, a.left - b.right);
      }
      if (ahead <= 0) continue;
      const score = ahead + across * 3;
      if (score < bestScore) {
        bestScore = score;
        best = element;
      }
    }
    return best;
  };

  // Scrolling glides, unless the person asked their system for less motion.
  const lessMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const focus = (element) => {
    element.focus({ preventScroll: true });
    const behavior = lessMotion.matches ? "auto" : "smooth";
    element.scrollIntoView({ block: "nearest", inline: "nearest", behavior });
  };

  // Where the focus starts: what the page marks as first, else the first thing in the content. What
  // cannot be seen (a closed dialog's button, a closed disclosure's field) is passed over.
  const start = () => {
    const marked = Array.from(document.querySelectorAll("[autofocus], [data-tv-start]")).filter(visible);
    const shown = candidates();
    const first = marked[0] || shown.find((element) => element.closest("main")) || shown[0];
    if (first) focus(first);
  };

  const player = document.querySelector("[data-player-root]");

  // Back: a page that names where it leads home (a title page: browse) goes to the page it was opened
  // from, unless that is a player, which would start again; any other page goes back in the history.
  const goBack = () => {
    const home = document.querySelector("[data-back-to]");
    if (home) {
      window.marqueeBack(home.dataset.backTo, (page) => !page.pathname.startsWith("/watch/"));
    } else if (window.history.length > 1) {
      window.history.back();
    }
  };

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const active = document.activeElement && document.activeElement !== document.body ? document.activeElement : null;
    if (isBack(event)) {
      // An open menu or dialog closes first (the page's own Escape handling does that).
      if (document.querySelector("[data-menu][data-open], dialog[open]")) return;
      if (player) return; // The player goes back itself.
      event.preventDefault();
      goBack();
      return;
    }
    if (!["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
    // The player moves between its own controls and seeks (player-tv.js).
    if (player) return;
    // Left and right move the caret while typing; up and down leave the field.
    if (typing(active) && (event.key === "ArrowLeft" || event.key === "ArrowRight")) return;
    if (!active) {
      event.preventDefault();
      start();
      return;
    }
    const next = nearest(active, event.key);
    if (next) {
      event.preventDefault();
      focus(next);
    }
  });

  // The code screen waits for a phone; nothing on it should be one OK away.
  if (!player && !document.querySelector("[data-tv-code]")) start();

  // The code screen asks whether its code was allowed yet, and goes on by itself when it was.
  const codeScreen = document.querySelector("[data-tv-code]");
  if (codeScreen) {
    let interval = (Number(codeScreen.dataset.interval) || 5) * 1000;
    const ask = async () => {
      try {
        const body = new URLSearchParams({ csrf: codeScreen.dataset.csrf });
        const response = await fetch("/tv/poll", { method: "POST", body, credentials: "same-origin" });
        if (response.ok) {
          const answer = await response.json();
          if (answer.state === "signed-in") return window.location.assign(answer.next);
          if (answer.state === "new-code") return window.location.assign("/tv");
          if (answer.interval) interval = answer.interval * 1000;
        }
      } catch {
        // Offline for a moment: ask again later.
      }
      setTimeout(ask, interval);
    };
    setTimeout(ask, interval);
  }
})();
