/**
 * `npm run bench -- bids [--bidders 1000] [--mb 5] [--window 60] [--big-mb 1024] [--skip-big]`
 *
 * Issue 4's benchmarks against a REAL app server (the production build, `server.ts`, started on a free port
 * with its own database, queue prefix and storage directory — no worker: receipts are issued in the request,
 * their PDFs would only queue):
 *  1. Deadline rush: N bidders, each with its own key and API token, upload (tus: create + one streamed
 *     PATCH) and finalise (POST /api/v1/bids) an M-MB envelope sealed to its own key, starting within the
 *     last `window` seconds before the lot's deadline — 55 % spread over the window, 35 % in its last 10 s,
 *     10 % in the 2 s after it. Checks: every 201 carries a receipt issued before the deadline (database
 *     clock); every refusal is bids:errors.deadlinePassed and was sent at or after the instant (less the
 *     clock skew margin); p50/p99 of the finalise request latency ("receipt latency").
 *  2. Upload throughput: the same bytes (min(N, 100) envelopes, 16 at a time) uploaded to the app's tus
 *     endpoint and to bare Node http servers in their own processes (bench/_bare-upload-server.ts): one that
 *     pipes the body to a file, one that also hashes it and fsyncs it as the design requires; best of three
 *     alternating rounds each, in this run; ratios app / bare.
 *  3. One big bid (default 1 GiB, sealed streaming from a generated file): server RSS before, peak during
 *     upload + finalise, growth.
 * Envelopes are sealed before the rush (offline, as bidders do); sealing time is printed but not measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createServer as netServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, sealBid, toBase64 } from "~/domain/crypto";
import { createDb, setDb, type Db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { createBenchDb } from "./_bench-db";

const ROOT = path.resolve(import.meta.dirname, "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export interface Bidder { actor: Actor; token: string; file: string; size: number; ciphertextSha256: string; plaintextSha256: string }

export const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
export const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "—");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One HTTP request; the body is a Buffer or a file streamed from disk. */
export function request(url: string, opts: { method: string; headers?: Record<string, string>; body?: Buffer | string; file?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: opts.method, headers: opts.headers, agent }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (opts.file) pipeline(createReadStream(opts.file, { highWaterMark: 1 << 20 }), req).catch(reject);
    else req.end(opts.body);
  });
}

