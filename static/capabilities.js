// What this browser plays, asked of the browser itself rather than guessed from its name: the
// player and the muted previews both tell the server so, and it answers with a file this browser
// can play. Sets `window.marqueeCapabilities` for the scripts loaded after it.
"use strict";

(() => {
  const probe = document.createElement("video");
  const plays = (type) =>
    probe.canPlayType(type) !== "" || Boolean(window.MediaSource && MediaSource.isTypeSupported(type));
  const which = (table) => Object.keys(table).filter((name) => table[name].some(plays));
  const video = which({
    h264: ['video/mp4; codecs="avc1.42E01E"'],
    hevc: ['video/mp4; codecs="hvc1.1.6.L93.B0"', 'video/mp4; codecs="hev1.1.6.L93.B0"'],
    vp9: ['video/webm; codecs="vp9"'],
    av1: ['video/mp4; codecs="av01.0.05M.08"'],
    vp8: ['video/webm; codecs="vp8"'],
  });
  const audio = which({
    aac: ['audio/mp4; codecs="mp4a.40.2"'],
    mp3: ["audio/mpeg"],
    opus: ['audio/webm; codecs="opus"'],
    vorbis: ['audio/webm; codecs="vorbis"'],
    flac: ["audio/flac"],
    ac3: ['audio/mp4; codecs="ac-3"'],
    eac3: ['audio/mp4; codecs="ec-3"'],
  });
  const container = ["mp4", "webm"].filter((name) => probe.canPlayType(`video/${name}`) !== "");

  window.marqueeCapabilities = Object.freeze({
    // Whether the browser plays HLS itself (Safari); elsewhere the player needs MediaSource for it.
    playsHls: probe.canPlayType("application/vnd.apple.mpegurl") !== "",
    // The query the playback answer is asked with: `video=…&audio=…&container=…`.
    query: () => new URLSearchParams({ video: video.join(","), audio: audio.join(","), container: container.join(",") }),
  });
})();
