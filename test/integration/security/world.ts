import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import type { Actor } from "~/domain/actor";
import { systemActor } from "~/domain/actor";
import { createSession } from "~/domain/accounts/sessions";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { generateBidReceiptDocument } from "~/domain/bids/generate-bid-receipt-document";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { requestDraw } from "~/domain/draw/request-draw";
import { nameBuyerRepresentative } from "~/domain/evaluation/name-buyer-representative";
import type { Role } from "~/generated/prisma/enums";
import { createDb, setDb, type Db } from "~/lib/db.server";
import { getCsrfToken } from "~/lib/csrf.server";
import { applyGrants, ensureRoles } from "../../../scripts/db-roles";
import { useTestDb } from "../../support/db";
import { ADMIN_URL } from "../../support/global-setup";
import { useQueuePrefix } from "../../support/redis";
import { bond, sealFor, setupBidding, sha256hex, tusUpload, useTempStorage } from "../bids-fixtures";
import { drawRequest, makeExperts, seedSpecialties } from "../draw-fixtures";
import { activeObserver } from "../social-fixtures";
import { insertPublishedLot, makeOrg, makeUser } from "../tenders-fixtures";

/**
 * One centre in mid-trade, shared by the role × route matrix, the secrecy and the fuzz tests
 * (test/integration/security/). Every role has an actor in the trade ("own" organisation: the lot's buyer
 * staff, a bidder with a sealed bid, the drawn expert, the assigned social supervisor, …) and one outside it
 * ("other"). Before the opening there is:
 *   - lot `open`: bidding open, two sealed bids through the real path (tus upload, finaliseBid, receipt PDF),
 *     each carrying a unique plaintext marker and price;
 *   - lot `drawn`: bidding closed, experts drawn (entropy added), result not published; the drawn experts
 *     carry unique names and phones.
 */
export const ROLES = ["BIDDER", "STAFF", "EXPERT", "SUPERVISOR", "SOCIAL_SUPERVISOR", "SYSTEM_ADMIN", "SECURITY_ADMIN", "AUDIT_ADMIN", "EXPERT_ADMIN"] as const;
export type Who = "PUBLIC" | `${(typeof ROLES)[number]}${"" | "~"}`;
/** Matrix columns: the public, then each role in the trade (own) and outside it (other, "~"). */
export const WHO: readonly Who[] = ["PUBLIC", ...ROLES.flatMap((r) => [r, `${r}~`] as Who[])];

