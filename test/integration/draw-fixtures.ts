import { randomBytes } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { newExpertCode } from "~/domain/experts/expert-code";
import { sealSecret, secretHmac } from "~/domain/experts/secret-box";
import type { Db } from "~/lib/db.server";
import { insertPublishedLot, makeOrg, makeUser, seedParties } from "./tenders-fixtures";

/** Fixtures for the draw tests: a small specialty tree, experts inserted directly, a published lot. */
export const SPECIALTIES = [
  { code: "A", parentCode: null, name: "工程", level: 1 },
  { code: "A02", parentCode: "A", name: "市政公用", level: 2 },
  { code: "A0201", parentCode: "A02", name: "道路", level: 3 },
  { code: "A0202", parentCode: "A02", name: "桥梁", level: 3 },
  { code: "A0203", parentCode: "A02", name: "给排水", level: 3 },
];

export async function seedSpecialties(db: Db) {
  await db.specialty.createMany({ data: SPECIALTIES, skipDuplicates: true });
}

let n = 0;
/** `count` active experts holding `codes`, employed by `employerCreditCode` (random by default). */
export async function makeExperts(db: Db, count: number, codes: string[], over: { employerCreditCode?: string; userId?: string } = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const idn = `${++n}-${randomBytes(6).toString("hex")}`;
    const e = await db.expert.create({
      data: {
        code: newExpertCode(),
        name: `专家${n}`,
        idNumberEnc: sealSecret("expert-id-number", idn),
        idNumberMasked: "110***********0000",
        idNumberHmac: secretHmac("expert-id-number", idn),
        phone: "13900000000",
        employerOrgName: "某设计院",
        employerCreditCode: over.employerCreditCode ?? randomBytes(9).toString("hex").toUpperCase(),
        title: "高级工程师",
        userId: i === 0 ? over.userId : undefined,
        specialties: { create: codes.map((c) => ({ specialtyCode: c })) },
      },
    });
    ids.push(e.id);
  }
  return ids;
}

const HOUR = 3_600_000;

/** Parties, a staff member, a supervisor, a lot in BIDDING_CLOSED with two registered bidders. */
export async function drawScene(db: Db) {
  await seedSpecialties(db);
  const p = await seedParties(db);
  const centre = await makeOrg(db, "CENTRE", "示范市公共资源交易中心");
  const staff = await makeUser(db, centre.id, "STAFF", "抽取员");
  const lot = await insertPublishedLot(
    db,
    { buyerOrgId: p.buyer.id, authorId: p.author.userId!, reviewerId: p.reviewer.userId! },
    { docsFrom: new Date(Date.now() - 3 * HOUR), docsTo: new Date(Date.now() - 2 * HOUR), deadline: new Date(Date.now() - HOUR) },
  );
  await db.lot.update({ where: { id: lot.id }, data: { status: "BIDDING_CLOSED" } });
  for (const b of [p.bidder, p.otherBidder]) await db.lotRegistration.create({ data: { lotId: lot.id, bidderOrgId: b.orgId!, userId: b.userId! } });
  return { ...p, staff, lot, centre };
}

export const evaluationAt = () => new Date(Date.now() + 2 * 86_400_000);

export function drawRequest(lotId: string, over: Record<string, unknown> = {}) {
  return {
    lotId,
    committeeMembers: 7,
    evaluationAt: evaluationAt(),
    evaluationPlace: "示范市公共资源交易中心 3 楼评标室 305",
    specialties: [
      { code: "A0201", members: 3, backups: 1 },
      { code: "A0202", members: 2, backups: 1 },
      { code: "A0203", members: 2, backups: 1 },
    ],
    ...over,
  };
}

export async function expertActor(db: Db, orgId: string): Promise<Actor> {
  return makeUser(db, orgId, "EXPERT", "专家用户");
}
