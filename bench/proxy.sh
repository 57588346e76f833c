#!/usr/bin/env bash
# Marquee as an administrator runs it at scale: nginx with the shipped site (deploy/nginx/marquee.conf,
# HTTPS, round robin) in front of two instances on one PostgreSQL, against the same nginx serving the
# same bytes itself over the same TLS. Two comparisons, in alternating rounds:
#
#   requests  GET /api/v1/account with a Bearer token, through nginx to either instance, against a
#             static file of the same body from nginx (req/s)
#   ranges    1 MiB ranges at random offsets of a ~500 MiB film, GET /api/v1/media/{id}/stream
#             through nginx, against nginx's own sendfile of the file (MiB/s)
#
# Settings (environment variables):
#   DURATION     length of each measured wrk run               (default 10s)
#   WARMUP       length of the warm-up runs                     (default 3s)
#   ROUNDS       measured pairs per comparison                  (default 2)
#   REQUEST_CONNECTIONS  wrk connections for requests           (default 64)
#   RANGE_CONNECTIONS    wrk connections for ranges             (default 8)
#   THREADS      wrk threads                                    (default 2)
#   SIZE_MIB     size of the film                               (default 500)
#   PORT         first of seven ports on 127.0.0.1: the instances on PORT and PORT+1 (their
#                metrics on PORT+5 and PORT+6), nginx's proxy on PORT+2 (HTTPS; its plain-HTTP
#                redirect on PORT+3) and its static server on PORT+4      (default 18300)
#   PG_URL       a PostgreSQL server whose user may create databases
#                                                               (default postgres://postgres@127.0.0.1:5432)
#   SEED, SKIP_BUILD, MARQUEE_BIN as for stream.sh
#
# Exits 1 if a run sees errors, non-2xx answers or ranges of the wrong size, or if the requests did
# not reach both instances. The database it creates is dropped on exit.
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/ranges.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
ROUNDS="${ROUNDS:-2}"
REQUEST_CONNECTIONS="${REQUEST_CONNECTIONS:-64}"
RANGE_CONNECTIONS="${RANGE_CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
SIZE_MIB="${SIZE_MIB:-500}"
PORT="${PORT:-18300}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
SEED="${SEED:-20261127}"

require wrk nginx ffmpeg curl python3 openssl psql
build_release
for port in $(seq "$PORT" $((PORT + 6))); do port_free "$port"; done

# A database of its own, dropped on exit with everything else.
DATABASE="marquee_bench_proxy_$(date +%s)_$$"
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $DATABASE" >/dev/null
DATABASE_URL="$PG_URL/$DATABASE"
drop_database() {
  cleanup
  psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
}
trap drop_database EXIT

make_film "$WORK/media" "$SIZE_MIB"

# The instances: one database, a data directory each, forwarded addresses trusted (only nginx reaches them).
printf 'trust_forwarded_for = true\n' >"$WORK/marquee.toml"
on_database() {
  "$BIN" --database-url "$DATABASE_URL" --config "$WORK/marquee.toml" "$@"
}
printf '%s\n' "$PASSWORD" | on_database --data-dir "$WORK/setup" account create --email "$EMAIL" --password-stdin >/dev/null
on_database --data-dir "$WORK/setup" library add "$WORK/media" --kind movies >/dev/null
on_database --data-dir "$WORK/setup" library scan >"$WORK/scan.out"
grep -q '1 added' "$WORK/scan.out" || { echo "the scan did not add the film:" >&2; cat "$WORK/scan.out" >&2; exit 1; }
INSTANCE_PIDS=()
for n in 0 1; do
  # The binary itself in the background (not through a function), so that its pid is the one killed on exit.
  RUST_LOG=warn "$BIN" --database-url "$DATABASE_URL" --config "$WORK/marquee.toml" --data-dir "$WORK/instance$n" serve --listen "127.0.0.1:$((PORT + n))" \
    --metrics-listen "127.0.0.1:$((PORT + 5 + n))" \
    >"$WORK/instance$n.out" 2>"$WORK/instance$n.log" &
  INSTANCE_PIDS+=($!)
  EXTRA_PIDS+=($!)
done
for n in 0 1; do
  for _ in $(seq 1 100); do
    curl -fsS --max-time 1 "http://127.0.0.1:$((PORT + n))/readyz" >/dev/null 2>&1 && break
    kill -0 "${INSTANCE_PIDS[$n]}" 2>/dev/null || { echo "instance $n exited:" >&2; cat "$WORK/instance$n.log" >&2; exit 1; }
    sleep 0.1
  done
