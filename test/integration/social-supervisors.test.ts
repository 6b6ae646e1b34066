import { beforeAll, describe, expect, it } from "vitest";
import { assignSocialSupervisor } from "~/domain/social-supervision/assign-social-supervisor";
import { changeAppointment } from "~/domain/social-supervision/change-appointment";
import { decideRecusal } from "~/domain/social-supervision/decide-recusal";
import { AGREEMENT_VERSION, DUTIES } from "~/domain/social-supervision/duties";
import { expireAppointments } from "~/domain/social-supervision/expire-appointments";
import { generateCertificateDocument } from "~/domain/social-supervision/generate-certificate-document";
import { getObserverHome } from "~/domain/social-supervision/get-observer-home";
import { listSocialSupervisors } from "~/domain/social-supervision/list-social-supervisors";
import { nominateSocialSupervisor } from "~/domain/social-supervision/nominate-social-supervisor";
import { recordAppraisal } from "~/domain/social-supervision/record-appraisal";
import { requestRecusal } from "~/domain/social-supervision/request-recusal";
import { signAgreement } from "~/domain/social-supervision/sign-agreement";
import { socialSupervisorLotIds } from "~/domain/social-supervision/social-scope";
import { getStorage } from "~/lib/storage.server";
import { expectRejects } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { socialScene, usernameOf, worker } from "./social-fixtures";

const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
let S: Awaited<ReturnType<typeof socialScene>>;
const pgq = { query: async <R,>(sql: string, params: unknown[]) => ({ rows: await db.$queryRawUnsafe<R[]>(sql, ...params) }) };

beforeAll(async () => {
  S = await socialScene(db);
});

