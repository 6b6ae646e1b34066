/**
 * What this process has found wrong between the Document rows and the stored files: counters read by
 * /healthz (free: no I/O) and /readyz. Kept on globalThis because server.ts and the server build each
 * load their own copy of this module; the numbers must be the process's, not the module's.
 */
export interface StorageIntegrity {
  /** Files found missing / with another SHA-256 than their row, when served or sampled. */
  missing: number;
  damaged: number;
  /** Of those, re-rendered from the database / impossible to restore (uploads). */
  restored: number;
  lost: number;
  lastProblemAt: string | null;
}

type Slot = { __storageIntegrity?: StorageIntegrity };

export function storageIntegrity(): StorageIntegrity {
  const g = globalThis as Slot;
  g.__storageIntegrity ??= { missing: 0, damaged: 0, restored: 0, lost: 0, lastProblemAt: null };
  return g.__storageIntegrity;
}

export function noteStorageProblem(found: "missing" | "damaged", outcome: "restored" | "lost" | null): void {
  const s = storageIntegrity();
  s[found] += 1;
  if (outcome) s[outcome] += 1;
  s.lastProblemAt = new Date().toISOString();
}

/** How many rows /readyz samples, and how long one sample stands (readiness is polled every few seconds). */
const SAMPLE_ROWS = 8;
const SAMPLE_TTL_MS = 10 * 60_000;

export interface StorageReport extends StorageIntegrity {
  /** "mismatch" when this process has met a bad file or the last sample found one missing. */
  status: "ok" | "mismatch" | "unchecked";
  sample: { checkedAt: string; rows: number; missing: string[] } | null;
}

type SampleSlot = { __storageSample?: { at: number; result: StorageReport["sample"]; running?: Promise<void> } };

/**
 * The storage part of /readyz: the process's counters plus a sample of Document rows whose files must
 * exist (existence only — hashing is left to the reads), taken at most every ten minutes and never
 * waited for longer than `waitMs`. Reported, not fatal: a lost file must not take the instance out of
 * the load balancer; the operators read it here and in the supervisors' alerts.
 */
export async function storageReport(
  sample: () => Promise<{ id: string; storageKey: string }[]>,
  exists: (key: string) => Promise<boolean>,
  waitMs = 1_000,
): Promise<StorageReport> {
  const g = globalThis as SampleSlot;
  const slot = (g.__storageSample ??= { at: 0, result: null });
  if (Date.now() - slot.at > SAMPLE_TTL_MS && !slot.running) {
    slot.running = (async () => {
      try {
        const rows = await sample();
        const missing: string[] = [];
        for (const r of rows) if (!(await exists(r.storageKey))) missing.push(r.id);
        slot.result = { checkedAt: new Date().toISOString(), rows: rows.length, missing };
      } catch {
        // Unreadable storage or database: the other parts of /readyz say so.
      } finally {
        slot.at = Date.now();
        slot.running = undefined;
      }
    })();
  }
  if (slot.running) await Promise.race([slot.running, new Promise((r) => setTimeout(r, waitMs).unref())]);
  const counters = storageIntegrity();
  const bad = counters.missing + counters.damaged > 0 || (slot.result?.missing.length ?? 0) > 0;
  return { ...counters, status: bad ? "mismatch" : slot.result ? "ok" : "unchecked", sample: slot.result };
}

/** The rows to sample: a random stretch of the primary key (cheap on any table size). */
export const SAMPLE_SQL = `SELECT id::text, "storageKey" FROM "Document" WHERE id >= gen_random_uuid() ORDER BY id LIMIT ${SAMPLE_ROWS}`;
