import { describe, expect, it } from "vitest";
import { authenticatePassword } from "~/domain/accounts/authenticate-password";
import { getOptionalUser, requirePermission, requireUser } from "~/lib/auth.server";
import { getCsrfToken, MAX_FORM_BYTES, readForm } from "~/lib/csrf.server";
import { GOOD_PASSWORD, makeUser, visitor } from "../support/accounts-fixtures";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

const { db } = await useTestDb();
useQueuePrefix();

const req = (path: string, cookie?: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) } });

async function thrown(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

describe("requireUser / requirePermission", () => {
  it("redirects visitors to /login with redirectTo, 401 for API paths", async () => {
    const r = await thrown(requirePermission(req("/admin/users?page=2"), "account.manage"));
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fusers%3Fpage%3D2");
    expect((await thrown(requirePermission(req("/api/v1/things"), "account.manage"))).status).toBe(401);
  });

  it("403 for a signed-in user without the permission, the actor for one with it", async () => {
    const { username, user } = await makeUser(db, { role: "BIDDER" });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const cookie = `other=1; __session=${token}`;
    expect((await thrown(requirePermission(req("/admin/users", cookie), "account.manage"))).status).toBe(403);
    const actor = await requirePermission(req("/tenders", cookie, { headers: { "x-forwarded-for": "1.2.3.4, 10.0.0.1", "user-agent": "UA" } }), "bid.submit");
    expect(actor).toMatchObject({ userId: user.id, role: "BIDDER", orgId: user.orgId, ip: "1.2.3.4", userAgent: "UA" });
    expect(actor.user.username).toBe(username);
  });

  it("keeps a password-only (pending MFA) session out of everything but the TOTP pages", async () => {
    const { username } = await makeUser(db, { role: "STAFF", totp: true });
    const { token } = await authenticatePassword(visitor(), { username, password: GOOD_PASSWORD });
    const cookie = `__session=${token}`;
    expect(await getOptionalUser(req("/", cookie))).toBeNull();
    const r = await thrown(requireUser(req("/staff", cookie)));
    expect(r.headers.get("location")).toBe("/login/totp");
    const { username: u2 } = await makeUser(db, { role: "SUPERVISOR" });
    const p2 = await authenticatePassword(visitor(), { username: u2, password: GOOD_PASSWORD });
    expect((await thrown(requireUser(req("/supervision", `__session=${p2.token}`)))).headers.get("location")).toBe("/account/security");
  });

  it("ignores unknown or forged session cookies", async () => {
    expect(await getOptionalUser(req("/", "__session=forged-token-value"))).toBeNull();
  });
});

describe("readForm (CSRF and size)", () => {
  async function tokenCookie() {
    const { token, setCookie } = await getCsrfToken(req("/"));
    return { token, cookie: setCookie!.split(";")[0]! };
  }
  const post = (cookie: string, body: string, type = "application/x-www-form-urlencoded") =>
    req("/login", cookie, { method: "POST", body, headers: { "content-type": type } });

  it("issues a cookie once and keeps the token stable while the cookie is valid", async () => {
    const { token, cookie } = await tokenCookie();
    const again = await getCsrfToken(req("/", cookie));
    expect(again).toEqual({ token });
  });

  it("accepts the matching token and removes it from the form", async () => {
    const { token, cookie } = await tokenCookie();
    const form = await readForm(post(cookie, new URLSearchParams({ csrf: token, username: "zhang" }).toString()));
    expect(form.get("username")).toBe("zhang");
    expect(form.get("csrf")).toBeNull();
  });

  it("accepts multipart forms too", async () => {
    const { token, cookie } = await tokenCookie();
    const fd = new FormData();
    fd.set("csrf", token);
    fd.set("name", "值");
    const r = new Request("http://localhost/x", { method: "POST", body: fd, headers: { cookie } });
    expect((await readForm(r)).get("name")).toBe("值");
  });

  it.each([
    ["missing token", (t: string) => new URLSearchParams({ username: "a" + t.slice(0, 0) }).toString()],
    ["wrong token", (t: string) => new URLSearchParams({ csrf: t.slice(0, -2) + "xx" }).toString()],
  ])("refuses a %s with 403 common:errors.csrf", async (_w, body) => {
    const { token, cookie } = await tokenCookie();
    await expect(readForm(post(cookie, body(token)))).rejects.toMatchObject({ status: 403, code: "common:errors.csrf" });
  });

  it("refuses a token without its cookie, and a forged cookie/token pair", async () => {
    const { token } = await tokenCookie();
    await expect(readForm(post("", `csrf=${token}`))).rejects.toMatchObject({ status: 403 });
    await expect(readForm(post("__csrf=abc.def", "csrf=abc.def"))).rejects.toMatchObject({ status: 403 });
  });

  it("refuses bodies over the limit with 413, whatever Content-Length says", async () => {
    const { token, cookie } = await tokenCookie();
    const big = `csrf=${token}&x=${"a".repeat(MAX_FORM_BYTES)}`;
    await expect(readForm(post(cookie, big))).rejects.toMatchObject({ status: 413, code: "common:errors.payloadTooLarge" });
    // A streamed body without Content-Length is cut off while reading.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("a".repeat(100_000)));
        c.close();
      },
    });
    const r = new Request("http://localhost/x", {
      method: "POST",
      body: stream,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    await expect(readForm(r)).rejects.toMatchObject({ status: 413 });
  });

  it("refuses other content types with 400", async () => {
    const { cookie } = await tokenCookie();
    await expect(readForm(post(cookie, "{}", "application/json"))).rejects.toMatchObject({ status: 400 });
  });
});
