import type { Actor } from "~/domain/actor";
import { systemActor } from "~/domain/actor";
import { assignSocialSupervisor } from "~/domain/social-supervision/assign-social-supervisor";
import { AGREEMENT_VERSION } from "~/domain/social-supervision/duties";
import { nominateSocialSupervisor } from "~/domain/social-supervision/nominate-social-supervisor";
import { signAgreement } from "~/domain/social-supervision/sign-agreement";
import type { Db } from "~/lib/db.server";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/** Parties, a centre staff member, two social supervisor accounts and two published tenders. */
export async function socialScene(db: Db) {
  const p = await seedParties(db);
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  const staff = await makeUser(db, centre.id, "STAFF", "中心工作人员");
  const public_ = await makeOrg(db, "OTHER", "社会各界");
  const observer = await makeUser(db, public_.id, "SOCIAL_SUPERVISOR", "张监督");
  const observer2 = await makeUser(db, public_.id, "SOCIAL_SUPERVISOR", "李监督");
  const parties = { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! };
  const at = { docsTo: new Date(Date.now() + 5 * 86_400_000), deadline: new Date(Date.now() + 20 * 86_400_000) };
  const lotA = await insertPublishedLot(db, parties, at);
  const lotB = await insertPublishedLot(db, parties, at);
  const projectA = await db.project.findUniqueOrThrow({ where: { id: lotA.projectId } });
  const projectB = await db.project.findUniqueOrThrow({ where: { id: lotB.projectId } });
  return { ...p, centre, staff, observer, observer2, lotA, lotB, projectA, projectB };
}

export const usernameOf = async (db: Db, a: Actor) => (await db.user.findUniqueOrThrow({ where: { id: a.userId! } })).username;

/** Nominated, signed and assigned to the project of `lotId`: an active social supervisor watching it. */
export async function activeObserver(db: Db, by: { nominator: Actor; supervisor: Actor }, observer: Actor, projectCode: string) {
  const a = await nominateSocialSupervisor(by.nominator, { user: await usernameOf(db, observer), affiliation: "市人大代表" });
  await signAgreement(observer, { appointmentId: a.id, agreementVersion: AGREEMENT_VERSION, accept: true });
  const s = await assignSocialSupervisor(by.supervisor, { appointmentId: a.id, projectCode });
  return { appointment: a, assignment: s };
}

export const worker = () => systemActor("vitest-worker");
