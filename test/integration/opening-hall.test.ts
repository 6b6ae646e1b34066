import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { bidStorageKey } from "~/domain/bids/finalise-bid";
import { toBase64 } from "~/domain/crypto";
import { closeDecryption, closeDecryptionOnSchedule } from "~/domain/opening/close-decryption";
import { closeConfirmationsOnSchedule, confirmRecord } from "~/domain/opening/confirm-record";
import { listHallEventsSince } from "~/domain/opening/events";
import { generateOpeningRecord } from "~/domain/opening/generate-opening-record";
import { answerHallObjection, raiseHallObjection } from "~/domain/opening/hall-objections";
import { releaseContentKey } from "~/domain/opening/release-content-key";
import { settleUndecrypted } from "~/domain/opening/settle-undecrypted";
import { signIn } from "~/domain/opening/sign-in";
import { startConfirmation } from "~/domain/opening/start-confirmation";
import { startOpening } from "~/domain/opening/start-opening";
import { getStorage } from "~/lib/storage.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { fireOpenHall, makeOrg, makeUser, setupHall } from "./opening-fixtures";

/**
 * A full opening (issue 6): 4 bids — A decrypts after a wrong key and another bid's key, B never decrypts
 * (settled as the bidder's fault), C's stored envelope has one byte flipped (reported, not opened), D
 * decrypts — with the racing host start, refusals, objections (rate limit), confirmations and the record.
 */
const { db } = await useTestDb();
useQueuePrefix();
const storageDir = useTempStorage();

let h: Awaited<ReturnType<typeof setupHall>>;
const PRICES = [12_345_678_90n, 11_000_000_00n, 13_000_000_00n, 10_500_000_05n];
const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string; status?: number }) => `${e.status}:${e.code}`);

beforeAll(async () => {
  h = await setupHall(db, PRICES);
});

