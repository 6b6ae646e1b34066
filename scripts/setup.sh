#!/usr/bin/env bash
# Brings a clone to a runnable state; safe (and quick) to run on every start:
#   dependencies (npm install only when the lock file changed) → Prisma client (only when the schema changed)
#   → PostgreSQL, Redis and system packages (scripts/ensure-services.sh) → database → migrations → demo seed.
# Options: --no-seed (skip the demo data), --no-db (stop after the services: what `npm test` needs,
# since the tests build their own databases from the migrations).
set -euo pipefail
cd "$(dirname "$0")/.."

seed=1
db=1
for arg in "$@"; do
  case "$arg" in
    --no-seed) seed=0 ;;
    --no-db) db=0; seed=0 ;;
    *) echo "usage: scripts/setup.sh [--no-seed] [--no-db]" >&2; exit 2 ;;
  esac
done

say() { printf '[setup] %s\n' "$*"; }

# 1. Node dependencies, exactly as package-lock.json pins them; the postinstall applies patches/
#    (patch-package) and generates the Prisma client. `npm install`, not `npm ci`: npm 11.19 records only this
#    platform's optional packages (rollup, esbuild, msgpackr builds) in the lock, then `npm ci` refuses that
#    same lock as "out of sync" ("Missing: @rollup/rollup-darwin-x64@ from lock file"). With every direct
#    dependency pinned exactly and the lock present, `npm install` installs the locked tree and leaves the
#    lock unchanged (checked on a clean clone).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing dependencies (npm install, locked versions) …"
  npm install --no-audit --no-fund
else
  say "dependencies up to date"
fi

# 2. Prisma client: regenerate when a schema file is newer than the generated client (e.g. after a pull).
client=app/generated/prisma/client.ts
if [ ! -f "$client" ] || [ -n "$(find prisma/schema -name '*.prisma' -newer "$client" 2>/dev/null)" ]; then
  say "generating the Prisma client …"
  npx prisma generate >/dev/null
fi

# 3. Services and system packages.
bash scripts/ensure-services.sh

[ "$db" -eq 1 ] || exit 0

# 3b. A real APP_SECRET for this machine (docs/security.md): production refuses the public development
#     default. Written once, never shown; app/lib/env.server.ts reads it when APP_SECRET is not set.
if [ -z "${APP_SECRET:-}" ] && [ ! -s var/app-secret ]; then
  say "generating var/app-secret"
  mkdir -p var
  (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(48).toString("base64url"))' > var/app-secret)
fi

# 4. Database and its two roles (docs/security.md, scripts/db-roles.ts): the web and the worker connect as
#    the APP role (DATABASE_URL: owns nothing, no superuser, audit tables insert-only); migrations run as the
#    OWNER role (MIGRATE_DATABASE_URL). The admin connection (a superuser) only creates roles and the database.
export DATABASE_URL="${DATABASE_URL:-postgresql://ggzy_app@127.0.0.1:5432/ggzy}"
export MIGRATE_DATABASE_URL="${MIGRATE_DATABASE_URL:-postgresql://ggzy_owner@127.0.0.1:5432/ggzy}"
base="${DATABASE_URL%%\?*}"
dbname="${base##*/}"
export ADMIN_DATABASE_URL="${ADMIN_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
admin="$ADMIN_DATABASE_URL"
owner="$(node -e 'process.stdout.write(decodeURIComponent(new URL(process.argv[1]).username))' "$MIGRATE_DATABASE_URL")"
if [ "$(psql "$admin" -w -Atqc "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" != "1" ]; then
  npx tsx scripts/db-roles.ts --roles-only
  say "creating database $dbname (owner $owner)"
  psql "$admin" -w -qc "CREATE DATABASE \"$dbname\" OWNER \"$owner\""
fi
# Roles, and everything in the database handed to the owner (also a database migrated as postgres before).
npx tsx scripts/db-roles.ts

# 5. Migrations (idempotent). Skip the Prisma CLI (~5 s) when every migration folder is already applied.
applied="$(psql "$base" -w -Atqc 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1' 2>/dev/null || true)"
wanted="$(find prisma/migrations -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)"
if [ -n "$wanted" ] && [ "$(printf '%s\n' "$applied" | LC_ALL=C sort)" = "$wanted" ]; then
  say "migrations up to date ($(printf '%s\n' "$wanted" | wc -l) applied)"
else
  say "applying migrations to $dbname …"
  if ! out="$(DATABASE_URL="$MIGRATE_DATABASE_URL" npx prisma migrate deploy 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "[setup] prisma migrate deploy failed" >&2
    exit 1
  fi
  printf '%s\n' "$out" | grep -E 'migrations? (have been|found)|No pending|Applying' | sed 's/^/[setup]   /' || true
  # New tables: the app role's grants (audit tables insert-only).
  npx tsx scripts/db-roles.ts --grants
fi

# 6. Demo data (idempotent: creates only what is missing, never overwrites a changed password).
if [ "$seed" -eq 1 ]; then
  say "seeding demo data …"
  npx tsx prisma/seed.ts
fi
say "done"
