import { DomainError } from "~/domain/errors";
import { GENESIS_HASH } from "./canonical";
import { listAuditCheckpoints } from "./list-audit-checkpoints";
import { verifyAuditChain, type VerifyResult } from "./verify-audit-chain";

/** Longest segment checked on a web request; longer ones are for `npm run audit:verify`. */
const MAX_SEGMENT = 2_000_000n;

export interface ExtendsResult {
  day: string;
  ok: boolean;
  /** Entries between the previous checkpoint's head and this one's, each re-hashed. */
  entries: number;
  fromSeq: string;
  toSeq: string;
  firstBad?: VerifyResult["firstBad"];
  /** The segment does not end on this checkpoint's published head hash. */
  headMismatch?: boolean;
  ms: number;
}

/**
 * Checks that a checkpoint extends the previous one: starting from the previous published head hash
 * (genesis for the first), every entry up to this checkpoint's head re-hashes and links, and the last
 * hash is the one published. Public: anyone can ask.
 */
export async function verifyCheckpointExtends(day: string, deps: { pool?: unknown } = {}): Promise<ExtendsResult> {
  const cps = await listAuditCheckpoints({ pool: deps.pool, limit: 5000 });
  const cp = cps.find((c) => c.day === day);
  if (!cp) throw new DomainError("audit:errors.checkpointNotFound", { day }, 404);
  const from = BigInt(cp.previous?.headSeq ?? "0");
  const to = BigInt(cp.headSeq);
  if (to - from > MAX_SEGMENT) throw new DomainError("audit:errors.segmentTooLong", { day }, 413);
  const r = await verifyAuditChain(deps.pool, {
    fromSeq: from,
    fromHash: cp.previous?.headHash ?? GENESIS_HASH,
    toSeq: to,
    checkpoints: false,
  });
  const reached = BigInt(r.entries) === to - from;
  const endHash = to === from ? (cp.previous?.headHash ?? GENESIS_HASH) : r.headHash;
  const headMismatch = !r.firstBad && (!reached || endHash !== cp.headHash);
  return {
    day,
    ok: r.ok && !headMismatch,
    entries: r.entries,
    fromSeq: from.toString(),
    toSeq: to.toString(),
    firstBad: r.firstBad,
    headMismatch: headMismatch || undefined,
    ms: r.ms,
  };
}
