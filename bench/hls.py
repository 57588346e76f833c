#!/usr/bin/env python3
"""The HLS measurements of bench/hls.sh, against a running server (BASE, EMAIL, PASSWORD in the
environment): Play to first segment and seek to first segment for a remux and a transcode, CPU per
second of transcoded video, and how fast 1, 2, … PARALLEL transcodes run at once."""

import json
import os
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request

BASE = os.environ["BASE"]
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
SERVER_PID = int(os.environ["SERVER_PID"])
WORK = os.environ["WORK"]
REPEATS = int(os.environ.get("REPEATS", "5"))
PARALLEL = int(os.environ.get("PARALLEL", "3"))
TICKS = os.sysconf("SC_CLK_TCK")


def call(method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: {error.code} {error.read()[:300]!r}")


def sign_in(name):
    _, body = call("POST", "/api/v1/sessions", body={
        "email": EMAIL, "password": PASSWORD, "device_name": name, "device_kind": "tv"})
    token = json.loads(body)["token"]
    _, body = call("GET", "/api/v1/profiles", token)
    profiles = json.loads(body)
    profiles = profiles["profiles"] if isinstance(profiles, dict) else profiles
    call("POST", f"/api/v1/profiles/{profiles[0]['id']}/select", token)
    return token


def sign_out(token):
    call("DELETE", "/api/v1/sessions/current", token)


def films(token):
    _, body = call("GET", "/api/v1/catalog", token)
    return {title["name"]: title["media_id"] for title in json.loads(body)["titles"]}


def start(token, media, query):
    """Play: the playback answer, both playlists and the first segment.
    Returns (seconds, base, segment count, method, first segment)."""
    began = time.monotonic()
    _, body = call("GET", f"/api/v1/media/{media}/playback{query}", token)
    answer = json.loads(body)
    url = answer["url"]
    base = url.rsplit("/", 1)[0]
    call("GET", url, token)
    _, listing = call("GET", f"{base}/video.m3u8", token)
    count = sum(1 for line in listing.decode().splitlines() if line and not line.startswith("#"))
    _, first = call("GET", f"{base}/0.ts", token)
    took = time.monotonic() - began
    assert len(first) > 1000, "a real first segment"
    return took, base, count, answer["method"], first


def segment(token, base, index):
    began = time.monotonic()
    _, data = call("GET", f"{base}/{index}.ts", token)
    return time.monotonic() - began, data


def children_cpu():
    """CPU seconds of the server's finished child processes (ffmpeg)."""
    with open(f"/proc/{SERVER_PID}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / TICKS


def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):.2f} s, min {values[0]:.2f} s, max {values[-1]:.2f} s"


def play_and_seek(name, media, query):
    plays, seeks = [], []
    for _ in range(REPEATS):
        token = sign_in("bench")
        took, base, count, method, _ = start(token, media, query)
        plays.append(took)
        # A jump past what ffmpeg has made: it starts again there.
        seek_took, _ = segment(token, base, count // 2 + len(seeks) % 3)
        seeks.append(seek_took)
        sign_out(token)
    print(f"{name} ({method}, {count} segments): Play to first segment {summary(plays)}; "
          f"seek to first segment {summary(seeks)}")
    return method


def whole(token, media, query, out=None):
    """Fetches every segment in order; returns (wall seconds, video seconds)."""
    began = time.monotonic()
    _, base, count, _, first = start(token, media, query)
    chunks = [first]
    for index in range(1, count):
        _, data = segment(token, base, index)
        if out:
            chunks.append(data)
    wall = time.monotonic() - began
    _, listing = call("GET", f"{base}/video.m3u8", token)
    seconds = sum(float(line[8:].rstrip(",")) for line in listing.decode().splitlines() if line.startswith("#EXTINF:"))
    if out:
        with open(out, "wb") as file:
            file.write(b"".join(chunks))
    return wall, seconds


def main():
    token = sign_in("catalog")
    catalog = films(token)
    remux, transcode = catalog["Remux Film"], catalog["Transcode Film"]
    assert play_and_seek("Remux Film, 1080p H.264 + 5.1 AC-3 MKV", remux, "") == "remux"
    assert play_and_seek("Transcode Film, 1080p HEVC MP4", transcode, "") == "transcode"

    # One whole transcode: its CPU per second of video, and that it decodes as H.264 + AAC.
    before = children_cpu()
    wall, seconds = whole(token, transcode, "", out=f"{WORK}/whole.ts")
    sign_out(token)
    time.sleep(0.5)
    cpu = children_cpu() - before
    report = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "json",
                             f"{WORK}/whole.ts"], capture_output=True, text=True, check=True).stdout
    codecs = [stream["codec_name"] for stream in json.loads(report)["streams"]]
    assert codecs == ["h264", "aac"], codecs
    print(f"one 1080p transcode: {seconds:.0f} s of video in {wall:.1f} s ({seconds / wall:.2f}x real time), "
          f"{cpu:.1f} CPU s: {cpu / seconds:.2f} cores while playing in real time")

    for count in range(2, PARALLEL + 1):
        tokens = [sign_in(f"parallel {n}") for n in range(count)]
        speeds = [0.0] * count

        def run(n):
            wall, seconds = whole(tokens[n], transcode, "")
            speeds[n] = seconds / wall

        threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for each in tokens:
            sign_out(each)
        verdict = "all faster than real time" if min(speeds) >= 1.0 else "NOT all in real time"
        print(f"{count} 1080p transcodes at once: slowest {min(speeds):.2f}x, fastest {max(speeds):.2f}x ({verdict})")


if __name__ == "__main__":
    main()
