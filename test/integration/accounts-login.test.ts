import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { authenticatePassword } from "~/domain/accounts/authenticate-password";
import { confirmTotpEnrolment } from "~/domain/accounts/confirm-totp-enrolment";
import { enrolTotp } from "~/domain/accounts/enrol-totp";
import { LOGIN_FAILURES_PER_IP } from "~/domain/accounts/login-rate-limit";
import { recordLoginFailure } from "~/domain/accounts/record-login-failure";
import { loadSession, sessionIdOf } from "~/domain/accounts/sessions";
import { totpCodeAt } from "~/domain/accounts/totp";
import { verifyTotp } from "~/domain/accounts/verify-totp";
import { getEnv, resetEnvCache } from "~/lib/env.server";
import { expectRejects, GOOD_PASSWORD, makeUser, visitor } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

const auditActions = async (entityId: string) =>
  (await db.auditEntry.findMany({ where: { entityId }, orderBy: { id: "asc" } })).map((a) => a.action);

describe("password login and lockout", () => {
  it("signs a bidder in directly and resets nothing it should not", async () => {
    const { user, username } = await makeUser(db, { role: "BIDDER" });
    const r = await authenticatePassword(visitor(), { username: username.toUpperCase(), password: GOOD_PASSWORD });
    expect(r.next).toBe("done");
    expect(await db.session.findUnique({ where: { id: sessionIdOf(r.token) } })).toMatchObject({ userId: user.id, mfaPassed: true });
    expect(await auditActions(user.id)).toEqual(["session.login"]);
  });

  it("locks after LOGIN_MAX_FAILURES wrong passwords, then refuses even the right one, with one message", async () => {
    const { user, username } = await makeUser(db, { role: "BIDDER" });
    const max = getEnv().LOGIN_MAX_FAILURES;
    for (let i = 0; i < max; i++) {
      const e = await expectRejects(authenticatePassword(visitor(), { username, password: "Wrong#Passw9" }));
      expect(e).toMatchObject({ code: "accounts:errors.invalidCredentials", status: 401 });
    }
    const locked = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + (getEnv().LOGIN_LOCK_MINUTES - 1) * 60_000);
    const e = await expectRejects(authenticatePassword(visitor(), { username, password: GOOD_PASSWORD }));
    expect(e.code).toBe("accounts:errors.invalidCredentials");
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === "session.login_failed")).toHaveLength(max + 1);
    expect(actions).toContain("account.locked");
    // After the lock expires the right password works again.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD })).next).toBe("done");
  });

  it("answers an unknown username exactly like a wrong password, and audits it", async () => {
    const e = await expectRejects(authenticatePassword(visitor("10.0.0.77"), { username: "nobody-here", password: GOOD_PASSWORD }));
    expect(e).toMatchObject({ code: "accounts:errors.invalidCredentials", status: 401 });
    const entry = await db.auditEntry.findFirst({ where: { action: "session.login_failed", ip: "10.0.0.77" } });
    expect(entry?.detail).toMatchObject({ username: "nobody-here", reason: "unknown_user" });
  });

  it("refuses a disabled account with the same message", async () => {
    const { user, username } = await makeUser(db, { role: "BIDDER" });
    await db.user.update({ where: { id: user.id }, data: { status: "DISABLED" } });
    const e = await expectRejects(authenticatePassword(visitor(), { username, password: GOOD_PASSWORD }));
    expect(e.code).toBe("accounts:errors.invalidCredentials");
  });

  it("keeps failure state and audit entry in one transaction: a rolled-back failure leaves neither", async () => {
    const { user, username } = await makeUser(db, { role: "BIDDER" });
    await expect(
      db.$transaction(async (tx) => {
        await recordLoginFailure(tx, visitor(), { userId: user.id, username }, "password");
        throw new Error("boom after the audit entry");
      }),
    ).rejects.toThrow("boom");
    expect(await auditActions(user.id)).toEqual([]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(0);
  });

  it("throttles login attempts per IP (429)", async () => {
    const ip = "10.9.9.9";
    let refused: { status: number; code: string } | null = null;
    for (let i = 0; i <= LOGIN_FAILURES_PER_IP && !refused; i++) {
      const e = await expectRejects(authenticatePassword(visitor(ip), { username: "nobody", password: "x" }));
      if (e.status === 429) refused = e;
    }
    expect(refused).toMatchObject({ status: 429, code: "accounts:errors.tooManyAttempts" });
  });

  it("counts only refusals: a busy office behind one address signs in more people than the failure budget", async () => {
    const ip = "10.9.9.10";
    const { username } = await makeUser(db, { role: "BIDDER" });
    for (let i = 0; i <= LOGIN_FAILURES_PER_IP; i++) {
      expect((await authenticatePassword(visitor(ip), { username, password: GOOD_PASSWORD })).next).toBe("done");
    }
  });

  it("still logs in when Redis is unreachable (in-memory fallback)", async () => {
    const g = globalThis as unknown as { __redis?: Redis };
    const saved = g.__redis;
    const prefix = process.env.QUEUE_PREFIX;
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      g.__redis = dead;
      process.env.QUEUE_PREFIX = `${prefix}-dead`; // forces a new limiter bound to the dead client
      resetEnvCache();
      const { username } = await makeUser(db, { role: "BIDDER" });
      expect((await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD })).next).toBe("done");
    } finally {
      g.__redis = saved;
      process.env.QUEUE_PREFIX = prefix;
      resetEnvCache();
      dead.disconnect();
    }
  });
});

