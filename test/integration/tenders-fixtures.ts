import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect } from "vitest";
import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import { addTenderDocument } from "~/domain/tenders/add-tender-document";
import { createLot } from "~/domain/tenders/create-lot";
import { createProject } from "~/domain/tenders/create-project";
import type { OrgKind, Role } from "~/generated/prisma/enums";
import type { Db } from "~/lib/db.server";
import { useTestDb } from "../support/db";
import { useQueuePrefix } from "../support/redis";

/** Test parties for the tenders tests: organisations and users created directly (accounts has its own tests). */
const rnd = () => randomBytes(6).toString("hex");

export async function makeOrg(db: Db, kind: OrgKind, name: string) {
  return db.organisation.create({
    data: { kind, name, creditCode: randomBytes(9).toString("hex").toUpperCase(), region: "320500" },
  });
}

export async function makeUser(db: Db, orgId: string, role: Role, displayName: string): Promise<Actor> {
  const u = rnd();
  const user = await db.user.create({
    data: { orgId, role, username: `u${u}`, displayName, email: `${u}@example.test`, passwordHash: "x" },
  });
  return { userId: user.id, role, orgId, ip: "127.0.0.1", userAgent: "vitest" };
}

export async function seedParties(db: Db) {
  const buyer = await makeOrg(db, "BUYER", "示范市住房和城乡建设局");
  const author = await makeUser(db, buyer.id, "STAFF", "编制人");
  const reviewer = await makeUser(db, buyer.id, "STAFF", "审核人");
  const bidderOrg = await makeOrg(db, "BIDDER", "示范建设集团有限公司");
  const bidder = await makeUser(db, bidderOrg.id, "BIDDER", "投标人甲");
  const otherBidderOrg = await makeOrg(db, "BIDDER", "另一建设有限公司");
  const otherBidder = await makeUser(db, otherBidderOrg.id, "BIDDER", "投标人乙");
  const supervisionOrg = await makeOrg(db, "SUPERVISION", "示范市公共资源交易监督管理局");
  const supervisor = await makeUser(db, supervisionOrg.id, "SUPERVISOR", "监督员");
  return { buyer, author, reviewer, bidderOrg, bidder, otherBidderOrg, otherBidder, supervisor };
}

export type Parties = Awaited<ReturnType<typeof seedParties>>;

/**
 * A tenders test file's world: a storage dir of its own (`ggzy-<tag>-…`), its database and queue prefix, and
 * the parties (`P` is filled in by beforeAll: read it inside tests and later hooks, not at load).
 */
export async function useTenderParties(tag: string) {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), `ggzy-${tag}-`));
  const { db } = await useTestDb();
  useQueuePrefix();
  const P = {} as Parties;
  beforeAll(async () => {
    Object.assign(P, await seedParties(db));
  });
  return { db, P };
}

const DAY = 86_400_000;

/** Terms that pass every construction rule when published at `now`: 25 days to the deadline. */
export function legalTerms(now: Date, over: Record<string, unknown> = {}) {
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  return {
    title: "第一标段",
    description: "道路改造及排水工程",
    estimatedPriceFen: 100_000_000_00n,
    ceilingPriceFen: 95_000_000_00n,
    bondFen: 1_000_000_00n,
    qualification: "市政公用工程施工总承包二级及以上资质",
    evaluationMethod: "COMPREHENSIVE" as const,
    criteria: [
      { name: "投标报价", weight: 60 },
      { name: "技术标", weight: 40 },
    ],
    docsAvailableFrom: new Date(now.getTime() - 60_000),
    docsAvailableTo: at(10),
    clarificationCutoff: at(9),
    objectionCutoff: at(12),
    bidDeadline: at(25),
    ...over,
  };
}

export const PDF_BYTES = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/**
 * A draft lot made the way staff make one, through the domain: the author's project, one lot on legal terms
 * (`over` changes some) and its tender document, ready to be submitted for review.
 */
export async function draftLotWithDocument(
  P: Pick<Awaited<ReturnType<typeof seedParties>>, "author" | "buyer">,
  opts: { code: string; title: string; procurementType?: "CONSTRUCTION" | "GOVERNMENT_PROCUREMENT"; region?: string; now?: Date; over?: Record<string, unknown> },
) {
  const project = await createProject(P.author, {
    code: opts.code,
    title: opts.title,
    procurementType: opts.procurementType ?? "CONSTRUCTION",
    buyerOrgId: P.buyer.id,
    region: opts.region ?? "320500",
  });
  const lot = await createLot(P.author, { projectId: project.id, ...legalTerms(opts.now ?? new Date(), opts.over) });
  await addTenderDocument(P.author, { lotId: lot.id, fileName: "招标文件.pdf", data: PDF_BYTES });
  return lot;
}

/**
 * A lot already PUBLISHED with instants seconds away (the statutory 20 days cannot be waited for in a
 * test): inserted directly as a fixture, then the domain's own scheduling is applied to it.
 */
export async function insertPublishedLot(
  db: Db,
  p: { buyerOrgId: string; authorId: string; reviewerId: string },
  at: { docsTo: Date; deadline: Date; docsFrom?: Date; clarification?: Date; objection?: Date },
  code = `FX-${rnd()}`,
) {
  const project = await db.project.create({
    data: { code, title: `测试项目${code}`, procurementType: "CONSTRUCTION", buyerOrgId: p.buyerOrgId, region: "320500", createdById: p.authorId },
  });
  return db.lot.create({
    data: {
      projectId: project.id,
      lotNo: 1,
      title: "第一标段",
      estimatedPriceFen: 100_000_00n,
      ceilingPriceFen: 90_000_00n,
      bondFen: 1_000_00n,
      evaluationMethod: "LOWEST_PRICE",
      status: "PUBLISHED",
      docsAvailableFrom: at.docsFrom ?? new Date(Date.now() - 60_000),
      docsAvailableTo: at.docsTo,
      clarificationCutoff: at.clarification ?? at.docsTo,
      objectionCutoff: at.objection ?? at.docsTo,
      bidDeadline: at.deadline,
      authorId: p.authorId,
      reviewerId: p.reviewerId,
      publishedAt: new Date(),
    },
  });
}

/** The DomainError a call is refused with (fails the test when the call succeeds or fails otherwise). */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}
