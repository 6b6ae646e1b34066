import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { getDb } from "~/lib/db.server";

/**
 * The register of social supervisors for staff and supervisors: every appointment (newest first) with
 * the person, its assignments (project code, lot) and appraisals (考核), plus the pending recusal requests.
 * Instants as ISO strings.
 */
export async function listSocialSupervisors(actor: Actor) {
  assertCan(actor, "social_supervisor.read");
  const db = getDb();
  const appointments = await db.socialSupervisorAppointment.findMany({ orderBy: { nominatedAt: "desc" }, take: 500 });
  const ids = appointments.map((a) => a.id);
  const [users, assignments, appraisals] = await Promise.all([
    db.user.findMany({ where: { id: { in: appointments.map((a) => a.userId) } }, select: { id: true, username: true, displayName: true } }),
    db.socialSupervisionAssignment.findMany({ where: { appointmentId: { in: ids } }, orderBy: { assignedAt: "desc" } }),
    db.socialSupervisorAppraisal.findMany({ where: { appointmentId: { in: ids } }, orderBy: { createdAt: "desc" } }),
  ]);
  const [projects, lots] = await Promise.all([
    db.project.findMany({ where: { id: { in: [...new Set(assignments.map((s) => s.projectId))] } }, select: { id: true, code: true, title: true } }),
    db.lot.findMany({ where: { id: { in: assignments.flatMap((s) => (s.lotId ? [s.lotId] : [])) } }, select: { id: true, lotNo: true, title: true } }),
  ]);
  const userOf = new Map(users.map((u) => [u.id, u]));
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const assignmentView = (s: (typeof assignments)[number]) => ({
    id: s.id,
    appointmentId: s.appointmentId,
    status: s.status,
    projectCode: projectOf.get(s.projectId)?.code ?? "",
    projectTitle: projectOf.get(s.projectId)?.title ?? "",
    lotId: s.lotId,
    lot: s.lotId ? `${lotOf.get(s.lotId)?.lotNo ?? ""} ${lotOf.get(s.lotId)?.title ?? ""}` : null,
    assignedAt: s.assignedAt.toISOString(),
    recusalReason: s.recusalReason,
    recusalRequestedAt: iso(s.recusalRequestedAt),
    decisionNote: s.decisionNote,
  });
  const rows = appointments.map((a) => ({
    id: a.id,
    status: a.status,
    username: userOf.get(a.userId)?.username ?? "",
    name: userOf.get(a.userId)?.displayName ?? "",
    affiliation: a.affiliation,
    termStart: a.termStart.toISOString(),
    termEnd: a.termEnd.toISOString(),
    agreementSignedAt: iso(a.agreementSignedAt),
    certificateNo: a.certificateNo,
    certificateDocumentId: a.certificateDocumentId,
    assignments: assignments.filter((s) => s.appointmentId === a.id).map(assignmentView),
    appraisals: appraisals
      .filter((e) => e.appointmentId === a.id)
      .map((e) => ({ id: e.id, kind: e.kind, score: e.score, text: e.text, createdAt: e.createdAt.toISOString() })),
  }));
  const pendingRecusals = rows.flatMap((r) =>
    r.assignments.filter((s) => s.status === "RECUSAL_REQUESTED").map((s) => ({ ...s, name: r.name })),
  );
  return { rows, pendingRecusals };
}