describe("TOTP", () => {
  it("sends staff to TOTP with a pending session, accepts a valid code and rotates the session", async () => {
    const { user, username, secret } = await makeUser(db, { role: "STAFF", totp: true });
    const first = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    expect(first.next).toBe("totp");
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(first.token) } })).toMatchObject({ mfaPassed: false });
    const r = await verifyTotp(visitor(), { pendingToken: first.token, code: totpCodeAt(secret, Date.now()) });
    expect(r.token).not.toBe(first.token);
    expect(await db.session.findUnique({ where: { id: sessionIdOf(first.token) } })).toBeNull();
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(r.token) } })).toMatchObject({ mfaPassed: true, userId: user.id });
    expect(await auditActions(user.id)).toEqual(["session.password_verified", "session.login"]);
  });

  it("refuses a wrong code with a field error and counts it toward the lockout", async () => {
    const { user, username } = await makeUser(db, { role: "SUPERVISOR", totp: true });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const e = await expectRejects(verifyTotp(visitor(), { pendingToken: token, code: "000000" }));
    expect(e).toMatchObject({ code: "accounts:errors.totpInvalid", status: 422, field: "code" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(1);
    // Enough wrong codes lock the account and end the pending session.
    for (let i = 1; i < getEnv().LOGIN_MAX_FAILURES; i++) await expectRejects(verifyTotp(visitor(), { pendingToken: token, code: "000000" }));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionIdOf(token) } })).toBeNull();
  });

  it("refuses a replayed code (same time step) even on a new login", async () => {
    const { username, secret } = await makeUser(db, { role: "STAFF", totp: true });
    const code = totpCodeAt(secret, Date.now());
    const a = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    await verifyTotp(visitor(), { pendingToken: a.token, code });
    const b = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const e = await expectRejects(verifyTotp(visitor(), { pendingToken: b.token, code }));
    expect(e.code).toBe("accounts:errors.totpInvalid");
    // An older step (previous 30 s window, still inside the ±1 drift) is refused too.
    const older = await expectRejects(verifyTotp(visitor(), { pendingToken: b.token, code: totpCodeAt(secret, Date.now() - 30_000) }));
    expect(older.code).toBe("accounts:errors.totpInvalid");
  });

  it("forces enrolment for staff without TOTP, and enrolment completes the login", async () => {
    const { user, username, actor } = await makeUser(db, { role: "STAFF" });
    const first = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    expect(first.next).toBe("enrol");
    const { secret, uri } = await enrolTotp(actor);
    expect(uri).toContain("otpauth://totp/");
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpSecretEnc).not.toContain(secret); // encrypted at rest
    expect(stored.totpEnabled).toBe(false);
    const wrong = await expectRejects(confirmTotpEnrolment(actor, { code: "123456", sessionToken: first.token, sessionPending: true }));
    expect(wrong.code).toBe("accounts:errors.totpInvalid");
    const r = await confirmTotpEnrolment(actor, { code: totpCodeAt(secret, Date.now()), sessionToken: first.token, sessionPending: true });
    expect(r.token).toBeTruthy();
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionIdOf(r.token!) } })).toMatchObject({ mfaPassed: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ totpEnabled: true, failedLogins: 0 });
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(["session.password_verified", "totp.enrolment_started", "session.login_failed", "totp.enrolled", "session.login"]),
    );
  });
});

describe("sessions", () => {
  it("expires after SESSION_IDLE_MINUTES without activity, and removes the row", async () => {
    const { username } = await makeUser(db, { role: "BIDDER" });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    expect(await loadSession(token)).not.toBeNull();
    const idle = getEnv().SESSION_IDLE_MINUTES;
    await db.session.update({ where: { id: sessionIdOf(token) }, data: { lastSeenAt: new Date(Date.now() - (idle + 1) * 60_000) } });
    expect(await loadSession(token)).toBeNull();
    expect(await db.session.findUnique({ where: { id: sessionIdOf(token) } })).toBeNull();
  });

  it("slides the idle timer (at most one write a minute) and enforces the absolute lifetime", async () => {
    const { username } = await makeUser(db, { role: "BIDDER" });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const id = sessionIdOf(token);
    const twoMinAgo = new Date(Date.now() - 120_000);
    await db.session.update({ where: { id }, data: { lastSeenAt: twoMinAgo } });
    await loadSession(token);
    const touched = (await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    expect(touched.getTime()).toBeGreaterThan(twoMinAgo.getTime() + 60_000);
    await loadSession(token); // within the minute: no write
    expect((await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(touched);
    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await loadSession(token)).toBeNull();
  });
});