describe("social supervisor lifecycle", () => {
  it("nominates, signs the agreement, issues the certificate PDF, assigns, takes a recusal, evaluates and dismisses", async () => {
    const a = await nominateSocialSupervisor(S.staff, { user: await usernameOf(db, S.observer), affiliation: "市政协委员", termMonths: 24 });
    expect(a.status).toBe("NOMINATED");
    expect(await db.notification.count({ where: { userId: S.observer.userId! } })).toBe(1);

    // Nobody can assign a nomination that is not signed yet.
    expect((await expectRejects(assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectA.code }))).code).toBe("social:errors.notActive");
    // Only the person signs, only the current version, only when ticked.
    expect((await expectRejects(signAgreement(S.observer2, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: true }))).status).toBe(404);
    expect((await expectRejects(signAgreement(S.observer, { appointmentId: a.id, agreementVersion: "1999.1", accept: true }))).code).toBe("social:errors.agreementOutdated");
    expect((await expectRejects(signAgreement(S.observer, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: false }))).code).toBe("social:errors.mustAccept");
    await signAgreement(S.observer, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: true });
    const signed = await db.socialSupervisorAppointment.findUniqueOrThrow({ where: { id: a.id } });
    expect(signed).toMatchObject({ status: "ACTIVE", agreementVersion: AGREEMENT_VERSION, duties: [...DUTIES] });
    expect(await db.outboxJob.count({ where: { name: "renderSocialSupervisorCertificate", jobId: `social-certificate-${a.id}` } })).toBe(1);
    // Signing twice is refused by the state table.
    expect((await expectRejects(signAgreement(S.observer, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: true }))).code).toBe("social:errors.transitionNotAllowed");

    // The worker renders the 聘书; a second run returns the same document.
    const c1 = await generateCertificateDocument(worker(), { appointmentId: a.id });
    const c2 = await generateCertificateDocument(worker(), { appointmentId: a.id });
    expect(c1.created).toBe(true);
    expect(c2).toEqual({ documentId: c1.documentId, created: false });
    const doc = await db.document.findUniqueOrThrow({ where: { id: c1.documentId } });
    expect(doc).toMatchObject({ kind: "social-supervisor-certificate", public: false, ownerOrgId: S.observer.orgId });
    const chunks: Buffer[] = [];
    for await (const c of getStorage().get(doc.storageKey)) chunks.push(c as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(5000);

    // Assigned to project A: its lot is in scope, project B's is not.
    const s = await assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectA.code });
    expect(await socialSupervisorLotIds(pgq, S.observer.userId!)).toEqual([S.lotA.id]);
    expect((await expectRejects(assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectA.code }))).code).toBe("social:errors.alreadyAssigned");
    expect((await expectRejects(assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: "NO-SUCH" }))).code).toBe("social:errors.projectNotFound");
    expect((await expectRejects(assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectB.code, lotNo: 9 }))).code).toBe("social:errors.lotNotFound");
    // Staff may nominate but not assign (supervision's call).
    expect((await expectRejects(assignSocialSupervisor(S.staff, { appointmentId: a.id, projectCode: S.projectB.code }))).status).toBe(403);

    // 申请回避: only its own assignment, with a reason; the supervisor grants it and the lot leaves the scope.
    expect((await expectRejects(requestRecusal(S.observer2, { assignmentId: s.id, reason: "我是投标人的股东" }))).status).toBe(404);
    expect((await expectRejects(requestRecusal(S.observer, { assignmentId: s.id, reason: "" }))).field).toBe("reason");
    await requestRecusal(S.observer, { assignmentId: s.id, reason: "本人近亲属在投标单位任职" });
    expect(await socialSupervisorLotIds(pgq, S.observer.userId!)).toEqual([S.lotA.id]); // still watching until decided
    expect((await listSocialSupervisors(S.supervisor)).pendingRecusals.map((r) => r.id)).toEqual([s.id]);
    expect((await expectRejects(decideRecusal(S.observer, { assignmentId: s.id, grant: true }))).status).toBe(403);
    expect((await expectRejects(decideRecusal(S.supervisor, { assignmentId: s.id, grant: false }))).field).toBe("note");
    await decideRecusal(S.supervisor, { assignmentId: s.id, grant: true });
    expect(await socialSupervisorLotIds(pgq, S.observer.userId!)).toEqual([]);
    expect((await expectRejects(decideRecusal(S.supervisor, { assignmentId: s.id, grant: true }))).code).toBe("social:errors.recusalNotPending");

    // Accountability: an appraisal (考核, score 1–5), a violation, then dismissal revokes every assignment.
    expect((await expectRejects(recordAppraisal(S.supervisor, { appointmentId: a.id, kind: "APPRAISAL", score: 9, text: "好" }))).code).toBe("social:errors.badScore");
    await recordAppraisal(S.supervisor, { appointmentId: a.id, kind: "APPRAISAL", score: 4, text: "履职认真，按时到场" });
    await recordAppraisal(S.supervisor, { appointmentId: a.id, kind: "VIOLATION", text: "泄露未公开的开标信息" });
    const s2 = await assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectB.code, lotNo: 1 });
    expect((await expectRejects(changeAppointment(S.supervisor, { appointmentId: a.id, event: "dismiss", reason: "" }))).field).toBe("reason");
    expect((await expectRejects(changeAppointment(S.staff, { appointmentId: a.id, event: "dismiss", reason: "违反保密纪律" }))).status).toBe(403);
    await changeAppointment(S.supervisor, { appointmentId: a.id, event: "dismiss", reason: "违反保密纪律" });
    expect(await db.socialSupervisionAssignment.findUniqueOrThrow({ where: { id: s2.id } })).toMatchObject({ status: "REVOKED" });
    expect(await socialSupervisorLotIds(pgq, S.observer.userId!)).toEqual([]);
    const row = (await listSocialSupervisors(S.staff)).rows.find((r) => r.id === a.id)!;
    expect(row).toMatchObject({ status: "DISMISSED", certificateDocumentId: c1.documentId });
    expect(row.appraisals.map((e) => e.kind).sort()).toEqual(["APPRAISAL", "VIOLATION"]);
    // Final: nothing more happens to a dismissed appointment.
    expect((await expectRejects(changeAppointment(S.supervisor, { appointmentId: a.id, event: "reinstate" }))).code).toBe("social:errors.transitionNotAllowed");

    const actions = (await db.auditEntry.findMany({ where: { entityId: { in: [a.id, s.id] } }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "social_supervisor.nominated",
      "social_supervisor.sign_agreement",
      "social_supervisor.certificate_issued",
      "social_supervisor.assigned",
      "social_supervisor.recusal_requested",
      "social_supervisor.recusal_granted",
      "social_supervisor.appraised",
      "social_supervisor.violation_recorded",
      "social_supervisor.dismiss",
    ]);
  });

  it("refuses bad nominations and a second live appointment, changing nothing", async () => {
    const before = await db.socialSupervisorAppointment.count();
    expect((await expectRejects(nominateSocialSupervisor(S.staff, { user: "nobody-here" }))).code).toBe("social:errors.userNotFound");
    expect((await expectRejects(nominateSocialSupervisor(S.staff, { user: await usernameOf(db, S.bidder) }))).code).toBe("social:errors.notSocialSupervisorAccount");
    expect((await expectRejects(nominateSocialSupervisor(S.staff, { user: await usernameOf(db, S.observer2), termMonths: 0 }))).code).toBe("social:errors.badTerm");
    expect((await expectRejects(nominateSocialSupervisor(S.bidder, { user: await usernameOf(db, S.observer2) }))).status).toBe(403);
    expect((await expectRejects(nominateSocialSupervisor(S.observer2, { user: await usernameOf(db, S.observer2) }))).status).toBe(403);
    await nominateSocialSupervisor(S.supervisor, { user: await usernameOf(db, S.observer2) });
    expect((await expectRejects(nominateSocialSupervisor(S.staff, { user: await usernameOf(db, S.observer2) }))).code).toBe("social:errors.alreadyAppointed");
    expect(await db.socialSupervisorAppointment.count()).toBe(before + 1);
  });

  it("shows the social supervisor its own appointment, duties and assignments", async () => {
    const home = await getObserverHome(S.observer2);
    expect(home.appointment).toMatchObject({ status: "NOMINATED", agreementSignedAt: null });
    expect(home.duties).toEqual([...DUTIES]);
    expect((await expectRejects(getObserverHome(S.supervisor))).status).toBe(403);
  });

  it("expires appointments whose term is over and revokes their assignments", async () => {
    const a = await db.socialSupervisorAppointment.findFirstOrThrow({ where: { userId: S.observer2.userId!, status: "NOMINATED" } });
    await signAgreement(S.observer2, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: true });
    const s = await assignSocialSupervisor(S.supervisor, { appointmentId: a.id, projectCode: S.projectB.code });
    expect(await expireAppointments(db, new Date(Date.now() + 86_400_000))).toBe(0);
    expect(await expireAppointments(db, new Date(a.termEnd.getTime() + 1000))).toBe(1);
    expect(await db.socialSupervisorAppointment.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: "EXPIRED" });
    expect(await db.socialSupervisionAssignment.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ status: "REVOKED" });
  });
});
