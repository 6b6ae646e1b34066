import { SealedBidError } from "~/domain/crypto/errors";
import { isDomainError } from "~/domain/errors";
import { logger } from "~/lib/logger.server";
import { removeUpload } from "./upload-server.server";

/**
 * Refusals after which an upload can never become a bid (issues 13 and 14): the lot does not exist or its
 * deadline passed; the envelope was sealed for another lot or for a key that is not the organisation's
 * (foreign); it is damaged, truncated or of an unknown version (SealedBidError); its bytes do not hash to
 * what the client declared. Its bytes (a sealed envelope) are deleted at once rather than left for the
 * expiry sweep. This is the one place that decides it: finaliseBid calls it with every refusal.
 * Refusals the bidder can cure without sending the file again keep it: the bond, an upload still in
 * progress, registering for the lot, a suspension or a lot not yet open. So do refusals about someone
 * else's upload (uploadNotFound), a replayed finalise and infrastructure errors.
 */
const FINAL = new Set([
  "bids:errors.lotNotFound",
  "bids:errors.deadlinePassed",
  "bids:errors.envelopeWrongLot",
  "bids:errors.unknownKey",
  "bids:errors.ciphertextHashMismatch",
]);

export function isFinalUploadRefusal(e: unknown): boolean {
  return e instanceof SealedBidError || (isDomainError(e) && FINAL.has(e.code));
}

/** Called with finaliseBid's refusal, only after the upload was found to be the caller's own. */
export async function discardRefusedUpload(e: unknown, uploadId: string): Promise<void> {
  if (!isFinalUploadRefusal(e)) return;
  await removeUpload(uploadId).catch((err: unknown) => logger.warn({ err, uploadId }, "refused upload not removed; the expiry sweep will"));
}
