#!/usr/bin/env bash
# Throughput of the authenticated video stream (GET /api/v1/media/{id}/stream with a Bearer token)
# against nginx (sendfile on) serving the same ~500 MiB file, both on 127.0.0.1: wrk asks each for
# 1 MiB ranges at random offsets (the same seeded sequence for both), in alternating rounds. Prints
# MiB/s for each and the ratio marquee/nginx (target >= 0.9).
#
# Settings (environment variables):
#   DURATION     length of each measured wrk run        (default 10s)
#   WARMUP       length of the warm-up run per server    (default 3s)
#   ROUNDS       measured nginx+marquee pairs            (default 2)
#   CONNECTIONS  wrk connections                         (default 8)
#   THREADS      wrk threads                             (default 2)
#   SIZE_MIB     size of the video file                  (default 500)
#   PORT         port on 127.0.0.1 for Marquee           (default 18090; nginx uses PORT+1)
#   SEED         seed of the random offsets              (default 20261126)
#   SKIP_BUILD   set to 1 to use an existing release build
#   MARQUEE_BIN  the server binary to measure (default: the release build of this tree)
#
# Exits 1 if any wrk run reports non-2xx responses, socket errors or answers that are not 1 MiB
# ranges. Only talks to 127.0.0.1; the work directory (video, data, nginx) is removed on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
SIZE_MIB="${SIZE_MIB:-500}"
PORT="${PORT:-18090}"
NGINX_PORT=$((PORT + 1))
SEED="${SEED:-20261126}"
RANGE_BYTES=1048576

require wrk nginx ffmpeg curl python3
build_release
port_free "$NGINX_PORT"

# The video: a real 10 s H.264 clip (so the scanner can read its headers and a player could play it),
# padded to SIZE_MIB with a `free` box of random bytes, which MP4 readers step over. Seconds to make,
# where encoding 500 MiB of video would take minutes on two cores.
MEDIA="$WORK/media"
FOLDER="$MEDIA/Bench Clip (2024)"
VIDEO="$FOLDER/Bench Clip (2024).mp4"
mkdir -p "$FOLDER"
ffmpeg -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -t 10 -c:v libx264 -preset ultrafast \
  -pix_fmt yuv420p -movflags +faststart "$WORK/clip.mp4"
CLIP_BYTES="$(stat -c %s "$WORK/clip.mp4")"
PAD=$((SIZE_MIB * 1048576 - CLIP_BYTES))
{
  cat "$WORK/clip.mp4"
  python3 -c 'import struct, sys; sys.stdout.buffer.write(struct.pack(">I4s", int(sys.argv[1]), b"free"))' "$PAD"
  head -c $((PAD - 8)) /dev/urandom
} >"$VIDEO"
FILE_BYTES="$(stat -c %s "$VIDEO")"
# nginx's workers may run as another user: they need to reach the file.
chmod 755 "$WORK" "$MEDIA" "$FOLDER"
chmod 644 "$VIDEO"

DATA="$WORK/data"
create_account
marquee library add "$MEDIA" --kind movies >/dev/null
marquee library scan >"$WORK/scan.out"
grep -q '1 added' "$WORK/scan.out" || { echo "the scan did not add the clip:" >&2; cat "$WORK/scan.out" >&2; exit 1; }

start_server "$PORT"
sign_in
MEDIA_ID="$(curl -fsS --max-time 5 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/catalog" | json 'd["titles"][0]["media_id"]')"
STREAM_PATH="/api/v1/media/$MEDIA_ID/stream"

mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx/tmp/body;
    types { video/mp4 mp4; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /video.mp4 { alias "$VIDEO"; }
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
EXTRA_PIDS+=($!)
NGINX_BASE="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 1 50); do
  curl -fsS --max-time 1 -o /dev/null -r 0-0 "$NGINX_BASE/video.mp4" 2>/dev/null && break
  if ! kill -0 "${EXTRA_PIDS[0]}" 2>/dev/null; then
    echo "nginx exited early:" >&2; cat "$WORK/nginx/logs/"* >&2; exit 1
  fi
  sleep 0.1
done

# Both answer a range with 206 and exactly the bytes of the file.
check_range() {
  local name="$1" url="$2" auth="$3" start=$((FILE_BYTES / 3)) status
  status="$(curl -sS --max-time 10 -o "$WORK/range.$name" -w '%{http_code}' -H "Range: bytes=$start-$((start + RANGE_BYTES - 1))" \
    ${auth:+-H "Authorization: Bearer $auth"} "$url")"
  [[ "$status" == 206 ]] || { echo "$name answered a range with $status" >&2; exit 1; }
  cmp -s "$WORK/range.$name" <(tail -c +$((start + 1)) "$VIDEO" | head -c "$RANGE_BYTES") \
    || { echo "$name sent other bytes than the file's" >&2; exit 1; }
}
check_range nginx "$NGINX_BASE/video.mp4" ""
check_range marquee "$BASE$STREAM_PATH" "$TOKEN"

# Each wrk thread draws offsets from its own generator, seeded with SEED + its number, so every run
# asks for the same ranges in the same order. Only the `done` hook reads results (a `response` hook
# would copy every 1 MiB body into Lua).
cat >"$WORK/ranges.lua" <<'LUA'
local size = tonumber(os.getenv("BENCH_FILE_BYTES"))
local span = tonumber(os.getenv("BENCH_RANGE_BYTES"))
local seed = tonumber(os.getenv("BENCH_SEED"))
local token = os.getenv("BENCH_TOKEN")
local threads = 0
function setup(thread)
  thread:set("number", threads)
  threads = threads + 1
end
function init(args)
  math.randomseed(seed + number)
end
-- wrk.format uses the table given instead of wrk.headers, so it carries every header.
function request()
  local start = math.random(0, size - span)
  local headers = { ["Range"] = "bytes=" .. start .. "-" .. (start + span - 1) }
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format(nil, nil, headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

# run_wrk NAME URL DURATION TOKEN -> sets LAST_BYTES and LAST_DURATION_US.
run_wrk() {
  local name="$1" url="$2" duration="$3" token="$4" out summary requests
  out="$(BENCH_TOKEN="$token" BENCH_FILE_BYTES="$FILE_BYTES" BENCH_RANGE_BYTES="$RANGE_BYTES" BENCH_SEED="$SEED" \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$duration" --latency -s "$WORK/ranges.lua" "$url" 2>&1)" \
    || { echo "$out" >&2; echo "wrk failed" >&2; exit 1; }
  echo "----- $name ($duration)"
  echo "$out" | grep -v '^BENCH '
  if echo "$out" | grep -qE 'Non-2xx or 3xx responses|Socket errors'; then
    echo "FAIL: $name reported non-2xx responses or socket errors" >&2; exit 1
  fi
  summary="$(echo "$out" | grep '^BENCH ')" || { echo "no summary from wrk" >&2; exit 1; }
  echo "$summary" | grep -q 'connect=0 read=0 write=0 timeout=0 status=0' \
    || { echo "FAIL: $name: $summary" >&2; exit 1; }
  requests="$(echo "$summary" | sed -E 's/.*requests=([0-9]+).*/\1/')"
  LAST_BYTES="$(echo "$summary" | sed -E 's/.* bytes=([0-9]+).*/\1/')"
  LAST_DURATION_US="$(echo "$summary" | sed -E 's/.*duration_us=([0-9]+).*/\1/')"
  # Every answer is one range: 1 MiB of body and a few hundred bytes of headers.
  python3 -c "import sys; r, b, s = map(int, sys.argv[1:]); sys.exit(0 if r > 0 and s * r <= b <= (s + 2048) * r else 1)" \
    "$requests" "$LAST_BYTES" "$RANGE_BYTES" || { echo "FAIL: $name: answers were not $RANGE_BYTES-byte ranges" >&2; exit 1; }
}

mib_s() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / (int(sys.argv[2]) / 1e6):.0f}')" "$1" "$2"; }

echo "stream bench: wrk -t $THREADS -c $CONNECTIONS, $ROUNDS x $DURATION per server, warm-up $WARMUP, 1 MiB ranges of a $((FILE_BYTES / 1048576)) MiB file"
machine

# The warm-up also brings the whole file into the page cache.
cat "$VIDEO" >/dev/null
run_wrk "warm-up nginx" "$NGINX_BASE/video.mp4" "$WARMUP" ""
run_wrk "warm-up marquee" "$BASE$STREAM_PATH" "$WARMUP" "$TOKEN"

N_BYTES=0 N_US=0 M_BYTES=0 M_US=0
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "round $round nginx" "$NGINX_BASE/video.mp4" "$DURATION" ""
  N_BYTES=$((N_BYTES + LAST_BYTES)); N_US=$((N_US + LAST_DURATION_US))
  n_rate="$(mib_s "$LAST_BYTES" "$LAST_DURATION_US")"
  run_wrk "round $round marquee" "$BASE$STREAM_PATH" "$DURATION" "$TOKEN"
  M_BYTES=$((M_BYTES + LAST_BYTES)); M_US=$((M_US + LAST_DURATION_US))
  m_rate="$(mib_s "$LAST_BYTES" "$LAST_DURATION_US")"
  ROWS+="round $round: nginx $n_rate MiB/s, marquee $m_rate MiB/s"$'\n'
done

server_alive
if [[ -s "$WORK/server.log" ]]; then
  echo "----- server warnings"; cat "$WORK/server.log"
fi

echo "===== results"
printf '%s' "$ROWS"
python3 - "$N_BYTES" "$N_US" "$M_BYTES" "$M_US" <<'PY'
import sys
n_bytes, n_us, m_bytes, m_us = map(int, sys.argv[1:])
n = n_bytes / 1048576 / (n_us / 1e6)
m = m_bytes / 1048576 / (m_us / 1e6)
ratio = m / n
print(f"nginx:   {n:8.0f} MiB/s")
print(f"marquee: {m:8.0f} MiB/s")
print(f"ratio marquee/nginx: {ratio:.3f} (target >= 0.9: {'met' if ratio >= 0.9 else 'NOT met'})")
PY
