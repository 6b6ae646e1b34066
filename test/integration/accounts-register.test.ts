import { beforeAll, describe, expect, it } from "vitest";
import { registerCompany } from "~/domain/accounts/register-company";
import { sessionIdOf } from "~/domain/accounts/sessions";
import { counts, expectRejects, registerInput, visitor } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

describe("registerCompany", () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    before = await counts(db);
  });

  it("stores organisation, bidder user, audit entries, certificate job and session together", async () => {
    const input = registerInput({ creditCode: " 91350100m000100y43 ", username: "LanTian" });
    const r = await registerCompany(visitor(), input);
    const org = await db.organisation.findUniqueOrThrow({ where: { id: r.orgId }, include: { users: true } });
    expect(org).toMatchObject({ kind: "BIDDER", creditCode: "91350100M000100Y43", region: "350100" });
    expect(org.users).toHaveLength(1);
    expect(org.users[0]).toMatchObject({ username: "lantian", role: "BIDDER", status: "ACTIVE" });
    expect(org.users[0]!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await db.auditEntry.findMany({ where: { actorId: r.userId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["account.registered", "session.login"]);
    expect(audit[0]).toMatchObject({ actorRole: "BIDDER", actorOrgId: r.orgId, entityId: r.orgId, ip: "10.0.0.9" });
    const job = await db.outboxJob.findFirst({ where: { name: "renderRegistrationCertificate" } });
    expect(job?.payload).toEqual({ orgId: r.orgId });
    const session = await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(r.token) } });
    expect(session).toMatchObject({ userId: r.userId, mfaPassed: true });
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
  it.each(bad)("refuses %s and stores nothing", async (_what, over, field, message) => {
    const e = await expectRejects(registerCompany(visitor(), registerInput(over)));
    expect(e.status).toBe(422);
    expect(e.fieldErrors?.[field]).toContain(message);
    expect(await counts(db)).toEqual(before);
  });

  it("refuses duplicate credit code, username and e-mail as field errors, storing nothing", async () => {
    const first = registerInput();
    await registerCompany(visitor(), first);
    before = await counts(db);
    const e = await expectRejects(
      registerCompany(visitor(), registerInput({ creditCode: first.creditCode, username: first.username.toUpperCase(), email: first.email })),
    );
    expect(e.status).toBe(409);
    expect(e.fieldErrors).toEqual({
      creditCode: ["accounts:errors.creditCodeTaken"],
      username: ["accounts:errors.usernameTaken"],
      email: ["accounts:errors.emailTaken"],
    });
    expect(await counts(db)).toEqual(before);
  });

  it("maps a race past the duplicate check (unique violation) to a field error", async () => {
    const a = registerInput();
    const b = registerInput({ username: a.username });
    const results = await Promise.allSettled([registerCompany(visitor(), a), registerCompany(visitor(), b)]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason.fieldErrors).toEqual({ username: ["accounts:errors.usernameTaken"] });
    expect(await db.user.count({ where: { username: a.username } })).toBe(1);
  });

  it("is refused to a signed-in user (only visitors register)", async () => {
    const e = await expectRejects(
      registerCompany({ userId: "00000000-0000-0000-0000-000000000001", role: "BIDDER", orgId: null, ip: "", userAgent: "" }, registerInput()),
    );
    expect(e.status).toBe(403);
  });
});
