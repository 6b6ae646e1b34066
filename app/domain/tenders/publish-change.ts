import { formatYuan } from "~/lib/money";
import { inGroup, phaseOf } from "~/domain/tenders/lot-phases";
import { z } from "zod";
import type { Actor, SignedInActor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { scheduleLotTransitions } from "~/domain/schedule/schedule-lot-transitions";
import { getDb, type Tx } from "~/lib/db.server";
import { getStorage, type Storage } from "~/lib/storage.server";
import type { Readable } from "node:stream";
import { insertTenderDocument } from "./add-tender-document";
import { formatInstant } from "./announcement-text";
import { deadlineAfterChange } from "./change-deadline";
import { assertUuid, loadLotForUpdate, type LoadedLot } from "./load-lot";
import { LOT_LIMITS, lotTermsObject, plainText, throwFirst, estimateProblems } from "./lot-terms";
import { publishAnnouncement } from "./publish-lot";
import { assertNoRuleViolations, changeNoticeMinDays, loadTenderRules, scheduleViolations } from "./tender-rules";
import { assertTenderFileType, cleanFileName, storeTenderFile, type StoredTenderFile } from "./store-tender-file";
import { tenderText } from "./texts";

/** Terms a change notice may move. Documents-available-from is history once documents were issued. */
const changeSchema = lotTermsObject
  .pick({
    docsAvailableTo: true,
    clarificationCutoff: true,
    objectionCutoff: true,
    bidDeadline: true,
    estimatedPriceFen: true,
    ceilingPriceFen: true,
    bondFen: true,
    qualification: true,
    description: true,
    decryptionWindowMinutes: true,
  })
  .partial();
export type LotChanges = z.input<typeof changeSchema>;
type Field = keyof z.output<typeof changeSchema>;

export interface PublishChangeInput {
  lotId: string;
  expectedVersion: number;
  /** The notice's own text (why and what), above the generated list of changes. */
  body: string;
  changes: LotChanges;
  /** A change that may affect how bids are prepared (the 15-day rule applies); default true. */
  affectsPreparation?: boolean;
  /** Replaces a current tender document: the new file is issued with this notice, the old one superseded. */
  document?: { replacesId: string; fileName: string; data: Readable | Buffer };
}

const show = (f: Field, v: unknown): string =>
  v instanceof Date ? formatInstant(v) : typeof v === "bigint" ? formatYuan(v) : String(v ?? "").slice(0, 300);

/**
 * 变更公告: the only way to change a published lot's key instants or terms. Checks the new terms with
 * the rules; when it affects bid preparation and comes less than 15 days before the deadline, the deadline
 * moves to the earliest legal instant and the notice says so; the lot's schedule follows in the same
 * transaction (old jobs find their rows moved and do nothing). With `document`, a tender document is
 * replaced: the new file is stored first (streamed, checked), then in the notice's transaction it is
 * attached to the notice, the old one is withdrawn (kept, marked superseded) and the registered bidders
 * are notified with the notice; a refusal deletes the stored file again.
 */
export async function publishChange(actor: Actor, input: PublishChangeInput, now = new Date(), deps: { storage?: Storage; maxBytes?: number } = {}) {
  assertCan(actor, "tender.create");
  const parsed = changeSchema.safeParse(input.changes ?? {});
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]!.path[0] ?? "");
    throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
  }
  const body = plainText(LOT_LIMITS.longTextMax).safeParse(input.body ?? "");
  if (!body.success || body.data.length === 0) throw new DomainError("tenders:errors.changeBodyRequired", {}, 422, "body");

  // A replacement file: type, lot, state and the document replaced are checked before any byte is stored.
  let staged: StoredTenderFile | null = null;
  const storage = input.document ? (deps.storage ?? getStorage()) : null;
  if (input.document) {
    assertUuid(input.document.replacesId, "tenders:errors.replacedDocumentNotFound");
    assertTenderFileType(cleanFileName(input.document.fileName));
    await getDb().$transaction(async (tx) => {
      const lot = await loadLotForUpdate(tx, input.lotId, actor);
      assertChangeable(lot, input.expectedVersion, now);
      await currentDocument(tx, lot.id, input.document!.replacesId);
    });
    staged = await storeTenderFile(storage!, input.lotId, input.document, deps.maxBytes);
  }
  try {
    return await publish(actor, input, body.data, parsed.data, staged, now);
  } catch (e) {
    if (staged) await storage!.delete(staged.storageKey).catch(() => {});
    throw e;
  }
}

/**
 * Whether a sent term equals the lot's: instants at the minute (what the form shows and sends, in the
 * centre's zone — an offset of whole hours, so minutes line up), texts trimmed, amounts exactly.
 */
function sameTerm(old: unknown, v: unknown): boolean {
  if (old instanceof Date && v instanceof Date) return Math.floor(old.getTime() / 60_000) === Math.floor(v.getTime() / 60_000);
  if (typeof old === "string" && typeof v === "string") return old.trim() === v.trim();
  return old === v;
}

function assertChangeable(lot: LoadedLot, expectedVersion: number, now: Date) {
  if (!inGroup(phaseOf(lot), "openForBids")) throw new DomainError("tenders:errors.notPublished", { status: lot.status }, 409);
  if (now >= lot.bidDeadline) throw new DomainError("tenders:errors.changeAfterDeadline", {}, 409);
  if (lot.version !== expectedVersion) throw new DomainError("tenders:errors.staleVersion", {}, 409);
}

