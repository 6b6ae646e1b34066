import type { Actor } from "~/domain/actor";
import type { Tx } from "~/lib/db.server";
import { digestOf } from "./canonical";

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

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change
 * does. The entry is sealed into the hash chain right after commit by the sealer (sealAuditLog), in
 * commit order; pg_notify fires on commit only, which wakes the sealer and the live log.
 */
export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<bigint> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    WITH ins AS (
      INSERT INTO "AuditEntry" (at, "actorId", "actorRole", "actorOrgId", action, "entityType", "entityId",
                                "beforeDigest", "afterDigest", detail, ip, "userAgent")
      VALUES (clock_timestamp(), ${actor.userId}::uuid, ${actor.role}, ${actor.orgId}::uuid, ${input.action},
              ${input.entityType}, ${input.entityId}, ${digestOf(input.before)}, ${digestOf(input.after)},
              ${JSON.stringify(input.detail ?? {})}::jsonb, ${actor.ip.slice(0, 64)}, ${actor.userAgent.slice(0, 400)})
      RETURNING id
    )
    SELECT id, pg_notify('audit_appended', id::text) FROM ins`;
  return rows[0]!.id;
}
