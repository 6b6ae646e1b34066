import { RESULT_FINAL_LOT_STATES } from "~/domain/draw/draw-facts";
import { DomainError } from "~/domain/errors";
import { statusesIn } from "~/domain/tenders/lot-phases";
import { OPENED_STATUSES } from "~/domain/tenders/parties-revealed";

/** Something that runs SQL: a pg Pool/client (the audit queries) or a Prisma client via $queryRawUnsafe. */
export interface Queryable {
  query<R extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Audit entity types and action prefixes a social supervisor never sees, even on its own tenders:
 * complaints are confidential to the parties and supervisors, alerts are internal to supervision.
 */
export const SOCIAL_HIDDEN_ENTITY_TYPES = ["Complaint", "Alert", "AlertNote"] as const;
export const SOCIAL_HIDDEN_ACTION_PREFIXES = ["complaint.", "alert."] as const;

/**
 * Entries that tell who takes part in a tender (registered, downloaded, asked, bid, a bid's receipt or key):
 * by a bidder, about a bid-side entity, or a bid-side action. Outsiders — social supervisors — see them only
 * once the bids are opened (招标投标法 art. 22: 不得向他人透露已获取招标文件的潜在投标人的名称、数量).
 */
export const PARTIES_ENTITY_TYPES = ["Bid", "BidReceipt", "BidUpload", "LotRegistration", "Question", "BidderKey", "Upload"] as const;
export const PARTIES_ACTION_PREFIXES = ["bid.", "bidkey.", "lot.registered", "lot.registrations", "question.", "tender_document.downloaded", "upload."] as const;

export function isPartiesEntry(e: { actorRole: string; entityType: string; action: string }): boolean {
  return (
    e.actorRole === "BIDDER" ||
    (PARTIES_ENTITY_TYPES as readonly string[]).includes(e.entityType) ||
    PARTIES_ACTION_PREFIXES.some((p) => e.action.startsWith(p))
  );
}

/** SQL twin of isPartiesEntry over alias `e`; `p` adds a parameter and returns its placeholder. */
export function partiesEntrySql(p: (v: unknown) => string): string {
  const prefixes = PARTIES_ACTION_PREFIXES.map((x) => `e.action LIKE ${p(`${x.replace(/_/g, "\\_")}%`)}`).join(" OR ");
  return `(e."actorRole" = 'BIDDER' OR e."entityType" = ANY(${p([...PARTIES_ENTITY_TYPES])}::text[]) OR ${prefixes})`;
}

/**
 * The watched lots (socialSupervisorLotIds) whose parties are still secret: not yet opened (no opening
 * hall; tenders/parties-revealed.ts says when they are). Their bidder-side entries are withheld from the social supervisor.
 */
export async function partiesSealedLotIds(q: Queryable, lotIds: string[]): Promise<string[]> {
  if (lotIds.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `SELECT l.id::text AS id FROM "Lot" l
      WHERE l.id = ANY($1::uuid[])
        AND l.status::text <> ALL($2::text[])
        AND NOT EXISTS (SELECT 1 FROM "OpeningSession" o WHERE o."lotId" = l.id)
      ORDER BY 1`,
    [lotIds, [...OPENED_STATUSES]],
  );
  return r.rows.map((x) => x.id);
}

/**
 * The watched lots whose committee is still secret: the result is not out (draw-names.ts; 实施条例 art. 46).
 * On them an entry by an expert (signing in, scoring, voting) is shown without the expert's name
 * (maskExpertActor): social supervisors are outsiders until the result.
 */
export async function expertsSealedLotIds(q: Queryable, lotIds: string[]): Promise<string[]> {
  if (lotIds.length === 0) return [];
  const r = await q.query<{ id: string }>(
    `SELECT l.id::text AS id FROM "Lot" l WHERE l.id = ANY($1::uuid[]) AND l.status::text <> ALL($2::text[]) ORDER BY 1`,
    [lotIds, [...RESULT_FINAL_LOT_STATES]],
  );
  return r.rows.map((x) => x.id);
}

/**
 * The lots a social supervisor watches now: its assignments (a whole project or one lot) that are ACTIVE
 * or awaiting a recusal decision, under an ACTIVE appointment whose term has not ended, and only lots that
 * are public (published or later). Empty for anyone else.
 */
export async function socialSupervisorLotIds(q: Queryable, userId: string): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `SELECT DISTINCT l.id::text AS id
       FROM "SocialSupervisionAssignment" a
       JOIN "SocialSupervisorAppointment" p ON p.id = a."appointmentId"
       JOIN "Lot" l ON l."projectId" = a."projectId" AND (a."lotId" IS NULL OR a."lotId" = l.id)
      WHERE a."userId" = $1::uuid AND a.status IN ('ACTIVE', 'RECUSAL_REQUESTED')
        AND p.status = 'ACTIVE' AND p."termEnd" > now()
        AND l.status::text = ANY($2::text[])
      ORDER BY 1`,
    [userId, [...statusesIn("public")]],
  );
  return r.rows.map((x) => x.id);
}

/**
 * An address a social supervisor may see: the network, not the machine — IPv4 to its first three octets
 * (203.0.113.*), IPv6 to its first three groups (2001:db8:85a3:*; an IPv4-mapped address as IPv4).
 * Social supervisors are outside observers: a bidder's full address and browser would identify it.
 */
export function maskIp(ip: string): string {
  const a = ip.trim().replace(/%.*$/, ""); // no zone index
  if (!a) return "";
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(a);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.*`;
  if (/^[0-9a-f:.]+$/i.test(a) && a.includes(":")) {
    const [head = "", tail, extra] = a.split("::");
    if (extra === undefined) {
      const h = head ? head.split(":") : [];
      const t = tail === undefined ? [] : tail ? tail.split(":") : [];
      // An embedded IPv4 tail counts as two groups.
      const size = (g: string[]) => g.reduce((n, x) => n + (x.includes(".") ? 2 : 1), 0);
      const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - size(h) - size(t))).fill("0"), ...t];
      if (groups.length >= 3 && groups.slice(0, 3).every((g) => /^[0-9a-f]{1,4}$/i.test(g)))
        return `${groups.slice(0, 3).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}:*`;
    }
  }
  return "*"; // not an address we recognise: show nothing of it
}

/** A log entry as a social supervisor sees it: the address masked (maskIp), no user agent. */
export function maskForSocial<E extends { ip: string; userAgent: string }>(e: E): E {
  return { ...e, ip: maskIp(e.ip), userAgent: "" };
}

/** A log entry by an expert without who the expert is: the role stays ("评标专家"), the person goes. */
export function maskExpertActor<E extends { actorId: string | null; actorName: string | null; actorOrgId: string | null; orgName: string | null }>(e: E): E {
  return { ...e, actorId: null, actorName: null, actorOrgId: null, orgName: null };
}

/** Refuses a social supervisor's request beyond its tenders (403, localized). */
export function outOfScope(what: "lot" | "confidential" | "write" = "lot"): DomainError {
  return new DomainError(`social:errors.outOfScope.${what}`, {}, 403);
}
