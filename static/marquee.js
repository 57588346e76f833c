// Marquee's only script: progressive enhancement. Every page works without it.
"use strict";

// The profile menu opens on hover and focus through CSS; this adds click-to-toggle,
// aria-expanded, and Escape to close.
for (const menu of document.querySelectorAll("[data-menu]")) {
  const button = menu.querySelector("[data-menu-button]");
  const setOpen = (open) => {
    menu.toggleAttribute("data-open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => setOpen(!menu.hasAttribute("data-open")));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      setOpen(false);
      button.focus();
    }
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

// Signed-in pages listen for their session being revoked and go to the sign-in screen at once.
if (document.body.dataset.signedIn === "true" && "EventSource" in window) {
  const events = new EventSource("/events");
  events.addEventListener("signed-out", () => {
    events.close();
    window.location.assign("/signin?reason=signed-out");
  });
  // A form sent from this page (signing out, for one) leads where its answer says, not to the push.
  document.addEventListener("submit", () => events.close());
}
