#!/usr/bin/env bash
# What the request log costs: requests per second with logging on (the default filter, one line per
# answered request, as users run it) and off (RUST_LOG=marquee=warn), for GET /healthz and for the
# signed-in GET /api/v1/account with a Bearer token, and nginx serving a small static file on the same
# machine in the same run, so every figure is also a ratio to nginx. The two servers run side by side
# (a data directory and an account each), the logging one writing its standard error to a file; wrk
# measures one at a time, in rounds that alternate which of the two goes first.
#
# Settings (environment variables):
#   DURATION     length of each measured wrk run           (default 10s)
#   WARMUP       length of the warm-up run per target       (default 3s)
#   ROUNDS       measured rounds (nginx, then each endpoint on and off)   (default 3)
#   CONNECTIONS  wrk connections                            (default 64)
#   THREADS      wrk threads                                (default 2)
#   PORT         first of four ports on 127.0.0.1: the logging server on PORT (its metrics on
#                PORT+3), the quiet one on PORT+1, nginx on PORT+2           (default 18120)
#   LOG_TO       where the servers' standard error goes: `file`, or `pipe` (read by `cat` into the
#                file, as a service manager's log collector reads it)                 (default file)
#   SKIP_BUILD, MARQUEE_BIN as for stream.sh (MARQUEE_BIN measures another build, e.g. an older one)
#
# Exits 1 if a run sees errors or non-2xx answers. Only talks to 127.0.0.1; the work directory
# (data, logs, nginx) is removed on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18120}"
LOG_TO="${LOG_TO:-file}"
ON_PORT="$PORT" OFF_PORT=$((PORT + 1)) NGINX_PORT=$((PORT + 2)) METRICS_PORT=$((PORT + 3))

require wrk nginx curl python3
[[ "$LOG_TO" == file || "$LOG_TO" == pipe ]] || { echo "LOG_TO is file or pipe, not $LOG_TO" >&2; exit 1; }
build_release
for port in "$ON_PORT" "$OFF_PORT" "$NGINX_PORT" "$METRICS_PORT"; do port_free "$port"; done

# start NAME PORT RUST_LOG [ARGS…]: a server over $WORK/NAME with its own account, standard error to
# $WORK/NAME.log; RUST_LOG empty means unset (the default filter). Signs in; sets TOKEN.
start() {
  local name="$1" port="$2" filter="$3" pid
  shift 3
  DATA="$WORK/$name"
  create_account
  local log="$WORK/$name.log" environment=(env -u RUST_LOG)
  [[ -n "$filter" ]] && environment=(env "RUST_LOG=$filter")
  if [[ "$LOG_TO" == pipe ]]; then
    "${environment[@]}" "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$port" "$@" \
      >"$WORK/$name.out" 2> >(cat >"$log") &
  else
    "${environment[@]}" "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$port" "$@" \
      >"$WORK/$name.out" 2>"$log" &
  fi
  pid=$!
  EXTRA_PIDS+=("$pid")
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS --max-time 1 -o /dev/null "$BASE/healthz" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "server $name exited:" >&2; cat "$WORK/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  sign_in
}
start on "$ON_PORT" "" --metrics-listen "127.0.0.1:$METRICS_PORT"
ON_PID="${EXTRA_PIDS[-1]}" ON_TOKEN="$TOKEN" ON_BASE="$BASE"
start off "$OFF_PORT" "marquee=warn"
OFF_PID="${EXTRA_PIDS[-1]}" OFF_TOKEN="$TOKEN" OFF_BASE="$BASE"
# The sign-ins above are logged by one server (its writer may take a moment) and not by the other.
for _ in $(seq 1 50); do grep -q answered "$WORK/on.log" && break; sleep 0.1; done
grep -q answered "$WORK/on.log" || { echo "the logging server logged no request" >&2; exit 1; }
if grep -q answered "$WORK/off.log"; then echo "the quiet server logged its requests" >&2; exit 1; fi

# nginx: a small static file (the account's JSON, a few hundred bytes), no access log.
STATIC="$WORK/static"
mkdir -p "$STATIC" "$WORK/nginx/logs" "$WORK/nginx/tmp"
curl -fsS --max-time 5 -H "Authorization: Bearer $ON_TOKEN" "$ON_BASE/api/v1/account" >"$STATIC/account.json"
chmod 755 "$WORK" "$STATIC"
chmod 644 "$STATIC/account.json"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    types { application/json json; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $STATIC;
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
EXTRA_PIDS+=($!)
NGINX_URL="http://127.0.0.1:$NGINX_PORT/account.json"
for _ in $(seq 1 50); do
  curl -fsS --max-time 1 -o /dev/null "$NGINX_URL" 2>/dev/null && break
  kill -0 "${EXTRA_PIDS[-1]}" 2>/dev/null || { echo "nginx exited:" >&2; cat "$WORK/nginx/logs/"* >&2; exit 1; }
  sleep 0.1
done

cat >"$WORK/requests.lua" <<'LUA'
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(99)))
end
LUA

