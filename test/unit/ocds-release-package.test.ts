import { describe, expect, it } from "vitest";
import { fenToYuanNumber } from "~/lib/money";
import {
  buildOcdsReleasePackage,
  ocdsTenderStatus,
  type OcdsOptions,
  type OcdsRelease,
  type OcdsTenderView,
} from "~/domain/tenders/build-ocds-release-package";
import { LotStatus } from "~/generated/prisma/enums";
import { codelist as codes, makeReleasePackageValidator, tenderStatusCodes } from "../ocds-schema/validator";

const validate = makeReleasePackageValidator();

function expectValid(pkg: unknown) {
  const ok = validate(pkg);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
  expect(ok).toBe(true);
}

const LOT_ID = "3f9a2c7e-1b4d-4e8f-9a6b-2c1d0e9f8a7b";
const T0 = new Date("2026-11-01T02:00:00.000Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

function view(over: Partial<OcdsTenderView["lot"]> = {}, more: Partial<OcdsTenderView> = {}): OcdsTenderView {
  return {
    lot: {
      id: LOT_ID,
      lotNo: 1,
      title: "第一标段",
      description: "道路改造及排水工程",
      status: "PUBLISHED",
      estimatedPriceFen: 100_000_000_00n,
      ceilingPriceFen: 95_000_000_12n,
      qualification: "市政公用工程施工总承包二级及以上资质",
      evaluationMethod: "COMPREHENSIVE",
      criteria: [
        { name: "投标报价", weight: 60 },
        { name: "技术标", weight: 40 },
      ],
      docsAvailableFrom: T0,
      docsAvailableTo: day(10),
      clarificationCutoff: day(9),
      bidDeadline: day(25),
      publishedAt: T0,
      ...over,
    },
    project: { code: "GC-2026-0001", title: "某市政道路改造工程", procurementType: "CONSTRUCTION" },
    documents: [{ id: "9d1e6c1a-7d2b-4c55-8a0e-5f5f5f5f5f51", name: "招标文件.pdf", size: 1234, sha256: "a".repeat(64), createdAt: new Date(T0.getTime() - 3600_000) }],
    announcements: [
      { id: "6b8c1d2e-0000-4000-8000-000000000001", kind: "TENDER", title: "某市政道路改造工程（第一标段）招标公告", body: "一、项目概况", publishedAt: T0, documentId: "7c000000-0000-4000-8000-000000000001", changes: [] },
    ],
    ...more,
  };
}

const OPTS: OcdsOptions = {
  ocidPrefix: "ocds-ggzy01",
  baseUrl: "https://ggzy.example.gov.cn/",
  publisherName: "示范市公共资源交易中心",
  licenseUrl: "https://creativecommons.org/licenses/by/4.0/",
  publicationPolicyUrl: "https://ggzy.example.gov.cn/announcements#open-data",
  buyer: { id: "11111111-1111-4111-8111-111111111111", name: "示范市住房和城乡建设局" },
  agent: null,
};

const change = (n: number, at: Date, fields: string[]) => ({
  id: `6b8c1d2e-0000-4000-8000-00000000010${n}`,
  kind: "CHANGE" as const,
  title: `变更公告（第 ${n} 次）`,
  body: `因设计调整变更。\n现对本项目招标文件作如下变更：`,
  publishedAt: at,
  documentId: null,
  changes: fields.map((field) => ({ field, before: "x", after: "y" })),
});

describe("buildOcdsReleasePackage", () => {
  it("makes a package that validates against the OCDS 1.1 release-package schema (test/ocds-schema)", () => {
    const pkg = buildOcdsReleasePackage(view(), OPTS);
    expectValid(pkg);
    expect(pkg.version).toBe("1.1");
    expect(pkg.uri).toBe(`https://ggzy.example.gov.cn/api/v1/tenders/${LOT_ID}/ocds`);
    expect(pkg.publisher.name).toBe("示范市公共资源交易中心");
    expect(pkg.releases).toHaveLength(1);
    const r = pkg.releases[0]!;
    expect(r.ocid).toBe(`ocds-ggzy01-${LOT_ID}`);
    expect(r.tag).toEqual(["tender"]);
    expect(r.initiationType).toBe("tender");
    expect(r.parties).toEqual([{ ...OPTS.buyer, roles: ["buyer", "procuringEntity"] }]);
    expect(r.tender).toMatchObject({
      id: LOT_ID,
      title: "某市政道路改造工程（第一标段）",
      status: "active",
      value: { amount: 95000000.12, currency: "CNY" },
      procurementMethod: "open",
      mainProcurementCategory: "works",
      awardCriteria: "ratedCriteria",
      submissionMethod: ["electronicSubmission"],
      tenderPeriod: { startDate: T0.toISOString(), endDate: day(25).toISOString() },
      enquiryPeriod: { endDate: day(9).toISOString() },
    });
    expect(r.tender.documents.map((d) => d.documentType)).toEqual(["biddingDocuments", "tenderNotice"]);
    expect(r.tender.documents[1]!.url).toBe("https://ggzy.example.gov.cn/documents/7c000000-0000-4000-8000-000000000001");
    expect(r.planning?.budget.amount).toEqual({ amount: 100000000, currency: "CNY" });
  });

  it("the validator can fail: a wrong tag or a missing ocid is refused", () => {
    const pkg = buildOcdsReleasePackage(view(), OPTS);
    expect(validate({ ...pkg, releases: [{ ...pkg.releases[0], tag: ["notATag"] }] })).toBe(false);
    const { ocid: _o, ...noOcid } = pkg.releases[0];
    expect(validate({ ...pkg, releases: [noOcid] })).toBe(false);
    expect(validate({ ...pkg, version: "1.1.5" })).toBe(false);
    // our own schema (test/ocds-schema) must hold the codelists and formats too
    const r = pkg.releases[0];
    const withTender = (t: object) => ({ ...pkg, releases: [{ ...r, tender: { ...r.tender, ...t } }] });
    expect(validate(withTender({ status: "open" }))).toBe(false);
    expect(validate(withTender({ value: { amount: 1, currency: "rmb" } }))).toBe(false);
    expect(validate(withTender({ documents: [{ ...r.tender.documents[0], documentType: "notice" }] }))).toBe(false);
    expect(validate(withTender({ tenderPeriod: { endDate: "2026-11-01 10:00" } }))).toBe(false);
    expect(validate({ ...pkg, releases: [] })).toBe(false);
  });

  it("a change notice is a tenderAmendment; earlier releases never state a value it moved", () => {
    const v = view({ bidDeadline: day(30), ceilingPriceFen: 90_000_000_00n }, {});
    v.announcements.push(change(1, day(3), ["bidDeadline", "ceilingPriceFen"]));
    const pkg = buildOcdsReleasePackage(v, OPTS);
    expectValid(pkg);
    const [first, second] = pkg.releases as [OcdsRelease, OcdsRelease];
    expect(pkg.releases).toHaveLength(2);
    expect(first.tag).toEqual(["tender"]);
    expect(first.tender.value).toBeUndefined();
    expect(first.tender.tenderPeriod).toBeUndefined();
    expect(first.tender.enquiryPeriod).toBeDefined(); // not moved: still stated
    expect(first.tender.amendments).toBeUndefined();
    expect(second.tag).toEqual(["tenderAmendment"]);
    expect(second.tender.value?.amount).toBe(90000000);
    expect(second.tender.tenderPeriod?.endDate).toBe(day(30).toISOString());
    expect(second.tender.amendments).toEqual([
      expect.objectContaining({ id: second.id, releaseID: second.id, amendsReleaseID: first.id, date: day(3).toISOString() }),
    ]);
    expect(pkg.publishedDate).toBe(day(3).toISOString());
    // the change notice has no PDF yet: its url points to the notice on the tender page
    expect(second.tender.documents.at(-1)).toMatchObject({ url: `https://ggzy.example.gov.cn/tenders/${LOT_ID}#a-${second.id}`, format: "text/html" });
  });

  it("a status reached without a notice gets a closing release (cancelled → tenderCancellation)", () => {
    const pkg = buildOcdsReleasePackage(view({ status: "CANCELLED" }), { ...OPTS, statusChangedAt: day(5) });
    expectValid(pkg);
    expect(pkg.releases).toHaveLength(2);
    const last = pkg.releases[1]!;
    expect(last.tag).toEqual(["tenderCancellation"]);
    expect(last.tender.status).toBe("cancelled");
    expect(last.date).toBe(day(5).toISOString());
    expect(pkg.releases[0]!.tender.status).toBe("active");
  });

  it("government procurement with an agent: the agent is the procuring entity, no category is invented", () => {
    const v = view({ evaluationMethod: "LOWEST_PRICE", criteria: [] });
    v.project.procurementType = "GOVERNMENT_PROCUREMENT";
    const agent = { id: "22222222-2222-4222-8222-222222222222", name: "示范招标代理有限公司" };
    const pkg = buildOcdsReleasePackage(v, { ...OPTS, agent });
    expectValid(pkg);
    const r = pkg.releases[0]!;
    expect(r.parties).toEqual([
      { ...OPTS.buyer, roles: ["buyer"] },
      { ...agent, roles: ["procuringEntity"] },
    ]);
    expect(r.tender.procuringEntity).toEqual(agent);
    expect(r.tender.mainProcurementCategory).toBeUndefined();
    expect(r.tender.awardCriteria).toBe("priceOnly");
  });

  it("a lot without its 招标公告 row still yields one valid release", () => {
    const pkg = buildOcdsReleasePackage(view({}, { announcements: [] }), OPTS);
    expectValid(pkg);
    expect(pkg.releases.map((r) => r.id)).toEqual([`${LOT_ID}-published`]);
  });

  it("script in a title stays inert text in the JSON", () => {
    const v = view({ title: "<script>alert(1)</script>" });
    const pkg = buildOcdsReleasePackage(v, OPTS);
    expectValid(pkg);
    expect(pkg.releases[0]!.tender.title).toBe("某市政道路改造工程（<script>alert(1)</script>）");
  });

  it("uses only codes of the OCDS codelists", () => {
    const v = view();
    v.announcements.push(change(1, day(2), ["description"]));
    v.announcements.push({ ...change(2, day(4), []), kind: "CLARIFICATION" });
    const pkg = buildOcdsReleasePackage(v, { ...OPTS, agent: { id: "a", name: "代理" } });
    expectValid(pkg);
    for (const r of pkg.releases) {
      expect(codes("releaseTag")).toEqual(expect.arrayContaining(r.tag));
      expect(codes("awardCriteria")).toContain(r.tender.awardCriteria);
      expect(codes("submissionMethod")).toEqual(expect.arrayContaining(r.tender.submissionMethod));
      for (const p of r.parties) expect(codes("partyRole")).toEqual(expect.arrayContaining(p.roles));
      for (const d of r.tender.documents) expect(codes("documentType")).toContain(d.documentType);
    }
  });
});

describe("ocdsTenderStatus", () => {
  it("maps every lot status into the closed tenderStatus codelist", () => {
    for (const s of Object.values(LotStatus)) expect(tenderStatusCodes).toContain(ocdsTenderStatus(s));
    expect(ocdsTenderStatus("PUBLISHED")).toBe("active");
    expect(ocdsTenderStatus("SUSPENDED")).toBe("active");
    expect(ocdsTenderStatus("AWARDED")).toBe("complete");
    expect(ocdsTenderStatus("FAILED")).toBe("unsuccessful");
    expect(ocdsTenderStatus("CANCELLED")).toBe("cancelled");
  });
});

describe("fenToYuanNumber", () => {
  it("is exact to the fen up to the database bound of 10^15 fen", () => {
    const cases: [bigint, string][] = [
      [0n, "0"],
      [1n, "0.01"],
      [10n, "0.1"],
      [123456789n, "1234567.89"],
      [95_000_000_12n, "95000000.12"],
      [999_999_999_999_999n, "9999999999999.99"],
      [10n ** 15n, "10000000000000"],
    ];
    for (const [fen, s] of cases) expect(String(fenToYuanNumber(fen))).toBe(s);
    // and a sweep of awkward values (x.x1, x.x3 … are not exact in binary)
    for (let fen = 999_999_999_000_001n; fen < 999_999_999_000_200n; fen += 7n) {
      const exact = `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`.replace(/\.?0+$/, "");
      expect(String(fenToYuanNumber(fen))).toBe(exact);
    }
  });

  it("refuses amounts outside the bound instead of rounding", () => {
    expect(() => fenToYuanNumber(10n ** 15n + 1n)).toThrow(RangeError);
    expect(() => fenToYuanNumber(-1n)).toThrow(RangeError);
  });
});
