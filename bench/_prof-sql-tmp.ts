// TEMPORARY (draw helper): times SQL variants of the eligible-pool query, min and median of N runs.
import { readFileSync } from "node:fs";
import pg from "pg";
const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/ggzy_prof_draw_helper" });
await c.connect();
const B = Array.from({ length: 48 }, (_, i) => `BENCH${String(i).padStart(13, "0")}`);
const args = [["B0000", "B0001", "B0002"], B, ["BENCH0000000000048"], ["BENCH0000000000049"], [], [], "00000000-0000-4000-8000-000000000001", new Date(), new Date(Date.now() + 86400000), new Date()];
for (const f of process.argv.slice(2)) {
  const sql = readFileSync(f, "utf8");
  const ts: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    const r = await c.query({ name: f, text: sql, values: args });
    ts.push(performance.now() - t);
    bytes = JSON.stringify(r.rows).length;
  }
  ts.sort((a, b) => a - b);
  console.log(`${f}: min ${ts[0]!.toFixed(1)} p50 ${ts[12]!.toFixed(1)} ms, ${bytes} bytes`);
}
await c.end();
