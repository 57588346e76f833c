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
source "$(dirname "$0")/ranges.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
SIZE_MIB="${SIZE_MIB:-500}"
PORT="${PORT:-18090}"
NGINX_PORT=$((PORT + 1))
SEED="${SEED:-20261126}"

require wrk nginx ffmpeg curl python3
build_release
port_free "$NGINX_PORT"

make_film "$WORK/media" "$SIZE_MIB"
MEDIA="$WORK/media"
VIDEO="$FILM"

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

check_range nginx "$NGINX_BASE/video.mp4" ""
check_range marquee "$BASE$STREAM_PATH" "$TOKEN"

echo "stream bench: wrk -t $THREADS -c $CONNECTIONS, $ROUNDS x $DURATION per server, warm-up $WARMUP, 1 MiB ranges of a $((FILE_BYTES / 1048576)) MiB file"
machine

# The warm-up also brings the whole file into the page cache.
cat "$VIDEO" >/dev/null
run_ranges "warm-up nginx" "$NGINX_BASE/video.mp4" "$WARMUP" ""
run_ranges "warm-up marquee" "$BASE$STREAM_PATH" "$WARMUP" "$TOKEN"

N_BYTES=0 N_US=0 M_BYTES=0 M_US=0
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  run_ranges "round $round nginx" "$NGINX_BASE/video.mp4" "$DURATION" ""
  N_BYTES=$((N_BYTES + LAST_BYTES)); N_US=$((N_US + LAST_DURATION_US))
  n_rate="$(mib_s "$LAST_BYTES" "$LAST_DURATION_US")"
  run_ranges "round $round marquee" "$BASE$STREAM_PATH" "$DURATION" "$TOKEN"
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
