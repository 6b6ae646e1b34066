#!/usr/bin/env node
// Process supervisor of `npm start` and `npm run cluster` (issue 14): runs each process, restarts one that
// exits or crashes with exponential backoff (1 s doubling to 30 s; back to 1 s after a minute of running),
// and never stops the others because one died. SIGTERM/SIGINT stop everything gracefully: each child gets
// one SIGTERM (web drains, worker finishes its active jobs), then SIGKILL after STOP_TIMEOUT_MS.
//
//   node scripts/supervise.mjs web=server.ts worker=workers/main.ts
//   node scripts/supervise.mjs web-1=server.ts@PORT=3101 web-2=server.ts@PORT=3102 worker-1=workers/main.ts
//
// name=script[@VAR=value[,VAR=value…]]: the script runs as `node --import tsx <script>` (one process, so
// signals reach it directly) with SERVICE_NAME=<name without its -N suffix> and the extra variables.
// Children run in their own process group: a Ctrl-C in the terminal reaches only this supervisor, which
// then sends each child exactly one SIGTERM (a second signal means "exit now" to them).
// A child that dies with the supervisor still running is restarted; if the supervisor itself is killed
// with SIGKILL, the children notice (they poll their parent id) and stop themselves (SUPERVISED_BY).
import { spawn } from "node:child_process";

const STOP_TIMEOUT_MS = Number(process.env.STOP_TIMEOUT_MS ?? 30_000);
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

const specs = process.argv.slice(2).map((arg) => {
  const m = /^([\w-]+)=([^@]+)(?:@(.*))?$/.exec(arg);
  if (!m) {
    console.error(`[supervise] bad argument ${JSON.stringify(arg)}: expected name=script[@VAR=value,…]`);
    process.exit(2);
  }
  const env = Object.fromEntries((m[3] ?? "").split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  return { name: m[1], script: m[2], env };
});
if (specs.length === 0) {
  console.error("usage: node scripts/supervise.mjs name=script[@VAR=value,…] …");
  process.exit(2);
}

const log = (msg, extra = {}) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), service: "supervisor", msg, ...extra })}\n`);

let stopping = false;
const procs = specs.map((spec) => ({ spec, child: null, startedAt: 0, backoff: MIN_BACKOFF_MS, restarts: 0, timer: null }));

function start(p) {
  if (stopping) return;
  const { name, script, env } = p.spec;
  p.startedAt = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, SERVICE_NAME: name.replace(/-\d+$/, ""), INSTANCE_NAME: name, SUPERVISED_BY: String(process.pid), ...env },
    stdio: "inherit",
    detached: true,
  });
  p.child = child;
  log("started", { name, pid: child.pid, restarts: p.restarts });
  child.on("exit", (code, signal) => {
    p.child = null;
    if (stopping) return;
    const ran = Date.now() - p.startedAt;
    if (ran >= STABLE_AFTER_MS) p.backoff = MIN_BACKOFF_MS;
    const wait = p.backoff;
    p.backoff = Math.min(MAX_BACKOFF_MS, p.backoff * 2);
    p.restarts++;
    log("exited; restarting", { name, code, signal, ranMs: ran, restartInMs: wait, restarts: p.restarts });
    p.timer = setTimeout(() => start(p), wait);
  });
}

let firstSignalAt = 0;
function stop(signal) {
  if (stopping) {
    // The terminal's SIGINT and start.sh's SIGTERM arrive together: only a later, deliberate one insists.
    if (Date.now() - firstSignalAt < 2_000) return;
    log("second signal: killing now", { signal });
    for (const p of procs) if (p.child) p.child.kill("SIGKILL");
    process.exit(1);
  }
  stopping = true;
  firstSignalAt = Date.now();
  log("stopping", { signal });
  for (const p of procs) {
    clearTimeout(p.timer);
    p.child?.kill("SIGTERM");
  }
  const deadline = setTimeout(() => {
    for (const p of procs) if (p.child) {
      log("did not stop in time: SIGKILL", { name: p.spec.name, pid: p.child.pid });
      p.child.kill("SIGKILL");
    }
  }, STOP_TIMEOUT_MS);
  const check = setInterval(() => {
    if (procs.every((p) => !p.child)) {
      clearInterval(check);
      clearTimeout(deadline);
      log("stopped");
      process.exit(0);
    }
  }, 50);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGHUP", () => stop("SIGHUP"));

for (const p of procs) start(p);
