// The player's own controls on a TV, read from the sofa and driven by a remote: the time gone and left,
// a progress bar that follows every seek, play and pause, subtitles, the sound track and the next
// episode. The arrows move between them (Up and Down between rows, Left and Right along a row; on the
// progress bar Left and Right seek); they fade while the video plays untouched and any key brings them
// back. Elsewhere the browser's own controls stay, for mouse and touch.
"use strict";

(() => {
  const video = document.querySelector("[data-player]");
  const controls = document.querySelector("[data-controls]");
  if (!video || !controls || !document.documentElement.classList.contains("tv")) return;
  const root = document.querySelector("[data-player-root]");
  const end = document.querySelector("[data-end]");
  const progress = controls.querySelector("[data-progress]");
  const fill = controls.querySelector("[data-progress-fill]");
  const elapsed = controls.querySelector("[data-elapsed]");
  const remaining = controls.querySelector("[data-remaining]");
  const toggle = controls.querySelector("[data-toggle-play]");
  const nextEpisode = controls.querySelector("[data-next-episode]");

  // The page's words, in its language (watch.html); "{name}" marks where a value goes.
  const words = JSON.parse(document.getElementById("player-words").textContent);
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));

  video.controls = false;
  controls.hidden = false;
  root.classList.add("player--own-controls");

  // "1:05", or "1:02:05" past an hour.
  const clock = (seconds) => {
    const whole = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
    const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
    const pad = (n) => String(n).padStart(2, "0");
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  };

  // The time and the bar, from where the video is or is being sent (currentTime is the target while seeking).
  const showPosition = () => {
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const at = Math.min(video.currentTime || 0, duration || Infinity);
    elapsed.textContent = clock(at);
    remaining.textContent = say(words.left, { time: clock(duration - at) });
    fill.style.transform = `scaleX(${duration > 0 ? at / duration : 0})`;
    progress.setAttribute("aria-valuemax", String(Math.round(duration)));
    progress.setAttribute("aria-valuenow", String(Math.round(at)));
    progress.setAttribute("aria-valuetext", say(words.of, { time: clock(at), duration: clock(duration) }));
  };
  for (const kind of ["timeupdate", "seeking", "seeked", "durationchange", "loadedmetadata", "ended"]) {
    video.addEventListener(kind, showPosition);
  }
  showPosition();

  const showPlaying = () => {
    toggle.textContent = video.paused ? words.play : words.pause;
  };
  video.addEventListener("play", showPlaying);
  video.addEventListener("pause", showPlaying);
  showPlaying();
  toggle.addEventListener("click", () => {
    Promise.resolve(video.paused ? video.play() : video.pause()).catch(() => {});
  });

  // Subtitles and sound: each OK picks the next choice of the page's own menu (which playback.js fills).
  for (const button of controls.querySelectorAll("[data-cycle]")) {
    const kind = button.dataset.cycle;
    const select = document.querySelector(kind === "audio" ? "[data-audio]" : "[data-subtitles]");
    if (!select) continue;
    const refresh = () => {
      const option = select.selectedOptions[0];
      button.hidden = select.closest("label").hidden || select.options.length < 2;
      if (kind === "audio") button.textContent = say(words.sound_named, { name: option ? option.text : "" });
      else button.textContent = say(words.subtitles_named, { name: !option || option.value === "off" ? words.off : option.text });
    };
    button.addEventListener("click", () => {
      if (select.options.length === 0) return;
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event("change"));
      refresh();
    });
    select.addEventListener("change", refresh);
    new MutationObserver(refresh).observe(select.closest("label"), { attributes: true, childList: true, subtree: true });
    refresh();
  }

  // The next episode takes this one's place in the history, as it does after the countdown.
  if (nextEpisode) {
    nextEpisode.addEventListener("click", (event) => {
      event.preventDefault();
      window.location.replace(nextEpisode.href);
    });
  }

  // Rows of things the arrows reach, top to bottom.
  const shown = (element) => !element.hidden && element.getClientRects().length > 0;
  const rows = () =>
    [
      [...document.querySelectorAll(".player__top a, .player__top button, .player__top select")],
      [progress],
      [...controls.querySelectorAll(".player__buttons a, .player__buttons button")],
    ]
      .map((row) => row.filter(shown))
      .filter((row) => row.length > 0);
  const place = (element) => element.focus({ preventScroll: true });

  // Keys come here first (capture), before the page's own keys and the TV's focus movement: what is
  // handled here is marked handled (preventDefault), and everything else passes on.
  window.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const arrow = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key);
    const active = document.activeElement;
    const wasHidden = root.classList.contains("player--idle");

    // The end screen keeps the arrows to its own choices.
    if (end && !end.hidden) {
      if (!arrow) return;
      event.preventDefault();
      const choices = [...end.querySelectorAll("a, button")].filter(shown);
      const at = choices.indexOf(active);
      const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : -1;
      const next = at < 0 ? choices[0] : choices[Math.min(choices.length - 1, Math.max(0, at + step))];
      if (next) place(next);
      return;
    }

    const all = rows();
    const row = all.findIndex((r) => r.includes(active));
    // Nothing of the controls has the focus: the progress bar takes it, and OK, Left and Right act
    // on the video as they would there.
    if (row < 0 || wasHidden) {
      if (row < 0 || active !== progress) place(progress);
      if (event.key === "ArrowUp" || event.key === "ArrowDown") event.preventDefault();
      return;
    }
    if (!arrow) return;
    if (active === progress && (event.key === "ArrowLeft" || event.key === "ArrowRight")) return;
    event.preventDefault();
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      const target = all[row + (event.key === "ArrowDown" ? 1 : -1)];
      if (target) place(target[0]);
      return;
    }
    const along = all[row];
    const at = along.indexOf(active) + (event.key === "ArrowRight" ? 1 : -1);
    if (at >= 0 && at < along.length) place(along[at]);
  }, true);

  // Faded controls give the focus back to the progress bar, so that OK never presses a hidden button.
  root.addEventListener("player-idle", () => {
    if (document.activeElement !== progress) place(progress);
  });
  // Back from the end screen to the video: the focus goes with it.
  video.addEventListener("play", () => {
    const active = document.activeElement;
    if (!active || active === document.body || (end && end.contains(active))) place(progress);
  });
  place(progress);
})();
