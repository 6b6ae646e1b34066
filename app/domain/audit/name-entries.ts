import type { Queryable } from "~/domain/social-supervision/social-scope";
import { UUID_PATTERN as UUID } from "~/lib/uuid";

/**
 * What a log reader sees instead of a bare id: the object's kind, its name and its code (a lot's title with
 * its project code and lot number, a company with its credit code, a person with the login name).
 */
export interface EntityName {
  type: string;
  name: string;
  code: string;
  /** Lots only: 第 n 标段. */
  lotNo?: number;
}


/** Every id an entry mentions: its entity and the id-valued fields of its detail (top level, arrays too). */
export function idsOf(e: { entityId: string; detail: Record<string, unknown> }): string[] {
  const out = new Set<string>();
  if (UUID.test(e.entityId)) out.add(e.entityId.toLowerCase());
  for (const v of Object.values(e.detail ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "string" && UUID.test(x)) out.add(x.toLowerCase());
  }
  return [...out];
}

/**
 * Names for ids, in one round trip: lots, projects, organisations, people (never experts: who evaluates is
 * secret until the result, so an expert stays "专家"), bids (the bidder and the lot), opening halls and
 * draws (their lot), announcements and tender documents. Ids it does not know stay as they are.
 */
export async function nameIds(q: Queryable, ids: string[]): Promise<Map<string, EntityName>> {
  const names = new Map<string, EntityName>();
  if (ids.length === 0) return names;
  const { rows } = await q.query<{ id: string; type: string; name: string; code: string; lot_no: number | null }>(
    `WITH ids AS (SELECT unnest($1::uuid[]) AS id)
     SELECT l.id::text, 'Lot' AS type, l.title AS name, p.code, l."lotNo" AS lot_no
       FROM "Lot" l JOIN "Project" p ON p.id = l."projectId" WHERE l.id IN (SELECT id FROM ids)
     UNION ALL SELECT p.id::text, 'Project', p.title, p.code, NULL FROM "Project" p WHERE p.id IN (SELECT id FROM ids)
     UNION ALL SELECT o.id::text, 'Organisation', o.name, o."creditCode", NULL FROM "Organisation" o WHERE o.id IN (SELECT id FROM ids)
     UNION ALL SELECT u.id::text, 'User', u."displayName", u.username, NULL FROM "User" u WHERE u.id IN (SELECT id FROM ids) AND u.role <> 'EXPERT'
     UNION ALL SELECT b.id::text, 'Bid', o.name, p.code, l."lotNo" FROM "Bid" b JOIN "Organisation" o ON o.id = b."bidderOrgId"
       JOIN "Lot" l ON l.id = b."lotId" JOIN "Project" p ON p.id = l."projectId" WHERE b.id IN (SELECT id FROM ids)
     UNION ALL SELECT s.id::text, 'OpeningSession', l.title, p.code, l."lotNo" FROM "OpeningSession" s JOIN "Lot" l ON l.id = s."lotId"
       JOIN "Project" p ON p.id = l."projectId" WHERE s.id IN (SELECT id FROM ids)
     UNION ALL SELECT d.id::text, 'Draw', l.title, p.code, l."lotNo" FROM "Draw" d JOIN "Lot" l ON l.id = d."lotId"
       JOIN "Project" p ON p.id = l."projectId" WHERE d.id IN (SELECT id FROM ids)
     UNION ALL SELECT a.id::text, 'Announcement', a.title, '', NULL FROM "Announcement" a WHERE a.id IN (SELECT id FROM ids)
     UNION ALL SELECT t.id::text, 'TenderDocument', t.name, '', NULL FROM "TenderDocument" t WHERE t.id IN (SELECT id FROM ids)`,
    [ids],
  );
  for (const r of rows) names.set(r.id, { type: r.type, name: r.name, code: r.code, ...(r.lot_no !== null ? { lotNo: r.lot_no } : {}) });
  return names;
}

/** Attaches `names` (id → EntityName) to each entry, for the ids it mentions. One query for the whole batch. */
export async function nameAuditEntries<E extends { entityId: string; detail: Record<string, unknown> }>(
  q: Queryable,
  entries: E[],
): Promise<(E & { names: Record<string, EntityName> })[]> {
  const all = new Map(entries.map((e) => [e, idsOf(e)]));
  const names = await nameIds(q, [...new Set([...all.values()].flat())]);
  return entries.map((e) => ({
    ...e,
    names: Object.fromEntries(all.get(e)!.flatMap((id) => (names.has(id) ? [[id, names.get(id)!]] : []))),
  }));
}