describe("the opening hall", () => {
  it("opens by itself with the lot at the deadline, once", async () => {
    const lot = await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } });
    expect(lot.status).toBe("OPENING");
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    expect(s.state).toBe("SIGN_IN");
    expect(s.decryptionWindowMinutes).toBe(30);
    expect(await fireOpenHall(db, h.lot.id)).toBe("ALREADY_APPLIED");
    expect(await db.openingSession.count({ where: { lotId: h.lot.id } })).toBe(1);
    expect((await listHallEventsSince(db, s.id, 0)).map((e) => e.type)).toEqual(["hall.opened"]);
    // Every registered bidder is called to the hall, once (the repeated firing did not notify again).
    expect(await db.notification.count({ where: { template: "opening:notify.hallOpened", link: `/hall/${h.lot.id}` } })).toBe(4);
  });

  it("refuses anyone who is not a bidder, the host or a supervisor", async () => {
    const stranger = await makeOrg(db, "BIDDER", "未报名公司");
    const outsider = await makeUser(db, stranger.id, "BIDDER", "路人");
    expect(await code(signIn(outsider, { lotId: h.lot.id }))).toBe("403:opening:errors.notAdmitted");
    const otherBuyer = await makeOrg(db, "BUYER", "别的招标人");
    const otherStaff = await makeUser(db, otherBuyer.id, "STAFF", "别人");
    expect(await code(startOpening(otherStaff, { lotId: h.lot.id }))).toBe("403:opening:errors.notAdmitted");
    // A bidder cannot host.
    expect(await code(startOpening(h.bidders[0]!.actor, { lotId: h.lot.id }))).toBe("403:common:errors.forbidden");
  });

  it("signs bidders in once each; simultaneous sign-ins are counted 1, 2, 3 in the events", async () => {
    const results = await Promise.all(h.bidders.slice(0, 3).map((b) => signIn(b.actor, { lotId: h.lot.id })));
    expect(results.every((r) => r.signedIn)).toBe(true);
    expect((await signIn(h.bidders[0]!.actor, { lotId: h.lot.id })).signedIn).toBe(false);
    expect(await db.openingAttendance.count()).toBe(3);
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    const counts = (await listHallEventsSince(db, s.id, 0)).filter((e) => e.type === "attendance.signed_in").map((e) => e.payload.count);
    expect(counts).toEqual([1, 2, 3]);
  });

  it("lets exactly one of two racing host starts win", async () => {
    const results = await Promise.allSettled([
      startOpening(h.author, { lotId: h.lot.id }),
      startOpening(h.reviewer, { lotId: h.lot.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason.status).toBe(409);
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    expect(s.state).toBe("DECRYPTING");
    expect(s.bidCount).toBe(4);
    expect(s.decryptionEndsAt!.getTime() - s.startedAt!.getTime()).toBe(30 * 60_000);
    const ds = await db.bidDecryption.findMany({ orderBy: { ordinal: "asc" } });
    expect(ds.map((d) => d.bidId)).toEqual(h.bidders.map((b) => b.bidId)); // submission order
    const job = await db.outboxJob.findFirst({ where: { name: "openingCloseDecryption" } });
    expect(job?.runAt?.getTime()).toBe(s.decryptionEndsAt!.getTime());
  });

  it("refuses a wrong key and another bid's key, then opens with the right one", async () => {
    const [a, b] = h.bidders;
    const lotId = h.lot.id;
    expect(await code(releaseContentKey(a!.actor, { lotId, bidId: a!.bidId, contentKey: toBase64(randomBytes(32)) }))).toBe("422:bids:errors.wrongKey");
    expect(await code(releaseContentKey(a!.actor, { lotId, bidId: a!.bidId, contentKey: b!.contentKey }))).toBe("422:bids:errors.wrongKey");
    expect(await code(releaseContentKey(a!.actor, { lotId, bidId: a!.bidId, contentKey: "c2hvcnQ=" }))).toBe("422:opening:errors.badContentKey");
    expect(await code(releaseContentKey(a!.actor, { lotId, bidId: b!.bidId, contentKey: b!.contentKey }))).toBe("403:opening:errors.notYourBid");
    const ok = await releaseContentKey(a!.actor, { lotId, bidId: a!.bidId, contentKey: a!.contentKey });
    expect(ok).toEqual({ status: "DECRYPTED", ordinal: 1 });
    const d = await db.bidDecryption.findUniqueOrThrow({ where: { bidId: a!.bidId } });
    expect(d).toMatchObject({ status: "DECRYPTED", attempts: 2, totalPriceFen: PRICES[0], durationDays: 180 });
    expect(await code(releaseContentKey(a!.actor, { lotId, bidId: a!.bidId, contentKey: a!.contentKey }))).toBe("409:opening:errors.alreadySettled");
  });

  it("reports a tampered stored envelope without opening it", async () => {
    const c = h.bidders[2]!;
    const file = path.join(storageDir, bidStorageKey(h.lot.id, c.bidId));
    const fh = await open(file, "r+");
    const pos = (await fh.stat()).size - 200; // inside the last chunk's ciphertext
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, pos);
    b[0] = b[0]! ^ 0x01;
    await fh.write(b, 0, 1, pos);
    await fh.close();
    const r = await releaseContentKey(c.actor, { lotId: h.lot.id, bidId: c.bidId, contentKey: c.contentKey });
    expect(r.status).toBe("TAMPERED");
    const d = await db.bidDecryption.findUniqueOrThrow({ where: { bidId: c.bidId } });
    expect(d.totalPriceFen).toBeNull();
    expect(d.contentKey).toBeNull();
    expect(await getStorage().exists(bidStorageKey(h.lot.id, c.bidId))).toBe(true);
  });

  it("rate-limits key releases per organisation (10 a minute): a flood cannot spam the hall", async () => {
    const b = h.bidders[1]!;
    for (let i = 0; i < 10; i++) {
      expect(await code(releaseContentKey(b.actor, { lotId: h.lot.id, bidId: b.bidId, contentKey: toBase64(randomBytes(32)) }))).toBe("422:bids:errors.wrongKey");
    }
    expect(await code(releaseContentKey(b.actor, { lotId: h.lot.id, bidId: b.bidId, contentKey: b.contentKey }))).toBe("429:opening:errors.tooManyAttempts");
    expect(await db.bidDecryption.findUniqueOrThrow({ where: { bidId: b.bidId } })).toMatchObject({ status: "PENDING", attempts: 10 });
  });

  it("keeps the window open while a bid is pending, then the scheduled end reads out (唱标)", async () => {
    const d = h.bidders[3]!;
    await releaseContentKey(d.actor, { lotId: h.lot.id, bidId: d.bidId, contentKey: d.contentKey });
    expect(await code(closeDecryption(h.author, { lotId: h.lot.id }))).toBe("409:opening:errors.bidsStillPending");
    // The window's end: move it to just now and fire the job's handler with that instant.
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    const stale = await closeDecryptionOnSchedule({ sessionId: s.id, endsAtMs: s.decryptionEndsAt!.getTime() - 1 });
    expect(stale.outcome).toBe("STALE");
    const endsAt = new Date(Date.now() - 10);
    await db.openingSession.update({ where: { id: s.id }, data: { decryptionEndsAt: endsAt } });
    expect((await closeDecryptionOnSchedule({ sessionId: s.id, endsAtMs: endsAt.getTime() })).outcome).toBe("CLOSED");
    expect((await closeDecryptionOnSchedule({ sessionId: s.id, endsAtMs: endsAt.getTime() })).outcome).toBe("STALE");
    const b = h.bidders[1]!;
    expect(await code(releaseContentKey(b.actor, { lotId: h.lot.id, bidId: b.bidId, contentKey: b.contentKey }))).toBe("409:opening:errors.alreadySettled");

    const events = await listHallEventsSince(db, s.id, 0);
    const reading = events.filter((e) => e.type === "reading");
    expect(reading).toHaveLength(1);
    const rows = reading[0]!.payload.rows as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.ordinal, r.status, r.totalPriceFen])).toEqual([
      [1, "DECRYPTED", PRICES[0]!.toString()],
      [2, "NOT_DECRYPTED", null],
      [3, "TAMPERED", null],
      [4, "DECRYPTED", PRICES[3]!.toString()],
    ]);
    expect(rows[0]).toMatchObject({ priceText: "¥12,345,678.90", priceInWords: "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角" });
    expect(rows[3]).toMatchObject({ priceInWords: "壹仟零伍拾万元零伍分" });
    // Nothing before the reading carried a price.
    const before = events.slice(0, events.indexOf(reading[0]!));
    expect(JSON.stringify(before)).not.toContain(PRICES[0]!.toString());
  });

  it("requires the host to record the fault of an undecrypted bid before confirmation", async () => {
    expect(await code(startConfirmation(h.author, { lotId: h.lot.id }))).toBe("409:opening:errors.faultsNotRecorded");
    await settleUndecrypted(h.author, { lotId: h.lot.id, bidId: h.bidders[1]!.bidId, fault: "BIDDER", reason: "投标人未在解密时间内解密" });
    expect(await code(settleUndecrypted(h.author, { lotId: h.lot.id, bidId: h.bidders[1]!.bidId, fault: "OTHER", reason: "再次" }))).toBe("409:opening:errors.alreadySettled");
    await startConfirmation(h.author, { lotId: h.lot.id });
    const audit = await db.auditEntry.findFirst({ where: { action: "opening.bid_settled" } });
    expect(audit).not.toBeNull();
  });

  it("takes objections (3 a minute per organisation) and the host's answers", async () => {
    const a = h.bidders[0]!;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await raiseHallObjection(a.actor, { lotId: h.lot.id, text: `对唱标结果有异议 ${i}` })).id);
    expect(await code(raiseHallObjection(a.actor, { lotId: h.lot.id, text: "第四条异议" }))).toBe("429:opening:errors.tooManyObjections");
    expect((await raiseHallObjection(h.bidders[3]!.actor, { lotId: h.lot.id, text: "另一家的异议" })).id).toBeTruthy();
    await answerHallObjection(h.author, { lotId: h.lot.id, objectionId: ids[0]!, answer: "经核对，唱标结果无误。" });
    expect(await code(answerHallObjection(h.author, { lotId: h.lot.id, objectionId: ids[0]!, answer: "再答" }))).toBe("409:opening:errors.objectionNotOpen");
    expect(await db.hallObjection.count({ where: { answeredAt: { not: null } } })).toBe(1);
  });

  it("records confirmations, silence at the limit, closes the hall and renders the record", async () => {
    await confirmRecord(h.bidders[0]!.actor, { lotId: h.lot.id, kind: "CONFIRMED" });
    await confirmRecord(h.bidders[2]!.actor, { lotId: h.lot.id, kind: "DISAGREED", reason: "本单位投标文件被判定校验不符，有异议" });
    expect(await code(confirmRecord(h.bidders[0]!.actor, { lotId: h.lot.id, kind: "CONFIRMED" }))).toBe("409:opening:errors.alreadyConfirmed");
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    const endsAt = new Date(Date.now() - 10);
    await db.openingSession.update({ where: { id: s.id }, data: { confirmationEndsAt: endsAt } });
    expect((await closeConfirmationsOnSchedule({ sessionId: s.id, endsAtMs: endsAt.getTime() })).outcome).toBe("CLOSED");
    const kinds = await db.recordConfirmation.findMany({ orderBy: { orgId: "asc" } });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["CONFIRMED", "DISAGREED", "SILENT", "SILENT"]);
    expect((await db.lot.findUniqueOrThrow({ where: { id: h.lot.id } })).status).toBe("EVALUATION");
    expect(await db.outboxJob.count({ where: { name: "renderOpeningRecord" } })).toBe(1);

    const r = await generateOpeningRecord(systemActor("vitest"), { sessionId: s.id });
    expect(r.created).toBe(true);
    expect((await generateOpeningRecord(systemActor("vitest"), { sessionId: s.id })).created).toBe(false);
    const doc = await db.document.findUniqueOrThrow({ where: { id: r.documentId } });
    expect(doc).toMatchObject({ kind: "opening-record", public: false, ownerOrgId: null });
    const chunks: Buffer[] = [];
    for await (const c of getStorage().get(doc.storageKey)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await db.notification.count({ where: { template: "opening:notify.recordReady" } })).toBe(4);
  });

  it("keeps the event stream gap-free and replayable from any seq", async () => {
    const s = await db.openingSession.findUniqueOrThrow({ where: { lotId: h.lot.id } });
    const all = await listHallEventsSince(db, s.id, 0);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: s.lastSeq }, (_, i) => i + 1));
    expect(all.at(-1)!.type).toBe("record.ready");
    const after = await listHallEventsSince(db, s.id, 5);
    expect(after.map((e) => e.seq)).toEqual(all.slice(5).map((e) => e.seq));
    await expect(db.$executeRaw`DELETE FROM "OpeningEvent" WHERE "sessionId" = ${s.id}::uuid`).rejects.toThrow(/append-only/);
  });
});
