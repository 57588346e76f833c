// How this browser plays the video: asks the server, saying which codecs the browser plays, and
// sets the source it answers (the file as it is, or a converted HLS stream), the sound tracks and
// the subtitles. When the video cannot play, it says why instead of spinning.
"use strict";

(() => {
  const video = document.querySelector("[data-player]");
  if (!video) return;
  const media = video.dataset.media;
  const message = document.querySelector("[data-player-message]");
  const subtitlePicker = document.querySelector("[data-subtitles]");
  const audioPicker = document.querySelector("[data-audio]");
  // The page's words, in its language (watch.html); "{name}" marks where a value goes.
  const words = JSON.parse(document.getElementById("player-words").textContent);
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
  const show = (text) => {
    message.textContent = text;
    message.hidden = false;
  };

  // What the browser plays (capabilities.js).
  const { playsHls } = window.marqueeCapabilities;
  const chosen = { audio_track: "", burn_subtitle: "" };

  const ask = async () => {
    const query = window.marqueeCapabilities.query();
    for (const [key, value] of Object.entries(chosen)) if (value !== "") query.set(key, value);
    const response = await fetch(`/watch/${media}/playback?${query}`, {
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body && body.message ? body.message : words.cannot_play_now);
    return body;
  };

  const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([document.documentElement.lang || navigator.language], { type: "language" }) : null;
  const language = (code) => {
    if (!code) return "";
    try {
      return (names && names.of(code)) || code;
    } catch {
      return code;
    }
  };
  const label = (parts, fallback) => parts.filter(Boolean).join(" · ") || fallback;

  const fillAudio = (tracks) => {
    if (!audioPicker) return;
    audioPicker.replaceChildren(...tracks.map((track) => {
      const channels = track.channels ? `${track.channels === 6 ? "5.1" : track.channels === 2 ? words.stereo : say(words.channels, { count: track.channels })}` : "";
      const option = new Option(label([language(track.language), track.name, channels], say(words.sound_number, { number: track.index + 1 })), String(track.index));
      option.selected = track.selected;
      return option;
    }));
    audioPicker.closest("label").hidden = tracks.length < 2;
  };

  const fillSubtitles = (subtitles) => {
    if (!subtitlePicker) return;
    const showing = Array.from(video.textTracks).findIndex((track) => track.mode === "showing");
    const showingLabel = showing >= 0 ? video.textTracks[showing].label : null;
    video.querySelectorAll("track").forEach((track) => track.remove());
    const options = [new Option(words.subtitles_off, "off")];
    let index = 0;
    for (const subtitle of subtitles) {
      const text = label([language(subtitle.language), subtitle.name, subtitle.forced ? words.forced : ""], words.subtitles);
      if (subtitle.kind === "text") {
        const track = document.createElement("track");
        Object.assign(track, { kind: "subtitles", src: subtitle.url, label: text, srclang: subtitle.language || "" });
        video.append(track);
        const option = new Option(text, `text:${index}`);
        option.selected = text === showingLabel;
        if (option.selected) track.track.mode = "showing";
        options.push(option);
        index += 1;
      } else {
        const option = new Option(say(words.drawn, { name: text }), `picture:${subtitle.burn_subtitle}`);
        option.selected = subtitle.selected;
        options.push(option);
      }
    }
    subtitlePicker.replaceChildren(...options);
    subtitlePicker.closest("label").hidden = options.length < 2;
  };

  // Sets the source the server answered; `at` keeps the place when a track change reloads it.
  const apply = (answer, at) => {
    if (answer.method !== "direct" && !playsHls) {
      show(words.browser_cannot);
      return;
    }
    const url = new URL(answer.url, window.location.href).href;
    if (video.currentSrc !== url) {
      if (at > 0) video.addEventListener("loadedmetadata", () => { video.currentTime = at; }, { once: true });
      video.src = url;
      video.play().catch(() => {});
    }
    fillAudio(answer.audio_tracks);
    fillSubtitles(answer.subtitles);
    video.dataset.method = answer.method;
  };

  const reload = () => {
    const at = video.currentTime;
    ask().then((answer) => apply(answer, at)).catch((error) => show(error.message));
  };

  ask().then((answer) => apply(answer, 0)).catch((error) => {
    video.removeAttribute("src");
    video.load();
    show(error.message);
  });

  // Stopped from another device: say which, whatever the video does next (its stream has ended).
  let stoppedFrom = null;
  window.addEventListener("marquee:playback-stopped", (event) => {
    const by = event.detail && event.detail.by;
    stoppedFrom = by ? say(words.stopped_from, { device: by }) : words.stopped_elsewhere;
    video.pause();
    show(stoppedFrom);
  });

  // A failed stream: ask the server why (busy, no ffmpeg, a damaged file) and say so.
  video.addEventListener("error", () => {
    if (!video.getAttribute("src")) return;
    if (stoppedFrom) {
      show(stoppedFrom);
      return;
    }
    ask().then(() => show(words.stopped)).catch((error) => show(error.message));
  });

  if (audioPicker) {
    audioPicker.addEventListener("change", () => {
      chosen.audio_track = audioPicker.value;
      reload();
    });
  }
  if (subtitlePicker) {
    subtitlePicker.addEventListener("change", () => {
      const [kind, which] = subtitlePicker.value.split(":");
      Array.from(video.textTracks).forEach((track, index) => {
        track.mode = kind === "text" && String(index) === which ? "showing" : "disabled";
      });
      const burn = kind === "picture" ? which : "";
      if (burn !== chosen.burn_subtitle) {
        chosen.burn_subtitle = burn;
        reload();
      }
    });
  }
})();
