import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/**
 * The draw algorithm "ggzy-draw-v1", pure, with no Node API (SHA-256 and HMAC from @noble/hashes,
 * synchronous and identical everywhere) so that the server, the verifier (`npm run draw:verify`), the
 * visitor's browser on /draws/:id/proof and anyone reimplementing docs/expert-draw.md run the same code.
 *
 *   commitment = SHA-256(serverSeed)                                 serverSeed: 32 random bytes
 *   finalSeed  = SHA-256(serverSeed ‖ UTF-8(entropy) ‖ UTF-8(drawId)) drawId: lower-case UUID text
 *   stream     = HMAC-SHA256(finalSeed, "ggzy-draw-v1" ‖ uint32be(i)) for i = 0, 1, 2 … concatenated
 *   uniform(n) = next uint32be x; reject while x ≥ 2^32 − (2^32 mod n); return x mod n
 *   per pool in position order: remove codes already selected, then partial Fisher–Yates of k = members +
 *   backups: for i in 0..k−1 { j = i + uniform(len − i); swap(a[i], a[j]) }; a[0..members) are members,
 *   the rest backups in call order.
 */
export const ALGORITHM = "ggzy-draw-v1";
const LABEL = utf8ToBytes(ALGORITHM);
const TWO_32 = 0x1_0000_0000;

export const sha256Hex = (b: Uint8Array | string) => bytesToHex(sha256(typeof b === "string" ? utf8ToBytes(b) : b));
export const toHex = bytesToHex;

export function commitmentOf(serverSeed: Uint8Array): string {
  if (serverSeed.length !== 32) throw new RangeError("server seed must be 32 bytes");
  return sha256Hex(serverSeed);
}

export function finalSeedOf(serverSeed: Uint8Array, entropy: string, drawId: string): Uint8Array {
  if (serverSeed.length !== 32) throw new RangeError("server seed must be 32 bytes");
  return sha256.create().update(serverSeed).update(utf8ToBytes(entropy)).update(utf8ToBytes(drawId.toLowerCase())).digest();
}

/** Byte-order sort (codes are ASCII): independent of locale, identical in every language. */
export function canonicalCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export const poolDigest = (sortedCodes: readonly string[]) => sha256Hex(sortedCodes.join("\n"));

/** HMAC-SHA256 in counter mode: a deterministic stream of 32-bit words from the final seed. */
export class Drbg {
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private counter = 0;
  /** How many 32-bit words were read (rejections included): the proof page shows it. */
  words = 0;

  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new RangeError("DRBG key must be 32 bytes");
  }

  nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      const msg = new Uint8Array(LABEL.length + 4);
      msg.set(LABEL, 0);
      new DataView(msg.buffer).setUint32(LABEL.length, this.counter++, false);
      this.block = hmac(sha256, this.key, msg);
      this.offset = 0;
    }
    const x = new DataView(this.block.buffer, this.block.byteOffset, this.block.byteLength).getUint32(this.offset, false);
    this.offset += 4;
    this.words++;
    return x;
  }

  /** Unbiased integer in [0, n) by rejection sampling. */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`uniform(${n})`);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/** The first k of a partial Fisher–Yates shuffle of `items` (a copy; the input is not touched). */
export function partialFisherYates<T>(items: readonly T[], k: number, rng: Pick<Drbg, "uniform">): T[] {
  if (k > items.length) throw new RangeError(`cannot pick ${k} of ${items.length}`);
  const a = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(a.length - i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, k);
}

export interface PoolInput {
  specialtyCode: string;
  members: number;
  backups: number;
  /** Canonical (sorted) eligible codes. */
  codes: readonly string[];
}

export interface PoolSelection {
  specialtyCode: string;
  members: string[];
  backups: string[];
}

export interface Shortfall {
  specialtyCode: string;
  needed: number;
  available: number;
  missing: number;
}

/**
 * Available codes per pool once earlier pools' selections are taken out, assuming earlier pools take as
 * many as they need from the overlap: the same greedy order the draw uses, so a request that passes this
 * can always be drawn whatever the seed.
 */
export function shortfalls(pools: readonly PoolInput[]): Shortfall[] {
  // Earlier pools take at most what they draw: when every pool is large enough even if all of that came
  // out of it, there is no shortfall, and the overlaps (sets of thousands of codes) need not be counted.
  let before = 0;
  const ample = pools.every((p) => {
    const ok = p.codes.length - before >= p.members + p.backups;
    before += p.members + p.backups;
    return ok;
  });
  if (ample) return [];
  const out: Shortfall[] = [];
  // Worst case: an earlier pool's picks all come from codes shared with this pool.
  for (let p = 0; p < pools.length; p++) {
    const pool = pools[p]!;
    const mine = new Set(pool.codes);
    let taken = 0;
    for (let q = 0; q < p; q++) {
      const prev = pools[q]!;
      const shared = prev.codes.reduce((n, c) => n + (mine.has(c) ? 1 : 0), 0);
      taken += Math.min(shared, prev.members + prev.backups);
    }
    const available = Math.max(0, mine.size - taken);
    const needed = pool.members + pool.backups;
    if (available < needed) out.push({ specialtyCode: pool.specialtyCode, needed, available, missing: needed - available });
  }
  return out;
}

/** Runs the draw. Throws RangeError when a pool is too small (callers check `shortfalls` first). */
export function drawSelection(finalSeed: Uint8Array, pools: readonly PoolInput[]): { selection: PoolSelection[]; words: number } {
  const rng = new Drbg(finalSeed);
  const taken = new Set<string>();
  const selection: PoolSelection[] = [];
  for (const pool of pools) {
    const free = pool.codes.filter((c) => !taken.has(c));
    const picked = partialFisherYates(free, pool.members + pool.backups, rng);
    for (const c of picked) taken.add(c);
    selection.push({ specialtyCode: pool.specialtyCode, members: picked.slice(0, pool.members), backups: picked.slice(pool.members) });
  }
  return { selection, words: rng.words };
}
