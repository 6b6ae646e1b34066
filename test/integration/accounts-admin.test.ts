import { describe, expect, it } from "vitest";
import { assignRole } from "~/domain/accounts/assign-role";
import { authenticatePassword } from "~/domain/accounts/authenticate-password";
import { changePassword } from "~/domain/accounts/change-password";
import { createAccount } from "~/domain/accounts/create-account";
import { createAdminAccount } from "~/domain/accounts/create-admin-account";
import { createOrganisation } from "~/domain/accounts/create-organisation";
import { disableAccount } from "~/domain/accounts/disable-account";
import { resetTotp } from "~/domain/accounts/reset-totp";
import { sessionIdOf } from "~/domain/accounts/sessions";
import { unlockAccount } from "~/domain/accounts/unlock-account";
import { counts, expectRejects, freshCreditCode, GOOD_PASSWORD, makeOrg, makeUser, system, visitor } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

const newAccount = (orgId: string, role: string, n = Math.random().toString(36).slice(2, 8)) => ({
  orgId,
  role,
  username: `staff${n}`,
  displayName: "李四",
  email: `staff${n}@example.com`,
  password: GOOD_PASSWORD,
});

describe("admin accounts (三员分立)", () => {
  it("only SYSTEM creates admin accounts, only in the centre's organisation", async () => {
    const centre = await makeOrg(db, "CENTRE");
    const buyer = await makeOrg(db, "BUYER");
    const input = { orgId: centre.id, role: "SECURITY_ADMIN" as const, username: "secadmin1", displayName: "安全管理员", email: "sec1@example.com", password: GOOD_PASSWORD };
    const { actor: sysAdmin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    expect((await expectRejects(createAdminAccount(sysAdmin, input))).status).toBe(403);
    expect((await expectRejects(createAdminAccount(system(), { ...input, orgId: buyer.id }))).code).toBe("accounts:errors.roleOrgMismatch");
    expect((await expectRejects(createAdminAccount(system(), { ...input, role: "STAFF" }))).code).toBe("accounts:errors.notAdminRole");
    const r = await createAdminAccount(system(), input);
    expect(r.created).toBe(true);
    expect(await createAdminAccount(system(), input)).toEqual({ userId: r.userId, created: false });
    expect(await db.auditEntry.count({ where: { entityId: r.userId, action: "account.created" } })).toBe(1);
  });

  it("lets the system admin create staff in fitting organisations only, never admins or bidders", async () => {
    const { actor: sysAdmin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    const centre = await makeOrg(db, "CENTRE");
    const bidderOrg = await makeOrg(db, "BIDDER");
    const supervision = await makeOrg(db, "SUPERVISION");
    const before = await counts(db);
    expect((await expectRejects(createAccount(sysAdmin, newAccount(centre.id, "AUDIT_ADMIN")))).code).toBe("accounts:errors.roleNotCreatable");
    expect((await expectRejects(createAccount(sysAdmin, newAccount(bidderOrg.id, "BIDDER")))).status).toBe(403);
    expect((await expectRejects(createAccount(sysAdmin, newAccount(bidderOrg.id, "STAFF")))).code).toBe("accounts:errors.roleOrgMismatch");
    expect((await expectRejects(createAccount(sysAdmin, newAccount(supervision.id, "STAFF")))).code).toBe("accounts:errors.roleOrgMismatch");
    expect((await expectRejects(createAccount(sysAdmin, { ...newAccount(centre.id, "STAFF"), password: "password123" }))).fieldErrors?.password).toBeDefined();
    expect(await counts(db)).toEqual(before);
    const { userId } = await createAccount(sysAdmin, newAccount(supervision.id, "SUPERVISOR"));
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ role: "SUPERVISOR", orgId: supervision.id });
    const { actor: staff } = await makeUser(db, { role: "STAFF" });
    expect((await expectRejects(createAccount(staff, newAccount(centre.id, "STAFF")))).status).toBe(403);
  });

  it("refuses a duplicate username/e-mail as field errors", async () => {
    const { actor: sysAdmin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    const centre = await makeOrg(db, "CENTRE");
    const a = newAccount(centre.id, "STAFF");
    await createAccount(sysAdmin, a);
    const e = await expectRejects(createAccount(sysAdmin, { ...a, username: a.username.toUpperCase() }));
    expect(e.fieldErrors).toEqual({ username: ["accounts:errors.usernameTaken"], email: ["accounts:errors.emailTaken"] });
  });

  it("disables an account and ends its sessions; nobody acts on their own account or on admins", async () => {
    const { actor: sysAdmin, user: admin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    const { user, username } = await makeUser(db, { role: "BIDDER" });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    await disableAccount(sysAdmin, { userId: user.id });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ status: "DISABLED" });
    expect(await db.session.findUnique({ where: { id: sessionIdOf(token) } })).toBeNull();
    expect(await db.auditEntry.count({ where: { entityId: user.id, action: "account.disabled" } })).toBe(1);
    expect((await expectRejects(disableAccount(sysAdmin, { userId: admin.id }))).code).toBe("accounts:errors.notOnSelf");
    const { user: secAdmin } = await makeUser(db, { role: "SECURITY_ADMIN" });
    expect((await expectRejects(disableAccount(sysAdmin, { userId: secAdmin.id }))).code).toBe("accounts:errors.adminAccountProtected");
  });

  it("lets the security admin unlock, reset TOTP and assign roles, never on itself", async () => {
    const { actor: secAdmin, user: me } = await makeUser(db, { role: "SECURITY_ADMIN" });
    const { user } = await makeUser(db, { role: "STAFF", totp: true });
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 600_000), failedLogins: 3 } });
    await unlockAccount(secAdmin, { userId: user.id });
    await resetTotp(secAdmin, { userId: user.id });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      lockedUntil: null,
      failedLogins: 0,
      totpEnabled: false,
      totpSecretEnc: null,
    });
    await assignRole(secAdmin, { userId: user.id, role: "EXPERT" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("EXPERT");
    expect((await expectRejects(assignRole(secAdmin, { userId: me.id, role: "STAFF" }))).code).toBe("accounts:errors.notOnSelf");
    expect((await expectRejects(assignRole(secAdmin, { userId: user.id, role: "SYSTEM_ADMIN" }))).status).toBe(403);
    expect((await expectRejects(assignRole(secAdmin, { userId: user.id, role: "BIDDER" }))).code).toBe("accounts:errors.roleOrgMismatch");
    const { actor: sysAdmin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    expect((await expectRejects(assignRole(sysAdmin, { userId: user.id, role: "STAFF" }))).status).toBe(403);
    expect((await expectRejects(resetTotp(sysAdmin, { userId: user.id }))).status).toBe(403);
    const actions = (await db.auditEntry.findMany({ where: { entityId: user.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["account.unlocked", "totp.reset", "role.assigned"]);
  });

  it("changes one's own password after checking the current one, ending other sessions", async () => {
    const { actor, user, username } = await makeUser(db, { role: "BIDDER" });
    const a = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const b = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const wrong = await expectRejects(changePassword(actor, { currentPassword: "Nope#12345x", password: "New#Fuzhou2027", confirmPassword: "New#Fuzhou2027" }));
    expect(wrong.fieldErrors).toEqual({ currentPassword: ["accounts:errors.currentPasswordWrong"] });
    const weak = await expectRejects(changePassword(actor, { currentPassword: GOOD_PASSWORD, password: "qwerty12345", confirmPassword: "qwerty12345" }));
    expect(weak.fieldErrors?.password).toContain("accounts:errors.password.common");
    await changePassword(actor, { currentPassword: GOOD_PASSWORD, password: "New#Fuzhou2027", confirmPassword: "New#Fuzhou2027" }, { sessionToken: a.token });
    expect(await db.session.findUnique({ where: { id: sessionIdOf(a.token) } })).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionIdOf(b.token) } })).toBeNull();
    expect(await db.auditEntry.count({ where: { entityId: user.id, action: "password.changed" } })).toBe(1);
    expect((await authenticatePassword(visitor(), { username, password: "New#Fuzhou2027" })).next).toBe("done");
  });

  it("creates non-bidder organisations (system admin), refusing bidder kinds and bad codes", async () => {
    const { actor: sysAdmin } = await makeUser(db, { role: "SYSTEM_ADMIN" });
    const { orgId } = await createOrganisation(sysAdmin, { kind: "AGENT", name: "福州招标代理有限公司", creditCode: freshCreditCode(), region: "350100" });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: orgId } })).kind).toBe("AGENT");
    expect((await expectRejects(createOrganisation(sysAdmin, { kind: "BIDDER", name: "某公司", creditCode: freshCreditCode(), region: "350100" }))).status).toBe(422);
    expect((await expectRejects(createOrganisation(sysAdmin, { kind: "BUYER", name: "某局", creditCode: "91350100M000100Y44", region: "350100" }))).fieldErrors?.creditCode).toEqual([
      "accounts:errors.creditCode.checksum",
    ]);
  });
});
