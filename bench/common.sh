# Shared by the benchmark scripts in bench/ that source it (not run): the release
# build, a temporary work directory removed on exit, a server on 127.0.0.1 and a signed-in device
# with its profile chosen. Every helper exits 1 with a message when something is not as expected.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${MARQUEE_BIN:-$TARGET_DIR/release/marquee}"
SKIP_BUILD="${SKIP_BUILD:-0}"

EMAIL="bench@example.org"
PASSWORD="bench password that is long enough"

# Settings from the caller's environment must not point the server at another database.
unset MARQUEE_DATABASE_URL MARQUEE_CONFIG MARQUEE_DATA_DIR MARQUEE_LISTEN

require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
  done
}

build_release() {
  if [[ "$SKIP_BUILD" != 1 ]]; then
    cargo build --release --locked --bin marquee
  fi
  [[ -x "$BIN" ]] || { echo "$BIN not found: build it first (or unset SKIP_BUILD)" >&2; exit 1; }
}

WORK="$(mktemp -d)"
SERVER_PID=""
EXTRA_PIDS=()
cleanup() {
  for pid in "${EXTRA_PIDS[@]}" "$SERVER_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# json EXPRESSION: evaluates a Python expression over the JSON document `d` read from stdin.
json() {
  python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

port_free() {
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null; then
    echo "something is already listening on 127.0.0.1:$1; choose another port" >&2
    exit 1
  fi
}

# marquee ARGS…: the CLI on the benchmark's data directory $DATA.
marquee() {
  "$BIN" --data-dir "$DATA" "$@"
}

create_account() {
  printf '%s\n' "$PASSWORD" | marquee account create --email "$EMAIL" --password-stdin >/dev/null
}

# start_server PORT: `marquee serve` on 127.0.0.1:PORT over $DATA, waiting until /healthz answers.
start_server() {
  local port="$1"
  BASE="http://127.0.0.1:$port"
  port_free "$port"
  RUST_LOG=warn "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$port" \
    >"$WORK/server.out" 2>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -fsS --max-time 1 "$BASE/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited early:" >&2; cat "$WORK/server.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "server did not come up" >&2
  exit 1
}

# Options every curl to the server takes (e.g. -k for a test certificate).
CURL_OPTIONS=()

# sign_in: signs a device in through the API and chooses the account's first profile; sets TOKEN.
sign_in() {
  local answer profile
  answer="$(curl "${CURL_OPTIONS[@]}" -fsS --max-time 10 -X POST "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"device_name\":\"bench\",\"device_kind\":\"other\"}")"
  TOKEN="$(printf '%s' "$answer" | json 'd["token"]')"
  [[ "$TOKEN" == mq_* ]] || { echo "unexpected sign-in response: $answer" >&2; exit 1; }
  answer="$(curl "${CURL_OPTIONS[@]}" -fsS --max-time 5 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/profiles")"
  profile="$(printf '%s' "$answer" | json '(d["profiles"] if isinstance(d, dict) else d)[0]["id"]')"
  curl "${CURL_OPTIONS[@]}" -fsS --max-time 5 -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/profiles/$profile/select" || { echo "could not select profile $profile" >&2; exit 1; }
}

server_alive() {
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server died during the run:" >&2; cat "$WORK/server.log" >&2; exit 1
  fi
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# run_wrk_script NAME URL DURATION CONNECTIONS SCRIPT: wrk with THREADS threads and the Lua SCRIPT, whose
# `done` hook prints one `BENCH key=value …` line (requests, bytes, duration_us and wrk's error
# counts at least); variables the script reads are set by the caller, e.g. `BENCH_TOKEN=… run_wrk_script …`.
# Prints wrk's report, exits 1 on any error or non-2xx answer, and sets LAST_SUMMARY,
# LAST_REQUESTS, LAST_BYTES and LAST_DURATION_US.
run_wrk_script() {
  local name="$1" url="$2" duration="$3" connections="$4" script="$5" out
  out="$(wrk -t "$THREADS" -c "$connections" -d "$duration" --latency -s "$script" "$url" 2>&1)" \
    || { echo "$out" >&2; echo "wrk failed" >&2; exit 1; }
  echo "----- $name ($duration)"
  echo "$out" | grep -v '^BENCH '
  if echo "$out" | grep -qE 'Non-2xx or 3xx responses|Socket errors'; then
    echo "FAIL: $name reported non-2xx responses or socket errors" >&2; exit 1
  fi
  LAST_SUMMARY="$(echo "$out" | grep '^BENCH ')" || { echo "no summary from wrk" >&2; exit 1; }
  echo "$LAST_SUMMARY" | grep -q 'connect=0 read=0 write=0 timeout=0 status=0' \
    || { echo "FAIL: $name: $LAST_SUMMARY" >&2; exit 1; }
  LAST_REQUESTS="$(summary_field requests)"
  LAST_BYTES="$(summary_field bytes)"
  LAST_DURATION_US="$(summary_field duration_us)"
}

# summary_field KEY: the number KEY has in LAST_SUMMARY.
summary_field() {
  echo "$LAST_SUMMARY" | sed -E "s/.* $1=([0-9]+).*/\1/"
}