done

# A self-signed certificate for 127.0.0.1, used by both of nginx's servers.
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=marquee.example.org" \
  -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2>/dev/null

# The shipped site, with only its addresses and certificate paths replaced; each replacement must apply.
SITE="$WORK/nginx/marquee.conf"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
sed -e "s/server 127.0.0.1:8080 /server 127.0.0.1:$PORT /" \
  -e "s/server 127.0.0.1:8081 /server 127.0.0.1:$((PORT + 1)) /" \
  -e "s/listen 443 ssl http2;/listen 127.0.0.1:$((PORT + 2)) ssl http2;/" \
  -e "s/listen 80;/listen 127.0.0.1:$((PORT + 3));/" \
  -e '/listen \[::\]/d' \
  -e "s#/etc/letsencrypt/live/marquee.example.org/fullchain.pem#$WORK/tls/cert.pem#" \
  -e "s#/etc/letsencrypt/live/marquee.example.org/privkey.pem#$WORK/tls/key.pem#" \
  "$ROOT/deploy/nginx/marquee.conf" >"$SITE"
for wanted in "server 127.0.0.1:$PORT " "server 127.0.0.1:$((PORT + 1)) " "listen 127.0.0.1:$((PORT + 2)) ssl" \
  "listen 127.0.0.1:$((PORT + 3))" "$WORK/tls/cert.pem" "$WORK/tls/key.pem"; do
  grep -qF "$wanted" "$SITE" || { echo "deploy/nginx/marquee.conf changed: could not set '$wanted'" >&2; exit 1; }
done

STATIC="$WORK/static"
mkdir -p "$STATIC"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    types { video/mp4 mp4; application/json json; }
    include $SITE;
    # The same bytes from nginx itself, over the same TLS.
    server {
        listen 127.0.0.1:$((PORT + 4)) ssl;
        ssl_certificate $WORK/tls/cert.pem;
        ssl_certificate_key $WORK/tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $STATIC;
    }
}
CONF
chmod 755 "$WORK" "$STATIC"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/logs/stderr.log" &
EXTRA_PIDS+=($!)
PROXY="https://127.0.0.1:$((PORT + 2))"
DIRECT="https://127.0.0.1:$((PORT + 4))"
for _ in $(seq 1 50); do
  curl -ksS --max-time 1 -o /dev/null "$PROXY/healthz" 2>/dev/null && break
  kill -0 "${EXTRA_PIDS[-1]}" 2>/dev/null || { echo "nginx exited:" >&2; cat "$WORK/nginx/logs/"* >&2; exit 1; }
  sleep 0.1
done

BASE="$PROXY"
CURL_OPTIONS=(-k)
sign_in
ACCOUNT_BODY="$(curl -kfsS --max-time 5 -H "Authorization: Bearer $TOKEN" "$PROXY/api/v1/account")"
printf '%s' "$ACCOUNT_BODY" >"$STATIC/account.json"
MEDIA_ID="$(curl -kfsS --max-time 5 -H "Authorization: Bearer $TOKEN" "$PROXY/api/v1/catalog" | json 'd["titles"][0]["media_id"]')"
ln "$FILM" "$STATIC/film.mp4" 2>/dev/null || cp "$FILM" "$STATIC/film.mp4"
chmod 644 "$STATIC/film.mp4" "$STATIC/account.json"
STREAM_URL="$PROXY/api/v1/media/$MEDIA_ID/stream"
check_range direct "$DIRECT/film.mp4" ""
check_range proxied "$STREAM_URL" "$TOKEN"

# The small requests: one header, every answer counted.
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

# run_requests NAME URL DURATION TOKEN -> sets LAST_REQUESTS, LAST_DURATION_US and LAST_P99_US (see run_wrk_script).
run_requests() {
  BENCH_TOKEN="$4" run_wrk_script "$1" "$2" "$3" "$REQUEST_CONNECTIONS" "$WORK/requests.lua"
  LAST_P99_US="$(summary_field p99_us)"
}

per_second() { python3 -c "import sys; print(f'{int(sys.argv[1]) / (int(sys.argv[2]) / 1e6):.0f}')" "$1" "$2"; }

