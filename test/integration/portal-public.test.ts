import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SaxesParser } from "saxes";
import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "~/domain/tenders/answer-question";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { askQuestion } from "~/domain/tenders/ask-question";
import { listPublicTenders } from "~/domain/tenders/list-public-tenders";
import { publishChange } from "~/domain/tenders/publish-change";
import { registerForLot } from "~/domain/tenders/register-for-lot";
import { searchPublicTenders } from "~/domain/tenders/search-public-tenders";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { loader as tenderJsonLoader } from "~/routes/api.v1.tenders.$id";
import { loader as ocdsLoader } from "~/routes/api.v1.tenders.$id.ocds";
import { loader as listJsonLoader } from "~/routes/api.v1.tenders";
import { loader as feedLoader } from "~/routes/feed[.]atom";
import { loader as pageLoader } from "~/routes/tenders.$lotId";
import { loader as listPageLoader } from "~/routes/tenders._index";
import { makeReleasePackageValidator } from "../ocds-schema/validator";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";
import { draftLotWithDocument, seedParties } from "./tenders-fixtures";

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), "ggzy-portal-"));
const { db } = await useTestDb();
useQueuePrefix();

const ctx = { cspNonce: "", clientIp: "127.0.0.1", requestId: "test" };
const get = (url: string) => new Request(`http://localhost${url}`, { headers: { "accept-language": "zh-CN" } });
const args = (url: string, params: Record<string, string> = {}) => ({ request: get(url), params, context: ctx });
/** A resource route's answer: returned, or thrown (a refusal through orHttp); Remix sends either as is. */
const answered = (p: Promise<unknown>) =>
  p.then(
    (r) => r as Response,
    (e: unknown) => {
      if (e instanceof Response) return e;
      throw e;
    },
  );

let P: Awaited<ReturnType<typeof seedParties>>;
let seq = 0;
async function lot(title: string, opts: { publish?: boolean; type?: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT" } = {}) {
  const now = new Date();
  // 政府采购: the 质疑 cut-off must leave 7 working days after the documents window (construction: 10 days before the deadline).
  const over = opts.type === "GOVERNMENT_PROCUREMENT" ? { objectionCutoff: new Date(now.getTime() + 23 * 86_400_000) } : {};
  const l = await draftLotWithDocument(P, { code: `PT-2026-${String(++seq).padStart(4, "0")}`, title, procurementType: opts.type, now, over });
  if (opts.publish !== false) {
    await submitForReview(P.author, { lotId: l.id });
    await approvePublication(P.reviewer, { lotId: l.id });
  }
  return l;
}

let road: { id: string };
let draft: { id: string };
let scripted: { id: string };
const SCRIPT_TITLE = `<script>alert("x")</script> & 测试'工程`;

beforeAll(async () => {
  P = await seedParties(db);
  road = await lot("某市政道路改造工程");
  await lot("办公设备采购项目", { type: "GOVERNMENT_PROCUREMENT" });
  draft = await lot("市政道路草稿工程", { publish: false });
  scripted = await lot(SCRIPT_TITLE);
  // Secret things happen on the road lot: a registration, a question (answered to all), a change notice.
  await registerForLot(P.bidder, { lotId: road.id });
  const q = await askQuestion(P.bidder, { lotId: road.id, text: "工期是否可以调整？" });
  await answerQuestion(P.author, { questionId: q.id, answer: "工期不变。" });
  const { version, ceilingPriceFen } = await db.lot.findUniqueOrThrow({ where: { id: road.id } });
  await publishChange(P.author, {
    lotId: road.id,
    expectedVersion: version,
    body: "根据设计调整，最高投标限价调整。",
    changes: { ceilingPriceFen: ceilingPriceFen - 1_000_000_00n },
  });
});

describe("public listing and Chinese search", () => {
  it("「市政道路」 finds 「某市政道路改造工程」, never the draft", async () => {
    const r = await searchPublicTenders("市政道路");
    expect(r.items.map((i) => i.projectTitle)).toEqual(["某市政道路改造工程"]);
    expect((await listPublicTenders({})).items.map((i) => i.id)).not.toContain(draft.id);
    expect((await searchPublicTenders("市政道路 改造")).items).toHaveLength(1);
    expect((await searchPublicTenders("市政道路 采购")).items).toHaveLength(0);
  });

  it("the page loader filters by type and refuses a malformed date by naming the field", async () => {
    const gov = await listPageLoader(args("/tenders?type=GOVERNMENT_PROCUREMENT"));
    expect(gov.result?.items.map((i) => i.projectTitle)).toEqual(["办公设备采购项目"]);
    const bad = await listPageLoader(args("/tenders?from=2026-13-40"));
    expect(bad.result).toBeNull();
    expect(bad.error?.field).toBe("from");
  });

  it("GET /api/v1/tenders: same filters as JSON, paginated with links, no bidder data", async () => {
    const res = await answered(listJsonLoader(args("/api/v1/tenders?q=%E5%B8%82%E6%94%BF%E9%81%93%E8%B7%AF")));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: road.id, projectTitle: "某市政道路改造工程", status: "PUBLISHED", ocid: `ocds-ggzy01-${road.id}` });
    expect(typeof body.items[0].ceilingPriceFen).toBe("number");

    const page1 = await (await answered(listJsonLoader(args("/api/v1/tenders?pageSize=1")))).json();
    expect(page1.hasMore).toBe(true);
    expect(page1.links.next).toMatch(/page=2/);
    expect(page1.links.next).toMatch(/pageSize=1/);

    const bad = await answered(listJsonLoader(args("/api/v1/tenders?to=yesterday")));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: "tenders:errors.invalidField", field: "to" });
    const badStatus = await answered(listJsonLoader(args("/api/v1/tenders?status=DRAFT")));
    expect(badStatus.status).toBe(422);
  });
});

