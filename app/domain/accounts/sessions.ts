import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "~/lib/db.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

/**
 * Server-side sessions. The cookie carries 32 random bytes; the table keeps only their SHA-256, so a
 * stolen database dump or backup logs nobody in. A session with mfaPassed=false only reaches the TOTP
 * pages (login.totp, account.security enrolment) and lives at most PENDING_MINUTES.
 */
export const PENDING_MINUTES = 15;
/** lastSeenAt is written at most this often: idle tracking without a write per request. */
const TOUCH_EVERY_MS = 60_000;

export const sessionIdOf = (token: string): string => createHash("sha256").update(token).digest("hex");

export interface NewSession {
  userId: string;
  mfaPassed: boolean;
  ip: string;
  userAgent: string;
}

/** Creates a session row and returns the cookie token (the only place it exists in clear). */
export async function createSession(tx: Tx, s: NewSession, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const ms = s.mfaPassed ? getEnv().SESSION_MAX_HOURS * 3_600_000 : PENDING_MINUTES * 60_000;
  await tx.session.create({
    data: {
      id: sessionIdOf(token),
      userId: s.userId,
      mfaPassed: s.mfaPassed,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ms),
      ip: s.ip.slice(0, 64),
      userAgent: s.userAgent.slice(0, 400),
    },
  });
  return token;
}

/** Deletes a session by its cookie token (logout, rotation). */
export async function deleteSession(tx: Tx, token: string): Promise<void> {
  await tx.session.deleteMany({ where: { id: sessionIdOf(token) } });
}

export type SessionWithUser = NonNullable<Awaited<ReturnType<typeof findSession>>>;

async function findSession(id: string) {
  return getDb().session.findUnique({
    where: { id },
    include: { user: { include: { org: { select: { name: true, kind: true } } } } },
  });
}

/**
 * The live session for a cookie token, or null when unknown, expired (absolute), idle for longer than
 * SESSION_IDLE_MINUTES, or its user is disabled. Dead rows are removed on sight; a live one has its
 * idle timer slid forward (at most once a minute).
 */
export async function loadSession(token: string, now = new Date()): Promise<SessionWithUser | null> {
  const id = sessionIdOf(token);
  const s = await findSession(id);
  if (!s) return null;
  const idleMs = getEnv().SESSION_IDLE_MINUTES * 60_000;
  const dead =
    s.expiresAt.getTime() <= now.getTime() ||
    now.getTime() - s.lastSeenAt.getTime() > idleMs ||
    s.user.status !== "ACTIVE";
  if (dead) {
    await getDb().session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await getDb().session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return s;
}

/**
 * Ends every session of a user (disable, TOTP reset, password change, role change) — and revokes the
 * user's API tokens, which are sessions for machines: none survives the credentials it was issued under.
 */
export async function endUserSessions(tx: Tx, userId: string, exceptToken?: string): Promise<void> {
  await tx.session.deleteMany({
    where: { userId, ...(exceptToken ? { id: { not: sessionIdOf(exceptToken) } } : {}) },
  });
  await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
