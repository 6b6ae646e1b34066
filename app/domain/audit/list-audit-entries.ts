import type pg from "pg";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import {
  SOCIAL_HIDDEN_ACTION_PREFIXES,
  SOCIAL_HIDDEN_ENTITY_TYPES,
  expertsSealedLotIds,
  maskExpertActor,
  maskForSocial,
  isPartiesEntry,
  outOfScope,
  partiesEntrySql,
  partiesSealedLotIds,
  socialSupervisorLotIds,
  type Queryable,
} from "~/domain/social-supervision/social-scope";
import { resolvePool } from "./audit-pool";
import { nameAuditEntries, type EntityName } from "./name-entries";
import type { AuditFilter } from "./audit-filter";
import { idRangeForTimes } from "./time-id-range";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

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
  /** Names of the ids the entry mentions (entity and detail fields): name-entries.ts. */
  names?: Record<string, EntityName>;
}

/**
 * Who sees which entries. Supervisors: everything. The audit admin: what the three admins did (三员分立:
 * the audit admin audits the other admins, not the trade). Social supervisors: the entries of the lots
 * they watch now (social-scope.ts), never complaints or alerts, and of a lot not yet opened nothing that
 * tells who takes part (partiesSealedLotIds); with no assignment, none, with an explanation.
 */
export type AuditScope =
  | { kind: "all" }
  | { kind: "adminActions" }
  | { kind: "lots"; lotIds: string[]; partiesSealedLotIds: string[] }
  | { kind: "none"; reason: "socialSupervisorPending" };

const ADMIN_ROLES = ["SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN"];

/** The scope before assignments are looked up (a social supervisor's is resolved by resolveAuditFilter). */
export function auditScopeFor(actor: Actor): AuditScope {
  if (actor.role === "AUDIT_ADMIN") return { kind: "adminActions" };
  if (actor.role === "SOCIAL_SUPERVISOR") return { kind: "none", reason: "socialSupervisorPending" };
  return { kind: "all" };
}

/**
 * A social supervisor's scope from its assignments; asking for another tender's entries or for a
 * confidential kind (complaints, alerts) is refused outright rather than answered with an empty page.
 */
async function socialScope(actor: Actor, filter: AuditFilter, pool: Queryable): Promise<AuditScope> {
  const lotIds = actor.userId ? await socialSupervisorLotIds(pool, actor.userId) : [];
  if (filter.lot && !lotIds.includes(filter.lot.toLowerCase())) throw outOfScope("lot");
  if (filter.entityType === "Lot" && filter.entityId && !lotIds.includes(filter.entityId.toLowerCase())) throw outOfScope("lot");
  if (filter.entityType && (SOCIAL_HIDDEN_ENTITY_TYPES as readonly string[]).includes(filter.entityType)) throw outOfScope("confidential");
  if (filter.action && SOCIAL_HIDDEN_ACTION_PREFIXES.some((p) => filter.action!.startsWith(p) || p.startsWith(filter.action!)))
    throw outOfScope("confidential");
  return lotIds.length
    ? { kind: "lots", lotIds, partiesSealedLotIds: await partiesSealedLotIds(pool, lotIds) }
    : { kind: "none", reason: "socialSupervisorPending" };
}

/** The filter with names resolved to ids, once per request (and once per live stream). */
export interface ResolvedFilter {
  filter: AuditFilter;
  scope: AuditScope;
  actorIds?: string[];
  orgIds?: string[];
  /** Ids bounding the time range (time-id-range.ts): the page's walk starts at the range. */
  idRange?: { min?: string; max?: string };
  /** A social supervisor's watched lots whose result is not out: their experts' entries name no one (viewForScope). */
  expertsSealedLotIds?: string[];
}


