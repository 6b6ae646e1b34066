import { shortHash } from "./nearly-identical-prices";
import type { AlertRule } from "./types";

/**
 * Default user names of office software and operating systems: shared by countless unrelated computers,
 * so two bidders having them in common proves nothing. Compared lower-cased and trimmed (in SQL).
 */
export const GENERIC_AUTHORS = ["administrator", "admin", "user", "owner", "微软用户", "microsoft", "microsoft office user", "walkinnet", "unknown", "lenovo", "dell", "hp", "pc", "think"];

/**
 * 实施条例第四十条 (不同投标人的投标文件由同一单位或者个人编制 / 异常一致), from the PDFs inside the
 * decrypted bids (job scanBidDocuments, after 唱标):
 * - the same non-generic Author in PDFs of two or more bidders (COLLUSION_SAME_AUTHOR);
 * - the same PDF file identifier (trailer /ID[0], written once when the original document is created on
 *   a machine and kept by its copies and edits): documents descended from one original file
 *   (COLLUSION_SAME_PDF_ID) — the "same machine" signature.
 * The grouping is done in SQL (loadAlertFacts); the evidence names the bids, bidders and files.
 */
export const identicalDocumentAuthor: AlertRule = {
  id: "identical-document-author",
  evaluate({ documentTraits }) {
    return documentTraits
      .filter((t) => new Set(t.orgIds).size >= 2)
      .map((t) => {
        const kind = t.trait === "author" ? "COLLUSION_SAME_AUTHOR" : "COLLUSION_SAME_PDF_ID";
        return {
          kind,
          severity: "RED" as const,
          lotId: t.lotId,
          messageCode: `supervision:alerts.${kind}`,
          params: {
            [t.trait === "author" ? "author" : "pdfId"]: t.value,
            bidIds: [...t.bidIds].sort().join(","),
            orgIds: [...t.orgIds].sort().join(","),
            bidders: new Set(t.orgIds).size,
            fileNames: [...t.fileNames].sort().slice(0, 10).join("、"),
          },
          dedupeKey: `${kind.toLowerCase()}-${t.lotId}-${shortHash(t.value.toLowerCase())}`,
          // A bidder whose scan finishes later joins the same alert (updated in place).
          group: { orgIds: [...new Set(t.orgIds)].sort() },
        };
      });
  },
};
