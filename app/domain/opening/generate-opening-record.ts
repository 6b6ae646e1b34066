import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import { documentPrefix, nextDocumentNumber } from "~/domain/documents/next-document-number";
import { storeDocument } from "~/domain/documents/store-document";
import { notify } from "~/domain/notify/notify";
import { getDb, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { publishHallEvents } from "~/domain/opening/hall-feed.server";
import { appendHallEvent, type HallEvent } from "./events";
import { renderOpeningRecordPdf } from "./opening-record-pdf";
import { buildReading } from "./reading";

export const OPENING_RECORD_KIND = "opening-record";

/**
 * Renders and stores the 开标记录表 of a closed hall (job renderOpeningRecord) and links it from the
 * session with a "record.ready" event. Stored as an internal document (ownerOrgId null, not public: it
 * names every bidder and price): staff and supervisors read it through /documents, the lot's bidders
 * through the hall (/hall/:lotId/record), which checks admission. Idempotent: a retry finds the link.
 */
export async function generateOpeningRecord(actor: Actor, input: { sessionId: string }, db: Db = getDb()) {
  assertCan(actor, "document.generate");
  let event: HallEvent | null = null;
  const out = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`KB:${input.sessionId}`}, 0))`;
      const s = await tx.openingSession.findUniqueOrThrow({ where: { id: input.sessionId } });
      if (s.recordDocumentId) return { documentId: s.recordDocumentId, created: false };
      const lot = await tx.lot.findUniqueOrThrow({ where: { id: s.lotId }, select: { title: true, project: { select: { code: true, title: true } } } });
      const [rows, ds, att, objections, confirmations, host] = await Promise.all([
        buildReading(tx, s.id),
        tx.bidDecryption.findMany({ where: { sessionId: s.id }, select: { bidId: true, bidderOrgId: true, faultReason: true } }),
        tx.openingAttendance.findMany({ where: { sessionId: s.id }, orderBy: { signedInAt: "asc" } }),
        tx.hallObjection.findMany({ where: { sessionId: s.id }, orderBy: { raisedAt: "asc" } }),
        tx.recordConfirmation.findMany({ where: { sessionId: s.id }, orderBy: { at: "asc" } }),
        s.hostUserId ? tx.user.findUnique({ where: { id: s.hostUserId }, select: { displayName: true } }) : null,
      ]);
      const orgIds = [...new Set([...att.map((a) => a.orgId), ...objections.map((o) => o.orgId), ...confirmations.map((c) => c.orgId)])];
      const orgs = new Map((await tx.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
      const reason = new Map(ds.map((d) => [d.bidId, d.faultReason]));
      const content = {
        kind: OPENING_RECORD_KIND,
        sessionId: s.id,
        lotId: s.lotId,
        openedAt: s.openedAt,
        readAt: s.readAt,
        rows: rows.map((r) => ({ ...r, faultReason: reason.get(r.bidId) ?? null })),
        attendance: att.map((a) => ({ orgId: a.orgId, at: a.signedInAt })),
        objections: objections.map((o) => ({ orgId: o.orgId, text: o.text, answer: o.answer })),
        confirmations: confirmations.map((c) => ({ orgId: c.orgId, kind: c.kind, reason: c.reason })),
      };
      const now = new Date();
      const number = await nextDocumentNumber(tx, documentPrefix("KB", now));
      const bytes = await renderOpeningRecordPdf({
        number,
        contentDigest: sha256Hex(canonicalJson(content)),
        centreName: getEnv().CENTRE_NAME,
        lotLabel: `${lot.project.code} ${lot.project.title}（${lot.title}）`,
        openedAt: s.openedAt,
        startedAt: s.startedAt,
        readAt: s.readAt,
        closedAt: s.closedAt,
        hostName: host?.displayName ?? "—",
        attendance: att.map((a) => ({ name: orgs.get(a.orgId) ?? a.orgId, at: a.signedInAt })),
        rows: content.rows,
        objections: objections.map((o) => ({ by: orgs.get(o.orgId) ?? o.orgId, text: o.text, raisedAt: o.raisedAt, answer: o.answer, answeredAt: o.answeredAt })),
        confirmations: confirmations.map((c) => ({ name: orgs.get(c.orgId) ?? c.orgId, kind: c.kind, reason: c.reason, at: c.at })),
      });
      const doc = await storeDocument(tx, {
        kind: OPENING_RECORD_KIND,
        number,
        title: `开标记录表 ${lot.project.code} ${lot.title}`,
        entityType: "OpeningSession",
        entityId: s.id,
        ownerOrgId: null,
        public: false,
        bytes,
      });
      await tx.openingSession.update({ where: { id: s.id }, data: { recordDocumentId: doc.id } });
      event = await appendHallEvent(tx, s.id, "record.ready", { documentId: doc.id, number });
      // 开标记录 goes to all bidders of the opening.
      const bidderOrgIds = [...new Set(ds.map((d) => d.bidderOrgId))];
      if (bidderOrgIds.length > 0) {
        await notify(tx, {
          recipients: { orgIds: bidderOrgIds, role: "BIDDER" },
          template: "opening:notify.recordReady",
          params: { lot: `${lot.project.title}（${lot.title}）` },
          channels: ["inapp", "email"],
          entity: { type: "OpeningSession", id: s.id },
          link: `/hall/${s.lotId}`,
          dedupeKey: `opening-record-${s.id}`,
        });
      }
      return { documentId: doc.id, created: true };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (event) await publishHallEvents([event]);
  return out;
}
