import type pg from "pg";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { resolvePool } from "./audit-pool";
import type { AuditFilter } from "./audit-filter";

/** What one log row shows (the live log page and its SSE stream). Instants as ISO strings (UTC). */
export interface AuditEntryView {
  id: string;
  seq: string | null;
  hash: string | null;
  prevHash: string | null;
  at: string;
  actorId: string | null;
  actorRole: string;
  actorName: string | null;
  actorOrgId: string | null;
  orgName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown>;
  ip: string;
  userAgent: string;
}

/**
 * Who sees which entries. Supervisors: everything. The audit admin: what the three admins did (三员分立:
 * the audit admin audits the other admins, not the trade). Social supervisors: later, the entries of the
 * tenders they are assigned to; until assignments exist they see none, with an explanation.
 */
export type AuditScope = { kind: "all" } | { kind: "adminActions" } | { kind: "none"; reason: "socialSupervisorPending" };

const ADMIN_ROLES = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"];

export function auditScopeFor(actor: Actor): AuditScope {
  if (actor.role === "AUDIT_ADMIN") return { kind: "adminActions" };
  if (actor.role === "SOCIAL_SUPERVISOR") return { kind: "none", reason: "socialSupervisorPending" };
  return { kind: "all" };
}

/** The filter with names resolved to ids, once per request (and once per live stream). */
export interface ResolvedFilter {
  filter: AuditFilter;
  scope: AuditScope;
  actorIds?: string[];
  orgIds?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function resolveAuditFilter(actor: Actor, filter: AuditFilter, deps: { pool?: unknown } = {}): Promise<ResolvedFilter> {
  assertCan(actor, "audit.log.read");
  const pool = resolvePool(deps.pool);
  const out: ResolvedFilter = { filter, scope: auditScopeFor(actor) };
  if (filter.actor) {
    out.actorIds = UUID.test(filter.actor)
      ? [filter.actor.toLowerCase()]
      : (await pool.query<{ id: string }>(`SELECT id::text FROM "User" WHERE username = lower($1)`, [filter.actor])).rows.map((r) => r.id);
  }
  if (filter.org) {
    out.orgIds = UUID.test(filter.org)
      ? [filter.org.toLowerCase()]
      : (
          await pool.query<{ id: string }>(
            `SELECT id::text FROM "Organisation" WHERE "creditCode" = upper($1) OR name ILIKE '%' || $2 || '%' LIMIT 200`,
            [filter.org, filter.org.replace(/[\\%_]/g, (c) => `\\${c}`)],
          )
        ).rows.map((r) => r.id);
  }
  return out;
}

export const PAGE_SIZE = 50;

// The entry and its seal (chain position and hashes; absent for the ~100 ms until the sealer runs).
const COLUMNS = `e.id::text, s.seq::text, s.hash, s."prevHash", e.at, e."actorId"::text, e."actorRole",
    u."displayName" AS "actorName", e."actorOrgId"::text, o.name AS "orgName", e.action, e."entityType", e."entityId",
    e."beforeDigest", e."afterDigest", e.detail, e.ip, e."userAgent"`;
const NAMES = `LEFT JOIN "User" u ON u.id = e."actorId"
  LEFT JOIN "Organisation" o ON o.id = e."actorOrgId"`;

type Row = Omit<AuditEntryView, "at"> & { at: Date };
const toView = (r: Row): AuditEntryView => ({ ...r, at: r.at.toISOString() });

/** SQL conditions for a resolved filter; `extra` appends its own (keyset, seq range). */
function where(rf: ResolvedFilter, params: unknown[]): string[] {
  const w: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (rf.scope.kind === "none") w.push("false");
  if (rf.scope.kind === "adminActions") w.push(`e."actorRole" = ANY(${p(ADMIN_ROLES)}::text[])`);
  const f = rf.filter;
  if (f.action) w.push(`e.action LIKE ${p(f.action.replace(/[\\%_]/g, (c) => `\\${c}`) + "%")}`);
  if (f.entityType) w.push(`e."entityType" = ${p(f.entityType)}`);
  if (f.entityId) w.push(`e."entityId" = ${p(f.entityId)}`);
  if (rf.actorIds) w.push(`e."actorId" = ANY(${p(rf.actorIds)}::uuid[])`);
  if (rf.orgIds) w.push(`e."actorOrgId" = ANY(${p(rf.orgIds)}::uuid[])`);
  if (f.fromAt) w.push(`e.at >= ${p(f.fromAt)}`);
  if (f.toAt) w.push(`e.at <= ${p(f.toAt)}`);
  return w;
}

/**
 * A page of the log, newest first, keyset-paginated on id (stable under inserts, constant cost at any
 * depth). Returns the cursor for the next (older) page, or null at the end.
 */
export async function listAuditEntries(
  actor: Actor,
  rf: ResolvedFilter,
  deps: { pool?: unknown } = {},
): Promise<{ entries: AuditEntryView[]; nextBefore: string | null }> {
  assertCan(actor, "audit.log.read");
  if (rf.scope.kind === "none") return { entries: [], nextBefore: null };
  const params: unknown[] = [];
  const w = where(rf, params);
  if (rf.filter.before) w.push(`e.id < $${params.push(rf.filter.before)}`);
  const sql = `SELECT ${COLUMNS} FROM "AuditEntry" e LEFT JOIN "AuditSeal" s ON s."entryId" = e.id ${NAMES}
    ${w.length ? `WHERE ${w.join(" AND ")}` : ""} ORDER BY e.id DESC LIMIT ${PAGE_SIZE + 1}`;
  const rows = (await resolvePool(deps.pool).query<Row>(sql, params)).rows;
  const more = rows.length > PAGE_SIZE;
  const entries = rows.slice(0, PAGE_SIZE).map(toView);
  return { entries, nextBefore: more ? entries[entries.length - 1]!.id : null };
}

/**
 * Sealed entries after a chain position, oldest first, matching the filter: what the live stream sends
 * (and replays after a reconnection). Chain order has no holes, unlike id order.
 */
export async function listSealedSince(
  rf: ResolvedFilter | null,
  afterSeq: string,
  limit: number,
  pool: pg.Pool | unknown = undefined,
): Promise<AuditEntryView[]> {
  if (rf?.scope.kind === "none") return [];
  const params: unknown[] = [];
  const w = rf ? where(rf, params) : [];
  w.push(`s.seq > $${params.push(afterSeq)}`);
  // Walks AuditSeal from the position forwards (its primary key), joining each seal's entry.
  const sql = `SELECT ${COLUMNS} FROM "AuditSeal" s JOIN "AuditEntry" e ON e.id = s."entryId" ${NAMES}
    WHERE ${w.join(" AND ")} ORDER BY s.seq LIMIT ${Math.max(1, Math.min(limit, 5000))}`;
  return (await resolvePool(pool).query<Row>(sql, params)).rows.map(toView);
}

/** Does a (live) entry pass the filter and the scope? Same rules as the SQL above. */
export function entryMatches(rf: ResolvedFilter, e: AuditEntryView): boolean {
  const f = rf.filter;
  if (rf.scope.kind === "none") return false;
  if (rf.scope.kind === "adminActions" && !ADMIN_ROLES.includes(e.actorRole)) return false;
  if (f.action && !e.action.startsWith(f.action)) return false;
  if (f.entityType && e.entityType !== f.entityType) return false;
  if (f.entityId && e.entityId !== f.entityId) return false;
  if (rf.actorIds && !(e.actorId && rf.actorIds.includes(e.actorId))) return false;
  if (rf.orgIds && !(e.actorOrgId && rf.orgIds.includes(e.actorOrgId))) return false;
  const at = Date.parse(e.at);
  if (f.fromAt && at < f.fromAt.getTime()) return false;
  if (f.toAt && at > f.toAt.getTime()) return false;
  return true;
}
