# What the tests need on the machine: Debian packages, installed when run as root, and PostgreSQL
# on 127.0.0.1:5432 (user postgres, trusted from 127.0.0.1), created and started if need be.
# Sourced by scripts/test, under `set -euo pipefail`.

# Missing packages are collected first, so apt-get updates its lists at most once, and only when
# something must be installed.
missing_packages=()

is_root() { [ "$(id -u)" -eq 0 ]; }

# need PACKAGE COMMAND…: PACKAGE is needed unless one of the COMMANDs is on the PATH.
need() {
  local package=$1 command
  shift
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 && return 0
  done
  missing_packages+=("$package")
}

# Debian's server: the cluster tools and at least one version of the server itself.
need_postgresql() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 \
    || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    missing_packages+=(postgresql)
  fi
}

# Debian splits venv (with the pip it bootstraps) from python3 itself.
need_python_venv() {
  if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing_packages+=(python3-venv)
  fi
}

install_missing() {
  [ ${#missing_packages[@]} -eq 0 ] && return 0
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need packages that are not installed: ${missing_packages[*]}" >&2
    echo "Install them (Debian: sudo apt-get install ${missing_packages[*]}), or run scripts/test as root" >&2
    echo "on Debian, which installs them itself." >&2
    exit 1
  fi
  echo "Installing ${missing_packages[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  without_service_starts apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
  missing_packages=()
}

# Runs COMMAND… (an installation) with Debian's packages kept from starting their services (nginx,
# caddy, prometheus, postgresql): without systemd, or with port 80 already taken, nginx's start in its
# postinst fails, and with it the whole install; prometheus would start a daemon on port 9090 that the
# tests never use. The tests start what they need themselves, on ports of their own. Debian's
# policy-rc.d hook refusing every start (exit 101) prevents both; a hook already in place (Docker
# images have one) is left as it is.
without_service_starts() {
  local policy=/usr/sbin/policy-rc.d status=0
  if [ -e "$policy" ]; then
    "$@"
    return
  fi
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  printf '#!/bin/sh\n# scripts/test is installing packages: no service starts meanwhile.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  "$@" || status=$?
  rm -f "$policy"
  trap - EXIT
  return "$status"
}

# True when something accepts connections on PostgreSQL's port (pg_isready may not be installed).
postgres_listening() {
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
}

# Starts the Debian cluster on port 5432, creating one if there is none.
start_postgresql() {
  if ! is_root; then
    echo "PostgreSQL is not running on 127.0.0.1:5432. Start it (as root: pg_ctlcluster VERSION main start)," >&2
    echo "run scripts/test as root, which starts it, or set MARQUEE_TEST_DATABASE_URL to a PostgreSQL of yours." >&2
    exit 1
  fi
  local cluster version name
  cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1, $2; exit }')
  if [ -z "$cluster" ]; then
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
    echo "Creating a PostgreSQL $version cluster on port 5432…"
    pg_createcluster --port 5432 "$version" main >/dev/null
    cluster="$version main"
  fi
  read -r version name <<<"$cluster"
  echo "Starting PostgreSQL $version ($name)…"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
  if ! wait_for_postgresql; then
    echo "PostgreSQL $version did not start; see /var/log/postgresql/postgresql-$version-$name.log." >&2
    exit 1
  fi
}

# Up to 30 seconds for the server to accept connections (it may still be starting).
wait_for_postgresql() {
  command -v pg_isready >/dev/null 2>&1 || return 0
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  return 1
}

# The tests connect as postgres from 127.0.0.1 without a password.
trust_postgresql() {
  command -v psql >/dev/null 2>&1 || return 0
  wait_for_postgresql || true
  psql -w -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1 && return 0
  local line='host all postgres 127.0.0.1/32 trust'
  if ! is_root || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL on 127.0.0.1:5432 does not let postgres connect without a password. Add" >&2
    echo "  $line" >&2
    echo "at the top of its pg_hba.conf and reload it, or set MARQUEE_TEST_DATABASE_URL." >&2
    exit 1
  fi
  echo "PostgreSQL is running but does not trust postgres@127.0.0.1; allowing it for the tests."
  local hba
  hba=$(su postgres -c "psql -tAc 'show hba_file'")
  sed -i "1i $line" "$hba"
  su postgres -c "psql -qtAc 'select pg_reload_conf()'" >/dev/null
  psql -w -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null
}

# A PostgreSQL the caller chose: only checked, never installed or started.
check_database() {
  if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -d "$1"; then
    echo "PostgreSQL is not reachable at MARQUEE_TEST_DATABASE_URL; start it, or unset the variable" >&2
    echo "to let scripts/test install and start one on 127.0.0.1:5432." >&2
    exit 1
  fi
}

# axe-core, the accessibility checker the browser tests run in every page, from the npm registry at a
# pinned version, into target/axe (or $CARGO_TARGET_DIR/axe); the tests find it through MARQUEE_AXE.
# A MARQUEE_AXE set by the caller names an axe.min.js of their own and is left as it is.
AXE_CORE_VERSION=4.10.3

install_axe() {
  if [ -n "${MARQUEE_AXE:-}" ]; then
    return 0
  fi
  local dir="${CARGO_TARGET_DIR:-$PWD/target}/axe"
  local package="$dir/node_modules/axe-core/package.json"
  if ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$package"; then
    echo "Installing axe-core $AXE_CORE_VERSION into $dir…"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "axe-core@$AXE_CORE_VERSION"
  fi
  export MARQUEE_AXE="$dir/node_modules/axe-core/axe.min.js"
}

# The Jellyfin clients the app tests drive: the Python one at a pinned version from PyPI, in its own
# virtual environment under target/ (nothing is installed for the system's Python), and the
# TypeScript SDK (install_jellyfin_sdk).
JELLYFIN_APICLIENT_PYTHON_VERSION=1.20.2

install_jellyfin_clients() {
  local dir="${CARGO_TARGET_DIR:-$PWD/target}/jellyfin-clients/py"
  if ! "$dir/bin/python" -c "import importlib.metadata as m, sys; \
      sys.exit(m.version('jellyfin-apiclient-python') != '$JELLYFIN_APICLIENT_PYTHON_VERSION')" 2>/dev/null; then
    echo "Installing jellyfin-apiclient-python $JELLYFIN_APICLIENT_PYTHON_VERSION into $dir…"
    python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check \
      "jellyfin-apiclient-python==$JELLYFIN_APICLIENT_PYTHON_VERSION"
  fi
  export MARQUEE_JELLYFIN_PYTHON="$dir/bin/python"
  install_jellyfin_sdk
}

# The TypeScript SDK of Jellyfin's own web client, @jellyfin/sdk, and its peer axios (an exact
# version within the SDK's ^1.12.0), from the npm registry at pinned versions into
# target/jellyfin-clients/node; the tests run it with Debian's Node (v20, which 1.0.0 runs on) and
# find it through MARQUEE_JELLYFIN_NODE_MODULES.
JELLYFIN_SDK_VERSION=1.0.0
JELLYFIN_SDK_AXIOS_VERSION=1.21.1

install_jellyfin_sdk() {
  local dir="${CARGO_TARGET_DIR:-$PWD/target}/jellyfin-clients/node"
  if ! grep -qs "\"version\": \"$JELLYFIN_SDK_VERSION\"" "$dir/node_modules/@jellyfin/sdk/package.json" \
    || ! grep -qs "\"version\": \"$JELLYFIN_SDK_AXIOS_VERSION\"" "$dir/node_modules/axios/package.json"; then
    echo "Installing @jellyfin/sdk $JELLYFIN_SDK_VERSION and axios $JELLYFIN_SDK_AXIOS_VERSION into $dir…"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --silent \
      "@jellyfin/sdk@$JELLYFIN_SDK_VERSION" "axios@$JELLYFIN_SDK_AXIOS_VERSION"
  fi
  export MARQUEE_JELLYFIN_NODE_MODULES="$dir/node_modules"
}
