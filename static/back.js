// Back, one step toward home. When the entry before this one in the tab's history is a page the person
// should return to, the browser's own Back goes there, so the page being left stays ahead in the
// history rather than behind; otherwise `fallback` takes this page's place, so that no entry leads
// back into the page being left (a player that would start again).
"use strict";

(() => {
  // The address of the previous entry in this tab's history, when it is one of Marquee's pages.
  const previousEntry = () => {
    const navigation = window.navigation;
    if (navigation && navigation.currentEntry && typeof navigation.entries === "function") {
      const index = navigation.currentEntry.index;
      const before = index > 0 ? navigation.entries()[index - 1] : null;
      return before && before.url ? new URL(before.url) : null;
    }
    // Without the Navigation API: the page that opened this one, if the history has a page before it.
    if (window.history.length < 2 || !document.referrer) return null;
    return new URL(document.referrer);
  };

  // `accept` says whether the previous page is where Back should lead; else Back leads to `fallback`.
  window.marqueeBack = (fallback, accept) => {
    let previous = null;
    try {
      previous = previousEntry();
    } catch {
      previous = null;
    }
    if (previous && previous.origin === window.location.origin && accept(previous)) {
      window.history.back();
    } else {
      window.location.replace(fallback);
    }
  };
})();
