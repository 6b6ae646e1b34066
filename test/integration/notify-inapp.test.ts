import { afterAll, describe, expect, it } from "vitest";
import { createSession } from "~/domain/accounts/sessions";
import { countUnread } from "~/domain/notify/count-unread";
import { listNotifications } from "~/domain/notify/list-notifications";
import { markNotificationsRead } from "~/domain/notify/mark-notifications-read";
import { notify, type NotifyInput } from "~/domain/notify/notify";
import { getUnreadHub } from "~/domain/notify/unread-hub.server";
import { getCsrfToken } from "~/lib/csrf.server";
import { action, loader } from "~/routes/notifications";
import { makeOrg, makeUser } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";

/** Recipients, the in-app list and its forms, the unread count and its live push. No worker needed. */
const { db, url } = await useTestDb();
const ctx = { cspNonce: "", clientIp: "127.0.0.1", requestId: "test" };
afterAll(() => getUnreadHub(url).stop());

const base = (over: Partial<NotifyInput>): NotifyInput => ({
  recipients: {},
  template: "notify:events.lotClosed",
  params: { lot: "某市政道路改造工程 第1标段", at: new Date("2026-12-20T01:30:00Z") },
  channels: ["inapp"],
  dedupeKey: `k-${Math.random()}`,
  ...over,
});
const send = (over: Partial<NotifyInput>) => db.$transaction((tx) => notify(tx, base(over)));

async function signedIn(role: "BIDDER" | "STAFF" = "BIDDER", locale = "zh-CN") {
  const u = await makeUser(db, { role });
  await db.user.update({ where: { id: u.user.id }, data: { locale } });
  const token = await db.$transaction((tx) => createSession(tx, { userId: u.user.id, mfaPassed: true, ip: "", userAgent: "test" }));
  const csrf = await getCsrfToken(new Request("http://localhost/"));
  const cookie = `__session=${token}; __csrf=${csrf.token}`;
  const post = (body: Record<string, string>, withCsrf = true) =>
    new Request("http://localhost/notifications", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(withCsrf ? { ...body, csrf: csrf.token } : body).toString(),
    });
  return { ...u, cookie, post };
}

describe("recipients", () => {
  it("resolves users, organisations filtered by role, a role everywhere and bare contacts; disabled accounts are left out", async () => {
    const org = await makeOrg(db, "CENTRE");
    const mk = (role: "STAFF" | "SUPERVISOR", status: "ACTIVE" | "DISABLED" = "ACTIVE") =>
      db.user.create({
        data: { orgId: org.id, username: `n${Math.random().toString(36).slice(2, 10)}`, displayName: "用户", email: `${Math.random().toString(36).slice(2)}@example.com`, role, passwordHash: "x", status, phone: "13900000000" },
      });
    const staffA = await mk("STAFF");
    const staffB = await mk("STAFF");
    await mk("STAFF", "DISABLED");
    const supervisor = await mk("SUPERVISOR");
    const lone = await makeUser(db, { role: "BIDDER" });

    const r = await send({ recipients: { orgIds: [org.id], role: "STAFF", userIds: [lone.user.id, staffA.id] } });
    expect(r.notifications).toBe(3); // staffA once, staffB, lone; not the disabled one, not the supervisor
    const got = await db.notification.findMany({ where: { userId: { in: [staffA.id, staffB.id, lone.user.id, supervisor.id] } } });
    expect(new Set(got.map((n) => n.userId))).toEqual(new Set([staffA.id, staffB.id, lone.user.id]));

    const everySupervisor = await send({ recipients: { role: "SUPERVISOR" } });
    expect(everySupervisor.notifications).toBeGreaterThanOrEqual(1);
    expect(await db.notification.count({ where: { userId: supervisor.id } })).toBe(1);

    const contact = await send({
      template: "notify:events.expertDrawn",
      params: { project: "某医院门诊楼", evaluationAt: new Date("2026-12-21T01:00:00Z"), place: "第3评标室", respondBy: new Date("2026-12-20T09:00:00Z") },
      recipients: { contacts: [{ phone: "13700000000", email: "expert@example.com", locale: "en" }, { phone: "13600000000" }] },
      channels: ["inapp", "sms", "voice", "email"],
    });
    expect(contact.notifications).toBe(0); // no account, no in-app message
    const rows = await db.notificationDelivery.findMany({ where: { id: { in: contact.deliveryIds } }, orderBy: [{ channel: "asc" }, { address: "asc" }] });
    expect(rows.map((d) => [d.channel, d.address, d.locale, d.userId])).toEqual([
      ["EMAIL", "expert@example.com", "en", null],
      ["SMS", "13600000000", "zh-CN", null],
      ["SMS", "13700000000", "en", null],
      ["VOICE", "13600000000", "zh-CN", null],
      ["VOICE", "13700000000", "en", null],
    ]);
    expect(await db.outboxJob.count({ where: { jobId: { in: contact.deliveryIds }, name: "deliverNotification" } })).toBe(5);
  });

  it("refuses an unknown template, a foreign link and a channel list that is empty", async () => {
    const u = await makeUser(db, { role: "BIDDER" });
    const recipients = { userIds: [u.user.id] };
    await expect(send({ recipients, template: "notify:events.noSuchThing" })).rejects.toThrow(/unknown template/);
    await expect(send({ recipients, link: "https://evil.example/" })).rejects.toThrow(/same-site/);
    await expect(send({ recipients, channels: [] })).rejects.toThrow(/no channel/);
    expect(await db.notification.count({ where: { userId: u.user.id } })).toBe(0);
  });
});