async function currentDocument(tx: Tx, lotId: string, id: string) {
  const doc = await tx.tenderDocument.findFirst({ where: { id, lotId, withdrawnAt: null } });
  if (!doc) throw new DomainError("tenders:errors.replacedDocumentNotFound", {}, 409, "replacesId");
  return doc;
}

async function publish(
  actor: SignedInActor,
  input: PublishChangeInput,
  bodyText: string,
  parsedChanges: z.output<typeof changeSchema>,
  staged: StoredTenderFile | null,
  now: Date,
) {
  const parsed = { data: parsedChanges };
  const body = { data: bodyText };
  return getDb().$transaction(async (tx) => {
    const lot = await loadLotForUpdate(tx, input.lotId, actor);
    assertChangeable(lot, input.expectedVersion, now);
    const replaced = staged && input.document ? await currentDocument(tx, lot.id, input.document.replacesId) : null;

    // Only the fields the caller sent (the schema's defaults must not count as changes), and of those only
    // the ones that differ from the lot: a form sends every term prefilled, and one left alone is no change.
    const sent = new Set(Object.keys(input.changes ?? {}));
    const changed = (Object.entries(parsed.data) as [Field, unknown][]).filter(([f, v]) => sent.has(f) && v !== undefined && !sameTerm(lot[f], v));
    if (changed.length === 0 && !replaced) throw new DomainError("tenders:errors.changeNothing", {}, 422);
    const next = { ...lot, ...Object.fromEntries(changed) } as typeof lot;

    const rules = await loadTenderRules(tx);
    const profile = lot.project.procurementType;
    const affects = input.affectsPreparation ?? true;
    const decision = affects
      ? deadlineAfterChange(profile, lot.bidDeadline, changed.find(([f]) => f === "bidDeadline")?.[1] as Date | undefined, rules, now)
      : { deadline: next.bidDeadline, moved: false };
    next.bidDeadline = decision.deadline;
    throwFirst(estimateProblems(next));
    assertNoRuleViolations(
      scheduleViolations(profile, next, rules, now, { changes: [{ publishedAt: now, affectsPreparation: affects }] }).filter(
        // Documents were issued at publication: the 20-day rule was met then and a later deadline keeps it.
        (v) => v.ruleId !== "documentsToDeadlineMinDays" || next.bidDeadline < lot.bidDeadline,
      ),
    );

    const diff = (Object.keys(parsed.data) as Field[])
      .filter((f) => sent.has(f))
      .filter((f) => (f === "bidDeadline" ? next.bidDeadline.getTime() !== lot.bidDeadline.getTime() : changed.some(([c]) => c === f)))
      .map((f) => ({ field: f, before: show(f, lot[f]), after: show(f, next[f]) }));
    if (decision.moved && !diff.some((d) => d.field === "bidDeadline")) {
      diff.push({ field: "bidDeadline", before: show("bidDeadline", lot.bidDeadline), after: show("bidDeadline", next.bidDeadline) });
    }
    const data = Object.fromEntries(diff.map((d) => [d.field, next[d.field as Field]]));
    await tx.lot.update({ where: { id: lot.id }, data: { ...data, version: { increment: 1 } } });

    const n = (await tx.announcement.count({ where: { lotId: lot.id, kind: "CHANGE" } })) + 1;
    const lines = diff.map((d) =>
      tenderText("zh-CN", "announcementText.change.line", {
        field: tenderText("zh-CN", `fields.${d.field}`),
        before: d.before,
        after: d.after,
      }),
    );
    if (replaced && staged) {
      lines.push(tenderText("zh-CN", "announcementText.documentLine", { before: replaced.name, after: staged.name, sha: staged.sha256 }));
    }
    const moved = decision.moved
      ? [tenderText("zh-CN", "announcementText.change.deadlineMoved", {
          days: changeNoticeMinDays(profile, rules),
          deadline: formatInstant(next.bidDeadline),
        })]
      : [];
    const announcement = await publishAnnouncement(tx, actor, {
      lotId: lot.id,
      kind: "CHANGE",
      title: tenderText("zh-CN", "announcementText.change.title", { projectTitle: lot.project.title, lotTitle: lot.title, n }),
      body: [body.data, tenderText("zh-CN", "announcementText.change.intro"), ...lines, ...moved].join("\n"),
      changes: replaced && staged ? [...diff, { field: "tenderDocument", before: replaced.name, after: staged.name, sha256: staged.sha256 }] : diff,
      at: now,
    });
    if (replaced && staged) {
      const td = await insertTenderDocument(tx, actor, lot.id, staged, announcement.id);
      await tx.tenderDocument.update({ where: { id: replaced.id }, data: { withdrawnAt: now, supersededById: td.id } });
      await appendAudit(tx, actor, {
        action: "tender_document.replaced",
        entityType: "Lot",
        entityId: lot.id,
        before: replaced,
        after: td,
        detail: { announcementId: announcement.id, old: { name: replaced.name, sha256: replaced.sha256 }, new: { name: td.name, sha256: td.sha256, size: td.size } },
      });
    }
    await scheduleLotTransitions(tx, lot.id, now);
    const after = await tx.lot.findUniqueOrThrow({ where: { id: lot.id } });
    const { project: _p, ...before } = lot;
    await appendAudit(tx, actor, {
      action: "lot.changed",
      entityType: "Lot",
      entityId: lot.id,
      before,
      after,
      detail: { announcementId: announcement.id, fields: diff.map((d) => d.field), deadlineMoved: decision.moved, documentReplaced: !!replaced },
    });
    return { lot: after, announcementId: announcement.id, deadlineMoved: decision.moved };
  });
}
