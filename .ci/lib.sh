# Shared bootstrap for .ci/start and .ci/test: installs what is missing and exports
# the environment both need. Sourced, not run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

WASM_BINDGEN_VERSION=0.2.130
CARGO_LEPTOS_VERSION=0.3.10
SQLX_CLI_VERSION=0.8.6
TWIGGY_VERSION=0.8.0

# Build artefacts live outside the clone so a fresh clone reuses them.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/codincod/target}
export PATH="$HOME/.cargo/bin:$PATH"
# Queries are checked at compile time against the committed .sqlx data, so builds
# need no database; `.ci/test` checks that data against the migrations.
export SQLX_OFFLINE=true
SERVER_BIN="$CARGO_TARGET_DIR/release/server"

log() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_rust_tools() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
  # wasm-bindgen-cli must match the pinned wasm-bindgen crate; its lockfile is stale, so no --locked.
  [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] || {
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force; }
  # 0.3.11 needs a newer rustc than the machine has.
  [ "$(cargo leptos --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ] || {
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes, once per machine)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --force; }
}

# sqlx-cli checks the offline query data; only the test command needs it.
install_sqlx_cli() {
  [ "$(sqlx --version 2>/dev/null)" = "sqlx-cli $SQLX_CLI_VERSION" ] || {
    log "installing sqlx-cli $SQLX_CLI_VERSION (about 4 minutes)"
    cargo install sqlx-cli --version "$SQLX_CLI_VERSION" --no-default-features --features postgres,rustls --locked --force; }
}

# twiggy reads what weighs in the WASM; only the benchmarks need it.
install_twiggy() {
  [ "$(twiggy --version 2>/dev/null)" = "twiggy-opt $TWIGGY_VERSION" ] || {
    log "installing twiggy $TWIGGY_VERSION (about 2 minutes)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked --force; }
}

# npm ci, skipped when node_modules already matches the lockfile.
npm_install() {
  local dir=$1 stamp="$1/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-stamp"; then
    log "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.lock-stamp"
  fi
}

install_web_tools() {
  npm_install frontend
  # wasm-opt from npm's binaryen: Debian's (108) silently breaks the release WASM.
  export PATH="$ROOT/frontend/node_modules/.bin:$PATH"
  # The CodeMirror bundle the editor loads (public/editor/, generated, split by language).
  (cd frontend && npm run -s build-editor >/dev/null)
}

# A Python environment for the fuzz suite (pinned in end2end/fuzz/requirements.txt).
PYTHON_ENV=${XDG_CACHE_HOME:-$HOME/.cache}/codincod/venv
install_python_tools() {
  # The fuzzer's and schemathesis' pins, in one environment.
  local requirements
  requirements=$(cat "$ROOT/end2end/fuzz/requirements.txt" "$ROOT/end2end/openapi/requirements.txt")
  if [ ! -x "$PYTHON_ENV/bin/python" ] || [ "$requirements" != "$(cat "$PYTHON_ENV/requirements.txt" 2>/dev/null)" ]; then
    log "installing the Python test tools"
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    python3 -m venv "$PYTHON_ENV"
    "$PYTHON_ENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/end2end/fuzz/requirements.txt" \
      -r "$ROOT/end2end/openapi/requirements.txt"
    printf '%s\n' "$requirements" >"$PYTHON_ENV/requirements.txt"
  fi
}

# Exports DATABASE_URL pointing at a server that accepts our connections: the given
# DATABASE_URL, else one on 127.0.0.1:5432, else a private cluster under target/pg.
ensure_postgres() {
  local db=$1
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using PostgreSQL from DATABASE_URL"
    if command -v psql >/dev/null; then create_database psql; fi
    return
  fi
  if command -v psql >/dev/null && psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'select 1' >/dev/null 2>&1; then
    log "using PostgreSQL on 127.0.0.1:5432"
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    create_database psql
    return
  fi
  start_private_postgres
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$db"
  create_database "$PG_BIN/psql"
}

# Creates DATABASE_URL's database if missing: #[sqlx::test] needs it to exist.
create_database() {
  local psql=$1 db=${DATABASE_URL##*/}
  [ "$("$psql" "${DATABASE_URL%/*}/postgres" -Atqc "select 1 from pg_database where datname = '$db'")" = 1 ] ||
    "$psql" "${DATABASE_URL%/*}/postgres" -qc "create database \"$db\"" >/dev/null
}

start_private_postgres() {
  PG_PORT=${PG_PORT:-5433}
  local pgbin pgroot="$ROOT/target/pg" run=()
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$pgbin" ]; then apt_install postgresql; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1); fi
  PG_BIN=$pgbin
  # initdb refuses to run as root: run the cluster as the postgres user then.
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  mkdir -p "$pgroot/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$pgroot"
  if [ ! -f "$pgroot/data/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $pgroot"
    "${run[@]}" "$pgbin/initdb" -D "$pgroot/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "${run[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" status >/dev/null 2>&1; then
    log "starting the private PostgreSQL on port $PG_PORT"
    "${run[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w \
      -o "-p $PG_PORT -k $pgroot/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    PRIVATE_PG_STOP=("${run[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -m fast stop)
  fi
}

stop_private_postgres() {
  if [ -n "${PRIVATE_PG_STOP+x}" ]; then "${PRIVATE_PG_STOP[@]}" >/dev/null 2>&1 || true; fi
}

# The release site: WASM split by page (--split), assets content-hashed and written
# compressed with brotli and gzip as well (-P), so the server sends them as they are.
build_release() {
  log "building the release site (cargo leptos build --release --split -P)"
  cargo leptos build --release --split -P
}

bootstrap() {
  # bubblewrap and tini: the built-in sandbox's jail and its pid 1.
  apt_install bubblewrap tini "$@"
  install_rust_tools
  install_web_tools
}
