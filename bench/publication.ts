/**
 * `npm run bench -- publication` (issue 3).
 * 1. 100 000 lots seeded in bulk SQL: public listing and Chinese search, p95 of the domain function
 *    (listPublicTenders) beside the bare SQL it runs (same text through a plain pg client, and PostgreSQL's
 *    own execution time). Goal: p95 < 50 ms.
 * 2. 10 000 transitions due over ~2 minutes, fired by BullMQ workers through the real job path; midway the
 *    bench prefix's Redis keys are wiped (the FLUSHALL scenario, limited to our prefix) and reconcileSchedule
 *    rebuilds the jobs. Goals: lateness p99 < 1 s, max < 2 s; every transition applied exactly once.
 * Options: --lots 100000 --transitions 10000 --window 120 (seconds) --iterations 200 --keep
 */
import { Worker } from "bullmq";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import pg from "pg";
import type { Db } from "~/lib/db.server";
import { createDb, setDb } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { createBenchDb } from "./_bench-db";

function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
}
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${n.toFixed(2)} ms`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Collected for the closing JSON line. */
const figures: Record<string, number> = {};
let met = true;

export async function main(args: string[]) {
  const lots = arg(args, "lots", 100_000);
  const transitions = arg(args, "transitions", 10_000);
  const windowS = arg(args, "window", 120);
  const iterations = arg(args, "iterations", 200);
  console.log(`publication benchmark — ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const bench = await createBenchDb("publication");
  console.log(`database ${bench.name} (created and migrated)`);
  process.env.DATABASE_URL = bench.url;
  process.env.QUEUE_PREFIX = `bench-pub-${randomBytes(4).toString("hex")}`;
  process.env.LOG_LEVEL = "warn";
  resetEnvCache();
  const db = createDb(bench.url, 30);
  setDb(db);
  const pool = new pg.Pool({ connectionString: bench.url, max: 4 });
  try {
    const ids = await seedParties(db);
    await listingPhase(db, pool, ids, lots, iterations);
    await transitionPhase(db, ids, transitions, windowS);
    figures.loadAvg1 = Number(loadavg()[0]!.toFixed(2));
    const goals = { listingP95Ms: "< 50 each", transitions: "each exactly once", latenessP99Ms: "< 1000", latenessMaxMs: "< 2000" };
    console.log(JSON.stringify({ bench: "publication", figures, goals, met }));
  } finally {
    await pool.end();
    await db.$disconnect();
    if (!args.includes("--keep")) await bench.drop();
    else console.log(`kept database ${bench.name}`);
  }
}

async function seedParties(db: Db) {
  const org = await db.organisation.create({
    data: { kind: "BUYER", name: "示范市住房和城乡建设局", creditCode: randomBytes(9).toString("hex").toUpperCase(), region: "320500" },
  });
  const user = await db.user.create({
    data: { orgId: org.id, role: "STAFF", username: "bench", displayName: "bench", email: "bench@example.test", passwordHash: "x" },
  });
  return { orgId: org.id, userId: user.id };
}

// Realistic titles: place + object + action + suffix (20 × 25 × 7 × 3 combinations).
const PLACES = ["东城区", "西湖区", "高新区", "经开区", "滨江新区", "南山区", "北塘区", "姑苏区", "吴中区", "相城区",
  "某市", "某县", "城南街道", "城北镇", "临港片区", "科教城", "老城区", "新城区", "湖东片区", "港口区"];
const OBJECTS = ["市政道路", "污水管网", "学校", "医院", "桥梁", "公园", "河道", "安置房", "体育馆", "图书馆", "供水管网",
  "垃圾中转站", "停车场", "幼儿园", "社区服务中心", "农贸市场", "路灯", "绿道", "雨水泵站", "变电站", "办公楼", "档案馆",
  "消防站", "隧道", "立交桥"];
const ACTIONS = ["改造", "新建", "维修", "扩建", "提升", "绿化", "智能化"];
const SUFFIXES = ["工程", "项目", "采购项目"];
const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;

