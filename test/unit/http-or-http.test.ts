import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { orHttp } from "~/lib/http.server";

/** What a loader / resource route gets out of orHttp (the thrown value), or "returned". */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return "returned";
  } catch (e) {
    return e;
  }
}

const refusal = (status: 403 | 404 | 409 | 422, code = "tenders:errors.lotNotFound") => new DomainError(code, {}, status);
const json = { request: new Request("http://localhost/x", { headers: { "Accept-Language": "en" } }), ns: ["tenders", "common"] };

describe("orHttp: a DomainError becomes an HTTP answer with its own status", () => {
  it("passes the value through", async () => {
    await expect(orHttp(Promise.resolve(7))).resolves.toBe(7);
    await expect(orHttp(async () => "ok")).resolves.toBe("ok");
  });

  it.each([403, 404, 409, 422] as const)("DomainError %i → thrown bodiless Response %i (never a 5xx)", async (status) => {
    const r = await thrown(orHttp(Promise.reject(refusal(status))));
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).status).toBe(status);
    expect(await (r as Response).text()).toBe("");
  });

  it("a thunk's refusal, thrown before or after an await, is converted the same way", async () => {
    const r = await thrown(
      orHttp(async () => {
        await Promise.resolve();
        throw refusal(403);
      }),
    );
    expect((r as Response).status).toBe(403);
  });

  it("other errors pass through untouched (bugs and outages reach the logs as 500)", async () => {
    const bug = new TypeError("x is undefined");
    expect(await thrown(orHttp(Promise.reject(bug)))).toBe(bug);
    const redirect = new Response(null, { status: 302, headers: { Location: "/" } });
    expect(await thrown(orHttp(Promise.reject(redirect)))).toBe(redirect);
  });

  it("conceal: 403 answers 404; the other statuses stay", async () => {
    expect(((await thrown(orHttp(Promise.reject(refusal(403)), { conceal: true }))) as Response).status).toBe(404);
    expect(((await thrown(orHttp(Promise.reject(refusal(404)), { conceal: true }))) as Response).status).toBe(404);
    expect(((await thrown(orHttp(Promise.reject(refusal(409)), { conceal: true }))) as Response).status).toBe(409);
  });

  it("json: the localized error body with the status, not cached", async () => {
    const r = (await thrown(orHttp(Promise.reject(refusal(404)), { json }))) as Response;
    expect(r.status).toBe(404);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("tenders:errors.lotNotFound");
    expect(body.error.message).toBeTruthy();
    expect(body.error.message).not.toBe(body.error.code);
  });

  it("json with user null (an API caller): the language comes from Accept-Language", async () => {
    const ask = (lang: string) =>
      thrown(orHttp(Promise.reject(refusal(404)), { json: { request: new Request("http://localhost/x", { headers: { "Accept-Language": lang } }), ns: "tenders", user: null } }));
    const en = (await ((await ask("en")) as Response).json()) as { error: { message: string } };
    const zh = (await ((await ask("zh-CN")) as Response).json()) as { error: { message: string } };
    expect(en.error.message).not.toBe(zh.error.message);
  });

  it("json + conceal with the row's own not-found key: a hidden row reads exactly like a missing one", async () => {
    const opts = { json, conceal: "tenders:errors.lotNotFound" };
    const hidden = (await thrown(orHttp(Promise.reject(refusal(403, "common:errors.forbidden")), opts))) as Response;
    const missing = (await thrown(orHttp(Promise.reject(refusal(404)), opts))) as Response;
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
  });

  it("answer: the route's own Response for some refusals; the rest keep their status", async () => {
    const answer = (e: DomainError) => (e.status === 422 ? new Response(null, { status: 302, headers: { Location: "/back" } }) : undefined);
    const back = (await thrown(orHttp(Promise.reject(refusal(422)), { answer }))) as Response;
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/back");
    expect(((await thrown(orHttp(Promise.reject(refusal(403)), { answer }))) as Response).status).toBe(403);
  });
});
