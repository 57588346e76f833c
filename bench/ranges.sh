# Shared by bench/stream.sh and bench/proxy.sh (sourced after common.sh): a large film, and wrk
# asking a server for 1 MiB ranges of it at random offsets, the same sequence on every run.
# The caller sets THREADS, CONNECTIONS and SEED.

RANGE_BYTES=1048576

# make_film MEDIA_DIR SIZE_MIB: a film for a movies library under MEDIA_DIR, a real 10 s H.264 clip
# (so the scanner can read its headers and a player could play it) padded to SIZE_MIB with a `free`
# box of random bytes, which MP4 readers step over. Seconds to make, where encoding 500 MiB of video
# would take minutes on two cores. Sets FILM (its path) and FILE_BYTES.
make_film() {
  local media="$1" size_mib="$2" folder clip_bytes pad
  folder="$media/Bench Clip (2024)"
  FILM="$folder/Bench Clip (2024).mp4"
  mkdir -p "$folder"
  ffmpeg -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -t 10 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p -movflags +faststart "$WORK/clip.mp4"
  clip_bytes="$(stat -c %s "$WORK/clip.mp4")"
  pad=$((size_mib * 1048576 - clip_bytes))
  {
    cat "$WORK/clip.mp4"
    python3 -c 'import struct, sys; sys.stdout.buffer.write(struct.pack(">I4s", int(sys.argv[1]), b"free"))' "$pad"
    head -c $((pad - 8)) /dev/urandom
  } >"$FILM"
  FILE_BYTES="$(stat -c %s "$FILM")"
  # nginx's workers may run as another user: they need to reach the file.
  chmod 755 "$WORK" "$media" "$folder"
  chmod 644 "$FILM"
}

# check_range NAME URL TOKEN: the server answers a range with 206 and exactly the film's bytes.
check_range() {
  local name="$1" url="$2" auth="$3" start=$((FILE_BYTES / 3)) status
  status="$(curl "${CURL_OPTIONS[@]}" -sS --max-time 10 -o "$WORK/range.$name" -w '%{http_code}' -H "Range: bytes=$start-$((start + RANGE_BYTES - 1))" \
    ${auth:+-H "Authorization: Bearer $auth"} "$url")"
  [[ "$status" == 206 ]] || { echo "$name answered a range with $status" >&2; exit 1; }
  cmp -s "$WORK/range.$name" <(tail -c +$((start + 1)) "$FILM" | head -c "$RANGE_BYTES") \
    || { echo "$name sent other bytes than the file's" >&2; exit 1; }
}
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

# run_ranges NAME URL DURATION TOKEN -> sets LAST_BYTES and LAST_DURATION_US (see run_wrk_script).
run_ranges() {
  local name="$1"
  BENCH_TOKEN="$4" BENCH_FILE_BYTES="$FILE_BYTES" BENCH_RANGE_BYTES="$RANGE_BYTES" BENCH_SEED="$SEED" \
    run_wrk_script "$name" "$2" "$3" "$CONNECTIONS" "$WORK/ranges.lua"
  # Every answer is one range: 1 MiB of body and a few hundred bytes of headers; each connection may
  # also have been part-way through one more when the run stopped.
  python3 -c "import sys; r, b, s, c = map(int, sys.argv[1:]); sys.exit(0 if r > 0 and s * r <= b <= (s + 2048) * (r + c) else 1)" \
    "$LAST_REQUESTS" "$LAST_BYTES" "$RANGE_BYTES" "$CONNECTIONS" || { echo "FAIL: $name: answers were not $RANGE_BYTES-byte ranges" >&2; exit 1; }
}

mib_s() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / (int(sys.argv[2]) / 1e6):.0f}')" "$1" "$2"; }