export async function resolveAuditFilter(actor: Actor, filter: AuditFilter, deps: { pool?: unknown } = {}): Promise<ResolvedFilter> {
  assertCan(actor, "audit.log.read");
  const pool = resolvePool(deps.pool);
  const scope = actor.role === "SOCIAL_SUPERVISOR" ? await socialScope(actor, filter, pool) : auditScopeFor(actor);
  const out: ResolvedFilter = { filter, scope };
  if (scope.kind === "lots") out.expertsSealedLotIds = await expertsSealedLotIds(pool, scope.lotIds);
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
  if (filter.fromAt || filter.toAt) out.idRange = await idRangeForTimes(pool, filter.fromAt, filter.toAt);
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

/**
 * An entry as the scope may see it: a social supervisor's ("lots") without the actor's full address and
 * user agent (maskForSocial); everyone else's unchanged. Every path that hands entries to a reader applies
 * it: the page, the replay and (entries from the shared live feed) the stream.
 */
export function viewForScope(rf: ResolvedFilter | null, e: AuditEntryView): AuditEntryView {
  if (rf?.scope.kind !== "lots") return e;
  return maskForSocial(expertUnnamed(rf, e) ? maskExpertActor(e) : e);
}

/** An expert's entry on a lot whose committee is still secret to this (social) reader. */
const expertUnnamed = (rf: ResolvedFilter, e: Pick<AuditEntryView, "actorRole" | "entityType" | "entityId" | "detail">) =>
  e.actorRole === "EXPERT" && inLots(e, rf.expertsSealedLotIds ?? []);

/** SQL conditions for a resolved filter; `extra` appends its own (keyset, seq range). */
function where(rf: ResolvedFilter, params: unknown[]): string[] {
  const w: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (rf.scope.kind === "none") w.push("false");
  if (rf.scope.kind === "adminActions") w.push(`e."actorRole" = ANY(${p(ADMIN_ROLES)}::text[])`);
  if (rf.scope.kind === "lots") {
    const lots = p(rf.scope.lotIds);
    w.push(`((e."entityType" = 'Lot' AND e."entityId" = ANY(${lots}::text[])) OR (e.detail->>'lotId') = ANY(${lots}::text[]))`);
    w.push(`e."entityType" <> ALL(${p([...SOCIAL_HIDDEN_ENTITY_TYPES])}::text[])`);
    for (const prefix of SOCIAL_HIDDEN_ACTION_PREFIXES) w.push(`e.action NOT LIKE ${p(`${prefix}%`)}`);
    if (rf.scope.partiesSealedLotIds.length) {
      const sealed = p(rf.scope.partiesSealedLotIds);
      w.push(`NOT (((e."entityType" = 'Lot' AND e."entityId" = ANY(${sealed}::text[])) OR (e.detail->>'lotId') = ANY(${sealed}::text[])) AND ${partiesEntrySql(p)})`);
    }
  }
  const f = rf.filter;
  if (f.lot) {
    const lot = p(f.lot.toLowerCase());
    w.push(`((e."entityType" = 'Lot' AND e."entityId" = ${lot}) OR (e.detail->>'lotId') = ${lot})`);
  }
  if (f.action) w.push(`e.action LIKE ${p(f.action.replace(/[\\%_]/g, (c) => `\\${c}`) + "%")}`);
  if (f.entityType) w.push(`e."entityType" = ${p(f.entityType)}`);
  if (f.entityId) w.push(`e."entityId" = ${p(f.entityId)}`);
  // One id (the usual case) as `=`: PostgreSQL 15 reads (actorId, id) backwards in id order only for an
  // equality, not for = ANY, and would otherwise walk the primary key past most of the log.
  const oneOf = (col: string, ids: string[]) => (ids.length === 1 ? `${col} = ${p(ids[0])}::uuid` : `${col} = ANY(${p(ids)}::uuid[])`);
  if (rf.actorIds) w.push(oneOf(`e."actorId"`, rf.actorIds));
  if (rf.orgIds) w.push(oneOf(`e."actorOrgId"`, rf.orgIds));
  // Searching by person or company must not confirm who evaluates a lot whose committee is still secret.
  if ((rf.actorIds || rf.orgIds) && rf.expertsSealedLotIds?.length) {
    const sealed = p(rf.expertsSealedLotIds);
    w.push(`NOT (e."actorRole" = 'EXPERT' AND ((e."entityType" = 'Lot' AND e."entityId" = ANY(${sealed}::text[])) OR (e.detail->>'lotId') = ANY(${sealed}::text[])))`);
  }
  if (f.fromAt) w.push(`e.at >= ${p(f.fromAt)}`);
  if (f.toAt) w.push(`e.at <= ${p(f.toAt)}`);
  if (rf.idRange?.min) w.push(`e.id >= ${p(rf.idRange.min)}`);
  if (rf.idRange?.max) w.push(`e.id <= ${p(rf.idRange.max)}`);
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
  // The page is chosen first, then joined to its seals and names: 51 joins whatever plan finds the rows
  // (a time range read through its indexes finds thousands before the top-51 sort).
  const sql = `SELECT ${COLUMNS} FROM (SELECT * FROM "AuditEntry" e ${w.length ? `WHERE ${w.join(" AND ")}` : ""}
      ORDER BY e.id DESC LIMIT ${PAGE_SIZE + 1}) e
    LEFT JOIN "AuditSeal" s ON s."entryId" = e.id ${NAMES} ORDER BY e.id DESC`;
  const pool = resolvePool(deps.pool);
  const rows = (await pool.query<Row>(sql, params)).rows;
  const more = rows.length > PAGE_SIZE;
  const entries = (await nameAuditEntries(pool, rows.slice(0, PAGE_SIZE))).map((r) => viewForScope(rf, toView(r)));
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
  const p = resolvePool(pool);
  return (await nameAuditEntries(p, (await p.query<Row>(sql, params)).rows)).map((r) => viewForScope(rf, toView(r)));
}

/** Does a (live) entry pass the filter and the scope? Same rules as the SQL above. */
export function entryMatches(rf: ResolvedFilter, e: AuditEntryView): boolean {
  const f = rf.filter;
  if (rf.scope.kind === "none") return false;
  if (rf.scope.kind === "adminActions" && !ADMIN_ROLES.includes(e.actorRole)) return false;
  if (rf.scope.kind === "lots" && !(inLots(e, rf.scope.lotIds) && visibleToSocial(e))) return false;
  if (rf.scope.kind === "lots" && inLots(e, rf.scope.partiesSealedLotIds) && isPartiesEntry(e)) return false;
  if (f.lot && !inLots(e, [f.lot.toLowerCase()])) return false;
  if (f.action && !e.action.startsWith(f.action)) return false;
  if (f.entityType && e.entityType !== f.entityType) return false;
  if (f.entityId && e.entityId !== f.entityId) return false;
  if (rf.actorIds && !(e.actorId && rf.actorIds.includes(e.actorId))) return false;
  if (rf.orgIds && !(e.actorOrgId && rf.orgIds.includes(e.actorOrgId))) return false;
  if ((rf.actorIds || rf.orgIds) && expertUnnamed(rf, e)) return false;
  const at = Date.parse(e.at);
  if (f.fromAt && at < f.fromAt.getTime()) return false;
  if (f.toAt && at > f.toAt.getTime()) return false;
  return true;
}

const lotOf = (e: Pick<AuditEntryView, "entityType" | "entityId" | "detail">): string | null =>
  e.entityType === "Lot" ? e.entityId : typeof e.detail.lotId === "string" ? e.detail.lotId : null;
const inLots = (e: Pick<AuditEntryView, "entityType" | "entityId" | "detail">, lotIds: string[]) => {
  const lot = lotOf(e);
  return lot !== null && lotIds.includes(lot);
};
const visibleToSocial = (e: AuditEntryView) =>
  !(SOCIAL_HIDDEN_ENTITY_TYPES as readonly string[]).includes(e.entityType) && !SOCIAL_HIDDEN_ACTION_PREFIXES.some((p) => e.action.startsWith(p));

/**
 * How many sealed entries up to chain position `upToSeq` match the filter, counting at most `cap` (exports
 * only need to know whether a range is within their bound, and a capped count costs at most `cap` rows).
 */
export async function countSealedEntries(rf: ResolvedFilter, upToSeq: string, cap: number, pool: pg.Pool | unknown = undefined): Promise<number> {
  if (rf.scope.kind === "none") return 0;
  const params: unknown[] = [];
  const w = where(rf, params);
  w.push(`s.seq <= $${params.push(upToSeq)}`);
  const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM "AuditSeal" s JOIN "AuditEntry" e ON e.id = s."entryId"
    WHERE ${w.join(" AND ")} LIMIT ${Math.max(1, Math.floor(cap))}) x`;
  return (await resolvePool(pool).query<{ n: number }>(sql, params)).rows[0]!.n;
}

/** The chain head (highest sealed seq), "0" for an empty chain. */
export async function sealedHeadSeq(pool: pg.Pool | unknown = undefined): Promise<string> {
  return (await resolvePool(pool).query<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM "AuditSeal"`)).rows[0]!.seq ?? "0";
}
