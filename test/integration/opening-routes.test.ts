import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/domain/actor";
import { createSession } from "~/domain/accounts/sessions";
import { getCsrfToken } from "~/lib/csrf.server";
import { resetHallHub } from "~/domain/opening/hall-feed.server";
import * as page from "~/routes/hall.$lotId";
import * as stream from "~/routes/hall.$lotId.stream";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { useTempStorage } from "./bids-fixtures";
import { makeOrg, makeUser, setupHall } from "./opening-fixtures";

/** The hall's routes with real sessions: admission (page and stream), the bidder's view, an intent with CSRF. */
const { db } = await useTestDb();
useQueuePrefix();
useTempStorage();
let h: Awaited<ReturnType<typeof setupHall>>;
const cookies = new Map<string, string>();

async function cookieOf(a: Actor) {
  const token = await db.$transaction((tx) => createSession(tx, { userId: a.userId!, mfaPassed: true, ip: "127.0.0.1", userAgent: "vitest" }));
  return `__session=${token}`;
}
const args = (path: string, cookie: string, init: RequestInit = {}) => ({
  request: new Request(`http://localhost${path}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } }),
  params: { lotId: h.lot.id },
  context: { cspNonce: "", clientIp: "127.0.0.1", requestId: "vitest" },
});
async function status(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    if (r instanceof Response) return r.status;
    // data(…, { status }) from withDomainErrors
    return (r as { init?: { status?: number } } | null)?.init?.status ?? 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

beforeAll(async () => {
  h = await setupHall(db, [1_000_00n, 2_000_00n, 3_000_00n]);
  const stranger = await makeUser(db, (await makeOrg(db, "BIDDER", "陌生公司")).id, "BIDDER", "陌生人");
  for (const [k, a] of [["bidder", h.bidders[0]!.actor], ["stranger", stranger], ["supervisor", h.supervisor], ["host", h.author]] as const) {
    cookies.set(k, await cookieOf(a));
  }
});

describe("/hall/:lotId", () => {
  it("admits bidders, host and supervisors and refuses anyone else with 403", async () => {
    expect(await status(page.loader(args(`/hall/${h.lot.id}`, cookies.get("stranger")!)))).toBe(403);
    expect(await status(stream.loader(args(`/hall/${h.lot.id}/stream`, cookies.get("stranger")!)))).toBe(403);
    const sup = await page.loader(args(`/hall/${h.lot.id}`, cookies.get("supervisor")!));
    expect(sup.role).toBe("supervisor");
    const v = await page.loader(args(`/hall/${h.lot.id}`, cookies.get("bidder")!));
    expect(v).toMatchObject({ role: "bidder", session: { state: "SIGN_IN" }, ownBid: { bidId: h.bidders[0]!.bidId } });
  });

  it("signs in through the form intent (CSRF checked) and streams the events", async () => {
    const { token, setCookie } = await getCsrfToken(new Request("http://localhost/"));
    const cookie = `${cookies.get("bidder")}; ${setCookie!.split(";")[0]}`;
    const post = (body: string) =>
      page.action(args(`/hall/${h.lot.id}`, cookie, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    expect(await status(post(`intent=signIn`))).toBe(403); // no token
    expect(await post(`intent=signIn&csrf=${encodeURIComponent(token)}`)).toMatchObject({ ok: true, signedIn: true });

    const ctrl = new AbortController();
    const res = await stream.loader({ ...args(`/hall/${h.lot.id}/stream`, cookies.get("bidder")!, { signal: ctrl.signal }) });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("attendance.signed_in")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/id: 1\nevent: hall\ndata: .*"hall\.opened"/);
    expect(text).toMatch(/id: 2\nevent: hall\ndata: .*"attendance\.signed_in"/);
    ctrl.abort();
    await resetHallHub();
  });
});
