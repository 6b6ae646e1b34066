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
// instead, and notifies once per sealed batch (docs/decisions/0003-audit-chain.md).
//
// The CTE gives the transaction its xid BEFORE the id is drawn from the sequence (the scan of `x` runs
// before the row, and so its id default, is built). The sealer relies on that order to know when every
// id below a bound is settled: see findUnsealed in seal-audit-log.ts (docs/decisions/0009-audit-seal-table.md).
// Insert audit entries only through this statement.
const INSERT_SQL = `
    WITH x AS MATERIALIZED (SELECT pg_current_xact_id())
    INSERT INTO "AuditEntry" (at, "actorId", "actorRole", "actorOrgId", action, "entityType", "entityId",
                              "beforeDigest", "afterDigest", detail, ip, "userAgent")
    SELECT clock_timestamp(), $1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8, $9::json, $10, $11 FROM x
    RETURNING id`;

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change
 * does. The row is never updated: the sealer (startAuditSealer, in the worker) records its chain position
 * and hashes in AuditSeal within ~100 ms of the commit, in commit order, and notifies 'audit_sealed',
 * which feeds the live log.
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
  // Named: prepared once per connection, then only bound and executed (the raw-pg hot paths).
  const r = await tx.query<{ id: string }>({ name: "audit-append-v2", text: INSERT_SQL, values: params });
  return BigInt(r.rows[0]!.id);
}

// PostgreSQL text and jsonb refuse NUL characters: a hostile User-Agent must not make the business
// transaction fail, so they are dropped (the log keeps everything else).
export const clean = (s: string, max: number) => s.replace(/\u0000/g, "").slice(0, max);

/**
 * Canonical JSON (handles bigint and Date, unlike JSON.stringify), NUL-free, capped so the log stays light.
 * Stored as is in the `json` column: the verifier hashes these exact bytes (chain-hash.ts tupleMatches).
 */
export function detailJson(detail: Record<string, unknown> | undefined): string {
  let json = canonicalJson(detail ?? {});
  // Rare: only re-serialise when a NUL is present (as the escape JSON writes for it).
  if (json.includes("\\u0000"))
    json = canonicalJson(JSON.parse(json, (_k, v: unknown) => (typeof v === "string" ? v.replace(/\u0000/g, "") : v)));
  return json.length <= 8000 ? json : canonicalJson({ truncated: true, digest: digestOf(detail) });
}
