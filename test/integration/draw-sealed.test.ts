import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { publicActor } from "~/domain/actor";
import { addDrawEntropy } from "~/domain/draw/add-draw-entropy";
import { finalizeDraw } from "~/domain/draw/finalize-draw";
import { getDraw, listDraws } from "~/domain/draw/get-draw";
import { getDrawProof } from "~/domain/draw/get-draw-proof";
import { listMyAssignments } from "~/domain/draw/list-my-assignments";
import { requestDraw } from "~/domain/draw/request-draw";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { drawRequest, drawScene, expertActor, makeExperts } from "./draw-fixtures";
import { insertPublishedLot } from "./tenders-fixtures";

const { db } = await useTestDb();
useQueuePrefix();

let s: Awaited<ReturnType<typeof drawScene>>;
let drawId = "";
let expert: Actor;
let otherExpert: Actor;
let names: string[] = [];

beforeAll(async () => {
  s = await drawScene(db);
  await makeExperts(db, 5, ["A0201"]);
  await makeExperts(db, 4, ["A0202"]);
  await makeExperts(db, 4, ["A0203"]);
  ({ drawId } = await requestDraw(s.staff, drawRequest(s.lot.id)));
  await addDrawEntropy(s.supervisor, { drawId, entropy: "supervisor-entropy-42" });
  const members = await db.drawMember.findMany({ where: { drawId, role: "MEMBER" }, include: {} });
  const experts = await db.expert.findMany({ where: { id: { in: members.map((m) => m.expertId) } } });
  names = experts.map((e) => e.name);
  expert = await expertActor(db, s.centre.id);
  otherExpert = await expertActor(db, s.centre.id);
  await db.expert.update({ where: { id: members[0]!.expertId }, data: { userId: expert.userId } });
  await db.expert.update({ where: { id: members[1]!.expertId }, data: { userId: otherExpert.userId } });
});

const containsAnyName = (x: unknown) => names.some((n) => JSON.stringify(x).includes(`"${n}"`));
const containsCode = (x: unknown) => /E-[0-9A-HJKMNP-TV-Z]{7}/.test(JSON.stringify(x));

