import type { Readable } from "node:stream";
import { canonicalJson } from "~/domain/audit/canonical";
import { getEvaluationOutcome } from "~/domain/evaluation/get-evaluation-outcome";
import type { Db } from "~/lib/db.server";
import type { Storage } from "~/lib/storage.server";

/** Entity types of the lot's rows in the audit log (both columns of the index are matched). */
const AUDITED_TYPES = ["Lot", "Announcement", "Bid", "BidReceipt", "Objection", "Question", "Draw", "Document", "OpeningSession", "BidDecryption", "TenderDocument"];

/** One file of the case archive: its path inside the ZIP, its size when known, and how to read it. */
export interface ArchiveEntry {
  name: string;
  size: number;
  /** Compress text records; stored as is: PDFs and sealed (encrypted) bid files do not shrink. */
  compress: boolean;
  /** SHA-256 recorded when the file was received, if any (checked when the ZIP is re-read). */
  sha256?: string;
  open: () => Readable | Buffer;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(JSON.parse(canonicalJson(v)), null, 2) + "\n", "utf8");
/** File names from stored names: no path separators or control characters, kept short. */
const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 80);

/**
 * Everything the case archive holds for a lot (归档, SPEC §4.6): every document of the lot (announcements,
 * tender documents, receipts, opening record, draw records, evaluation report, notices, contract), every
 * sealed bid file as received, the records as JSON (lot, bids and bonds, opening, objections, evaluation
 * outcome, award, contract, refunds, schedule) and the lot's audit-log extract with its chain hashes.
 */
export async function collectArchiveEntries(db: Db, storage: Storage, lotId: string): Promise<ArchiveEntry[]> {
  const lot = await db.lot.findUniqueOrThrow({ where: { id: lotId }, include: { project: true } });
  const [announcements, tenderDocs, bids, receipts, session, objections, questions, draws, award, notices, contract, refunds, transitions, publicity] =
    await Promise.all([
      db.announcement.findMany({ where: { lotId }, orderBy: { publishedAt: "asc" } }),
      db.tenderDocument.findMany({ where: { lotId } }),
      db.bid.findMany({ where: { lotId }, include: { bond: true }, orderBy: { submittedAt: "asc" } }),
      db.bidReceipt.findMany({ where: { lotId } }),
      db.openingSession.findUnique({ where: { lotId } }),
      db.objection.findMany({ where: { lotId }, orderBy: { raisedAt: "asc" } }),
      db.question.findMany({ where: { lotId }, orderBy: { askedAt: "asc" } }),
      db.draw.findMany({ where: { lotId }, select: { id: true } }),
      db.award.findUnique({ where: { lotId } }),
      db.awardNotice.findMany({ where: { lotId }, orderBy: { number: "asc" } }),
      db.contract.findUnique({ where: { lotId } }),
      db.bondRefund.findMany({ where: { lotId }, orderBy: { bidderName: "asc" } }),
      db.scheduledTransition.findMany({ where: { lotId }, orderBy: { dueAt: "asc" } }),
      db.candidatesPublicity.findUnique({ where: { lotId } }),
    ]);
  const outcome = await getEvaluationOutcome(db, lotId);
  const decryptions = session ? await db.bidDecryption.findMany({ where: { sessionId: session.id } }) : [];
  const orgs = new Map(
    (await db.organisation.findMany({ where: { id: { in: [...new Set(bids.map((b) => b.bidderOrgId))] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]),
  );

  // Documents: linked from the lot's rows, or filed under the lot and its related entities.
  const linkedIds = [
    ...announcements.map((a) => a.documentId),
    ...tenderDocs.map((d) => d.documentId),
    ...receipts.map((r) => r.documentId),
    session?.recordDocumentId,
    outcome?.reportDocumentId,
    ...notices.map((n) => n.documentId),
    contract?.documentId,
  ].filter((x): x is string => !!x);
  const related = [
    { entityType: "Lot", entityId: lotId },
    ...draws.map((d) => ({ entityType: "Draw", entityId: d.id })),
    ...(session ? [{ entityType: "OpeningSession", entityId: session.id }] : []),
  ];
  const documents = await db.document.findMany({
    where: { OR: [{ id: { in: linkedIds } }, ...related] },
    orderBy: [{ createdAt: "asc" }, { number: "asc" }],
  });

  const entries: ArchiveEntry[] = [];
  for (const d of documents) {
    const ext = d.mime === "application/pdf" ? "pdf" : "bin";
    entries.push({ name: `documents/${safe(d.kind)}/${safe(d.number)}.${ext}`, size: d.size, compress: false, sha256: d.sha256, open: () => storage.get(d.storageKey) });
  }
  for (const b of bids) {
    entries.push({
      name: `bids/${safe(orgs.get(b.bidderOrgId) ?? b.bidderOrgId)}-${b.id}.sealed`,
      size: Number(b.size),
      compress: false,
      sha256: b.ciphertextSha256,
      open: () => storage.get(b.storageKey),
    });
  }
  const records: Record<string, unknown> = {
    "lot.json": { project: lot.project, lot: { ...lot, project: undefined } },
    "announcements.json": announcements,
    "bids.json": bids.map((b) => ({ ...b, bidderName: orgs.get(b.bidderOrgId) ?? null })),
    "receipts.json": receipts,
    "opening.json": { session, decryptions },
    "questions.json": questions,
    "objections.json": objections,
    "evaluation-outcome.json": outcome,
    "candidates-publicity.json": publicity,
    "award.json": { award, notices },
    "contract.json": contract,
    "bond-refunds.json": refunds,
    "schedule.json": transitions,
  };
  for (const [name, value] of Object.entries(records)) {
    const bytes = json(value);
    entries.push({ name: `records/${name}`, size: bytes.length, compress: true, open: () => bytes });
  }

  // Audit-log extract: every entry about the lot or one of its rows, with the chain's hashes.
  const ids = [
    lotId,
    ...[announcements, bids, receipts, objections, questions, draws, documents, tenderDocs, decryptions].flatMap((rows: { id: string }[]) => rows.map((r) => r.id)),
    ...(session ? [session.id] : []),
  ];
  const rows = await db.$queryRaw<{ line: string }[]>`
    SELECT json_build_object('id', e.id::text, 'at', e."at", 'actorId', e."actorId", 'actorRole', e."actorRole", 'action', e.action,
      'entityType', e."entityType", 'entityId', e."entityId", 'beforeDigest', e."beforeDigest", 'afterDigest', e."afterDigest",
      'detail', e.detail, 'seq', s.seq::text, 'prevHash', s."prevHash", 'hash', s.hash)::text AS line
    FROM "AuditEntry" e LEFT JOIN "AuditSeal" s ON s."entryId" = e.id
    WHERE e."entityType" = ANY(${AUDITED_TYPES}::text[]) AND e."entityId" = ANY(${ids}::text[])
    ORDER BY e.id`;
  const audit = Buffer.from(rows.map((r) => r.line).join("\n") + (rows.length ? "\n" : ""), "utf8");
  entries.push({ name: "audit/audit-log.jsonl", size: audit.length, compress: true, open: () => audit });
  return entries;
}