export async function tusUpload(base: string, token: string, file: string, size: number): Promise<string> {
  const auth = { Authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0" };
  const c = await request(`${base}/api/v1/uploads`, { method: "POST", headers: { ...auth, "Upload-Length": String(size) } });
  if (c.status !== 201) throw new Error(`tus create ${c.status} ${c.body}`);
  const id = String(c.headers.location).split("/").pop()!;
  const p = await request(`${base}/api/v1/uploads/${id}`, {
    method: "PATCH",
    headers: { ...auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", "Content-Length": String(size) },
    file,
  });
  if (p.status !== 204) throw new Error(`tus patch ${p.status} ${p.body}`);
  return id;
}

export const bond = { method: "ACCOUNT_TRANSFER", amountFen: "100000", payerAccount: "6222021001012345678", bankReference: "BENCH0001" };

export async function finalise(base: string, lotId: string, b: Bidder, uploadId: string) {
  return request(`${base}/api/v1/bids`, {
    method: "POST",
    headers: { Authorization: `Bearer ${b.token}`, "Content-Type": "application/json", "Accept-Language": "zh-CN" },
    body: JSON.stringify({ lotId, uploadId, ciphertextSha256: b.ciphertextSha256, plaintextSha256: b.plaintextSha256, bond }),
  });
}

/** Seals `plain` (a file) for `lotId` to `spki`, streaming to `out`. */
export async function sealFile(lotId: string, spki: Uint8Array, plain: string, out: string) {
  const size = statSync(plain).size;
  const { stream, result } = sealBid({
    lotId,
    recipientPublicKey: spki,
    priceSheet: { totalPriceFen: 100_000_000n + BigInt(Math.floor(Math.random() * 1e6)), durationDays: 365, fields: {} },
    files: [{ name: "技术标.pdf", size, stream: () => Readable.toWeb(createReadStream(plain, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array> }],
  });
  await pipeline(Readable.fromWeb(stream as unknown as NodeReadableStream<Uint8Array>), createWriteStream(out));
  const r = await result;
  return { size: statSync(out).size, ciphertextSha256: r.ciphertextSha256, plaintextSha256: r.plaintextSha256 };
}

export async function randomFile(file: string, bytes: number) {
  const block = randomBytes(1 << 20);
  await pipeline(
    Readable.from((function* () {
      for (let left = bytes; left > 0; left -= block.length) {
        block.writeUInt32BE(left >>> 0, 0); // every MiB differs
        yield left >= block.length ? block : block.subarray(0, left);
      }
    })()),
    createWriteStream(file),
  );
}

export async function seed(db: Db, n: number) {
  const stamp = randomBytes(3).toString("hex");
  const mkOrg = (kind: "BUYER" | "BIDDER", name: string) =>
    db.organisation.create({ data: { kind, name, creditCode: randomBytes(9).toString("hex").toUpperCase(), region: "320500" } });
  const mkUser = async (orgId: string, role: "STAFF" | "BIDDER", name: string): Promise<Actor> => {
    const u = await db.user.create({ data: { orgId, role, username: `${name}-${stamp}`, displayName: name, email: `${name}-${stamp}@bench.test`, passwordHash: "x" } });
    return { userId: u.id, role, orgId, ip: "127.0.0.1", userAgent: "bench" };
  };
  const buyer = await mkOrg("BUYER", "示范市交通运输局");
  const author = await mkUser(buyer.id, "STAFF", "author");
  const reviewer = await mkUser(buyer.id, "STAFF", "reviewer");
  const project = await db.project.create({
    data: { code: `BENCH-${stamp}`, title: "投标高峰压测项目", procurementType: "CONSTRUCTION", buyerOrgId: buyer.id, region: "320500", createdById: author.userId! },
  });
  const day = 86_400_000;
  const lot = await db.lot.create({
    data: {
      projectId: project.id, lotNo: 1, title: "第一标段", estimatedPriceFen: 100_000_00n, ceilingPriceFen: 90_000_00n, bondFen: 1_000_00n,
      evaluationMethod: "LOWEST_PRICE", status: "PUBLISHED", docsAvailableFrom: new Date(Date.now() - 2 * day), docsAvailableTo: new Date(Date.now() - day),
      clarificationCutoff: new Date(Date.now() - day), objectionCutoff: new Date(Date.now() - day), bidDeadline: new Date(Date.now() + day),
      authorId: author.userId!, reviewerId: reviewer.userId!, publishedAt: new Date(Date.now() - 2 * day),
    },
  });
  const bidders: { actor: Actor; token: string; spki: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    const org = await mkOrg("BIDDER", `投标人${i}`);
    const actor = await mkUser(org.id, "BIDDER", `bidder${i}`);
    await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: org.id, userId: actor.userId! } });
    const pair = await generateBidderKeyPair();
    const spki = await exportSpki(pair.publicKey);
    await registerBidderKey(actor, { publicKeySpki: toBase64(spki), fingerprint: await publicKeyFingerprint(spki) });
    const { token } = await createApiToken(actor, { name: "bench", days: 1 });
    bidders.push({ actor, token, spki });
  }
  return { lotId: lot.id, bidders };
}

export function startServer(env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = createWriteStream(log);
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (where its time goes).
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", "server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** A bare Node http server (bench/_bare-upload-server.ts) in its own process: the throughput baselines. */
async function startBareServer(dir: string, mode: "pipe" | "sha256+fsync"): Promise<{ url: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/_bare-upload-server.ts"), dir, mode], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (c) => reject(new Error(`bare server exited ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => (child.once("exit", () => r()), child.kill("SIGTERM"))),
  };
}

export async function inBatches<T>(items: T[], parallel: number, fn: (x: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * The production build (built once into .cache/bench-build unless BENCH_BUILD_DIR is given) served by
 * server.ts on a free port with the given database and storage directory; resolves once /readyz answers.
 */
export async function startAppServer(o: { dbUrl: string; storage: string; log: string; env?: Record<string, string> }) {
  const buildDir = path.resolve(ROOT, process.env.BENCH_BUILD_DIR ?? ".cache/bench-build");
  if (!existsSync(path.join(buildDir, "server"))) {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", REMIX_BUILD_DIR: buildDir };
    delete env.VITEST;
    await new Promise<void>((res, rej) => spawn("npx", ["remix", "vite:build"], { cwd: ROOT, env, stdio: "ignore" }).on("exit", (c) => (c === 0 ? res() : rej(new Error("build failed")))));
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(
    { ...process.env, NODE_ENV: "production", APP_SECRET: randomBytes(48).toString("base64url"), PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: base, DATABASE_URL: o.dbUrl, QUEUE_PREFIX: `bench-${randomBytes(3).toString("hex")}`, REMIX_BUILD_DIR: buildDir, STORAGE_DIR: o.storage, LOG_LEVEL: "warn", ...o.env },
    o.log,
  );
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${readFileSync(o.log, "utf8").slice(-2000)}`);
    if (i > 900) throw new Error("server did not become healthy"); // 3 min: a loaded machine boots slowly
    if (await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false)) break;
    await sleep(200);
  }
  return { server, base, buildDir };
}

/**
 * A bench's own world: a temporary directory with the storage, a migrated throw-away database, and this
 * process's domain (getDb, env) pointed at both — as the app server the bench starts will be.
 */
export async function benchWorkspace(label: string) {
  const work = mkdtempSync(path.join(tmpdir(), `ggzy-bench-${label}-`));
  const storage = path.join(work, "storage");
  const bench = await createBenchDb(label);
  process.env.DATABASE_URL = bench.url;
  process.env.STORAGE_DIR = storage;
  resetEnvCache();
  const db = createDb(bench.url, 4);
  setDb(db);
  return { work, storage, bench, db };
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      bidders: { type: "string", default: "1000" },
      mb: { type: "string", default: "5" },
      window: { type: "string", default: "60" },
      "big-mb": { type: "string", default: "1024" },
      "skip-big": { type: "boolean", default: false },
    },
  });
  const N = Number(values.bidders);
  const MB = Number(values.mb);
  const WINDOW_S = Number(values.window);
  const BIG_MB = Number(values["big-mb"]);
  console.log(`bids bench: ${N} bidders × ${MB} MB, rush window ${WINDOW_S} s, big bid ${values["skip-big"] ? "skipped" : `${BIG_MB} MB`}`);

  const { work, storage, bench, db } = await benchWorkspace("bids");
  let server: ChildProcess | undefined;
  const figures: Record<string, number> = {};
  try {
    let t0 = Date.now();
    const { lotId, bidders: parties } = await seed(db, N);
    console.log(`seeded ${N} companies, keys and tokens in ${fmt((Date.now() - t0) / 1000, 1)} s`);

    t0 = Date.now();
    const plain = path.join(work, "plain.bin");
    await randomFile(plain, MB * 1024 * 1024 - 4096); // envelope ≈ MB MiB
    // Web Crypto runs off the main thread: sealing 4 at a time uses both cores.
    const bidders: Bidder[] = new Array(N);
    await inBatches([...parties.entries()], 4, async ([i, p]) => {
      const file = path.join(work, `b${i}.sealed`);
      bidders[i] = { actor: p.actor, token: p.token, file, ...(await sealFile(lotId, p.spki, plain, file)) };
    });
    console.log(`sealed ${N} envelopes of ${fmt(bidders[0]!.size / 1024 ** 2, 2)} MiB in ${fmt((Date.now() - t0) / 1000, 1)} s (offline, not measured)`);

    const app = await startAppServer({ dbUrl: bench.url, storage, log: path.join(work, "server.log") });
    server = app.server;
    const base = app.base;
    console.log(`app server pid ${server.pid} on ${base}`);

    // ---- 1. the rush ----
    const start = Date.now() + 3000;
    const deadline = new Date(start + WINDOW_S * 1000);
    await db.lot.update({ where: { id: lotId }, data: { bidDeadline: deadline } });
    const plan = bidders.map((b, i) => {
      const r = i / N;
      const at = r < 0.55 ? start + Math.random() * (WINDOW_S - 10) * 1000 : r < 0.9 ? deadline.getTime() - Math.random() * 10_000 : deadline.getTime() + Math.random() * 2000;
      return { b, at };
    });
    const results: { sentAt: number; doneAt: number; status: number; code?: string; issuedAt?: number; uploadStartAt: number }[] = [];
    const errors: string[] = [];
    await Promise.all(plan.map(async ({ b, at }) => {
      await sleep(Math.max(0, at - Date.now()));
      const uploadStartAt = Date.now();
      try {
        const uploadId = await tusUpload(base, b.token, b.file, b.size);
        const sentAt = Date.now();
        const res = await finalise(base, lotId, b, uploadId);
        const body = JSON.parse(res.body) as { issuedAt?: string; error?: { code: string } };
        results.push({ uploadStartAt, sentAt, doneAt: Date.now(), status: res.status, code: body.error?.code, issuedAt: body.issuedAt ? Date.parse(body.issuedAt) : undefined });
      } catch (e) {
        errors.push(String(e).slice(0, 200));
      }
    }));
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    const lateReceipts = ok.filter((r) => !(r.issuedAt! < deadline.getTime()));
    const wrongRefusals = refused.filter((r) => r.code !== "bids:errors.deadlinePassed" || r.doneAt < deadline.getTime());
    const dbReceipts = await db.bidReceipt.count({ where: { lotId, kind: "SUBMITTED", issuedAt: { lt: deadline } } });
    const dbLate = await db.bidReceipt.count({ where: { lotId, issuedAt: { gte: deadline } } });
    const lat = ok.map((r) => r.doneAt - r.sentAt);
    console.log("\n[1] deadline rush");
    console.log(`  requests: ${results.length} answered, ${errors.length} transport errors${errors.length ? ` (first: ${errors[0]})` : ""}`);
    console.log(`  receipts (201): ${ok.length}, all issued before the deadline: ${lateReceipts.length === 0 ? "yes" : `NO (${lateReceipts.length} late)`}; receipts in DB before/after deadline: ${dbReceipts}/${dbLate}`);
    console.log(`  refusals: ${refused.length}, all deadlinePassed and answered after the instant: ${wrongRefusals.length === 0 ? "yes" : `NO (${wrongRefusals.length}: ${[...new Set(wrongRefusals.map((r) => r.code ?? r.status))].join(", ")})`}`);
    const startedEarly = results.filter((r) => r.uploadStartAt < deadline.getTime());
    console.log(`  started uploading before the deadline: ${startedEarly.length}, of which refused (upload still running at the instant): ${startedEarly.filter((r) => r.status !== 201).length}`);
    console.log(`  finalised in the last second before the deadline: ${ok.filter((r) => r.issuedAt! >= deadline.getTime() - 1000).length}`);
    console.log(`  receipt latency (finalise request): p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms, max ${fmt(Math.max(...lat))} ms (goal p99 < 2000)`);
    const total = results.map((r) => r.doneAt - r.uploadStartAt);
    Object.assign(figures, {
      bidders: N, mb: MB, receipts: ok.length, refusals: refused.length, transportErrors: errors.length, lateReceipts: lateReceipts.length + dbLate,
      wrongRefusals: wrongRefusals.length, startedBeforeDeadlineRefused: startedEarly.filter((r) => r.status !== 201).length,
      finaliseP50Ms: Math.round(pct(lat, 50)), finaliseP99Ms: Math.round(pct(lat, 99)),
    });
    console.log(`  upload + finalise per bidder: p50 ${fmt(pct(total, 50))} ms, p99 ${fmt(pct(total, 99))} ms`);

    // ---- 2. throughput vs bare Node servers, same bytes, same run ----
    // Each server in its own process, as the app's is; the rounds alternate and each side keeps its best,
    // so that a moment of noise on this shared machine does not decide the ratio.
    const sample = bidders.slice(0, Math.min(N, 100));
    const bytes = sample.reduce((s, b) => s + b.size, 0);
    const best = { pipe: 0, "sha256+fsync": 0, app: 0 };
    for (let round = 0; round < 3; round++) {
      for (const mode of ["pipe", "sha256+fsync"] as const) {
        const dir = path.join(work, "bare");
        mkdirSync(dir);
        const bare = await startBareServer(dir, mode);
        t0 = Date.now();
        await inBatches(sample, 16, async (b) => {
          const r = await request(`${bare.url}/`, { method: "PUT", headers: { "Content-Length": String(b.size) }, file: b.file });
          if (r.status !== 204) throw new Error(`bare ${r.status}`);
        });
        best[mode] = Math.max(best[mode], bytes / 1024 ** 2 / ((Date.now() - t0) / 1000));
        await bare.close();
        rmSync(dir, { recursive: true, force: true });
      }
      t0 = Date.now();
      await inBatches(sample, 16, async (b) => void (await tusUpload(base, b.token, b.file, b.size)));
      best.app = Math.max(best.app, bytes / 1024 ** 2 / ((Date.now() - t0) / 1000));
      rmSync(path.join(storage, "uploads"), { recursive: true, force: true });
      mkdirSync(path.join(storage, "uploads"), { recursive: true });
    }
    console.log("\n[2] upload throughput (same bytes, 16 concurrent, best of 3 alternating rounds)");
    figures.uploadMiBs = Number(best.app.toFixed(1));
    figures.bareMiBs = Number(best.pipe.toFixed(1));
    figures.bareSha256FsyncMiBs = Number(best["sha256+fsync"].toFixed(1));
    figures.uploadRatioToBare = Number((best.app / best.pipe).toFixed(2));
    figures.uploadRatioToBareSha256Fsync = Number((best.app / best["sha256+fsync"]).toFixed(2));
    console.log(`  ${sample.length} × ${fmt(sample[0]!.size / 1024 ** 2, 2)} MiB: app tus ${fmt(best.app, 1)} MiB/s; bare Node http ${fmt(best.pipe, 1)} MiB/s → ratio ${fmt(figures.uploadRatioToBare, 2)} (goal ≥ 1)`);
    console.log(`  bare Node http hashing SHA-256 and fsyncing as the design requires: ${fmt(best["sha256+fsync"], 1)} MiB/s → ratio ${fmt(figures.uploadRatioToBareSha256Fsync, 2)}`);
    for (const b of bidders) rmSync(b.file, { force: true });

    // ---- 3. one big bid: server RSS ----
    if (!values["skip-big"]) {
      const big = parties[0]!;
      await db.lot.update({ where: { id: lotId }, data: { bidDeadline: new Date(Date.now() + 3_600_000) } });
      rmSync(plain, { force: true });
      t0 = Date.now();
      await randomFile(plain, BIG_MB * 1024 * 1024);
      const bigFile = path.join(work, "big.sealed");
      const sealed = await sealFile(lotId, big.spki, plain, bigFile);
      rmSync(plain, { force: true });
      console.log(`\n[3] one ${BIG_MB} MB bid (sealed streaming in ${fmt((Date.now() - t0) / 1000, 1)} s, ${fmt(sealed.size / 1024 ** 2, 1)} MiB)`);
      await sleep(2000);
      const pid = server.pid!;
      const before = rssMb(pid);
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
      t0 = Date.now();
      const b: Bidder = { actor: big.actor, token: big.token, file: bigFile, ...sealed };
      const uploadId = await tusUpload(base, b.token, bigFile, sealed.size);
      const tUp = Date.now() - t0;
      const res = await finalise(base, lotId, b, uploadId);
      const tFin = Date.now() - t0 - tUp;
      clearInterval(timer);
      peak = Math.max(peak, rssMb(pid));
      console.log(`  upload ${fmt(tUp / 1000, 1)} s (${fmt(sealed.size / 1024 ** 2 / (tUp / 1000), 0)} MiB/s), finalise ${fmt(tFin)} ms → ${res.status}${res.status === 201 ? "" : ` ${res.body.slice(0, 200)}`}`);
      Object.assign(figures, { bigMb: BIG_MB, bigFinaliseMs: tFin, bigFinaliseStatus: res.status, rssGrowthMb: Math.round(peak - before) });
      console.log(`  server RSS: before ${fmt(before)} MB, peak ${fmt(peak)} MB, growth ${fmt(peak - before)} MB (goal < 100)`);
      rmSync(bigFile, { force: true });
    }
    figures.loadAvg1 = Number(loadavg()[0]!.toFixed(2));
    const goals = { finaliseP99Ms: "< 2000", lateReceipts: "0", wrongRefusals: "0", uploadRatioToBare: ">= 1", bigFinaliseMs: "< 200", rssGrowthMb: "< 100" };
    const met =
      figures.finaliseP99Ms! < 2000 && figures.lateReceipts === 0 && figures.wrongRefusals === 0 && figures.uploadRatioToBare! >= 1 &&
      (figures.bigFinaliseMs === undefined || (figures.bigFinaliseMs < 200 && figures.rssGrowthMb! < 100));
    console.log(JSON.stringify({ bench: "bids", figures, goals, met }));
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    setDb(undefined);
    await db.$disconnect();
    await bench.drop();
    rmSync(work, { recursive: true, force: true });
  }
}
