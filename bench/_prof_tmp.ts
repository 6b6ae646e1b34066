import pg from "pg";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
const pool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:5432/" + process.argv[2], max: 4 });
for (const [parallel, batch] of [[2, 20000], [3, 20000], [2, 50000]]) {
  const t = Date.now();
  const r = await verifyAuditChain(pool, { parallel, batch, checkpoints: false });
  console.log("sql parallel", parallel, "batch", batch, r.ok, r.entries, r.rechecked, "wall", Date.now() - t, "ms load", (await import("node:os")).loadavg()[0]);
}
const c = await pool.connect();
console.log((await c.query(`EXPLAIN ANALYZE SELECT s.seq FROM "AuditSeal" s LEFT JOIN "AuditEntry" e ON e.id = s."entryId" AND e.id >= 500000 AND e.id <= 520100 WHERE s.seq >= 500000 AND s.seq <= 519999 AND e.id IS NULL`)).rows.map((x) => x["QUERY PLAN"]).join("\n"));
c.release();
await pool.end();
