import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { createSession } from "~/domain/accounts/sessions";
import { appendAudit } from "~/domain/audit/append-audit";
import { auditFilterSchema } from "~/domain/audit/audit-filter";
import { closeAuditPools } from "~/domain/audit/audit-pool";
import { entryMatches, listAuditEntries, listSealedSince, resolveAuditFilter, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { startAuditSealer } from "~/domain/audit/start-audit-sealer";
import { maskIp } from "~/domain/social-supervision/social-scope";
import { hallRoleOf } from "~/domain/opening/hall-access";
import { acknowledgeAlert } from "~/domain/supervision/acknowledge-alert";
import { getComplaint } from "~/domain/supervision/get-complaint";
import { listAlerts } from "~/domain/supervision/list-alerts";
import { listComplaints } from "~/domain/supervision/list-complaints";
import { getStatistics, statisticsCsv } from "~/domain/supervision/get-statistics";
import { orderSuspension } from "~/domain/supervision/order-suspension";
import { raiseObjection } from "~/domain/tenders/raise-objection";
import { requestDraw } from "~/domain/draw/request-draw";
import * as logPage from "~/routes/supervision.log";
import * as logStream from "~/routes/supervision.log.stream";
import { expectRejects } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { activeObserver, socialScene, usernameOf } from "./social-fixtures";
import { makeUser } from "./tenders-fixtures";

/** A social supervisor sees the live log of its assigned tenders only; beyond that it is refused (issue 7 §5, Bad input). */
const { db, url } = await useTestDb();
useQueuePrefix();
const sealer = startAuditSealer({ url });
afterAll(async () => {
  await sealer.stop();
  await closeAuditPools();
});

let S: Awaited<ReturnType<typeof socialScene>>;
let cookie: string;
const ids: Record<string, string> = {};

const audit = (actor: Actor, action: string, entityType: string, entityId: string, detail: Record<string, unknown> = {}) =>
  db.$transaction((tx) => appendAudit(tx, actor, { action, entityType, entityId, detail }));

async function sealed(n: number) {
  const end = Date.now() + 5000;
  while ((await db.auditSeal.count()) < n) {
    if (Date.now() > end) throw new Error("sealer too slow");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  S = await socialScene(db);
  await activeObserver(db, { nominator: S.staff, supervisor: S.supervisor }, S.observer, S.projectA.code);
  // Lot A: a lot step, a bid, a complaint and an alert; lot B: a lot step and a bid.
  await audit(S.author, "lot.submit", "Lot", S.lotA.id);
  await audit(S.bidder, "bid.submitted", "Bid", "bid-a", { lotId: S.lotA.id });
  await audit(S.bidder, "complaint.filed", "Complaint", "complaint-a", { lotId: S.lotA.id });
  await audit(S.supervisor, "alert.acknowledged", "Alert", "alert-a", { lotId: S.lotA.id });
  await audit(S.author, "lot.submit", "Lot", S.lotB.id);
  await audit(S.bidder, "bid.submitted", "Bid", "bid-b", { lotId: S.lotB.id });
  await sealed(await db.auditEntry.count());
  const token = await db.$transaction((tx) => createSession(tx, { userId: S.observer.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "vitest" }));
  cookie = `__session=${token}`;
  ids.complaint = (
    await db.complaint.create({
      data: {
        lotId: S.lotA.id,
        complainantOrgId: S.bidderOrg.id,
        filedById: S.bidder.userId!,
        grounds: "评标不公",
        knewAt: new Date(),
        filedAt: new Date(),
        acceptDueAt: new Date(Date.now() + 3 * 86_400_000),
      },
    })
  ).id;
  ids.alert = (await db.alert.create({ data: { kind: "REPEATED_DRAW", severity: "RED", lotId: S.lotA.id, messageCode: "supervision:alerts.REPEATED_DRAW", dedupeKey: "t-social" } })).id;
});

/**
 * What the live log stream (replay after `lastEventId`, then live) sends this file's reader while `act` writes:
 * read until `marker` shows up (at most 5 s), then the stream is closed.
 */
async function streamedWhile(lastEventId: bigint | null, marker: string, act: () => Promise<unknown>): Promise<string> {
  const ctrl = new AbortController();
  const replay: Record<string, string> = lastEventId === null ? {} : { "last-event-id": String(lastEventId) };
  const live = await logStream.loader({
    request: new Request(`http://localhost/supervision/log/stream`, {
      signal: ctrl.signal,
      headers: { cookie, "accept-language": "zh-CN", ...replay },
    }),
    params: {},
    context: { cspNonce: "", clientIp: "127.0.0.1", requestId: "vitest" },
  });
  expect(live.headers.get("content-type")).toContain("text/event-stream");
  const reader = live.body!.getReader();
  let text = "";
  const read = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  await act();
  const end = Date.now() + 5000;
  while (!text.includes(marker) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  ctrl.abort();
  await reader.cancel().catch(() => {});
  await read.catch(() => {});
  return text;
}

const mine = (es: AuditEntryView[]) => es.map((e) => `${e.action}:${e.entityId}`).filter((x) => !x.startsWith("social_supervisor."));

describe("the social supervisor's live log", () => {
  it("while its tender is open for bids sees no registration, download, question or bid: who takes part is secret until the opening (招标投标法 art. 22)", async () => {
    await audit(S.bidder, "lot.registered", "Lot", S.lotA.id);
    await audit(S.bidder, "tender_document.downloaded", "TenderDocument", "doc-a", { lotId: S.lotA.id });
    await audit(S.bidder, "question.asked", "Question", "question-a", { lotId: S.lotA.id });
    await audit(S.supervisor, "bid.receipt_rendered", "BidReceipt", "receipt-a", { lotId: S.lotA.id });
    await sealed(await db.auditEntry.count());
    const rf = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    expect(rf.scope).toEqual({ kind: "lots", lotIds: [S.lotA.id], partiesSealedLotIds: [S.lotA.id] });
    const { entries } = await listAuditEntries(S.observer, rf);
    expect(mine(entries)).toEqual([`lot.submit:${S.lotA.id}`]);
    expect(JSON.stringify(entries)).not.toContain(S.bidderOrg.name);
    // The same rule for the live stream (per entry) and its replay (SQL).
    const all = await listSealedSince(null, "0", 1000);
    expect(mine(all.filter((e) => entryMatches(rf, e)))).toEqual(mine(entries));
    expect(mine(await listSealedSince(rf, "0", 1000))).toEqual(mine(entries));
    // A supervisor sees everything.
    const sup = await listAuditEntries(S.supervisor, await resolveAuditFilter(S.supervisor, auditFilterSchema.parse({})));
    expect(mine(sup.entries)).toHaveLength(10);
  });

  it("from the opening sees its tender's entries, bidders included, still without complaints and alerts", async () => {
    await db.lot.update({ where: { id: S.lotA.id }, data: { status: "OPENING" } });
    const rf = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    expect(rf.scope).toEqual({ kind: "lots", lotIds: [S.lotA.id], partiesSealedLotIds: [] });
    const { entries } = await listAuditEntries(S.observer, rf);
    const expected = [`bid.submitted:bid-a`, `lot.submit:${S.lotA.id}`, `lot.registered:${S.lotA.id}`, "tender_document.downloaded:doc-a", "question.asked:question-a", "bid.receipt_rendered:receipt-a"];
    expect(mine(entries).sort()).toEqual(expected.sort());
    const all = await listSealedSince(null, "0", 1000);
    expect(mine(all.filter((e) => entryMatches(rf, e))).sort()).toEqual(mine(entries).sort());
    expect(mine(await listSealedSince(rf, "0", 1000)).sort()).toEqual(mine(entries).sort());
  });

  it("refuses another tender's log and confidential kinds with a clear error", async () => {
    const refuse = async (f: Record<string, string>) => expectRejects(resolveAuditFilter(S.observer, auditFilterSchema.parse(f)));
    expect(await refuse({ lot: S.lotB.id })).toMatchObject({ code: "social:errors.outOfScope.lot", status: 403 });
    expect(await refuse({ entityType: "Lot", entityId: S.lotB.id })).toMatchObject({ code: "social:errors.outOfScope.lot", status: 403 });
    expect(await refuse({ entityType: "Complaint" })).toMatchObject({ code: "social:errors.outOfScope.confidential" });
    expect(await refuse({ action: "complaint" })).toMatchObject({ code: "social:errors.outOfScope.confidential" });
    expect(await refuse({ action: "alert.ack" })).toMatchObject({ code: "social:errors.outOfScope.confidential" });
    // Its own lot by the lot filter is fine.
    const ok = await resolveAuditFilter(S.observer, auditFilterSchema.parse({ lot: S.lotA.id }));
    expect(mine((await listAuditEntries(S.observer, ok)).entries)).toHaveLength(6);
  });

  it("answers the log page and its SSE stream with the refusal, localized, status 403", async () => {
    const args = (path: string, init: RequestInit = {}) => ({
      request: new Request(`http://localhost${path}`, { ...init, headers: { cookie, "accept-language": "zh-CN" } }),
      params: {},
      context: { cspNonce: "", clientIp: "127.0.0.1", requestId: "vitest" },
    });
    const page = (await logPage.loader(args(`/supervision/log?lot=${S.lotB.id}`))) as unknown as { data: { refused: string; entries: unknown[] }; init: { status: number } };
    expect(page.init.status).toBe(403);
    expect(page.data.entries).toEqual([]);
    expect(page.data.refused).toContain("指派");
    const ok = (await logPage.loader(args(`/supervision/log`))) as { scope: { kind: string }; entries: AuditEntryView[] };
    expect(ok.scope).toEqual({ kind: "lots" });
    expect(JSON.stringify(ok)).not.toContain(S.lotB.id);

    // orHttp throws the refusal's Response; Remix sends a resource route's thrown Response as is.
    const res = await logStream.loader(args(`/supervision/log/stream?lot=${S.lotB.id}`)).catch((e: unknown) => e as Response);
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("social:errors.outOfScope.lot");

    // The allowed stream delivers lot A's new entry and not lot B's or a complaint.
    const text = await streamedWhile(null, "bid-a-live", async () => {
      await audit(S.bidder, "bid.withdrawn", "Bid", "bid-b-live", { lotId: S.lotB.id });
      await audit(S.bidder, "complaint.filed", "Complaint", "complaint-a-live", { lotId: S.lotA.id });
      await audit(S.bidder, "bid.withdrawn", "Bid", "bid-a-live", { lotId: S.lotA.id });
    });
    expect(text).toContain("bid-a-live");
    expect(text).not.toContain("bid-b-live");
    expect(text).not.toContain("complaint-a-live");
  });

  it("shows a bidder's address only to its network and never its user agent (page, replay, stream); supervisors see all", async () => {
    const UA = "Mozilla/5.0 (X11) BidderBrowser/1.0";
    const v4 = { ...S.bidder, ip: "203.0.113.45", userAgent: UA };
    const v6 = { ...S.bidder, ip: "2001:db8:85a3::8a2e:370:7334", userAgent: UA };
    await audit(v4, "bid.submitted", "Bid", "bid-a-ip4", { lotId: S.lotA.id });
    await audit(v6, "bid.submitted", "Bid", "bid-a-ip6", { lotId: S.lotA.id });
    await sealed(await db.auditEntry.count());
    const pick = (es: AuditEntryView[]) =>
      es.filter((e) => e.entityId.startsWith("bid-a-ip")).map((e) => [e.entityId, e.ip, e.userAgent]).sort();

    const rf = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    const masked = [["bid-a-ip4", "203.0.113.*", ""], ["bid-a-ip6", "2001:db8:85a3:*", ""]];
    expect(pick((await listAuditEntries(S.observer, rf)).entries)).toEqual(masked);
    expect(pick(await listSealedSince(rf, "0", 1000))).toEqual(masked);
    const sup = await resolveAuditFilter(S.supervisor, auditFilterSchema.parse({}));
    const full = [["bid-a-ip4", "203.0.113.45", UA], ["bid-a-ip6", "2001:db8:85a3::8a2e:370:7334", UA]];
    expect(pick((await listAuditEntries(S.supervisor, sup)).entries)).toEqual(full);
    expect(pick(await listSealedSince(sup, "0", 1000))).toEqual(full);

    // The live stream (shared feed, full entries) masks per reader too; its replay after Last-Event-ID as well.
    const head = (await db.auditSeal.aggregate({ _max: { seq: true } }))._max.seq!;
    const text = await streamedWhile(head - 2n, "bid-a-ip-live", () =>
      audit({ ...S.bidder, ip: "198.51.100.77", userAgent: UA }, "bid.withdrawn", "Bid", "bid-a-ip-live", { lotId: S.lotA.id }),
    );
    expect(text).toContain("bid-a-ip-live");
    expect(text).toContain("198.51.100.*");
    expect(text).toContain("2001:db8:85a3:*"); // replayed
    for (const x of ["198.51.100.77", "203.0.113.45", "8a2e:370:7334", "BidderBrowser"]) expect(text).not.toContain(x);
  });

  it("never names an expert acting on its tender before the result (实施条例 art. 46): page, replay, stream, search by person; supervisors see the name", async () => {
    const expert = await makeUser(db, S.centre.id, "EXPERT", "秘专家甲乙");
    await db.lot.update({ where: { id: S.lotA.id }, data: { status: "EVALUATION" } });
    await audit(expert, "evaluation.member_signed_in", "EvaluationMember", "member-x", { lotId: S.lotA.id, seat: 1 });
    await sealed(await db.auditEntry.count());
    const pick = (es: AuditEntryView[]) => es.filter((e) => e.entityId === "member-x").map((e) => [e.actorRole, e.actorName, e.actorId, e.orgName]);

    const rf = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    expect(pick((await listAuditEntries(S.observer, rf)).entries)).toEqual([["EXPERT", null, null, null]]);
    expect(pick(await listSealedSince(rf, "0", 1000))).toEqual([["EXPERT", null, null, null]]);
    // Searching the log by the expert's account must not confirm that it sits on this committee.
    const byPerson = await resolveAuditFilter(S.observer, auditFilterSchema.parse({ actor: await usernameOf(db, expert) }));
    expect(pick((await listAuditEntries(S.observer, byPerson)).entries)).toEqual([]);
    const all = await listSealedSince(null, "0", 1000);
    expect(pick(all.filter((e) => entryMatches(byPerson, e)))).toEqual([]);
    const sup = await resolveAuditFilter(S.supervisor, auditFilterSchema.parse({}));
    expect(pick((await listAuditEntries(S.supervisor, sup)).entries)).toEqual([["EXPERT", "秘专家甲乙", expert.userId, "示范市公共资源交易中心"]]);

    // The live stream (shared feed, full entries) and its replay.
    const head = (await db.auditSeal.aggregate({ _max: { seq: true } }))._max.seq!;
    const text = await streamedWhile(head - 1n, "sheet-x-live", () =>
      audit(expert, "evaluation.sheet_submitted", "ScoreSheet", "sheet-x-live", { lotId: S.lotA.id, seat: 1 }),
    );
    expect(text).toContain("sheet-x-live");
    expect(text).toContain("member-x"); // replayed
    for (const x of ["秘专家甲乙", expert.userId!]) expect(text).not.toContain(x);

    // With the result out (候选人公示), the committee is no longer secret.
    await db.lot.update({ where: { id: S.lotA.id }, data: { status: "CANDIDATES_PUBLICITY" } });
    const after = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    expect(pick((await listAuditEntries(S.observer, after)).entries)).toEqual([["EXPERT", "秘专家甲乙", expert.userId, "示范市公共资源交易中心"]]);
    await db.lot.update({ where: { id: S.lotA.id }, data: { status: "OPENING" } });
  });

  it("masks addresses to the network whatever their spelling", () => {
    expect(maskIp("")).toBe("");
    expect(maskIp("10.1.2.3")).toBe("10.1.2.*");
    expect(maskIp("::ffff:203.0.113.9")).toBe("203.0.113.*");
    expect(maskIp("2001:0DB8:0000:0042::1")).toBe("2001:db8:0:*");
    expect(maskIp("2001:db8::1")).toBe("2001:db8:0:*");
    expect(maskIp("fe80::1%eth0")).toBe("fe80:0:0:*");
    expect(maskIp("::1")).toBe("0:0:0:*");
    expect(maskIp("not-an-ip")).toBe("*");
  });
});

describe("reaching beyond", () => {
  it("refuses alerts, complaints, the hall and every write, changing nothing", async () => {
    const before = { alerts: await db.alert.count({ where: { acknowledgedAt: { not: null } } }), objections: await db.objection.count(), lot: await db.lot.findUniqueOrThrow({ where: { id: S.lotA.id } }) };
    expect(await expectRejects(listAlerts(S.observer))).toMatchObject({ code: "social:errors.outOfScope.confidential", status: 403 });
    expect(await expectRejects(acknowledgeAlert(S.observer, { alertId: ids.alert! }))).toMatchObject({ code: "social:errors.outOfScope.confidential", status: 403 });
    expect(await expectRejects(listComplaints(S.observer))).toMatchObject({ status: 403 });
    // A complaint does not even exist for outsiders (same 404 as a wrong id).
    expect(await expectRejects(getComplaint(S.observer, ids.complaint!))).toMatchObject({ status: 404 });
    // The hall (read-only) only from the deadline on; its own lot's deadline is 20 days away, the other lot is not its own.
    expect(await expectRejects(hallRoleOf(db, S.observer, S.lotA.id))).toMatchObject({ code: "opening:errors.notAdmitted", status: 403 });
    expect(await expectRejects(hallRoleOf(db, S.observer, S.lotB.id))).toMatchObject({ code: "opening:errors.notAdmitted", status: 403 });
    expect(await expectRejects(raiseObjection(S.observer, { lotId: S.lotA.id, text: "我有异议" }))).toMatchObject({ code: "social:errors.outOfScope.write", status: 403 });
    expect(await expectRejects(orderSuspension(S.observer, { complaintId: ids.complaint! } as never))).toMatchObject({ status: 403 });
    expect(await expectRejects(requestDraw(S.observer, { lotId: S.lotA.id } as never))).toMatchObject({ code: "social:errors.outOfScope.write", status: 403 });
    expect(await db.alert.count({ where: { acknowledgedAt: { not: null } } })).toBe(before.alerts);
    expect(await db.objection.count()).toBe(before.objections);
    expect(await db.lot.findUniqueOrThrow({ where: { id: S.lotA.id } })).toEqual(before.lot);
  });

  it("/statistics: no centre-wide alert counts for a social supervisor (ADR 0013) nor for staff; supervisors see them", async () => {
    const soc = await getStatistics(S.observer);
    expect(soc.alertsByKind).toEqual([]);
    expect(statisticsCsv(soc)).not.toContain("alertsByKind");
    expect((await getStatistics(S.staff)).alertsByKind).toEqual([]);
    expect((await getStatistics(S.supervisor)).alertsByKind.map((a) => a.kind)).toContain("REPEATED_DRAW");
  });

  it("sees nothing once its appointment is suspended, and nothing of a tender it was never assigned", async () => {
    const a = await db.socialSupervisorAppointment.findFirstOrThrow({ where: { userId: S.observer.userId! } });
    await db.socialSupervisorAppointment.update({ where: { id: a.id }, data: { status: "SUSPENDED" } });
    const rf = await resolveAuditFilter(S.observer, auditFilterSchema.parse({}));
    expect(rf.scope).toEqual({ kind: "none", reason: "socialSupervisorPending" });
    expect((await listAuditEntries(S.observer, rf)).entries).toEqual([]);
    expect(await expectRejects(resolveAuditFilter(S.observer, auditFilterSchema.parse({ lot: S.lotA.id })))).toMatchObject({ status: 403 });
    await db.socialSupervisorAppointment.update({ where: { id: a.id }, data: { status: "ACTIVE" } });
    // Another social supervisor with no assignment sees nothing.
    expect((await resolveAuditFilter(S.observer2, auditFilterSchema.parse({}))).scope.kind).toBe("none");
  });
});
