#!/usr/bin/env bash
# Makes sure everything the portal needs from the operating system is there and running, on a fresh
# Debian 12 machine as well as on one where it all runs already (then this is a quick, silent-ish pass):
#   - PostgreSQL on 127.0.0.1:5432, user postgres reachable over TCP without a password prompt;
#   - Redis on 127.0.0.1:6379 (a Redis we start ourselves: maxmemory-policy noeviction + AOF, as BullMQ needs);
#   - chromium (browser tests), poppler-utils (PDF checks), fonts-noto-cjk (the CJK font embedded in PDFs).
# Missing Debian packages are installed with apt-get in ONE call (apt-get update only when needed).
#
# Authentication choice (dev/CI only): when TCP login as postgres without a password fails, we add
#   host all postgres,ggzy_owner,ggzy_app 127.0.0.1/32 trust   (and the same for ::1/128)
# at the top of pg_hba.conf and reload. That keeps DATABASE_URL password-free for `npm start` / `npm test` on
# a developer or CI machine. A production centre sets DATABASE_URL (with a password) to its own server, and
# this script then leaves that server alone (it only manages services on 127.0.0.1 / localhost).
set -euo pipefail

say() { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi
as_root() {
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then $SUDO "$@"; else die "need root (or sudo) to run: $*"; fi
}

DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/ggzy}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

# host part of a URL: scheme://[user[:pw]@]host[:port]/...
url_host() { local r="${1#*://}"; r="${r%%/*}"; r="${r##*@}"; r="${r%:*}"; printf '%s' "${r:-127.0.0.1}"; }
is_local() { case "$1" in 127.0.0.1|localhost|::1|"[::1]") return 0 ;; *) return 1 ;; esac; }
url_port() { local r="${1#*://}"; r="${r%%/*}"; r="${r##*@}"; case "$r" in *:*) printf '%s' "${r##*:}" ;; *) printf '%s' "$2" ;; esac; }
PG_HOST="$(url_host "$DATABASE_URL")"
PG_PORT="$(url_port "$DATABASE_URL" 5432)"
REDIS_HOST="$(url_host "$REDIS_URL")"
REDIS_PORT="$(url_port "$REDIS_URL" 6379)"
REDIS_DIR="${REDIS_DIR:-/var/lib/redis}"  # where a Redis we start keeps its AOF

pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2; }
redis_up() { command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -u "$REDIS_URL" ping 2>/dev/null)" = "PONG" ]; }
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# ---- 1. which packages are missing --------------------------------------------------------------------
missing=()
need_pg_install=0
need_redis_install=0
if ! pg_up && is_local "$PG_HOST"; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    missing+=(postgresql); need_pg_install=1
  fi
fi
if ! command -v psql >/dev/null 2>&1 && [ $need_pg_install -eq 0 ]; then missing+=(postgresql-client); fi
if ! redis_up && is_local "$REDIS_HOST"; then
  if ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); need_redis_install=1; fi
fi
command -v redis-cli >/dev/null 2>&1 || [ $need_redis_install -eq 1 ] || missing+=(redis-tools)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
test -f "$CJK_FONT" || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them by hand"
  say "installing ${missing[*]} (apt-get) …"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed ${missing[*]}"
fi

# ---- 2. PostgreSQL -------------------------------------------------------------------------------------
if pg_up; then
  say "PostgreSQL ready on $PG_HOST"
elif ! is_local "$PG_HOST"; then
  die "PostgreSQL at $PG_HOST (from DATABASE_URL) does not answer; it is not ours to start"
else
  if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    say "creating PostgreSQL $ver cluster main"
    as_root pg_createcluster "$ver" main >/dev/null
  fi
  ver="$(ls /etc/postgresql | sort -V | head -1)"
  say "starting PostgreSQL $ver/main"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  pg_up || die "PostgreSQL $ver/main did not start (see /var/log/postgresql/)"
  say "PostgreSQL ready on $PG_HOST"
fi

# TCP login as postgres without a password prompt (-w). Only fix pg_hba.conf of a local cluster we manage.
# The superuser connection (roles, databases); the app itself connects as its own role (scripts/db-roles.ts).
pg_login_ok() { psql "${ADMIN_DATABASE_URL:-postgresql://postgres@$PG_HOST:$PG_PORT/postgres}" -w -Atqc 'SELECT 1' >/dev/null 2>&1; }
if ! pg_login_ok; then
  is_local "$PG_HOST" || die "cannot log in to PostgreSQL at $PG_HOST with DATABASE_URL"
  ver="$(ls /etc/postgresql | sort -V | head -1)"
  hba="/etc/postgresql/$ver/main/pg_hba.conf"
  [ -f "$hba" ] || die "cannot log in to PostgreSQL and $hba not found"
  say "allowing trust login for postgres on 127.0.0.1 in $hba (dev/CI setup, see script header)"
  # Also the portal's two roles (scripts/db-roles.ts): owner for migrations, app for the web and the worker.
  as_root sed -i '1i host all postgres,ggzy_owner,ggzy_app 127.0.0.1/32 trust\nhost all postgres,ggzy_owner,ggzy_app ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
  for _ in $(seq 1 10); do pg_login_ok && break; sleep 0.5; done
  pg_login_ok || die "still cannot log in to PostgreSQL as postgres over TCP"
fi

# ---- 3. Redis ------------------------------------------------------------------------------------------
if redis_up; then
  policy="$(redis-cli -u "$REDIS_URL" config get maxmemory-policy 2>/dev/null | sed -n 2p || true)"
  if [ $need_redis_install -eq 1 ] && [ "$policy" != "noeviction" ]; then
    # The package's own service came up with its defaults: it is ours, so configure it as BullMQ needs.
    redis-cli -u "$REDIS_URL" config set maxmemory-policy noeviction >/dev/null
    redis-cli -u "$REDIS_URL" config set appendonly yes >/dev/null
    policy=noeviction
  fi
  if [ -n "$policy" ] && [ "$policy" != "noeviction" ]; then
    warn "Redis maxmemory-policy is '$policy', not 'noeviction': BullMQ may lose jobs under memory pressure"
  fi
  say "Redis ready on $REDIS_HOST"
elif ! is_local "$REDIS_HOST"; then
  die "Redis at $REDIS_HOST (from REDIS_URL) does not answer; it is not ours to start"
else
  say "starting Redis (noeviction, appendonly)"
  as_root mkdir -p "$REDIS_DIR"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --maxmemory-policy noeviction \
    --appendonly yes --dir "$REDIS_DIR" >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.25; done
  redis_up || die "Redis did not start"
  say "Redis ready on $REDIS_HOST"
fi

say "chromium, pdftotext and the Noto CJK font are present"
