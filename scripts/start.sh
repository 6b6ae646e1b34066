#!/usr/bin/env bash
# `npm start`: set up everything (scripts/setup.sh), build, then run the web server and the worker
# together in the foreground. Ctrl-C (or SIGTERM) stops both gracefully; if either dies, the other is
# stopped too and the script exits non-zero, so a supervisor (systemd, a container runtime) restarts both.
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

web=""
worker=""
sink=""
# Development mailbox (issue 16 §10): with no SMTP_URL, the portal's e-mail goes to a local SMTP sink and
# the system administrator reads it at /admin/mail. A real centre sets SMTP_URL and no sink runs.
if [ -z "${SMTP_URL:-}" ]; then
  export MAIL_SINK_DIR="${MAIL_SINK_DIR:-$PWD/var/mail-sink}"
  export MAIL_SINK_PORT="${MAIL_SINK_PORT:-2525}"
  export SMTP_URL="smtp://127.0.0.1:${MAIL_SINK_PORT}"
fi
stopping=0
stop_all() {
  stopping=1
  for pid in $web $worker $sink; do kill -TERM "$pid" 2>/dev/null || true; done
  # Give both time for a graceful shutdown (drain requests, finish the current job), then insist.
  for _ in $(seq 1 100); do
    alive=0
    for pid in $web $worker $sink; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return
    sleep 0.1
  done
  for pid in $web $worker $sink; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap 'echo "[start] stopping …"; stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

# Job control puts each child in its own process group, so Ctrl-C reaches only this script, and the
# traps above send each child exactly one SIGTERM (both treat a second signal as "exit now").
set -m
# `node --import tsx` (not `npx tsx`) so that each PID is the process itself and signals reach it directly.
if [ -n "${MAIL_SINK_DIR:-}" ]; then
  node --import tsx scripts/mail-sink.ts &
  sink=$!
fi
SERVICE_NAME=web node --import tsx server.ts &
web=$!
SERVICE_NAME=worker node --import tsx workers/main.ts &
worker=$!
set +m  # only for the launches: later foreground commands stay in our group and Ctrl-C reaches the trap

# Wait for /healthz (PostgreSQL and Redis checked by the server), watching that neither process died.
ready=0
for _ in $(seq 1 120); do
  kill -0 "$web" 2>/dev/null || break
  kill -0 "$worker" 2>/dev/null || break
  if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/healthz"; then ready=1; break; fi
  sleep 0.5
done
if [ $ready -ne 1 ]; then
  echo "[start] the portal did not become healthy at $url/healthz" >&2
  stop_all
  exit 1
fi

cat <<EOF

  公共资源交易平台 is running: $url
  (web + worker in this terminal; Ctrl-C stops both)

$(npx tsx prisma/seed/demo-logins.ts | sed 's/^/  /')

EOF

# Whichever exits first (crash or signal), stop the other and report failure.
set +e
wait -n "$web" "$worker"
code=$?
if [ $stopping -eq 0 ]; then
  echo "[start] a process exited (code $code); stopping the other" >&2
  stop_all
  exit $(( code == 0 ? 1 : code ))
fi
