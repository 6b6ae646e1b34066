import { z } from "zod";
import { MAX_FEN } from "~/lib/money";

/**
 * Input schemas of the bid API and pages — isomorphic (the browser form validates with the same ones).
 * Amounts are integer fen, accepted as a JSON integer or a decimal string (bigint-safe).
 */
export const UPLOAD_ID_PATTERN = /^[0-9a-f]{32}$/;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "sha256 hex");
// At most 10^15 fen, what the database column holds (issue 13 §10: 16 digits used to reach it and fail).
const fen = z
  .union([z.string().regex(/^\d{1,16}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_FEN, "amount too large");
/** Free text: no control characters (PostgreSQL refuses NUL), and something visible besides spaces and zero-width marks. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/\p{Cc}/u.test(v), "control characters")
    .refine((v) => v.replace(/[\p{Cf}\p{Z}\s]/gu, "").length > 0, "nothing visible");

export const bondSchema = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("ACCOUNT_TRANSFER"),
    amountFen: fen,
    /** The basic account the bond was paid from (kept for the collusion check). */
    payerAccount: z.string().trim().regex(/^[0-9][0-9 -]{5,39}$/),
    payerBank: text(100).optional(),
    bankReference: text(64),
  }),
  z.object({ method: z.literal("BANK_GUARANTEE"), amountFen: fen, guaranteeNo: text(64), payerBank: text(100).optional() }),
  z.object({ method: z.literal("INSURANCE"), amountFen: fen, guaranteeNo: text(64), payerBank: text(100).optional() }),
]);
export type BondInput = z.output<typeof bondSchema>;

export const finaliseBidSchema = z.object({
  lotId: z.uuid(),
  uploadId: z.string().regex(UPLOAD_ID_PATTERN),
  /** SHA-256 of the envelope as the client computed it while sealing; the server recomputes and compares. */
  ciphertextSha256: hex64,
  /** SHA-256 of the canonical plaintext, only the sealer knows it; printed on the receipt, checked at the opening. */
  plaintextSha256: hex64,
  /** A random id the browser/tool keeps per installation (collusion indicator: same device). */
  deviceId: z.string().trim().max(100).regex(/^[\w.:-]*$/).optional(),
  bond: bondSchema,
});
export type FinaliseBidInput = z.input<typeof finaliseBidSchema>;

export const selfTestSchema = z.object({
  ok: z.boolean(),
  /** The library's error code when it failed (bids:errors.wrongPassphrase, …). */
  code: z.string().max(80).regex(/^[\w:.-]*$/).optional(),
});
