import { ALGORITHM, canonicalCodes, commitmentOf, drawSelection, finalSeedOf, poolDigest, toHex, type PoolSelection } from "./draw-algorithm";

/**
 * The public proof of a draw (GET /draws/:id/proof.json) and its replay: everything needed to recompute
 * the selection, nothing personal (expert codes are pseudonymous). Pure and free of Node APIs: the CLI
 * verifier, the tests and the visitor's browser on /draws/:id/proof run this same function.
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

/**
 * One thing checked, for people: `id` names the check (the page words it in Chinese or English with
 * `params`), `ok` its outcome. In the order they are made.
 */
export interface ProofCheck {
  id: "algorithm" | "revealed" | "commitment" | "finalSeed" | "poolOrder" | "poolDigest" | "replay";
  ok: boolean;
  params: Record<string, string | number>;
}

export interface VerifyResult {
  ok: boolean;
  /** The same failures in English, for the command line. */
  problems: string[];
  checks: ProofCheck[];
  replayed: PoolSelection[];
}

const HEX64 = /^[0-9a-f]{64}$/;

export function verifyDrawProof(p: DrawProof): VerifyResult {
  const problems: string[] = [];
  const checks: ProofCheck[] = [];
  const check = (id: ProofCheck["id"], ok: boolean, params: ProofCheck["params"], problem: string) => {
    checks.push({ id, ok, params });
    if (!ok) problems.push(problem);
  };
  if (p.algorithm !== ALGORITHM) {
    check("algorithm", false, { algorithm: String(p.algorithm) }, `unknown algorithm ${p.algorithm}`);
    return { ok: false, problems, checks, replayed: [] };
  }
  if (!p.serverSeed || p.entropy == null || !p.selection || !Array.isArray(p.pools) || p.pools.some((x) => !x.codes)) {
    check("revealed", false, {}, "proof not revealed yet (the result is not final)");
    return { ok: false, problems, checks, replayed: [] };
  }
  const seedHex = String(p.serverSeed).toLowerCase();
  const seed = HEX64.test(seedHex) ? hexToBytes(seedHex) : null;
  const commitment = seed ? commitmentOf(seed) : "";
  check("commitment", !!seed && commitment === p.commitment, { commitment: p.commitment, computed: commitment || "—" },
    seed ? "commitment ≠ SHA-256(serverSeed)" : "server seed is not 64 hex digits");
  const finalSeed = seed ? finalSeedOf(seed, p.entropy, p.drawId) : new Uint8Array(32);
  const computedFinal = toHex(finalSeed);
  check("finalSeed", !!seed && (p.finalSeed == null || computedFinal === p.finalSeed), { entropy: p.entropy, finalSeed: p.finalSeed ?? "—", computed: computedFinal },
    "finalSeed ≠ SHA-256(serverSeed ‖ entropy ‖ drawId)");
  const pools = [...p.pools].sort((a, b) => a.position - b.position);
  for (const pool of pools) {
    const codes = pool.codes!;
    const canon = canonicalCodes(codes);
    const params = { specialty: pool.specialtyCode, count: codes.length, digest: pool.digest };
    check("poolOrder", canon.length === codes.length && canon.every((c, i) => c === codes[i]), params, `pool ${pool.specialtyCode}: list not in canonical order`);
    const digest = poolDigest(codes);
    check("poolDigest", digest === pool.digest, { ...params, computed: digest }, `pool ${pool.specialtyCode}: digest mismatch`);
  }
  let replayed: PoolSelection[] = [];
  try {
    replayed = drawSelection(
      finalSeed,
      pools.map((x) => ({ specialtyCode: x.specialtyCode, members: x.members, backups: x.backups, codes: x.codes! })),
    ).selection;
  } catch (e) {
    check("replay", false, { specialty: "—", members: "—", backups: "—" }, `replay failed: ${(e as Error).message}`);
  }
  for (const r of replayed) {
    const recorded = p.selection.find((s) => s.specialtyCode === r.specialtyCode);
    const same = !!recorded && JSON.stringify([recorded.members, recorded.backups]) === JSON.stringify([r.members, r.backups]);
    check("replay", same, { specialty: r.specialtyCode, members: r.members.join(" "), backups: r.backups.join(" ") || "—" },
      `replayed selection differs from the recorded selection (${r.specialtyCode})`);
  }
  if (replayed.length && p.selection.length !== replayed.length) {
    check("replay", false, { specialty: "—", members: "—", backups: "—" }, "replayed selection differs from the recorded selection");
  }
  return { ok: problems.length === 0, problems, checks, replayed };
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
