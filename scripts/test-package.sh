#!/usr/bin/env bash
# Builds the Debian package (cargo deb) and checks it on this machine: it installs with dpkg, the
# marquee user and /etc/marquee/marquee.toml are there, the unit file verifies, the server starts
# with the unit's own command line, and the data in /var/lib/marquee survives an upgrade, a
# removal and a purge. Then it removes what it made.
#
# It installs and removes a package, so it needs root, and it refuses to run where Marquee is
# installed already or /var/lib/marquee exists. .ci/run runs it after scripts/test.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly unit=/usr/lib/systemd/system/marquee.service
readonly data=/var/lib/marquee
readonly email=package-check@marquee.local

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test-package.sh installs and removes the marquee package: run it as root." >&2
  exit 1
fi
if dpkg-query -W -f='${Status}' marquee 2>/dev/null | grep -q 'installed\|config-files'; then
  echo "The marquee package is on this machine already; this check would replace it. Stopping." >&2
  exit 1
fi
if [ -e "$data" ] || getent passwd marquee >/dev/null; then
  echo "$data or the marquee user exists already; this check would delete them. Stopping." >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

missing=()
command -v curl >/dev/null || missing+=(curl)
command -v adduser >/dev/null || missing+=(adduser)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if ! cargo deb --version >/dev/null 2>&1; then
  step "installing cargo-deb"
  cargo install cargo-deb --locked
fi

# CI packages the debug build the tests just made (the install, upgrade and removal checks are the
# same), where a release build would add minutes; a real package is built with the default.
profile=${MARQUEE_DEB_PROFILE:-release}
step "building the package ($profile build)"
started=$SECONDS
deb=$(cargo deb --locked --profile "$profile" | tail -n 1)
[ -f "$deb" ] || fail "cargo deb did not name a package file (got: $deb)"
echo "$deb, built in $((SECONDS - started)) s"

server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  dpkg -P marquee >/dev/null 2>&1 || true
  rm -rf "$data"
  if getent passwd marquee >/dev/null; then userdel marquee; fi
  if getent group marquee >/dev/null; then groupdel marquee; fi
}
trap cleanup EXIT

install_package() {
  if ! dpkg -i "$deb"; then
    # A dependency is missing: apt installs it and finishes configuring the package.
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -f
  fi
  [ "$(dpkg-query -W -f='${Status}' marquee)" = "install ok installed" ] || fail "the package is not installed"
}

as_marquee() { runuser -u marquee -- "$@"; }

# Runs the unit's ExecStart as the marquee user (systemd may not run here), on a free port, and
# waits for /healthz.
start_server() {
  local command log address
  command=$(sed -n 's/^ExecStart=//p' "$unit")
  [[ "$command" == *"--listen 127.0.0.1:8080"* ]] || fail "unexpected ExecStart: $command"
  command=${command/--listen 127.0.0.1:8080/--listen 127.0.0.1:0}
  log=$(mktemp)
  chmod 644 "$log"
  # shellcheck disable=SC2086 # the unit's command line, split into words as systemd does
  (cd "$data" && exec runuser -u marquee -- $command >"$log" 2>&1) &
  server=$!
  for _ in $(seq 100); do
    address=$(sed -n 's|^Marquee is running at \(http://[^ ]*\) .*|\1|p' "$log")
    if [ -n "$address" ] && curl -fsS "$address/healthz" >/dev/null 2>&1; then
      echo "the server answers at $address/healthz"
      return
    fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; fail "the server stopped"; }
    sleep 0.2
  done
  cat "$log" >&2
  fail "the server did not answer /healthz"
}

stop_server() {
  kill "$server"
  wait "$server" || true
  server=
}

account_is_there() {
  as_marquee marquee --data-dir "$data" --config /etc/marquee/marquee.toml session list --email "$email" >/dev/null \
    || fail "the account made before was lost"
}

step "installing"
install_package
marquee --version
marquee --help >/dev/null
[ "$(getent passwd marquee | cut -d: -f6)" = "$data" ] || fail "no marquee system user with home $data"
[ "$(stat -c %U "$data")" = marquee ] || fail "$data is not owned by marquee"
[ "$(stat -c %a "$data")" = 700 ] || fail "$data is open to others than marquee"
[ -f /etc/marquee/marquee.toml ] || fail "no /etc/marquee/marquee.toml"
dpkg-query -W -f='${Conffiles}' marquee | grep -q '/etc/marquee/marquee.toml' \
  || fail "/etc/marquee/marquee.toml is not a conffile"
[ -f /usr/share/doc/marquee/README.md ] || fail "no README in /usr/share/doc/marquee"
for example in nginx/marquee.conf caddy/Caddyfile prometheus/prometheus.yml; do
  cmp -s "/usr/share/doc/marquee/examples/$example" "deploy/$example" \
    || fail "/usr/share/doc/marquee/examples/$example is not deploy/$example"
done
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit"
  echo "systemd-analyze verify: $unit is fine"
else
  echo "systemd-analyze is not installed: the unit file is not verified"
fi
start_server
stop_server
printf '%s\n' 'a package check passphrase, long enough' \
  | as_marquee marquee --data-dir "$data" --config /etc/marquee/marquee.toml account create --email "$email" --password-stdin
account_is_there

step "upgrading (the same package again)"
install_package
account_is_there
start_server
stop_server

step "removing"
dpkg -r marquee
[ ! -e /usr/bin/marquee ] || fail "/usr/bin/marquee is still there"
[ -f "$data/marquee.db" ] || fail "removing the package deleted $data/marquee.db"
[ -f /etc/marquee/marquee.toml ] || fail "removing the package deleted the settings (only purging may)"
getent passwd marquee >/dev/null || fail "removing the package deleted the marquee user"

step "installing again over the kept data"
install_package
account_is_there

step "purging"
dpkg -P marquee
[ ! -e /etc/marquee ] || fail "purging left /etc/marquee"
[ -f "$data/marquee.db" ] || fail "purging deleted $data (it is kept, as the note says)"

echo
echo "The package installs, starts, upgrades and is removed with its data kept."
