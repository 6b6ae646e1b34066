import type { Actor } from "~/domain/actor";
import type { Tx } from "~/lib/db.server";
import { clean, detailJson, type AuditInput } from "./append-audit";
import { digestOf } from "./canonical";

// appendAudit's statement for many entries of one actor at once: the same CTE first (the transaction's
// xid exists before any id is drawn, see append-audit.ts), then one row per entry, in the given order
// (ids and clock_timestamp() increase with it). For bulk system writes such as an alert-rules run, where
// one round trip per entry would dominate.
const INSERT_MANY_SQL = `
    WITH x AS MATERIALIZED (SELECT pg_current_xact_id())
    INSERT INTO "AuditEntry" (at, "actorId", "actorRole", "actorOrgId", action, "entityType", "entityId",
                              "beforeDigest", "afterDigest", detail, ip, "userAgent")
    SELECT clock_timestamp(), $1::uuid, $2, $3::uuid, e.action, e."entityType", e."entityId", e.bd, e.ad, e.detail::json, $4, $5
      FROM x, unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           WITH ORDINALITY AS e(action, "entityType", "entityId", bd, ad, detail, n)
     ORDER BY e.n
    RETURNING id`;

/** Appends several audit entries of one actor inside the caller's transaction, in order; returns their ids. */
export async function appendAuditMany(tx: Tx, actor: Actor, inputs: AuditInput[]): Promise<bigint[]> {
  if (inputs.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: bigint }[]>(
    INSERT_MANY_SQL,
    actor.userId,
    actor.role,
    actor.orgId,
    clean(actor.ip, 64),
    clean(actor.userAgent, 400),
    inputs.map((i) => i.action),
    inputs.map((i) => i.entityType),
    inputs.map((i) => i.entityId),
    inputs.map((i) => digestOf(i.before)),
    inputs.map((i) => digestOf(i.after)),
    inputs.map((i) => detailJson(i.detail)),
  );
  return rows.map((r) => BigInt(r.id));
}
