#!/usr/bin/env bash
# How long `marquee library scan` takes for a library of 10,000 videos: a first scan (every header
# read, every title written) and a rescan with nothing changed (targets: first scan in seconds,
# rescan under one second). On SQLite, and on a fresh PostgreSQL database when PG_URL is set.
#
# Settings (environment variables):
#   MOVIES       movie folders, one video each             (default 6000)
#   SHOWS        shows, each SEASONS x EPISODES videos      (default 200, 2 x 10: 4000 videos)
#   RESCANS      rescans timed after the first scan         (default 3)
#   PG_URL       a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432 (default unset: SQLite
#                only); a database marquee_bench_scan_<pid> is created there and dropped on exit
#   SKIP_BUILD   set to 1 to use an existing release build
#   MARQUEE_BIN  the server binary to measure (default: the release build of this tree)
#
# Exits 1 if a scan fails or its summary is not what the tree holds. The tree and data directory
# live in a temporary directory removed on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

MOVIES="${MOVIES:-6000}"
SHOWS="${SHOWS:-200}"
SEASONS=2
EPISODES=10
RESCANS="${RESCANS:-3}"
PG_URL="${PG_URL:-}"

require python3
build_release

LIBRARY="$WORK/library"
python3 bench/make_library.py "$LIBRARY" tests/fixtures/media/tiny.mp4 \
  --movies "$MOVIES" --shows "$SHOWS" --seasons "$SEASONS" --episodes "$EPISODES"

PG_DB=""
drop_pg() {
  if [[ -n "$PG_DB" ]]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  fi
}
trap 'drop_pg; cleanup' EXIT

# timed LABEL EXPECT ARGS…: runs `marquee ARGS… library scan`, checks that both summaries match the
# patterns in EXPECT (movies, then shows), and prints the wall time in seconds.
timed() {
  local label="$1" expect_movies="$2" expect_shows="$3" started ended
  shift 3
  started="$(date +%s.%N)"
  "$BIN" "$@" library scan >"$WORK/scan.out"
  ended="$(date +%s.%N)"
  grep "/Movies (movies)" "$WORK/scan.out" | grep -q "$expect_movies" \
    && grep "/Shows (shows)" "$WORK/scan.out" | grep -q "$expect_shows" \
    || { echo "FAIL: $label: unexpected summary:" >&2; cat "$WORK/scan.out" >&2; exit 1; }
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$started" "$ended"
}

# bench_on NAME ARGS…: a first scan, then RESCANS rescans, on the database ARGS… names.
bench_on() {
  local name="$1" first rescan
  shift
  "$BIN" "$@" library add "$LIBRARY/Movies" --kind movies >/dev/null
  "$BIN" "$@" library add "$LIBRARY/Shows" --kind shows >/dev/null
  sync
  first="$(timed "$name first scan" ": $MOVIES added, 0 changed" ": $SHOWS added, 0 changed" "$@")"
  echo "$name: first scan $first s ($MOVIES movies + $SHOWS shows, $((MOVIES + SHOWS * SEASONS * EPISODES)) videos)"
  for round in $(seq 1 "$RESCANS"); do
    rescan="$(timed "$name rescan" ": 0 added, 0 changed, $MOVIES unchanged" ": 0 added, 0 changed, $SHOWS unchanged" "$@")"
    echo "$name: rescan $round $rescan s"
    RESULTS+="$name first=$first rescan$round=$rescan"$'\n'
  done
}

echo "scan bench: $MOVIES movies + $SHOWS shows x $SEASONS seasons x $EPISODES episodes"
machine
RESULTS=""

DATA="$WORK/data"
bench_on sqlite --data-dir "$DATA"

if [[ -n "$PG_URL" ]]; then
  require psql
  PG_DB="marquee_bench_scan_$$"
  psql -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
  bench_on postgres --database-url "$PG_URL/$PG_DB"
fi

echo "===== results"
python3 - <<PY
rows = """$RESULTS""".strip().splitlines()
by = {}
for row in rows:
    name, *pairs = row.split()
    entry = by.setdefault(name, {"rescans": []})
    for pair in pairs:
        key, value = pair.split("=")
        if key == "first":
            entry["first"] = float(value)
        else:
            entry["rescans"].append(float(value))
ok = True
for name, entry in by.items():
    worst = max(entry["rescans"])
    met = worst < 1.0
    ok &= met
    print(f"{name:8}: first scan {entry['first']:.2f} s, rescan {min(entry['rescans']):.3f}-{worst:.3f} s "
          f"(target < 1 s: {'met' if met else 'NOT met'})")
PY
