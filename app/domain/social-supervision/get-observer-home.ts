import { inGroup } from "~/domain/tenders/lot-phases";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";
import { AGREEMENT_VERSION, DUTIES } from "./duties";

/**
 * The social supervisor's own workspace: its current (or latest) appointment, the agreement to sign or
 * signed, the duties, the certificate, and its assignments with the public lot pages and log links.
 */
export async function getObserverHome(actor: Actor) {
  assertCan(actor, "social_supervision.self");
  const db = getDb();
  const a = await db.socialSupervisorAppointment.findFirst({ where: { userId: actor.userId }, orderBy: { nominatedAt: "desc" } });
  if (!a) return { appointment: null, agreementVersion: AGREEMENT_VERSION, duties: [...DUTIES], assignments: [] };
  const assignments = await db.socialSupervisionAssignment.findMany({ where: { appointmentId: a.id }, orderBy: { assignedAt: "desc" } });
  const projects = await db.project.findMany({
    where: { id: { in: [...new Set(assignments.map((s) => s.projectId))] } },
    select: { id: true, code: true, title: true, lots: { select: { id: true, lotNo: true, title: true, status: true, bidDeadline: true }, orderBy: { lotNo: "asc" } } },
  });
  // The online opening (read-only) from the deadline on, once its hall has opened.
  const halls = new Set(
    (await db.openingSession.findMany({ where: { lotId: { in: projects.flatMap((p) => p.lots.map((l) => l.id)) } }, select: { lotId: true } })).map((h) => h.lotId),
  );
  const now = new Date();
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  return {
    appointment: {
      id: a.id,
      status: a.status,
      affiliation: a.affiliation,
      termStart: a.termStart.toISOString(),
      termEnd: a.termEnd.toISOString(),
      agreementSignedAt: a.agreementSignedAt?.toISOString() ?? null,
      agreementVersion: a.agreementVersion,
      certificateNo: a.certificateNo,
      certificateDocumentId: a.certificateDocumentId,
    },
    agreementVersion: AGREEMENT_VERSION,
    // What the person agreed to once signed; the current list while the nomination awaits signature.
    duties: a.agreementSignedAt ? a.duties : [...DUTIES],
    assignments: assignments.map((s) => {
      const p = projectOf.get(s.projectId);
      const lots = (p?.lots ?? []).filter((l) => (s.lotId ? l.id === s.lotId : true) && inGroup(l.status, "public"));
      return {
        id: s.id,
        status: s.status,
        projectCode: p?.code ?? "",
        projectTitle: p?.title ?? "",
        wholeProject: s.lotId === null,
        lots: lots.map((l) => ({ id: l.id, lotNo: l.lotNo, title: l.title, hall: halls.has(l.id) && l.bidDeadline <= now })),
        recusalReason: s.recusalReason,
        decisionNote: s.decisionNote,
      };
    }),
  };
}