# The targets, by key: URL and token.
declare -A URL=(
  [nginx]="$NGINX_URL"
  [healthz_on]="$ON_BASE/healthz" [healthz_off]="$OFF_BASE/healthz"
  [account_on]="$ON_BASE/api/v1/account" [account_off]="$OFF_BASE/api/v1/account"
)
declare -A TOKEN_OF=([nginx]="" [healthz_on]="" [healthz_off]="" [account_on]="$ON_TOKEN" [account_off]="$OFF_TOKEN")
declare -A REQ=() US=()
for key in "${!URL[@]}"; do REQ[$key]=0 US[$key]=0; done

# measure KEY DURATION: one wrk run against KEY, added to its totals; sets RATE (requests per second).
measure() {
  local key="$1" duration="$2"
  BENCH_TOKEN="${TOKEN_OF[$key]}" run_wrk_script "$key" "${URL[$key]}" "$duration" "$CONNECTIONS" "$WORK/requests.lua"
  REQ[$key]=$((${REQ[$key]} + LAST_REQUESTS))
  US[$key]=$((${US[$key]} + LAST_DURATION_US))
  RATE="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / (int(sys.argv[2]) / 1e6):.0f}')" "$LAST_REQUESTS" "$LAST_DURATION_US")"
}

echo "logging bench: wrk -t $THREADS -c $CONNECTIONS, $ROUNDS rounds of $DURATION per target, warm-up $WARMUP; logs to a $LOG_TO"
echo "binary: $BIN, $("$BIN" --version)"
machine

for key in nginx healthz_on healthz_off account_on account_off; do
  BENCH_TOKEN="${TOKEN_OF[$key]}" run_wrk_script "warm-up $key" "${URL[$key]}" "$WARMUP" "$CONNECTIONS" "$WORK/requests.lua"
done
for key in "${!URL[@]}"; do REQ[$key]=0 US[$key]=0; done

ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  # Odd rounds measure logging on first, even rounds off first, so drift falls on both alike.
  if ((round % 2)); then order=(on off); else order=(off on); fi
  row="round $round (load $(cut -d' ' -f1 /proc/loadavg)):"
  measure nginx "$DURATION"
  row+=" nginx $RATE"
  for endpoint in healthz account; do
    for logging in "${order[@]}"; do
      measure "${endpoint}_$logging" "$DURATION"
      row+=", $endpoint $logging $RATE"
    done
  done
  ROWS+="$row"$'\n'
done

for pid in "$ON_PID" "$OFF_PID"; do
  kill -0 "$pid" 2>/dev/null || { echo "a server died during the run" >&2; exit 1; }
done
DROPPED="$(curl -fsS --max-time 5 "http://127.0.0.1:$METRICS_PORT/metrics" \
  | sed -n 's/^marquee_log_lines_dropped_total \([0-9.]*\)$/\1/p')"
LINES="$(grep -c 'answered' "$WORK/on.log" || true)"

echo "===== results (requests per second)"
printf '%s' "$ROWS"
echo "logging server: $LINES request lines written ($(du -h "$WORK/on.log" | cut -f1)), ${DROPPED:-no count of} dropped lines"
python3 - "${REQ[nginx]}" "${US[nginx]}" "${REQ[healthz_on]}" "${US[healthz_on]}" "${REQ[healthz_off]}" \
  "${US[healthz_off]}" "${REQ[account_on]}" "${US[account_on]}" "${REQ[account_off]}" "${US[account_off]}" <<'PY'
import sys
v = list(map(int, sys.argv[1:]))
rate = lambda i: v[i] / (v[i + 1] / 1e6)
nginx, h_on, h_off, a_on, a_off = (rate(i) for i in range(0, 10, 2))
print(f"nginx static file: {nginx:8.0f}/s")
for name, on, off in (("GET /healthz", h_on, h_off), ("GET /api/v1/account", a_on, a_off)):
    verdict = "met" if on >= 0.95 * off else "NOT met"
    print(f"{name:20} logging on {on:8.0f}/s ({on / nginx:.3f} of nginx), off {off:8.0f}/s ({off / nginx:.3f} of nginx), "
          f"on/off {on / off:.3f} (target >= 0.95: {verdict})")
PY
