import { createHash } from "node:crypto";
import type pg from "pg";
import { sealAuditLog } from "~/domain/audit/seal-audit-log";

/**
 * A large audit log for the benchmarks (audit, supervision), generated inside PostgreSQL in one pass per
 * 200 000 rows (generate_series; no round trip per row). The spread is shaped like a year of the centre:
 * ~30 actions with a long tail (logins and bid uploads dominate), ~500 people of whom a few dozen staff do
 * most of the work, ~2 000 lots each active for a couple of weeks, 10 % system entries, ids in time order.
 * Entries name their lot as the domain does: a Lot entity, or `detail.lotId` for bids, draws, the hall…
 * `detail` is written as the canonical JSON text appendAudit stores (keys sorted, no whitespace), so the
 * sealed chain verifies like a real one.
 */
export interface AuditSpread {
  lots: number;
  /** People (User rows: see seedBenchPeople); actor m belongs to organisation m % orgs. */
  actors: number;
  orgs: number;
  /** The log covers this many days up to now. */
  days: number;
  /** How many consecutive "lot slots" a lot's entries spread over (≈ its active period). */
  lotWindow: number;
}

export const DEFAULT_SPREAD: AuditSpread = { lots: 2000, actors: 500, orgs: 200, days: 365, lotWindow: 100 };

/** Most frequent first; the Nth is picked with probability ∝ a power law (see ACTION_SKEW). */
export const BENCH_ACTIONS = [
  "session.login", "bid.submitted", "document.downloaded", "opening.signed_in", "question.asked", "bid.receipt_issued",
  "registration.created", "opening.key_released", "lot.updated", "session.logout", "question.answered", "expert.confirmed",
  "evaluation.scored", "bid.replaced", "draw.created", "draw.confirmed", "lot.published", "announcement.published",
  "opening.started", "opening.read", "opening.confirmed", "objection.filed", "objection.answered", "lot.submitted",
  "evaluation.submitted", "candidates.published", "bid.withdrawn", "lot.change_notice", "account.updated", "lot.created",
] as const;
const ACTION_SKEW = 1.6;

