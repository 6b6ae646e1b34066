/**
 * vitest globalSetup of the e2e project: one real portal for the whole browser run.
 *   1. its own database, cloned from the migrated template (test/support/global-setup.ts), and seeded;
 *   2. its own BullMQ queue prefix and storage directory;
 *   3. a production build (once; SKIP_E2E_BUILD=1 reuses the previous one) in .cache/e2e-build;
 *   4. `server.ts` on a free port (3200+) and `workers/main.ts`, waited for on /readyz;
 * and tears all of it down afterwards. Tests read `inject("baseUrl")` (also process.env.E2E_BASE_URL).
 *
 * The build lives inside the repository, not in /tmp: the server bundle imports its dependencies from
 * node_modules, which Node only finds from a directory below the project.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyGrants, ensureRoles } from "../../../scripts/db-roles";
import { ADMIN_URL, templateName } from "../../support/global-setup";

/** The roles `npm start` uses (scripts/db-roles.ts); the template's objects stay owned by postgres, the app owns nothing. */
const E2E_ROLES = { owner: "ggzy_owner", app: "ggzy_app" };

declare module "vitest" {
  export interface ProvidedContext {
    /** e.g. http://localhost:3201 */
    baseUrl: string;
    /** The e2e database, for tests that check what a page stored. */
    e2eDatabaseUrl: string;
    e2eQueuePrefix: string;
    /** The portal's APP_SECRET: CLI tools run by a test (draw:verify) read what the portal encrypted with it. */
    e2eAppSecret: string;
    /** The portal's STORAGE_DIR: fixtures that store files (sealed bids) put them where the server reads them. */
    e2eStorageDir: string;
  }
}

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BUILD_DIR = path.resolve(ROOT, process.env.E2E_BUILD_DIR ?? ".cache/e2e-build");

function freePort(from = 3200, to = 3299): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = (port: number) => {
      if (port > to) return reject(new Error(`no free port in ${from}-${to}`));
      const srv = createServer();
      srv.once("error", () => attempt(port + 1));
      srv.listen(port, "0.0.0.0", () => srv.close(() => resolve(port)));
    };
    attempt(from);
  });
}

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Starts `node --import tsx <entry>` (one process per PID, so a signal reaches it), logging to a file. */
function startProcess(entry: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function stopProcess(child: ChildProcess | undefined, ms = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  await exited;
  clearTimeout(timer);
}

async function waitHealthy(url: string, procs: [string, ChildProcess, string][], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, p, log] of procs) {
      if (p.exitCode !== null || p.signalCode !== null) {
        throw new Error(`e2e ${name} exited (${p.exitCode ?? p.signalCode}) before /readyz answered:\n${tail(log)}`);
      }
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      // Ours, not another run's server that took the same free port a moment later (parallel helpers):
      // our own web log must say it is listening (logged at info level).
      const quiet = !["trace", "debug", "info"].includes(process.env.E2E_LOG_LEVEL ?? "info");
      if (res.ok && (quiet || readFileSync(procs[0]![2], "utf8").includes("web server listening"))) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`e2e server did not become ready at ${url}/readyz:\n${tail(procs[0]![2])}`);
}

/**
 * A failed seed or build: keep the cause, drop vite's long list of watched files and the raw output
 * buffers (vitest would print them byte by byte).
 */
