import { inGroup } from "~/domain/tenders/lot-phases";
import { sharedTrait } from "./shared-trait";
import type { AlertRule } from "./types";

/**
 * 实施条例第四十条 (不同投标人的投标文件异常一致): identical ciphertext or identical declared plaintext
 * hash across bidders. Checked only once the lot is opened (the plaintext hash is the bidder's
 * declaration about sealed content). Document author metadata needs the decrypted files: not stored yet.
 */
export const identicalFileHash: AlertRule = {
  id: "identical-file-hash",
  evaluate: ({ bids, lots, standingGroups }) => {
    const opened = new Set(lots.filter((l) => inGroup(l.status, "opened")).map((l) => l.id));
    const mine = bids.filter((b) => opened.has(b.lotId));
    const standing = standingGroups?.filter((s) => opened.has(s.lotId));
    return [
      ...sharedTrait(mine, standing, "COLLUSION_SAME_FILE", (b) => b.plaintextSha256, "sha256"),
      ...sharedTrait(mine, standing, "COLLUSION_SAME_CIPHERTEXT", (b) => b.ciphertextSha256, "sha256"),
    ];
  },
};
