import { beforeAll, describe, expect, it } from "vitest";
import { confirmRegistration, getRegistrationRequest } from "~/domain/accounts/confirm-registration";
import { registerCompany } from "~/domain/accounts/register-company";
import { REGISTRATIONS_PER_IP } from "~/domain/accounts/registration-rate-limit";
import { sessionIdOf } from "~/domain/accounts/sessions";
import { getCsrfToken } from "~/lib/csrf.server";
import { action as registerAction } from "~/routes/register";
import { counts, expectRejects, registerInput, visitor } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

/** The token of the confirmation link e-mailed to `email` (the delivery row keeps the link). */
async function linkTokenFor(email: string): Promise<string> {
  const d = await db.notificationDelivery.findFirstOrThrow({
    where: { address: email, template: "accounts:notify.registrationConfirm" },
    orderBy: { id: "desc" },
  });
  const link = new URL(d.link!, "http://x");
  expect(link.pathname).toBe("/register/confirm");
  return link.searchParams.get("token")!;
}

/** Registers and confirms: the company exists afterwards. */
async function registered(over: Record<string, unknown> = {}) {
  const input = registerInput(over);
  await registerCompany(visitor("10.0.1.1"), input);
  return { input, result: await confirmRegistration(visitor("10.0.1.1"), await linkTokenFor(input.email)) };
}

let n = 0;
/** Each test its own address, so the per-IP limit counts only what the test means it to. */
const ip = () => `10.0.2.${++n}`;