describe("the in-app list", () => {
  it("lists newest first, counts unread, and marks read only the reader's own messages", async () => {
    const me = await makeUser(db, { role: "BIDDER" });
    const other = await makeUser(db, { role: "BIDDER" });
    for (const lot of ["一标段", "二标段", "三标段"]) {
      await send({ recipients: { userIds: [me.user.id] }, params: { lot, at: new Date() } });
      await new Promise((r) => setTimeout(r, 5)); // distinct createdAt (ms) for a stable order
    }
    await send({ recipients: { userIds: [other.user.id] } });
    expect(await countUnread(me.user.id)).toBe(3);

    const page = await listNotifications(me.actor);
    expect(page.unread).toBe(3);
    expect(page.items.map((n) => (n.params as { lot: string }).lot)).toEqual(["三标段", "二标段", "一标段"]);

    const theirs = (await listNotifications(other.actor)).items[0]!.id;
    expect(await markNotificationsRead(me.actor, { ids: [theirs] })).toEqual({ updated: 0, link: null });
    expect(await countUnread(other.user.id)).toBe(1);

    await markNotificationsRead(me.actor, { ids: [page.items[0]!.id] });
    expect(await countUnread(me.user.id)).toBe(2);
    expect(await markNotificationsRead(me.actor, { all: true })).toMatchObject({ updated: 2 });
    expect(await countUnread(me.user.id)).toBe(0);

    const paged = await listNotifications(me.actor, { limit: 2 });
    expect(paged.hasMore).toBe(true);
    const rest = await listNotifications(me.actor, { limit: 2, before: paged.items[1]!.id });
    expect(rest.items.map((n) => (n.params as { lot: string }).lot)).toEqual(["一标段"]);
  });

  it("/notifications renders in the reader's language; its forms need the CSRF token; open goes to the link", async () => {
    const me = await signedIn("BIDDER", "en");
    await send({ recipients: { userIds: [me.user.id] }, link: "/tenders/abc", params: { lot: "Lot 1", at: new Date("2026-12-20T01:30:00Z") } });
    const req = new Request("http://localhost/notifications", { headers: { cookie: me.cookie } });
    const data = (await loader({ request: req, params: {}, context: ctx })) as Awaited<ReturnType<typeof loader>>;
    expect(data.unread).toBe(1);
    expect(data.items[0]).toMatchObject({ title: "Bidding closed: Lot 1", read: false, link: "/tenders/abc" });
    expect(data.items[0]!.body).toBe("Bidding for Lot 1 closed at 20 Dec 2026, 09:30; no more bids are accepted.");

    const id = data.items[0]!.id;
    const refused = (await action({ request: me.post({ intent: "read", id }, false), params: {}, context: ctx })) as { init?: { status?: number } };
    expect(refused.init?.status).toBe(403);
    expect(await countUnread(me.user.id)).toBe(1);

    const opened = (await action({ request: me.post({ intent: "open", id }), params: {}, context: ctx })) as Response;
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/tenders/abc");
    expect(await countUnread(me.user.id)).toBe(0);

    const bad = (await action({ request: me.post({ intent: "read", id: "not-a-uuid" }), params: {}, context: ctx })) as { init?: { status?: number } };
    expect(bad.init?.status).toBe(400);
  });
});

describe("live unread count", () => {
  it("pushes the new count to the user's streams when a notification commits and when messages are read", async () => {
    const me = await makeUser(db, { role: "BIDDER" });
    const seen: number[] = [];
    const unsubscribe = getUnreadHub(url).subscribe(me.user.id, (n) => seen.push(n));
    try {
      await new Promise((r) => setTimeout(r, 300)); // LISTEN established
      await send({ recipients: { userIds: [me.user.id] } });
      await expect.poll(() => seen.at(-1), { timeout: 5_000 }).toBe(1);
      // A rolled-back notify sends no signal and changes no count.
      await db
        .$transaction(async (tx) => {
          await notify(tx, base({ recipients: { userIds: [me.user.id] } }));
          throw new Error("rollback");
        })
        .catch(() => {});
      await markNotificationsRead(me.actor, { all: true });
      await expect.poll(() => seen.at(-1), { timeout: 5_000 }).toBe(0);
      expect(seen).not.toContain(2);
    } finally {
      unsubscribe();
    }
  });
});
