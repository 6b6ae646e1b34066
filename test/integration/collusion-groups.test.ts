import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { createApiToken } from "~/domain/bids/api-tokens";
import { finaliseBid } from "~/domain/bids/finalise-bid";
import { withdrawBid } from "~/domain/bids/withdraw-bid";
import { acknowledgeAlert } from "~/domain/supervision/acknowledge-alert";
import { evaluateAlertRules } from "~/domain/supervision/evaluate-alert-rules";
import { listAlerts } from "~/domain/supervision/list-alerts";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { bond, newKey, sealFor, setupBidding, sha256hex, tusUpload, useTempStorage } from "./bids-fixtures";
import { makeOrg, makeUser } from "./tenders-fixtures";
import type { AlertKind } from "~/generated/prisma/enums";

const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();

/**
 * Issue 16 item 5: the 同一保证金账户 and 同一IP alerts named two companies and a bid later replaced; a
 * third company with the same account and IP never joined. A collusion alert is keyed by the shared thing
 * (lot + account / IP), names the CURRENT bids, changes in place (audited, before/after) as bids are
 * replaced, added and withdrawn — through the bidders' own domain calls — and is closed when fewer than
 * two bidders still share the account.
 */
describe("collusion groups follow the bids", () => {
  let s: Awaited<ReturnType<typeof setupBidding>>;
  const bidders: Record<string, { actor: Actor; spki: Uint8Array; token: string }> = {};

  beforeAll(async () => {
    s = await setupBidding(db);
    bidders.A = { actor: s.bidder, spki: s.key.spki, token: s.token };
    bidders.B = { actor: s.otherBidder, spki: s.otherKey.spki, token: s.otherToken };
    const org = await makeOrg(db, "BIDDER", "第三建工有限公司");
    const actor = await makeUser(db, org.id, "BIDDER", "投标人丙");
    await db.lotRegistration.create({ data: { lotId: s.lot.id, bidderOrgId: org.id, userId: actor.userId! } });
    const key = await newKey(actor);
    bidders.C = { actor, spki: key.spki, token: (await createApiToken(actor, { name: "ci", days: 30 })).token };
  });

  /** A bid through the real upload and finalise; every bidder pays its bond from the same account, from 127.0.0.1. */
  async function bid(who: "A" | "B" | "C") {
    const b = bidders[who]!;
    const sealed = await sealFor(s.lot.id, b.spki);
    const uploadId = await tusUpload(b.token, sealed.envelope);
    const r = await finaliseBid(b.actor, { lotId: s.lot.id, uploadId, ciphertextSha256: sha256hex(sealed.envelope), plaintextSha256: sealed.plaintextSha256, deviceId: `dev-${who}`, bond: bond() });
    return r.bidId;
  }
  const org = (who: "A" | "B" | "C") => bidders[who]!.actor.orgId!;
  const alertsOf = (kind: AlertKind) => db.alert.findMany({ where: { lotId: s.lot.id, kind } });
  const members = (a: { params: unknown }) => String((a.params as Record<string, unknown>).orgIds).split(",").sort();
  const bidsIn = (a: { params: unknown }) => String((a.params as Record<string, unknown>).bidIds).split(",").sort();
  const auditOf = (id: string) => db.auditEntry.findMany({ where: { entityType: "Alert", entityId: id, action: { in: ["alert.group_updated", "alert.resolved"] } }, orderBy: { id: "asc" } });

  it("one alert per shared account: replaced bid, third bidder, withdrawals — updated in place, audited, then closed", async () => {
    const a1 = await bid("A");
    const b1 = await bid("B");
    await evaluateAlertRules(db);
    const [first, ...more] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(more).toEqual([]);
    expect(members(first!)).toEqual([org("A"), org("B")].sort());
    expect(bidsIn(first!)).toEqual([a1, b1].sort());
    expect((await alertsOf("COLLUSION_SAME_IP")).map(members)).toEqual([[org("A"), org("B")].sort()]);
    await acknowledgeAlert(s.supervisor, { alertId: first!.id });

    // A replaces its bid: the evidence names the new bid, not the replaced one; the same companies, so the
    // supervisor's acknowledgement stands.
    const a2 = await bid("A");
    expect(await evaluateAlertRules(db)).toBeGreaterThan(0);
    let [row, ...extra] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(extra).toEqual([]);
    expect(row!.id).toBe(first!.id);
    expect(bidsIn(row!)).toEqual([a2, b1].sort());
    expect(row!.acknowledgedAt).not.toBeNull();
    expect(row!.changedAt).not.toBeNull();

    // A third company with the same account joins the same alert (no second one), which is re-opened.
    const c1 = await bid("C");
    await evaluateAlertRules(db);
    [row, ...extra] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(extra).toEqual([]);
    expect(row!.id).toBe(first!.id);
    expect(members(row!)).toEqual([org("A"), org("B"), org("C")].sort());
    expect(bidsIn(row!)).toEqual([a2, b1, c1].sort());
    expect(row!.params).toMatchObject({ bidders: 3, account: bond().payerAccount.replace(/\s/g, "") });
    expect(row!.acknowledgedAt).toBeNull();
    const ip = await alertsOf("COLLUSION_SAME_IP");
    expect(ip.map(members)).toEqual([[org("A"), org("B"), org("C")].sort()]);

    // B withdraws: two companies still share the account; the evidence drops B's bid.
    await withdrawBid(bidders.B!.actor, { bidId: b1 });
    await evaluateAlertRules(db);
    [row] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(members(row!)).toEqual([org("A"), org("C")].sort());
    expect(bidsIn(row!)).toEqual([a2, c1].sort());
    expect(row!.resolvedAt).toBeNull();

    // C withdraws too: fewer than two companies share it — closed with its reason, naming what is left.
    await withdrawBid(bidders.C!.actor, { bidId: c1 });
    await evaluateAlertRules(db);
    [row, ...extra] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(extra).toEqual([]);
    expect(row!.resolution).toBe("FEWER_THAN_TWO_BIDDERS");
    expect(row!.resolvedAt).not.toBeNull();
    expect(bidsIn(row!)).toEqual([a2]);
    expect(row!.params).toMatchObject({ bidders: 1 });
    // Nothing more to do: a further run changes nothing.
    expect(await evaluateAlertRules(db)).toBe(0);

    // Each change is one audit entry naming the members and bids before and after.
    const audit = await auditOf(first!.id);
    expect(audit.map((e) => e.action)).toEqual(["alert.group_updated", "alert.group_updated", "alert.group_updated", "alert.resolved"]);
    const d = audit.map((e) => e.detail as Record<string, unknown>);
    expect(d[0]).toMatchObject({ bidsBefore: [a1, b1].sort(), bids: [a2, b1].sort(), reopened: false });
    expect(d[0]).not.toHaveProperty("added");
    expect(d[0]).not.toHaveProperty("removed");
    expect(d[1]).toMatchObject({ added: [org("C")], reopened: true, bids: [a2, b1, c1].sort() });
    expect(d[2]).toMatchObject({ removed: [org("B")], membersBefore: [org("A"), org("B"), org("C")].sort(), members: [org("A"), org("C")].sort() });
    expect(d[3]).toMatchObject({ removed: [org("C")], members: [org("A")], bids: [a2], reason: "supervision:alerts.resolution.FEWER_THAN_TWO_BIDDERS" });
    expect(audit.every((e) => e.beforeDigest && e.afterDigest && e.beforeDigest !== e.afterDigest)).toBe(true);

    // The console: a closed alert is not open any more; the full list shows it closed.
    const open = await listAlerts(s.supervisor, { lotId: s.lot.id, kind: "COLLUSION_SAME_BOND_ACCOUNT" });
    expect(open.alerts).toEqual([]);
    const all = await listAlerts(s.supervisor, { lotId: s.lot.id, kind: "COLLUSION_SAME_BOND_ACCOUNT", state: "all" });
    expect(all.alerts.map((a) => [a.id, a.resolution])).toEqual([[first!.id, "FEWER_THAN_TWO_BIDDERS"]]);
    // …with its last change in words (from the audit entry): C left, by name.
    expect(all.alerts[0]!.lastChange).toEqual({ added: [], removed: [org("C")], bidsReplaced: false });
    expect(all.orgNames[org("C")]).toBe("第三建工有限公司");

    // The group forms again (C bids once more): the same alert re-opens.
    const c2 = await bid("C");
    await evaluateAlertRules(db);
    [row, ...extra] = await alertsOf("COLLUSION_SAME_BOND_ACCOUNT");
    expect(extra).toEqual([]);
    expect(row).toMatchObject({ id: first!.id, resolvedAt: null, resolution: null, acknowledgedAt: null });
    expect(bidsIn(row!)).toEqual([a2, c2].sort());
    expect((await auditOf(first!.id)).at(-1)!.detail).toMatchObject({ reopened: true, added: [org("C")] });
  });
});
