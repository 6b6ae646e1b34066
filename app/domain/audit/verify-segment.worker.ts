/**
 * Worker thread of the parallel verification (verifyAuditChain with `parallel` > 1): verifies one seq
 * segment on its own connection and posts the result. Runs where TypeScript loads in workers (tsx: the
 * CLI and the bench); elsewhere the caller falls back to verifying in-process.
 */
import pg from "pg";
import { parentPort, workerData } from "node:worker_threads";
import { verifySegment } from "./verify-segment";

const d = workerData as { pg: pg.PoolConfig; lo: string; hi: string; batch: string; wanted: string[] };
const pool = new pg.Pool({ ...d.pg, max: 2 });
try {
  const r = await verifySegment(pool, {
    lo: BigInt(d.lo),
    hi: BigInt(d.hi),
    prev: null,
    batch: BigInt(d.batch),
    wanted: new Set(d.wanted),
    onProgress: (n) => parentPort!.postMessage({ kind: "progress", n }),
  });
  parentPort!.postMessage({ kind: "done", r });
} finally {
  await pool.end();
}
