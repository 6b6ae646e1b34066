import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { CSRF_FIELD } from "./csrf";
import { DomainError } from "~/domain/errors";
import { getEnv } from "./env.server";
import { readCookie, serializeCookie } from "./session.server";

/**
 * CSRF, second layer (the first — refusing cross-site Origin / Sec-Fetch-Site — is in server.ts):
 * signed double-submit. The `__csrf` cookie holds "<random>.<HMAC(APP_SECRET, random)>"; the root loader
 * puts the same value into every form (CsrfInput), and readForm requires the two to match. A foreign
 * site can neither read the cookie nor forge a value our HMAC accepts.
 */
export const CSRF_COOKIE = "__csrf";
/** Plain forms are small; file uploads go through their own streaming endpoints. */
export const MAX_FORM_BYTES = 1024 * 1024;

const sign = (nonce: string) => createHmac("sha256", getEnv().APP_SECRET).update(`csrf:${nonce}`).digest("base64url");

function isWellFormed(token: string | null): token is string {
  if (!token) return false;
  const [nonce, mac] = token.split(".");
  if (!nonce || !mac) return false;
  return safeEqual(sign(nonce), mac);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token for this browser; a new cookie when it has none (or a forged one). Called by the root loader. */
export async function getCsrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = readCookie(request, CSRF_COOKIE);
  if (isWellFormed(existing)) return { token: existing };
  const nonce = randomBytes(24).toString("base64url");
  const token = `${nonce}.${sign(nonce)}`;
  // A browser-session cookie: outlives page loads, not the browser.
  return { token, setCookie: serializeCookie(CSRF_COOKIE, token) };
}

/** Component-free check for code that parsed the body itself: throws 403 common:errors.csrf. */
export function verifyCsrf(request: Request, submitted: FormDataEntryValue | string | null): void {
  const cookie = readCookie(request, CSRF_COOKIE);
  if (typeof submitted !== "string" || !isWellFormed(cookie) || !safeEqual(cookie, submitted)) {
    throw new DomainError("common:errors.csrf", {}, 403);
  }
}

/** Reads the body with a hard cap, whatever Content-Length claims (it may be absent or lie). */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(total));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

const tooLarge = (maxBytes: number) =>
  new DomainError("common:errors.payloadTooLarge", { maxKb: Math.floor(maxBytes / 1024) }, 413);

/**
 * THE way an action reads its form: size-limited (413 above `maxBytes`), URL-encoded or multipart,
 * CSRF-checked (403). Every action in the app uses it; a DomainError it throws is turned into a
 * localized message by withDomainErrors (~/lib/http.server).
 */
export async function readForm(request: Request, opts: { maxBytes?: number } = {}): Promise<FormData> {
  const maxBytes = opts.maxBytes ?? MAX_FORM_BYTES;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const isUrlEncoded = type.startsWith("application/x-www-form-urlencoded");
  const isMultipart = type.startsWith("multipart/form-data");
  if (!isUrlEncoded && !isMultipart) throw new DomainError("common:errors.badRequest", {}, 400);
  const body = await readCapped(request, maxBytes);
  let form: FormData;
  try {
    if (isUrlEncoded) {
      form = new FormData();
      for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) form.append(k, v);
    } else {
      form = await new Response(new Blob([body]), { headers: { "content-type": request.headers.get("content-type")! } }).formData();
    }
  } catch {
    throw new DomainError("common:errors.badRequest", {}, 400);
  }
  verifyCsrf(request, form.get(CSRF_FIELD));
  form.delete(CSRF_FIELD);
  // PostgreSQL cannot store NUL in text: refuse it here, once for every form, rather than fail at the insert.
  for (const [, v] of form) if (typeof v === "string" && v.includes("\u0000")) throw new DomainError("common:errors.badRequest", {}, 400);
  return form;
}
