import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cachedEligiblePools } from "~/domain/draw/cached-eligible-pools";
import { eligiblePools, type AvoidanceFacts } from "~/domain/draw/eligible-pools";
import type { Tx } from "~/lib/db.server";
import { useTestDb } from "../support/db";
import { drawScene, makeExperts } from "./draw-fixtures";
import { makeUser } from "./tenders-fixtures";

/**
 * The draw request reads its pools through a per-specialty cache (cached-eligible-pools.ts, ADR 0026):
 * it must give exactly what the SQL scan gives, for every avoidance reason, and follow every change of the
 * pool (ExpertPoolVersion, bumped by triggers) — a stale set would let a suspended expert be drawn.
 */
const { db } = await useTestDb();
const DAY = 86_400_000;
const tx = db as unknown as Tx;

type Scene = Awaited<ReturnType<typeof drawScene>>;
let s: Scene;
let facts: AvoidanceFacts;
let ids: Record<string, string>;

beforeAll(async () => {
  s = await drawScene(db);
  const evaluationAt = new Date(Date.now() + 2 * DAY);
  await makeExperts(db, 5, ["A0201", "A0202"]);
  await makeExperts(db, 4, ["A0203"]);
  const [bidder] = await makeExperts(db, 1, ["A0201"], { employerCreditCode: s.bidderOrg.creditCode });
  const [buyer] = await makeExperts(db, 1, ["A0202"], { employerCreditCode: s.buyer.creditCode });
  const person = await makeUser(db, s.buyer.id, "EXPERT", "本项目人员");
  const [projectPerson] = await makeExperts(db, 1, ["A0201"], { userId: person.userId! });
  const [onLeave] = await makeExperts(db, 1, ["A0203"]);
  await db.expertLeave.create({ data: { expertId: onLeave!, startsAt: new Date(evaluationAt.getTime() - DAY), endsAt: new Date(evaluationAt.getTime() + DAY) } });
  const [violator] = await makeExperts(db, 1, ["A0202", "A0203"]);
  await db.expertViolation.create({ data: { expertId: violator!, at: new Date(), description: "违规" } });
  const [suspended] = await makeExperts(db, 1, ["A0201"]);
  await db.expert.update({ where: { id: suspended! }, data: { status: "SUSPENDED" } });
  const [recent] = await makeExperts(db, 1, ["A0202"]);
  const [inLot] = await makeExperts(db, 1, ["A0203"]);
  // Drawn for the same buyer last week.
  const e = await db.expert.findUniqueOrThrow({ where: { id: recent! } });
  await db.draw.create({
    data: {
      lotId: s.lot.id, buyerOrgId: s.buyer.id, seq: 99, status: "FINAL", committeeMembers: 5, evaluationAt: new Date(Date.now() - 6 * DAY),
      evaluationPlace: "305", responseMinutes: 60, serverSeedEnc: "x", commitment: "0".repeat(64), requestedById: randomUUID(),
      drawnAt: new Date(Date.now() - 7 * DAY),
      members: { create: [{ expertId: recent!, expertCode: e.code, specialtyCode: "A0202", role: "MEMBER", rank: 0, status: "CONFIRMED" }] },
    },
  });
  ids = { bidder: bidder!, buyer: buyer!, projectPerson: projectPerson!, onLeave: onLeave!, violator: violator!, suspended: suspended!, recent: recent!, inLot: inLot! };
  facts = {
    specialtyCodes: ["A0201", "A0202", "A0203"],
    bidderCreditCodes: [s.bidderOrg.creditCode, s.otherBidderOrg.creditCode],
    buyerCreditCodes: [s.buyer.creditCode],
    agentCreditCodes: [],
    projectUserIds: [person.userId!],
    excludeExpertIds: [inLot!],
    buyerOrgId: s.buyer.id,
    evaluationAt,
    recentSince: new Date(Date.now() - 30 * DAY),
  };
});

const plain = (r: Awaited<ReturnType<typeof eligiblePools>>) => ({ pools: Object.fromEntries(r.pools), counts: r.counts });

describe("cached eligible sets", () => {
  it("give the SQL scan's pools and counts, every avoidance reason included", async () => {
    const key = {};
    const sql = plain(await eligiblePools(tx, facts));
    expect(sql.counts).toMatchObject({ bidder: 1, buyer: 1, projectPeople: 1, leave: 1, violation: 1, inactive: 1, recent: 1, alreadyInLot: 1 });
    expect(plain(await cachedEligiblePools(key, tx, facts))).toEqual(sql);
    // Second call: served from the cache (no pool change), still the same.
    expect(plain(await cachedEligiblePools(key, tx, facts))).toEqual(sql);
    // Lot-specific lists are never cached: another lot's parties give another answer from the same sets.
    const other = { ...facts, bidderCreditCodes: [], projectUserIds: [], excludeExpertIds: [] };
    expect(plain(await cachedEligiblePools(key, tx, other))).toEqual(plain(await eligiblePools(tx, other)));
  });

  it("follow every change of the pool: status, employer, account, specialties, deletion", async () => {
    const key = {};
    await cachedEligiblePools(key, tx, facts); // warm
    const version = async () => (await db.expertPoolVersion.findMany({ orderBy: { specialtyCode: "asc" } })).map((v) => `${v.specialtyCode}:${v.version}`);
    const before = await version();

    // A field the entries do not copy changes no version.
    const [a, b, c] = await makeExperts(db, 3, ["A0201"]);
    const afterInsert = await version();
    expect(afterInsert).not.toEqual(before);
    await db.expert.update({ where: { id: a! }, data: { phone: "13700000000" } });
    expect(await version()).toEqual(afterInsert);

    const changes = [
      () => db.expert.update({ where: { id: a! }, data: { status: "SUSPENDED" } }),
      () => db.expert.update({ where: { id: b! }, data: { employerCreditCode: s.bidderOrg.creditCode } }),
      () => db.expertSpecialty.create({ data: { expertId: c!, specialtyCode: "A0203" } }),
      () => db.expertSpecialty.updateMany({ where: { expertId: c!, specialtyCode: "A0201" }, data: { specialtyCode: "A0202" } }),
      () => db.expert.update({ where: { id: ids.suspended! }, data: { status: "ACTIVE" } }),
      () => db.expert.delete({ where: { id: ids.violator! } }),
    ];
    for (const change of changes) {
      await change();
      expect(plain(await cachedEligiblePools(key, tx, facts))).toEqual(plain(await eligiblePools(tx, facts)));
    }
  });

  it("time-bound reasons are read on every draw, never cached", async () => {
    const key = {};
    await cachedEligiblePools(key, tx, facts);
    const [fresh] = await makeExperts(db, 1, ["A0203"]);
    await cachedEligiblePools(key, tx, facts);
    await db.expertViolation.create({ data: { expertId: fresh!, at: new Date(), description: "违规", until: new Date(Date.now() + 30 * DAY) } });
    const r = await cachedEligiblePools(key, tx, facts);
    const code = (await db.expert.findUniqueOrThrow({ where: { id: fresh! } })).code;
    expect(r.pools.get("A0203")).not.toContain(code);
    expect(plain(r)).toEqual(plain(await eligiblePools(tx, facts)));
  });
});
