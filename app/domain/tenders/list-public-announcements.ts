import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { getDb, type Db } from "~/lib/db.server";

export const announcementFilterSchema = z.object({
  kind: z.enum(["TENDER", "CHANGE", "CLARIFICATION", "CANDIDATES", "RESULT", "FAILED", "CANCELLED"]).optional(),
  type: z.enum(["CONSTRUCTION", "GOVERNMENT_PROCUREMENT"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AnnouncementFilter = z.input<typeof announcementFilterSchema>;

/**
 * Public announcements of every kind, newest first (portal list and the Atom feed). Only public rows of
 * published lots; bodies are plain text.
 */
export async function listPublicAnnouncements(filter: AnnouncementFilter = {}, db: Db = getDb()) {
  const r = announcementFilterSchema.safeParse(filter);
  if (!r.success) {
    const field = String(r.error.issues[0]!.path[0] ?? "");
    throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
  }
  const f = r.data;
  const rows = await db.announcement.findMany({
    where: {
      public: true,
      ...(f.kind ? { kind: f.kind } : {}),
      publishedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) },
      lot: { publishedAt: { not: null }, ...(f.type ? { project: { procurementType: f.type } } : {}) },
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    skip: (f.page - 1) * f.pageSize,
    take: f.pageSize + 1,
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      publishedAt: true,
      documentId: true,
      lot: { select: { id: true, lotNo: true, title: true, project: { select: { code: true, title: true, procurementType: true, region: true } } } },
    },
  });
  return { items: rows.slice(0, f.pageSize), hasMore: rows.length > f.pageSize, page: f.page, pageSize: f.pageSize };
}