/** Deterministic ids shared by the SQL generator and the benchmark code: md5(`bench-<kind>-<n>`) as a uuid. */
export function benchUuid(kind: "lot" | "user" | "org", n: number): string {
  const h = createHash("md5").update(`bench-${kind}-${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const benchUsername = (m: number) => `bench_u${m}`;
/** Role of person m: the first 30 are staff, then 10 supervisors, 80 experts, the rest bidders. */
export const benchRole = (m: number) => (m < 30 ? "STAFF" : m < 40 ? "SUPERVISOR" : m < 120 ? "EXPERT" : "BIDDER");

/** Organisations and users the generated entries point at (so the console's name joins and look-ups are real). */
export async function seedBenchPeople(pool: pg.Pool, spread: AuditSpread = DEFAULT_SPREAD): Promise<void> {
  await pool.query(
    `INSERT INTO "Organisation" (id, kind, name, "creditCode")
     SELECT md5('bench-org-' || k)::uuid, (CASE WHEN k < 5 THEN 'CENTRE' WHEN k < 20 THEN 'AGENT' ELSE 'BIDDER' END)::"OrgKind",
            '杭州第' || k || '建设工程有限公司', '91330100BENCH' || lpad(k::text, 5, '0')
       FROM generate_series(0, $1::int - 1) k`,
    [spread.orgs],
  );
  await pool.query(
    `INSERT INTO "User" (id, "orgId", username, "displayName", email, role, "passwordHash")
     SELECT md5('bench-user-' || m)::uuid, md5('bench-org-' || (m % $2::int))::uuid, 'bench_u' || m, '用户' || m,
            'bench_u' || m || '@example.cn',
            (CASE WHEN m < 30 THEN 'STAFF' WHEN m < 40 THEN 'SUPERVISOR' WHEN m < 120 THEN 'EXPERT' ELSE 'BIDDER' END)::"Role", 'x'
       FROM generate_series(0, $1::int - 1) m`,
    [spread.actors, spread.orgs],
  );
  await pool.query(`ANALYZE "Organisation"`);
  await pool.query(`ANALYZE "User"`);
}

/**
 * Appends `count` entries (ids after the current ones), ending now. Returns the seconds it took. As bulk
 * loads do, the secondary indexes are dropped first and rebuilt from their own definitions afterwards
 * (several times faster than maintaining them row by row); the table ends as the migrations made it.
 */
export async function bulkInsertAuditEntries(pool: pg.Pool, count: number, spread: AuditSpread = DEFAULT_SPREAD): Promise<number> {
  const t = Date.now();
  const lotActions = BENCH_ACTIONS.filter((a) => /^(lot|announcement|candidates)\./.test(a));
  const c = await pool.connect();
  try {
    const defs = (
      await c.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
          WHERE i.schemaname = current_schema() AND i.tablename = 'AuditEntry'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      )
    ).rows;
    for (const d of defs) await c.query(`DROP INDEX "${d.name}"`);
    await insertRows(c, count, spread, lotActions);
    await c.query(`SET maintenance_work_mem = '256MB'`);
    for (const d of defs) await c.query(d.def);
    await c.query(`RESET maintenance_work_mem`);
  } finally {
    c.release();
  }
  return (Date.now() - t) / 1000;
}

async function insertRows(c: pg.PoolClient, count: number, spread: AuditSpread, lotActions: string[]) {
  for (let from = 1; from <= count; from += 200_000) {
    const to = Math.min(count, from + 199_999);
    await c.query(
      `WITH s AS (
         SELECT g, h,
                ('x' || substr(h, 1, 8))::bit(32)::int8 / 4294967296.0 AS u1,
                ('x' || substr(h, 9, 8))::bit(32)::int8 / 4294967296.0 AS u2,
                ('x' || substr(h, 17, 8))::bit(32)::int8 / 4294967296.0 AS u3,
                ('x' || substr(h, 25, 8))::bit(32)::int8 AS r4
           FROM (SELECT g, md5('bench-entry-' || g) AS h FROM generate_series($1::int, $2::int) g) x
       ), t AS (
         SELECT g, h, r4,
                ((floor($4::int * (g - 1)::float8 / $3::int) + floor(u1 * $8::int))::int % $4::int) AS lot,
                floor($5::int * u2 * u2)::int AS m,
                ($9::text[])[1 + floor(array_length($9::text[], 1) * power(u3, $11::float8))::int] AS action,
                r4 % 10 = 0 AS system
           FROM s
       ), r AS (
         SELECT t.*, md5('bench-lot-' || lot)::uuid::text AS lot_id,
                action = ANY($10::text[]) AS on_lot,
                action LIKE 'session.%' OR action LIKE 'account.%' AS personal
           FROM t
       )
       INSERT INTO "AuditEntry" (at, "actorId", "actorRole", "actorOrgId", action, "entityType", "entityId",
                                 "beforeDigest", "afterDigest", detail, ip, "userAgent")
       SELECT now() - make_interval(secs => ($3::int - g) * ($7::float8 * 86400 / $3::int)),
              CASE WHEN system THEN NULL ELSE md5('bench-user-' || m)::uuid END,
              CASE WHEN system THEN 'SYSTEM'
                   WHEN m < 30 THEN 'STAFF' WHEN m < 40 THEN 'SUPERVISOR' WHEN m < 120 THEN 'EXPERT' ELSE 'BIDDER' END,
              CASE WHEN system THEN NULL ELSE md5('bench-org-' || (m % $6::int))::uuid END,
              action,
              CASE WHEN on_lot THEN 'Lot' WHEN personal THEN 'Session'
                   ELSE initcap(split_part(action, '.', 1)) END,
              CASE WHEN on_lot THEN lot_id ELSE h::uuid::text END,
              CASE WHEN r4 % 3 = 0 THEN NULL ELSE encode(sha256(('b' || g)::bytea), 'hex') END,
              encode(sha256(('a' || g)::bytea), 'hex'),
              (CASE WHEN personal THEN '{"remark":"' || action || '"}'
                    ELSE '{"fileSha256":"' || h || md5(h) || '","lotId":"' || lot_id || '","receiptNo":"HZ-' ||
                         lpad(g::text, 8, '0') || '","remark":"投标文件已上传","sizeBytes":' || (1048576 + r4 % 9000000) || '}'
               END)::json,
              CASE WHEN system THEN '' ELSE '10.' || (m % 250) || '.' || (r4 % 200) || '.' || (m % 7 + 2) END,
              CASE WHEN system THEN '' ELSE 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/12' || (m % 10) || '.0' END
         FROM r`,
      [from, to, count, spread.lots, spread.actors, spread.orgs, spread.days, spread.lotWindow, BENCH_ACTIONS, lotActions, ACTION_SKEW],
    );
  }
}

/** Seals the whole backlog (the domain sealer) and refreshes the planner's statistics. */
export async function sealBacklog(pool: pg.Pool): Promise<{ sealed: number; seconds: number }> {
  const t = Date.now();
  const sealed = await sealAuditLog(pool, { batch: 5000 });
  const seconds = (Date.now() - t) / 1000;
  await pool.query(`VACUUM ANALYZE "AuditEntry"`);
  await pool.query(`VACUUM ANALYZE "AuditSeal"`);
  return { sealed, seconds };
}
