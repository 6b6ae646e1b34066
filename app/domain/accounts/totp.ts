import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authenticator } from "otplib";
import { getEnv } from "~/lib/env.server";

/** RFC 6238 with the authenticator apps' defaults (SHA-1, 6 digits, 30 s) and ±1 step of clock drift. */
const STEP = 30;
const totp = authenticator.clone({ step: STEP, window: 1 });

export const ISSUER = "GGZY";

export function generateTotpSecret(): string {
  return totp.generateSecret(20); // 160 bits, base32
}

export function totpKeyUri(username: string, issuer: string, secret: string): string {
  return totp.keyuri(username, issuer, secret);
}

/** The code for a secret at a time (tests, and nothing else). */
export function totpCodeAt(secret: string, at: number): string {
  return authenticator.clone({ step: STEP, epoch: at }).generate(secret);
}

/**
 * Checks a code and returns the time step it belongs to, or null. A step at or before `lastStep` is
 * refused, so a code seen over a shoulder or in a proxy log cannot be replayed within its window.
 */
export function checkTotpCode(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = authenticator.clone({ step: STEP, window: 1, epoch: now }).checkDelta(code, secret);
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / STEP) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** AES-256-GCM key for TOTP secrets, derived from APP_SECRET so that no second secret must be managed. */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", getEnv().APP_SECRET, "ggzy-totp-salt", "totp-secret-encryption v1", 32));
}

/** "v1.<iv>.<tag>.<ciphertext>" in base64url: the version lets a later key rotation coexist. */
export function encryptTotpSecret(secret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([c.update(secret, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function decryptTotpSecret(enc: string): string {
  const [v, iv, tag, ct] = enc.split(".");
  if (v !== "v1" || !iv || !tag || !ct) throw new Error("unknown TOTP secret format");
  const d = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
}