describe("sealed names until the result is final", () => {
  it("staff see seats, counts and statuses — no names, no codes", async () => {
    const v = await getDraw(s.staff, drawId);
    expect(v.names).toBe("none");
    expect(v.seats).toHaveLength(10);
    expect(v.counts).toMatchObject({ NOTIFIED: 7, STANDBY: 3 });
    expect(v.seats.every((x) => x.expert === undefined)).toBe(true);
    expect(containsAnyName(v)).toBe(false);
    expect(containsCode(v)).toBe(false);
    expect(containsCode(await listDraws(s.staff, { lotId: s.lot.id }))).toBe(false);
  });

  it("supervisors see every name", async () => {
    const v = await getDraw(s.supervisor, drawId);
    expect(v.names).toBe("full");
    expect(v.seats.filter((x) => x.role === "MEMBER").map((x) => x.expert!.name).sort()).toEqual([...names].sort());
  });

  it("an expert sees their own call only (time and place), not the lot, nor colleagues", async () => {
    const mine = await listMyAssignments(expert);
    expect(mine.assignments).toHaveLength(1);
    expect(Object.keys(mine.assignments[0]!).sort()).toEqual(
      ["canRespond", "evaluationAt", "evaluationPlace", "memberId", "notifiedAt", "respondBy", "respondedAt", "specialtyCode", "specialtyName", "status"],
    );
    const theirs = await listMyAssignments(otherExpert);
    expect(theirs.assignments[0]!.memberId).not.toBe(mine.assignments[0]!.memberId);
    await expect(getDraw(expert, drawId)).rejects.toMatchObject({ status: 403 });
  });

  it("bidders and the public get no draw view; the public proof shows statuses only", async () => {
    await expect(getDraw(s.bidder, drawId)).rejects.toMatchObject({ status: 403 });
    await expect(getDraw(publicActor(), drawId)).rejects.toMatchObject({ status: 401 });
    const proof = await getDrawProof(drawId);
    expect(proof.revealed).toBe(false);
    expect(containsCode(proof)).toBe(false);
    expect(containsAnyName(proof)).toBe(false);
    expect(proof.seats.filter((x) => x.status === "NOTIFIED")).toHaveLength(7);
  });

  it("finalising needs an explicit confirmation, and only the centre's staff may give it", async () => {
    await expect(finalizeDraw(s.staff, { drawId })).rejects.toMatchObject({ code: "experts:errors.finalizeNeedsConfirmation", status: 422 });
    await expect(finalizeDraw(s.author, { drawId, confirm: true })).rejects.toMatchObject({ code: "experts:errors.finalizeCentreOnly", status: 403 });
    expect((await db.draw.findUniqueOrThrow({ where: { id: drawId } })).status).toBe("DRAWN");
  });

  it("finalising does not unseal: staff still see no names, the public proof stays sealed", async () => {
    await finalizeDraw(s.staff, { drawId, confirm: true });
    const v = await getDraw(s.staff, drawId);
    expect(v.status).toBe("FINAL");
    expect(v.names).toBe("none");
    expect(containsAnyName(v)).toBe(false);
    expect(containsCode(v)).toBe(false);
    const proof = await getDrawProof(drawId);
    expect(proof.revealed).toBe(false);
    expect(proof.serverSeed).toBeNull();
    expect(containsCode(proof)).toBe(false);
  });

  it("from the evaluation's start the centre's staff see the sign-in list (confirmed names only); the buyer's staff nothing", async () => {
    const members = await db.drawMember.findMany({ where: { drawId, role: "MEMBER" }, orderBy: { rank: "asc" } });
    await db.drawMember.updateMany({ where: { id: { in: members.slice(0, 5).map((m) => m.id) } }, data: { status: "CONFIRMED" } });
    await db.draw.update({ where: { id: drawId }, data: { evaluationAt: new Date(Date.now() - 60_000) } });
    await db.lot.update({ where: { id: s.lot.id }, data: { status: "EVALUATION" } });
    const v = await getDraw(s.staff, drawId);
    expect(v.names).toBe("signIn");
    const named = v.seats.filter((x) => x.expert);
    expect(named).toHaveLength(5);
    expect(named.every((x) => x.status === "CONFIRMED")).toBe(true);
    // Only the name: no phone, no employer, no code to look the expert up with.
    expect(named.every((x) => x.expert!.phone === "" && x.expert!.employer === "" && x.expert!.code === "")).toBe(true);
    expect(containsCode(v)).toBe(false);
    const buyer = await getDraw(s.author, drawId);
    expect(buyer.names).toBe("none");
    expect(containsAnyName(buyer)).toBe(false);
    expect((await getDrawProof(drawId)).revealed).toBe(false);
  });

  it("with the result the public proof lists codes (never names) and staff see the committee", async () => {
    await db.lot.update({ where: { id: s.lot.id }, data: { status: "CANDIDATES_PUBLICITY" } });
    const v = await getDraw(s.staff, drawId);
    expect(v.names).toBe("result");
    expect(containsAnyName(v)).toBe(true);
    const proof = await getDrawProof(drawId);
    expect(proof.revealed).toBe(true);
    expect(containsCode(proof)).toBe(true);
    expect(containsAnyName(proof)).toBe(false);
  });
});

describe("no finalising before the bid deadline", () => {
  it("a draw made while the lot is open for bids cannot be finalised (database clock)", async () => {
    const open = await insertPublishedLot(
      db,
      { buyerOrgId: s.buyer.id, authorId: s.author.userId!, reviewerId: s.reviewer.userId! },
      { docsFrom: new Date(Date.now() - 3_600_000), docsTo: new Date(Date.now() + 86_400_000), deadline: new Date(Date.now() + 2 * 86_400_000) },
    );
    await makeExperts(db, 13, ["A0201", "A0202", "A0203"]);
    const r = await requestDraw(s.staff, drawRequest(open.id, { evaluationAt: new Date(Date.now() + 3 * 86_400_000) }));
    await addDrawEntropy(s.supervisor, { drawId: r.drawId, entropy: "dice 1-2-3" });
    await expect(finalizeDraw(s.staff, { drawId: r.drawId, confirm: true })).rejects.toMatchObject({ code: "experts:errors.finalizeBeforeDeadline", status: 409 });
    expect((await db.draw.findUniqueOrThrow({ where: { id: r.drawId } })).status).toBe("DRAWN");
  });
});
