/**
 * What anyone can check of the published checkpoints with nothing but the list itself (GET
 * /audit/checkpoints.json) — run in the visitor's browser on /audit/checkpoints (issue 16 item 9), pure
 * and free of Node APIs. The entries are not public (names, addresses), so re-hashing them is the
 * server's "检查" button and `npm run audit:verify`; what the list alone proves: it runs forward without
 * going back (no truncation), a day without entries keeps yesterday's head, the first head follows the
 * genesis, and — given a copy the visitor saved earlier — every head published then is still published,
 * unchanged (history not rewritten).
 */
export interface PublishedCheckpoint {
  day: string;
  headSeq: string;
  headHash: string;
  count: string;
}

export interface CheckpointCheck {
  id: "read" | "genesis" | "forward" | "idleDay" | "count" | "saved" | "savedMissing" | "savedChanged";
  ok: boolean;
  params: Record<string, string | number>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Accepts the JSON as published ({ checkpoints: [...] }) or a bare array; throws on anything else. */
export function checkPublishedCheckpoints(
  published: unknown,
  genesisHash: string,
  saved?: unknown,
): { ok: boolean; checks: CheckpointCheck[] } {
  const list = parse(published);
  const checks: CheckpointCheck[] = [];
  const asc = [...list].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  checks.push({ id: "read", ok: asc.length > 0, params: { n: asc.length, from: asc[0]?.day ?? "—", to: asc.at(-1)?.day ?? "—" } });

  const first = asc[0];
  if (first && BigInt(first.headSeq) === 0n) {
    checks.push({ id: "genesis", ok: first.headHash === genesisHash, params: { day: first.day } });
  }
  let forward: CheckpointCheck = { id: "forward", ok: true, params: { first: first?.headSeq ?? "0", last: asc.at(-1)?.headSeq ?? "0" } };
  let idle: CheckpointCheck = { id: "idleDay", ok: true, params: {} };
  for (let i = 1; i < asc.length; i++) {
    const prev = asc[i - 1]!;
    const cur = asc[i]!;
    const d = BigInt(cur.headSeq) - BigInt(prev.headSeq);
    if (forward.ok && (d < 0n || cur.day === prev.day)) forward = { id: "forward", ok: false, params: { day: cur.day, seq: cur.headSeq, prev: prev.headSeq } };
    if (idle.ok && d === 0n && cur.headHash !== prev.headHash) idle = { id: "idleDay", ok: false, params: { day: cur.day, seq: cur.headSeq } };
  }
  checks.push(forward, idle);
  const badCount = asc.find((c) => c.count !== c.headSeq);
  checks.push({ id: "count", ok: !badCount, params: badCount ? { day: badCount.day, count: badCount.count, seq: badCount.headSeq } : {} });

  if (saved !== undefined) {
    const old = parse(saved);
    const now = new Map(asc.map((c) => [c.day, c]));
    const missing = old.find((c) => !now.has(c.day));
    const changed = old.find((c) => now.has(c.day) && (now.get(c.day)!.headHash !== c.headHash || now.get(c.day)!.headSeq !== c.headSeq));
    if (missing) checks.push({ id: "savedMissing", ok: false, params: { day: missing.day } });
    if (changed) {
      const c = now.get(changed.day)!;
      checks.push({ id: "savedChanged", ok: false, params: { day: changed.day, savedHash: changed.headHash, hash: c.headHash, savedSeq: changed.headSeq, seq: c.headSeq } });
    }
    if (!missing && !changed) checks.push({ id: "saved", ok: true, params: { n: old.length } });
  }
  return { ok: checks.every((c) => c.ok), checks };
}

function parse(json: unknown): PublishedCheckpoint[] {
  const arr = Array.isArray(json) ? json : (json as { checkpoints?: unknown } | null)?.checkpoints;
  if (!Array.isArray(arr)) throw new TypeError("not a checkpoint list");
  return arr.map((x) => {
    const c = x as Record<string, unknown>;
    const cp = { day: String(c.day), headSeq: String(c.headSeq), headHash: String(c.headHash), count: String(c.count) };
    if (!DAY.test(cp.day) || !/^\d+$/.test(cp.headSeq) || !/^\d+$/.test(cp.count) || !HEX64.test(cp.headHash)) throw new TypeError("not a checkpoint");
    return cp;
  });
}
