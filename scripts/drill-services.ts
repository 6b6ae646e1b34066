/**
 * The drill's own PostgreSQL cluster and Redis server (issue 14): real servers on free ports in a temp
 * directory, never the machine's 5432/6379, so that the drill can kill, restart and flush them.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort, sleep } from "./cluster-lib";

const asRoot = process.getuid?.() === 0;

function pgBin(name: string): string {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const ver = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
    if (ver && existsSync(path.join(base, ver, "bin", name))) return path.join(base, ver, "bin", name);
  }
  return name;
}

/** initdb refuses to run as root: run PostgreSQL's tools as the postgres user then. */
function runPg(args: string[], opts: { stdio?: "ignore" | "inherit" } = {}) {
  const [cmd, ...rest] = args;
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", cmd!, ...rest], { stdio: opts.stdio ?? "ignore" });
  else execFileSync(cmd!, rest, { stdio: opts.stdio ?? "ignore" });
}

export interface DrillPostgres {
  port: number;
  adminUrl: string;
  urlFor: (db: string) => string;
  /** pg_ctl restart -m fast: in-flight transactions are rolled back, clients reconnect. */
  restartFast: () => Promise<number>;
  stop: () => void;
}

export async function startPostgres(dir: string): Promise<DrillPostgres> {
  const port = await freePort();
  const data = path.join(dir, "pg");
  mkdirSync(data, { recursive: true });
  if (asRoot) {
    chmodSync(dir, 0o755); // the postgres user must reach its data directory
    chownSync(data, uidOf("postgres"), gidOf("postgres"));
  }
  runPg([pgBin("initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const opts = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB`;
  const start = () => runPg([pgBin("pg_ctl"), "-D", data, "-l", path.join(data, "server.log"), "-o", opts, "-w", "start"]);
  start();
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    urlFor: (db) => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    restartFast: async () => {
      const t0 = Date.now();
      runPg([pgBin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]);
      start();
      await waitPg(adminUrl);
      return Date.now() - t0;
    },
    stop: () => {
      try {
        runPg([pgBin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already stopped */
      }
    },
  };
}

function uidOf(user: string) {
  return Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
}
function gidOf(user: string) {
  return Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
}

async function waitPg(url: string) {
  for (let i = 0; i < 200; i++) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query("SELECT 1");
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error("drill PostgreSQL did not come back");
}

export interface DrillRedis {
  port: number;
  url: string;
  /** SHUTDOWN (the AOF is flushed), then the same server started again on the same files. */
  restartWithAof: () => Promise<number>;
  /** Every key gone (what a restart without persistence or a failover to an empty replica looks like). */
  flushAll: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startRedis(dir: string): Promise<DrillRedis> {
  const port = await freePort();
  const data = path.join(dir, "redis");
  mkdirSync(data, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess;
  const start = async () => {
    const log = createWriteStream(path.join(data, "redis.log"), { flags: "a" });
    proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--maxmemory-policy", "noeviction"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);
    for (let i = 0; i < 200; i++) {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on("error", () => {});
      try {
        await r.connect();
        // Loading the AOF answers LOADING: wait until it is done.
        if ((await r.ping()) === "PONG") {
          r.disconnect();
          return;
        }
      } catch {
        /* not yet */
      }
      r.disconnect();
      await sleep(50);
    }
    throw new Error("drill Redis did not start");
  };
  await start();
  const cli = () => new Redis(url, { maxRetriesPerRequest: 1 }).on("error", () => {});
  return {
    port,
    url,
    restartWithAof: async () => {
      const t0 = Date.now();
      const r = cli();
      await r.shutdown("SAVE").catch(() => {});
      r.disconnect();
      await new Promise((res) => (proc.exitCode !== null ? res(null) : proc.once("exit", res)));
      await start();
      return Date.now() - t0;
    },
    flushAll: async () => {
      const r = cli();
      await r.flushall();
      r.disconnect();
    },
    stop: async () => {
      proc.kill("SIGKILL");
      await new Promise((res) => (proc.exitCode !== null ? res(null) : proc.once("exit", res)));
    },
  };
}
