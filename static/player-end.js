// The end of a video: a screen with "Back to title", "Watch again" and, for an episode, the next one,
// which starts by itself after a countdown when the account's preference says so. The first choice has
// the focus, so OK on a remote picks it; choosing anything stops the countdown.
"use strict";

(() => {
  const video = document.querySelector("[data-player]");
  const end = document.querySelector("[data-end]");
  if (!video || !end) return;
  const root = document.querySelector("[data-player-root]");
  const again = end.querySelector("[data-end-again]");
  const backToTitle = end.querySelector("[data-end-back]");
  const panel = end.querySelector("[data-next-panel]");
  const playNow = panel && panel.querySelector("[data-next-now]");
  const cancel = panel && panel.querySelector("[data-next-cancel]");
  const when = panel && panel.querySelector("[data-next-when]");
  const COUNTDOWN = 10;
  // "in 10 seconds" … "in 1 second", in the page's language (watch.html), by the number of seconds.
  const countdown = JSON.parse(document.getElementById("player-words").textContent).countdown;
  let timer = null;

  const stopCountdown = () => {
    clearInterval(timer);
    timer = null;
    if (when) when.hidden = true;
    if (cancel) cancel.hidden = true;
  };

  const showSeconds = (seconds) => {
    when.textContent = ` ${countdown[seconds]}`;
  };

  // The next episode takes this one's place in the history: Back from it leads where this one's did.
  const playNext = () => {
    stopCountdown();
    window.location.replace(playNow.href);
  };

  const startCountdown = () => {
    let seconds = COUNTDOWN;
    showSeconds(seconds);
    when.hidden = false;
    cancel.hidden = false;
    timer = setInterval(() => {
      seconds -= 1;
      if (seconds <= 0) {
        playNext();
        return;
      }
      showSeconds(seconds);
    }, 1000);
  };

  const open = () => {
    if (!end.hidden) return;
    end.hidden = false;
    root.classList.add("player--ended");
    if (panel && video.dataset.autoplayNext === "true") startCountdown();
    (playNow || backToTitle).focus({ preventScroll: true });
  };

  const close = () => {
    stopCountdown();
    end.hidden = true;
    root.classList.remove("player--ended");
  };

  video.addEventListener("ended", open);
  // Played again some other way (the native controls, a key): the screen goes.
  video.addEventListener("play", () => {
    if (!end.hidden) close();
  });

  again.addEventListener("click", () => {
    close();
    video.currentTime = 0;
    video.play().catch(() => {});
  });
  backToTitle.addEventListener("click", (event) => {
    event.preventDefault();
    stopCountdown();
    const title = new URL(backToTitle.href);
    window.marqueeBack(title.href, (page) => page.pathname === title.pathname);
  });
  if (panel) {
    playNow.addEventListener("click", (event) => {
      event.preventDefault();
      playNext();
    });
    cancel.addEventListener("click", () => {
      stopCountdown();
      playNow.focus({ preventScroll: true });
    });
  }
})();
