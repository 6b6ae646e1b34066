import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "~/lib/env.server";

/**
 * AES-256-GCM with a key derived from APP_SECRET by HKDF-SHA256, one key per purpose — the same scheme and
 * "v1.<iv>.<tag>.<ciphertext>" format as the TOTP secrets (app/domain/accounts/totp.ts), parameterised by
 * purpose so that an ID-number key can never decrypt a draw seed and vice versa.
 */
export type SecretPurpose = "expert-id-number" | "draw-server-seed";

const keys = new Map<string, Buffer>();
function key(purpose: string): Buffer {
  const secret = getEnv().APP_SECRET;
  const k = `${purpose}|${secret}`;
  let v = keys.get(k);
  if (!v) {
    v = Buffer.from(hkdfSync("sha256", secret, `ggzy-${purpose}-salt`, `${purpose} v1`, 32));
    keys.set(k, v);
  }
  return v;
}

export function sealSecret(purpose: SecretPurpose, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(purpose), iv);
  const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function openSecret(purpose: SecretPurpose, enc: string): string {
  const [v, iv, tag, ct] = enc.split(".");
  if (v !== "v1" || !iv || !tag || !ct) throw new Error("unknown sealed secret format");
  const d = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
}

/** Keyed digest for equality look-ups of a secret (duplicate ID numbers) without storing it in clear. */
export function secretHmac(purpose: SecretPurpose, plain: string): string {
  return createHmac("sha256", key(`${purpose}-hmac`)).update(plain, "utf8").digest("hex");
}
