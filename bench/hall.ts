/**
 * `npm run bench -- hall [viewers] [events]`: live delivery of the opening hall (issue 6). Two HTTP servers
 * in this process stand for two app instances, each with its own HallHub (its own Redis subscriber) serving
 * the real SSE stream (hallEventStream). N viewers (default 2 000) connect, half to each; the host side
 * appends and publishes E events (default 100) through the real path (PostgreSQL append + Redis publish).
 * Reported: p50/p99 delivery latency over every (viewer, event), memory per connection, and the same run
 * with a bare Redis pub/sub fan-out to the same number of sockets (no PostgreSQL, no ordering) — the ratio
 * is the figure. Client and servers share the process, so memory per connection includes both ends.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { Redis } from "ioredis";
import { createBenchDb } from "./_bench-db";

interface Server {
  port: number;
  close: () => Promise<void>;
}

function listen(handler: http.RequestListener): Promise<Server> {
  const srv = http.createServer(handler);
  srv.keepAliveTimeout = 0;
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () =>
      resolve({
        port: (srv.address() as AddressInfo).port,
        close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
      }),
    ),
  );
}

/**
 * The viewers run in worker threads (plain JS, evaluated): parsing 2 000 streams must not share the event
 * loop of the servers being measured. Each worker opens its share of connections, records the delivery
 * latency of every event (wall clock: publish instant carried in the payload `t`), and posts them back.
 */
