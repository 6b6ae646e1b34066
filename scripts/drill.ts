/**
 * `npm run drill [-- --bidders 200] [--window 20] [--faults kill-web,kill-worker,...] [--short] [--keep]`
 *
 * Fault drill (issue 14). Starts its OWN PostgreSQL cluster and Redis (free ports, temp directory — never the
 * machine's servers), migrates a database, seeds ≥ 200 bidders, and runs the portal as a cluster (two web and
 * two worker processes under scripts/supervise.mjs, behind HAProxy). For each fault, a fresh lot gets a
 * deadline `window` seconds away and every bidder uploads (tus) and finalises a sealed bid through the proxy
 * at a random instant of the window, retrying as a real client does (resuming its upload) until it has a
 * receipt. At 40 % of the window the fault is injected:
 *   kill-web       kill -9 of one web process (requests continue through the other; the supervisor restarts it)
 *   kill-worker    kill -9 of one worker process (its jobs are taken over; it is restarted)
 *   redis-restart  Redis SHUTDOWN and start again on its AOF
 *   redis-flush    Redis loses every key (FLUSHALL)
 *   pg-restart     PostgreSQL fast shutdown and start, during finalises
 *   enospc         the storage volume (a tmpfs of its own) runs full for 3 s
 * After the deadline and recovery it prints, per fault: bids sent, receipts (client / database), bid rows,
 * stored files with matching hash, lost (0), duplicates (0), late receipts (0), receipts without a PDF after
 * recovery (0), deadline transition fired (exactly once) and its lateness, recovery time, audit chain verified.
 * Exits 1 when any figure is wrong. `--short` (in `npm test`): 30 bidders, kill-web and redis-flush.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { registerBidderKey } from "~/domain/bids/register-bidder-key";
import { exportSpki, generateBidderKeyPair, publicKeyFingerprint, readAllBytes, sealBid, toBase64 } from "~/domain/crypto";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { renderRegistrationCertificate } from "~/domain/documents/jobs";
import { enqueueJob } from "~/jobs/enqueue-job";
import { createDb, setDb, type Db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { ensureBuild, ROOT, sleep, startCluster, type Cluster } from "./cluster-lib";
import { startPostgres, startRedis } from "./drill-services";

const FAULTS = ["kill-web", "kill-worker", "redis-restart", "redis-flush", "pg-restart", "enospc"] as const;
type Fault = (typeof FAULTS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    bidders: { type: "string" },
    window: { type: "string" },
    faults: { type: "string" },
    short: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const SHORT = values.short!;
const N = Number(values.bidders ?? (SHORT ? 30 : 200));
const WINDOW_MS = Number(values.window ?? (SHORT ? 10 : 20)) * 1000;
const faults = (values.faults?.split(",") ?? (SHORT ? ["kill-web", "redis-flush"] : [...FAULTS])) as Fault[];
for (const f of faults) if (!FAULTS.includes(f)) throw new Error(`unknown fault ${f}; one of ${FAULTS.join(", ")}`);

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const log = (s: string) => console.log(`[drill] ${s}`);

interface Bidder {
  actor: Actor;
  token: string;
  spki: Uint8Array;
}
interface Envelope {
  bytes: Buffer;
  ciphertextSha256: string;
  plaintextSha256: string;
}

async function retryDb<T>(fn: () => Promise<T>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() - t0 > ms) throw e;
      await sleep(250);
    }
  }
}

async function seed(db: Db, n: number, lots: number) {
  const stamp = randomBytes(3).toString("hex");
  const mkOrg = (kind: "BUYER" | "BIDDER", name: string) =>
    db.organisation.create({ data: { kind, name, creditCode: randomBytes(9).toString("hex").toUpperCase(), region: "320500" } });
  const mkUser = async (orgId: string, role: "STAFF" | "BIDDER", name: string): Promise<Actor> => {
    const u = await db.user.create({ data: { orgId, role, username: `${name}-${stamp}`, displayName: name, email: `${name}-${stamp}@drill.test`, passwordHash: "x" } });
    return { userId: u.id, role, orgId, ip: "127.0.0.1", userAgent: "drill" };
  };
  const buyer = await mkOrg("BUYER", "示范市水利局");
  const author = await mkUser(buyer.id, "STAFF", "author");
  const reviewer = await mkUser(buyer.id, "STAFF", "reviewer");
  const day = 86_400_000;
  const lotIds: string[] = [];
  for (let i = 0; i < lots; i++) {
    const project = await db.project.create({
      data: { code: `DRILL-${stamp}-${i}`, title: `故障演练项目${i}`, procurementType: "CONSTRUCTION", buyerOrgId: buyer.id, region: "320500", createdById: author.userId! },
    });
    const lot = await db.lot.create({
      data: {
        projectId: project.id, lotNo: 1, title: "第一标段", estimatedPriceFen: 100_000_00n, ceilingPriceFen: 90_000_00n, bondFen: 1_000_00n,
        evaluationMethod: "LOWEST_PRICE", status: "PUBLISHED", docsAvailableFrom: new Date(Date.now() - 2 * day), docsAvailableTo: new Date(Date.now() - day),
        clarificationCutoff: new Date(Date.now() - day), objectionCutoff: new Date(Date.now() - day), bidDeadline: new Date(Date.now() + 30 * day),
        authorId: author.userId!, reviewerId: reviewer.userId!, publishedAt: new Date(Date.now() - 2 * day),
      },
    });
    lotIds.push(lot.id);
  }
  const bidders: Bidder[] = new Array(n);
  let next = 0;
  // Eight at a time: key registration and token hashing are the slow part.
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = next++; i < n; i = next++) bidders[i] = await seedBidder(i);
  }));
  return { lotIds, bidders };

  async function seedBidder(i: number): Promise<Bidder> {
    const org = await mkOrg("BIDDER", `演练投标人${i}`);
    const actor = await mkUser(org.id, "BIDDER", `bidder${i}`);
    await db.lotRegistration.createMany({ data: lotIds.map((lotId) => ({ lotId, bidderOrgId: org.id, userId: actor.userId! })) });
    const pair = await generateBidderKeyPair();
    const spki = await exportSpki(pair.publicKey);
    await registerBidderKey(actor, { publicKeySpki: toBase64(spki), fingerprint: await publicKeyFingerprint(spki) });
    const { token } = await createApiToken(actor, { name: "drill", days: 1 });
    return { actor, token, spki };
  }
}

async function seal(lotId: string, spki: Uint8Array, i: number): Promise<Envelope> {
  const body = new TextEncoder().encode(`技术标 ${i} ${"演练".repeat(8000)}`);
  const { stream, result } = sealBid({
    lotId,
    recipientPublicKey: spki,
    priceSheet: { totalPriceFen: 80_000_000n + BigInt(i), durationDays: 365, fields: {} },
    files: [{ name: "技术标.txt", size: body.length, stream: () => new Blob([body]).stream() }],
  });
  const bytes = Buffer.from(await readAllBytes(stream));
  const r = await result;
  return { bytes, ciphertextSha256: r.ciphertextSha256, plaintextSha256: r.plaintextSha256 };
}

const bond = { method: "ACCOUNT_TRANSFER", amountFen: "100000", payerAccount: "6222021001012345678", bankReference: "DRILL0001" };

type Outcome = { kind: "receipt"; bidId: string; issuedAt: number; attempts: number } | { kind: "refused"; code: string; attempts: number } | { kind: "gave-up"; last: string; attempts: number };

/** One bidder as a real client: upload with tus (resuming after a failure), finalise, retry until it has a receipt. */
async function bidderClient(base: string, lotId: string, b: Bidder, env: Envelope, giveUpAt: number, statuses: Map<string, number>): Promise<Outcome> {
  const auth = { Authorization: `Bearer ${b.token}`, "Tus-Resumable": "1.0.0" };
  let uploadId: string | null = null;
  let attempts = 0;
  let last = "";
  const seen = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  while (Date.now() < giveUpAt) {
    attempts++;
    try {
      if (!uploadId) {
        const c = await fetch(`${base}/api/v1/uploads`, { method: "POST", headers: { ...auth, "Upload-Length": String(env.bytes.length) }, signal: AbortSignal.timeout(15_000) });
        seen(`create ${c.status}`);
        if (c.status !== 201) throw new Error(`create ${c.status} ${(await c.text()).slice(0, 120)}`);
        uploadId = String(c.headers.get("location")).split("/").pop()!;
        await c.arrayBuffer().catch(() => {});
      }
      const h = await fetch(`${base}/api/v1/uploads/${uploadId}`, { method: "HEAD", headers: auth, signal: AbortSignal.timeout(15_000) });
      if (h.status === 404) {
        uploadId = null; // refused for good or lost with a failed write: upload again
        continue;
      }
      if (h.status !== 200) throw new Error(`head ${h.status}`);
      const offset = Number(h.headers.get("upload-offset"));
      if (offset < env.bytes.length) {
        const p = await fetch(`${base}/api/v1/uploads/${uploadId}`, {
          method: "PATCH",
          headers: { ...auth, "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          body: new Uint8Array(env.bytes.subarray(offset)),
          signal: AbortSignal.timeout(30_000),
        });
        seen(`patch ${p.status}`);
        await p.arrayBuffer().catch(() => {});
        if (p.status !== 204) throw new Error(`patch ${p.status}`);
      }
      const f = await fetch(`${base}/api/v1/bids`, {
        method: "POST",
        headers: { Authorization: `Bearer ${b.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ lotId, uploadId, ciphertextSha256: env.ciphertextSha256, plaintextSha256: env.plaintextSha256, bond }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await f.json().catch(() => ({}))) as { bidId?: string; issuedAt?: string; error?: { code?: string; params?: { bidId?: string } } };
      seen(`finalise ${f.status}${body.error?.code ? ` ${body.error.code.replace(/^\w+:errors\./, "")}` : ""}`);
      if (f.status === 201 && body.bidId) return { kind: "receipt", bidId: body.bidId, issuedAt: Date.parse(body.issuedAt!), attempts };
      const code = body.error?.code ?? String(f.status);
      // A finalise whose answer was lost (web killed after commit): the retry is told it exists.
      if (code === "bids:errors.alreadyFinalised") {
        return { kind: "receipt", bidId: body.error?.params?.bidId ?? "", issuedAt: NaN, attempts };
      }
      if (code === "bids:errors.deadlinePassed") return { kind: "refused", code, attempts };
      if (code === "bids:errors.uploadNotFound") uploadId = null;
      throw new Error(`finalise ${f.status} ${code}`);
    } catch (e) {
      last = (e as Error).message.slice(0, 160);
      await sleep(200 + Math.random() * 300);
    }
  }
  return { kind: "gave-up", last, attempts };
}

/** End-to-end probe: a job through the outbox, relay, Redis, a worker and storage; resolves when its PDF exists. */
async function probe(db: Db, deadline: number): Promise<boolean> {
  const org = await retryDb(() => db.organisation.create({ data: { kind: "BIDDER", name: `探针${randomBytes(3).toString("hex")}`, creditCode: randomBytes(9).toString("hex").toUpperCase(), region: "320500" } }));
  await retryDb(() => db.$transaction((tx) => enqueueJob(tx, renderRegistrationCertificate, { orgId: org.id })));
  while (Date.now() < deadline) {
    const doc = await db.document.findFirst({ where: { entityId: org.id } }).catch(() => null);
    if (doc) return true;
    await sleep(100);
  }
  return false;
}

interface Figures {
  fault: Fault;
  sent: number;
  clientReceipts: number;
  receipts: number;
  bidRows: number;
  filesOk: number;
  lost: number;
  duplicates: number;
  lateReceipts: number;
  unserved: number;
  noPdf: number;
  badDocuments: number;
  transitionFired: number;
  latenessMs: number;
  recoveryMs: number;
  auditOk: boolean;
  note: string;
  statuses: string;
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), "ggzy-drill-"));
  log(`${N} bidders, window ${WINDOW_MS / 1000} s, faults: ${faults.join(", ")}; work dir ${work}`);
  const t00 = Date.now();
  const pgS = await startPostgres(work);
  const redisS = await startRedis(work);
  log(`own PostgreSQL on :${pgS.port}, own Redis on :${redisS.port}`);

  // Storage on its own small tmpfs, so that running out of space can be caused (and undone) for real.
  const storage = path.join(work, "storage");
  mkdirSync(storage);
  let tmpfs = false;
  let tmpfsNote = "";
  if (faults.includes("enospc")) {
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=512m,mode=0755", "drill-storage", storage], { stdio: "pipe" });
      tmpfs = true;
    } catch (e) {
      tmpfsNote = `cannot mount a tmpfs (${String((e as Error).message).split("\n")[0]}): ENOSPC fault skipped`;
      log(tmpfsNote);
    }
  }

  let cluster: Cluster | undefined;
  let db: Db | undefined;
  const results: Figures[] = [];
  try {
    // The production shape (scripts/db-roles.ts, issue 13): migrations as the owner role, the portal as the
    // least-privilege app role; the admin (superuser) connection only creates roles and the database.
    const url = pgS.urlFor("ggzy_drill").replace("//postgres@", "//ggzy_app@");
    const ownerUrl = pgS.urlFor("ggzy_drill").replace("//postgres@", "//ggzy_owner@");
    const rolesEnv = { ...process.env, ADMIN_DATABASE_URL: pgS.adminUrl, MIGRATE_DATABASE_URL: ownerUrl, DATABASE_URL: url };
    const roles = (...a: string[]) => execFileSync(process.execPath, ["--import", "tsx", "scripts/db-roles.ts", ...a], { cwd: ROOT, env: rolesEnv, stdio: "pipe" });
    roles("--roles-only");
    const admin = new pg.Client({ connectionString: pgS.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE "ggzy_drill" OWNER "ggzy_owner"');
    await admin.end();
    roles();
    execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: ownerUrl }, stdio: "pipe" });
    roles("--grants");
    const prefix = `drill-${randomBytes(3).toString("hex")}`;
    Object.assign(process.env, { DATABASE_URL: url, REDIS_URL: redisS.url, QUEUE_PREFIX: prefix, STORAGE_DIR: storage });
    resetEnvCache();
    db = createDb(url, 8);
    setDb(db);

    let t0 = Date.now();
    const { lotIds, bidders } = await seed(db, N, faults.length + 1);
    log(`seeded ${N} bidders (keys, tokens) registered for ${lotIds.length} lots in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
    const envelopes: Envelope[][] = [];
    for (const [li, lotId] of lotIds.entries()) envelopes.push(await Promise.all(bidders.map((b, i) => seal(lotId, b.spki, li * 1000 + i))));
    log(`sealed ${N * lotIds.length} envelopes of ${(envelopes[0]![0]!.bytes.length / 1024).toFixed(0)} KiB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const buildDir = ensureBuild();
    t0 = Date.now();
    cluster = await startCluster({
      env: { ...process.env, DATABASE_URL: url, REDIS_URL: redisS.url, QUEUE_PREFIX: prefix, STORAGE_DIR: storage, LOG_LEVEL: "warn", APP_SECRET: randomBytes(48).toString("base64") },
      logDir: work,
      buildDir,
      quiet: true,
    });
    log(`cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: HAProxy ${cluster.url} → web :${cluster.webPorts.join(", :")}; 2 workers`);

    // Across instances: an upload begun on web-1 resumes on web-2, and is finalised through the proxy.
    {
      const b = bidders[0]!;
      const env = envelopes[faults.length]![0]!;
      const auth = { Authorization: `Bearer ${b.token}`, "Tus-Resumable": "1.0.0" };
      const [p1, p2] = cluster.webPorts.map((p) => `http://127.0.0.1:${p}`);
      const c = await fetch(`${p1}/api/v1/uploads`, { method: "POST", headers: { ...auth, "Upload-Length": String(env.bytes.length) } });
      const id = String(c.headers.get("location")).split("/").pop()!;
      const half = Math.floor(env.bytes.length / 2);
      await fetch(`${p1}/api/v1/uploads/${id}`, { method: "PATCH", headers: { ...auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" }, body: new Uint8Array(env.bytes.subarray(0, half)) });
      const h = await fetch(`${p2}/api/v1/uploads/${id}`, { method: "HEAD", headers: auth });
      const off = Number(h.headers.get("upload-offset"));
      const p = await fetch(`${p2}/api/v1/uploads/${id}`, { method: "PATCH", headers: { ...auth, "Upload-Offset": String(off), "Content-Type": "application/offset+octet-stream" }, body: new Uint8Array(env.bytes.subarray(off)) });
      const f = await fetch(`${cluster.url}/api/v1/bids`, {
        method: "POST",
        headers: { Authorization: `Bearer ${b.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ lotId: lotIds[faults.length], uploadId: id, ciphertextSha256: env.ciphertextSha256, plaintextSha256: env.plaintextSha256, bond }),
      });
      const ok = off === half && p.status === 204 && f.status === 201;
      log(`upload resumed on the other instance: ${ok ? "yes" : `NO (offset ${off}/${half}, patch ${p.status}, finalise ${f.status})`}`);
      if (!ok) process.exitCode = 1;
    }

    for (const [fi, fault] of faults.entries()) {
      if (fault === "enospc" && !tmpfs) {
        results.push({ ...emptyFigures(fault), note: tmpfsNote });
        continue;
      }
      results.push(await runPhase(db, cluster, fault, lotIds[fi]!, bidders, envelopes[fi]!, { pgS, redisS, storage, url }));
      printFigures(results[results.length - 1]!);
    }
  } finally {
    await cluster?.stop().catch(() => {});
    setDb(undefined);
    await db?.$disconnect().catch(() => {});
    await redisS.stop().catch(() => {});
    pgS.stop();
    if (tmpfs) spawnSync("umount", ["-l", storage]);
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }

  console.log("\nfault          sent  rcpt(client/db)  rows  files  lost  dup  late  unserved  noPDF  fired  lateness  recovery  audit");
  for (const r of results) {
    console.log(
      `${r.fault.padEnd(13)} ${String(r.sent).padStart(5)}  ${`${r.clientReceipts}/${r.receipts}`.padStart(15)}  ${String(r.bidRows).padStart(4)}  ${String(r.filesOk).padStart(5)}  ${String(r.lost).padStart(4)}  ${String(r.duplicates).padStart(3)}  ${String(r.lateReceipts).padStart(4)}  ${String(r.unserved).padStart(8)}  ${String(r.noPdf).padStart(5)}  ${String(r.transitionFired).padStart(5)}  ${`${r.latenessMs} ms`.padStart(8)}  ${`${(r.recoveryMs / 1000).toFixed(1)} s`.padStart(8)}  ${r.auditOk ? "ok" : "FAILED"}${r.note ? `  (${r.note})` : ""}`,
    );
  }
  const wrong = results.filter((r) => !r.note.startsWith("cannot mount") && !figuresOk(r));
  console.log(
    JSON.stringify({
      drill: SHORT ? "short" : "full",
      bidders: N,
      totalS: Math.round((Date.now() - t00) / 1000),
      faults: results.map((r) => ({ fault: r.fault, recoveryMs: r.recoveryMs, deadlineLatenessMs: r.latenessMs, lost: r.lost, duplicates: r.duplicates, noPdf: r.noPdf, fired: r.transitionFired, auditOk: r.auditOk, ok: figuresOk(r) })),
      met: wrong.length === 0 && !process.exitCode,
    }),
  );
  if (wrong.length) process.exitCode = 1;
}

function emptyFigures(fault: Fault): Figures {
  return { fault, sent: 0, clientReceipts: 0, receipts: 0, bidRows: 0, filesOk: 0, lost: 0, duplicates: 0, lateReceipts: 0, unserved: 0, noPdf: 0, badDocuments: 0, transitionFired: 0, latenessMs: 0, recoveryMs: 0, auditOk: true, note: "", statuses: "" };
}

function figuresOk(r: Figures): boolean {
  return (
    r.lost === 0 && r.duplicates === 0 && r.lateReceipts === 0 && r.unserved === 0 && r.noPdf === 0 && r.badDocuments === 0 &&
    r.transitionFired === 1 && r.auditOk && r.receipts === r.bidRows && r.filesOk === r.bidRows && r.clientReceipts === r.receipts
  );
}

function printFigures(r: Figures) {
  console.log(
    `[drill] ${r.fault}: sent ${r.sent}, receipts ${r.clientReceipts} (client) / ${r.receipts} (db), bid rows ${r.bidRows}, files with matching hash ${r.filesOk}, ` +
      `lost ${r.lost}, duplicates ${r.duplicates}, late receipts ${r.lateReceipts}, unserved ${r.unserved}, receipts without PDF ${r.noPdf}, bad documents ${r.badDocuments}, ` +
      `transition fired ${r.transitionFired}× (lateness ${r.latenessMs} ms), recovery ${(r.recoveryMs / 1000).toFixed(1)} s, audit chain ${r.auditOk ? "verified" : "FAILED"} — ${figuresOk(r) ? "OK" : "WRONG"}${r.note ? ` (${r.note})` : ""}`,
  );
  console.log(`[drill]   answers seen: ${r.statuses}`);
}

async function runPhase(
  db: Db,
  cluster: Cluster,
  fault: Fault,
  lotId: string,
  bidders: Bidder[],
  envelopes: Envelope[],
  s: { pgS: Awaited<ReturnType<typeof startPostgres>>; redisS: Awaited<ReturnType<typeof startRedis>>; storage: string; url: string },
): Promise<Figures> {
  const start = Date.now() + 1500;
  const deadline = start + WINDOW_MS;
  await db.lot.update({ where: { id: lotId }, data: { bidDeadline: new Date(deadline) } });
  await db.$transaction((tx) => scheduleLotTransitions(tx, lotId));
  const faultAt = start + WINDOW_MS * 0.4;
  const statuses = new Map<string, number>();
  log(`${fault}: ${bidders.length} bidders over ${WINDOW_MS / 1000} s, fault at +${((faultAt - start) / 1000).toFixed(0)} s, deadline ${new Date(deadline).toISOString()}`);

  const clients = bidders.map(async (b, i) => {
    // Everyone starts at least 3 s before the deadline: a fault must not cost any of them the bid.
    await sleep(Math.max(0, start + Math.random() * (WINDOW_MS - 3000) - Date.now()));
    return bidderClient(cluster.url, lotId, b, envelopes[i]!, deadline + 2000, statuses);
  });

  let recoveryMs = 0;
  let note = "";
  const injector = (async () => {
    await sleep(Math.max(0, faultAt - Date.now()));
    const t0 = Date.now();
    const probeBy = t0 + 120_000;
    if (fault === "kill-web") {
      const pid = cluster.pidOf("web-1")!;
      process.kill(pid, "SIGKILL");
      // Back when the supervisor restarted it and it answers /readyz again.
      while (!(await fetch(`http://127.0.0.1:${cluster.webPorts[0]}/readyz`).then((r) => r.ok, () => false)) || cluster.pidOf("web-1") === pid) await sleep(50);
      recoveryMs = Date.now() - t0;
      note = `web-1 pid ${pid} killed; restarted as ${cluster.pidOf("web-1")}`;
    } else if (fault === "kill-worker") {
      const pid = cluster.pidOf("worker-1")!;
      process.kill(pid, "SIGKILL");
      while (cluster.pidOf("worker-1") === pid) await sleep(50);
      await probe(db, probeBy);
      recoveryMs = Date.now() - t0;
      note = `worker-1 pid ${pid} killed; restarted as ${cluster.pidOf("worker-1")}`;
    } else if (fault === "redis-restart") {
      const down = await s.redisS.restartWithAof();
      await probe(db, probeBy);
      recoveryMs = Date.now() - t0;
      note = `Redis down ${down} ms`;
    } else if (fault === "redis-flush") {
      await s.redisS.flushAll();
      await probe(db, probeBy);
      recoveryMs = Date.now() - t0;
    } else if (fault === "pg-restart") {
      const down = await s.pgS.restartFast();
      while (!(await fetch(`${cluster.url}/readyz`).then((r) => r.ok, () => false))) await sleep(50);
      await probe(db, probeBy);
      recoveryMs = Date.now() - t0;
      note = `PostgreSQL down ${down} ms`;
    } else if (fault === "enospc") {
      // Fill the volume to the last byte, hold it full for 3 s, then free it.
      const filler = path.join(s.storage, "filler");
      const fd = openSync(filler, "w");
      const block = Buffer.alloc(1 << 20);
      try {
        for (;;) writeSync(fd, block);
      } catch {
        /* ENOSPC: full */
      }
      try {
        for (;;) writeSync(fd, block.subarray(0, 512));
      } catch {
        /* every last block */
      }
      closeSync(fd);
      await sleep(3000);
      rmSync(filler, { force: true });
      const full = Date.now() - t0;
      await probe(db, probeBy);
      recoveryMs = Date.now() - t0;
      note = `volume full for ${full} ms`;
    }
  })();

  const outcomes = await Promise.all(clients);
  await injector;

  // After the deadline: the transition must fire once, and every receipt get its PDF.
  const waitUntil = Date.now() + 120_000;
  let t: { status: string; firedAt: Date | null; dueAt: Date } | null = null;
  while (Date.now() < waitUntil) {
    t = await retryDb(() => db.scheduledTransition.findFirst({ where: { lotId, kind: "CLOSE_BIDDING" }, select: { status: true, firedAt: true, dueAt: true } }));
    if (t && t.status !== "PENDING") break;
    await sleep(200);
  }
  while (Date.now() < waitUntil && (await db.bidReceipt.count({ where: { lotId, documentId: null } })) > 0) await sleep(500);

  const receiptsOk = outcomes.filter((o): o is Extract<Outcome, { kind: "receipt" }> => o.kind === "receipt");
  const bids = await db.bid.findMany({ where: { lotId }, select: { id: true, bidderOrgId: true, storageKey: true, ciphertextSha256: true } });
  const receipts = await db.bidReceipt.findMany({ where: { lotId, kind: "SUBMITTED" }, select: { id: true, bidId: true, issuedAt: true, documentId: true } });
  const byId = new Set(bids.map((b) => b.id));
  let filesOk = 0;
  for (const b of bids) {
    const f = path.join(s.storage, b.storageKey);
    if (existsSync(f) && sha256(readFileSync(f)) === b.ciphertextSha256) filesOk++;
  }
  const docs = await db.document.findMany({ where: { id: { in: receipts.map((r) => r.documentId).filter((x): x is string => !!x) } }, select: { storageKey: true, sha256: true } });
  const badDocuments = docs.filter((d) => {
    const f = path.join(s.storage, d.storageKey);
    return !existsSync(f) || sha256(readFileSync(f)) !== d.sha256;
  }).length;
  const audits = await db.auditEntry.count({ where: { entityId: lotId, action: "lot.close_bidding" } });
  const verify = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", "--no-checkpoints"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: s.url }, encoding: "utf8" });

  return {
    fault,
    sent: bidders.length,
    clientReceipts: receiptsOk.length,
    receipts: receipts.length,
    bidRows: bids.length,
    filesOk,
    // A receipt the client holds whose bid is not in the database, or a bid whose file is missing or altered.
    lost: receiptsOk.filter((o) => o.bidId && !byId.has(o.bidId)).length + (bids.length - filesOk),
    duplicates: bids.length - new Set(bids.map((b) => b.bidderOrgId)).size + Math.abs(receipts.length - bids.length) + (docs.length - new Set(docs.map((d) => d.storageKey)).size),
    lateReceipts: receipts.filter((r) => r.issuedAt.getTime() >= deadline).length,
    unserved: outcomes.filter((o) => o.kind !== "receipt").length,
    noPdf: receipts.filter((r) => !r.documentId).length,
    badDocuments,
    transitionFired: t?.status === "DONE" ? audits : 0,
    latenessMs: t?.firedAt ? t.firedAt.getTime() - t.dueAt.getTime() : -1,
    recoveryMs,
    auditOk: verify.status === 0,
    note,
    statuses: [...statuses.entries()].sort().map(([k, v]) => `${k}×${v}`).join(", ") + (outcomes.some((o) => o.kind === "gave-up") ? `; gave up: ${outcomes.filter((o) => o.kind === "gave-up").map((o) => (o as { last: string }).last).slice(0, 3).join(" | ")}` : ""),
  };
}

await main();
process.exit(process.exitCode ?? 0);