echo "proxy bench: nginx (deploy/nginx/marquee.conf, HTTPS) in front of two instances on PostgreSQL, against nginx alone"
echo "wrk -t $THREADS: requests with $REQUEST_CONNECTIONS connections, 1 MiB ranges of a $((FILE_BYTES / 1048576)) MiB film with $RANGE_CONNECTIONS; $ROUNDS x $DURATION each"
machine

cat "$FILM" >/dev/null
run_requests "warm-up direct" "$DIRECT/account.json" "$WARMUP" ""
run_requests "warm-up proxied" "$PROXY/api/v1/account" "$WARMUP" "$TOKEN"
CONNECTIONS="$RANGE_CONNECTIONS"
run_ranges "warm-up direct ranges" "$DIRECT/film.mp4" "$WARMUP" ""
run_ranges "warm-up proxied ranges" "$STREAM_URL" "$WARMUP" "$TOKEN"

D_REQ=0 D_US=0 P_REQ=0 P_US=0 D_BYTES=0 D_RUS=0 P_BYTES=0 P_RUS=0
ROWS=""
for round in $(seq 1 "$ROUNDS"); do
  run_requests "round $round direct" "$DIRECT/account.json" "$DURATION" ""
  D_REQ=$((D_REQ + LAST_REQUESTS)); D_US=$((D_US + LAST_DURATION_US)); d_rate="$(per_second "$LAST_REQUESTS" "$LAST_DURATION_US")"; d_p99=$LAST_P99_US
  run_requests "round $round proxied" "$PROXY/api/v1/account" "$DURATION" "$TOKEN"
  P_REQ=$((P_REQ + LAST_REQUESTS)); P_US=$((P_US + LAST_DURATION_US)); p_rate="$(per_second "$LAST_REQUESTS" "$LAST_DURATION_US")"; p_p99=$LAST_P99_US
  run_ranges "round $round direct ranges" "$DIRECT/film.mp4" "$DURATION" ""
  D_BYTES=$((D_BYTES + LAST_BYTES)); D_RUS=$((D_RUS + LAST_DURATION_US)); d_mib="$(mib_s "$LAST_BYTES" "$LAST_DURATION_US")"
  run_ranges "round $round proxied ranges" "$STREAM_URL" "$DURATION" "$TOKEN"
  P_BYTES=$((P_BYTES + LAST_BYTES)); P_RUS=$((P_RUS + LAST_DURATION_US)); p_mib="$(mib_s "$LAST_BYTES" "$LAST_DURATION_US")"
  ROWS+="round $round: requests direct $d_rate/s (p99 $((d_p99 / 1000)) ms), proxied $p_rate/s (p99 $((p_p99 / 1000)) ms); ranges direct $d_mib MiB/s, proxied $p_mib MiB/s"$'\n'
done

for n in 0 1; do
  kill -0 "${INSTANCE_PIDS[$n]}" 2>/dev/null || { echo "instance $n died:" >&2; cat "$WORK/instance$n.log" >&2; exit 1; }
done
# Round robin: both instances answered a share of the proxied requests (their own counters say how many).
SPLIT=""
for n in 0 1; do
  served="$(curl -fsS --max-time 5 "http://127.0.0.1:$((PORT + 5 + n))/metrics" \
    | python3 -c 'import sys; print(int(sum(float(l.rsplit(" ", 1)[1]) for l in sys.stdin if l.startswith("marquee_http_requests_total{") and "route=\"/api/v1/account\"" in l)))')"
  [[ "$served" -gt 0 ]] || { echo "instance $n answered no request: nginx did not balance" >&2; exit 1; }
  SPLIT+=" instance $n: $served"
done

echo "===== results"
printf '%s' "$ROWS"
echo "GET /api/v1/account answered by$SPLIT"
python3 - "$D_REQ" "$D_US" "$P_REQ" "$P_US" "$D_BYTES" "$D_RUS" "$P_BYTES" "$P_RUS" <<'PY'
import sys
d_req, d_us, p_req, p_us, d_bytes, d_rus, p_bytes, p_rus = map(int, sys.argv[1:])
d = d_req / (d_us / 1e6)
p = p_req / (p_us / 1e6)
dm = d_bytes / 1048576 / (d_rus / 1e6)
pm = p_bytes / 1048576 / (p_rus / 1e6)
print(f"requests: nginx alone {d:8.0f}/s, Marquee through nginx {p:8.0f}/s, ratio {p / d:.3f}")
print(f"ranges:   nginx alone {dm:8.0f} MiB/s, Marquee through nginx {pm:8.0f} MiB/s, ratio {pm / dm:.3f}")
PY
