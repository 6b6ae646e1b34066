/**
 * Two web and two worker processes behind HAProxy on one machine (issue 14), shared by `npm run cluster`
 * and `npm run drill`. The processes run under scripts/supervise.mjs (restart with backoff); HAProxy
 * (Debian's package, installed with apt-get when missing) sends each request to a web process whose /readyz
 * answers, retries a request whose connection failed on the other one, and keeps SSE streams open.
 * Everything else is shared through PostgreSQL, Redis and the storage directory: sessions (cookie + database),
 * rate limits (Redis), tus uploads (files and their metadata in STORAGE_DIR/uploads, so an upload started
 * on one instance resumes on the other), the opening hall's live events (Redis pub/sub).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** HAProxy from Debian, installed on first use (as scripts/ensure-services.sh installs PostgreSQL and Redis). */
export function ensureHaproxy(): string {
  for (const p of ["/usr/sbin/haproxy", "/usr/bin/haproxy"]) if (existsSync(p)) return p;
  if (has("haproxy")) return "haproxy";
  console.log("[cluster] installing haproxy (apt-get) …");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args: string[]) => execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"]);
  } catch {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"]);
  }
  return "/usr/sbin/haproxy";
}

export function haproxyConfig(opts: { port: number; webPorts: number[]; statsPort?: number }): string {
  return `global
  maxconn 4096
defaults
  mode http
  option httplog
  timeout connect 2s
  timeout client 1h
  timeout server 1h
  timeout http-request 60s
  timeout tunnel 1h
  # A web process killed mid-request: try the request again on the other one when nothing was sent back
  # (connection refused or reset before any answer). Bid finalise is safe to repeat (Bid.uploadId is unique).
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response
frontend portal
  bind 127.0.0.1:${opts.port}
  option forwardfor
  default_backend web
backend web
  balance leastconn
  # Readiness every second; a busy process (a deadline rush on two cores) may take a while to answer, so
  # three misses of 3 s each mark it down. Sessions in flight are left alone: a slow check is not a dead
  # process, and a dead one's connections fail (and are retried) by themselves.
  option httpchk GET /readyz
  http-check expect status 200
  timeout check 3s
  # A refused or reset connection is different: the process is gone. observe layer4 marks the server down
  # at its first connection error, so that leastconn stops sending new requests to it (it has the fewest
  # connections) for the 3+ s the checks would take; a PATCH body too large to replay was answered 503 in
  # that time (drill kill-web). The checks bring it back (rise 1) once the supervisor has restarted it.
  default-server inter 1s fall 3 rise 1 downinter 500 observe layer4 error-limit 1 on-error mark-down
${opts.webPorts.map((p, i) => `  server web-${i + 1} 127.0.0.1:${p} check`).join("\n")}
${opts.statsPort ? `frontend stats\n  bind 127.0.0.1:${opts.statsPort}\n  stats enable\n  stats uri /\n` : ""}`;
}

export interface Cluster {
  url: string;
  webPorts: number[];
  supervisor: ChildProcess;
  proxy: ChildProcess;
  /** Current pid of a supervised process by name (web-1, worker-2 …), from the supervisor's log. */
  pidOf: (name: string) => number | undefined;
  /** Restarts seen per process name. */
  restarts: () => Record<string, number>;
  stop: () => Promise<void>;
}

/** Starts the supervisor (2 web + 2 workers) and HAProxy in front; resolves when both webs are ready. */
export async function startCluster(opts: {
  env: NodeJS.ProcessEnv;
  logDir: string;
  port?: number;
  webs?: number;
  workers?: number;
  buildDir: string;
  quiet?: boolean;
}): Promise<Cluster> {
  const webs = opts.webs ?? 2;
  const workers = opts.workers ?? 2;
  const port = opts.port ?? (await freePort());
  const webPorts: number[] = [];
  for (let i = 0; i < webs; i++) webPorts.push(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    NODE_ENV: "production",
    REMIX_BUILD_DIR: opts.buildDir,
    PUBLIC_URL: opts.env.PUBLIC_URL ?? url,
    TRUST_PROXY: opts.env.TRUST_PROXY ?? "loopback",
    HOST: "127.0.0.1",
  };
  delete env.VITEST;
  const args = [
    ...webPorts.map((p, i) => `web-${i + 1}=server.ts@PORT=${p}`),
    ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}=workers/main.ts`),
  ];
  const log = createWriteStream(path.join(opts.logDir, "cluster.log"));
  const supervisor = spawn(process.execPath, ["scripts/supervise.mjs", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const pids = new Map<string, number>();
  const restarts: Record<string, number> = {};
  let buf = "";
  const onData = (d: Buffer) => {
    log.write(d);
    if (!opts.quiet) process.stdout.write(d);
    buf += d.toString();
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.includes('"service":"supervisor"')) continue;
      try {
        const o = JSON.parse(line) as { msg: string; name?: string; pid?: number; restarts?: number };
        if (o.msg === "started" && o.name && o.pid) pids.set(o.name, o.pid);
        if (o.msg === "exited; restarting" && o.name) restarts[o.name] = o.restarts ?? 0;
      } catch {
        /* not JSON */
      }
    }
  };
  supervisor.stdout!.on("data", onData);
  supervisor.stderr!.on("data", onData);

  const haproxy = ensureHaproxy();
  const cfg = path.join(opts.logDir, "haproxy.cfg");
  writeFileSync(cfg, haproxyConfig({ port, webPorts }));
  const proxyLog = createWriteStream(path.join(opts.logDir, "haproxy.log"));
  const proxy = spawn(haproxy, ["-db", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  proxy.stdout!.pipe(proxyLog);
  proxy.stderr!.pipe(proxyLog);

  const stop = async () => {
    proxy.kill("SIGTERM");
    if (supervisor.exitCode === null) {
      supervisor.kill("SIGTERM");
      await new Promise((r) => supervisor.once("exit", r));
    }
  };
  const t0 = Date.now();
  for (;;) {
    if (supervisor.exitCode !== null) throw new Error(`supervisor exited (${supervisor.exitCode}); see ${opts.logDir}/cluster.log`);
    const ready = await Promise.all(webPorts.map((p) => fetch(`http://127.0.0.1:${p}/readyz`).then((r) => r.ok, () => false)));
    if (ready.every(Boolean) && (await fetch(`${url}/readyz`).then((r) => r.ok, () => false))) break;
    if (Date.now() - t0 > 180_000) {
      await stop();
      throw new Error(`cluster not ready after 180 s; see ${opts.logDir}/cluster.log`);
    }
    await sleep(250);
  }
  return { url, webPorts, supervisor, proxy, pidOf: (n) => pids.get(n), restarts: () => ({ ...restarts }), stop };
}

/** The production build the processes serve: REMIX_BUILD_DIR, else .cache/e2e-build if there, else built now. */
export function ensureBuild(dir = process.env.REMIX_BUILD_DIR): string {
  const candidates = [dir, path.join(ROOT, "build"), path.join(ROOT, ".cache/e2e-build")].filter(Boolean) as string[];
  for (const c of candidates) if (existsSync(path.join(c, "server", "index.js"))) return path.resolve(c);
  const out = path.resolve(dir ?? path.join(ROOT, "build"));
  console.log(`[cluster] building into ${out} (remix vite:build) …`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", REMIX_BUILD_DIR: out };
  delete env.VITEST;
  execFileSync("npx", ["remix", "vite:build"], { cwd: ROOT, env, stdio: "ignore" });
  return out;
}
