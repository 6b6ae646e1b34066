import type { Actor } from "~/domain/actor";
import { can } from "~/domain/accounts/permissions";
import { isCentreStaff, isInStaffScope } from "~/domain/tenders/staff-scope";
import type { Document } from "~/generated/prisma/client";
import type { LotStatus, Role } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";
import { UUID_PATTERN as UUID } from "~/lib/uuid";


/** Lot states from which the bidders are known to the project's staff (the bids were opened). */
const OPENED: readonly LotStatus[] = ["OPENING", "EVALUATION", "CANDIDATES_PUBLICITY", "AWARDED", "ARCHIVED"];

type Viewer = { id?: string; role: Role; orgId: string };
type Rule = (db: Db, v: Viewer, doc: Document) => Promise<boolean>;

const actorOf = (v: Viewer): Actor => ({ userId: v.id ?? null, role: v.role, orgId: v.orgId, ip: "", userAgent: "" });
const isSupervisor = (v: Viewer) => v.role === "SUPERVISOR";

/** The project's staff in scope (its buyer, its agent, the centre) for the lot `lotId`, optionally only once opened. */
async function projectStaff(db: Db, v: Viewer, lotId: string | null | undefined, opts: { openedOnly?: boolean } = {}): Promise<boolean> {
  if (v.role !== "STAFF" || !lotId || !UUID.test(lotId)) return false;
  const lot = await db.lot.findUnique({ where: { id: lotId }, select: { status: true, project: { select: { buyerOrgId: true, agentOrgId: true } } } });
  if (!lot) return false;
  if (opts.openedOnly && !OPENED.includes(lot.status)) return false;
  return isInStaffScope(db, actorOf(v), lot.project);
}

/**
 * Who may read each kind of internal document besides its owner organisation (Document.ownerOrgId), by the
 * entity it belongs to. A kind without a rule is read by supervisors only: a new kind is closed until it
 * says who reads it. Kinds are the *_KIND constants of the generators (string literals here: no cycles).
 */
const RULES: Record<string, Rule> = {
  // Names the bidder: before the opening its own organisation (owner) and supervisors only.
  "bid-receipt": async (db, v, d) =>
    isSupervisor(v) || projectStaff(db, v, (await db.bidReceipt.findUnique({ where: { id: d.entityId }, select: { lotId: true } }))?.lotId, { openedOnly: true }),
  // The live log with names and addresses: the supervisor who asked for it.
  "audit-export": async (db, v, d) =>
    isSupervisor(v) && !!v.id && (await db.auditExport.findUnique({ where: { id: d.entityId }, select: { requestedById: true } }))?.requestedById === v.id,
  "tender-document": async (db, v, d) => isSupervisor(v) || projectStaff(db, v, d.entityId),
  announcement: async (db, v, d) =>
    isSupervisor(v) || projectStaff(db, v, (await db.announcement.findUnique({ where: { id: d.entityId }, select: { lotId: true } }))?.lotId),
  // Without names (the supervisors' sealed copy is rendered on request, never stored).
  "draw-record": async (db, v, d) =>
    isSupervisor(v) || projectStaff(db, v, (await db.draw.findUnique({ where: { id: d.entityId }, select: { lotId: true } }))?.lotId),
  "opening-record": async (db, v, d) =>
    isSupervisor(v) || projectStaff(db, v, (await db.openingSession.findUnique({ where: { id: d.entityId }, select: { lotId: true } }))?.lotId),
  "complaint-decision": async (db, v, d) =>
    isSupervisor(v) || projectStaff(db, v, (await db.complaint.findUnique({ where: { id: d.entityId }, select: { lotId: true } }))?.lotId),
  "monthly-bulletin": async (db, v) => isSupervisor(v) || isCentreStaff(db, v),
  "social-supervisor-certificate": async (db, v) => isSupervisor(v) || (can(v.role, "social_supervisor.read") && isCentreStaff(db, v)),
  "registration-certificate": async (db, v) => isSupervisor(v) || isCentreStaff(db, v),
};

/**
 * The document `id` if `viewer` may read it, else null — whether it does not exist or is not theirs, so
 * that callers cannot tell the two apart. Public documents: anyone. Others: users of the owner
 * organisation, and whoever the kind's rule (RULES) admits: by project scope, by role, by requester.
 */
export async function findReadableDocument(viewer: Viewer | null, id: string, db: Db = getDb()): Promise<Document | null> {
  if (!UUID.test(id)) return null;
  const doc = await db.document.findUnique({ where: { id } });
  if (!doc) return null;
  if (doc.public) return doc;
  if (!viewer) return null;
  if (doc.ownerOrgId !== null && doc.ownerOrgId === viewer.orgId) return doc;
  if (!can(viewer.role, "document.read_internal")) return null;
  const rule = RULES[doc.kind] ?? (async (_db: Db, v: Viewer) => isSupervisor(v));
  return (await rule(db, viewer, doc)) ? doc : null;
}