const tag = () => randomBytes(4).toString("hex").toUpperCase();

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(db: Db) {
  const s = await setupBidding(db); // buyer + author/reviewer staff, bidders A and B registered with keys/tokens, supervisor
  await seedSpecialties(db);
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  const centreStaff = await makeUser(db, centre.id, "STAFF", "中心工作人员");

  // Bidder names are secrets too: unique, searchable.
  const bidderAName = `甲投标单位${tag()}有限公司`;
  const bidderBName = `乙投标单位${tag()}有限公司`;
  await db.organisation.update({ where: { id: s.bidder.orgId! }, data: { name: bidderAName } });
  await db.organisation.update({ where: { id: s.otherBidder.orgId! }, data: { name: bidderBName } });

  // Two sealed bids through the real path.
  const bidMarkers: string[] = [];
  const prices = [98_765_432_17n, 87_654_321_93n];
  const bids: { bidId: string; receiptId: string; documentId: string | null }[] = [];
  for (const [i, p] of [
    { actor: s.bidder, token: s.token, key: s.key },
    { actor: s.otherBidder, token: s.otherToken, key: s.otherKey },
  ].entries()) {
    const marker = `SEALED-MARKER-${tag()}${tag()}`;
    bidMarkers.push(marker);
    const sealed = await sealFor(s.lot.id, p.key.spki, { priceFen: prices[i], text: marker });
    const uploadId = await tusUpload(p.token, sealed.envelope);
    const r = await finaliseBid(p.actor, {
      lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, bond: bond(),
    });
    await generateBidReceiptDocument(systemActor("vitest"), { receiptId: r.receiptId });
    const receipt = await db.bidReceipt.findUniqueOrThrow({ where: { id: r.receiptId } });
    bids.push({ bidId: r.bidId, receiptId: r.receiptId, documentId: receipt.documentId });
  }

  // A second lot of the same buyer, bidding closed, experts drawn, result not published.
  const HOUR = 3_600_000;
  const drawnLot = await insertPublishedLot(
    db,
    { buyerOrgId: s.buyer.id, authorId: s.author.userId!, reviewerId: s.reviewer.userId! },
    { docsFrom: new Date(Date.now() - 3 * HOUR), docsTo: new Date(Date.now() - 2 * HOUR), deadline: new Date(Date.now() - HOUR) },
  );
  await db.lot.update({ where: { id: drawnLot.id }, data: { status: "BIDDING_CLOSED" } });
  for (const b of [s.bidder, s.otherBidder]) await db.lotRegistration.create({ data: { lotId: drawnLot.id, bidderOrgId: b.orgId!, userId: b.userId! } });
  await makeExperts(db, 5, ["A0201"]);
  await makeExperts(db, 4, ["A0202"]);
  await makeExperts(db, 4, ["A0203"]);
  const { drawId } = await requestDraw(centreStaff, drawRequest(drawnLot.id));
  await addDrawEntropy(s.supervisor, { drawId, entropy: `entropy-${tag()}` });
  const drawn = await db.drawMember.findMany({ where: { drawId } });
  const expertSecrets: { name: string; phone: string }[] = [];
  for (const m of drawn) {
    const secret = { name: `密评专家${tag()}`, phone: `139${String(10_000_000 + Math.floor(Math.random() * 89_999_999)).slice(0, 8)}` };
    expertSecrets.push(secret);
    await db.expert.update({ where: { id: m.expertId }, data: { name: secret.name, phone: secret.phone } });
  }
  // The buyer's staff name a colleague as the buyer's representative on the drawn lot's committee.
  const repName = `密代表${tag()}`;
  const rep = await makeUser(db, s.buyer.id, "STAFF", repName);
  await nameBuyerRepresentative(s.author, { lotId: drawnLot.id, userId: rep.userId }, db);

  // Actors: own (in the trade) and other (outside it) for every role.
  const otherBuyer = await makeOrg(db, "BUYER", "另一采购单位");
  const otherBidderOrg = await makeOrg(db, "BIDDER", `丙未投标单位${tag()}有限公司`);
  const otherSupervision = await makeOrg(db, "SUPERVISION", "另一监督部门");
  const publicOrg = await makeOrg(db, "OTHER", "社会各界");
  const ownExpert = await makeUser(db, centre.id, "EXPERT", "被抽中的专家");
  await db.expert.update({ where: { id: drawn[0]!.expertId }, data: { userId: ownExpert.userId } });
  const otherExpert = await makeUser(db, centre.id, "EXPERT", "未被抽中的专家");
  const undrawn = await db.expert.findFirstOrThrow({ where: { id: { notIn: drawn.map((d) => d.expertId) } } });
  await db.expert.update({ where: { id: undrawn.id }, data: { userId: otherExpert.userId } });
  const observer = await makeUser(db, publicOrg.id, "SOCIAL_SUPERVISOR", "张监督");
  const otherObserver = await makeUser(db, publicOrg.id, "SOCIAL_SUPERVISOR", "李监督");
  const project = await db.project.findUniqueOrThrow({ where: { id: s.lot.projectId } });
  await activeObserver(db, { nominator: centreStaff, supervisor: s.supervisor }, observer, project.code);

  const admin = async (orgId: string, role: Role) => makeUser(db, orgId, role, `管理员${role}`);
  const actors: Record<Exclude<Who, "PUBLIC">, Actor> = {
    BIDDER: s.bidder,
    "BIDDER~": await makeUser(db, otherBidderOrg.id, "BIDDER", "丙投标人"),
    STAFF: s.author,
    "STAFF~": await makeUser(db, otherBuyer.id, "STAFF", "另一单位工作人员"),
    EXPERT: ownExpert,
    "EXPERT~": otherExpert,
    SUPERVISOR: s.supervisor,
    "SUPERVISOR~": await makeUser(db, otherSupervision.id, "SUPERVISOR", "另一监督员"),
    SOCIAL_SUPERVISOR: observer,
    "SOCIAL_SUPERVISOR~": otherObserver,
    SYSTEM_ADMIN: await admin(centre.id, "SYSTEM_ADMIN"),
    "SYSTEM_ADMIN~": await admin(otherBuyer.id, "SYSTEM_ADMIN"),
    SECURITY_ADMIN: await admin(centre.id, "SECURITY_ADMIN"),
    "SECURITY_ADMIN~": await admin(otherBuyer.id, "SECURITY_ADMIN"),
    AUDIT_ADMIN: await admin(centre.id, "AUDIT_ADMIN"),
    "AUDIT_ADMIN~": await admin(otherBuyer.id, "AUDIT_ADMIN"),
    // 专家库管理员 (issue 13 §1): the centre's, and one of another organisation (refused the pool).
    EXPERT_ADMIN: await admin(centre.id, "EXPERT_ADMIN"),
    "EXPERT_ADMIN~": await admin(otherBuyer.id, "EXPERT_ADMIN"),
  };

  // A signed-in browser per actor: session cookie, CSRF cookie and token.
  const { token: csrf, setCookie } = await getCsrfToken(new Request("http://localhost/"));
  const csrfCookie = setCookie!.split(";")[0]!;
  const cookies = new Map<Who, string>([["PUBLIC", csrfCookie]]);
  for (const [who, a] of Object.entries(actors) as [Exclude<Who, "PUBLIC">, Actor][]) {
    const token = await db.$transaction((tx) => createSession(tx, { userId: a.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "vitest" }));
    cookies.set(who, `__session=${token}; ${csrfCookie}`);
  }

  return {
    ...s,
    centre,
    centreStaff,
    project,
    drawnLot,
    drawId,
    bids,
    actors,
    cookies,
    csrf,
    secrets: { bidMarkers, prices: prices.map(String), bidderNames: [bidderAName, bidderBName], experts: expertSecrets, representatives: [repName] },
  };
}

/**
 * The domain (getDb) runs as the least-privileged app role of `npm start` (scripts/db-roles.ts) on this
 * file's database, so every route tried here also proves the app needs no more than that role has.
 */
export async function useAppRole(url: string): Promise<void> {
  const roles = { owner: "ggzy_owner", app: "ggzy_app" };
  await ensureRoles(ADMIN_URL, roles);
  await applyGrants(url, roles);
  const appDb = createDb(Object.assign(new URL(url), { username: roles.app }).toString(), 5);
  setDb(appDb);
  afterAll(async () => {
    await appDb.$disconnect();
  });
}

/** The security suites' harness: a database of their own reached as the app's role, a queue prefix, storage. */
export async function useSecurityHarness() {
  const t = await useTestDb();
  await useAppRole(t.url);
  useQueuePrefix();
  useTempStorage();
  return t;
}
