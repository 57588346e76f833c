#!/usr/bin/env bash
# Remux and transcode through HLS, against the real server and ffmpeg: the time from Play to the
# first segment and from a seek to the first segment after it, for a remux (1080p H.264 with 5.1
# AC-3 in Matroska, sound made AAC) and for a transcode (1080p HEVC made H.264); the CPU a transcode
# takes per second of video; and how many 1080p transcodes run at once faster than real time.
# Targets: first segment and seek under 2 s for a remux, under 4 s for a transcode.
#
# Settings (environment variables):
#   SECONDS_OF_VIDEO  length of each test video             (default 60)
#   REPEATS           timed plays (and seeks) per method    (default 5)
#   PARALLEL          the most transcodes run at once       (default 3)
#   PORT              port on 127.0.0.1                     (default 18110)
#   SKIP_BUILD        set to 1 to use an existing release build
#   MARQUEE_BIN       the server binary to measure (default: the release build of this tree)
#
# Exits 1 if a request fails or a stream is not H.264 + AAC. The videos and the data directory live
# in a temporary directory removed on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SECONDS_OF_VIDEO="${SECONDS_OF_VIDEO:-60}"
REPEATS="${REPEATS:-5}"
PARALLEL="${PARALLEL:-3}"
PORT="${PORT:-18110}"

require ffmpeg ffprobe curl python3
build_release

# Two 1080p films, 24 frames a second, a keyframe every 2 s; the picture is a moving test pattern
# with noise, so it costs an encoder about what a film does. Made as fast as x264/x265 go.
MEDIA="$WORK/media"
mkdir -p "$MEDIA/Remux Film (2024)" "$MEDIA/Transcode Film (2024)"
picture=(-f lavfi -i "testsrc2=size=1920x1080:rate=24:duration=$SECONDS_OF_VIDEO,noise=alls=12:allf=t")
sound=(-f lavfi -i "sine=frequency=440:duration=$SECONDS_OF_VIDEO")
echo "making the test films ($SECONDS_OF_VIDEO s each, 1080p)…"
ffmpeg -loglevel error -nostdin "${picture[@]}" "${sound[@]}" -c:v libx264 -preset ultrafast -g 48 -b:v 8M \
  -c:a ac3 -ac 6 -b:a 384k "$MEDIA/Remux Film (2024)/Remux Film (2024).mkv"
ffmpeg -loglevel error -nostdin "${picture[@]}" "${sound[@]}" -c:v libx265 -preset ultrafast \
  -x265-params log-level=error:keyint=48 -b:v 6M -tag:v hvc1 -c:a aac -b:a 192k \
  "$MEDIA/Transcode Film (2024)/Transcode Film (2024).mp4"

DATA="$WORK/data"
create_account
marquee library add "$MEDIA" --kind movies >/dev/null
marquee library scan >"$WORK/scan.out"
grep -q '2 added' "$WORK/scan.out" || { echo "the scan did not add both films:" >&2; cat "$WORK/scan.out" >&2; exit 1; }
printf 'max_transcodes = %s\n' "$PARALLEL" >"$WORK/marquee.toml"
export MARQUEE_CONFIG="$WORK/marquee.toml"
start_server "$PORT"
machine
BASE="$BASE" EMAIL="$EMAIL" PASSWORD="$PASSWORD" SERVER_PID="$SERVER_PID" WORK="$WORK" \
  REPEATS="$REPEATS" PARALLEL="$PARALLEL" python3 bench/hls.py
server_alive
