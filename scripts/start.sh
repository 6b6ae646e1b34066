#!/usr/bin/env bash
# `npm start`: set up everything (scripts/setup.sh), build, then run the web server and the worker
# together in the foreground under scripts/supervise.mjs: a crashed one is restarted with backoff, the other
# keeps running. Ctrl-C (or SIGTERM) stops both gracefully. (Production: systemd units, docs/operations.md.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "[start] building (remix vite:build) …"
buildlog="$(mktemp "${TMPDIR:-/tmp}/ggzy-build.XXXXXX")"
if ! npx remix vite:build >"$buildlog" 2>&1; then
  # Vite appends a long list of watched files to a failure; the cause is above it.
  grep -v "^    '/" "$buildlog" | tail -n 40 >&2
  rm -f "$buildlog"
  echo "[start] build failed" >&2
  exit 1
fi
rm -f "$buildlog"

export NODE_ENV=production
export PORT="${PORT:-3000}"
url="http://localhost:${PORT}"

# Development mailbox (issue 16 §10): with no SMTP_URL, the portal's e-mail goes to a local SMTP sink and
# the system administrator reads it at /admin/mail. A real centre sets SMTP_URL and no sink runs.
procs=(web=server.ts worker=workers/main.ts)
if [ -z "${SMTP_URL:-}" ]; then
  export MAIL_SINK_DIR="${MAIL_SINK_DIR:-$PWD/var/mail-sink}"
  export MAIL_SINK_PORT="${MAIL_SINK_PORT:-2525}"
  export SMTP_URL="smtp://127.0.0.1:${MAIL_SINK_PORT}"
  procs+=(mail-sink=scripts/mail-sink.ts)
fi

# scripts/supervise.mjs runs the web server, the worker (and the mail sink) and restarts whichever dies
# (backoff), instead of stopping everything (issue 14). Ctrl-C (or SIGTERM) stops them all gracefully.
node scripts/supervise.mjs "${procs[@]}" &
sup=$!
trap 'echo "[start] stopping …"; kill -TERM "$sup" 2>/dev/null; wait "$sup"; exit 130' INT
trap 'kill -TERM "$sup" 2>/dev/null; wait "$sup"; exit 143' TERM

# Wait for /readyz (build loaded, PostgreSQL and Redis answer), watching that the supervisor runs.
ready=0
for _ in $(seq 1 240); do
  kill -0 "$sup" 2>/dev/null || break
  if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/readyz"; then ready=1; break; fi
  sleep 0.5
done
if [ $ready -ne 1 ]; then
  echo "[start] the portal did not become ready at $url/readyz" >&2
  kill -TERM "$sup" 2>/dev/null; wait "$sup"
  exit 1
fi

cat <<EOF

  公共资源交易平台 is running: $url
  (web + worker in this terminal, restarted if they crash; Ctrl-C stops both)

$(npx tsx prisma/seed/demo-logins.ts | sed 's/^/  /')

EOF

wait "$sup"