async function listingPhase(db: Db, pool: pg.Pool, p: { orgId: string; userId: string }, n: number, iterations: number) {
  console.log(`\n— listing and search over ${fmt(n)} lots —`);
  const t = performance.now();
  // One project per lot; 90 % published (various states) over the last two years, 10 % drafts.
  await db.$executeRawUnsafe(`
    INSERT INTO "Project" (id, code, title, "procurementType", "buyerOrgId", region, "createdById", "updatedAt")
    SELECT gen_random_uuid(), 'BP-' || lpad(i::text, 7, '0'),
           (${sqlArray(PLACES)})[1 + i % 20] || (${sqlArray(OBJECTS)})[1 + (i / 20) % 25] ||
           (${sqlArray(ACTIONS)})[1 + (i / 500) % 7] || (${sqlArray(SUFFIXES)})[1 + (i / 3500) % 3],
           (CASE WHEN i % 3 = 0 THEN 'GOVERNMENT_PROCUREMENT' ELSE 'CONSTRUCTION' END)::"ProcurementType",
           '${p.orgId}'::uuid, (ARRAY['320502','320505','320506','320507','320508'])[1 + i % 5], '${p.userId}'::uuid, now()
      FROM generate_series(1, ${n}) i`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Lot" (id, "projectId", "lotNo", title, "estimatedPriceFen", "ceilingPriceFen", "bondFen",
                       "evaluationMethod", status, "docsAvailableFrom", "docsAvailableTo", "clarificationCutoff",
                       "objectionCutoff", "bidDeadline", "authorId", "publishedAt", "updatedAt")
    SELECT gen_random_uuid(), pr.id, 1, '第' || (1 + i % 4) || '标段', 100000000, 95000000, 1000000, 'LOWEST_PRICE',
           (CASE WHEN i % 10 = 0 THEN 'DRAFT'
                 ELSE (ARRAY['PUBLISHED','BIDDING_CLOSED','EVALUATION','AWARDED','ARCHIVED','FAILED'])[1 + i % 6] END)::"LotStatus",
           pub, pub + interval '7 days', pub + interval '8 days', pub + interval '10 days', pub + interval '21 days',
           '${p.userId}'::uuid, CASE WHEN i % 10 = 0 THEN NULL ELSE pub END, now()
      FROM (SELECT pr.*, row_number() OVER (ORDER BY code) AS i,
                   now() - (random() * interval '730 days') AS pub
              FROM "Project" pr) pr`);
  await db.$executeRawUnsafe(`ANALYZE "Project"; ANALYZE "Lot"`);
  console.log(`seeded ${fmt(n)} projects + lots in ${(performance.now() - t) / 1000 | 0} s (search text by trigger)`);

  const { listPublicTenders, publicTendersSql, publicTenderFilterSchema } = await import("~/domain/tenders/list-public-tenders");
  const cases: [string, Parameters<typeof listPublicTenders>[0]][] = [
    ["listing, page 1", {}],
    ["listing, type + status + region", { type: "CONSTRUCTION", status: "BIDDING_CLOSED", region: "320505" }],
    ["listing, page 50", { page: 50 }],
    ["search 「市政道路」", { q: "市政道路" }],
    ["search 「道路改造」", { q: "道路改造" }],
    ["search 「市政 改造」 (two terms)", { q: "市政 改造" }],
    ["search project number BP-0012345", { q: "BP-0012345" }],
    ["search 「学校」 (2 characters: no trigram)", { q: "学校" }],
    ["search 「某县隧道智能化」 (rare)", { q: "某县隧道智能化" }],
  ];
  console.log(`${iterations} iterations each (after 20 warm-up); server time = PostgreSQL "Execution Time"`);
  console.log(`${"case".padEnd(42)} ${"rows".padStart(4)}  ${"domain p50".padStart(11)} ${"domain p95".padStart(11)}  ${"bare SQL p95".padStart(12)}  ${"server p95".padStart(11)}  ratio`);
  for (const [label, filter] of cases) {
    const sql = publicTendersSql(publicTenderFilterSchema.parse(filter));
    const domain: number[] = [];
    const bare: number[] = [];
    const server: number[] = [];
    let rows = 0;
    for (let i = 0; i < iterations + 20; i++) {
      const a = performance.now();
      const r = await listPublicTenders(filter, db);
      const b = performance.now();
      await pool.query(sql.text, sql.values as unknown[]);
      const c = performance.now();
      if (i >= 20) {
        domain.push(b - a);
        bare.push(c - b);
      }
      rows = r.items.length;
    }
    for (let i = 0; i < Math.min(50, iterations); i++) {
      const e = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`, sql.values as unknown[]);
      server.push((e.rows[0]["QUERY PLAN"][0] as { "Execution Time": number })["Execution Time"]);
    }
    const d95 = pct(domain, 95);
    const b95 = pct(bare, 95);
    figures[`${label}: p95 ms`] = Number(d95.toFixed(1));
    figures[`${label}: ratio to bare`] = Number((d95 / b95).toFixed(2));
    met &&= d95 < 50;
    console.log(
      `${label.padEnd(42)} ${String(rows).padStart(4)}  ${ms(pct(domain, 50)).padStart(11)} ${ms(d95).padStart(11)}  ${ms(b95).padStart(12)}  ${ms(pct(server, 95)).padStart(11)}  ${(d95 / b95).toFixed(2)}`,
    );
  }
  console.log(`goal: domain p95 < 50 ms; ratio = domain p95 / bare SQL p95 (Prisma + validation overhead)`);
}

