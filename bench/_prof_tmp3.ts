import pg from "pg";
import { verifyAuditChain } from "~/domain/audit/verify-audit-chain";
const pool = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:5432/" + process.argv[2], max: 4 });
const r = await verifyAuditChain(pool, { parallel: 1, batch: 20000, checkpoints: false, toSeq: 200000n });
console.log(r);
const x = await pool.query(`SELECT seq, "entryId", hash, "prevHash" FROM "AuditSeal" WHERE seq BETWEEN ${Number(r.firstBad?.seq ?? 1) - 1} AND ${Number(r.firstBad?.seq ?? 1) + 1} ORDER BY seq`);
console.log(x.rows);
await pool.end();