const VIEWER_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { n, ports, bare } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const lat = [];
const reqs = [];
let ready = 0;
const now = () => performance.timeOrigin + performance.now();
for (let i = 0; i < n; i++) {
  const req = http.get({ host: "127.0.0.1", port: ports[i % ports.length], path: "/stream", agent }, (res) => {
    let buf = "";
    let first = true;
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      const at = now();
      if (first) { first = false; if (++ready === n) parentPort.postMessage({ ready: true }); }
      buf += chunk;
      let k;
      while ((k = buf.indexOf("\\n\\n")) >= 0) {
        const frame = buf.slice(0, k);
        buf = buf.slice(k + 2);
        const d = frame.split("\\n").find((l) => l.startsWith("data: "));
        if (!d) continue;
        const o = JSON.parse(d.slice(6));
        const t = bare ? o.t : o.payload && o.payload.t;
        if (typeof t === "number") lat.push(at - t);
      }
    });
  });
  req.on("error", (e) => parentPort.postMessage({ error: String(e) }));
  reqs.push(req);
}
parentPort.on("message", (m) => {
  if (m === "count") parentPort.postMessage({ count: lat.length });
  if (m === "stop") { for (const r of reqs) r.destroy(); agent.destroy(); parentPort.postMessage({ lat }); }
});
`;

function startViewers(n: number, ports: number[], bare: boolean, threads = 2) {
  const workers = Array.from({ length: threads }, (_, i) =>
    new Worker(VIEWER_WORKER, { eval: true, workerData: { n: Math.floor(n / threads) + (i < n % threads ? 1 : 0), ports, bare } }),
  );
  const ask = <T,>(w: Worker, msg: string, key: string) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: Record<string, unknown>) => {
        if (m.error) return reject(new Error(String(m.error)));
        if (key in m) { w.off("message", on); resolve(m[key] as T); }
      };
      w.on("message", on);
      if (msg) w.postMessage(msg);
    });
  return {
    ready: Promise.all(workers.map((w) => ask<boolean>(w, "", "ready"))),
    count: async () => (await Promise.all(workers.map((w) => ask<number>(w, "count", "count")))).reduce((a, b) => a + b, 0),
    stop: async () => {
      const all = (await Promise.all(workers.map((w) => ask<number[]>(w, "stop", "lat")))).flat();
      await Promise.all(workers.map((w) => w.terminate()));
      return all;
    },
  };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(label: string, viewers: number, events: number, servers: Server[], publish: (i: number) => Promise<void>, bare: boolean) {
  global.gc?.();
  const before = process.memoryUsage();
  const v = startViewers(viewers, servers.map((s) => s.port), bare);
  await v.ready;
  await new Promise((r) => setTimeout(r, 300));
  global.gc?.();
  const after = process.memoryUsage();
  const t0 = performance.now();
  for (let i = 0; i < events; i++) {
    await publish(i);
    await new Promise((r) => setTimeout(r, 10));
  }
  const want = viewers * events;
  const deadline = Date.now() + 30_000;
  while ((await v.count()) < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const secs = (performance.now() - t0) / 1000;
  const lat = (await v.stop()).sort((a, b) => a - b);
  const r = {
    label,
    delivered: `${lat.length}/${want}`,
    p50ms: pct(lat, 50).toFixed(1),
    p99ms: pct(lat, 99).toFixed(1),
    maxms: lat.at(-1)!.toFixed(1),
    deliveriesPerSec: Math.round(lat.length / secs),
    // Server side only (viewers live in worker threads, whose heaps are separate; RSS is shared).
    heapPerConnKB: (((after.heapUsed - before.heapUsed) / viewers) / 1024).toFixed(1),
    rssPerConnKB: (((after.rss - before.rss) / viewers) / 1024).toFixed(1),
  };
  console.log(JSON.stringify(r));
  return r;
}

export async function main(args: string[]) {
  const viewers = Number(args[0] ?? 2000);
  const events = Number(args[1] ?? 100);
  const bench = await createBenchDb("hall");
  process.env.DATABASE_URL = bench.url;
  process.env.QUEUE_PREFIX = `bench-${randomBytes(4).toString("hex")}`;
  const { resetEnvCache, getEnv } = await import("~/lib/env.server");
  resetEnvCache();
  const { getDb } = await import("~/lib/db.server");
  const { HallHub, hallEventStream } = await import("~/domain/opening/hall-feed.server");
  const { hallTx } = await import("~/domain/opening/hall-tx");
  const env = getEnv();
  try {
    const session = await getDb().openingSession.create({
      data: { lotId: randomUUID(), decryptionWindowMinutes: 30, openedAt: new Date(), state: "SIGN_IN" },
    });
    console.log(`hall bench: ${viewers} SSE viewers over 2 instances, ${events} events (PostgreSQL append + Redis publish each)`);

    // 1. The real path: HallHub + hallEventStream on two "instances".
    const hubs = [0, 1].map(() => new HallHub({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, db: getDb }));
    const servers = await Promise.all(
      hubs.map((hub) =>
        listen((req, res) => {
          const ctrl = new AbortController();
          req.on("close", () => ctrl.abort());
          res.writeHead(200, { "Content-Type": "text/event-stream" });
          const reader = hallEventStream({ sessionId: session.id, lastEventId: 0, signal: ctrl.signal, hub }).getReader();
          void (async () => {
            for (;;) {
              const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
              if (done) return res.end();
              res.write(value);
            }
          })();
        }),
      ),
    );
    const hall = await measure(
      "hall (HallHub + SSE)",
      viewers,
      events,
      servers,
      (i) => hallTx(session.id, async (_tx, emit) => void (await emit("bench.tick", { i, t: performance.timeOrigin + performance.now() }))),
      false,
    );
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(hubs.map((h) => h.stop()));

    // 2. Baseline: bare Redis pub/sub written straight to the sockets.
    const channel = `${env.QUEUE_PREFIX}:bare`;
    const subs = [0, 1].map(() => new Redis(env.REDIS_URL));
    const bare = await Promise.all(
      subs.map(async (sub) => {
        const clients = new Set<http.ServerResponse>();
        await sub.subscribe(channel);
        sub.on("message", (_c, m: string) => {
          const frame = `data: ${m}\n\n`;
          for (const c of clients) c.write(frame);
        });
        return listen((req, res) => {
          res.writeHead(200, { "Content-Type": "text/event-stream" });
          res.write("retry: 2000\n\n");
          clients.add(res);
          req.on("close", () => clients.delete(res));
        });
      }),
    );
    const pub = new Redis(env.REDIS_URL);
    const base = await measure(
      "bare Redis pub/sub",
      viewers,
      events,
      bare,
      async (i) => void (await pub.publish(channel, JSON.stringify({ i, t: performance.timeOrigin + performance.now() }))),
      true,
    );
    await Promise.all(bare.map((s) => s.close()));
    for (const r of [...subs, pub]) r.disconnect();
    console.log(
      `ratio hall/bare: p50 ×${(Number(hall.p50ms) / Number(base.p50ms)).toFixed(2)}, p99 ×${(Number(hall.p99ms) / Number(base.p99ms)).toFixed(2)}, ` +
        `throughput ×${(hall.deliveriesPerSec / base.deliveriesPerSec).toFixed(2)}; goal p99 < 500 ms: ${Number(hall.p99ms) < 500 ? "met" : "NOT met"}`,
    );
    const figures = {
      viewers, events, hallP50Ms: Number(hall.p50ms), hallP99Ms: Number(hall.p99ms), bareP50Ms: Number(base.p50ms), bareP99Ms: Number(base.p99ms),
      ratioP99: Number((Number(hall.p99ms) / Number(base.p99ms)).toFixed(2)), hallDelivered: hall.delivered,
    };
    console.log(JSON.stringify({ bench: "hall", figures, goals: { hallP99Ms: "< 500" }, met: Number(hall.p99ms) < 500 }));
  } finally {
    await getDb().$disconnect();
    await bench.drop();
  }
}
