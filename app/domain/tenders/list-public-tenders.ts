import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { Prisma } from "~/generated/prisma/client";
import type { LotStatus, ProcurementType } from "~/generated/prisma/enums";
import { getDb, type Db } from "~/lib/db.server";
import { statusesIn } from "./lot-phases";

/** Statuses the public may see: everything from publication on. */
export const PUBLIC_STATUSES: readonly LotStatus[] = statusesIn("public");

export const publicTenderFilterSchema = z.object({
  type: z.enum(["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"]).optional(),
  region: z.string().regex(/^\d{2,6}$/).optional(),
  status: z.enum(PUBLIC_STATUSES as [LotStatus, ...LotStatus[]]).optional(),
  /** Published on or after / before (instants; the UI converts Shanghai dates). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Chinese or Latin text, matched as substrings of project title + lot title + project number. */
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PublicTenderFilter = z.input<typeof publicTenderFilterSchema>;

export interface PublicTenderRow {
  id: string;
  lotNo: number;
  title: string;
  status: LotStatus;
  publishedAt: Date;
  bidDeadline: Date;
  ceilingPriceFen: bigint;
  projectCode: string;
  projectTitle: string;
  procurementType: ProcurementType;
  region: string;
}

/** LIKE pattern of one search term: its own %, _ and \ are literal. */
const likeTerm = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Search terms: lower-cased (searchText is), split on white space, at most 5. */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? "")
    .toLowerCase()
    .split(/[\s\u3000]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 5);
}

/** The SQL the listing runs (exported so the benchmark can time the bare query). */
export function publicTendersSql(f: z.output<typeof publicTenderFilterSchema>): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`l."publishedAt" IS NOT NULL`];
  const projectWhere: Prisma.Sql[] = [];
  if (f.type) projectWhere.push(Prisma.sql`p."procurementType" = ${f.type}::"ProcurementType"`);
  if (f.region) projectWhere.push(Prisma.sql`p.region LIKE ${`${f.region}%`}`);
  if (projectWhere.length) {
    where.push(Prisma.sql`l."projectId" IN (SELECT p.id FROM "Project" p WHERE ${Prisma.join(projectWhere, " AND ")})`);
  }
  if (f.status) where.push(Prisma.sql`l.status = ${f.status}::"LotStatus"`);
  if (f.from) where.push(Prisma.sql`l."publishedAt" >= ${f.from}`);
  if (f.to) where.push(Prisma.sql`l."publishedAt" < ${f.to}`);
  // Trigram GIN index on searchText (docs/decisions/0007-chinese-search.md).
  for (const t of searchTerms(f.q)) where.push(Prisma.sql`l."searchText" LIKE ${likeTerm(t)}`);
  // The page is cut from Lot alone; only its rows are joined to Project (a common word matches thousands).
  return Prisma.sql`
    SELECT l.id, l."lotNo", l.title, l.status::text AS status, l."publishedAt", l."bidDeadline", l."ceilingPriceFen",
           p.code AS "projectCode", p.title AS "projectTitle", p."procurementType"::text AS "procurementType", p.region
      FROM (SELECT l.id, l."projectId", l."lotNo", l.title, l.status, l."publishedAt", l."bidDeadline", l."ceilingPriceFen"
              FROM "Lot" l
             WHERE ${Prisma.join(where, " AND ")}
             ORDER BY l."publishedAt" DESC, l.id DESC
             LIMIT ${f.pageSize + 1} OFFSET ${(f.page - 1) * f.pageSize}) l
      JOIN "Project" p ON p.id = l."projectId"
     ORDER BY l."publishedAt" DESC, l.id DESC`;
}

/**
 * The public listing of tenders (every lot from publication on), filtered by type, region, status and
 * publication dates, optionally searched in Chinese. Never shows drafts, registrations or counts of bidders.
 * `hasMore` instead of a total: an exact count over a large table costs more than the page itself.
 */
export async function listPublicTenders(filter: PublicTenderFilter, db: Db = getDb()) {
  const r = publicTenderFilterSchema.safeParse(filter);
  if (!r.success) {
    const field = String(r.error.issues[0]!.path[0] ?? "");
    throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
  }
  const rows = await db.$queryRaw<PublicTenderRow[]>(publicTendersSql(r.data));
  return {
    items: rows.slice(0, r.data.pageSize),
    hasMore: rows.length > r.data.pageSize,
    page: r.data.page,
    pageSize: r.data.pageSize,
  };
}