describe("public tender page and JSON", () => {
  it("never reveals who registered, how many did, or who asked", async () => {
    const page = await pageLoader(args(`/tenders/${road.id}`, { lotId: road.id }));
    const json = await (await answered(tenderJsonLoader(args(`/api/v1/tenders/${road.id}`, { id: road.id })))).json();
    for (const payload of [JSON.stringify(page, (_k, v) => (typeof v === "bigint" ? String(v) : v)), JSON.stringify(json)]) {
      expect(payload).not.toMatch(/registr/i);
      expect(payload).not.toContain(P.bidderOrg.name);
      expect(payload).not.toContain(P.bidderOrg.id);
      expect(payload).not.toContain(P.bidder.userId);
      expect(payload).not.toMatch(/asked|bidderCount|downloads/i);
    }
    // the answer itself is public
    expect(json.announcements.map((a: { kind: string }) => a.kind)).toEqual(["TENDER", "CLARIFICATION", "CHANGE"]);
    expect(json.announcements[1].body).toContain("工期不变");
    expect(json.documents[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("drafts and malformed ids are 404 everywhere", async () => {
    await expect(pageLoader(args(`/tenders/${draft.id}`, { lotId: draft.id }))).rejects.toMatchObject({ status: 404 });
    expect((await answered(tenderJsonLoader(args(`/api/v1/tenders/${draft.id}`, { id: draft.id })))).status).toBe(404);
    expect((await answered(ocdsLoader(args(`/api/v1/tenders/${draft.id}/ocds`, { id: draft.id })))).status).toBe(404);
    expect((await answered(tenderJsonLoader(args(`/api/v1/tenders/nope`, { id: "nope" })))).status).toBe(404);
  });
});

describe("OCDS", () => {
  const validate = makeReleasePackageValidator();

  it("a published lot with a clarification and a change validates against the OCDS 1.1 release-package schema (test/ocds-schema)", async () => {
    const res = await answered(ocdsLoader(args(`/api/v1/tenders/${road.id}/ocds`, { id: road.id })));
    expect(res.status).toBe(200);
    const pkg = await res.json();
    const ok = validate(pkg);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(pkg.releases.map((r: { tag: string[] }) => r.tag[0])).toEqual(["tender", "tenderUpdate", "tenderAmendment"]);
    const last = pkg.releases.at(-1);
    expect(last.ocid).toBe(`ocds-ggzy01-${road.id}`);
    expect(last.buyer).toEqual({ id: P.buyer.id, name: P.buyer.name });
    expect(last.tender.value).toEqual({ amount: 94_000_000, currency: "CNY" });
    expect(pkg.releases[0].tender.value).toBeUndefined(); // moved later by the change: not stated as of then
    expect(last.tender.amendments).toHaveLength(1);
    expect(JSON.stringify(pkg)).not.toContain(P.bidderOrg.name);
  });

  it("a title with markup stays text in the package", async () => {
    const pkg = await (await answered(ocdsLoader(args(`/api/v1/tenders/${scripted.id}/ocds`, { id: scripted.id })))).json();
    expect(validate(pkg)).toBe(true);
    expect(pkg.releases[0].tender.title).toContain(SCRIPT_TITLE);
  });
});

describe("Atom feed", () => {
  it("is well-formed Atom 1.0 with every public notice, titles escaped", async () => {
    const res = await answered(feedLoader(args("/feed.atom")));
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    const parser = new SaxesParser({ xmlns: true });
    const elements: { name: string; ns: string }[] = [];
    const titles: string[] = [];
    let inTitle = false;
    parser.on("opentag", (t) => {
      elements.push({ name: t.local, ns: t.uri });
      inTitle = t.local === "title";
    });
    parser.on("text", (s) => {
      if (inTitle) titles.push(s);
    });
    parser.on("closetag", () => (inTitle = false));
    parser.write(xml).close(); // throws on anything not well-formed
    expect(elements[0]).toEqual({ name: "feed", ns: "http://www.w3.org/2005/Atom" });
    expect(elements.filter((e) => e.name === "script")).toHaveLength(0);
    const entries = elements.filter((e) => e.name === "entry").length;
    expect(entries).toBe(await db.announcement.count({ where: { public: true } }));
    expect(titles.some((t) => t.includes(SCRIPT_TITLE))).toBe(true);
    expect(xml).toContain("&lt;script&gt;");
  });

  it("narrows by kind and refuses an unknown one", async () => {
    const xml = await (await answered(feedLoader(args("/feed.atom?kind=CHANGE")))).text();
    expect(xml.match(/<entry>/g)).toHaveLength(1);
    expect((await answered(feedLoader(args("/feed.atom?kind=BOGUS")))).status).toBe(422);
  });
});
