// Marquee's only script: progressive enhancement. Every page works without it.
"use strict";

// Without this script the profile menu opens through CSS alone, on hover and while anything in it has
// focus. With it, `data-open` alone decides what shows, so aria-expanded always tells the truth: the menu
// opens on hover, on a click or tap, or on Enter or Space on the avatar; a second click or Enter, Escape,
// a click elsewhere, or the focus leaving it closes it.
for (const menu of document.querySelectorAll("[data-menu]")) {
  const button = menu.querySelector("[data-menu-button]");
  const list = document.getElementById(button.getAttribute("aria-controls"));
  // Opened on purpose (click, tap, keyboard) rather than by the pointer passing over it.
  let pinned = false;
  const setOpen = (open, pin = false) => {
    pinned = open && pin;
    menu.toggleAttribute("data-open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  menu.setAttribute("data-enhanced", "");
  button.addEventListener("click", () => setOpen(!pinned, true));
  menu.addEventListener("pointerenter", (event) => {
    if (event.pointerType === "mouse" && !menu.hasAttribute("data-open")) setOpen(true);
  });
  menu.addEventListener("pointerleave", (event) => {
    const inUse = pinned || (list && list.contains(document.activeElement));
    if (event.pointerType === "mouse" && !inUse) setOpen(false);
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.hasAttribute("data-open")) {
      setOpen(false);
      button.focus();
    }
  });
  menu.addEventListener("focusout", (event) => {
    if (!menu.contains(event.relatedTarget)) setOpen(false);
  });
  document.addEventListener("click", (event) => {
    if (!menu.contains(event.target)) setOpen(false);
  });
}

// Links that have a <dialog> version open it instead of navigating to the confirmation page.
for (const opener of document.querySelectorAll("[data-dialog]")) {
  const dialog = document.getElementById(opener.dataset.dialog);
  if (!dialog || typeof dialog.showModal !== "function") continue;
  opener.addEventListener("click", (event) => {
    event.preventDefault();
    dialog.showModal();
  });
  for (const closer of dialog.querySelectorAll("[data-close]")) {
    closer.addEventListener("click", () => dialog.close());
  }
}

// A form sent back with a problem: the focus goes to the field at fault (else to the message), and the
// message comes into view, so a screen reader reads it and the person can type straight away.
// This waits for the page's load: going to the address's #section on loading takes the focus away.
const problem = document.querySelector("main .alert[role=alert]");
const showProblem = () => {
  const field = document.querySelector("main [aria-invalid=true]");
  const target = field || (problem.hasAttribute("tabindex") ? problem : null);
  if (target && document.activeElement !== target) target.focus({ preventScroll: true });
  const box = problem.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) problem.scrollIntoView({ block: "center" });
};
if (problem) {
  if (document.readyState === "complete") showProblem();
  else window.addEventListener("load", () => setTimeout(showProblem), { once: true });
}

// Signed-in pages listen for their session being revoked and go to the sign-in screen at once.
if (document.body.dataset.signedIn === "true" && "EventSource" in window) {
  let events = null;
  const stop = () => {
    if (events) events.close();
    events = null;
  };
  const listen = () => {
    stop();
    events = new EventSource("/events");
    events.addEventListener("signed-out", () => {
      stop();
      // A TV goes back to its code screen, ready to be signed in again.
      const tv = document.body.dataset.tvSession === "true";
      window.location.assign(tv ? "/tv?reason=signed-out" : "/signin?reason=signed-out");
    });
    // Another device stopped this one's video: the player says which (the session lives on).
    events.addEventListener("playback-stopped", (event) => {
      let by = null;
      try {
        by = JSON.parse(event.data).by;
      } catch {
        by = null;
      }
      window.dispatchEvent(new CustomEvent("marquee:playback-stopped", { detail: { by } }));
    });
    // The profile this device watches as was locked: choose again (its PIN is needed now).
    events.addEventListener("profile-left", () => {
      if (window.location.pathname !== "/profiles") {
        stop();
        window.location.assign("/profiles");
      }
    });
  };
  listen();
  // A page kept in the back/forward cache must not keep its stream open: a browser opens at most six
  // connections to one server, and six cached pages would leave none for the next page. It listens
  // again when it is shown again.
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) listen();
  });
  // A form sent from this page (signing out, for one) leads where its answer says, not to the push.
  document.addEventListener("submit", stop);
}

