import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { systemActor } from "~/domain/actor";
import { approvePublication } from "~/domain/tenders/approve-publication";
import { generateAnnouncementDocument } from "~/domain/tenders/generate-announcement-document";
import { listPublicTenders } from "~/domain/tenders/list-public-tenders";
import { submitForReview } from "~/domain/tenders/submit-for-review";
import { getStorage } from "~/lib/storage.server";
import { draftLotWithDocument, useTenderParties } from "./tenders-fixtures";

const { db, P } = await useTenderParties("tenders-pdf");

describe("announcement PDF (job renderAnnouncement)", () => {
  it("renders the 招标公告 once, stores it public and links it; a repeated job finds it", async () => {
    const lot = await draftLotWithDocument(P, { code: "GC-2026-PDF1", title: "某市政道路改造工程", region: "320505" });
    await submitForReview(P.author, { lotId: lot.id });
    const { announcementId } = await approvePublication(P.reviewer, { lotId: lot.id });

    const first = await generateAnnouncementDocument(systemActor("test"), { announcementId });
    expect(first.created).toBe(true);
    const again = await generateAnnouncementDocument(systemActor("test"), { announcementId });
    expect(again).toEqual({ documentId: first.documentId, created: false });

    const doc = await db.document.findUniqueOrThrow({ where: { id: first.documentId } });
    expect(doc).toMatchObject({ kind: "announcement", public: true, entityType: "Announcement", entityId: announcementId });
    expect((await db.announcement.findUniqueOrThrow({ where: { id: announcementId } })).documentId).toBe(doc.id);
    const bytes = await streamBytes(doc.storageKey);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBe(doc.size);
    if (process.env.TENDERS_PDF_OUT) writeFileSync(process.env.TENDERS_PDF_OUT, bytes);

    // The public listing shows it with its terms.
    const list = await listPublicTenders({});
    expect(list.items[0]).toMatchObject({ projectTitle: "某市政道路改造工程", status: "PUBLISHED", region: "320505" });

  });
});

async function streamBytes(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of getStorage().get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