async function transitionPhase(db: Db, p: { orgId: string; userId: string }, n: number, windowS: number) {
  console.log(`\n— ${fmt(n)} transitions over ${windowS} s, Redis keys of the bench prefix wiped midway —`);
  const { startScheduleReconciler } = await import("~/domain/schedule/start-schedule-reconciler");
  const { createQueues } = await import("~/jobs/queues.server");
  const { createRedis } = await import("~/lib/redis.server");
  const { runJob } = await import("../workers/run-job");
  const prefix = process.env.QUEUE_PREFIX!;
  const lead = 15; // seconds before the first instant, for seeding and scheduling
  const start = Date.now() + lead * 1000;

  // n published lots, each with a CLOSE_BIDDING transition; instants spread evenly over the window.
  await db.$executeRawUnsafe(`
    WITH pr AS (
      INSERT INTO "Project" (id, code, title, "procurementType", "buyerOrgId", region, "createdById", "updatedAt")
      SELECT gen_random_uuid(), 'TR-' || lpad(i::text, 7, '0'), '定时测试项目' || i, 'CONSTRUCTION', '${p.orgId}'::uuid,
             '320505', '${p.userId}'::uuid, now()
        FROM generate_series(1, ${n}) i
      RETURNING id, code)
    INSERT INTO "Lot" (id, "projectId", "lotNo", title, "estimatedPriceFen", "ceilingPriceFen", "bondFen",
                       "evaluationMethod", status, "docsAvailableFrom", "docsAvailableTo", "clarificationCutoff",
                       "objectionCutoff", "bidDeadline", "authorId", "publishedAt", "updatedAt")
    SELECT gen_random_uuid(), pr.id, 1, '第一标段', 100000000, 95000000, 1000000, 'LOWEST_PRICE', 'PUBLISHED',
           now() - interval '20 days', d, d, d, d, '${p.userId}'::uuid, now() - interval '20 days', now()
      FROM (SELECT id, to_timestamp((${start} + (substr(code, 4)::int - 1) * ${(windowS * 1000) / n}) / 1000.0) AS d FROM pr) pr`);
  await db.$executeRawUnsafe(`
    INSERT INTO "ScheduledTransition" (id, "lotId", kind, "refId", "dueAt", rev, "jobId", status, "updatedAt")
    SELECT gen_random_uuid(), l.id, 'CLOSE_BIDDING', '', l."bidDeadline", 0, '', 'PENDING', now()
      FROM "Lot" l JOIN "Project" p ON p.id = l."projectId" WHERE p.code LIKE 'TR-%'`);

  const q = createQueues();
  const conn = createRedis("worker");
  // Two workers × concurrency 10, as two worker processes would run them.
  const workers = [0, 1].map(() => new Worker("schedule", (job) => runJob(job), { connection: conn, prefix, concurrency: 10 }));
  workers.forEach((w) => w.on("error", () => {}));
  // The worker's reconciler: schedules every pending row at start, then watches for a Redis wipe.
  const reports: { at: number; readded: number }[] = [];
  const t = performance.now();
  const reconciler = startScheduleReconciler({
    db,
    queue: q.queues.schedule,
    log: { info: (o) => reports.push({ at: Date.now(), readded: (o as { readded: number }).readded }), warn: () => {} },
  });
  await reconciler.run();
  console.log(`scheduled ${fmt(reports[0]?.readded ?? 0)} delayed jobs from the database in ${fmt(performance.now() - t)} ms (startScheduleReconciler)`);

  const wipeAt = start + (windowS * 1000) / 2;
  await new Promise((r) => setTimeout(r, Math.max(0, wipeAt - Date.now())));
  // Collect the prefix's keys, then delete them in one DEL (atomic, like FLUSHALL — for our prefix only).
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await q.connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  const deleted = keys.length ? await q.connection.del(...keys) : 0;
  const wipedAt = Date.now();
  while (!reports.some((r) => r.at > wipedAt) && Date.now() < wipedAt + 10_000) await new Promise((r) => setTimeout(r, 20));
  const rebuilt = reports.find((r) => r.at > wipedAt);
  console.log(
    `wiped ${fmt(deleted)} Redis keys of prefix ${prefix}; the reconciler noticed and re-added ${fmt(rebuilt?.readded ?? 0)} jobs ${rebuilt ? `${fmt(rebuilt.at - wipedAt)} ms after the wipe` : "(not within 10 s)"}`,
  );

  const deadline = start + windowS * 1000 + 30_000;
  let pending = n;
  while (Date.now() < deadline) {
    pending = await db.scheduledTransition.count({ where: { status: { not: "DONE" }, lot: { project: { code: { startsWith: "TR-" } } } } });
    if (pending === 0 && Date.now() > start + windowS * 1000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await reconciler.stop();
  await Promise.all(workers.map((w) => w.close()));
  // Leave the shared Redis as we found it: this bench's prefix only.
  for (let c = "0"; ; ) {
    const [next, batch] = await q.connection.scan(c, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (batch.length) await q.connection.del(...batch);
    if ((c = next) === "0") break;
  }
  conn.disconnect();
  await q.close();

  const rows = await db.$queryRawUnsafe<{ latenessMs: number; dueAt: Date }[]>(`
    SELECT st."latenessMs", st."dueAt" FROM "ScheduledTransition" st
      JOIN "Lot" l ON l.id = st."lotId" JOIN "Project" p ON p.id = l."projectId"
     WHERE p.code LIKE 'TR-%' AND st.status = 'DONE'`);
  const lateness = rows.map((r) => r.latenessMs);
  const beforeWipe = rows.filter((r) => r.dueAt.getTime() < wipedAt).map((r) => r.latenessMs);
  const afterWipe = rows.filter((r) => r.dueAt.getTime() >= wipedAt).map((r) => r.latenessMs);
  const [dupes] = await db.$queryRawUnsafe<{ n: bigint }[]>(`
    SELECT count(*) AS n FROM (SELECT "entityId" FROM "AuditEntry" WHERE action = 'lot.close_bidding'
                                GROUP BY "entityId" HAVING count(*) > 1) d`);
  const [closed] = await db.$queryRawUnsafe<{ n: bigint }[]>(`
    SELECT count(*) AS n FROM "Lot" l JOIN "Project" p ON p.id = l."projectId"
     WHERE p.code LIKE 'TR-%' AND l.status = 'BIDDING_CLOSED'`);
  const [audits] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "AuditEntry" WHERE action = 'lot.close_bidding'`);
  console.log(`done ${fmt(rows.length)}/${fmt(n)}; lots closed ${fmt(Number(closed!.n))}; close_bidding audit entries ${fmt(Number(audits!.n))}; lots closed twice ${Number(dupes!.n)}`);
  const line = (label: string, xs: number[]) =>
    xs.length &&
    console.log(
      `${label.padEnd(28)} n=${String(xs.length).padStart(6)}  p50 ${fmt(pct(xs, 50))} ms  p99 ${fmt(pct(xs, 99))} ms  max ${fmt(Math.max(...xs))} ms`,
    );
  line("lateness, all", lateness);
  line("lateness, due before wipe", beforeWipe);
  line("lateness, due after wipe", afterWipe);
  const once = rows.length === n && Number(dupes!.n) === 0 && Number(closed!.n) === n;
  const timely = pct(lateness, 99) < 1_000 && Math.max(...lateness) < 2_000;
  Object.assign(figures, { transitions: n, transitionsDone: rows.length, closedTwice: Number(dupes!.n), latenessP99Ms: Math.round(pct(lateness, 99)), latenessMaxMs: Math.round(Math.max(...lateness)) });
  met &&= once && timely;
  console.log(`goal: every transition exactly once — ${once ? "met" : "NOT met"}; lateness p99 < 1 000 ms and max < 2 000 ms — ${timely ? "met" : "NOT met"}`);
}