// Search shows results as the person types, on the search page and from the homepage's box: the search
// page is fetched for the query so far, and its results replace the ones shown. A screen reader hears
// only how many there are. Without this script the form is sent as usual.
for (const form of document.querySelectorAll("[data-live-search]")) {
  const input = form.querySelector("input[name=q]");
  const results = document.getElementById(form.dataset.liveSearch || "search-results");
  const status = form.querySelector("[data-search-status]");
  if (!input || !results) continue;
  const onSearchPage = window.location.pathname === "/search";
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value;
      const asked = ++latest;
      const address = `/search?q=${encodeURIComponent(query)}`;
      if (!onSearchPage && !query.trim()) {
        results.replaceChildren();
        if (status) status.textContent = "";
        return;
      }
      try {
        const response = await fetch(address, { credentials: "same-origin" });
        if (!response.ok || asked !== latest) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("search-results");
        if (fresh && asked === latest) {
          results.replaceChildren(...fresh.childNodes);
          const summary = page.querySelector("[data-search-status]");
          if (status) status.textContent = summary ? summary.textContent : "";
          if (onSearchPage) window.history.replaceState(null, "", address);
        }
      } catch {
        // Offline or signed out: the form still works when sent.
      }
    }, 250);
  });
}

// Each row of posters is one stop for Tab: the arrow keys move along it (Home and End to its ends), and
// Tab goes on to the next row. The poster last focused in a row is where Tab comes back to. On a TV the
// remote's arrows move the focus over the whole screen instead (tv.js).
const tvLayout = () => document.documentElement.classList.contains("tv");
const rowLinks = (row) => Array.from(row.querySelectorAll(".card-title__link"));
const rove = (row, to) => {
  for (const link of rowLinks(row)) link.tabIndex = link === to ? 0 : -1;
};
// A poster that takes the focus is scrolled wholly into its row's view, focus ring and all.
const showWhole = (link) => {
  const row = link.closest(".cards");
  const box = link.getBoundingClientRect();
  const shows = row.getBoundingClientRect();
  const margin = parseFloat(getComputedStyle(row).scrollPaddingLeft) || 16;
  if (box.left < shows.left + margin) row.scrollLeft -= shows.left + margin - box.left;
  else if (box.right > shows.right - margin) row.scrollLeft += box.right - (shows.right - margin);
  link.scrollIntoView({ block: "nearest", inline: "nearest" });
};
for (const row of document.querySelectorAll(".browse .cards, #browse-results")) {
  const roving = row.classList.contains("cards");
  if (roving) {
    const links = rowLinks(row);
    if (links.length) rove(row, links[0]);
  }
  row.addEventListener("focusin", (event) => {
    const link = event.target.closest(".card-title__link");
    if (!link || tvLayout()) return;
    if (roving) rove(row, link);
    showWhole(link);
  });
  if (!roving) continue;
  row.addEventListener("keydown", (event) => {
    if (tvLayout() || event.altKey || event.ctrlKey || event.metaKey) return;
    const links = rowLinks(row);
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: links.length - 1 }[event.key];
    if (to === undefined || !links[to]) return;
    event.preventDefault();
    links[to].focus({ preventScroll: true });
  });
}

// An account that never chose a time zone shows the server's: the field proposes this browser's own
// instead, when it is one Marquee knows. Nothing is saved until the person saves the form.
const zoneField = document.querySelector("input[data-zone-unchosen]");
if (zoneField) {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = Array.from(zoneField.list ? zoneField.list.options : []).some((option) => option.value === own);
  if (own && known) zoneField.value = own;
}

// Recovery codes can be printed: the button shows only where there is a script to print with.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
