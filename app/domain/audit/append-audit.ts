import type pg from "pg";
import type { Actor } from "~/domain/actor";
import type { Tx } from "~/lib/db.server";
import { canonicalJson, digestOf } from "./canonical";

export interface AuditInput {
  /** Verb in the domain's language, dotted: "account.registered", "session.login_failed", "tender.published". */
  action: string;
  entityType: string;
  entityId: string;
  /** The entity before / after the change; only their digests are stored. Never pass secrets here. */
  before?: unknown;
  after?: unknown;
  /** Small, non-secret facts for the live log (e.g. { username, reason }). */
  detail?: Record<string, unknown>;
}

/** A Prisma transaction (the domain's normal case) or a pg client inside BEGIN … COMMIT (raw-SQL hot paths). */
export type AuditTx = Tx | Pick<pg.ClientBase, "query">;

// No pg_notify here on purpose: PostgreSQL serialises the commits of all notifying transactions on one
// lock (held through the WAL flush), which halved append throughput in the benchmark. The sealer polls
// the tiny unsealed index instead, and notifies once per sealed batch (docs/decisions/0003-audit-chain.md).
const INSERT_SQL = `
    INSERT INTO "AuditEntry" (at, "actorId", "actorRole", "actorOrgId", action, "entityType", "entityId",
                              "beforeDigest", "afterDigest", detail, ip, "userAgent")
    VALUES (clock_timestamp(), $1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
    RETURNING id`;

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change
 * does. The sealer (startAuditSealer, in the worker) gives it its chain position within ~100 ms of the
 * commit, in commit order, and notifies 'audit_sealed', which feeds the live log.
 * `at` is the database clock (clock_timestamp(), stored with millisecond precision).
 */
export async function appendAudit(tx: AuditTx, actor: Actor, input: AuditInput): Promise<bigint> {
  const params = [
    actor.userId,
    actor.role,
    actor.orgId,
    input.action,
    input.entityType,
    input.entityId,
    digestOf(input.before),
    digestOf(input.after),
    detailJson(input.detail),
    clean(actor.ip, 64),
    clean(actor.userAgent, 400),
  ];
  if ("$queryRawUnsafe" in tx) {
    const rows = await tx.$queryRawUnsafe<{ id: bigint }[]>(INSERT_SQL, ...params);
    return rows[0]!.id;
  }
  const r = await tx.query<{ id: string }>(INSERT_SQL, params);
  return BigInt(r.rows[0]!.id);
}

// PostgreSQL text and jsonb refuse NUL characters: a hostile User-Agent must not make the business
// transaction fail, so they are dropped (the log keeps everything else).
const clean = (s: string, max: number) => s.replace(/\u0000/g, "").slice(0, max);

/** Canonical JSON (handles bigint and Date, unlike JSON.stringify), NUL-free, capped so the log stays light. */
function detailJson(detail: Record<string, unknown> | undefined): string {
  let json = canonicalJson(detail ?? {});
  // Rare: only re-serialise when a NUL is present (as the escape JSON writes for it).
  if (json.includes("\\u0000"))
    json = canonicalJson(JSON.parse(json, (_k, v: unknown) => (typeof v === "string" ? v.replace(/\u0000/g, "") : v)));
  return json.length <= 8000 ? json : canonicalJson({ truncated: true, digest: digestOf(detail) });
}
