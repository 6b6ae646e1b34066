import { ALGORITHM, canonicalCodes, commitmentOf, drawSelection, finalSeedOf, poolDigest, type PoolSelection } from "./draw-algorithm";

/**
 * The public proof of a draw (GET /draws/:id/proof.json) and its replay: everything needed to recompute
 * the selection, nothing personal (expert codes are pseudonymous). Pure: the CLI verifier and the tests
 * call it with JSON fetched from anywhere.
 */
export interface DrawProof {
  drawId: string;
  algorithm: string;
  kind: "INITIAL" | "SUPPLEMENTARY";
  seq: number;
  status: string;
  commitment: string;
  /** Revealed once the result is final; null before. */
  serverSeed: string | null;
  entropy: string | null;
  finalSeed: string | null;
  pools: { position: number; specialtyCode: string; members: number; backups: number; digest: string; count: number; codes: string[] | null }[];
  /** The recorded selection (codes), revealed with the seed. */
  selection: PoolSelection[] | null;
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  replayed: PoolSelection[];
}

const HEX64 = /^[0-9a-f]{64}$/;

export function verifyDrawProof(p: DrawProof): VerifyResult {
  const problems: string[] = [];
  if (p.algorithm !== ALGORITHM) return { ok: false, problems: [`unknown algorithm ${p.algorithm}`], replayed: [] };
  if (!p.serverSeed || p.entropy == null || !p.selection || p.pools.some((x) => !x.codes)) {
    return { ok: false, problems: ["proof not revealed yet (the result is not final)"], replayed: [] };
  }
  if (!/^[0-9a-f]{64}$/.test(p.serverSeed)) problems.push("server seed is not 64 hex digits");
  const seed = Buffer.from(p.serverSeed, "hex");
  if (seed.length === 32 && commitmentOf(seed) !== p.commitment) problems.push("commitment ≠ SHA-256(serverSeed)");
  const finalSeed = seed.length === 32 ? finalSeedOf(seed, p.entropy, p.drawId) : Buffer.alloc(32);
  if (p.finalSeed && HEX64.test(p.finalSeed) && finalSeed.toString("hex") !== p.finalSeed) problems.push("finalSeed ≠ SHA-256(serverSeed ‖ entropy ‖ drawId)");
  const pools = [...p.pools].sort((a, b) => a.position - b.position);
  for (const pool of pools) {
    const codes = pool.codes!;
    const canon = canonicalCodes(codes);
    if (canon.length !== codes.length || canon.some((c, i) => c !== codes[i])) problems.push(`pool ${pool.specialtyCode}: list not in canonical order`);
    if (poolDigest(codes) !== pool.digest) problems.push(`pool ${pool.specialtyCode}: digest mismatch`);
  }
  let replayed: PoolSelection[] = [];
  try {
    replayed = drawSelection(
      finalSeed,
      pools.map((x) => ({ specialtyCode: x.specialtyCode, members: x.members, backups: x.backups, codes: x.codes! })),
    ).selection;
  } catch (e) {
    problems.push(`replay failed: ${(e as Error).message}`);
  }
  const same = (a: PoolSelection[], b: PoolSelection[]) => JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  if (replayed.length && !same(replayed, p.selection)) problems.push("replayed selection differs from the recorded selection");
  return { ok: problems.length === 0, problems, replayed };
}

const norm = (s: PoolSelection[]) => s.map((x) => [x.specialtyCode, x.members, x.backups]);
