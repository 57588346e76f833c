#!/usr/bin/env bash
# Throughput of the signed-in endpoint GET /api/v1/account against GET /healthz on the same
# server, measured with wrk. Prints req/s for each and the ratio account/healthz (target >= 0.8).
#
# Settings (environment variables):
#   DURATION     length of each measured wrk run       (default 10s)
#   WARMUP       length of the warm-up run per endpoint (default 2s)
#   ROUNDS       measured healthz+account pairs         (default 2)
#   CONNECTIONS  wrk connections                        (default 64)
#   THREADS      wrk threads                            (default 2)
#   PORT         port on 127.0.0.1 for the server       (default 18080)
#   SKIP_BUILD   set to 1 to use an existing target/release/marquee
#
# Exits 1 if any wrk run reports non-2xx responses or socket errors. Only talks to 127.0.0.1.
set -euo pipefail

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18080}"
SKIP_BUILD="${SKIP_BUILD:-0}"

EMAIL="bench@example.org"
PASSWORD="bench password that is long enough"
BASE="http://127.0.0.1:${PORT}"

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
BIN="$ROOT/target/release/marquee"

# Settings from the caller's environment must not point the server at another database.
unset MARQUEE_DATABASE_URL MARQUEE_CONFIG MARQUEE_DATA_DIR MARQUEE_LISTEN

if ! command -v wrk >/dev/null; then
  echo "wrk not found; installing it with apt-get" >&2
  apt-get install -y wrk
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

if [[ "$SKIP_BUILD" != 1 ]]; then
  cargo build --release --locked
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 1 "$BASE/" 2>/dev/null; then
  echo "something is already listening on 127.0.0.1:$PORT; set PORT to a free port" >&2
  exit 1
fi

DATA="$WORK/data"
printf '%s\n' "$PASSWORD" | "$BIN" --data-dir "$DATA" account create --email "$EMAIL" --password-stdin >/dev/null

RUST_LOG=warn "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$PORT" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!

for _ in $(seq 1 100); do
  if curl -fsS --max-time 1 "$BASE/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "server exited early:" >&2; cat "$WORK/server.log" >&2; exit 1
  fi
  sleep 0.1
done
curl -fsS --max-time 1 "$BASE/healthz" >/dev/null || { echo "server did not come up" >&2; exit 1; }

SIGN_IN="$(curl -fsS --max-time 10 -X POST "$BASE/api/v1/sessions" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"device_name\":\"bench\",\"device_kind\":\"other\"}")"
TOKEN="$(printf '%s' "$SIGN_IN" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
[[ "$TOKEN" == mq_* ]] || { echo "unexpected sign-in response: $SIGN_IN" >&2; exit 1; }

# The token works before we measure with it.
curl -fsS --max-time 5 -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/account" | grep -q "$EMAIL" \
  || { echo "GET /api/v1/account did not answer with the account" >&2; exit 1; }

# The Lua script adds the header when BENCH_TOKEN is set (so the token is not on a command line)
# and prints a machine-readable summary line at the end of the run.
cat >"$WORK/bench.lua" <<'LUA'
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

# run_wrk NAME PATH DURATION WITH_TOKEN -> prints wrk's output; sets LAST_REQUESTS and LAST_DURATION_US.
run_wrk() {
  local name="$1" path="$2" duration="$3" with_token="$4" out token=""
  [[ "$with_token" == 1 ]] && token="$TOKEN"
  out="$(BENCH_TOKEN="$token" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$duration" --latency \
    -s "$WORK/bench.lua" "$BASE$path" 2>&1)" || { echo "$out" >&2; echo "wrk failed" >&2; exit 1; }
  echo "----- $name $path ($duration)"
  echo "$out" | grep -v '^BENCH '
  if echo "$out" | grep -qE 'Non-2xx or 3xx responses|Socket errors'; then
    echo "FAIL: $name reported non-2xx responses or socket errors" >&2
    exit 1
  fi
  local summary
  summary="$(echo "$out" | grep '^BENCH ')" || { echo "no summary from wrk" >&2; exit 1; }
  if ! echo "$summary" | grep -q 'connect=0 read=0 write=0 timeout=0 status=0'; then
    echo "FAIL: $name: $summary" >&2
    exit 1
  fi
  LAST_REQUESTS="$(echo "$summary" | sed -E 's/.*requests=([0-9]+).*/\1/')"
  LAST_DURATION_US="$(echo "$summary" | sed -E 's/.*duration_us=([0-9]+).*/\1/')"
}

echo "marquee bench: wrk -t $THREADS -c $CONNECTIONS, $ROUNDS x $DURATION per endpoint, warm-up $WARMUP"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"

run_wrk warm-up /healthz "$WARMUP" 0
run_wrk warm-up /api/v1/account "$WARMUP" 1

H_REQ=0 H_US=0 A_REQ=0 A_US=0
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "round $round healthz" /healthz "$DURATION" 0
  H_REQ=$((H_REQ + LAST_REQUESTS)); H_US=$((H_US + LAST_DURATION_US))
  h_rate="$(python3 -c "print(f'{$LAST_REQUESTS / ($LAST_DURATION_US / 1e6):.0f}')")"
  run_wrk "round $round account" /api/v1/account "$DURATION" 1
  A_REQ=$((A_REQ + LAST_REQUESTS)); A_US=$((A_US + LAST_DURATION_US))
  a_rate="$(python3 -c "print(f'{$LAST_REQUESTS / ($LAST_DURATION_US / 1e6):.0f}')")"
  ROWS+="round $round: healthz $h_rate req/s, account $a_rate req/s"$'\n'
done

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "server died during the run:" >&2; cat "$WORK/server.log" >&2; exit 1
fi
if [[ -s "$WORK/server.log" ]]; then
  echo "----- server warnings"; cat "$WORK/server.log"
fi

echo "===== results"
printf '%s' "$ROWS"
python3 - "$H_REQ" "$H_US" "$A_REQ" "$A_US" <<'PY'
import sys
h_req, h_us, a_req, a_us = map(int, sys.argv[1:])
h = h_req / (h_us / 1e6)
a = a_req / (a_us / 1e6)
ratio = a / h
print(f"healthz:        {h:10.0f} req/s ({h_req} requests)")
print(f"api/v1/account: {a:10.0f} req/s ({a_req} requests)")
print(f"ratio account/healthz: {ratio:.3f} (target >= 0.8: {'met' if ratio >= 0.8 else 'NOT met'})")
PY
