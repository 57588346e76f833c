#!/usr/bin/env bash
# Latency of the catalog with 10,000 titles on SQLite: the homepage `/browse` (a page, with the
# session cookie) and `GET /api/v1/catalog` (the first page of 50, Bearer token), measured with wrk
# at low concurrency. Prints p50 and p99 for each (target: both under 20 ms).
#
# Settings (environment variables):
#   DURATION     length of each measured wrk run        (default 10s)
#   WARMUP       length of the warm-up run per endpoint  (default 2s)
#   ROUNDS       measured browse+catalog pairs           (default 2)
#   CONNECTIONS  wrk connections                         (default 1: one request at a time)
#   PORT         port on 127.0.0.1 for the server       (default 18100)
#   SKIP_BUILD   set to 1 to use an existing release build
#   MARQUEE_BIN  the server binary to measure (default: the release build of this tree)
#
# Exits 1 if any wrk run reports non-2xx responses or socket errors, or an answer is not the
# signed-in page or list. Only talks to 127.0.0.1; everything it writes is removed on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-1}"
PORT="${PORT:-18100}"
TARGET_MS=20

require wrk curl python3
build_release

# 9,800 movies and 200 shows of two episodes: 10,000 titles in 20 genres, four ratings.
LIBRARY="$WORK/library"
python3 bench/make_library.py "$LIBRARY" tests/fixtures/media/tiny.mp4 --movies 9800 --shows 200 --seasons 1 --episodes 2
DATA="$WORK/data"
create_account
marquee library add "$LIBRARY/Movies" --kind movies >/dev/null
marquee library add "$LIBRARY/Shows" --kind shows >/dev/null
marquee library scan >"$WORK/scan.out"
grep -q ': 9800 added' "$WORK/scan.out" && grep -q ': 200 added' "$WORK/scan.out" \
  || { echo "the scan did not add every title:" >&2; cat "$WORK/scan.out" >&2; exit 1; }

start_server "$PORT"
sign_in
AUTH="Authorization: Bearer $TOKEN"
COOKIE="Cookie: marquee_session=$TOKEN"

# A household's state: a dozen titles in My List and a few started.
TITLES="$(curl -fsS --max-time 10 -H "$AUTH" "$BASE/api/v1/catalog?limit=12&genre=Drama" \
  | json '" ".join(t["id"] + ":" + (t["media_id"] or "") for t in d["titles"])')"
for pair in $TITLES; do
  curl -fsS --max-time 5 -o /dev/null -X PUT -H "$AUTH" "$BASE/api/v1/my-list/${pair%%:*}"
  if [[ -n "${pair#*:}" ]]; then
    curl -fsS --max-time 5 -o /dev/null -X PUT -H "$AUTH" -H 'Content-Type: application/json' \
      -d '{"position_seconds": 0.5}' "$BASE/api/v1/media/${pair#*:}/progress"
  fi
done

# What is measured is what a user would get: the signed-in homepage with its rows, a full page of titles.
status="$(curl -sS --max-time 10 -o "$WORK/browse.html" -w '%{http_code}' -H "$COOKIE" "$BASE/browse")"
[[ "$status" == 200 ]] || { echo "/browse answered $status with the session cookie" >&2; exit 1; }
for row in "Recently Added" "Movies" "TV Shows" "My List" "Drama"; do
  grep -q "$row" "$WORK/browse.html" || { echo "/browse has no row \"$row\"" >&2; exit 1; }
done
count="$(curl -fsS --max-time 10 -H "$AUTH" "$BASE/api/v1/catalog" | json 'len(d["titles"])')"
[[ "$count" == 50 ]] || { echo "/api/v1/catalog listed $count titles, not 50" >&2; exit 1; }

cat >"$WORK/latency.lua" <<'LUA'
local header = os.getenv("BENCH_HEADER")
if header and header ~= "" then
  local name, value = header:match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

# run_wrk NAME PATH DURATION HEADER -> appends "p50 p99 requests" to $WORK/NAME.txt.
run_wrk() {
  local name="$1" path="$2" duration="$3" header="$4" out summary
  out="$(BENCH_HEADER="$header" wrk -t 1 -c "$CONNECTIONS" -d "$duration" --latency -s "$WORK/latency.lua" \
    "$BASE$path" 2>&1)" || { echo "$out" >&2; echo "wrk failed" >&2; exit 1; }
  echo "----- $name $path ($duration)"
  echo "$out" | grep -v '^BENCH '
  if echo "$out" | grep -qE 'Non-2xx or 3xx responses|Socket errors'; then
    echo "FAIL: $name reported non-2xx responses or socket errors" >&2; exit 1
  fi
  summary="$(echo "$out" | grep '^BENCH ')" || { echo "no summary from wrk" >&2; exit 1; }
  echo "$summary" | grep -q 'connect=0 read=0 write=0 timeout=0 status=0' || { echo "FAIL: $name: $summary" >&2; exit 1; }
  echo "$summary" | sed -E 's/.*requests=([0-9]+).*p50_us=([0-9]+) p99_us=([0-9]+).*/\2 \3 \1/' >>"$WORK/$name.txt"
}

echo "catalog bench: 10,000 titles, wrk -t 1 -c $CONNECTIONS, $ROUNDS x $DURATION per endpoint, warm-up $WARMUP"
machine

run_wrk warm-up /browse "$WARMUP" "$COOKIE"
run_wrk warm-up /api/v1/catalog "$WARMUP" "$AUTH"
rm -f "$WORK/warm-up.txt"
for _ in $(seq 1 "$ROUNDS"); do
  run_wrk browse /browse "$DURATION" "$COOKIE"
  run_wrk catalog /api/v1/catalog "$DURATION" "$AUTH"
done

server_alive
if [[ -s "$WORK/server.log" ]]; then
  echo "----- server warnings"; cat "$WORK/server.log"
fi

echo "===== results (per round: p50 / p99)"
python3 - "$WORK" "$TARGET_MS" <<'PY'
import sys
work, target = sys.argv[1], float(sys.argv[2])
failed = False
for name, label in [("browse", "GET /browse      "), ("catalog", "GET /api/v1/catalog")]:
    rounds = [tuple(map(int, line.split())) for line in open(f"{work}/{name}.txt")]
    p50 = max(r[0] for r in rounds) / 1000
    p99 = max(r[1] for r in rounds) / 1000
    shown = ", ".join(f"{r[0] / 1000:.2f} / {r[1] / 1000:.2f} ms ({r[2]} requests)" for r in rounds)
    met = p50 < target and p99 < target
    failed |= not met
    print(f"{label}: {shown}; worst p50 {p50:.2f} ms, worst p99 {p99:.2f} ms "
          f"(target < {target:.0f} ms: {'met' if met else 'NOT met'})")
PY
