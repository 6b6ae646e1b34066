import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import type { Actor } from "~/domain/actor";

/**
 * Live-log delivery (issue 7): N SSE clients on the live log's stream (supervision.log.stream's steps:
 * session cookie → permission → filter → liveLogResponse, served by a Node http server here), while E audited
 * operations commit (Prisma interactive transaction + appendAudit, as domain code does) with the audit
 * sealer running. Latency = client receipt − the instant the operation's transaction returned: it covers
 * the sealer's poll (100 ms), its NOTIFY, the LiveLog's read, the per-client filter and the SSE write.
 * Clients run in worker threads (hall.ts pattern); half watch the whole log, half filter on the lot.
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { n, port, paths, cookie } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const got = [];
const reqs = [];
let ready = 0;
const now = () => performance.timeOrigin + performance.now();
for (let i = 0; i < n; i++) {
  const req = http.get({ host: "127.0.0.1", port, path: paths[i % paths.length], agent, headers: { cookie } }, (res) => {
    if (res.statusCode !== 200) { parentPort.postMessage({ error: "HTTP " + res.statusCode }); return; }
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
        if (!frame.includes("event: entry")) continue;
        const d = frame.split("\\n").find((l) => l.startsWith("data: "));
        const e = JSON.parse(d.slice(6));
        if (typeof e.detail.benchOp === "number") got.push([e.detail.benchOp, at]);
      }
    });
  });
  req.on("error", (e) => parentPort.postMessage({ error: String(e) }));
  reqs.push(req);
}
parentPort.on("message", (m) => {
  if (m === "count") parentPort.postMessage({ count: got.length });
  if (m === "stop") { for (const r of reqs) r.destroy(); agent.destroy(); parentPort.postMessage({ got }); }
});
`;

function startClients(n: number, port: number, paths: string[], cookie: string, threads = 2) {
  const workers = Array.from({ length: threads }, (_, i) =>
    new Worker(CLIENT_WORKER, { eval: true, workerData: { n: Math.floor(n / threads) + (i < n % threads ? 1 : 0), port, paths, cookie } }),
  );
  const ask = <T,>(w: Worker, msg: string, key: string) =>
    new Promise<T>((resolve, reject) => {
      const on = (m: Record<string, unknown>) => {
        if (m.error) return reject(new Error(String(m.error)));
        if (key in m) {
          w.off("message", on);
          resolve(m[key] as T);
        }
      };
      w.on("message", on);
      if (msg) w.postMessage(msg);
    });
  return {
    ready: Promise.all(workers.map((w) => ask<boolean>(w, "", "ready"))),
    count: async () => (await Promise.all(workers.map((w) => ask<number>(w, "count", "count")))).reduce((a, b) => a + b, 0),
    stop: async () => {
      const all = (await Promise.all(workers.map((w) => ask<[number, number][]>(w, "stop", "got")))).flat();
      await Promise.all(workers.map((w) => w.terminate()));
      return all;
    },
  };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const wall = () => performance.timeOrigin + performance.now();

export interface LiveLogFigures {
  clients: number;
  ops: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
}

export async function measureLiveLog(opts: { url: string; supervisor: Actor; bidder: Actor; lotId: string; clients: number; ops: number; gapMs: number }): Promise<LiveLogFigures> {
  const { getDb } = await import("~/lib/db.server");
  const { createSession } = await import("~/domain/accounts/sessions");
  const { appendAudit } = await import("~/domain/audit/append-audit");
  const { startAuditSealer } = await import("~/domain/audit/start-audit-sealer");
  const { getLiveLog } = await import("~/domain/audit/live-log.server");
  const { requirePermission } = await import("~/lib/auth.server");
  const { parseAuditFilter } = await import("~/domain/audit/audit-filter");
  const { resolveAuditFilter } = await import("~/domain/audit/list-audit-entries");
  const { liveLogResponse } = await import("~/web/live-log-stream.server");
  // The route's loader, step for step (the route module itself needs Vite: its i18n import uses
  // import.meta.glob, only for refusals, which this benchmark does not exercise).
  const loader = async (request: Request) => {
    const actor = await requirePermission(request, "audit.log.read");
    const parsed = parseAuditFilter(new URL(request.url).searchParams);
    if (!parsed.ok) return new Response("Invalid filter", { status: 400 });
    return liveLogResponse(request, await resolveAuditFilter(actor, { ...parsed.filter, before: undefined }), null);
  };
  const db = getDb();
  const token = await db.$transaction((tx) => createSession(tx, { userId: opts.supervisor.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "bench" }));

  const srv = http.createServer((req, res) => {
    const ctrl = new AbortController();
    req.on("close", () => ctrl.abort());
    const request = new Request(`http://127.0.0.1${req.url}`, { headers: { cookie: req.headers.cookie ?? "" }, signal: ctrl.signal });
    void (async () => {
      const r = await loader(request);
      res.writeHead(r.status, Object.fromEntries(r.headers));
      if (!r.body) return res.end();
      const reader = r.body.getReader();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return res.end();
        res.write(value);
      }
    })().catch((e: unknown) => {
      if (e instanceof Response) res.writeHead(e.status).end();
      else res.writeHead(500).end(String(e));
    });
  });
  srv.keepAliveTimeout = 0;
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as AddressInfo).port;
  const sealer = startAuditSealer({ url: opts.url });
  try {
    const clients = startClients(opts.clients, port, ["/supervision/log/stream", `/supervision/log/stream?lot=${opts.lotId}`], `__session=${token}`);
    await clients.ready;
    await getLiveLog().ready();
    const committedAt: number[] = [];
    const op = async (i: number) => {
      const bidId = randomUUID();
      await db.$transaction(async (tx) => {
        await appendAudit(tx, opts.bidder, {
          action: "bid.submitted",
          entityType: "Bid",
          entityId: bidId,
          after: { id: bidId, lotId: opts.lotId, status: "ACTIVE" },
          detail: { benchOp: i, lotId: opts.lotId, receiptNo: `HZ-BENCH-${String(i).padStart(6, "0")}` },
        });
      });
      if (i >= 0) committedAt[i] = wall();
    };
    // Warm-up: one operation every client must receive before measuring. A fresh sealer's first pass is
    // an anti-join over the whole log (seconds at 1 M entries on a busy machine); steady state is the figure.
    await op(-1);
    const warm = Date.now() + 120_000;
    while ((await clients.count()) < opts.clients && Date.now() < warm) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < opts.ops; i++) {
      await op(i);
      await new Promise((r) => setTimeout(r, opts.gapMs));
    }
    const expected = opts.clients * (opts.ops + 1);
    const deadline = Date.now() + 30_000;
    while ((await clients.count()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const got = await clients.stop();
    const lat = got.filter(([i]) => i >= 0).map(([i, at]) => at - committedAt[i]!).sort((a, b) => a - b);
    return { clients: opts.clients, ops: opts.ops, delivered: lat.length, expected: opts.clients * opts.ops, p50: pct(lat, 50), p99: pct(lat, 99), max: lat.at(-1)! };
  } finally {
    await sealer.stop();
    srv.closeAllConnections();
    await new Promise((r) => srv.close(() => r(undefined)));
    await getLiveLog().stop();
  }
}