describe("registerCompany + confirmRegistration", () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    before = await counts(db);
  });

  it("stores the application and e-mails a link; the link creates organisation, bidder user, audit entries, certificate job and session together", async () => {
    const input = registerInput({ creditCode: " 91350100m000100y43 ", username: "LanTian" });
    const answer = await registerCompany(visitor(), input);
    expect(answer).toEqual({ submitted: true, email: input.email, hours: 24 });
    // Nothing exists yet but the application (its password hashed), its e-mail and its audit entry.
    expect(await db.organisation.count({ where: { creditCode: "91350100M000100Y43" } })).toBe(0);
    const request = await db.registrationRequest.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(request.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(request.input)).not.toContain(input.password);
    expect(await db.auditEntry.findFirst({ where: { entityId: request.id, action: "account.registration_requested" } })).not.toBeNull();
    const token = await linkTokenFor(input.email);
    expect(request.tokenHash).not.toContain(token);
    expect(await getRegistrationRequest(visitor(), token)).toMatchObject({ creditCode: "91350100M000100Y43", username: "lantian" });

    const r = await confirmRegistration(visitor(), token);
    const org = await db.organisation.findUniqueOrThrow({ where: { id: r.orgId }, include: { users: true } });
    expect(org).toMatchObject({ kind: "BIDDER", creditCode: "91350100M000100Y43", region: "350100" });
    expect(org.users).toHaveLength(1);
    expect(org.users[0]).toMatchObject({ username: "lantian", role: "BIDDER", status: "ACTIVE" });
    expect(org.users[0]!.passwordHash).toBe(request.passwordHash);
    const audit = await db.auditEntry.findMany({ where: { actorId: r.userId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["account.registered", "session.login"]);
    expect(audit[0]).toMatchObject({ actorRole: "BIDDER", actorOrgId: r.orgId, entityId: r.orgId, ip: "10.0.0.9" });
    const job = await db.outboxJob.findFirst({ where: { name: "renderRegistrationCertificate" } });
    expect(job?.payload).toEqual({ orgId: r.orgId });
    const session = await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(r.token) } });
    expect(session).toMatchObject({ userId: r.userId, mfaPassed: true });

    // The link works once.
    expect((await expectRejects(confirmRegistration(visitor(), token))).status).toBe(404);
    expect((await expectRejects(getRegistrationRequest(visitor(), token))).status).toBe(404);
    before = await counts(db);
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ["invalid credit code (check character)", { creditCode: "91350100M000100Y44" }, "creditCode", "accounts:errors.creditCode.checksum"],
    ["credit code with a forbidden letter", { creditCode: "91350100M000100I43" }, "creditCode", "accounts:errors.creditCode.charset"],
    ["weak password", { password: "88888888Ab!", confirmPassword: "88888888Ab!" }, "password", "accounts:errors.password.common"],
    ["short password", { password: "Ab1!xyQ", confirmPassword: "Ab1!xyQ" }, "password", "accounts:errors.password.tooShort"],
    ["password confirmation mismatch", { confirmPassword: "Tender#Fuzhou8" }, "confirmPassword", "accounts:errors.password.mismatch"],
    ["oversized company name", { companyName: "公司".repeat(101) }, "companyName", "accounts:errors.tooLongField?max=200"],
    ["oversized username", { username: "a".repeat(65) }, "username", "accounts:errors.tooLongField?max=64"],
    ["malformed email", { email: "not-an-email" }, "email", "accounts:errors.emailFormat"],
    ["malformed region", { region: "35A100" }, "region", "accounts:errors.regionFormat"],
    ["missing contact", { contactName: undefined }, "contactName", "accounts:errors.required"],
  ];
  it.each(bad)("refuses %s and stores nothing (format errors reveal no account)", async (_what, over, field, message) => {
    const requests = await db.registrationRequest.count();
    const e = await expectRejects(registerCompany(visitor(), registerInput(over)));
    expect(e.status).toBe(422);
    expect(e.fieldErrors?.[field]).toContain(message);
    expect(await counts(db)).toEqual(before);
    expect(await db.registrationRequest.count()).toBe(requests);
  });

  it("answers a colliding credit code, username and e-mail exactly as a new application, stores nothing of it, and tells the holder", async () => {
    const { input: first, result } = await registered();
    const requests = await db.registrationRequest.count();
    const [orgs, users] = [await db.organisation.count(), await db.user.count()];
    const clash = registerInput({ creditCode: first.creditCode, username: first.username.toUpperCase(), email: first.email });
    const answer = await registerCompany(visitor(ip()), clash);
    expect(answer).toEqual({ submitted: true, email: clash.email, hours: 24 });
    expect(await db.registrationRequest.count()).toBe(requests);
    expect([await db.organisation.count(), await db.user.count()]).toEqual([orgs, users]);
    // The holder is told, in-app and by e-mail; nothing is sent to the (colliding) address as an applicant.
    const told = await db.notification.findFirstOrThrow({ where: { userId: result.userId, template: "accounts:notify.registrationAttempt" } });
    expect(JSON.stringify(told.params)).toContain(first.creditCode);
    expect(await db.notificationDelivery.count({ where: { userId: result.userId, template: "accounts:notify.registrationAttempt", channel: "EMAIL" } })).toBe(1);
    expect(await db.notificationDelivery.count({ where: { address: first.email, template: "accounts:notify.registrationRefused" } })).toBe(0);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "account.registration_collided" }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ collided: ["accounts:fields.creditCode", "accounts:fields.username", "accounts:fields.email"] });

    // Only the username collides, with a fresh address: the same answer; that address learns by e-mail only.
    const other = registerInput({ username: first.username });
    expect(await registerCompany(visitor(ip()), other)).toEqual({ submitted: true, email: other.email, hours: 24 });
    expect(await db.notificationDelivery.count({ where: { address: other.email, template: "accounts:notify.registrationRefused" } })).toBe(1);
    expect(await db.notificationDelivery.count({ where: { address: other.email, template: "accounts:notify.registrationConfirm" } })).toBe(0);
  });

  it("answers the form post with the same status and body for a new and a colliding application", async () => {
    const { input: first } = await registered();
    const post = async (input: Record<string, unknown>, from: string) => {
      const { token, setCookie } = await getCsrfToken(new Request("http://localhost/"));
      const body = new URLSearchParams({ csrf: token, ...(input as Record<string, string>) });
      const request = new Request("http://localhost/register", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: setCookie!.split(";")[0]!, "x-forwarded-for": from },
        body,
      });
      const out = (await registerAction({ request, params: {}, context: { cspNonce: "", clientIp: from, requestId: "register-test" } })) as unknown;
      // A plain object (200) either way: no status, no cookie, no field errors.
      expect(out).not.toBeInstanceOf(Response);
      return JSON.parse(JSON.stringify(out).replaceAll(String(input.email), "<email>"));
    };
    const fresh = await post(registerInput(), ip());
    const clash = await post(registerInput({ creditCode: first.creditCode, username: first.username, email: first.email }), ip());
    expect(fresh).toEqual({ done: { email: "<email>", hours: 24 } });
    expect(clash).toEqual(fresh);
  });

  it("refuses the second of two applications with the same username confirmed at once (409), writing nothing for it", async () => {
    const a = registerInput();
    const b = registerInput({ username: a.username });
    await registerCompany(visitor(ip()), a);
    await registerCompany(visitor(ip()), b);
    const [ta, tb] = [await linkTokenFor(a.email), await linkTokenFor(b.email)];
    const results = await Promise.allSettled([confirmRegistration(visitor(), ta), confirmRegistration(visitor(), tb)]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: "accounts:errors.registrationTaken", status: 409 });
    expect(await db.user.count({ where: { username: a.username } })).toBe(1);
  });

  it(`limits well-formed applications to ${REGISTRATIONS_PER_IP} an hour per address (429), new or colliding alike`, async () => {
    const from = ip();
    const { input: first } = await registered();
    for (let i = 0; i < REGISTRATIONS_PER_IP; i++) {
      await registerCompany(visitor(from), i % 2 ? registerInput() : registerInput({ username: first.username }));
    }
    const requests = await db.registrationRequest.count();
    const e = await expectRejects(registerCompany(visitor(from), registerInput()));
    expect(e).toMatchObject({ code: "accounts:errors.tooManyRegistrations", status: 429 });
    expect((e as unknown as { params: { minutes: number } }).params.minutes).toBeGreaterThan(50);
    expect(await db.registrationRequest.count()).toBe(requests);
    // Format errors are not counted, and another address is not affected.
    expect((await expectRejects(registerCompany(visitor(from), registerInput({ region: "x" })))).status).toBe(422);
    await registerCompany(visitor(ip()), registerInput());
  });

  it("is refused to a signed-in user (only visitors register)", async () => {
    const e = await expectRejects(
      registerCompany({ userId: "00000000-0000-0000-0000-000000000001", role: "BIDDER", orgId: null, ip: "", userAgent: "" }, registerInput()),
    );
    expect(e.status).toBe(403);
  });
});