function conciseError(err: unknown): Error {
  const e = err as Error & { stderr?: Buffer; stdout?: Buffer };
  if (!e.stderr && !e.stdout) return e;
  const output = `${e.stdout?.toString() ?? ""}\n${e.stderr?.toString() ?? ""}`
    .split("\n")
    .filter((l) => !/^\s+'\//.test(l) && !/^\s+at /.test(l))
    .slice(-40)
    .join("\n");
  return new Error(`${e.message.split("\n")[0]}\n${output}`);
}

export default async function setup(project: TestProject) {
  const id = randomBytes(4).toString("hex");
  const dbName = `ggzy_e2e_${id}`;
  const queuePrefix = `e2e-${id}`;
  const work = path.join(tmpdir(), `ggzy-e2e-${id}`);
  mkdirSync(work, { recursive: true });
  // The port is chosen right before the server starts (after seed and build, which take a while), and
  // chosen again if another run took it in between: parallel runs share the 3200–3299 range.
  let port = 0;
  let baseUrl = "";
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  // The seed, the server and the worker connect as the least-privileged app role, as `npm start` runs them
  // (issue 13 §8); the tests' own checks (e2eDatabaseUrl) keep the admin connection.
  const appDbUrl = Object.assign(new URL(dbUrl), { username: E2E_ROLES.app }).toString();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // Production refuses the public development secret (issue 13 §7): a fresh one per run.
    APP_SECRET: randomBytes(48).toString("base64url"),
    DATABASE_URL: appDbUrl,
    QUEUE_PREFIX: queuePrefix,
    REMIX_BUILD_DIR: BUILD_DIR,
    STORAGE_DIR: path.join(work, "storage"),
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
    // The development mailbox, as `npm start` runs it: a real SMTP server (scripts/mail-sink.ts).
    MAIL_SINK_DIR: path.join(work, "mail"),
  };
  delete env.VITEST; // vite.config.ts leaves the Remix plugin out under vitest: the build needs it.

  await adminQuery(`CREATE DATABASE "${dbName}" TEMPLATE "${templateName()}"`);
  await ensureRoles(ADMIN_URL, E2E_ROLES);
  await applyGrants(dbUrl, E2E_ROLES);
  let web: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let mailSink: ChildProcess | undefined;

  const teardown = async () => {
    await Promise.all([stopProcess(web), stopProcess(worker), stopProcess(mailSink)]);
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    const r = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${queuePrefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
    await r.quit();
    if (!process.env.KEEP_E2E_LOGS) rmSync(work, { recursive: true, force: true });
  };

  try {
    execFileSync("npx", ["tsx", "prisma/seed.ts"], { cwd: ROOT, env, stdio: "pipe" });
    if (process.env.SKIP_E2E_BUILD !== "1") {
      execFileSync("npx", ["remix", "vite:build"], { cwd: ROOT, env, stdio: "pipe" });
    }
    const mailPort = await freePort(2600, 2699);
    mailSink = startProcess("scripts/mail-sink.ts", { ...env, MAIL_SINK_PORT: String(mailPort) }, path.join(work, "mail-sink.log"));
    env.SMTP_URL = `smtp://127.0.0.1:${mailPort}`;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      baseUrl = `http://localhost:${port}`;
      Object.assign(env, { PORT: String(port), PUBLIC_URL: baseUrl });
      web = startProcess("server.ts", { ...env, SERVICE_NAME: "web" }, path.join(work, "web.log"));
      try {
        await waitHealthy(baseUrl, [["server", web, path.join(work, "web.log")]]);
        break;
      } catch (err) {
        if (attempt >= 3 || !/EADDRINUSE/.test(String((err as Error).message))) throw err;
      }
    }
    worker = startProcess("workers/main.ts", { ...env, SERVICE_NAME: "worker" }, path.join(work, "worker.log"));
    await waitHealthy(baseUrl, [
      ["server", web, path.join(work, "web.log")],
      ["worker", worker, path.join(work, "worker.log")],
    ]);
  } catch (err) {
    await teardown();
    throw conciseError(err);
  }

  project.provide("baseUrl", baseUrl);
  project.provide("e2eDatabaseUrl", dbUrl);
  project.provide("e2eQueuePrefix", queuePrefix);
  project.provide("e2eAppSecret", env.APP_SECRET!);
  project.provide("e2eStorageDir", env.STORAGE_DIR!);
  process.env.E2E_BASE_URL = baseUrl;
  return teardown;
}
