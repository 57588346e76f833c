#!/usr/bin/env bash
# The sign-in flood benchmark (bench/sign_in_flood.rs): builds the server and the benchmark in
# release mode, then runs it. Prints the signed-in user's latencies, the hashes done and the
# server's peak resident memory, with PASS/FAIL per target; exits 1 when a target is missed.
# Only loopback addresses are used (the server on 127.0.0.1, clients from 127.0.0.1 to 127.0.0.65).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cargo build --release --locked --bin marquee --example sign_in_flood
fi
exec target/release/examples/sign_in_flood
